"""`--shard-size N`: records written to numbered files of N records each.

`-o out.jsonl.gz --shard-size 1000` writes `out-00000.jsonl.gz`, `out-00001.jsonl.gz`, ...
(the number goes before the first `.` of the name). Each shard is an `atomic_file`:
written under a temporary name and renamed into place once it holds its N records (the
last one at the end of the run), so every shard that exists is complete, gzip ones end
their stream, and a crash or Ctrl-C leaves the shards finished before it. A run that
completes removes the shards of the same name it did not write (left by an earlier,
longer run), as `-o` replaces its file; at least one shard is always written.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType

from cleaners.jsonl import LineWriter, atomic_file

SHARD_DIGITS = 5  # shard numbers: 00000, 00001, ...


def shard_path(output: Path, index: int) -> Path:
    """`out.jsonl.gz`, 3 -> `out-00003.jsonl.gz`."""
    stem, dot, suffixes = output.name.partition(".")
    return output.with_name(f"{stem}-{index:0{SHARD_DIGITS}d}{dot}{suffixes}")


class ShardedOutput:
    """A line writer over shards of `size` lines each (a context manager)."""

    def __init__(self, output: Path, size: int) -> None:
        self.output = output
        self.size = size
        self.shards = 0  # opened so far
        self._current: AbstractContextManager[LineWriter] | None = None
        self._writer: LineWriter | None = None

    def __enter__(self) -> ShardedOutput:
        self._open_next()
        return self

    def write(self, line: bytes) -> None:
        assert self._writer is not None
        if self._writer.lines == self.size:
            self._commit()
            self._open_next()
        self._writer.write(line)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            if self._current is not None:  # the unfinished shard is dropped
                self._current.__exit__(exc_type, exc, tb)
            return
        self._commit()
        self._remove_stale()

    def _open_next(self) -> None:
        self._current = atomic_file(shard_path(self.output, self.shards))
        self._writer = self._current.__enter__()
        self.shards += 1

    def _commit(self) -> None:
        assert self._current is not None
        current, self._current = self._current, None
        current.__exit__(None, None, None)

    def _remove_stale(self) -> None:
        stem, dot, suffixes = self.output.name.partition(".")
        number = rf"-(\d{{{SHARD_DIGITS}}})"
        pattern = re.compile(re.escape(stem) + number + re.escape(dot + suffixes))
        for path in self.output.parent.iterdir():
            match = pattern.fullmatch(path.name)
            if match and int(match.group(1)) >= self.shards:
                path.unlink()
