"""Spider arguments: parsed into CrawlParams, or refused with a message naming the problem."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from crawler.params import DEFAULT_MAX_DEPTH, ArgumentError, CrawlParams, parse_params


def test_url_alone_means_direct():
    assert parse_params({"url": "https://a.example/x"}) == CrawlParams(
        "direct", ("https://a.example/x",), None, DEFAULT_MAX_DEPTH
    )


def test_site_alone_means_full():
    assert parse_params({"site": "https://a.example/"}).strategy == "full"


def test_urls_are_split_deduplicated_and_merged_with_file(tmp_path: Path):
    listed = tmp_path / "urls.txt"
    listed.write_text("# comment\nhttps://a.example/2\n\nhttps://a.example/3\n")
    params = parse_params(
        {"urls": "https://a.example/1, https://a.example/2", "urls_file": str(listed)}
    )
    assert params.urls == ("https://a.example/1", "https://a.example/2", "https://a.example/3")


def test_urls_file_dash_reads_stdin():
    params = parse_params({"urls_file": "-"}, stdin=io.StringIO("https://a.example/1\n"))
    assert params.urls == ("https://a.example/1",)


def test_bounds_are_parsed():
    params = parse_params({"site": "https://a.example/", "max_pages": "5", "max_depth": "0"})
    assert (params.max_pages, params.max_depth) == (5, 0)


def test_scrapyd_job_argument_is_ignored():
    assert parse_params({"url": "https://a.example/x", "_job": "abc"}).urls


def test_domains_come_from_the_urls():
    params = parse_params({"urls": "https://a.example/x,https://b.example:8080/"})
    assert params.domains == ("a.example", "b.example")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"url": "https://a.example/", "strategy": "all"}, "strategy='all' is not one of"),
        ({"site": "https://a.example/", "strategy": "direct"}, "site= needs strategy"),
        ({}, "no URL given"),
        ({"url": "a.example/x"}, "url= 'a.example/x' is not an absolute http(s) URL"),
        ({"url": "https://a.example/", "max_pages": "0"}, "max_pages='0' must be an integer >= 1"),
        ({"url": "https://a.example/", "max_depth": "-1"}, "max_depth='-1' must be an integer"),
        ({"url": "https://a.example/", "depth": "2"}, "unknown argument(s) depth"),
    ],
)
def test_bad_arguments_are_refused(args, message):
    with pytest.raises(ArgumentError) as refused:
        parse_params(args, stdin=io.StringIO(""))
    assert message in str(refused.value)


def test_bad_line_in_urls_file_is_named(tmp_path: Path):
    listed = tmp_path / "urls.txt"
    listed.write_text("https://a.example/1\nnot a url\n")
    with pytest.raises(ArgumentError, match=r"urls.txt line 2 'not a url'"):
        parse_params({"urls_file": str(listed)})
