"""Parts a server-rendered React page streams in after its first paint are put where the
browser puts them (`cleaners.streamed`), so the story reads whole and in order."""

from __future__ import annotations

import time

from cleaners import clean_html, prune, streamed

INTRO = (
    "<p>Cloud computing has changed how companies buy software, and five of them have"
    " grown faster than the rest over the last ten years of steady growth.</p>"
)
COMPANIES = [
    "Software company Adobe got its start in an IT era that predates both the cloud and"
    " the internet, and moved its products to subscriptions a decade ago.",
    "Few companies have skyrocketed out of obscurity and into household name status as"
    " quickly as Zoom, whose video calls became a daily habit for millions.",
]
RUNTIME = "$RC=function(b,c,e){c=document.getElementById(c)};"


def _page(article: str, tail: str) -> str:
    return (
        "<html><head><title>Cloud stocks</title></head><body><main><article>"
        f"<h1>The best cloud stocks</h1>{article}</article></main>"
        f"<footer>Footer</footer>{tail}</body></html>"
    )


def _segment(number: int, text: str) -> str:
    return f'<div hidden id="S:{number}"><h2>Company {number}</h2><p>{text}</p></div>'


def _body(html: str) -> str:
    tree = prune.parse(html)
    streamed.place_streamed_parts(tree)
    return tree.body.html


def test_a_completed_boundary_replaces_its_fallback_with_the_streamed_part():
    fallback = "<div>Loading paragraph...</div>"
    article = INTRO + f'<!--$?--><template id="B:0"></template>{fallback}<!--/$-->'
    tail = _segment(0, COMPANIES[0]) + f'<script>{RUNTIME}$RC("B:0","S:0")</script>'
    body = _body(_page(article, tail))
    assert "Loading" not in body and 'id="S:0"' not in body and 'id="B:0"' not in body
    assert body.index("Cloud computing") < body.index("Adobe") < body.index("Footer")


def test_a_boundary_ends_at_its_own_end_comment_not_at_a_nested_ones():
    nested = "<!--$--><p>Kept inside</p><!--/$-->"
    article = f'<!--$?--><template id="B:1"></template><div>{nested}</div><!--/$--><p>After</p>'
    tail = _segment(1, COMPANIES[1]) + '<script>$RC("B:1","S:1")</script>'
    body = _body(_page(article, tail))
    assert "Kept inside" not in body  # the nested boundary was part of the fallback
    assert body.index("Zoom") < body.index("After")


def test_a_completed_segment_replaces_its_placeholder_also_inside_a_moved_part():
    part = f'<div hidden id="S:0"><p>{COMPANIES[0]}</p><template id="P:5"></template></div>'
    article = INTRO + '<!--$?--><template id="B:0"></template><!--/$-->'
    tail = (
        part
        + '<script>$RC("B:0","S:0")</script>'
        + _segment(7, COMPANIES[1])
        + '<script>$RS("S:7","P:5")</script>'
    )
    body = _body(_page(article, tail))
    assert body.index("Adobe") < body.index("Company 7") < body.index("Zoom") < body.index("Footer")
    assert 'id="P:5"' not in body


def test_without_its_comments_a_part_goes_before_the_template():
    article = INTRO + '<template id="B:2"></template><p>Closing words</p>'
    tail = _segment(2, COMPANIES[0]) + '<script>$RC("B:2","S:2")</script>'
    body = _body(_page(article, tail))
    assert body.index("Adobe") < body.index("Closing words")


def test_a_move_whose_ids_are_missing_or_whose_boundary_has_no_end_leaves_the_page():
    article = INTRO + '<!--$?--><template id="B:3"></template><div>Loading</div>'
    tail = _segment(3, COMPANIES[0]) + '<script>$RC("B:3","S:3");$RC("B:9","S:9")</script>'
    html = _page(article, tail)
    tree = prune.parse(html)
    assert streamed.place_streamed_parts(tree) == 0
    assert tree.body.html == prune.parse(html).body.html


def test_clean_html_reads_the_streamed_story_in_order():
    article = INTRO + "".join(
        f'<!--$?--><template id="B:{n}"></template><div>Loading...</div><!--/$-->'
        for n in range(2)
    )
    tail = "".join(
        _segment(n, text) + f'<script>$RC("B:{n}","S:{n}")</script>'
        for n, text in enumerate(COMPANIES)
    )
    record = clean_html(_page(article, tail), url="https://example.com/cloud-stocks")
    assert all(text in record.text for text in COMPANIES)
    assert record.text.index("Adobe") < record.text.index("Zoom")


def test_the_moves_read_are_bounded():
    # Each move looks its ids up in the page: a page of many moves costs at most
    # MAX_MOVES lookups.
    calls = "".join(f'$RC("B:{n}","S:{n}");' for n in range(50_000))
    html = _page(INTRO, f"<script>{calls}</script>" + "<div><p>x</p></div>" * 5_000)
    tree = prune.parse(html)
    start = time.process_time()
    assert streamed.place_streamed_parts(tree) == 0
    assert time.process_time() - start < 5
