"""The rejects and skipped reasons the crawler writes are the ones README.md documents."""

from __future__ import annotations

import re

from crawler.rejects import REASONS
from crawler.skipped import REASONS as SKIP_REASONS
from tests.crawl_run import ROOT

TABLE_HEADER = "| reason | the page |"


def _documented_reasons(table_number: int) -> list[str]:
    """The reasons in the README's `table_number`-th reasons table (0: rejects, 1: skips)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split(TABLE_HEADER)[table_number + 1].split("\n\n", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)


def test_readme_documents_every_rejects_reason_and_no_other():
    assert sorted(_documented_reasons(0)) == sorted(REASONS)


def test_readme_documents_every_skipped_reason_and_no_other():
    assert sorted(_documented_reasons(1)) == sorted(SKIP_REASONS)
