"""The rejects reasons the crawler writes are the ones README.md documents."""

from __future__ import annotations

import re

from crawler.rejects import REASONS
from tests.crawl_run import ROOT


def test_readme_documents_every_rejects_reason_and_no_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| reason | the page |") :].split("\n\n", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)
    assert sorted(documented) == sorted(REASONS)
