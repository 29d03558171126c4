"""Gzip feeds written one member per record: readable after every record, repairable."""

from __future__ import annotations

import gzip

import pytest

from crawler.append_file import AppendFile
from crawler.gzip_members import DamagedFeed, GzipMemberPlugin, cut_partial_member

LINES = [b'{"n": 1}\n', b'{"n": 2}\n', b'{"n": 3}\n']


def members(lines: list[bytes]) -> bytes:
    return b"".join(gzip.compress(line, mtime=0) for line in lines)


def test_each_write_is_a_whole_member_readable_at_once(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    with AppendFile(path) as file:
        plugin = GzipMemberPlugin(file, {})
        for count, line in enumerate(LINES, start=1):
            plugin.write(line)
            assert gzip.decompress(path.read_bytes()) == b"".join(LINES[:count])
    assert path.read_bytes() == members(LINES)


def test_a_partial_last_member_is_cut_and_the_last_whole_record_returned(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    path.write_bytes(members(LINES) + gzip.compress(b'{"n": 4}\n')[:12])
    assert cut_partial_member(path) == (12, b'{"n": 3}')
    assert gzip.decompress(path.read_bytes()) == b"".join(LINES)


def test_a_whole_file_is_left_alone(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    path.write_bytes(members(LINES))
    assert cut_partial_member(path) == (0, b'{"n": 3}')
    assert path.read_bytes() == members(LINES)


def test_a_cut_single_stream_holding_whole_records_is_not_cut_further(tmp_path):
    # What Scrapy's GzipPlugin left after a kill: cutting it would drop records.
    path = tmp_path / "out.jsonl.gz"
    stream = gzip.compress(b"".join(LINES) * 1000)
    path.write_bytes(stream[: len(stream) // 2])
    with pytest.raises(DamagedFeed, match="incomplete gzip member holding whole records"):
        cut_partial_member(path)
    assert path.read_bytes() == stream[: len(stream) // 2]
