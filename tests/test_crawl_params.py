"""Spider arguments: parsed into CrawlParams, or refused with a message naming the problem."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from crawler.params import DEFAULT_MAX_DEPTH, ArgumentError, BadUrl, CrawlParams, parse_params


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
    params = parse_params({"urls_file": "-"}, stdin=io.BytesIO(b"https://a.example/1\n"))
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
        ({"site": "http://[::1/"}, "site= 'http://[::1/' is not a valid URL (Invalid IPv6 URL)"),
        ({"url": "https://a.example/", "max_pages": "0"}, "max_pages='0' must be an integer >= 1"),
        ({"url": "https://a.example/", "max_depth": "-1"}, "max_depth='-1' must be an integer"),
        ({"url": "https://a.example/", "depth": "2"}, "unknown argument(s) depth"),
    ],
)
def test_bad_arguments_are_refused(args, message):
    with pytest.raises(ArgumentError) as refused:
        parse_params(args, stdin=io.BytesIO(b""))
    assert message in str(refused.value)


def test_bad_urls_in_a_list_are_set_aside_one_by_one(tmp_path: Path):
    listed = tmp_path / "urls.txt"
    listed.write_bytes(
        b"https://a.example/1\nnot a url\nhttp://127.0.0.1:99999/x\nhttps://a.example/caf\xe9\n"
        b"https://a.example/2\n"
    )
    params = parse_params(
        {"urls": "https://a.example/0,ftp://a.example/f", "urls_file": str(listed)}
    )
    assert params.urls == ("https://a.example/0", "https://a.example/1", "https://a.example/2")
    assert params.bad_urls == (
        BadUrl("ftp://a.example/f", "urls=: not an absolute http(s) URL"),
        BadUrl("not a url", f"{listed} line 2: not an absolute http(s) URL"),
        BadUrl(
            "http://127.0.0.1:99999/x",
            f"{listed} line 3: not a valid URL (Port out of range 0-65535)",
        ),
        BadUrl("https://a.example/caf\ufffd", f"{listed} line 4: not UTF-8 (or holds U+FFFD)"),
    )


def test_a_list_of_only_bad_urls_is_not_an_argument_error():
    params = parse_params({"urls": "nonsense"})
    assert (params.urls, [bad.url for bad in params.bad_urls]) == ((), ["nonsense"])


def test_urls_file_with_utf8_bom_is_read(tmp_path: Path):
    listed = tmp_path / "urls.txt"
    listed.write_bytes(b"\xef\xbb\xbfhttps://a.example/1\r\nhttps://a.example/2\r\n")
    params = parse_params({"urls_file": str(listed)})
    assert (params.urls, params.bad_urls) == (("https://a.example/1", "https://a.example/2"), ())
