"""The raw archive (WARC_ARCHIVE): a full crawl of the news site writes every response it
fetched to rotating .warc.gz files, and `python -m cleaners warc` re-cleans the crawl from
them offline into the same records but for the fetch provenance.

One crawl and one re-cleaning per module; each test pins one behaviour.
"""

from __future__ import annotations

import gzip
import json
import random
import resource
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from backports import zstd
from warcio.archiveiterator import ArchiveIterator

from cleaners.jsonl import json_line
from crawler.items import FETCH_KEYS
from crawler.local_site import LocalSite, Page
from tests.crawl_run import ROOT, TEST_SETTINGS, crawl_env, read_jsonl, run_crawl
from tests.news_site import HTML, MAX_SIZE, build_news_site, numbered_story

SCHEMA = json.loads((ROOT / "cleaners/schema/record.schema.json").read_text(encoding="utf-8"))
ARCHIVE_MAX_BYTES = 150_000  # small, so that the crawl rotates through several files
# Fields only the crawl writes: its fetch provenance, and the scheduled crawl's record ids.
CRAWL_ONLY = (*FETCH_KEYS, "record_id", "version", "previous_record_id")
# When the page gives no date, the crawl takes `published` and `modified` from listings.
LISTING_FALLBACKS = {
    "published": ("news_publication_date", "feed_published"),
    "modified": ("sitemap_lastmod",),
}


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture(scope="module")
def archived(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The crawl (a quarter of its articles sent gzip-encoded, a quarter zstd), its archive
    files, and the records and errors of `cleaners warc` on them."""
    workdir = tmp_path_factory.mktemp("archive")
    with LocalSite() as site:
        news = build_news_site(shared_dir, site.base_url)
        site.pages.update(news.pages)
        encodings = {"gzip": lambda body: gzip.compress(body, mtime=0), "zstd": zstd.compress}
        for n, path in enumerate(news.article_paths):
            if encoding := ("gzip", None, "zstd", None)[n % 4]:
                page = site.pages[path]
                headers = {**page.headers, "Content-Encoding": encoding}
                site.pages[path] = Page(encodings[encoding](page.body), 200, headers)
        run = run_crawl(
            ["-a", f"site={site.base_url}/"],
            cwd=workdir,
            settings={
                "DOWNLOAD_MAXSIZE": str(MAX_SIZE),
                "WARC_ARCHIVE": "True",
                "WARC_ARCHIVE_MAX_BYTES": str(ARCHIVE_MAX_BYTES),
            },
        )
    assert run.returncode == 0, run.stderr[-3000:]
    files = sorted(p.name for p in workdir.glob("out-*.warc.gz"))
    recleaned = subprocess.run(
        [sys.executable, "-m", "cleaners", "warc", *files, "-o", "again.jsonl"],
        cwd=workdir, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert recleaned.returncode == 1, recleaned.stderr[-3000:]  # a crawl has 404s and PDFs
    again = read_jsonl(workdir / "again.jsonl")
    errors = read_jsonl(workdir / "again.errors.jsonl")
    return site, news, run, workdir, files, again, errors


def _responses(workdir: Path, files: list[str]) -> list[tuple[str, int, dict[str, str]]]:
    """(file, offset, WARC headers) of every response record in the archive."""
    found = []
    for name in files:
        with open(workdir / name, "rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type == "response":
                    headers = dict(record.rec_headers.headers)
                    found.append((name, records.get_record_offset(), headers))
    return found


def test_every_response_fetched_is_in_the_archive_once(archived):
    site, _, _, workdir, files, _, _ = archived
    archived_paths = Counter(
        _path(headers["WARC-Target-URI"]) for _, _, headers in _responses(workdir, files)
    )
    # Each request the site answered, retries of the 500 and the 301 included; the page
    # over DOWNLOAD_MAXSIZE is cancelled mid-body and never arrives whole.
    served = Counter(site.requests)
    del served["/news/2019/11/giant-interactive-story-with-everything.html"]
    assert archived_paths == served


def test_archive_rotates_into_files_of_whole_gzip_members_each_opened_by_warcinfo(archived):
    _, _, _, workdir, files, _, _ = archived
    assert files == [f"out-{n:05d}.warc.gz" for n in range(len(files))]
    assert len(files) >= 3
    for name in files:
        data = (workdir / name).read_bytes()
        members = []
        while data:
            decompressor = zlib.decompressobj(31)
            members.append(decompressor.decompress(data))
            assert decompressor.eof, f"{name} ends in a partial gzip member"
            data = decompressor.unused_data
        assert all(member.startswith(b"WARC/1.0\r\n") for member in members)
        assert b"WARC-Type: warcinfo\r\n" in members[0]
        assert f"WARC-Filename: {name}\r\n".encode() in members[0]
        # Request then response, one record a member; a file closes past the size.
        types = [member.split(b"WARC-Type: ")[1].split(b"\r\n")[0] for member in members[1:]]
        assert types == [b"request", b"response"] * (len(types) // 2)
    for name in files[:-1]:
        assert (workdir / name).stat().st_size >= ARCHIVE_MAX_BYTES


def test_report_names_the_archive_files(archived):
    site, _, run, _, files, _, _ = archived
    responses = len(site.requests) - 1  # the oversize page is cut off mid-body
    assert f"raw archive:      {responses} responses, {files[0]} to {files[-1]}\n" in run.stderr


def test_records_and_their_recleaned_twins_match_the_schema(archived):
    _, _, run, _, _, again, _ = archived
    for record in run.records + again:
        jsonschema.validate(record, SCHEMA)


def test_every_record_rejects_line_and_hub_line_names_its_response(archived):
    _, news, run, workdir, files, _, _ = archived
    where = {headers["WARC-Record-ID"]: (name, offset, headers)
             for name, offset, headers in _responses(workdir, files)}  # fmt: skip
    fetched_rejects = [line for line in run.rejects if line["http_status"] is not None]
    assert {_path(line["url"]) for line in fetched_rejects} == {
        path for path, reason in news.rejected.items()
        if reason not in ("robots_disallowed", "too_large")
    }  # fmt: skip
    hubs = [line for line in run.skipped if line["reason"] == "hub"]
    assert len(hubs) == len(news.hub_paths)
    for line in run.records + fetched_rejects + hubs:
        name, offset, headers = where[line["warc_record_id"]]
        assert (line["warc_file"], line["warc_offset"]) == (name, offset)
        assert (line["url"], line["warc_date"]) == (
            headers["WARC-Target-URI"], headers["WARC-Date"]
        )


def test_recleaned_records_equal_the_crawls_but_for_fetch_provenance(archived):
    _, news, run, _, _, again, _ = archived
    by_id = {record["warc_record_id"]: record for record in again}
    assert len(run.records) == len(news.article_paths)
    fallbacks = 0
    for record in run.records:
        expected = {key: value for key, value in record.items() if key not in CRAWL_ONLY}
        recleaned = by_id[record["warc_record_id"]]
        for field, listings in LISTING_FALLBACKS.items():
            if recleaned[field] is None and expected[field] is not None:
                assert expected[field] in [record[listing] for listing in listings]
                expected[field] = None
                fallbacks += 1
        assert json_line(recleaned) == json_line(expected), record["url"]
    assert fallbacks > 0  # the news sitemap's dates did fill some


def test_recleaning_rejects_what_the_crawl_rejected_as_fetched(archived):
    _, news, run, _, _, _, errors = archived
    reasons = {error["record_id"]: error["reason"].split(":")[0] for error in errors}
    for line in run.rejects:
        if line["reason"] in ("http_status", "not_html"):
            assert reasons[line["warc_record_id"]] == line["reason"], line["url"]


def test_a_failed_archive_write_fails_the_crawl_and_leaves_whole_members(tmp_path):
    with LocalSite() as site:
        paths = [f"/news/2019/11/story-{n}.html" for n in range(10)]
        for n, path in enumerate(paths):
            noise = random.Random(n).randbytes(30_000).hex()  # 60 kB of markup, not text
            site.pages[path] = Page(numbered_story(n, noise), 200, HTML)
        limit = 100_000  # bytes any file may hold (RLIMIT_FSIZE, like a full disk)
        settings = {**TEST_SETTINGS, "WARC_ARCHIVE": "True", "DEDUP_ENABLED": "False",
                    "CONCURRENT_REQUESTS": "1"}  # fmt: skip
        command = [sys.executable, "-m", "scrapy", "crawl", "articles", "-O", "out.jsonl",
                   "-a", "urls=" + ",".join(site.url(path) for path in paths)]  # fmt: skip
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        done = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=crawl_env(),
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
        )  # fmt: skip
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Stopping the crawl: could not write the WARC archive out-00000.warc.gz" in done.stderr
    data = (tmp_path / "out-00000.warc.gz").read_bytes()
    exchanges = 0
    while data:  # whole gzip members only: the write that did not fit was taken back
        decompressor = zlib.decompressobj(31)
        exchanges += b"WARC-Type: response" in decompressor.decompress(data)
        assert decompressor.eof
        data = decompressor.unused_data
    assert 0 < exchanges < len(paths)
    assert len(read_jsonl(tmp_path / "out.jsonl")) <= exchanges
