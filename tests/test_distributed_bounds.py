"""Two workers of one distributed crawl share its bounds: `max_pages` and the sitemap
limits count for the crawl, and each page counts once in `pages found`.

The site lists its pages in two sitemap indexes of three sitemaps each; the indexes and
sitemaps answer slowly and each worker holds one request at a time, so both workers read
listings and find pages.
"""

from __future__ import annotations

import subprocess
import sys
import time
from email.message import Message

from crawler.local_site import LocalSite, Page
from tests.crawl_run import ROOT
from tests.distributed_workers import output, run_workers
from tests.news_site import XML
from tests.redis_server import redis_server
from tests.scheduled.site import generated_page

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
INDEXES, SITEMAPS, PAGES = "ab", 3, 10  # 2 indexes x 3 sitemaps x 10 pages
MAX_PAGES, MAX_SITEMAPS = 8, 4
WORKERS = ("w1", "w2")


def listing(base: str, path: str) -> Page | None:
    """/index-X.xml lists /sitemap-X<n>.xml, which lists /a/shared (in every sitemap),
    then /a/X<n>-<k>; both take 0.5 s."""
    if path.startswith("/index-"):
        name = path.removeprefix("/index-").removesuffix(".xml")
        entries = "".join(f"<sitemap><loc>{base}/sitemap-{name}{n}.xml</loc></sitemap>"
                          for n in range(SITEMAPS))
        body = f'<sitemapindex xmlns="{NS}">{entries}</sitemapindex>'
    elif path.startswith("/sitemap-"):
        name = path.removeprefix("/sitemap-").removesuffix(".xml")
        urls = [f"{base}/a/shared"] + [f"{base}/a/{name}-{k}" for k in range(PAGES)]
        entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
        body = f'<urlset xmlns="{NS}">{entries}</urlset>'
    else:
        return None
    time.sleep(0.5)
    return Page(body.encode(), 200, XML)


def respond(path: str, headers: Message, base: str) -> Page | None:
    if path == "/robots.txt":
        lines = "".join(f"Sitemap: {base}/index-{name}.xml\n" for name in INDEXES)
        return Page(lines.encode(), 200, {"Content-Type": "text/plain"})
    if path.startswith("/a/"):
        page = generated_page(sum(map(ord, path)) * 1000 + len(path))
        return Page(page.html(), 200, {"Content-Type": "text/html; charset=utf-8"})
    return listing(base, path)


def test_two_workers_request_max_pages_pages_and_sitemaps_in_all(tmp_path):
    with LocalSite(respond=respond) as site, redis_server(tmp_path) as url:
        run_workers(site.base_url, tmp_path, url, WORKERS, CONCURRENT_REQUESTS=1,
                    WORKER_MAX_LEASED=1, SITEMAP_MAX_COUNT=MAX_SITEMAPS,
                    SITEMAP_MAX_DEPTH=1, spider_args={"site": site.base_url, "strategy":
                                                      "sitemap", "max_pages": str(MAX_PAGES)})
    listings = [p for p in site.requests if p.startswith(("/index-", "/sitemap-"))]
    assert len(listings) == len(set(listings)) == MAX_SITEMAPS
    records = [r for w in WORKERS for r in output(tmp_path, w)]
    assert len(records) == len({r["url"] for r in records}) == MAX_PAGES
    skipped = [line for w in WORKERS for line in output(tmp_path, w, "skipped")]
    # The two sitemaps read list 21 pages: 8 requested, 13 skipped, each once; /a/shared,
    # listed by both, is no `already_requested` line when both workers find it.
    found = (MAX_SITEMAPS - len(INDEXES)) * PAGES + 1
    assert sorted(line["reason"] for line in skipped) == ["max_pages"] * (found - MAX_PAGES)
    assert len({line["url"] for line in skipped}) == found - MAX_PAGES
    # Both workers read listings (else this test shows nothing).
    stats = {w: output(tmp_path, w, "stats")[0] for w in WORKERS}
    assert all(stats[w].get("response_received_count", 0) > 1 for w in WORKERS), stats
    files = [str(tmp_path / f"items-{w}.stats.jsonl") for w in WORKERS]
    report = subprocess.run([sys.executable, "-m", "crawler.report", *files], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=True).stdout
    assert f"pages found:      {found}" in report.splitlines(), report
