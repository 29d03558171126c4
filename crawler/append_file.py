"""Writing to files so that each write lands whole or not at all.

A file rewritten in place is replaced whole (`replace_whole`). A write to a full disk can
be short: part of a line fits, then the next write fails. A
file left like that ends in half a record. Here (`append_whole`, from `cleaners.jsonl`,
which the cleaning command uses too) the rest of a short write is retried, and if a write
fails the file is cut back to its size before it, then the error is raised: the caller
learns of it, and the file ends with the last whole write.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from cleaners.jsonl import append_whole

__all__ = ["AppendFile", "append_whole", "replace_whole"]


def replace_whole(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` whole or not at all: written to a temporary file
    beside it, then renamed over it, so a kill leaves the old file or the new one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


class AppendFile(io.RawIOBase):
    """An unbuffered binary file open for appending, each `write` done by `append_whole`.

    Unbuffered, so a record is in the file as soon as it is written (a kill loses none),
    and each one reaches the file in one system call (a kill falls between two).
    """

    def __init__(self, path: Path, *, truncate: bool = False) -> None:
        super().__init__()
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        self._fd = os.open(path, flags, 0o644)

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, data: bytes) -> int:  # type: ignore[override]
        append_whole(self._fd, bytes(data))
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()
