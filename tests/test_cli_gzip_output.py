"""`-o FILE.jsonl.gz` is real gzip, for every batch command, and the same bytes each run."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.test_cli import records, run_cleaners
from tests.test_cli_warc import FRENCH, Capture, legacy_page, write_warc


@pytest.fixture()
def inputs(shared_dir: Path, tmp_path: Path) -> dict[str, list[str]]:
    """For each command, inputs that give one record and one error."""
    page = legacy_page(FRENCH, "utf-8")
    (tmp_path / "page.html").write_bytes(page)
    write_warc(
        tmp_path / "crawl.warc.gz",
        [
            Capture("page", "200 OK", [("Content-Type", "text/html")], page, html=page),
            Capture("gone", "404 Not Found", [("Content-Type", "text/html")], b"gone"),
        ],
    )
    return {
        "text": [str(sorted((shared_dir / "seeds").glob("*.txt"))[0]), "missing.txt"],
        "html": ["page.html", "missing.html"],
        "warc": ["crawl.warc.gz"],
    }


@pytest.mark.parametrize("command", ["text", "html", "warc"])
def test_gz_output_is_gzip_holding_the_records_and_errors_stay_plain(command, inputs, tmp_path):
    plain = run_cleaners(command, *inputs[command], "-o", "out.jsonl", cwd=tmp_path)
    packed = run_cleaners(command, *inputs[command], "-o", "out.jsonl.gz", cwd=tmp_path)
    assert plain.returncode == packed.returncode == 1
    data = (tmp_path / "out.jsonl.gz").read_bytes()
    assert data[:2] == b"\x1f\x8b"
    with gzip.open(tmp_path / "out.jsonl.gz", "rb") as stream:
        assert stream.read() == (tmp_path / "out.jsonl").read_bytes()
    assert len(records((tmp_path / "out.jsonl").read_bytes())) == 1
    # Both runs wrote their errors to out.errors.jsonl, the second over the first.
    assert sorted(p.name for p in tmp_path.glob("out*")) == [
        "out.errors.jsonl",
        "out.jsonl",
        "out.jsonl.gz",
    ]
    assert (tmp_path / "out.errors.jsonl").read_bytes().count(b"\n") == 1


def test_gz_output_is_byte_identical_from_run_to_run(inputs, tmp_path):
    first = run_cleaners("warc", *inputs["warc"], "-o", "a.jsonl.gz", cwd=tmp_path)
    second = run_cleaners("warc", *inputs["warc"], "-o", "b.jsonl.gz", cwd=tmp_path)
    assert first.returncode == second.returncode == 1
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()
