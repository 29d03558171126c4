"""`python -m cleaners corpus`: WARC files -> our cleaner -> quality -> JSONL, on
datatrove's LocalPipelineExecutor (one task per WARC file, N worker processes).

The output directory appears only when every task has completed: the pipeline writes into
a hidden `.NAME.partial` directory beside it, renamed into place at the end, so a failed
or interrupted run leaves no half-written corpus (run it again; the partial directory is
started afresh). Inside OUT_DIR:

    records/00000.jsonl.gz   records, one file per task (the rank), gzip
    rejects/00000.jsonl.gz   error lines of responses not cleaned (as `warc` writes them)
    rejects/00000.low_quality.jsonl.gz   with --drop-low-quality: the records dropped
    inputs.txt               the WARC files read, relative to WARC_DIR (datatrove's paths file)
    logs/                    datatrove's logs, stats.json and completion markers
"""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path

from cleaners.batch import expand_inputs
from cleaners.quality import QUALITY_DROP, QUALITY_OFF, check_available
from cleaners.warc import WARC_SUFFIXES

RANK_FILE = "${rank}.jsonl.gz"


class CorpusFailed(RuntimeError):
    """A task of the pipeline raised: the output directory was left as it was."""


@dataclass(frozen=True)
class CorpusRun:
    """What a run wrote: its directory, responses read, records kept, responses rejected."""

    out_dir: Path
    responses: int
    records: int
    rejected: int


def write_paths_file(warc_dir: Path, paths_file: Path) -> int:
    """List the WARC files under `warc_dir` (as `warc DIR` finds them, sorted), relative to
    it, in `paths_file`, one a line: datatrove's paths file, one task per line. Returns how
    many there are."""
    found = expand_inputs([str(warc_dir)], WARC_SUFFIXES)
    lines = "".join(f"{Path(path).relative_to(warc_dir)}\n" for path in found)
    paths_file.write_text(lines, encoding="utf-8")
    return len(found)


def build_pipeline(warc_dir: Path, paths_file: Path, out_dir: Path, quality: str) -> list:
    """WarcResponseReader -> WarcResponseCleaner -> [QualityFilter] -> JsonlWriter."""
    from datatrove.pipeline.writers import JsonlWriter

    from cleaners.corpus_steps import (
        QualityFilter,
        WarcResponseCleaner,
        WarcResponseReader,
        record_row,
        rejection_row,
    )

    def rejects(name: str) -> JsonlWriter:
        return JsonlWriter(str(out_dir / "rejects"), output_filename=name, adapter=rejection_row)

    pipeline = [
        WarcResponseReader(str(warc_dir), paths_file=str(paths_file), shown_as=str(warc_dir)),
        WarcResponseCleaner(rejects=rejects(RANK_FILE)),
    ]
    if quality != QUALITY_OFF:
        low = rejects("${rank}.low_quality.jsonl.gz") if quality == QUALITY_DROP else None
        pipeline.append(QualityFilter(drop=quality == QUALITY_DROP, exclusion_writer=low))
    pipeline.append(
        JsonlWriter(str(out_dir / "records"), output_filename=RANK_FILE, adapter=record_row)
    )
    return pipeline


def run_corpus(warc_dir: Path, out_dir: Path, workers: int, quality: str) -> CorpusRun:
    """Run the pipeline on the WARC files under `warc_dir` into `out_dir` (replaced when
    the run completes). Raises ValueError when there are no WARC files, CorpusFailed when
    a task fails."""
    from datatrove.executor import LocalPipelineExecutor

    if quality != QUALITY_OFF:
        check_available()
    staging = out_dir.with_name(f".{out_dir.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    paths_file = staging / "inputs.txt"
    files = write_paths_file(warc_dir, paths_file)
    if not files:
        shutil.rmtree(staging)
        raise ValueError(f"no .warc or .warc.gz files under {warc_dir}")
    executor = LocalPipelineExecutor(
        build_pipeline(warc_dir, paths_file, staging, quality),
        tasks=files,
        workers=min(workers, files),
        logging_dir=str(staging / "logs"),
    )
    try:
        executor.run()
    except Exception as exc:
        raise CorpusFailed(
            f"{type(exc).__name__}: {exc} (datatrove's logs: {staging / 'logs'})"
        ) from exc
    records, rejected = _count_lines(staging / "records"), _count_lines(staging / "rejects")
    _replace_dir(staging, out_dir)
    return CorpusRun(out_dir, records + rejected, records, rejected)


def _count_lines(directory: Path) -> int:
    return sum(
        sum(1 for _ in gzip.open(path, "rb")) for path in sorted(directory.glob("*.jsonl.gz"))
    )


def _replace_dir(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
