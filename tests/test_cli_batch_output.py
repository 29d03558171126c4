"""Batch output a corpus tool can read: records name their source file (`source_path`),
`--url-map` gives them their URL, and `--shard-size N` writes numbered files of N records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaners import clean_html
from cleaners.jsonl import json_line
from cleaners.url_map import UrlMapError, load_url_map
from tests.test_cli import records, run_cleaners
from tests.test_cli_warc import FRENCH, Capture, legacy_page, write_warc

PAGE = legacy_page(FRENCH, "utf-8")


@pytest.fixture()
def mirror(tmp_path: Path) -> Path:
    """A mirrored site: mirror/news/a.html, mirror/news/b.html.gz, mirror/c.html."""
    (tmp_path / "mirror" / "news").mkdir(parents=True)
    (tmp_path / "mirror" / "news" / "a.html").write_bytes(PAGE)
    (tmp_path / "mirror" / "news" / "b.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "mirror" / "c.html").write_bytes(PAGE)
    return tmp_path / "mirror"


def test_records_name_their_file_relative_to_the_directory_and_take_the_mapped_url(
    mirror: Path, tmp_path: Path
):
    manifest = tmp_path / "urls.tsv"
    manifest.write_text(
        "# path\turl\n"
        "./news/a.html\thttps://news.example.org/a\n"
        "news/b.html.gz\thttps://news.example.org/b\n"
        "\n"
        "elsewhere/d.html\thttps://news.example.org/d\n",
        encoding="utf-8",
    )
    result = run_cleaners("html", "mirror", "--url-map", str(manifest), "-o", "out.jsonl",
                          cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1  # c.html is not in the manifest
    got = records((tmp_path / "out.jsonl").read_bytes())
    assert [(r["source_path"], r["url"], r["domain"]) for r in got] == [
        ("news/a.html", "https://news.example.org/a", "news.example.org"),
        ("news/b.html.gz", "https://news.example.org/b", "news.example.org"),
    ]
    errors = (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()
    [error] = [json.loads(line) for line in errors]
    assert error == {
        "path": str(Path("mirror") / "c.html"),
        "reason": f"not in the --url-map {manifest}: no URL for 'c.html'",
    }


def test_a_file_given_is_named_as_given_and_a_jsonl_manifest_maps_it_but_not_stdin(
    mirror: Path, tmp_path: Path
):
    manifest = tmp_path / "urls.jsonl"
    manifest.write_text(
        json.dumps({"path": "mirror/c.html", "url": "https://news.example.org/c"}) + "\n",
        encoding="utf-8",
    )
    result = run_cleaners("html", "mirror/c.html", "-", "--url-map", str(manifest),
                          cwd=tmp_path, stdin=PAGE)  # fmt: skip
    assert result.returncode == 1  # stdin has no path to map
    [record] = records(result.stdout)
    assert (record["source_path"], record["url"]) == ("mirror/c.html", "https://news.example.org/c")
    [error] = [json.loads(line) for line in result.stderr.splitlines()[:-1]]
    assert error == {"path": "-", "reason": "stdin has no path to look up in the --url-map"}


def test_a_bad_manifest_stops_the_run_before_any_input_with_exit_status_2(
    mirror: Path, tmp_path: Path
):
    manifest = tmp_path / "urls.tsv"
    manifest.write_text("news/a.html https://news.example.org/a\n", encoding="utf-8")
    result = run_cleaners("html", "mirror", "--url-map", str(manifest), "-o", "out.jsonl",
                          cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert (
        f"--url-map: {manifest}, line 1: expected path<TAB>url, got "
        "'news/a.html https://news.example.org/a'"
    ).encode() in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.tsv", "a.html\tftp://example.org/a\n",
         "line 1: not an http(s) URL with a host: 'ftp://example.org/a'"),
        ("m.tsv", "a.html\thttp://example.org:99999/a\n", "line 1: bad URL"),
        ("m.tsv", "a.html\thttp://example.org/a\n./a.html\thttp://example.org/b\n",
         "line 2: './a.html' is mapped twice, to 'http://example.org/a' and 'http://example.org/b'"),
        ("m.tsv", "# only a comment\n", "maps no path to a URL"),
        ("m.jsonl", '{"path": "a.html"}\n', 'line 1: expected {"path": "...", "url": "..."}'),
        ("m.jsonl", "a.html\thttp://example.org/a\n", "line 1: not JSON"),
        ("m.tsv", b"a.html\thttp://example.org/caf\xe9\n", "is not UTF-8 (byte offset 29)"),
    ],
)  # fmt: skip
def test_manifest_errors_name_the_file_and_line(tmp_path, name, content, message):
    manifest = tmp_path / name
    if isinstance(content, bytes):
        manifest.write_bytes(content)
    else:
        manifest.write_text(content, encoding="utf-8")
    with pytest.raises(UrlMapError) as raised:
        load_url_map(manifest)
    assert str(raised.value).startswith(str(manifest))
    assert message in str(raised.value)


def test_shards_hold_n_records_each_as_complete_gzip_files_and_stale_ones_go(tmp_path: Path):
    pages = {f"page{n}.html": PAGE.replace(b"<title>", f"<title>{n} ".encode()) for n in range(5)}
    for name, page in pages.items():
        (tmp_path / name).write_bytes(page)
    (tmp_path / "out-00003.jsonl.gz").write_bytes(b"from an earlier, longer run")
    (tmp_path / "out-notes.jsonl.gz").write_bytes(b"not a shard")
    sharded = run_cleaners("html", *pages, "-o", "out.jsonl.gz", "--shard-size", "2",
                           cwd=tmp_path)  # fmt: skip
    assert sharded.returncode == 0, sharded.stderr
    shards = sorted(path.name for path in tmp_path.glob("out-0*.jsonl.gz"))
    assert shards == ["out-00000.jsonl.gz", "out-00001.jsonl.gz", "out-00002.jsonl.gz"]
    lines = [gzip.decompress((tmp_path / name).read_bytes()).splitlines(True) for name in shards]
    assert [len(shard) for shard in lines] == [2, 2, 1]
    assert [line for shard in lines for line in shard] == [
        json_line(clean_html(page).to_dict() | {"source_path": name})
        for name, page in pages.items()
    ]
    assert (tmp_path / "out-notes.jsonl.gz").exists()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == b""
    assert not list(tmp_path.glob(".out*"))  # no temporary file left


def test_warc_output_shards_too(tmp_path: Path):
    captures = [
        Capture(f"page{n}", "200 OK", [("Content-Type", "text/html")], PAGE, html=PAGE)
        for n in range(3)
    ]
    write_warc(tmp_path / "crawl.warc.gz", captures)
    result = run_cleaners("warc", "crawl.warc.gz", "-o", "out.jsonl", "--shard-size", "2",
                          cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    shards = [records((tmp_path / f"out-{n:05d}.jsonl").read_bytes()) for n in range(2)]
    assert [[r["url"] for r in shard] for shard in shards] == [
        [captures[0].url, captures[1].url], [captures[2].url]
    ]
    assert not (tmp_path / "out.jsonl").exists()


def test_shard_size_without_an_output_file_is_a_usage_error(tmp_path: Path):
    (tmp_path / "page.html").write_bytes(PAGE)
    result = run_cleaners("html", "page.html", "--shard-size", "2", cwd=tmp_path)
    assert result.returncode == 2
    assert b"--shard-size needs -o FILE" in result.stderr
    assert result.stdout == b""
