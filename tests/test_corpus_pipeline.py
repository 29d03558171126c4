"""`python -m cleaners corpus`: the datatrove pipeline on 2 workers gives what `warc` gives.

The WARC files hold every kind of response test_cli_warc writes (HTML, PDF, 404,
redirect, gzip and chunked bodies, legacy charsets, truncated captures), split over three
files (two .warc.gz, one plain .warc in a subdirectory), so that the two workers share
them. datatrove's JsonlWriter writes compact JSON (orjson: no spaces after separators)
into one gzip file per task, in the order each task met them; the comparison therefore
loads every line and compares the sets of objects (each serialised with sorted keys).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import records, run_cleaners
from tests.test_cli_warc import mixed, pages, write_warc  # noqa: F401 (fixtures)


def as_set(lines: list[dict]) -> set[str]:
    return {json.dumps(line, sort_keys=True, ensure_ascii=False) for line in lines}


def gzip_lines(directory: Path) -> list[dict]:
    found = sorted(directory.glob("*.jsonl.gz"))
    return [json.loads(line) for path in found for line in gzip.decompress(path.read_bytes())
            .decode("utf-8").splitlines()]  # fmt: skip


def jsonl_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def warc_dir(mixed, tmp_path_factory) -> Path:  # noqa: F811 (the fixture)
    root = tmp_path_factory.mktemp("corpus") / "warcs"
    (root / "more").mkdir(parents=True)
    write_warc(root / "a.warc.gz", mixed[:5])
    write_warc(root / "b.warc.gz", mixed[5:10])
    write_warc(root / "more" / "c.warc", mixed[10:], compress=False)
    return root


def run_both(warc_dir: Path, *switches: str) -> tuple[subprocess.CompletedProcess, ...]:
    name = "".join(switches).strip("-") or "plain"
    cwd = warc_dir.parent
    command = run_cleaners("warc", "warcs", *switches, "-o", f"{name}.jsonl", cwd=cwd)
    pipeline = run_cleaners("corpus", "warcs", "-o", name, "--workers", "2", *switches, cwd=cwd)
    return command, pipeline


def test_the_pipeline_on_2_workers_writes_the_warc_commands_records_and_rejects(
    mixed,  # noqa: F811 (the fixture)
    warc_dir,
):
    command, pipeline = run_both(warc_dir)
    out = warc_dir.parent / "plain"
    assert (command.returncode, pipeline.returncode) == (1, 1), pipeline.stderr[-2000:]
    assert sorted(p.name for p in (out / "records").iterdir()) == [
        "00000.jsonl.gz",
        "00001.jsonl.gz",
    ]
    pipeline_records = gzip_lines(out / "records")
    for record in pipeline_records:
        records(json.dumps(record).encode() + b"\n")  # valid against the schema
    expected = jsonl_lines(warc_dir.parent / "plain.jsonl")
    assert len(expected) == sum(c.html is not None for c in mixed)
    assert as_set(pipeline_records) == as_set(expected)
    errors = jsonl_lines(warc_dir.parent / "plain.errors.jsonl")
    assert len(errors) == sum(c.reason is not None for c in mixed)
    assert as_set(gzip_lines(out / "rejects")) == as_set(errors)
    summary = f"{len(expected)} records, {len(errors)} of {len(mixed)} responses rejected"
    assert summary.encode() in pipeline.stderr
    assert not (warc_dir.parent / ".plain.partial").exists()


def test_drop_low_quality_gives_the_same_records_and_rejects_as_warc(warc_dir):
    command, pipeline = run_both(warc_dir, "--drop-low-quality")
    out = warc_dir.parent / "drop-low-quality"
    assert (command.returncode, pipeline.returncode) == (1, 1), pipeline.stderr[-2000:]
    kept = jsonl_lines(warc_dir.parent / "drop-low-quality.jsonl")
    assert kept and all("quality" in record for record in kept)
    assert as_set(gzip_lines(out / "records")) == as_set(kept)
    errors = jsonl_lines(warc_dir.parent / "drop-low-quality.errors.jsonl")
    low = {e["url"].rsplit("/", 1)[1]: e["reason"] for e in errors if "low_quality" in e["reason"]}
    short = "low_quality: gopher_quality: gopher_short_doc; c4_quality: too_few_sentences"
    # three sentences each; and a bench article of 872 words where 27% of the tokens of
    # datatrove's tokeniser (punctuation among them) have no letter: Gopher wants 20% at most
    assert low == {
        "moscow": short,
        "montreal": short,
        "chunked-gzip": "low_quality: gopher_quality: gopher_below_alpha_threshold",
    }
    assert as_set(gzip_lines(out / "rejects")) == as_set(errors)


def test_several_inputs_no_removed_and_shard_size_mean_what_they_mean_for_warc(
    mixed,  # noqa: F811 (the fixture)
    warc_dir,
):
    # A directory, a file named relative to the working directory, one named absolute.
    inputs = ["warcs/more", "warcs/a.warc.gz", str(warc_dir / "b.warc.gz")]
    switches = ["--no-removed", "--shard-size", "2"]
    cwd = warc_dir.parent
    command = run_cleaners("warc", *inputs, *switches, "-o", "sharded.jsonl", cwd=cwd)
    pipeline = run_cleaners(
        "corpus", *inputs, *switches, "-o", "sharded", "--workers", "2", cwd=cwd
    )
    assert (command.returncode, pipeline.returncode) == (1, 1), pipeline.stderr[-2000:]
    out = cwd / "sharded"
    # One task per file, in the order warc reads them, named as warc names them.
    files = ["warcs/more/c.warc", "warcs/a.warc.gz", str(warc_dir / "b.warc.gz")]
    assert (out / "inputs.txt").read_text().splitlines() == files
    per_task = [mixed[10:], mixed[:5], mixed[5:10]]
    kept = [sum(c.html is not None for c in captures) for captures in per_task]
    assert sorted(p.name for p in (out / "records").iterdir()) == [
        f"{rank:05d}-{shard:05d}.jsonl.gz"
        for rank, count in enumerate(kept)
        for shard in range((count + 1) // 2)
    ]
    shards = sorted((out / "records").iterdir())
    assert [len(gzip.decompress(p.read_bytes()).splitlines()) for p in shards] == [
        min(2, count - shard * 2) for count in kept for shard in range((count + 1) // 2)
    ]
    expected = [
        record
        for shard in sorted(cwd.glob("sharded-*.jsonl"))
        for record in jsonl_lines(shard)
    ]
    assert len(expected) == sum(kept)
    assert not any("removed" in record for record in expected)
    assert as_set(gzip_lines(out / "records")) == as_set(expected)
    errors = jsonl_lines(cwd / "sharded.errors.jsonl")
    assert as_set(gzip_lines(out / "rejects")) == as_set(errors)


def test_stdin_is_a_usage_error(tmp_path):
    result = run_cleaners("corpus", "-", "-o", "out", cwd=tmp_path, stdin=b"")
    assert result.returncode == 2
    assert b"corpus reads files, not stdin" in result.stderr


def test_a_directory_without_warc_files_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cleaners("corpus", "empty", "-o", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert b"no .warc or .warc.gz files under empty" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_cleaners_command_line_does_not_import_datatrove():
    code = "import sys, cleaners.cli; print('datatrove' in sys.modules, 'spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert result.stdout == b"False False\n"
