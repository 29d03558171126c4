"""JSON lines are written whole, and an output file only appears once complete."""

from __future__ import annotations

import pytest

from cleaners.jsonl import atomic_file, json_line


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
