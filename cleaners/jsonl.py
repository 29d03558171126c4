"""Writing JSON lines so that no reader ever sees half a record.

Each line goes out in one write and is flushed at once. A file output is written under a
temporary name in the same directory and renamed into place only when complete, so a
crash or kill leaves either the previous file or the whole new one, never a torn one.
A file whose name ends in `.gz` is written gzip-compressed.

A killed run leaves its temporary file behind; the next run that completes the same
output removes it. A writer holds a lock on its temporary file while it writes, so a
temporary file nobody holds (and older than STALE_AFTER seconds, past the instant
between its creation and its lock) is a dead run's.
"""

from __future__ import annotations

import fcntl
import glob
import gzip
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, BinaryIO

STALE_AFTER = 60.0


def json_line(obj: Any) -> bytes:
    """`obj` as one UTF-8 JSON line (non-ASCII kept, key order kept), newline included."""
    return (json.dumps(obj, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


class LineWriter:
    """Writes whole lines to a binary stream, flushing after each."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.lines = 0

    def write(self, line: bytes) -> None:
        self._stream.write(line)
        self._stream.flush()
        self.lines += 1


def append_whole(fd: int, data: bytes) -> None:
    """Append all of `data` to the file open at `fd` (writing at its end), or nothing.

    A write to a full disk can be short: part of a line fits, then the next write fails.
    The rest of a short write is retried; if a write fails, the file is cut back to its
    size before it, and its offset with it (a later write through a descriptor opened
    without O_APPEND would leave a hole of NUL bytes), and the `OSError` raised: the file
    ends with the last whole write."""
    start = os.fstat(fd).st_size
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError:
        os.ftruncate(fd, start)
        os.lseek(fd, start, os.SEEK_SET)
        raise


class _WholeLinesToFile(LineWriter):
    """Whole lines to a regular file open at a file descriptor (`append_whole`)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self.lines = 0

    def write(self, line: bytes) -> None:
        append_whole(self._fd, line)
        self.lines += 1


def stdout_lines(stdout: BinaryIO) -> LineWriter:
    """A LineWriter on `stdout`: where it is a regular file (`> out.jsonl`), each line is
    written whole or not at all (a full disk leaves the last whole record); a pipe or a
    terminal gets each line in one write."""
    stdout.flush()
    fd = stdout.fileno()
    if stat.S_ISREG(os.fstat(fd).st_mode):
        return _WholeLinesToFile(fd)
    return LineWriter(stdout)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _compressed_if_gz(path: Path, stream: BinaryIO) -> AbstractContextManager[BinaryIO]:
    if not path.name.endswith(".gz"):
        return nullcontext(stream)
    # No file name and mtime 0 in the header: the same records give the same bytes.
    return gzip.GzipFile(filename="", mode="wb", fileobj=stream, mtime=0)


@contextmanager
def atomic_file(path: Path) -> Iterator[LineWriter]:
    """A LineWriter on a temporary file that replaces `path` when the block ends cleanly;
    gzip-compressed when the name of `path` ends in `.gz`.

    If the block raises (or the process dies), `path` is left untouched and the temporary
    file is removed (or, after a kill, left as a hidden `.<name>.*.tmp` beside it, until
    a later run completes `path`: `_remove_dead_temporaries`).
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        locked = _lock(fd)
        # mkstemp makes the file private; the output should get the usual permissions.
        os.fchmod(fd, 0o666 & ~_current_umask())
        with os.fdopen(fd, "wb") as stream:
            with _compressed_if_gz(path, stream) as target:
                yield LineWriter(target)
            os.fsync(stream.fileno())
            os.replace(tmp_name, path)  # still locked: never taken for a dead run's
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    if locked:
        _remove_dead_temporaries(path)


def _lock(fd: int) -> bool:
    """Lock the temporary file for as long as this process has it open; False where the
    file system cannot lock (NFS without its lock service), and dead runs' temporaries
    are then left alone: without locks, a live run's could not be told from them."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _remove_dead_temporaries(path: Path) -> None:
    """Remove the temporary files of `path` that killed runs left: no process holds their
    lock, and they are older than STALE_AFTER seconds."""
    pattern = f".{glob.escape(path.name)}.*.tmp"
    for temporary in path.parent.glob(pattern):
        try:
            with temporary.open("rb") as file:
                if time.time() - os.fstat(file.fileno()).st_mtime < STALE_AFTER:
                    continue
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                temporary.unlink()
        except OSError:
            continue  # a live run's, removed by another run meanwhile, or not lockable
