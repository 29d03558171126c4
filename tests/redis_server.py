"""A real `redis-server` (the Debian package) for distributed-crawl tests: on 127.0.0.1,
a free port, no persistence, stopped by its pid."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """Start redis-server in `directory`; yield its URL; stop it (SIGTERM, then SIGKILL)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not on PATH: install the Debian package redis-server "
                    "(.ci/run does: apt-get install -y redis-server)")
    for _ in range(5):  # a port found free may be taken before redis-server binds it
        port = free_port()
        server = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(directory), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        if _answers(url, server):
            break
        _stop(server)
    else:
        pytest.fail("redis-server did not start on any of 5 free ports")
    try:
        yield url
    finally:
        _stop(server)


def _answers(url: str, server: subprocess.Popen[bytes]) -> bool:
    """Whether `server` (not another one on that port) answers at `url` within 5 s; False
    at once if it exits."""
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                return client.info("server")["process_id"] == server.pid
            except redis.ConnectionError:
                if server.poll() is not None:
                    return False
                time.sleep(0.05)
        return False
    finally:
        client.close()


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
