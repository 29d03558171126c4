"""`scrapy crawl articles` with strategy direct: given URLs are articles.

Also covers what every strategy shares: argument errors before any request, the default
output path, `.jsonl.gz` output and the language allow-list.
"""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest

from crawler.local_site import LocalSite, Page
from tests.crawl_run import read_jsonl, run_crawl
from tests.legacy_pages import RUSSIAN
from tests.news_site import HTML, bench_articles, charset_article

UNDECLARED = {"Content-Type": "text/html"}

GERMAN = (
    "<!doctype html><html lang='de'><head><meta charset='utf-8'><title>Neue Brücke eröffnet"
    "</title></head><body><article><h1>Neue Brücke über den Fluss eröffnet</h1>"
    "<p>Nach drei Jahren Bauzeit ist die neue Brücke am Montagmorgen für den Verkehr "
    "freigegeben worden. Hunderte Menschen kamen zur Eröffnung.</p>"
    "<p>Die Bürgermeisterin sprach von einem wichtigen Tag für die ganze Region, weil die "
    "alte Fähre im Winter oft wegen Eis nicht fahren konnte.</p>"
    "<p>Die Kosten lagen am Ende deutlich über der ursprünglichen Planung, doch der Stadtrat "
    "hält das Projekt dennoch für einen Erfolg.</p></article></body></html>"
).encode()


@pytest.fixture
def site(shared_dir: Path):
    with LocalSite() as served:
        for path, _, html in bench_articles(shared_dir, 3):
            served.pages[path] = Page(html, 200, HTML)
        served.pages["/de/neue-bruecke-ueber-den-fluss-eroeffnet.html"] = Page(GERMAN, 200, HTML)
        served.pages["/en/cafe.html"] = Page(charset_article(), 200, HTML)
        # Declares no encoding anywhere: no BOM, no <meta charset>, no charset in the header.
        served.pages["/ru/most.html"] = Page(RUSSIAN.encode("cp1251"), 200, UNDECLARED)
        yield served


def _article_urls(site: LocalSite) -> list[str]:
    return [site.url(path) for path in site.pages if not path.startswith(("/de/", "/en/", "/ru/"))]


def test_urls_file_lists_the_articles(site: LocalSite, tmp_path: Path):
    urls = _article_urls(site)
    (tmp_path / "urls.txt").write_text("# to ingest\n" + "\n\n".join(urls) + "\n")
    run = run_crawl(["-a", "urls_file=urls.txt"], cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert sorted(record["url"] for record in run.records) == sorted(urls)
    assert {record["discovery"] for record in run.records} == {"given"}
    assert run.rejects == []


def test_urls_file_dash_reads_stdin(site: LocalSite, tmp_path: Path):
    urls = _article_urls(site)
    run = run_crawl(["-a", "urls_file=-"], cwd=tmp_path, stdin="\n".join(urls) + "\n")
    assert run.returncode == 0, run.stderr[-2000:]
    assert sorted(record["url"] for record in run.records) == sorted(urls)


def test_bad_url_in_a_list_is_rejected_and_the_rest_are_crawled(site: LocalSite, tmp_path: Path):
    first, *others = _article_urls(site)
    bad_port, no_scheme = "http://127.0.0.1:99999/x", "example.org/b"
    listed = "\n".join([first, bad_port, *others]) + "\n"
    (tmp_path / "urls.txt").write_bytes(b"\xef\xbb\xbf" + listed.encode())  # with a BOM
    run = run_crawl(["-a", "urls_file=urls.txt", "-a", f"urls={no_scheme}"], cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert sorted(record["url"] for record in run.records) == sorted([first, *others])
    assert [(line["url"], line["reason"], line["detail"]) for line in run.rejects] == [
        (no_scheme, "bad_url", "urls=: not an absolute http(s) URL"),
        (bad_port, "bad_url", "urls.txt line 2: not a valid URL (Port out of range 0-65535)"),
    ]
    assert run.rejects[0]["discovery"] == "given"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["strategy=everything", "url={site}/a"], "strategy='everything' is not one of"),
        (["max_pages=ten", "url={site}/a"], "max_pages='ten' must be an integer >= 1"),
        (["url=ftp://example.org/b"], "url= 'ftp://example.org/b' is not an absolute"),
        (["urls_file=no-such-file.txt"], "urls_file='no-such-file.txt' cannot be read"),
        (["colour=blue", "url={site}/a"], "unknown argument(s) colour"),
        (["strategy=full"], "no URL given"),
    ],
)
def test_bad_argument_stops_before_any_request(site, tmp_path, args, message):
    spider_args = [a for arg in args for a in ("-a", arg.format(site=site.base_url))]
    run = run_crawl(spider_args, cwd=tmp_path)
    assert run.returncode == 2
    assert f"Error: {message}" in run.stderr
    assert site.requests == []
    assert not (tmp_path / "out.jsonl").exists()


def test_default_output_is_output_dir_with_spider_and_time(site: LocalSite, tmp_path: Path):
    url = _article_urls(site)[0]
    run = run_crawl(["-a", f"url={url}"], cwd=tmp_path, output=None)
    assert run.returncode == 0, run.stderr[-2000:]
    feeds = sorted((tmp_path / "output").glob("articles-*.jsonl"))
    records = [p for p in feeds if not p.name.endswith((".rejects.jsonl", ".skipped.jsonl"))]
    rejects = [p for p in feeds if p.name.endswith(".rejects.jsonl")]
    skipped = [p for p in feeds if p.name.endswith(".skipped.jsonl")]
    assert len(records) == 1 and len(rejects) == 1 and len(skipped) == 1
    assert rejects[0].name == records[0].name.replace(".jsonl", ".rejects.jsonl")
    assert skipped[0].name == records[0].name.replace(".jsonl", ".skipped.jsonl")
    assert [r["url"] for r in read_jsonl(records[0])] == [url]


def test_jsonl_gz_output_is_gzipped_json_lines(site: LocalSite, tmp_path: Path):
    url = _article_urls(site)[0]
    run = run_crawl(["-a", f"url={url}"], cwd=tmp_path, output="out.jsonl.gz")
    assert run.returncode == 0, run.stderr[-2000:]
    lines = gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()).decode().splitlines()
    assert [json.loads(line)["url"] for line in lines] == [url]


def test_language_outside_allow_list_is_rejected(site: LocalSite, tmp_path: Path):
    german = site.url("/de/neue-bruecke-ueber-den-fluss-eroeffnet.html")
    english = site.url("/en/cafe.html")
    run = run_crawl(
        ["-a", f"urls={german},{english}"], cwd=tmp_path, settings={"ARTICLE_LANGUAGES": "en"}
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert [record["url"] for record in run.records] == [english]
    assert [(line["url"], line["reason"]) for line in run.rejects] == [(german, "language")]
    assert run.rejects[0]["detail"].startswith("de not in ARTICLE_LANGUAGES")


def test_a_page_in_an_undeclared_legacy_encoding_is_read_in_its_language(
    site: LocalSite, tmp_path: Path
):
    url = site.url("/ru/most.html")
    run = run_crawl(["-a", f"url={url}"], cwd=tmp_path, settings={"ARTICLE_LANGUAGES": "ru"})
    assert run.returncode == 0, run.stderr[-2000:]
    assert [(r["url"], r["language"], r["title"]) for r in run.records] == [
        (url, "ru", "Новый мост открыт")
    ]
    assert run.records[0]["text"].count("новый мост через реку") == 6


def test_unreachable_page_is_rejected_download_error(tmp_path: Path):
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news/2024/05/a-story-nobody-serves.html"
    run = run_crawl(["-a", f"url={url}"], cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.records == []
    assert [(line["url"], line["reason"]) for line in run.rejects] == [(url, "download_error")]
    assert "ConnectionRefusedError" in run.rejects[0]["detail"]
