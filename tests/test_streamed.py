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


def test_a_fallback_holding_boundaries_of_its_own_ends_at_the_matching_end_comment():
    # React nests boundaries as siblings: "$" and "$!" starts count as well as "$?".
    for start in ("$", "$!", "$?"):
        nested = f"<!--{start}--><p>Nested fallback</p><!--/$-->"
        article = f'<!--$?--><template id="B:1"></template>{nested}<p>Still fallback</p><!--/$-->'
        tail = _segment(1, COMPANIES[1]) + '<script>$RC("B:1","S:1")</script>'
        tree = prune.parse(_page(article + "<p>After</p>", tail))
        assert streamed.place_streamed_parts(tree) == 1, start
        body = tree.body.html
        assert "Nested fallback" not in body and "Still fallback" not in body, start
        assert body.index("Zoom") < body.index("After"), start


def test_a_part_streamed_with_a_stylesheet_and_a_part_in_a_table_are_placed_too():
    # $RR is React 19's call for a part that brings a stylesheet; a streamed table row's
    # segment is no <div>.
    article = INTRO + '<!--$?--><template id="B:0"></template><!--/$-->'
    tail = _segment(0, COMPANIES[0]) + '<script>$RR("B:0","S:0",[["/a.css","x"]])</script>'
    assert "Adobe" in _body(_page(article, tail)).split("Footer")[0]
    row = '<table><tbody><template id="P:2"></template></tbody></table>'
    tail = (
        '<table hidden><tbody id="S:2"><tr><td>Streamed row</td></tr></tbody></table>'
        '<script>$RS("S:2","P:2")</script>'
    )
    assert "Streamed row" in _body(_page(INTRO + row, tail)).split("Footer")[0]


def test_each_branch_counts_its_move_and_many_moves_are_made_in_order():
    boundaries = "".join(
        f'<!--$?--><template id="B:{n}"></template><div>Loading</div><!--/$-->' for n in range(6)
    )
    tail = "".join(
        f'<div hidden id="S:{n}"><p>Part {n}</p></div><script>$RC("B:{n}","S:{n}")</script>'
        for n in reversed(range(6))
    )
    tree = prune.parse(_page(boundaries, tail))
    assert streamed.place_streamed_parts(tree) == 6
    body = tree.body.html
    assert [body.index(f"Part {n}") for n in range(6)] == sorted(
        body.index(f"Part {n}") for n in range(6)
    )
    assert body.index("Part 5") < body.index("Footer") and "Loading" not in body


def test_a_part_holding_its_own_placeholder_is_left_where_it_is():
    # Moved into itself, its copy was walked and copied again without end.
    part = '<div hidden id="S:0"><p>x</p><template id="P:0"></template></div>'
    tree = prune.parse(_page(INTRO, part + '<script>$RS("S:0","P:0")</script>'))
    assert streamed.place_streamed_parts(tree) == 0


def test_a_part_carried_from_placeholder_to_placeholder_is_moved_not_copied():
    # Each part holds the next one's placeholder: moved by copy, the first part was
    # copied 500 times (24 s and 5.4 GB for 1.4 MB).
    first = '<div hidden id="S:0">' + "<div>item</div>" * 20_000 + "</div>"
    chain = "".join(
        f'<div hidden id="S:{k}"><template id="P:{k - 1}"></template></div>' for k in range(1, 500)
    )
    calls = "".join(f'$RS("S:{k}","P:{k}");' for k in range(500))
    tail = first + chain + f"<script>{calls}</script>"
    html = _page(INTRO + '<template id="P:0"></template>', tail)
    tree = prune.parse(html)
    start = time.process_time()
    streamed.place_streamed_parts(tree)
    assert time.process_time() - start < 3
    assert tree.body.html.count("<div>item</div>") == 20_000


def test_an_id_the_page_cannot_hold_is_not_read():
    # A newline in a call's id made the id lookup raise, and the page was lost.
    html = _page(INTRO, '<script>/* $RC("B:0","x\ny") */</script>')
    record = clean_html(html, url="https://example.com/cloud-stocks")
    assert "Cloud computing" in record.text


def test_the_reference_path_reads_the_page_with_its_parts_placed(story_pruned):
    # When pruning takes too much, the page is extracted again as it came: as the browser
    # shows it, parts in place.
    closing = "".join(
        f"<p>Closing paragraph {n} says what the five companies have in common, and why the"
        " cloud will keep growing for the next ten years at least.</p>"
        for n in range(4)
    )
    article = INTRO + '<!--$?--><template id="B:0"></template><!--/$-->' + closing
    tail = _segment(0, COMPANIES[0]) + '<script>$RC("B:0","S:0")</script>'
    record = clean_html(_page(article, tail), url="https://example.com/cloud-stocks")
    assert record.fallback == "short_extraction"
    assert record.text.index("Adobe") < record.text.index("Closing paragraph 0")


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
