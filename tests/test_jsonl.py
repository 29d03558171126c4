"""JSON lines are written whole, and an output file only appears once complete."""

from __future__ import annotations

import errno
import fcntl
import os
import time

import pytest

from cleaners.jsonl import STALE_AFTER, atomic_file, json_line


def test_json_line_keeps_non_ascii_and_key_order():
    assert json_line({"b": "café", "a": None}) == '{"b": "café", "a": null}\n'.encode()


def test_atomic_file_replaces_the_target_when_complete(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    with atomic_file(target) as out:
        out.write(b"new\n")
        assert target.read_bytes() == b"old\n"
    assert target.read_bytes() == b"new\n"
    assert out.lines == 1
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_atomic_file_leaves_the_target_untouched_when_interrupted(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    with pytest.raises(KeyboardInterrupt), atomic_file(target) as out:
        out.write(b"partial\n")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def _temporary(directory, name: str, age: float):
    path = directory / name
    path.write_bytes(b"a killed run's partial line")
    moment = time.time() - age
    os.utime(path, (moment, moment))
    return path


def test_a_completed_run_removes_the_temporaries_killed_runs_left(tmp_path):
    target = tmp_path / "out.jsonl"
    dead = _temporary(tmp_path, ".out.jsonl.k1ll3d.tmp", age=2 * STALE_AFTER)
    other_output = _temporary(tmp_path, ".other.jsonl.k1ll3d.tmp", age=2 * STALE_AFTER)
    with atomic_file(target) as out:
        out.write(b"new\n")
        assert dead.exists()  # removed once this run is complete, not before
    assert not dead.exists()
    assert other_output.exists()


def test_temporaries_of_live_runs_stay(tmp_path):
    target = tmp_path / "out.jsonl"
    # A run writing now holds its lock; one that has just created its file may not yet.
    writing = _temporary(tmp_path, ".out.jsonl.wr1t1ng.tmp", age=2 * STALE_AFTER)
    starting = _temporary(tmp_path, ".out.jsonl.st4rt.tmp", age=0)
    with writing.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with atomic_file(target) as out:
            out.write(b"new\n")
        assert writing.exists()
    assert starting.exists()


def test_where_files_cannot_be_locked_the_output_is_written_and_nothing_swept(
    tmp_path, monkeypatch
):
    # NFS without its lock service: flock fails with ENOLCK.
    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    target = tmp_path / "out.jsonl"
    left = _temporary(tmp_path, ".out.jsonl.k1ll3d.tmp", age=2 * STALE_AFTER)
    with atomic_file(target) as out:
        out.write(b"new\n")
    assert target.read_bytes() == b"new\n"
    assert left.exists()  # a dead run's or a live one's: without locks, not known
