"""Memory of a scheduled crawl over 50,000 pages: peak RSS at 10k, 25k and 50k records.

Not a test: it takes minutes. Run from the checkout:

    .venv/bin/python benchmarks/memory_50k.py [--pages 50000] [--work DIR]

A local server on 127.0.0.1 makes small, distinct article pages on the fly (no files)
and lists them in a sitemap index of 5,000-URL sitemaps. The crawl is the real one
(`scrapy crawl articles -a strategy=sitemap`, with the project's pipelines: cleaning in
a process pool, record versions, duplicate index, line-atomic feed), with JOBDIR set so
the request queue is on disk. As the record count passes each mark it prints the crawl
process's RSS (now, and its peak so far, from /proc/PID/status) and the PSS of its
cleaning pool; at the end, the crawl process's lifetime peak RSS (from wait4). Then a
second run over the same site shows the cost of the seen-store when every URL is
already known (all are skipped).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from email.message import Message
from pathlib import Path

from crawler.local_site import LocalSite, Page, Responder

ROOT = Path(__file__).resolve().parent.parent
SITEMAP_SIZE = 5000
MARKS = (10_000, 25_000, 50_000)
_VOCABULARY = [
    "".join(random.Random(n).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4 + n % 6))
    for n in range(2000)
]


def page_html(number: int) -> bytes:
    """A small article page whose text no other page shares."""
    rng = random.Random(number)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(_VOCABULARY) for _ in range(35)).capitalize() + ".</p>"
        for _ in range(3)
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Report {number}</title><meta property='og:type' content='article'>"
        f"</head><body><article><h1>Report {number}</h1>{paragraphs}</article></body></html>"
    ).encode()


def responder(pages: int) -> Responder:
    """Answers for a site of `pages` generated pages: a sitemap index, its sitemaps, pages."""
    sitemaps = (pages + SITEMAP_SIZE - 1) // SITEMAP_SIZE
    xml = {"Content-Type": "application/xml"}

    def respond(path: str, request: Message, base: str) -> Page | None:
        if path == "/sitemap.xml":
            entries = "".join(
                f"<sitemap><loc>{base}/sitemap-{n}.xml</loc></sitemap>" for n in range(sitemaps)
            )
            return Page((
                '<?xml version="1.0"?><sitemapindex '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
            ).encode(), 200, xml)
        if path.startswith("/sitemap-"):
            part = int(path.removeprefix("/sitemap-").removesuffix(".xml"))
            numbers = range(part * SITEMAP_SIZE, min(pages, (part + 1) * SITEMAP_SIZE))
            urls = "".join(f"<url><loc>{base}/p/{n}</loc></url>" for n in numbers)
            return Page((
                '<?xml version="1.0"?><urlset '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            ).encode(), 200, xml)
        if path.startswith("/p/"):
            number = int(path.removeprefix("/p/"))
            return Page(page_html(number), 200, {"Content-Type": "text/html; charset=utf-8"})
        return None

    return respond


def rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB, (0, 0) once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    if "VmRSS" not in fields:  # exited, not yet reaped
        return 0, 0
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def pss_kib(pid: int) -> int:
    """Proportional set size of a process in KiB (shared pages split between sharers)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    pss = [int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")]
    return pss[0] if pss else 0


def descendants(pid: int) -> list[int]:
    """The processes below `pid` (its cleaning workers and resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found += [int(entry.name), *descendants(int(entry.name))]
    return found


def count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))


def crawl(base: str, work: Path, run: str, marks: tuple[int, ...], timeout: float) -> None:
    """Run one crawl, printing memory as the record count passes each of `marks`."""
    items = work / f"{run}.jsonl"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "articles",
        "-a", f"site={base}", "-a", "strategy=sitemap", "-o", str(items),
        "-s", f"STATE_DIR={work / 'state'}", "-s", f"JOBDIR={work / ('job-' + run)}",
        "-s", "ALLOW_PRIVATE_ADDRESSES=True",  # the site is on 127.0.0.1
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False",
        "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
        "-s", "LOG_LEVEL=WARNING",
    ]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=work, env=env, stderr=(work / f"{run}.log").open("wb"))
    pending = list(marks)
    ended = None  # (exit status, resource usage) once reaped with wait4
    while ended is None and time.monotonic() - started < timeout:
        time.sleep(0.5)
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            ended = status, usage
        records = count_lines(items)
        now, peak = rss_kib(process.pid)
        if not now:  # exiting: the last mark is reported from the lifetime peak below
            continue
        while pending and records >= pending[0]:
            pool = sum(pss_kib(child) for child in descendants(process.pid))
            print(
                f"{run}: {records:>6} records  crawl process RSS {now / 1024:6.1f} MB,"
                f" peak so far {peak / 1024:6.1f} MB; cleaning pool PSS {pool / 1024:6.1f} MB"
                f"  ({time.monotonic() - started:4.0f} s)",
                flush=True,
            )
            pending.pop(0)
    if ended is None:
        process.kill()
        print(f"{run}: stopped after {timeout:.0f} s", flush=True)
        _, status, usage = os.wait4(process.pid, 0)
        ended = status, usage
    status, usage = ended
    print(
        f"{run}: finished, exit {os.waitstatus_to_exitcode(status)},"
        f" {count_lines(items)} records in {time.monotonic() - started:.0f} s;"
        f" crawl process lifetime peak RSS {usage.ru_maxrss / 1024:.1f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=50_000, help="article pages of the site")
    parser.add_argument(
        "--work", type=Path, help="working directory, kept (default: a temp dir, then removed)"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per crawl")
    args = parser.parse_args()
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        run(args.pages, args.work, args.timeout)
        return
    with tempfile.TemporaryDirectory(prefix="memory-50k-") as work:
        run(args.pages, Path(work), args.timeout)


def run(pages: int, work: Path, timeout: float) -> None:
    """Serve `pages` pages and crawl them twice (first run, then a scheduled second run)."""
    with LocalSite(respond=responder(pages)) as site:
        print(f"{pages} pages at {site.base_url}, work dir {work}", flush=True)
        marks = tuple(m for m in MARKS if m <= pages) or (pages,)
        crawl(site.base_url, work, "first-run", marks, timeout)
        crawl(site.base_url, work, "second-run", (), timeout)


if __name__ == "__main__":
    main()
