"""Batch cleaning for the command line: each input file becomes one record or one error.

Workers return the finished JSON line (or the reason for failing) so that the parent only
writes, in input order, whatever the number of processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaners.budget import DEFAULT_BUDGET, OverBudget
from cleaners.goldset import MAX_GUNZIPPED, read_page_bytes
from cleaners.jsonl import json_line
from cleaners.pipeline import clean_html, clean_text
from cleaners.quality import QUALITY_OFF, apply_quality
from cleaners.record import Record
from cleaners.sniff import is_binary_content

STDIN = "-"
# What a directory walk picks up; files named on the command line are taken whatever their name.
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


@dataclass(frozen=True)
class Task:
    """One input: its path (`-` for stdin), the url to record, stdin's bytes if read, the
    most a .gz file may gunzip to, the `source_path` its record names (`InputFile`), and
    why it fails without being read, if it does."""

    path: str
    url: str | None = None
    data: bytes | None = None
    max_gunzipped: int = MAX_GUNZIPPED
    source_path: str | None = None
    refusal: str | None = None  # why the input fails unread (e.g. not in --url-map)


@dataclass(frozen=True)
class Outcome:
    """The JSON line of a cleaned input, or the reason it failed (exactly one is set).

    `location` says where in the file a failed input is, when a file holds many (a WARC
    response's offset, record id and url); its keys go into the error record."""

    path: str
    line: bytes | None = None
    reason: str | None = None
    location: dict[str, Any] = field(default_factory=dict)

    def error_record(self) -> dict[str, Any]:
        return {"path": self.path, **self.location, "reason": self.reason}

    @property
    def where(self) -> str:
        """The path, and the location in it if any, as said in messages."""
        known = (f"{key}={value}" for key, value in self.location.items() if value is not None)
        return " ".join([self.path, *known])


class InputError(Exception):
    """An input that cannot be read or decoded; the message is the reason recorded."""


@dataclass(frozen=True)
class InputFile:
    """A file to read (`path`, as given or found) and the `source_path` its record names:
    for a file found in a directory given, its path relative to that directory (POSIX
    separators), so that records and `--url-map` keys do not depend on where the
    directory lies; a file given is named as given; stdin (`-`) is None."""

    path: str
    source_path: str | None


class NoInputFiles(ValueError):
    """A directory given holds no file of the kind looked for."""


def find_inputs(arguments: list[str], suffixes: tuple[str, ...]) -> list[InputFile]:
    """Files as given, directories replaced by their files whose names end in one of
    `suffixes`, in any case (recursive, sorted). Raises NoInputFiles for a directory
    holding none: a mistyped or empty directory is no successful run of nothing."""
    inputs: list[InputFile] = []
    for argument in arguments:
        if argument != STDIN and Path(argument).is_dir():
            root = Path(argument)
            found = sorted(
                p for p in root.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes)
            )
            if not found:
                kinds = " or ".join((", ".join(suffixes[:-1]), suffixes[-1]))
                raise NoInputFiles(f"no {kinds} files under {argument}")
            inputs.extend(InputFile(str(p), p.relative_to(root).as_posix()) for p in found)
        else:
            inputs.append(InputFile(argument, None if argument == STDIN else argument))
    return inputs


def expand_inputs(arguments: list[str], suffixes: tuple[str, ...]) -> list[str]:
    """The paths of `find_inputs`."""
    return [found.path for found in find_inputs(arguments, suffixes)]


def _read(task: Task) -> bytes:
    if task.refusal is not None:
        raise InputError(task.refusal)
    if task.data is not None:
        return task.data
    try:
        return read_page_bytes(Path(task.path), task.max_gunzipped, DEFAULT_BUDGET.max_bytes)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def _decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            f"not valid UTF-8 (byte 0x{bad} at offset {exc.start}); text input must be UTF-8"
        ) from exc


def _run(
    task: Task,
    clean: Callable[[bytes, str | None], Record],
    quality: str = QUALITY_OFF,
    keep_removed: bool = True,
) -> Outcome:
    try:
        record = clean(_read(task), task.url)
        data = record.to_dict(keep_removed) | {"source_path": task.source_path}
        reason = apply_quality(data, quality)  # None unless --drop-low-quality drops it
    except Exception as exc:  # one bad page must not stop the batch
        return failed_task(task, exc)
    if reason is not None:
        return Outcome(task.path, reason=reason)
    return Outcome(task.path, line=json_line(data))


def failure_reason(error: Exception) -> str:
    """The reason recorded for an input on which reading or cleaning raised `error`."""
    if isinstance(error, InputError | OverBudget):  # "too_complex: ...", "timeout: ..."
        return str(error)
    return f"cleaning failed: {type(error).__name__}: {error}"


def failed_task(task: Task, error: Exception) -> Outcome:
    """The outcome of an input that failed, in a worker or with it (out of CPU time)."""
    return Outcome(task.path, reason=failure_reason(error))


def _clean_html_bytes(data: bytes, url: str | None) -> Record:
    if is_binary_content(data):  # a PDF or an image named .html would become gibberish
        raise InputError("not_html: binary content, not text in any encoding")
    return clean_html(data, url=url)


def _clean_text_bytes(data: bytes, url: str | None) -> Record:
    return clean_text(_decode_utf8(data), url=url)


def clean_html_task(task: Task, quality: str = QUALITY_OFF, keep_removed: bool = True) -> Outcome:
    """Read (gunzip if .gz) and clean one HTML input; bytes go to clean_html undecoded.
    Binary bytes (not text in any encoding) are an error, whatever the file's name.
    `quality` as for `warc` (cleaners/quality.py); `keep_removed=False` leaves `removed` out."""
    return _run(task, _clean_html_bytes, quality, keep_removed)


def clean_text_task(task: Task, quality: str = QUALITY_OFF, keep_removed: bool = True) -> Outcome:
    """Read one text input, which must be UTF-8 (a BOM is dropped), and clean it."""
    return _run(task, _clean_text_bytes, quality, keep_removed)
