"""Our cleaner as datatrove pipeline steps: WARC responses in, records or rejects out.

    WarcResponseReader -> WarcResponseCleaner -> QualityFilter -> RecordWriter

Why not datatrove's WarcReader: it takes every response whose sniffed type is HTML
(404 pages and truncated bodies included), guesses the charset with cchardet instead of
reading the HTTP header, and keeps neither the offset nor a reason for what it skips.
This reader reads with `cleaners.warc`, so each response becomes the same record or the
same rejection as with `python -m cleaners warc`; the cleaner step cleans in a worker
process under the cleaning budget's CPU limit, as the command does.

Every rejection (a non-HTML or failed response, or a record a quality filter would drop,
with `--drop-low-quality`) is written by a rejects writer as the command's error line.
This module imports datatrove: import it only when the `corpus` extra is installed.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import partial
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.pipeline.writers.jsonl import JsonlWriter
from datatrove.utils.typeshelper import StatHints

from cleaners.budget import DEFAULT_BUDGET
from cleaners.parallel import ordered_map
from cleaners.quality import QUALITY_ANNOTATE, QUALITY_DROP, apply_quality
from cleaners.shards import SHARD_DIGITS
from cleaners.warc import clean_warc_task, failed_warc_task, read_warc_files

_TASK, _RECORD, _REJECTION = "warc_task", "record", "rejection"


class WarcResponseReader(BaseDiskReader):
    """The responses of WARC files as documents holding a `cleaners.warc.WarcTask`.

    `paths_file` lists the files one a line, named as `python -m cleaners warc` names
    them (the records' `warc_file`): relative to `base_dir`, or absolute. Each is read
    as that command reads it (a file that cannot be read is one rejection)."""

    name = "🕷 WARC responses"

    def __init__(self, paths_file: str, base_dir: str) -> None:
        super().__init__(base_dir, paths_file=paths_file, add_file_path=False)
        self.base_dir = base_dir

    def read_file(self, filepath: str) -> DocumentsPipeline:
        for task in read_warc_files([filepath], self.base_dir):
            source = task.source
            yield Document(text="", id=f"{source.path}@{source.offset}", metadata={_TASK: task})


class WarcResponseCleaner(PipelineStep):
    """Cleans each response in one worker process (within the cleaning budget's CPU time);
    yields a document per record (text: the record's text, metadata: the whole record) and
    writes each rejected response to `rejects` as an error line."""

    name = "🧹 cleaners (clean_html)"
    type = "🛢 - EXTRAC"

    def __init__(self, rejects: DiskWriter, keep_removed: bool = True) -> None:
        super().__init__()
        self.rejects = rejects
        self.keep_removed = keep_removed

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        tasks = (doc.metadata[_TASK] for doc in data)
        outcomes = ordered_map(
            partial(clean_warc_task, keep_removed=self.keep_removed),
            tasks,
            1,
            cpu_seconds=DEFAULT_BUDGET.cpu_seconds,
            on_failure=failed_warc_task,
        )
        with self.rejects as rejects:
            for outcome in outcomes:
                self.stat_update(StatHints.total)
                if outcome.line is None:
                    self.stat_update(StatHints.dropped)
                    self.stat_update(f"dropped_{str(outcome.reason).split(':')[0]}")
                    error = outcome.error_record()
                    rejects.write(Document(text="", id="", metadata={_REJECTION: error}), rank)
                    continue
                record = json.loads(outcome.line)
                doc = Document(text=record["text"], id=str(record["warc_record_id"]))
                doc.metadata[_RECORD] = record
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc


class QualityFilter(BaseFilter):
    """Adds the `quality` field (cleaners/quality.py) to each record; with `drop`, a record
    one of the quality filters would drop goes to the exclusion writer with the reason."""

    name = "🥇 Gopher, C4, FineWeb quality"

    def __init__(self, drop: bool = False, exclusion_writer: DiskWriter | None = None) -> None:
        super().__init__(exclusion_writer)
        self.mode = QUALITY_DROP if drop else QUALITY_ANNOTATE

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        reason = apply_quality(doc.metadata[_RECORD], self.mode)
        return (False, reason) if reason else True


class RecordWriter(JsonlWriter):
    """datatrove's JsonlWriter writing each task's records (`record_row`) to
    `RANK.jsonl.gz`, or, with `records_per_file` N, to numbered files of N records each,
    `RANK-00000.jsonl.gz`, `RANK-00001.jsonl.gz`, ... (as `--shard-size` numbers files).

    Not JsonlWriter's own `max_file_size`: it caps a file's uncompressed bytes, not its
    records. The number is a tag of the file name template, filled in at each write;
    a file is closed when the next one opens."""

    name = "🐿 Jsonl records"

    def __init__(self, output_folder: str, records_per_file: int | None = None) -> None:
        template = "${rank}.jsonl.gz" if records_per_file is None else "${rank}-${shard}.jsonl.gz"
        super().__init__(output_folder, output_filename=template, adapter=record_row)
        self.records_per_file = records_per_file
        self._written: Counter[int] = Counter()  # records written, per task

    def write(self, document: Document, rank: int = 0, **kwargs: Any) -> None:
        if self.records_per_file is None:
            super().write(document, rank, **kwargs)
            return
        shard, place = divmod(self._written[rank], self.records_per_file)
        if place == 0 and shard > 0:
            self.close_file(self._get_output_filename(document, rank, shard=_shard(shard - 1)))
        self._written[rank] += 1
        super().write(document, rank, shard=_shard(shard), **kwargs)


def _shard(number: int) -> str:
    return f"{number:0{SHARD_DIGITS}d}"


def record_row(writer: DiskWriter, doc: Document) -> dict[str, Any]:
    """JsonlWriter adapter: the record as `python -m cleaners warc` writes it (with the
    text as the pipeline left it), not datatrove's {text, id, metadata} wrapping."""
    return doc.metadata[_RECORD] | {"text": doc.text}


def rejection_row(writer: DiskWriter, doc: Document) -> dict[str, Any]:
    """JsonlWriter adapter for rejects: the `warc` command's error line
    {"path", "offset", "record_id", "url", "reason"}."""
    if _REJECTION in doc.metadata:
        return doc.metadata[_REJECTION]
    record = doc.metadata[_RECORD]
    return {
        "path": record["warc_file"],
        "offset": record["warc_offset"],
        "record_id": record["warc_record_id"],
        "url": record["url"],
        "reason": doc.metadata["filter_reason"],
    }
