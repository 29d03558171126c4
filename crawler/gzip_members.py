"""Gzip feeds written one gzip member per record, so that a kill leaves a readable file.

Scrapy's `GzipPlugin` writes one gzip stream for the whole feed: until it is closed,
records sit in the compressor's buffer, and a killed crawl leaves a file that gzip
readers reject ("unexpected end of file") with records in no readable part of it,
although the crawl had counted them as written. A gzip file may hold several members
one after the other (RFC 1952; `gzip`, `zcat` and Python read them as one stream), so
here each write, one JSON line, becomes a whole member of its own: once written it is
readable, and the file ends on a member boundary after each record.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import IO, Any

_BLOCK = 65536
_GZIP_WBITS = 31  # zlib: a gzip header and trailer around the deflate stream


class GzipMemberPlugin:
    """Scrapy feed postprocessing plugin: each write becomes one gzip member.

    Feed options: ``gzip_compresslevel`` (default 9, like Scrapy's `GzipPlugin`) and
    ``gzip_mtime`` (default 0, so the same records give the same bytes).
    """

    def __init__(self, file: IO[bytes], feed_options: dict[str, Any]) -> None:
        self.file = file
        self.level = feed_options.get("gzip_compresslevel", 9)
        self.mtime = feed_options.get("gzip_mtime", 0)

    def write(self, data: bytes) -> int:
        self.file.write(gzip.compress(data, compresslevel=self.level, mtime=self.mtime))
        return len(data)

    def close(self) -> None:
        """Nothing to flush: every write was a whole member (the storage closes the file)."""


class DamagedFeed(RuntimeError):
    """A gzip feed ends in an incomplete member that holds more than part of one record."""


def cut_partial_member(path: Path) -> tuple[int, bytes | None]:
    """Truncate a gzip file after its last whole member.

    Returns the number of bytes removed and the last complete line of the whole members
    (None if they hold none). Raises `DamagedFeed` rather than cut an incomplete member
    that holds a whole line, or bytes that are no gzip member at all: that file was not
    written one record a member, and cutting it would drop records.
    """
    end = 0  # just after the last whole member
    position = 0  # where `data` starts in the file
    last = None
    tail, tail_has_line = b"", False  # the current member's output: its last lines only
    decompressor = zlib.decompressobj(_GZIP_WBITS)
    with path.open("rb") as file:
        while block := file.read(_BLOCK):
            data = block
            while data:
                try:
                    output = decompressor.decompress(data)
                except zlib.error as error:
                    raise DamagedFeed(f"{path} is not a whole gzip file: {error}") from None
                tail_has_line = tail_has_line or b"\n" in output
                tail = _tail(tail + output)
                if not decompressor.eof:
                    position += len(data)
                    break
                # A member ended: whatever followed it starts the next one.
                end = position + len(data) - len(decompressor.unused_data)
                position, data = end, decompressor.unused_data
                last = _last_line(tail) or last
                tail, tail_has_line = b"", False
                decompressor = zlib.decompressobj(_GZIP_WBITS)
        size = file.tell()
    if tail_has_line:
        raise DamagedFeed(f"{path} ends in an incomplete gzip member holding whole records")
    if end < size:
        with path.open("rb+") as file:
            file.truncate(end)
    return size - end, last


def _tail(data: bytes) -> bytes:
    """`data` from the start of its last complete line on (all of it if it has none)."""
    last_newline = data.rfind(b"\n")
    return data[data.rfind(b"\n", 0, last_newline) + 1 :] if last_newline >= 0 else data


def _last_line(data: bytes) -> bytes | None:
    """The last complete (newline-ended) line of `data`, without its newline."""
    end = data.rfind(b"\n")
    return data[data.rfind(b"\n", 0, end) + 1 : end] if end >= 0 else None
