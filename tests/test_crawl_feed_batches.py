"""The crawler's feeds split into files of N records with Scrapy's
FEED_EXPORT_BATCH_ITEM_COUNT (README "Output"): each batch file holds whole records, and
every record is in exactly one of them."""

from __future__ import annotations

import gzip
import json

from crawler.local_site import LocalSite, Page
from tests.crawl_run import run_crawl
from tests.news_site import HTML, numbered_story


def test_batched_gzip_feed_files_hold_n_whole_records_each(tmp_path):
    with LocalSite() as site:
        paths = [f"/news/2019/11/story-{n}.html" for n in range(5)]
        for n, path in enumerate(paths):
            site.pages[path] = Page(numbered_story(n), 200, HTML)
        given = [*paths, "/news/2019/11/gone.html"]  # one 404: a rejects line
        run = run_crawl(
            ["-a", "urls=" + ",".join(site.url(path) for path in given)],
            cwd=tmp_path,
            output="out-%(batch_id)05d.jsonl.gz",
            settings={"FEED_EXPORT_BATCH_ITEM_COUNT": "2", "DEDUP_ENABLED": "False"},
        )
    assert run.returncode == 0, run.stderr[-3000:]
    batches = sorted(tmp_path.glob("out-*.jsonl.gz"))
    assert [path.name for path in batches] == [
        "out-00001.jsonl.gz", "out-00002.jsonl.gz", "out-00003.jsonl.gz"
    ]
    lines = [gzip.decompress(path.read_bytes()).decode().splitlines() for path in batches]
    assert [len(batch) for batch in lines] == [2, 2, 1]
    urls = sorted(json.loads(line)["url"] for batch in lines for line in batch)
    assert urls == sorted(site.url(path) for path in paths)
    # The logs are the crawl's, named after the feed's URI without the batch number.
    [reject] = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").open()]
    assert not list(tmp_path.glob("out-*.rejects.jsonl"))
    assert reject["url"] == site.url("/news/2019/11/gone.html")
    assert "records written:  5\n" in run.stderr
    # WARC_ARCHIVE is off by default: no archive, no warc_* fields.
    assert not list(tmp_path.rglob("*.warc.gz"))
    assert not [key for batch in lines for key in json.loads(batch[0]) if key.startswith("warc")]


def test_a_batched_crawls_archive_is_named_after_the_feed_without_the_batch_number(tmp_path):
    with LocalSite() as site:
        paths = [f"/news/2019/11/story-{n}.html" for n in range(3)]
        for n, path in enumerate(paths):
            site.pages[path] = Page(numbered_story(n), 200, HTML)
        run = run_crawl(
            ["-a", "urls=" + ",".join(site.url(path) for path in paths)],
            cwd=tmp_path,
            output="out-%(batch_id)05d.jsonl.gz",
            settings={
                "FEED_EXPORT_BATCH_ITEM_COUNT": "2",
                "DEDUP_ENABLED": "False",
                "WARC_ARCHIVE": "True",
            },
        )
    assert run.returncode == 0, run.stderr[-3000:]
    assert sorted(path.name for path in tmp_path.glob("out-*.jsonl.gz")) == [
        "out-00001.jsonl.gz", "out-00002.jsonl.gz"
    ]
    # One archive for the crawl, whose batches all point into it.
    assert [path.name for path in tmp_path.glob("*.warc.gz")] == ["out-00000.warc.gz"]
    records = [
        json.loads(line)
        for path in tmp_path.glob("out-*.jsonl.gz")
        for line in gzip.decompress(path.read_bytes()).decode().splitlines()
    ]
    assert sorted(record["url"] for record in records) == sorted(map(site.url, paths))
    assert {record["warc_file"] for record in records} == {"out-00000.warc.gz"}
    assert "responses, out-00000.warc.gz\n" in run.stderr  # the report names it
