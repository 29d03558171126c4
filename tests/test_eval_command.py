"""`python -m cleaners eval DIR`: figures on a tiny hand-computed gold set, errors, baseline."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

# Plain article pages with no clutter: both extractors return exactly their paragraphs.
P1 = (
    "Lighthouse keepers on the northern coast kept detailed logs of every passing storm "
    "for more than a century."
)
P2 = "Historians now use those notebooks to reconstruct how the weather changed along the shore."
P3 = (  # 23 tokens
    "The village bakery opened before dawn each morning so that fishermen could buy warm "
    "bread before sailing out to sea with their crews."
)
P4 = "Its owner said the ovens had burned wood since her grandmother's time."  # 13 tokens
P5 = (
    "Volunteers planted four hundred young oak trees along the river valley during a "
    "single rainy weekend in April."
)
UNRELATED = "Council members voted to repair the old stone bridge before winter arrives."


def article_page(*paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>A quiet report</title></head>"
        f"<body><main><article>{body}</article></main></body></html>"
    ).encode()


def make_gold_set(directory: Path, pages: dict[str, tuple[bytes, str]]) -> Path:
    (directory / "html").mkdir(parents=True)
    gold = {}
    for page_id, (html, body) in pages.items():
        (directory / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html))
        gold[page_id] = {"url": f"https://example.org/{page_id}", "articleBody": body}
    (directory / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return directory


@pytest.fixture()
def tiny_gold_set(tmp_path) -> Path:
    return make_gold_set(
        tmp_path / "gold",
        {
            # Exact: P = R = 1.
            "a-lighthouse": (article_page(P1, P2), f"{P1}\n{P2}"),
            # Gold is P3 only: 36 tokens predicted -> 33 shingles, 20 of them gold (23 - 3);
            # P = 20/33, R = 1.
            "b-bakery": (article_page(P3, P4), P3),
            # Gold text is not on the page: P = R = 0.
            "c-unrelated": (article_page(P5), UNRELATED),
        },
    )


def run_eval(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cleaners", "eval", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


# P = (1 + 20/33 + 0) / 3 = 53/99; R = (1 + 1 + 0) / 3 = 2/3; F1 = 2PR/(P+R) = 212/357.
EXPECTED = {"precision": 53 / 99, "recall": 2 / 3, "f1": 212 / 357, "accuracy": 1 / 3}


def test_eval_prints_hand_computed_figures_for_both_extractors(tiny_gold_set):
    result = run_eval(str(tiny_gold_set), "--worst", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "cleaners         0.535   0.667   0.594     0.333      0" in lines
    assert "trafilatura      0.535   0.667   0.594     0.333      0" in lines
    assert "include_comments=False" in result.stdout


def test_eval_shows_the_worst_page_with_clutter_left_in_and_text_lost(tiny_gold_set):
    result = run_eval(str(tiny_gold_set), "--worst", "1")
    worst = result.stdout.split("Worst 1 pages by cleaners F1:")[1]
    assert "c-unrelated  https://example.org/c-unrelated" in worst
    assert f"  clutter left in (1 of 1 spans):\n    | {P5.rstrip('.')}" in worst
    assert f"  text lost (1 of 1 spans):\n    | {UNRELATED.rstrip('.')}" in worst
    assert "b-bakery" not in worst


def test_eval_json_has_the_same_figures(tiny_gold_set):
    result = run_eval(str(tiny_gold_set), "--json", "--jobs", "2", "--worst", "2")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for extractor in ("cleaners", "trafilatura"):
        figures = {key: report[extractor][key] for key in EXPECTED}
        assert figures == pytest.approx(EXPECTED)
        assert report[extractor]["pages"] == 3
    assert [page["id"] for page in report["worst"]] == ["c-unrelated", "b-bakery"]
    assert report["worst"][1]["cleaners"]["precision"] == pytest.approx(20 / 33)
    assert report["worst"][1]["clutter_left_in"] == [P4.rstrip(".")]
    assert report["errors"] == []


def test_malformed_gold_set_is_a_clear_error(tmp_path):
    gold = make_gold_set(tmp_path / "gold", {"a": (article_page(P1), P1)})
    (gold / "html" / "a.html.gz").unlink()
    result = run_eval(str(gold))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"cleaners eval: error: {gold / 'html'}: no <id>.html.gz or <id>.html for: a\n"
    )


# A page whose share bar is part of the article's last paragraph's box, so clean_html's
# prune takes the paragraph with it, is not easy to build; a rule that names what it
# removes is: the generic share prompt. The gold keeps that line, so it is lost text.
SHARE_LINE = "Share this article on Facebook"


@pytest.fixture()
def typed_gold_set(tmp_path) -> Path:
    gold = make_gold_set(
        tmp_path / "typed",
        {
            "a-lighthouse": (article_page(P1, P2), f"{P1}\n{P2}"),
            "b-bakery": (article_page(P3, SHARE_LINE), f"{P3}\n{SHARE_LINE}"),
            "c-oak": (article_page(P5), P5),
        },
    )
    entries = json.loads((gold / "gold.json").read_text(encoding="utf-8"))
    entries["a-lighthouse"] |= {"page_type": "article", "with": [P2], "without": ["Log in"]}
    entries["b-bakery"] |= {"page_type": "forum", "with": [P3, SHARE_LINE]}
    entries["c-oak"] |= {"page_type": "article"}
    (gold / "gold.json").write_text(json.dumps(entries), encoding="utf-8")
    return gold


def test_eval_gives_figures_per_page_type_and_pooled_snippets(typed_gold_set):
    result = run_eval(str(typed_gold_set), "--json", "--worst", "0")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report["by_type"]) == ["article", "forum"]
    assert report["by_type"]["article"]["pages"] == 2
    assert report["by_type"]["article"]["cleaners"]["f1"] == pytest.approx(1.0)
    # Snippets pool over pages: P2 and P3 found by both; the share line only by trafilatura.
    assert report["snippets"]["cleaners"] | {} == {
        "tp": 2,
        "fn": 1,
        "fp": 0,
        "precision": 1.0,
        "recall": pytest.approx(2 / 3),
        "f1": pytest.approx(0.8),
    }
    assert (report["snippets"]["trafilatura"]["tp"], report["snippets"]["trafilatura"]["fn"]) == (
        3,
        0,
    )
    assert report["by_type"]["forum"]["snippets"]["cleaners"]["fn"] == 1


def test_eval_blames_text_lost_against_the_baseline_on_the_rule_that_removed_it(typed_gold_set):
    result = run_eval(str(typed_gold_set), "--json", "--worst", "0", "--lost", "5")
    lost = json.loads(result.stdout)["lost_text"]
    # "Share this article on Facebook": 5 tokens, 2 shingles, all in the gold.
    assert lost["gold_shingles_lost"] == 2
    assert lost["pages_losing_gold"] == 1
    assert lost["rules"][0] == {
        "rule": "share_prompt",
        "gold_shingles_lost": 2,
        "pages": 1,
        "clutter_removed": 0,
    }
    [page] = lost["worst"]
    assert page["id"] == "b-bakery"
    assert page["spans"] == [
        {"rule": "share_prompt", "text": SHARE_LINE, "shingles": 2, "gold_shingles": 2}
    ]


def test_eval_text_report_has_the_type_snippet_and_lost_tables(typed_gold_set):
    result = run_eval(str(typed_gold_set), "--worst", "0", "--lost", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "By page type" in out and "\narticle            2  " in out
    assert "Snippets, pooled over pages" in out
    assert "Safety net: clean_html fell back to the reference path on 0 of 3 pages" in out
    assert "Text the baseline keeps and clean_html drops: 2 gold shingles on 1 pages" in out
    assert f"    share_prompt (2): {SHARE_LINE}" in out
