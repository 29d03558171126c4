"""Corpus speed: `cleaners warc` against the datatrove pipeline (`cleaners corpus`).

    .venv/bin/python benchmarks/corpus_speed.py [--pages 2000] [--files 8] [--quality]

Writes `--pages` HTML responses into `--files` .warc.gz files (warcio's writer, laid out
as Common Crawl's: warcinfo, then request and response records), taking the bench pages
of ../shared/bench/articles and ../shared/bench/web round-robin as they are. Then cleans
them, each run in a fresh subprocess, with

- `warc --jobs 1` and `warc --jobs 2` (the command, output in input order), and
- `corpus --workers 1` and `corpus --workers 2` (datatrove's LocalPipelineExecutor, one
  task per WARC file, each task cleaning in one worker process),

with `--quality` added to every run when given. Prints, for each, pages per second
(responses over wall-clock seconds, start-up included), the CPU seconds of the whole
process tree, and its peak memory (RSS summed over the process and its descendants,
sampled from /proc every 0.1 s: Linux only); and checks that all four wrote the same
records (as sets of JSON objects). Not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawl_throughput import communicate_sampled
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-12-01T00:00:00Z"


def bench_pages(shared: Path) -> list[tuple[str, bytes]]:
    """(id, HTML) of every bench page, both sets, in file-name order."""
    found = sorted((shared / "bench/articles/html").glob("*.html.gz"))
    found += sorted((shared / "bench/web/html").glob("*.html.gz"))
    return [(p.name.removesuffix(".html.gz"), gzip.decompress(p.read_bytes())) for p in found]


def write_warcs(directory: Path, pages: list[tuple[str, bytes]], count: int, files: int) -> None:
    """`count` responses (pages round-robin) over `files` .warc.gz files."""
    headers = [("Content-Type", "text/html; charset=utf-8")]
    for file_number in range(files):
        with open(directory / f"crawl-{file_number:03d}.warc.gz", "wb") as stream:
            writer = WARCWriter(stream, gzip=True)
            writer.write_record(writer.create_warcinfo_record(stream.name, {"software": "bench"}))
            for n in range(file_number, count, files):
                page_id, html = pages[n % len(pages)]
                url = f"https://bench.example.org/{n:05d}/{page_id}"
                request = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
                response = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
                for kind, http, body in (("request", request, b""), ("response", response, html)):
                    record = writer.create_warc_record(
                        url, kind, payload=io.BytesIO(body), http_headers=http,
                        warc_headers_dict={"WARC-Date": DATE},
                    )  # fmt: skip
                    writer.write_record(record)


def measure(command: list[str], cwd: Path) -> dict[str, float]:
    """Run `command`; wall seconds, CPU seconds and peak RSS (MiB) of its process tree."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, stderr, peak, cpu_seconds = communicate_sampled(child)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 1):  # 1: some response rejected
        raise SystemExit(f"{command} failed ({child.returncode}): {stderr.decode()[-2000:]}")
    return {"seconds": seconds, "cpu": cpu_seconds, "peak_mib": peak / 2**20}


def record_set(paths: list[Path]) -> set[str]:
    opener = {True: gzip.open, False: open}
    return {
        json.dumps(json.loads(line), sort_keys=True)
        for path in paths
        for line in opener[path.name.endswith(".gz")](path, "rt", encoding="utf-8")
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000, help="HTML responses written")
    parser.add_argument("--files", type=int, default=8, help=".warc.gz files they go into")
    parser.add_argument("--quality", action="store_true", help="add --quality to every run")
    parser.add_argument(
        "--shared", type=Path, default=ROOT.parent / "shared", help="the shared material"
    )
    args = parser.parse_args()
    switches = ["--quality"] if args.quality else []
    with tempfile.TemporaryDirectory(prefix="corpus-speed-") as tmp:
        work = Path(tmp)
        (work / "warcs").mkdir()
        pages = bench_pages(args.shared)
        write_warcs(work / "warcs", pages, args.pages, args.files)
        size = sum(p.stat().st_size for p in (work / "warcs").iterdir()) / 2**20
        print(f"{args.pages} responses from {len(pages)} bench pages in {args.files} WARC files "
              f"({size:.0f} MiB){', with --quality' if args.quality else ''}")  # fmt: skip
        python = [sys.executable, "-m", "cleaners"]
        runs = {
            f"warc --jobs {n}": ([*python, "warc", "warcs", "--jobs", str(n), "-o", f"w{n}.jsonl"],
                                 [work / f"w{n}.jsonl"])
            for n in (1, 2)
        } | {
            f"corpus --workers {n}": ([*python, "corpus", "warcs", "--workers", str(n), "-o",
                                       f"c{n}"], None)
            for n in (1, 2)
        }  # fmt: skip
        print(f"{'run':<20} {'pages/s':>8} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}")
        outputs = []
        for name, (command, output) in runs.items():
            result = measure(command + switches, work)
            rate = args.pages / result["seconds"]
            print(f"{name:<20} {rate:8.1f} {result['seconds']:8.1f} {result['cpu']:8.1f} "
                  f"{result['peak_mib']:9.0f}", flush=True)  # fmt: skip
            out_dir = work / command[command.index("-o") + 1]
            outputs.append(output or sorted((out_dir / "records").glob("*.jsonl.gz")))
        sets = [record_set(paths) for paths in outputs]
        same = all(s == sets[0] for s in sets)
        print(f"records: {len(sets[0])} each; the same in all runs: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
