"""The cleaning budget: a page too big, too many elements or nested too deep is refused
before any stage parses it, quickly, with the reason `too_complex`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cleaners import clean_html
from cleaners.budget import DEFAULT_BUDGET, TOO_COMPLEX, Budget, OverBudget
from cleaners.goldset import read_page_bytes

STORY = "<p>The harbour reopened on Monday after three weeks of repairs to the quay.</p>"


def nested_page(depth: int) -> str:
    return f"<html><body>{'<div>' * depth}{STORY}{'</div>' * depth}</body></html>"


def many_elements_page(count: int) -> str:
    return f"<html><body>{'<span>x</span>' * count}{STORY}</body></html>"


def _refusal(html: str | bytes, budget: Budget = DEFAULT_BUDGET) -> tuple[OverBudget, float]:
    started = time.process_time()
    with pytest.raises(OverBudget) as refused:
        clean_html(html, "https://a.example/story", budget=budget)
    return refused.value, time.process_time() - started


def test_100k_nested_divs_are_refused_at_once():
    # 32 s of CPU before the budget, most of it in the HTML parser.
    refused, cpu = _refusal(nested_page(100_000))
    assert refused.reason == TOO_COMPLEX
    assert refused.detail == "100003 elements, over the limit of 50000"
    assert cpu < 0.5


def test_deep_nesting_is_refused_at_once():
    refused, cpu = _refusal(nested_page(20_000))
    assert refused.detail == "elements nested 20002 deep, over the limit of 1000"
    assert cpu < 0.5


def test_megabytes_of_tiny_elements_are_refused_at_once():
    refused, cpu = _refusal(many_elements_page(600_000))  # 8.4 MB
    assert refused.reason == TOO_COMPLEX
    assert refused.detail == "600003 elements, over the limit of 50000"
    assert cpu < 0.5


def test_element_limit_counts_start_tags():
    refused, _ = _refusal(many_elements_page(60), Budget(max_elements=50))
    assert refused.detail == "63 elements, over the limit of 50"


def test_end_tags_count_too():
    refused, _ = _refusal("</div>" * 60 + nested_page(2), Budget(max_elements=50))
    assert refused.detail == "65 end tags, over the element limit of 50"


def test_size_limit_counts_bytes():
    page = nested_page(2).encode()
    refused, _ = _refusal(page, Budget(max_bytes=len(page) - 1))
    assert refused.detail == f"{len(page)} bytes, over the limit of {len(page) - 1}"


def test_a_utf16_page_hides_no_tags():
    refused, _ = _refusal(nested_page(20_000).encode("utf-16"))
    assert refused.detail == "elements nested 20002 deep, over the limit of 1000"


def test_stray_end_tags_do_not_hide_nesting():
    page = "</div>" * 5_000 + nested_page(2_000)
    refused, _ = _refusal(page)
    assert refused.detail == "elements nested 2002 deep, over the limit of 1000"


def test_elements_the_parser_closes_or_that_hold_nothing_add_no_depth():
    flat = "<p>one<p>two<li>three<br><img src=x><path d='M0'/>" * 2_000
    Budget(max_depth=3).check(f"<html><body>{flat}</body></html>")


def test_elements_named_like_flat_ones_add_depth():
    # <pre> starts like <p>, <tbodyx> like <tbody>; <PARAM> is flat in any case.
    for opened in ("<pre>", "<tbodyx>", "<P-x>"):
        with pytest.raises(OverBudget):
            Budget(max_depth=3).check(f"<html><body>{opened * 2}<PARAM><P>x</body></html>")
    Budget(max_depth=3).check("<html><body><PARAM><P><Br><path/>x</body></html>")


def test_script_code_is_not_markup():
    code = "<script>for (i = 0; i<e.length; i++) { if (a<b) x = '<div>'; }</script>" * 2_000
    Budget(max_depth=3, max_elements=10).check(f"<html><body>{code}</body></html>")


def test_every_development_page_is_within_the_default_budget(shared_dir: Path):
    for name in ("articles", "web"):
        for path in sorted((shared_dir / "bench" / name / "html").iterdir()):
            DEFAULT_BUDGET.check(read_page_bytes(path))


def test_a_page_within_budget_is_cleaned():
    record = clean_html(nested_page(200), "https://a.example/story")
    assert "harbour reopened" in record.text
