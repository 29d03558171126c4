"""What a page declares itself to be, and the article-only rules that follow from it."""

from __future__ import annotations

import pytest

from cleaners import clean_html
from cleaners.page_type import declared_type
from cleaners.prune import parse, prune


def _page(head: str, body: str = "<p>Body.</p>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _ld(types: str) -> str:
    data = f'{{"@context": "https://schema.org", "@type": {types}}}'
    return f'<script type="application/ld+json">{data}</script>'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="og:type" content="article">', "article"),
        ('<meta property="og:type" content=" Article ">', "article"),
        (_ld('"NewsArticle"'), "article"),
        (_ld('["WebPage", "BlogPosting"]'), "article"),
        (_ld('"https://schema.org/Report"'), "article"),
        (_ld('"Product"'), "product"),
        ('<meta property="og:type" content="product">', "product"),
        (_ld('"QAPage"'), "discussion"),
        (_ld('"DiscussionForumPosting"'), "discussion"),
        (_ld('"CollectionPage"'), "collection"),
        (_ld('"ItemList"'), "collection"),
        ('<meta property="og:type" content="website">', None),
        (_ld('"Organization"'), None),
        ("", None),
    ],
)
def test_declared_type(head, expected):
    assert declared_type(parse(_page(head))) == expected


def test_an_article_that_lists_products_is_an_article():
    head = _ld('"Article"') + _ld('"Product"') + _ld('"ItemList"')
    assert declared_type(parse(_page(head))) == "article"


def test_og_article_wins_over_a_product_block():
    head = '<meta property="og:type" content="article">' + _ld('"Product"')
    assert declared_type(parse(_page(head))) == "article"


def test_invalid_json_ld_still_names_its_type():
    head = '<script type="application/ld+json">{"@type": "Article", "headline": "x",}</script>'
    assert declared_type(parse(_page(head))) == "article"



def test_a_type_list_left_open_ends_at_the_next_one():
    # Each open list's search ends where the next begins (to the script's end, many open
    # lists cost the square of their number).
    script = '"@type": [ "Thing", ' * 3 + '"@type": ["WebPage", "NewsArticle"]'
    head = f'<script type="application/ld+json">{{{script}}}</script>'
    assert declared_type(parse(_page(head))) == "article"


STORY = (
    "The harbour authority approved the new breakwater on Tuesday after a decade of storms "
    "had flooded the lower town three winters running, and work is due to start in spring."
)
STORY_2 = (
    "Engineers said the wall would be built from local granite and would rise four metres "
    "above the highest tide recorded in the last century, protecting two hundred homes."
)
# A list of five linked headlines: around an article, a "More stories" box.
HEADLINES = [
    "Ferry timetable changes for the winter season",
    "Lifeboat crew rescues two kayakers off the point",
    "Fish market reopens after three months of repairs",
    "Council votes to keep the lighthouse museum open",
    "New cycle path links the harbour to the station",
]
LINK_LIST = (
    "<ul>"
    + "".join(f'<li><a href="/s/{i}">{h}</a></li>' for i, h in enumerate(HEADLINES))
    + "</ul>"
)


def _listed(head: str) -> str:
    body = f"<main><h1>Breakwater approved</h1><p>{STORY}</p><p>{STORY_2}</p>{LINK_LIST}</main>"
    return _page(f"<title>Breakwater approved</title>{head}", body)


def test_link_list_beside_an_article_is_removed_as_a_link_block():
    record = clean_html(_listed('<meta property="og:type" content="article">'))
    assert record.page_type == "article"
    assert STORY in record.text
    assert not any(h in record.text for h in HEADLINES)
    assert any(r.rule == "prune.link_block" and HEADLINES[0] in r.text for r in record.removed)


def test_link_list_on_a_page_that_is_no_article_is_not_pruned():
    tree = parse(_listed(_ld('"CollectionPage"')))
    assert prune(tree, article=False) == []
    assert all(h in tree.body.text() for h in HEADLINES)


def test_on_a_page_that_is_no_article_no_link_rule_removes_the_list():
    # What trafilatura itself leaves out is listed as extract.left_out, not as a rule's.
    record = clean_html(_listed(_ld('"CollectionPage"')))
    assert record.page_type == "collection"
    link_rules = {"prune.link_block", "prune.teaser_link", "related_links"}
    assert not any(r.rule in link_rules for r in record.removed)
