"""Crawl throughput: the articles pipeline (process pool) against inline trafilatura,
or with the raw archive (WARC_ARCHIVE) on against off.

    .venv/bin/python benchmarks/crawl_throughput.py [--pages 2000] [--shared ../shared]
    .venv/bin/python benchmarks/crawl_throughput.py --archive [--pages 2000]

Builds a local site of `--pages` article pages (the bench pages of ../shared, replicated
under unique URLs, listed in a sitemap), serves it on 127.0.0.1 and crawls it twice in
this run with the same `articles` spider (strategy sitemap) and the same settings
(AutoThrottle off, high concurrency). Every copy of a page gets its own sentence in its
longest paragraph, so no two pages have the same text: the pipeline's dedup stage does
its full work (MinHash and LSH search) for every page, and finds the copies as near
duplicates, instead of taking the cheap exact-duplicate path.

- pipeline: the project as shipped: cleaning with `cleaners.clean_html` in a process pool
  (one worker per core), awaited from the asyncio reactor;
- baseline: the same spider calling `trafilatura.extract` inline in the callback, no
  item pipelines;
- and, as a third crawl, the pipeline with DEDUP_ENABLED=False: every page is then written
  as a record, which shows the cost of writing 2,000 records in place of the dedup work.

With `--archive`, two crawls instead: the pipeline as shipped (archive off), and the
same with WARC_ARCHIVE=True (every response, with its request, written to .warc.gz files
beside the feed, at the default gzip level); the archive's size is printed too.

Prints pages/s of each, their ratio, and peak memory (RSS summed over the crawl process
and its children, sampled from /proc: Linux only). Each crawl runs in a fresh subprocess.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("baseline", "pipeline", "no-dedup")
ARCHIVE_VARIANTS = ("pipeline", "archive")
SAMPLE_SECONDS = 0.1

# Same for both variants: as fast as the machine allows.
BENCH_SETTINGS = {
    "ALLOW_PRIVATE_ADDRESSES": True,  # the site is on 127.0.0.1
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "LOG_LEVEL": "WARNING",
}


# -- the site -------------------------------------------------------------------------


def build_site(shared: Path, count: int, base: str) -> dict[str, Any]:
    """{path: Page}: `count` article pages (bench pages round-robin), robots and sitemap."""
    from cleaners.goldset import load_gold_set
    from crawler.local_site import Page, with_base_href

    sources = []
    for page in load_gold_set(shared / "bench" / "articles"):
        url = page.url or ""
        slug = urlsplit(url).path.strip("/").replace("/", "-") or page.id
        sources.append((slug[:80], with_base_href(page.html, url)))
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    pages: dict[str, Page] = {}
    for n in range(count):
        slug, html = sources[n % len(sources)]
        pages[f"/news/2019/11/{n:05d}-{slug}.html"] = Page(unique_copy(html, n), 200, html_type)
    urls = "".join(f"<url><loc>{base}{path}</loc></url>" for path in pages)
    pages["/sitemap.xml"] = Page(
        (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode(),
        200,
        {"Content-Type": "application/xml"},
    )
    pages["/robots.txt"] = Page(
        f"User-agent: *\nSitemap: {base}/sitemap.xml\n".encode(),
        200,
        {"Content-Type": "text/plain"},
    )
    return pages


def unique_copy(html: bytes, n: int) -> bytes:
    """The page with a sentence naming copy `n` added to its longest paragraph."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    longest = max(tree.css("p"), key=lambda p: len(p.text()), default=None)
    if longest is None:
        return html
    longest.insert_child(f" (This is copy {n} of the page.)")
    return (tree.html or "").encode("utf-8")


# -- one crawl, in a child process ------------------------------------------------------


def run_variant(variant: str, site_url: str, output: str) -> None:
    """Child process: crawl once, print the stats we need as one JSON line on stdout."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict(BENCH_SETTINGS, priority="cmdline")
    settings.set("FEEDS", {output: {"format": "jsonlines", "overwrite": True}}, "cmdline")
    # A fresh seen-store per crawl, beside its output: nothing is skipped as already seen.
    settings.set("STATE_DIR", str(Path(output).with_suffix(".state")), priority="cmdline")
    if variant == "baseline":
        # No pipeline at all: the spider yields finished records (so no pipeline check).
        settings.set("ITEM_PIPELINES_BASE", {}, priority="cmdline")
        check = "crawler.required_pipelines.RequiredPipelines"
        settings.set("ADDONS", {**settings.getdict("ADDONS"), check: None}, priority="cmdline")
        spider_class = inline_extract_spider()
    else:
        from crawler.spiders.articles import ArticlesSpider as spider_class
    if variant == "no-dedup":
        settings.set("DEDUP_ENABLED", False, priority="cmdline")
    if variant == "archive":
        settings.set("WARC_ARCHIVE", True, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_class)
    process.crawl(crawler, site=site_url, strategy="sitemap")
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({
        "items": stats.get("item_scraped_count", 0),
        "pages": stats.get("pages/fetched", 0),
        "seconds": stats["elapsed_time_seconds"],
        "archived": stats.get("archive/responses", 0),
    }))


def inline_extract_spider() -> type:
    """The `articles` spider with `trafilatura.extract` called in the callback (blocking
    the reactor), yielding {url, text} instead of pages for the pipelines."""
    import trafilatura

    from crawler.items import FetchedPage
    from crawler.spiders.articles import ArticlesSpider

    class InlineExtractSpider(ArticlesSpider):
        name = "articles_inline"

        async def parse_page(self, response: Any) -> AsyncIterator[Any]:
            async for result in super().parse_page(response):
                if isinstance(result, FetchedPage):
                    yield {"url": result.url, "text": trafilatura.extract(response.text) or ""}
                else:
                    yield result

    return InlineExtractSpider


def site_pages_sample(shared: Path, count: int = 30) -> list[bytes]:
    """The first `count` bench pages, as served."""
    from cleaners.goldset import load_gold_set

    return [page.html for page in load_gold_set(shared / "bench" / "articles")[:count]]


def per_page_cost(pages: list[bytes]) -> tuple[float, float]:
    """Milliseconds per page of the baseline's extraction and of the pool's cleaning,
    measured in this process (one core): what bounds the speed-up."""
    import trafilatura

    from cleaners.budget import DEFAULT_BUDGET
    from crawler.cleaning_worker import clean_page

    utf8_html = "text/html; charset=utf-8"

    def per_page(run: Any) -> float:
        run(pages[0])  # warm-up (imports, caches)
        started = time.perf_counter()
        for page in pages:
            run(page)
        return (time.perf_counter() - started) / len(pages) * 1000

    return (
        per_page(lambda page: trafilatura.extract(page.decode("utf-8", "replace"))),
        per_page(lambda page: clean_page(page, utf8_html, "http://x/a/b", DEFAULT_BUDGET)),
    )


# -- the parent: serve, run both, measure -------------------------------------------------


def process_tree(root_pid: int) -> dict[int, tuple[int, float]]:
    """{pid: (RSS bytes, CPU seconds so far)} of `root_pid` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    usage: dict[int, tuple[int, float]] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            rss_pages = int((entry / "statm").read_text().split()[1])
        except (OSError, IndexError):
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        usage[pid] = (rss_pages * os.sysconf("SC_PAGE_SIZE"), cpu)
    tree = {}
    for pid in usage:
        ancestor = pid
        while ancestor not in (root_pid, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root_pid:
            tree[pid] = usage[pid]
    return tree


def communicate_sampled(
    child: subprocess.Popen, timeout: float = 3600
) -> tuple[Any, Any, int, float]:
    """`child.communicate()` while sampling its process tree every SAMPLE_SECONDS:
    (stdout, stderr, peak tree RSS in bytes, CPU seconds of the tree)."""
    peak = 0
    cpu_seconds: dict[int, float] = {}  # last CPU time seen per process of the tree
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            tree = process_tree(child.pid)
            peak = max(peak, sum(rss for rss, _ in tree.values()))
            cpu_seconds.update({pid: cpu for pid, (_, cpu) in tree.items()})
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = child.communicate(timeout=timeout)
    done.set()
    sampler.join()
    return stdout, stderr, peak, sum(cpu_seconds.values())


def measure(variant: str, site_url: str, workdir: Path) -> dict[str, Any]:
    """Run one variant in a subprocess; its stats plus peak tree RSS."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--run-variant", variant, "--site-url", site_url,
         "--output", str(workdir / f"{variant}.jsonl")],
        stdout=subprocess.PIPE, text=True, cwd=workdir,
    )
    stdout, _, peak, cpu_seconds = communicate_sampled(child)
    if child.returncode != 0:
        raise SystemExit(f"{variant} crawl failed with status {child.returncode}")
    result = json.loads(stdout.strip().splitlines()[-1])
    archive = workdir.glob(f"{variant}-*.warc.gz")  # beside the feed, named after it
    result["archive_mb"] = sum(path.stat().st_size for path in archive) / 2**20
    result["peak_rss_mb"] = peak / 2**20
    result["cpu_seconds"] = cpu_seconds
    result["pages_per_second"] = result["pages"] / result["seconds"]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000, help="article pages of the site")
    parser.add_argument(
        "--shared", type=Path, default=ROOT.parent / "shared", help="the shared material"
    )
    parser.add_argument(
        "--archive",
        action="store_true",
        help="crawl with WARC_ARCHIVE off and on (the pipeline as shipped) instead of "
        "against the inline baseline",
    )
    parser.add_argument(
        "--run-variant", choices=(*VARIANTS, *ARCHIVE_VARIANTS), help=argparse.SUPPRESS
    )
    parser.add_argument("--site-url", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_variant:
        run_variant(args.run_variant, args.site_url, args.output)
        return 0

    from crawler.local_site import LocalSite

    with LocalSite() as site, tempfile.TemporaryDirectory() as tmp:
        site.pages.update(build_site(args.shared, args.pages, site.base_url))
        print(f"site: {args.pages} article pages on {site.base_url}; cores: {os.cpu_count()}")
        variants = ARCHIVE_VARIANTS if args.archive else VARIANTS
        results = {}
        for variant in variants:
            results[variant] = measure(variant, site.base_url + "/", Path(tmp))
            r = results[variant]
            archived = (
                f", archived {r['archived']} responses in {r['archive_mb']:.1f} MB"
                if r["archived"] else ""
            )  # fmt: skip
            print(
                f"{variant:9s} {r['pages']:5d} pages ({r['items']} records) in "
                f"{r['seconds']:6.1f} s = {r['pages_per_second']:6.1f} pages/s, "
                f"peak RSS {r['peak_rss_mb']:7.1f} MB, CPU {r['cpu_seconds']:6.1f} s{archived}"
            )
    for variant in variants[1:]:
        ratio = results[variant]["pages_per_second"] / results[variants[0]]["pages_per_second"]
        print(f"{variant} / {variants[0]}: {ratio:.2f}x")
    if args.archive:
        return 0
    extract_ms, clean_ms = per_page_cost(site_pages_sample(args.shared))
    print(
        f"per page, one core: trafilatura.extract {extract_ms:.1f} ms, cleaning (clean_page) "
        f"{clean_ms:.1f} ms; with {os.cpu_count()} cores the pool can be at most "
        f"{(os.cpu_count() or 1) * extract_ms / clean_ms:.2f}x the baseline"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
