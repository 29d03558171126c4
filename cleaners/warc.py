"""WARC input: each HTTP response in a WARC file becomes one record or one rejection.

warcio (the Webrecorder library datatrove's WarcReader also uses) parses the records and
undoes the HTTP transfer encodings (chunked, gzip, deflate, brotli). Reading happens in
the parent, one file after the other, so that outcomes keep file order then record order;
workers only decode and clean the HTML bodies. Records that are not responses
(warcinfo, request, metadata, resource, ...) are skipped; a response that cannot be
cleaned is rejected with a reason, and so is a file that stops being readable WARC.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr
from dataclasses import dataclass
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from cleaners.batch import Outcome, expand_inputs, failure_reason
from cleaners.jsonl import json_line
from cleaners.page_text import decode_page
from cleaners.pipeline import clean_html
from cleaners.quality import QUALITY_OFF, apply_quality
from cleaners.sniff import is_binary_content

if sys.version_info >= (3, 14):
    from compression.zstd import ZstdDecompressor
else:
    from backports.zstd import ZstdDecompressor

# zstd, which Scrapy asks servers for and decodes, and warcio does not know: the crawler's
# raw archive keeps bodies as sent, and re-cleaning it must read them all.
BufferedReader.DECOMPRESSORS.setdefault("zstd", ZstdDecompressor)

# What a directory walk picks up.
WARC_SUFFIXES = (".warc", ".warc.gz")
# The most an HTTP body may hold once chunked and Content-Encoding are undone: the
# crawler's DOWNLOAD_MAXSIZE default. Common Crawl already truncates at 1 MiB (and says so).
MAX_BODY_BYTES = 10 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
_IDENTITY = ("", "identity")
# Long enough for warcio's advice on a WARC gzipped whole (`warcio recompress`).
_MAX_MESSAGE = 600


@dataclass(frozen=True)
class WarcSource:
    """Where a response comes from: file, offset of its record (of its gzip member in a
    .warc.gz, as WARC indexes give it), record id, target URI and WARC-Date."""

    path: str
    offset: int | None = None
    record_id: str | None = None
    url: str | None = None
    date: str | None = None

    def location(self) -> dict[str, Any]:
        """What error lines say besides the path: where the response is in the file."""
        return {"offset": self.offset, "record_id": self.record_id, "url": self.url}

    def provenance(self) -> dict[str, Any]:
        """The record fields (cleaners/schema/record.schema.json) naming this source."""
        return {
            "warc_file": self.path,
            "warc_offset": self.offset,
            "warc_record_id": self.record_id,
            "warc_date": self.date,
        }


@dataclass(frozen=True)
class WarcTask:
    """One response to clean (`body`, `content_type`) or already rejected (`rejection`)."""

    source: WarcSource
    body: bytes = b""
    content_type: str = ""
    rejection: str | None = None


def clean_warc_task(
    task: WarcTask, quality: str = QUALITY_OFF, keep_removed: bool = True
) -> Outcome:
    """The record line of an HTML response, with its provenance (and its `quality` field
    unless `quality` is off; see cleaners/quality.py; without `removed` if not
    `keep_removed`), or its rejection."""
    source = task.source
    reason = task.rejection
    if reason is None:
        try:
            record = clean_html(decode_page(task.body, task.content_type), source.url)
            data = record.to_dict(keep_removed) | source.provenance()
            reason = apply_quality(data, quality)
        except Exception as exc:  # one bad page must not stop the batch
            reason = failure_reason(exc)
        else:
            if reason is None:
                return Outcome(source.path, line=json_line(data))
    return Outcome(source.path, reason=reason, location=source.location())


def failed_warc_task(task: WarcTask, error: Exception) -> Outcome:
    """The outcome of a response whose worker failed with it (out of CPU time)."""
    return Outcome(task.source.path, reason=failure_reason(error), location=task.source.location())


def find_warc_files(inputs: list[str]) -> list[str]:
    """The WARC files `inputs` name: files as given, directories walked for `*.warc` and
    `*.warc.gz` (recursive, sorted), each named as the records' `warc_file` names it."""
    return expand_inputs(inputs, WARC_SUFFIXES)


def read_warc_files(paths: list[str], base_dir: str | None = None) -> Iterator[WarcTask]:
    """The responses of the WARC files in order, as tasks; lazily, one record in memory.
    A relative path is opened under `base_dir` if given (else the working directory) and
    named as given in provenance and error lines."""
    for path in paths:
        try:
            stream = open(os.path.join(base_dir or "", path), "rb")
        except OSError as exc:
            yield WarcTask(WarcSource(path), rejection=f"cannot read file: {exc.strerror or exc}")
            continue
        with stream:
            yield from warc_responses(path, stream, os.fstat(stream.fileno()).st_size)


def warc_responses(path: str, stream: IO[bytes], size: int) -> Iterator[WarcTask]:
    """The responses of one WARC file of `size` bytes open as `stream`, named `path` in
    provenance and error lines."""
    records = ArchiveIterator(stream)
    # warcio reports damage it reads past (here: a record not ending where its
    # Content-Length says) on stderr and goes on; captured, it becomes the reason.
    diagnostics = io.StringIO()
    while True:
        position = max(records.offset, 0)
        try:
            with redirect_stderr(diagnostics):
                record = next(records, None)
                task = None if record is None else _task(path, record, records)
        except (ArchiveLoadFailed, StatusAndHeadersParserException, OSError, ValueError) as exc:
            # warcio quotes the offending line, which can be a whole minified page.
            message = " ".join(str(exc).split())[:_MAX_MESSAGE] or type(exc).__name__
            yield WarcTask(WarcSource(path, position), rejection=f"not a valid WARC: {message}")
            return
        if record is None:
            break
        if task is not None:
            if diagnostics.tell() and task.rejection is None:
                task = WarcTask(task.source, rejection=f"corrupt_record: {_said(diagnostics)}")
            yield task
        diagnostics = io.StringIO()
    if records.offset < size:
        # warcio stops quietly at a record whose headers are cut off.
        yield WarcTask(
            WarcSource(path, records.offset),
            rejection=f"truncated: {size - records.offset} bytes at the end are no whole record",
        )


def _task(path: str, record: ArcWarcRecord, records: ArchiveIterator) -> WarcTask | None:
    """The task for a response record (its body read under the cap), None for others."""
    if record.rec_type not in ("response", "revisit"):
        records.read_to_end()  # so that damage warcio reports is this record's
        return None
    headers = record.rec_headers
    rejection, body, content_type = _check(record), b"", ""
    if rejection is None:
        body, rejection = _read_body(record)
        content_type = record.http_headers.get_header("Content-Type") or ""
    if rejection is None and is_binary_content(body):  # whatever the Content-Type says
        rejection = f"not_html: binary content served as {content_type or 'HTML'}"
    source = WarcSource(
        path,
        records.get_record_offset(),  # reads the rest of the record
        headers.get_header("WARC-Record-ID"),
        headers.get_header("WARC-Target-URI"),
        headers.get_header("WARC-Date"),
    )
    return WarcTask(source, body, content_type, rejection)


def _check(record: ArcWarcRecord) -> str | None:
    """Why a response cannot be cleaned, judged on its headers alone, or None."""
    if record.rec_type == "revisit":
        refers_to = record.rec_headers.get_header("WARC-Refers-To") or "an earlier record"
        return f"revisit: the body is in {refers_to}, not in this record"
    http = record.http_headers
    if http is None:
        return "not_http: the record holds no HTTP response"
    status = http.get_statuscode()
    if status != "200":
        location = http.get_header("Location")
        return f"http_status: {status}" + (f" (redirect to {location})" if location else "")
    declared = http.get_header("Content-Type") or record.rec_headers.get_header(
        "WARC-Identified-Payload-Type"  # Common Crawl's sniffed type, for bodies sent untyped
    )
    mime = (declared or "").split(";")[0].strip().lower()
    if mime not in HTML_TYPES:
        return f"not_html: Content-Type {mime or 'missing'}"
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if truncated:
        return f"truncated: WARC-Truncated: {truncated}"
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    if encoding not in _IDENTITY and encoding not in BufferedReader.get_supported_decompressors():
        # warcio would hand the compressed bytes on as they are.
        return f"unsupported_encoding: Content-Encoding {encoding}"
    return None


def _read_body(record: ArcWarcRecord) -> tuple[bytes, str | None]:
    """The decoded HTTP body and None, or b"" and why it is rejected."""
    body_stream = record.content_stream()
    # A decompression error past the first block is printed by warcio, which goes on.
    with redirect_stderr(io.StringIO()) as damage:
        body = body_stream.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return b"", f"too_large: body over {MAX_BODY_BYTES} bytes (the cap)"
    if damage.tell():
        return b"", f"corrupt_body: {_said(damage)}"
    while record.raw_stream.read(1 << 16):
        pass  # past the body (chunked trailers): only a file cut short leaves the limit unmet
    if getattr(record.raw_stream, "limit", 0) > 0:
        return b"", "truncated: the record ends before its Content-Length"
    decompressor = getattr(body_stream, "decompressor", None)
    if decompressor is not None and not getattr(decompressor, "eof", True):
        return b"", "truncated: the compressed body ends early"
    return body, None


def _said(diagnostics: io.StringIO) -> str:
    return " ".join(diagnostics.getvalue().split())[:_MAX_MESSAGE]
