"""Process trees from /proc (Linux), for tests that kill a parent and look for survivors."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


def _stat_fields(pid: int) -> list[str] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone
        return None
    # The command name, in parentheses, may hold spaces: split after it.
    return stat[stat.rindex(")") + 2 :].split()


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`: children, their children, ..."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat_fields(int(entry))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry))
    found: set[int] = set()
    frontier = [pid]
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in found and is_alive(child):
                found.add(child)
                frontier.append(child)
    return found


def is_alive(pid: int) -> bool:
    """True while `pid` runs; a zombie (ended, not yet reaped by its new parent) is dead."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def marked(marker: str) -> set[int]:
    """Live processes whose environment holds `marker` (a `NAME=value` a test gave the
    process it started, inherited by every process below it, adopted or not)."""
    needle = marker.encode() + b"\0"
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
        except OSError:
            continue
        if (b"\0" + environ).find(b"\0" + needle) >= 0 and is_alive(int(entry)):
            found.add(int(entry))
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time `pid` has used (user and system), 0 if it is gone."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    # utime and stime are fields 14 and 15 of /proc/<pid>/stat; the list starts at 3.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
