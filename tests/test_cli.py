"""`python -m cleaners text|html`: records, order, errors, exit status, determinism.

The cleaning rules are still changing, so these tests compare the command's records with
what the library returns for the same input rather than with fixed texts.
"""

from __future__ import annotations

import gzip
import json
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from cleaners import clean_html, clean_text
from cleaners.versions import tool_versions
from tests.news_site import binary_pdf

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "cleaners/schema/record.schema.json").read_text(encoding="utf-8"))


def run_cleaners(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return run_module("cleaners", *args, cwd=cwd, stdin=stdin)


def run_module(
    module: str, *args: str, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    """`python -m module args`, its output as bytes."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def records(jsonl: bytes) -> list[dict]:
    assert jsonl == b"" or jsonl.endswith(b"\n"), "output must end with a whole line"
    parsed = [json.loads(line) for line in jsonl.decode("utf-8").splitlines()]
    for record in parsed:
        jsonschema.validate(record, SCHEMA)
    return parsed


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def bench_pages(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "bench/articles/html").glob("*.html.gz"))[:4]


def test_text_writes_one_record_per_seed_in_input_order(seeds, tmp_path):
    inputs = list(reversed(seeds))
    result = run_cleaners("text", *map(str, inputs), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    expected = [
        clean_text(p.read_text(encoding="utf-8")).to_dict() | {"source_path": str(p)}
        for p in inputs
    ]
    assert records(result.stdout) == expected
    assert all(record["url"] is None for record in expected)


def test_text_reads_stdin_and_records_the_given_url(seeds, tmp_path):
    url = "https://news.example.org/story"
    result = run_cleaners("text", "-", "--url", url, cwd=tmp_path, stdin=seeds[0].read_bytes())
    assert result.returncode == 0, result.stderr
    [record] = records(result.stdout)
    expected = clean_text(seeds[0].read_text(encoding="utf-8"), url=url).to_dict()
    assert record == expected | {"source_path": None}  # stdin
    assert (record["url"], record["domain"]) == (url, "news.example.org")


def test_text_that_is_not_utf8_is_an_error_and_the_rest_is_written(seeds, tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\u00e9 au lait, four words here.".encode("latin-1"))
    result = run_cleaners("text", str(seeds[0]), str(latin1), str(seeds[1]), cwd=tmp_path)
    assert result.returncode == 1
    assert len(records(result.stdout)) == 2
    [error] = [json.loads(line) for line in result.stderr.splitlines()[:-1]]
    assert error["path"] == str(latin1)
    assert "not valid UTF-8 (byte 0xe9 at offset 3)" in error["reason"]


def test_html_writes_the_library_record_for_each_page(bench_pages, tmp_path):
    result = run_cleaners("html", *map(str, bench_pages), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = [
        clean_html(gzip.decompress(p.read_bytes())).to_dict() | {"source_path": str(p)}
        for p in bench_pages
    ]
    assert records(result.stdout) == expected


def test_html_reads_stdin(bench_pages, tmp_path):
    html = gzip.decompress(bench_pages[0].read_bytes())
    result = run_cleaners("html", "-", cwd=tmp_path, stdin=html)
    assert result.returncode == 0, result.stderr
    assert records(result.stdout) == [clean_html(html).to_dict() | {"source_path": None}]


def test_html_url_applies_to_its_single_input(bench_pages, tmp_path):
    url = "https://www.example.com/2019/11/article.html"
    result = run_cleaners("html", str(bench_pages[0]), "--url", url, cwd=tmp_path)
    [record] = records(result.stdout)
    assert (record["url"], record["domain"]) == (url, "www.example.com")


def test_url_with_several_inputs_is_a_usage_error(bench_pages, tmp_path):
    result = run_cleaners(
        "html", *map(str, bench_pages[:2]), "--url", "https://a.example/", cwd=tmp_path
    )
    assert result.returncode == 2
    assert b"--url applies to a single input file, got 2 inputs" in result.stderr
    assert result.stdout == b""


@pytest.mark.parametrize(
    "url", ["notaurl", "ftp://a.example/x", "https://", "http://a.example:99999/"]
)
def test_a_url_that_is_no_http_url_is_a_usage_error(bench_pages, tmp_path, url):
    result = run_cleaners("html", str(bench_pages[0]), "--url", url, cwd=tmp_path)
    assert result.returncode == 2
    assert b"--url: " in result.stderr
    assert result.stdout == b""


def test_a_directory_without_pages_is_a_usage_error(tmp_path):
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "notes.txt").write_text("not a page", encoding="utf-8")
    result = run_cleaners("html", "empty", "-o", "out.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert b"no .html, .htm, .html.gz or .htm.gz files under empty" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_htm_pages_and_names_in_capitals_are_found(bench_pages, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    html = gzip.decompress(bench_pages[0].read_bytes())
    (pages / "a.htm").write_bytes(html)
    (pages / "b.HTML").write_bytes(html)
    shutil.copy(bench_pages[1], pages / "c.HTM.GZ")
    result = run_cleaners("html", "pages", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = records(result.stdout)
    assert [r["source_path"] for r in found] == ["a.htm", "b.HTML", "c.HTM.GZ"]
    assert found[2]["text"] == clean_html(gzip.decompress(bench_pages[1].read_bytes())).text


@pytest.fixture()
def page_dir(bench_pages, tmp_path) -> Path:
    """A directory with good pages (one plain, one nested), a corrupt .gz and a non-HTML file."""
    pages = tmp_path / "pages"
    (pages / "z-nested").mkdir(parents=True)
    shutil.copy(bench_pages[0], pages / "b.html.gz")
    (pages / "a.html").write_bytes(gzip.decompress(bench_pages[1].read_bytes()))
    shutil.copy(bench_pages[2], pages / "z-nested" / "c.html.gz")
    (pages / "broken.html.gz").write_bytes(b"\x1f\x8b\x08 this is not a gzip stream")
    (pages / "notes.txt").write_text("not a page", encoding="utf-8")
    return pages


def test_directory_is_walked_in_sorted_order_and_bad_inputs_become_error_records(
    page_dir, bench_pages, tmp_path
):
    out = tmp_path / "out.jsonl"
    result = run_cleaners("html", str(page_dir), "missing.html", "-o", str(out), cwd=tmp_path)

    assert result.returncode == 1
    sources = [page_dir / "a.html", page_dir / "b.html.gz", page_dir / "z-nested/c.html.gz"]
    expected = [
        clean_html(
            p.read_bytes() if p.suffix == ".html" else gzip.decompress(p.read_bytes())
        ).to_dict()
        | {"source_path": p.relative_to(page_dir).as_posix()}  # relative to the directory given
        for p in sources
    ]
    assert records(out.read_bytes()) == expected
    errors = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text().splitlines()]
    assert [e["path"] for e in errors] == [str(page_dir / "broken.html.gz"), "missing.html"]
    assert "not a valid gzip file" in errors[0]["reason"]
    assert errors[1]["reason"] == "cannot read file: No such file or directory"
    assert b"missing.html: cannot read file" in result.stderr
    assert b"2 of 5 inputs failed" in result.stderr


def test_errors_go_to_stderr_as_json_lines_when_records_go_to_stdout(page_dir, tmp_path):
    result = run_cleaners(
        "html", str(page_dir / "broken.html.gz"), str(page_dir / "a.html"), cwd=tmp_path
    )
    assert result.returncode == 1
    assert len(records(result.stdout)) == 1
    first, summary = result.stderr.decode().splitlines()
    assert json.loads(first)["path"] == str(page_dir / "broken.html.gz")
    assert summary == "cleaners: 1 of 2 inputs failed"


def test_errors_option_names_the_error_file(page_dir, tmp_path):
    errors = tmp_path / "failed.jsonl"
    result = run_cleaners("html", str(page_dir), "--errors", str(errors), cwd=tmp_path)
    assert result.returncode == 1
    assert len(records(result.stdout)) == 3
    assert [json.loads(line)["path"] for line in errors.read_text().splitlines()] == [
        str(page_dir / "broken.html.gz")
    ]


def test_binary_inputs_are_not_html_errors_and_the_rest_is_written(bench_pages, tmp_path):
    (tmp_path / "report.html").write_bytes(binary_pdf())
    (tmp_path / "noise.html.gz").write_bytes(gzip.compress(random.Random(1).randbytes(60_000)))
    result = run_cleaners(
        "html", "report.html", str(bench_pages[0]), "noise.html.gz", "-o", "out.jsonl",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert len(records((tmp_path / "out.jsonl").read_bytes())) == 1
    errors = (tmp_path / "out.errors.jsonl").read_text().splitlines()
    reason = "not_html: binary content, not text in any encoding"
    assert [json.loads(line) for line in errors] == [
        {"path": "report.html", "reason": reason},
        {"path": "noise.html.gz", "reason": reason},
    ]


def test_a_gzip_bomb_is_an_error_within_bounded_memory(bench_pages, tmp_path):
    # 256 copies of a 16 MiB member of zeros: 4 GiB once gunzipped, in a 4 MB file.
    member = gzip.compress(bytes(16 * 1024 * 1024), compresslevel=9)
    (tmp_path / "bomb.html.gz").write_bytes(member * 256)
    result = subprocess.run(
        [sys.executable, "-m", "cleaners", "html", "bomb.html.gz", str(bench_pages[0]),
         "-o", "out.jsonl"],
        cwd=tmp_path, capture_output=True, timeout=300, check=False,
        # 2 GiB of address space: gunzipping the bomb whole would raise MemoryError.
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert len(records((tmp_path / "out.jsonl").read_bytes())) == 1
    [error] = (tmp_path / "out.errors.jsonl").read_text().splitlines()
    assert json.loads(error) == {
        "path": "bomb.html.gz", "reason": "gunzips to more than 10485760 bytes (the cap)"
    }


def test_max_gunzipped_sets_the_cap(bench_pages, tmp_path):
    size = len(gzip.decompress(bench_pages[0].read_bytes()))
    result = run_cleaners(
        "html", str(bench_pages[0]), "--max-gunzipped", str(size - 1), cwd=tmp_path
    )
    assert result.returncode == 1
    assert json.loads(result.stderr.decode().splitlines()[0])["reason"] == (
        f"gunzips to more than {size - 1} bytes (the cap)"
    )


def test_jobs_do_not_change_the_output(shared_dir, tmp_path):
    pages = sorted((shared_dir / "bench/articles/html").glob("*.html.gz"))[:8]
    one = run_cleaners("html", *map(str, pages), "--jobs", "1", cwd=tmp_path)
    two = run_cleaners("html", *map(str, pages), "--jobs", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == 0
    assert len(records(one.stdout)) == 8
    assert two.stdout == one.stdout


def test_output_file_is_complete_and_no_temporary_file_is_left(seeds, tmp_path):
    out = tmp_path / "records.jsonl"
    out.write_text("stale content from an earlier run\n")
    result = run_cleaners("text", *map(str, seeds), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == (b"", b"")
    assert len(records(out.read_bytes())) == len(seeds)
    assert (tmp_path / "records.errors.jsonl").read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.errors.jsonl", "records.jsonl"]


def _limited(size: int):
    """A subprocess's files may not grow past `size` bytes (RLIMIT_FSIZE: the write that
    crosses it is cut short and the next fails, as on a full disk)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.parametrize(
    ("name", "options", "limit"),
    [
        ("out.jsonl", [], 20_000),
        ("out.jsonl", [], 5_000),
        ("out.jsonl.gz", [], 5_000),  # the gzip stream's flush fails again as it closes
        ("out.jsonl", ["--shard-size", "2"], 5_000),
        ("out.jsonl.gz", ["--shard-size", "2"], 5_000),
    ],
)
def test_an_output_file_that_cannot_be_written_is_a_failed_run_and_left_as_it_was(
    bench_pages, tmp_path, name, options, limit
):
    out = tmp_path / name
    out.write_bytes(b'{"earlier": "run"}\n')
    result = subprocess.run(
        [sys.executable, "-m", "cleaners", "html", *map(str, bench_pages), "-o", name, *options],
        cwd=tmp_path, capture_output=True, timeout=300, preexec_fn=_limited(limit),
    )
    assert result.returncode == 4, result.stderr[-2000:]
    assert b"cleaners: cannot write the output: " in result.stderr
    assert b"Traceback" not in result.stderr
    assert out.read_bytes() == b'{"earlier": "run"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary left


def test_stdout_to_a_file_that_cannot_grow_ends_with_its_last_whole_record(bench_pages, tmp_path):
    whole = run_cleaners("html", *map(str, bench_pages), cwd=tmp_path).stdout.splitlines(True)
    room = len(whole[0]) + len(whole[1]) // 2  # the first record fits, half the second
    out = tmp_path / "redirected.jsonl"
    with out.open("wb") as stdout:
        result = subprocess.run(
            [sys.executable, "-m", "cleaners", "html", *map(str, bench_pages)],
            cwd=tmp_path, stdout=stdout, stderr=subprocess.PIPE, timeout=300,
            preexec_fn=_limited(room),
        )
        # The file goes on where its last whole record ends (a shell's next command).
        stdout.write(b'{"next": 1}\n')
    assert result.returncode == 4, result.stderr[-2000:]
    assert out.read_bytes() == whole[0] + b'{"next": 1}\n'


PAGE_LIMIT = b"too_complex: over the limit of 10485760 bytes (read no further)"


def test_an_endless_input_is_read_no_further_than_the_page_limit(tmp_path):
    two_gib = 2 * 1024**3  # address space: /dev/zero read whole would take it all
    result = subprocess.run(
        [sys.executable, "-m", "cleaners", "html", "/dev/zero", "-o", "out.jsonl"],
        cwd=tmp_path, capture_output=True, timeout=300,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (two_gib, two_gib)),
    )
    assert result.returncode == 1, result.stderr[-2000:]
    [error] = (tmp_path / "out.errors.jsonl").read_text("utf-8").splitlines()
    assert json.loads(error)["reason"] == PAGE_LIMIT.decode()


@pytest.mark.parametrize("command", ["text", "html"])
def test_a_file_or_stdin_over_the_page_limit_is_an_error(command, tmp_path):
    big = b"word " * (11 * 1024 * 1024 // 5)
    (tmp_path / "big.txt").write_bytes(big)
    from_file = run_cleaners(command, "big.txt", cwd=tmp_path)
    from_stdin = run_cleaners(command, "-", cwd=tmp_path, stdin=big)
    for result in (from_file, from_stdin):
        assert result.returncode == 1
        assert result.stdout == b""
        assert PAGE_LIMIT in result.stderr


def test_a_failed_write_is_status_4_when_stderr_cannot_be_written_either(bench_pages, tmp_path):
    with open("/dev/full", "wb") as full:  # every write fails with ENOSPC
        result = subprocess.run(
            [sys.executable, "-m", "cleaners", "html", *map(str, bench_pages)],
            cwd=tmp_path, stdout=full, stderr=full, timeout=300,
        )
    assert result.returncode == 4


def test_output_in_a_missing_directory_is_a_usage_error(seeds, tmp_path):
    result = run_cleaners("text", str(seeds[0]), "-o", "no/such/dir/out.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert b"directory no/such/dir does not exist" in result.stderr


def test_a_directory_given_to_text_is_an_error_record(seeds, tmp_path):
    result = run_cleaners("text", str(tmp_path), str(seeds[0]), cwd=tmp_path)
    assert result.returncode == 1
    assert len(records(result.stdout)) == 1
    error = json.loads(result.stderr.splitlines()[0])
    assert error == {"path": str(tmp_path), "reason": "cannot read file: Is a directory"}


def test_bad_jobs_value_is_a_usage_error(seeds, tmp_path):
    result = run_cleaners("text", str(seeds[0]), "--jobs", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert b"must be at least 1" in result.stderr


def _wait_for_partial_output(directory: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.stat().st_size for p in directory.glob(".out.jsonl.*.tmp")):
            return
        time.sleep(0.01)
    raise AssertionError("no partial output appeared")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_run_leaves_no_output_file(shared_dir, tmp_path, sig):
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaners", "html", str(shared_dir / "bench/articles/html")]
        + ["-o", str(out)],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_partial_output(tmp_path)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert not out.exists()
    if sig == signal.SIGINT:
        assert process.returncode == 130
        assert stderr.decode().endswith("cleaners: interrupted\n")
        assert list(tmp_path.iterdir()) == []


def test_version_names_the_package_and_its_tools():
    result = subprocess.run(
        [sys.executable, "-m", "cleaners", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    versions = tool_versions()
    assert result.stdout.startswith(f"cleaners {versions['cleaners']} (")
    assert f"trafilatura {versions['trafilatura']}" in result.stdout
