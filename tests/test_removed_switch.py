"""Leaving `removed` out of records (issue 12, item 7): `--no-removed` on the command line,
RECORD_REMOVED=False in the crawler; the records stay valid and otherwise the same."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema

from crawler.demo import DEMO_SITE
from crawler.local_site import LocalSite, pages_from_directory
from tests.crawl_run import ROOT, run_crawl

SCHEMA = json.loads((ROOT / "cleaners/schema/record.schema.json").read_text("utf-8"))
ARTICLE = "2026/03/school-choir-wins-regional-festival.html"


def cleaners(*args: str) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "cleaners", *args], capture_output=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_command_line_leaves_removed_out_and_changes_nothing_else():
    page = str(DEMO_SITE / ARTICLE)
    [full] = cleaners("html", page)
    [lean] = cleaners("html", "--no-removed", page)
    assert full["removed"] and "removed" not in lean
    jsonschema.validate(lean, SCHEMA)
    assert lean == {key: value for key, value in full.items() if key != "removed"}
    assert list(lean) == [key for key in full if key != "removed"]  # same key order


def test_the_crawler_leaves_removed_out_and_still_counts_the_rules(tmp_path):
    with LocalSite() as site:
        site.pages.update(pages_from_directory(DEMO_SITE, site.base_url))
        run = run_crawl(["-a", f"url={site.url('/' + ARTICLE)}"], tmp_path, settings={
            "RECORD_REMOVED": "False", "STATE_DIR": str(tmp_path / "state"),
        })
    assert run.returncode == 0, run.stderr[-2000:]
    [record] = run.records
    assert "removed" not in record and record["text"]
    jsonschema.validate({k: v for k, v in record.items() if k in SCHEMA["properties"]}, SCHEMA)
    rules_line = next(line for line in run.stderr.splitlines() if "top rules fired" in line)
    assert "prune.non_content_tag" in rules_line
