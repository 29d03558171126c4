"""Appends and rewrites land whole or not at all, also when the file cannot grow (a full
disk)."""

from __future__ import annotations

import contextlib
import resource
from collections.abc import Iterator

import pytest

from crawler.append_file import AppendFile, replace_whole


@contextlib.contextmanager
def file_size_limit(size: int) -> Iterator[None]:
    """No file written meanwhile may grow past `size` bytes (the soft RLIMIT_FSIZE; the
    write that crosses it is cut short and the next one fails with EFBIG, like a disk
    that fills up; Python ignores SIGXFSZ)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_a_write_that_does_not_fit_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "out.jsonl"
    with AppendFile(path) as file, file_size_limit(100):
        file.write(b'{"n": 1, "text": "' + b"a" * 40 + b'"}\n')  # 60 bytes
        with pytest.raises(OSError, match="File too large"):
            file.write(b'{"n": 2, "text": "' + b"b" * 40 + b'"}\n')  # 40 of 60 would fit
    assert path.read_bytes() == b'{"n": 1, "text": "' + b"a" * 40 + b'"}\n'


def test_writes_append_and_truncate_starts_afresh(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"old\n")
    with AppendFile(path) as file:
        file.write(b"new\n")
    assert path.read_bytes() == b"old\nnew\n"
    with AppendFile(path, truncate=True) as file:
        file.write(b"only\n")
    assert path.read_bytes() == b"only\n"


def test_a_rewrite_that_cannot_be_written_whole_leaves_the_old_file(tmp_path):
    path = tmp_path / "marker"
    replace_whole(path, "old contents\n")
    with file_size_limit(8), pytest.raises(OSError):
        replace_whole(path, "new contents, longer than the disk allows\n")
    assert path.read_text("utf-8") == "old contents\n"
    replace_whole(path, "new\n")
    assert path.read_text("utf-8") == "new\n"
