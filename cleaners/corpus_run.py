"""`python -m cleaners corpus`: WARC files -> our cleaner -> quality -> JSONL, on
datatrove's LocalPipelineExecutor (one task per WARC file, N worker processes).

The output directory appears only when every task has completed: the pipeline writes into
a hidden `.NAME.partial` directory beside it, renamed into place at the end, so a failed
or interrupted run leaves no half-written corpus (run it again; the partial directory is
started afresh). Inside OUT_DIR:

    records/00000.jsonl.gz   records, one file per task (the rank), gzip; with a shard
                             size N: records/00000-00000.jsonl.gz, ... N records each
    rejects/00000.jsonl.gz   error lines of responses not cleaned (as `warc` writes them)
    rejects/00000.low_quality.jsonl.gz   with --drop-low-quality: the records dropped
    inputs.txt               the WARC files read, as `warc` names them (datatrove's paths file)
    logs/                    datatrove's logs, stats.json and completion markers
"""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path

from cleaners.quality import QUALITY_DROP, QUALITY_OFF, check_available


class CorpusFailed(RuntimeError):
    """A task of the pipeline raised: the output directory was left as it was."""


@dataclass(frozen=True)
class CorpusRun:
    """What a run wrote: its directory, responses read, records kept, responses rejected."""

    out_dir: Path
    responses: int
    records: int
    rejected: int


def write_paths_file(warc_files: list[str], paths_file: Path) -> int:
    """Write `warc_files` (`cleaners.warc.find_warc_files`' names) to `paths_file`, one a
    line: datatrove's paths file, one task per line. Returns how many there are."""
    paths_file.write_text("".join(f"{path}\n" for path in warc_files), encoding="utf-8")
    return len(warc_files)


def build_pipeline(
    paths_file: Path,
    out_dir: Path,
    quality: str,
    keep_removed: bool = True,
    shard_size: int | None = None,
    base_dir: Path | None = None,
) -> list:
    """WarcResponseReader -> WarcResponseCleaner -> [QualityFilter] -> RecordWriter, on the
    WARC files `paths_file` lists (relative ones under `base_dir`, by default the working
    directory). `keep_removed` and `shard_size` mean what `--no-removed` and
    `--shard-size` mean."""
    from datatrove.pipeline.writers import JsonlWriter

    from cleaners.corpus_steps import (
        QualityFilter,
        RecordWriter,
        WarcResponseCleaner,
        WarcResponseReader,
        rejection_row,
    )

    def rejects(name: str) -> JsonlWriter:
        return JsonlWriter(str(out_dir / "rejects"), output_filename=name, adapter=rejection_row)

    pipeline = [
        WarcResponseReader(str(paths_file), str(base_dir or Path.cwd())),
        WarcResponseCleaner(rejects("${rank}.jsonl.gz"), keep_removed),
    ]
    if quality != QUALITY_OFF:
        low = rejects("${rank}.low_quality.jsonl.gz") if quality == QUALITY_DROP else None
        pipeline.append(QualityFilter(drop=quality == QUALITY_DROP, exclusion_writer=low))
    pipeline.append(RecordWriter(str(out_dir / "records"), shard_size))
    return pipeline


def run_corpus(
    warc_files: list[str],
    out_dir: Path,
    workers: int,
    quality: str,
    keep_removed: bool = True,
    shard_size: int | None = None,
) -> CorpusRun:
    """Run the pipeline on `warc_files` (`find_warc_files`' list) into `out_dir` (replaced
    when the run completes). Raises ValueError when there are none, CorpusFailed when a
    task fails."""
    from datatrove.executor import LocalPipelineExecutor

    if quality != QUALITY_OFF:
        check_available()
    if not warc_files:
        raise ValueError("no .warc or .warc.gz files")
    staging = out_dir.with_name(f".{out_dir.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    paths_file = staging / "inputs.txt"
    files = write_paths_file(warc_files, paths_file)
    executor = LocalPipelineExecutor(
        build_pipeline(paths_file, staging, quality, keep_removed, shard_size),
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
