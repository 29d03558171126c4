"""The WARC records of one exchange (crawler/warc_records.py), read back with warcio."""

from __future__ import annotations

import gzip
import io

from scrapy import Request
from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator

from crawler.warc_records import exchange_records

URL = "https://news.example.org/2019/11/story.html?page=2"
PAGE = b"<html><body><p>The harbour board met on Monday.</p></body></html>"


def _exchange(**response_headers: str) -> tuple[bytes, int, str]:
    request = Request(URL, headers={"Authorization": "Basic c2VjcmV0", "Accept": "text/html"})
    body = gzip.compress(PAGE, mtime=0)
    response = HtmlResponse(URL, status=200, body=body, request=request, headers={
        "Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip",
        **response_headers,
    })  # fmt: skip
    return exchange_records(request, response, filename="out-00000.warc.gz", number=7,
                            date="2026-12-04T15:00:00Z", level=6)  # fmt: skip


def test_request_then_response_each_one_gzip_member_linked_by_id():
    data, response_at, response_id = _exchange()
    records = []
    for record in ArchiveIterator(io.BytesIO(data)):
        records.append((record.rec_type, dict(record.rec_headers.headers), record.http_headers))
    (_, request_warc, request_http), (_, response_warc, response_http) = records
    assert [kind for kind, _, _ in records] == ["request", "response"]
    assert request_warc["WARC-Concurrent-To"] == response_id == response_warc["WARC-Record-ID"]
    assert gzip.decompress(data[response_at:]).startswith(b"WARC/1.0\r\nWARC-Date: ")
    assert request_http.protocol == "GET"
    assert request_http.statusline == "/2019/11/story.html?page=2 HTTP/1.1"
    assert request_http.get_header("Host") == "news.example.org"
    assert request_http.get_header("Authorization") is None  # credentials are not archived
    assert response_warc["WARC-Target-URI"] == URL


def test_response_body_is_kept_as_sent_with_consistent_framing_headers():
    data, response_at, _ = _exchange(**{"Transfer-Encoding": "chunked", "Content-Length": "5"})
    record = next(ArchiveIterator(io.BytesIO(data[response_at:])))
    http = record.http_headers
    assert http.get_header("Content-Encoding") == "gzip"
    assert http.get_header("X-Crawler-Transfer-Encoding") == "chunked"
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("X-Crawler-Content-Length") == "5"
    assert http.get_header("Content-Length") == str(len(gzip.compress(PAGE, mtime=0)))
    assert record.content_stream().read() == PAGE  # warcio undoes the gzip


def test_the_same_exchange_gives_the_same_bytes():
    assert _exchange() == _exchange()
