"""Every command in the README's shell blocks runs as written on a fresh checkout, or is
covered by a named test (issue 12, item 7).

Each command is checked here as far as it can be without the internet: its program
exists, its options and arguments parse (`cleaners`' own parser, Scrapy's command
parsers, the spider's argument check), the files it reads exist in the checkout or in
../shared, and benchmark scripts answer --help. Commands that need a service (scrapyd,
cron) name the test that runs them. A new README command that none of this covers fails
the test until it is covered.
"""

from __future__ import annotations

import glob
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.cli import build_parser
from crawler.params import parse_params
from tests.crawl_run import ROOT, crawl_env

README = (ROOT / "README.md").read_text("utf-8")
# Commands run by another test, which says so: command prefix -> the test.
COVERED_ELSEWHERE = {
    "python3 -m venv .venv && .venv/bin/python -m pip install -q --upgrade pip && "
    ".venv/bin/python -m pip install -q -e . && .venv/bin/python -m crawler.demo":
        "tests/test_crawl_demo.py",
    "0 * * * * cd /srv/article-corpus && .venv/bin/scrapy crawl articles":
        "tests/scheduled (scheduled runs with JOBDIR and STATE_DIR)",
    ".venv/bin/scrapyd &": "tests/scheduled/test_scrapyd.py",
    ".venv/bin/scrapyd-deploy": "tests/scheduled/test_scrapyd.py",
    "curl http://127.0.0.1:6800/": "tests/scheduled/test_scrapyd.py",
    "curl 'http://127.0.0.1:6800/": "tests/scheduled/test_scrapyd.py",
    # Distributed crawls: a worker joining with no spider arguments, the merged report.
    ".venv/bin/scrapy crawl articles -s DISTRIBUTED=True": "tests/test_distributed_crawl.py",
    ".venv/bin/python -m crawler.report": "tests/test_distributed_crawl.py",
    # Scheduling through scrapyd on one node, with the distributed settings tested apart;
    # not run on several nodes.
    "curl http://node1:6800/": "tests/scheduled/test_scrapyd.py and test_distributed_crawl.py",
    ".venv/bin/python -m pip install -e '.[corpus]'": ".ci/run (installs '.[test,corpus,ray]')",
}
# Placeholders the README uses for the user's own inputs.
PLACEHOLDER_FILES = ("page.txt", "page.html.gz", "urls.txt", "pages/", "crawl/")


def readme_commands() -> list[str]:
    blocks = re.findall(r"^```sh\n(.*?)^```", README, flags=re.S | re.M)
    commands = []
    for block in blocks:
        for command in block.replace("\\\n", " ").splitlines():
            command = command.strip()
            if command and not command.startswith("#"):
                commands.append(re.sub(r"\s+#\s.*$", "", command))  # trailing comment
    return commands


COMMANDS = readme_commands()


def test_the_readme_has_commands():
    assert len(COMMANDS) >= 20


def _is_test_command(command: str) -> bool:
    return command.startswith("python3 -m venv") and "-m pytest -q" in command


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in COMMANDS if _is_test_command(c))
    assert test_command in (ROOT / ".ci/run").read_text("utf-8")


def _words(command: str) -> list[str]:
    command = command.split(" > ")[0].split(" | ")[-1]  # the program whose options matter
    return shlex.split(command)


def _existing(path: str) -> bool:
    return path in PLACEHOLDER_FILES or bool(glob.glob(str(ROOT / path)))


def _check_cleaners(args: list[str]) -> None:
    try:
        parsed = build_parser().parse_args(args)
    except SystemExit as done:  # --version and --help exit 0; a bad option exits 2
        assert done.code == 0, f"cleaners {args}: exit {done.code}"
        return
    for path in getattr(parsed, "inputs", []) or []:
        assert path == "-" or _existing(path), f"{path} does not exist"
    if getattr(parsed, "directory", None) is not None:
        assert (ROOT / parsed.directory).is_dir(), parsed.directory


def _check_scrapy(args: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", args[0], "--help"], cwd=ROOT, env=crawl_env(),
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    if args[0] != "crawl":
        return
    spider_args = dict(value.split("=", 1) for option, value in zip(args, args[1:], strict=False)
                       if option == "-a")
    if spider_args.get("urls_file") == "urls.txt":  # the user's list: one of ours instead
        (tmp_path / "urls.txt").write_text("https://example.org/a\n")
        spider_args["urls_file"] = str(tmp_path / "urls.txt")
    stdin = io.BytesIO(b"https://example.org/a\n")
    parse_params(spider_args, stdin=stdin)  # ArgumentError if the README's arguments are bad


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs_as_written(command, tmp_path):
    if covered := next((t for p, t in COVERED_ELSEWHERE.items() if command.startswith(p)), None):
        assert (ROOT / covered.split(" ")[0]).exists(), covered
        return
    if _is_test_command(command):
        return  # the test command: what CI runs (test_ci_runs_the_readme_test_command)
    words = _words(command)
    if words[:3] == [".venv/bin/python", "-m", "cleaners"]:
        _check_cleaners(words[3:])
    elif words[0] == ".venv/bin/scrapy":
        _check_scrapy(words[1:], tmp_path)
    elif words[0] == ".venv/bin/python" and words[1].startswith("benchmarks/"):
        done = subprocess.run([sys.executable, words[1], "--help"], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    else:
        pytest.fail(f"no check covers this README command: {command}")
