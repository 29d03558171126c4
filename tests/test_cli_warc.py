"""`python -m cleaners warc`: one record or one error line per HTTP response, with provenance.

The WARC files are written here with warcio's own writer, laid out as Common Crawl's are
(warcinfo, then request, response and metadata records for each capture), with bodies
sent chunked, gzip-encoded, in a legacy charset named only in the HTTP header, and the
responses a crawl meets besides pages (a PDF, a 404, a redirect, a truncated capture).
"""

from __future__ import annotations

import gzip
import io
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from random import Random

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners import clean_html
from cleaners.page_text import decode_page
from cleaners.warc import MAX_BODY_BYTES
from tests.test_cli import records, run_cleaners

DATE = "2024-05-01T10:00:00Z"
RUSSIAN = (
    "Новости Москвы",
    "Городской совет утвердил новый план развития парков на ближайшие пять лет.",
    "Жители смогут предложить свои идеи на открытых встречах в каждом районе города.",
    "Первые работы начнутся весной, когда закончатся холода и снег сойдёт с газонов.",
)
FRENCH = (
    "Fête de la musique à Montréal",
    "Les musiciens du quartier se réuniront près du marché Jean-Talon dès midi.",
    "Le café voisin offrira des crêpes et du thé glacé aux spectateurs jusqu'au soir.",
    "La soirée se terminera par un concert gratuit sous les étoiles du parc Lafontaine.",
)


def legacy_page(lines: tuple[str, ...], charset: str) -> bytes:
    """An article with no <meta charset>: only the HTTP header can say how to read it."""
    title, *paragraphs = lines
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    return html.encode(charset)


def chunked(data: bytes, size: int = 4000) -> bytes:
    """`data` as an HTTP/1.1 chunked body (what a crawler that keeps the wire bytes stores)."""
    parts = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


@dataclass(frozen=True)
class Capture:
    """One response to write: what the server sent, and what the test expects of it."""

    name: str
    status: str
    headers: list[tuple[str, str]]
    body: bytes  # as sent (chunked and/or encoded)
    html: bytes | None = None  # the page once decoded, when it must become a record
    reason: str | None = None  # the error reason, when it must not
    warc_headers: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        return f"https://news.example.org/{self.name}"

    @property
    def record_id(self) -> str:
        return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, self.url)}>"


def write_warc(path: Path, captures: list[Capture], *, compress: bool = True) -> None:
    """A WARC laid out as Common Crawl's: warcinfo, then request, response, metadata."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for capture in captures:
            request = StatusAndHeaders(
                f"GET /{capture.name} HTTP/1.1",
                [("Host", "news.example.org"), ("Accept-Encoding", "gzip")],
                is_http_request=True,
            )
            writer.write_record(
                writer.create_warc_record(
                    capture.url,
                    "request",
                    http_headers=request,
                    warc_headers_dict={"WARC-Date": DATE},
                )
            )
            response = StatusAndHeaders(capture.status, capture.headers, protocol="HTTP/1.1")
            warc_headers = {
                "WARC-Date": DATE,
                "WARC-Record-ID": capture.record_id,
                **dict(capture.warc_headers),
            }
            writer.write_record(
                writer.create_warc_record(
                    capture.url,
                    "response",
                    payload=io.BytesIO(capture.body),
                    http_headers=response,
                    warc_headers_dict=warc_headers,
                )
            )
            metadata = io.BytesIO(b"fetchTimeMs: 120\r\ncharset-detected: UTF-8\r\n")
            writer.write_record(
                writer.create_warc_record(
                    capture.url,
                    "metadata",
                    payload=metadata,
                    warc_content_type="application/warc-fields",
                    warc_headers_dict={"WARC-Date": DATE},
                )
            )


@pytest.fixture(scope="module")
def pages(shared_dir: Path) -> list[bytes]:
    paths = sorted((shared_dir / "bench/articles/html").glob("*.html.gz"))[:4]
    return [gzip.decompress(p.read_bytes()) for p in paths]


@pytest.fixture(scope="module")
def mixed(pages) -> list[Capture]:
    """Every kind of response, in the order written."""
    html_type = [("Content-Type", "text/html; charset=utf-8")]
    cp1251 = legacy_page(RUSSIAN, "windows-1251")
    latin1 = legacy_page(FRENCH, "iso-8859-1")
    bomb = gzip.compress(b"<p>" + b"x" * MAX_BODY_BYTES + b"</p>")
    return [
        Capture("plain", "200 OK", html_type, pages[0], html=pages[0]),
        Capture("report.pdf", "200 OK", [("Content-Type", "application/pdf")], b"%PDF-1.7\n",
                reason="not_html: Content-Type application/pdf"),
        Capture("scan.html", "200 OK", html_type, b"%PDF-1.7\n" + bytes(range(256)) * 64,
                reason="not_html: binary content served as text/html; charset=utf-8"),
        Capture("gone", "404 Not Found", html_type, b"<html><body>Not found</body></html>",
                reason="http_status: 404"),
        Capture("old", "301 Moved Permanently",
                [("Location", "https://news.example.org/new"), ("Content-Length", "0")], b"",
                reason="http_status: 301 (redirect to https://news.example.org/new)"),
        Capture("gzipped", "200 OK", [*html_type, ("Content-Encoding", "gzip")],
                gzip.compress(pages[1]), html=pages[1]),
        Capture("chunked", "200 OK", [*html_type, ("Transfer-Encoding", "chunked")],
                chunked(pages[2]), html=pages[2]),
        Capture("chunked-gzip", "200 OK",
                [*html_type, ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
                chunked(gzip.compress(pages[3])), html=pages[3]),
        Capture("moscow", "200 OK", [("Content-Type", "text/html; charset=windows-1251")],
                cp1251, html=cp1251),
        Capture("montreal", "200 OK", [("Content-Type", "text/html; charset=ISO-8859-1")],
                latin1, html=latin1),
        Capture("cut", "200 OK", html_type, pages[0][:5000],
                warc_headers=(("WARC-Truncated", "length"),),
                reason="truncated: WARC-Truncated: length"),
        Capture("cut-gzip", "200 OK", [*html_type, ("Content-Encoding", "gzip")],
                gzip.compress(pages[0])[:3000],
                reason="truncated: the compressed body ends early"),
        Capture("bomb", "200 OK", [*html_type, ("Content-Encoding", "gzip")], bomb,
                reason=f"too_large: body over {MAX_BODY_BYTES} bytes (the cap)"),
        Capture("packed", "200 OK", [*html_type, ("Content-Encoding", "compress")], b"\x1f\x9d",
                reason="unsupported_encoding: Content-Encoding compress"),
    ]  # fmt: skip


def pick(captures: list[Capture], *names: str) -> list[Capture]:
    by_name = {capture.name: capture for capture in captures}
    return [by_name[name] for name in names]


def expected_record(capture: Capture, path: Path, offset: int) -> dict:
    text = decode_page(capture.html, dict(capture.headers)["Content-Type"])
    return clean_html(text, capture.url).to_dict() | {
        "warc_file": str(path),
        "warc_offset": offset,
        "warc_record_id": capture.record_id,
        "warc_date": DATE,
    }


def response_offsets(path: Path) -> dict[str, int]:
    """Record id -> offset of each response, as warcio's own index walk finds them."""
    with open(path, "rb") as stream:
        walk = ArchiveIterator(stream)
        return {
            r.rec_headers.get_header("WARC-Record-ID"): walk.get_record_offset()
            for r in walk
            if r.rec_type == "response"
        }


def error_lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def mixed_run(mixed, tmp_path_factory):
    directory = tmp_path_factory.mktemp("warc")
    path = directory / "crawl.warc.gz"
    write_warc(path, mixed)
    out = directory / "out.jsonl"
    result = run_cleaners("warc", str(path), "-o", str(out), cwd=directory)
    return path, result, out


def test_every_html_response_becomes_the_library_record_with_its_provenance(mixed, mixed_run):
    path, result, out = mixed_run
    offsets = response_offsets(path)
    expected = [expected_record(c, path, offsets[c.record_id]) for c in mixed if c.html is not None]
    assert records(out.read_bytes()) == expected


def test_every_other_response_is_an_error_line_with_its_reason_and_location(mixed, mixed_run):
    path, result, out = mixed_run
    offsets = response_offsets(path)
    errors = error_lines(out.with_name("out.errors.jsonl").read_bytes())
    assert errors == [
        {
            "path": str(path),
            "offset": offsets[c.record_id],
            "record_id": c.record_id,
            "url": c.url,
            "reason": c.reason,
        }
        for c in mixed
        if c.reason is not None
    ]


def test_a_rejected_response_makes_exit_status_1_and_is_counted(mixed, mixed_run):
    _, result, _ = mixed_run
    assert result.returncode == 1
    rejected = sum(c.reason is not None for c in mixed)
    assert f"cleaners: {rejected} of {len(mixed)} responses failed".encode() in result.stderr


def test_the_charset_comes_from_the_http_header(mixed_run):
    _, _, out = mixed_run
    by_url = {r["url"]: r for r in records(out.read_bytes())}
    moscow, montreal = (
        by_url["https://news.example.org/moscow"],
        by_url["https://news.example.org/montreal"],
    )
    assert moscow["title"] == RUSSIAN[0]
    assert moscow["text"].splitlines() == list(RUSSIAN[1:])
    assert montreal["title"] == FRENCH[0]
    assert montreal["text"].splitlines() == list(FRENCH[1:])


def test_a_warc_of_html_pages_only_exits_0_and_plain_warc_reads_alike(mixed, tmp_path):
    good = [c for c in mixed if c.html is not None]
    write_warc(tmp_path / "a.warc.gz", good)
    write_warc(tmp_path / "b.warc", good, compress=False)
    result = run_cleaners("warc", "a.warc.gz", "b.warc", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    compressed, plain = records(result.stdout)[: len(good)], records(result.stdout)[len(good) :]
    drop = ("warc_file", "warc_offset")
    assert [{k: v for k, v in r.items() if k not in drop} for r in plain] == [
        {k: v for k, v in r.items() if k not in drop} for r in compressed
    ]
    assert {r["warc_file"] for r in plain} == {"b.warc"}
    assert [r["warc_offset"] for r in plain] == list(response_offsets(tmp_path / "b.warc").values())


def test_directories_are_walked_in_sorted_order_and_jobs_do_not_change_the_output(mixed, tmp_path):
    crawl = tmp_path / "crawl"
    (crawl / "2024").mkdir(parents=True)
    write_warc(crawl / "b.warc.gz", pick(mixed, "plain", "report.pdf", "gone"))
    write_warc(crawl / "2024" / "a.warc", pick(mixed, "gzipped", "chunked"), compress=False)
    (crawl / "notes.txt").write_text("not a WARC", encoding="utf-8")
    one = run_cleaners("warc", "crawl", cwd=tmp_path)
    two = run_cleaners("warc", "crawl", "--jobs", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert [r["warc_file"] for r in records(one.stdout)] == [
        "crawl/2024/a.warc",
        "crawl/2024/a.warc",
        "crawl/b.warc.gz",
    ]
    assert (two.stdout, two.stderr) == (one.stdout, one.stderr)


def test_a_file_cut_short_keeps_the_records_before_and_says_where_it_stopped(mixed, tmp_path):
    path = tmp_path / "cut.warc"
    write_warc(path, pick(mixed, "plain", "gzipped"), compress=False)
    offsets = list(response_offsets(path).values())
    data = path.read_bytes()
    path.write_bytes(data[: offsets[1] + 300])  # inside the second response's headers
    result = run_cleaners("warc", str(path), cwd=tmp_path)
    assert result.returncode == 1
    [record] = records(result.stdout)
    assert record["url"] == mixed[0].url
    [error, summary] = result.stderr.decode().splitlines()
    error = json.loads(error)
    assert error["path"] == str(path)
    assert error["reason"].startswith("truncated: ")
    assert offsets[0] < error["offset"] <= offsets[1]
    assert summary == "cleaners: 1 of 2 responses failed"


def test_a_record_cut_short_inside_its_body_is_rejected_as_truncated(mixed, tmp_path):
    path = tmp_path / "cut.warc"
    write_warc(path, mixed[:1], compress=False)
    [offset] = response_offsets(path).values()
    path.write_bytes(path.read_bytes()[: offset + 3000])
    result = run_cleaners("warc", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert records(result.stdout) == []
    error = json.loads(result.stderr.splitlines()[0])
    assert error == {
        "path": str(path),
        "offset": offset,
        "record_id": mixed[0].record_id,
        "url": mixed[0].url,
        "reason": "truncated: the record ends before its Content-Length",
    }


def test_a_file_that_is_not_warc_and_a_missing_file_are_error_lines(pages, mixed, tmp_path):
    (tmp_path / "page.warc").write_bytes(pages[0])
    write_warc(tmp_path / "good.warc.gz", mixed[:1])
    result = run_cleaners("warc", "page.warc", "missing.warc.gz", "good.warc.gz", cwd=tmp_path)
    assert result.returncode == 1
    assert [r["url"] for r in records(result.stdout)] == [mixed[0].url]
    first, second, summary = result.stderr.decode().splitlines()
    first, second = json.loads(first), json.loads(second)
    assert (first["path"], first["offset"]) == ("page.warc", 0)
    assert first["reason"].startswith("not a valid WARC: Unknown archive format")
    assert second == {
        "path": "missing.warc.gz",
        "offset": None,
        "record_id": None,
        "url": None,
        "reason": "cannot read file: No such file or directory",
    }
    assert summary == "cleaners: 2 of 3 responses failed"


def test_a_revisit_record_is_an_error_line_not_a_silent_gap(mixed, tmp_path):
    path = tmp_path / "dedup.warc.gz"
    write_warc(path, mixed[:1])
    with open(path, "ab") as stream:
        writer = WARCWriter(stream, gzip=True)
        revisit = writer.create_revisit_record(
            mixed[0].url,
            "sha1:ABC",
            mixed[0].url,
            DATE,
            warc_headers_dict={"WARC-Refers-To": mixed[0].record_id},
        )
        writer.write_record(revisit)
    result = run_cleaners("warc", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert len(records(result.stdout)) == 1
    error = json.loads(result.stderr.splitlines()[0])
    assert error["reason"] == f"revisit: the body is in {mixed[0].record_id}, not in this record"


def test_stdin_is_a_usage_error(tmp_path):
    result = run_cleaners("warc", "-", cwd=tmp_path, stdin=b"")
    assert result.returncode == 2
    assert b"warc reads files, not stdin" in result.stderr


def test_a_directory_without_warc_files_is_a_usage_error(tmp_path):
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "notes.txt").write_text("not a WARC", encoding="utf-8")
    result = run_cleaners("warc", "crawl", cwd=tmp_path)
    assert result.returncode == 2
    assert b"no .warc or .warc.gz files under crawl" in result.stderr
    assert result.stdout == b""


def test_help_names_the_reasons_and_the_size_cap():
    result = run_cleaners("warc", "--help", cwd=Path.cwd())
    assert result.returncode == 0
    help_text = b" ".join(result.stdout.split())
    for reason in (b"http_status", b"not_html", b"truncated", b"too_large", b"revisit"):
        assert reason in help_text
    assert str(MAX_BODY_BYTES).encode() in help_text


def test_a_gzip_body_damaged_midway_is_rejected_with_the_decompressor_error(tmp_path):
    # Hex digits compress poorly, so the damage lands past warcio's first block.
    random = Random(1)
    text = "".join(f"<p>{random.getrandbits(128):x}</p>" for _ in range(4000))
    damaged = bytearray(gzip.compress(f"<html><body>{text}</body></html>".encode()))
    damaged[30000:30010] = bytes(b ^ 0xFF for b in damaged[30000:30010])
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    write_warc(tmp_path / "a.warc.gz", [Capture("damaged", "200 OK", headers, bytes(damaged))])
    result = run_cleaners("warc", "a.warc.gz", cwd=tmp_path)
    assert result.returncode == 1
    assert records(result.stdout) == []
    error = json.loads(result.stderr.splitlines()[0])
    assert error["reason"].startswith("corrupt_body: Error -3 while decompressing data")


def shorten_first_response(path: Path, by: int) -> None:
    """Make the first response's WARC Content-Length `by` bytes short of its block."""
    data = path.read_bytes()
    start = data.index(b"Content-Length: ", data.index(b"WARC-Type: response"))
    end = data.index(b"\r\n", start)
    length = int(data[start + len(b"Content-Length: ") : end])
    path.write_bytes(data[:start] + b"Content-Length: %d" % (length - by) + data[end:])


def one_line_page(name: str) -> Capture:
    page = legacy_page(FRENCH, "utf-8")  # no line breaks: nothing warcio could take for a gap
    return Capture(name, "200 OK", [("Content-Type", "text/html")], page, html=page)


def test_a_wrong_content_length_rejects_that_response_and_the_next_is_still_read(tmp_path):
    first, second = one_line_page("first"), one_line_page("second")
    write_warc(tmp_path / "a.warc", [first, second], compress=False)
    shorten_first_response(tmp_path / "a.warc", 100)
    result = run_cleaners("warc", "a.warc", cwd=tmp_path)
    assert result.returncode == 1
    assert [r["url"] for r in records(result.stdout)] == [second.url]
    error, summary = result.stderr.decode().splitlines()
    error = json.loads(error)
    assert error["url"] == first.url
    assert error["reason"].startswith("corrupt_record: WARNING: Record not followed by newline")
    assert summary == "cleaners: 1 of 2 responses failed"


def test_a_wrong_content_length_that_derails_the_reader_stops_the_file_with_a_reason(
    mixed, tmp_path
):
    write_warc(tmp_path / "a.warc", pick(mixed, "plain", "gzipped"), compress=False)
    shorten_first_response(tmp_path / "a.warc", 200)  # warcio resumes inside the page
    result = run_cleaners("warc", "a.warc", cwd=tmp_path)
    assert result.returncode == 1
    assert records(result.stdout) == []
    *errors, summary = result.stderr.decode().splitlines()
    first, second = map(json.loads, errors)
    assert first["url"] == mixed[0].url
    assert first["reason"].startswith("corrupt_record: ")
    assert second["reason"].startswith("not a valid WARC: Invalid WARC record")
    assert summary == "cleaners: 2 of 2 responses failed"


def test_a_warc_gzipped_whole_is_an_error_line_that_says_how_to_fix_it(mixed, tmp_path):
    write_warc(tmp_path / "a.warc", mixed[:1], compress=False)
    (tmp_path / "a.warc.gz").write_bytes(gzip.compress((tmp_path / "a.warc").read_bytes()))
    result = run_cleaners("warc", "a.warc.gz", cwd=tmp_path)
    assert result.returncode == 1
    assert records(result.stdout) == []
    error = json.loads(result.stderr.splitlines()[0])
    assert error["reason"].startswith("not a valid WARC: ERROR: non-chunked gzip file detected")
    assert error["reason"].endswith("warcio recompress <path/to/file> <path/to/new_file>")


def test_common_crawl_responses_with_decoded_bodies_and_sniffed_types_are_read(tmp_path):
    # Common Crawl stores bodies decoded, renames the encoding headers X-Crawler-*, and
    # names the sniffed type in WARC-Identified-Payload-Type.
    page = legacy_page(FRENCH, "utf-8")
    common_crawl = [
        ("Content-Type", "text/html; charset=UTF-8"),
        ("X-Crawler-Content-Encoding", "gzip"),
        ("X-Crawler-Transfer-Encoding", "chunked"),
        ("Content-Length", str(len(page))),
    ]
    sniffed = (("WARC-Identified-Payload-Type", "text/html"),)
    captures = [
        Capture("typed", "200 OK", common_crawl, page, html=page, warc_headers=sniffed),
        Capture("untyped", "200", [], page, html=page, warc_headers=sniffed),
        Capture("unknown", "200", [], b"\x00\x01", reason="not_html: Content-Type missing"),
    ]
    write_warc(tmp_path / "cc.warc.gz", captures)
    result = run_cleaners("warc", "cc.warc.gz", cwd=tmp_path)
    assert result.returncode == 1
    assert [(r["url"], r["text"].splitlines()) for r in records(result.stdout)] == [
        (capture.url, list(FRENCH[1:])) for capture in captures[:2]
    ]
    error = json.loads(result.stderr.splitlines()[0])
    assert (error["url"], error["reason"]) == (captures[2].url, "not_html: Content-Type missing")


def test_a_response_that_is_not_http_is_an_error_line(tmp_path):
    with open(tmp_path / "dns.warc", "wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        dns = writer.create_warc_record(
            "dns:news.example.org",
            "response",
            payload=io.BytesIO(b"20240501100000\nnews.example.org. 300 IN A 127.0.0.1\n"),
            warc_content_type="text/dns",
        )
        writer.write_record(dns)
    result = run_cleaners("warc", "dns.warc", cwd=tmp_path)
    assert result.returncode == 1
    error = json.loads(result.stderr.splitlines()[0])
    assert (error["url"], error["reason"]) == (
        "dns:news.example.org",
        "not_http: the record holds no HTTP response",
    )
