"""The `cleaners` command: clean text, HTML or WARC files into JSONL records, or score on a
gold set.

Exit status: 0 when every input was cleaned, 1 when some failed (the rest are still
written), 2 on a usage error or an unusable gold set, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from functools import partial
from pathlib import Path

from tqdm import tqdm

from cleaners.batch import (
    HTML_SUFFIXES,
    STDIN,
    InputFile,
    NoInputFiles,
    Outcome,
    Task,
    clean_html_task,
    clean_text_task,
    failed_task,
    find_inputs,
)
from cleaners.budget import DEFAULT_BUDGET
from cleaners.eval_report import report_json, report_text
from cleaners.eval_run import baseline_description, evaluate_gold_set
from cleaners.goldset import MAX_GUNZIPPED, GoldSetError, bounded_read, load_gold_set
from cleaners.jsonl import LineWriter, atomic_file, json_line, stdout_lines
from cleaners.parallel import ordered_map
from cleaners.quality import (
    QUALITY_ANNOTATE,
    QUALITY_DROP,
    QUALITY_OFF,
    QualityUnavailable,
    check_available,
)
from cleaners.shards import ShardedOutput
from cleaners.url_map import UrlMapError, check_url, load_url_map, normalized_path
from cleaners.versions import tool_versions
from cleaners.warc import (
    HTML_TYPES,
    MAX_BODY_BYTES,
    WarcTask,
    clean_warc_task,
    failed_warc_task,
    find_warc_files,
    read_warc_files,
)

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's convention for SIGINT
EXIT_RUN_FAILED = 3  # corpus: a pipeline task failed, OUT_DIR unchanged
EXIT_WRITE_FAILED = 4  # html, text, warc: the output could not be written (a full disk)

_EPILOG = """\
output: one JSON record per input, in input order (whatever --jobs is), UTF-8, one per
line, as described by cleaners/schema/record.schema.json. With -o the file is written
under a temporary name and renamed when complete, so it is never left half-written; a
name ending in .gz is written gzip-compressed (-o out.jsonl.gz: errors in out.errors.jsonl).
With --shard-size N, -o out.jsonl.gz names numbered files of N records each,
out-00000.jsonl.gz, out-00001.jsonl.gz, ..., each renamed into place once complete; the
run removes shards of that name beyond the ones it wrote.

errors: an input that cannot be read, gunzipped (html, text: within --max-gunzipped),
decoded or cleaned is reported and skipped; the rest of the batch goes on. Each failure
is one JSON line {"path": ..., "reason": ...} written to --errors FILE; by default to
OUTPUT.errors.jsonl beside -o OUTPUT (written on every run, empty when nothing failed),
or, when records go to stdout, to stderr.

exit status: 0 all inputs cleaned, 1 some inputs failed, 2 usage error, 4 the output could
not be written (a full disk: -o FILE is left as it was, stdout redirected to a file ends
with its last whole record), 130 interrupted.
"""
# Help texts are wrapped by hand: the epilogs' layout must survive argparse.
_TEXT_DESCRIPTION = """\
Clean texts a naive extractor produced (clutter lines still in, one paragraph a line)
into records. Inputs must be UTF-8 (a BOM is dropped); a file that is not is an error.
Files ending in .gz are gunzipped (up to --max-gunzipped bytes). The record's
source_path is the file's path as given (null for stdin); its url is the --url given,
or the one --url-map gives the path (see html --help), else null.
"""
_HTML_DESCRIPTION = """\
Clean HTML pages into records. Files ending in .gz are gunzipped; the bytes go to
clean_html, which takes the encoding from the page (guessed when it declares none). An
input whose bytes are binary (not text in any encoding: a PDF, an image) is an error,
whatever its name. Directories are walked recursively, in sorted order, for .html, .htm,
.html.gz and .htm.gz files (names in any case); a directory holding none is a usage error
(exit status 2), as is a --url that is not an http(s) URL with a host.

Each record's source_path names its input: for a file found in a directory given, its
path relative to that directory (a/b.html), else the path as given; null for stdin.
The record's url is the --url given, or the one --url-map gives its source_path, else
null. The manifest is JSON lines if its name ends in .jsonl ({"path": ..., "url": ...}
a line), else tab-separated (path<TAB>url a line; # comments and blank lines skipped);
a bad manifest stops the run before any input is read (exit status 2), and an input it
does not list is an error ("not in the --url-map ...").
"""
_WARC_DESCRIPTION = """\
Clean the HTML responses of WARC files (.warc or .warc.gz, e.g. Common Crawl's) into
records. Directories are walked recursively, in sorted order, for *.warc and *.warc.gz
files; output follows file order, then record order.

Only response records are read (warcinfo, request, metadata and resource records are
skipped). The body, with chunked and gzip/deflate/br/zstd encodings undone, is decoded
with the charset of the HTTP Content-Type (a valid UTF-8 body declared UTF-8 by either
the header or the page stays UTF-8; else the page's <meta charset> first) and goes to
clean_html; the record's url is the WARC-Target-URI, and warc_file, warc_offset,
warc_record_id and warc_date say where it came from.

Every other response is an error line ("input" below means a response) with its offset,
record_id and url, and a reason: http_status (not 200; a redirect names its target),
truncated (WARC-Truncated, or the record or a compressed body cut short), too_large
(body over {max_body} bytes once decoded), unsupported_encoding, revisit (the body is in
an earlier record), not_http, corrupt_body or corrupt_record (damage warcio reported),
"cleaning failed: ...", or not_html: a binary body (a PDF, an image) whatever its type
says, or a Content-Type (else WARC-Identified-Payload-Type) other than
{html_types}.

A file that is not readable WARC, or whose end is no whole record, gives one error line
where reading stopped; the records before it are kept.
"""
_CORPUS_DESCRIPTION = """\
Clean WARC files (as `warc` finds and cleans them: the same FILE_OR_DIR inputs, the same
records and error lines) as a datatrove pipeline (our reader and cleaner steps, the
quality filter with --quality or --drop-low-quality, datatrove's JsonlWriter) on
datatrove's LocalPipelineExecutor: one task per WARC file, --workers at a time. Needs
the corpus extra (pip install -e '.[corpus]'). OUT_DIR gets records/RANK.jsonl.gz
(records as `warc` writes them; with --shard-size N, records/RANK-00000.jsonl.gz, ... of
N records each), rejects/RANK.jsonl.gz (its error lines; with --drop-low-quality also
rejects/RANK.low_quality.jsonl.gz), inputs.txt and logs/ (datatrove's stats). It is
written under a hidden .OUT_DIR.partial name and renamed when every task completed.

exit status: 0 every response cleaned, 1 some rejected, 2 usage error, 3 a task failed
(OUT_DIR is left as it was), 130 interrupted.
"""
_EVAL_DESCRIPTION = """\
Score clean_html on a gold set and, in the same run, the baseline:
  {baseline}.
Prints precision, recall, F1 and accuracy for both (the article-extraction-benchmark's
metric: 4-token shingles, precision averaged over pages with output, recall over all
pages), then the worst pages with the clutter left in and the text lost.
"""
_EVAL_EPILOG = """\
gold set: DIR/gold.json maps each page id to {"url": ..., "articleBody": ...},
optionally with "page_type" (figures are then also given per type), "title", and
"with" / "without" lists of snippets that must / must not be in the output (snippet
counts); DIR/html/<id>.html.gz (or DIR/html/<id>.html) is the page as fetched.

the lost-text view (--lost): the text the baseline keeps and clean_html drops, blamed
on the rule whose removed text shares most with it, per rule (with the clutter the
rule removed: its removed text the baseline kept and the gold lacks) and page by page.

exit status: 0 ok, 1 clean_html raised on some page (scored as an empty output),
2 usage error or malformed gold set.
"""


def _int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {number}")
        return number

    return parse


def _add_count(
    parser: argparse.ArgumentParser, flag: str, metavar: str, minimum: int, default: int, help: str
) -> None:
    parser.add_argument(
        flag,
        type=_int_at_least(minimum),
        default=default,
        metavar=metavar,
        help=f"{help} (default: {default})",
    )


def _output_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write records to FILE (default: stdout)"
    )
    options.add_argument(
        "--errors",
        type=Path,
        metavar="FILE",
        help="write error records to FILE (default: OUTPUT.errors.jsonl with -o, else stderr)",
    )
    _add_count(
        options, "--jobs", "N", 1, 1, "clean in N processes; output order stays the input order"
    )
    options.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show progress on stderr (default: when stderr is a terminal)",
    )
    _add_record_options(options, "with -o FILE, write numbered files of N records each "
                        "(FILE-00000...)")  # fmt: skip
    return options


def _add_record_options(parser: argparse.ArgumentParser, shard_help: str) -> None:
    """What every command writing records takes: --shard-size and --no-removed."""
    parser.add_argument("--shard-size", type=_int_at_least(1), metavar="N", help=shard_help)
    parser.add_argument(
        "--no-removed",
        dest="removed",
        action="store_false",
        help="leave `removed` (the text each rule removed, about half a record's bytes) "
        "out of the records",
    )


def _batch_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False, parents=[_output_options()])
    urls = options.add_mutually_exclusive_group()
    urls.add_argument(
        "--url", help="http(s) URL to record for the input (only with a single input file)"
    )
    urls.add_argument(
        "--url-map",
        type=Path,
        metavar="FILE",
        help="manifest mapping source paths to URLs (.jsonl, else tab-separated)",
    )
    _add_count(
        options, "--max-gunzipped", "BYTES", 1, MAX_GUNZIPPED,
        "a .gz input that gunzips to more than BYTES is an error (reading stops there)",
    )  # fmt: skip
    return options


def _add_quality_options(parser: argparse.ArgumentParser) -> None:
    switches = parser.add_mutually_exclusive_group()
    switches.add_argument(
        "--quality",
        dest="quality",
        action="store_const",
        const=QUALITY_ANNOTATE,
        default=QUALITY_OFF,
        help="add the quality field: Gopher, C4 and FineWeb signals and verdicts "
        "(datatrove's filters; needs the corpus extra; about 75 ms a page)",
    )
    switches.add_argument(
        "--drop-low-quality",
        dest="quality",
        action="store_const",
        const=QUALITY_DROP,
        help="as --quality, and send a record one of those filters would drop to the errors "
        "output instead, with the reason (low_quality: filter: reason; ...)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `cleaners` / `python -m cleaners`."""
    parser = argparse.ArgumentParser(
        prog="cleaners",
        description="Turn web articles into clean JSONL records, or score cleaning on a gold set.",
    )
    versions = tool_versions()
    parser.add_argument(
        "--version",
        action="version",
        version=f"cleaners {versions['cleaners']} ("
        + ", ".join(f"{name} {v}" for name, v in versions.items() if name != "cleaners")
        + ")",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    formatter = argparse.RawDescriptionHelpFormatter
    batch = _batch_options()

    batch_commands = [
        ("text", clean_text_task, _TEXT_DESCRIPTION, "FILE", "text file, or - for stdin",
         "clean texts a naive extractor produced (UTF-8 files, one paragraph a line)"),
        ("html", clean_html_task, _HTML_DESCRIPTION, "FILE_OR_DIR",
         "HTML file, directory, or - for stdin",
         "clean HTML pages (.html, .html.gz, or directories of them)"),
    ]  # fmt: skip
    for name, task, description, metavar, input_help, summary in batch_commands:
        command = commands.add_parser(
            name,
            parents=[batch],
            formatter_class=formatter,
            help=summary,
            description=description,
            epilog=_EPILOG,
        )
        command.add_argument("inputs", nargs="+", metavar=metavar, help=input_help)
        _add_quality_options(command)
        command.set_defaults(
            run=_run_batch,
            task=task,
            on_failure=failed_task,
            make_tasks=_tasks,
            unit="inputs",
            command_parser=command,
        )

    warc = commands.add_parser(
        "warc",
        parents=[_output_options()],
        formatter_class=formatter,
        help="clean the HTML responses of WARC files (.warc, .warc.gz, or directories of them)",
        description=_WARC_DESCRIPTION.format(
            html_types=" or ".join(HTML_TYPES), max_body=MAX_BODY_BYTES
        ),
        epilog=_EPILOG,
    )
    _add_warc_inputs(warc)
    _add_quality_options(warc)
    warc.set_defaults(
        run=_run_batch,
        task=clean_warc_task,
        on_failure=failed_warc_task,
        make_tasks=_warc_tasks,
        unit="responses",
        command_parser=warc,
    )

    corpus = commands.add_parser(
        "corpus",
        formatter_class=formatter,
        help="clean WARC files (.warc, .warc.gz, or directories of them) on datatrove's "
        "local executor, N processes",
        description=_CORPUS_DESCRIPTION,
    )
    _add_warc_inputs(corpus)
    corpus.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT_DIR",
        help="output directory (replaced when the run completes)",
    )  # fmt: skip
    _add_count(corpus, "--workers", "N", 1, 1, "run N tasks at a time (one task per WARC file)")
    _add_record_options(corpus, "write each task's records to numbered files of N records "
                        "each (records/RANK-00000.jsonl.gz...)")  # fmt: skip
    _add_quality_options(corpus)
    corpus.set_defaults(run=_run_corpus, command_parser=corpus)

    evaluate = commands.add_parser(
        "eval",
        formatter_class=formatter,
        help="score clean_html and bare trafilatura on a gold set",
        description=_EVAL_DESCRIPTION.format(baseline=baseline_description()),
        epilog=_EVAL_EPILOG,
    )
    evaluate.add_argument("directory", type=Path, metavar="DIR", help="gold set directory")
    _add_count(evaluate, "--worst", "N", 0, 5, "show the N worst pages by clean_html F1")
    _add_count(
        evaluate, "--lost", "N", 0, 10, "show the N pages losing most gold text to clean_html"
    )
    _add_count(
        evaluate, "--examples", "K", 0, 3, "show up to K spans of clutter and of lost text a page"
    )
    evaluate.add_argument(
        "--json", action="store_true", help="print the figures as one JSON document instead"
    )
    _add_count(evaluate, "--jobs", "N", 1, 1, "score in N processes")
    evaluate.set_defaults(run=_run_eval, command_parser=evaluate)
    return parser


def _default_errors_path(output: Path) -> Path:
    stem = output.name.removesuffix(".gz").removesuffix(".jsonl")
    return output.with_name(f"{stem}.errors.jsonl")


def _tasks(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Task]:
    inputs = (
        [InputFile(p, None if p == STDIN else p) for p in args.inputs]
        if args.task is clean_text_task
        else _found(find_inputs, args, parser, HTML_SUFFIXES)
    )
    paths = [found.path for found in inputs]
    if args.url is not None:
        if len(paths) != 1:
            parser.error(f"--url applies to a single input file, got {len(paths)} inputs")
        try:
            check_url(args.url, "--url")
        except UrlMapError as exc:
            parser.error(str(exc))
    if paths.count(STDIN) > 1:
        parser.error("stdin (-) can be given only once")
    urls = None
    if args.url_map is not None:
        try:
            urls = load_url_map(args.url_map)
        except UrlMapError as exc:
            parser.error(f"--url-map: {exc}")
    stdin, too_large = None, None
    if STDIN in paths:
        try:
            stdin = bounded_read(sys.stdin.buffer, DEFAULT_BUDGET.max_bytes)
        except ValueError as exc:
            too_large = str(exc)
    tasks = []
    for found in inputs:
        url, refusal = args.url, too_large if found.path == STDIN else None
        if urls is not None and found.source_path is None:
            url, refusal = None, "stdin has no path to look up in the --url-map"
        elif urls is not None:
            url = urls.get(normalized_path(found.source_path))
            if url is None:
                refusal = f"not in the --url-map {args.url_map}: no URL for {found.source_path!r}"
        data = stdin if found.path == STDIN else None
        tasks.append(
            Task(found.path, url, data, args.max_gunzipped, found.source_path, refusal)
        )
    return tasks


def _add_warc_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR", help="WARC file or directory")


def _warc_files(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    if STDIN in args.inputs:
        parser.error(f"{args.command} reads files, not stdin (-): records are located by "
                     "file offset")  # fmt: skip
    return _found(find_warc_files, args, parser)


def _found(
    find: Callable[..., list], args: argparse.Namespace, parser: argparse.ArgumentParser, *more
) -> list:
    """`find(args.inputs, *more)`; a directory holding no input file is a usage error."""
    try:
        return find(args.inputs, *more)
    except NoInputFiles as exc:
        parser.error(str(exc))


def _warc_tasks(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Iterable[WarcTask]:
    return read_warc_files(_warc_files(args, parser))


def _check_writable(path: Path | None, parser: argparse.ArgumentParser) -> None:
    if path is not None and not path.parent.is_dir():
        parser.error(f"cannot write {path}: directory {path.parent} does not exist")


def _report_failure(outcome: Outcome, errors: LineWriter | None) -> None:
    line = json_line(outcome.error_record())
    with tqdm.external_write_mode(file=sys.stderr):  # above the progress bar, if any
        if errors is None:
            sys.stderr.buffer.write(line)
            sys.stderr.buffer.flush()
            return
        # A notice only: the error line goes to the errors file, whatever stderr is.
        with suppress(OSError):
            print(f"cleaners: {outcome.where}: {outcome.reason}", file=sys.stderr, flush=True)
    errors.write(line)


def _run_batch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    errors_path = args.errors
    if errors_path is None and args.output is not None:
        errors_path = _default_errors_path(args.output)
    for path in (args.output, errors_path):
        _check_writable(path, parser)
    if args.output is not None and errors_path is not None and args.output == errors_path:
        parser.error("--errors must differ from --output")
    task = args.task
    if getattr(args, "quality", QUALITY_OFF) != QUALITY_OFF:
        try:
            check_available()
        except QualityUnavailable as exc:
            parser.error(str(exc))
        task = partial(task, quality=args.quality)
    if not getattr(args, "removed", True):
        task = partial(task, keep_removed=False)
    if args.shard_size is not None and args.output is None:
        parser.error("--shard-size needs -o FILE, the name its numbered files are made from")
    tasks = args.make_tasks(args, parser)
    try:
        failed, total = _write_outcomes(args, task, tasks, errors_path)
    except _WriteFailed as failure:
        # A failed write is a failed run: nothing half-written is left (`atomic_file`,
        # `stdout_lines`), and the status says the output is not there, also where
        # stderr is on the same full disk.
        with suppress(OSError):
            print(f"cleaners: cannot write the output: {failure.__cause__}", file=sys.stderr,
                  flush=True)  # fmt: skip
        return EXIT_WRITE_FAILED
    if failed:
        where = f" (see {errors_path})" if errors_path else ""
        print(f"cleaners: {failed} of {total} {args.unit} failed{where}", file=sys.stderr)
    return EXIT_FAILURES if failed else EXIT_OK


class _WriteFailed(Exception):
    """The output or the errors could not be written; the OSError is the cause."""


@contextmanager
def _writing() -> Iterator[None]:
    """An OSError of the block (not a closed pipe) as `_WriteFailed`."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _WriteFailed from exc


def _write_outcomes(
    args: argparse.Namespace, task: Callable, tasks: Iterable, errors_path: Path | None
) -> tuple[int, int]:
    """Cleans `tasks` and writes their records and error lines; (failed, total). A write
    that fails (opening, writing or closing the outputs) raises `_WriteFailed`; what
    fails in the cleaning is raised as it is."""
    try:
        return _clean_and_write(args, task, tasks, errors_path)
    except OSError as exc:
        # Closing the outputs after a failed write (flushing a gzip stream, a buffer) can
        # fail again, in place of the first failure.
        if isinstance(exc.__context__, _WriteFailed) and not isinstance(exc, BrokenPipeError):
            raise _WriteFailed from exc
        raise


def _clean_and_write(
    args: argparse.Namespace, task: Callable, tasks: Iterable, errors_path: Path | None
) -> tuple[int, int]:
    failed = total = 0
    with ExitStack() as files:
        out: LineWriter | ShardedOutput
        with _writing():
            if args.output is None:
                out = stdout_lines(sys.stdout.buffer)
            elif args.shard_size is not None:
                out = files.enter_context(ShardedOutput(args.output, args.shard_size))
            else:
                out = files.enter_context(atomic_file(args.output))
            errors = files.enter_context(atomic_file(errors_path)) if errors_path else None
        outcomes = ordered_map(
            task,
            tasks,
            args.jobs,
            cpu_seconds=DEFAULT_BUDGET.cpu_seconds,
            on_failure=args.on_failure,
        )
        # Should a write fail, the workers are stopped before the outputs are closed.
        files.callback(outcomes.close)
        progress = files.enter_context(tqdm(
            total=len(tasks) if isinstance(tasks, list) else None, unit=f" {args.unit}",
            file=sys.stderr, disable=None if args.progress is None else not args.progress,
            dynamic_ncols=True,
        ))  # fmt: skip
        for outcome in outcomes:
            progress.update()
            total += 1
            with _writing():
                if outcome.line is not None:
                    out.write(outcome.line)
                else:
                    failed += 1
                    _report_failure(outcome, errors)
        with _writing():
            files.close()  # the outputs renamed into place, complete
    return failed, total


def _run_corpus(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    warc_files = _warc_files(args, parser)
    if not warc_files:
        parser.error(f"no .warc or .warc.gz files under {' '.join(args.inputs)}")
    _check_writable(args.output, parser)
    try:
        check_available()
        from cleaners.corpus_run import CorpusFailed, run_corpus

        try:
            run = run_corpus(
                warc_files, args.output, args.workers, args.quality, args.removed, args.shard_size
            )
        except CorpusFailed as exc:
            print(f"cleaners corpus: failed, {args.output} left as it was: {exc}", file=sys.stderr)
            return EXIT_RUN_FAILED
    except QualityUnavailable as exc:
        parser.error(str(exc))
    print(
        f"cleaners corpus: {run.records} records, {run.rejected} of {run.responses} responses "
        f"rejected (see {run.out_dir / 'rejects'})",
        file=sys.stderr,
    )
    return EXIT_FAILURES if run.rejected else EXIT_OK


def _run_eval(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        pages = load_gold_set(args.directory)
    except GoldSetError as exc:
        print(f"cleaners eval: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report = evaluate_gold_set(str(args.directory), pages, args.jobs)
    if args.json:
        print(report_json(report, args.worst, args.lost))
    else:
        sys.stdout.write(report_text(report, args.worst, args.examples, args.lost))
    return EXIT_FAILURES if report.errors else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (argparse exits 2 itself on bad usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args, args.command_parser)
    except KeyboardInterrupt:
        # Output files are only renamed into place when complete, so nothing is torn.
        print("cleaners: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURES
