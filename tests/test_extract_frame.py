"""A page that gives trafilatura none of its content frames gets the one holding its
paragraphs (`cleaners.extract.frame_paragraphs`), so lists and headings stay."""

from __future__ import annotations

import pytest
from lxml.html import tostring
from trafilatura import bare_extraction

from cleaners import clean_html, extract

URL = "https://example.org/guide"
PRINCIPLES = [
    "Principle of regularity: regularity is conformity to the rules and laws in force.",
    "Principle of consistency: the same methods are applied from one period to the next.",
    "Principle of sincerity: the accounts reflect in good faith the company's position.",
]
STORY = (
    "<h2>Accounting practices for your business</h2>"
    "<p>Financial information must be assembled and reported objectively, and you have the"
    " right to be assured that it is free from bias and inconsistency.</p>"
    "<p>Compliance derives from tradition: whoever prepares your statements must say"
    " whether or not the information in them follows the accepted principles.</p>"
    "<p>Here is a general list of those principles:</p>"
    f"<ul>{''.join(f'<li>{item}</li>' for item in PRINCIPLES)}</ul>"
    "<p>Each of them is applied every month, when the books are closed for the period.</p>"
)
SIDEBAR = "<div><p>Call us today.</p></div>"


def _page(story: str, around: str = "<div>{}</div>") -> str:
    return f"<html><body>{SIDEBAR}{around.format(story)}</body></html>"


def test_trafilatura_alone_loses_the_list_of_a_page_built_of_plain_divs():
    # Why the frame is there: with no content frame trafilatura gathers paragraphs only.
    found = extract.extract(_page(STORY), URL)
    assert "Here is a general list" in found.text
    assert not any(item in found.text for item in PRINCIPLES)


def test_the_frame_keeps_the_list_and_the_heading_between_the_paragraphs():
    found = extract.extract(_page(STORY), URL, frame=True)
    assert all(item in found.text for item in PRINCIPLES)
    assert "Accounting practices for your business" in found.text


def test_clean_html_keeps_the_list_of_a_page_built_of_plain_divs():
    record = clean_html(_page(STORY), url=URL)
    assert all(item in record.text for item in PRINCIPLES)


def test_the_frame_is_the_smallest_element_holding_nine_tenths_of_the_paragraph_words():
    tree = extract.parse(_page(STORY, '<div id="outer"><div id="story">{}</div></div>'))
    assert extract.frame_paragraphs(tree)
    (frame,) = tree.iter("main")
    assert frame.getparent().get("id") == "story"
    assert [child.tag for child in frame] == ["h2", "p", "p", "p", "ul", "p"]


def test_a_frame_goes_around_a_table_not_among_its_rows():
    # The pipeline's HTML always has a <tbody> (lexbor writes it).
    tree = extract.parse(_page(STORY, "<table><tbody><tr><td>{}</td></tr></tbody></table>"))
    assert extract.frame_paragraphs(tree)
    assert tree.find("body/main") is None and tree.find(".//td/main") is not None
    rows = "".join(f"<tr><td><p>{item}</p></td></tr>" for item in PRINCIPLES * 2)
    tree = extract.parse(_page(rows, '<div id="holder"><table><tbody>{}</tbody></table></div>'))
    assert extract.frame_paragraphs(tree)
    (frame,) = tree.iter("main")
    assert frame.getparent().get("id") == "holder" and frame[0].tag == "table"


def test_the_text_opening_the_holder_goes_into_the_frame():
    tree = extract.parse(_page(STORY, '<div id="story">Opening words{}</div>'))
    assert extract.frame_paragraphs(tree)
    (frame,) = tree.iter("main")
    assert frame.text == "Opening words" and not frame.getparent().text


def test_a_story_whose_unclosed_tags_nest_each_paragraph_deeper_keeps_them_all():
    paragraphs = [f"Paragraph {i} of the story, which the reader needs." for i in range(13)]
    page = "<html><body>" + "".join(f'<div class="x"><p>{p}</p>' for p in paragraphs)
    record = clean_html(page, url=URL)
    assert [record.text.count(p) for p in paragraphs] == [1] * 13


def test_a_data_table_beside_the_story_counts_as_what_trafilatura_would_gather():
    # The table is outside the element holding the paragraphs: counted with them, it is
    # inside the frame, not lost with everything outside it.
    rows = "".join(f"<tr><td>Ward {i}</td><td>{100 + i} votes</td></tr>" for i in range(30))
    page = _page(STORY, f"<div><div>{{}}</div><div><table>{rows}</table></div></div>")
    record = clean_html(page, url=URL)
    assert "Ward 7" in record.text and all(item in record.text for item in PRINCIPLES)


def test_a_frame_holds_nine_tenths_of_the_words_not_half():
    # 85% of the paragraph words in one block, 15% in its sibling: both are framed.
    tree = extract.parse(
        _page(
            f'<div id="most">{STORY}{STORY}{STORY}{STORY}</div>'
            f'<div id="rest"><p>{PRINCIPLES[0]} {PRINCIPLES[1]} {PRINCIPLES[2]}</p></div>',
            '<div id="both">{}</div>',
        )
    )
    assert extract.frame_paragraphs(tree)
    (frame,) = tree.iter("main")
    assert frame.getparent().get("id") == "both"


def test_a_page_with_few_paragraph_words_gets_no_frame():
    tree = extract.parse(_page("<p>Opening hours: nine to five, Monday to Friday.</p>"))
    before = tostring(tree)
    assert not extract.frame_paragraphs(tree)
    assert tostring(tree) == before


def test_a_page_whose_article_holds_the_story_is_extracted_as_before():
    page = _page(STORY, "<article>{}</article>")
    assert extract.extract(page, URL, frame=True) == extract.extract(page, URL)


def test_a_small_block_named_main_before_the_story_does_not_hide_the_frame():
    # trafilatura reads the first block named "main" as its last frame: an author box
    # finds nothing there, and the story's list would go missing with it.
    bio = "Ada Lovelace writes about the accounts of small firms and has kept books for years"
    author = (
        '<div class="main_author_container"><a href="/team/ada">Ada Lovelace</a>'
        f"<span>{bio}.</span></div>"
    )
    page = _page(STORY, author + "<div>{}</div>")
    assert not any(item in extract.extract(page, URL).text for item in PRINCIPLES)
    found = extract.extract(page, URL, frame=True)
    assert all(item in found.text for item in PRINCIPLES)
    assert "Ada Lovelace" not in found.text


def test_a_block_named_main_that_could_hold_the_content_keeps_its_name():
    item = "<li>Lens number {}, fifty millimetres, fast and sharp</li>"
    products = "".join(item.format(i) for i in range(9))
    product_list = f'<main class="product-list"><ul>{products}</ul></main>'
    tree = extract.parse(_page(STORY, product_list + "<div>{}</div>"))
    assert extract.frame_paragraphs(tree)
    assert [m.get("class") for m in tree.iter("main")] == ["product-list", None]


def test_only_the_small_blocks_before_the_frame_lose_the_name_main():
    around = '<div id="main-nav"><a href="/">Home</a></div><div>{}</div>'
    around += '<div class="main-foot">Bye</div>'
    tree = extract.parse(_page(STORY, around))
    assert extract.frame_paragraphs(tree)
    assert tree.find(".//*[@id='_main-nav']") is not None
    assert tree.find(".//*[@class='main-foot']") is not None


def test_small_blocks_named_main_by_tag_or_role_before_the_frame_lose_the_name_too():
    around = '<main><a href="/">Home</a></main>'
    around += '<section role="main-menu">Menu</section><div>{}</div>'
    tree = extract.parse(_page(STORY, around))
    assert extract.frame_paragraphs(tree)
    frame = tree.find(".//main")
    assert frame is not None and not frame.attrib and "Accounting" in frame.text_content()
    assert tree.find(".//*[@role='_main-menu']") is not None


def test_the_blocks_read_as_main_are_those_trafilatura_reads_as_its_last_frame():
    # `_NAMED_MAIN` lists in page order what trafilatura's last frame expression takes the
    # first of: a change in trafilatura's expression shows here.
    from trafilatura.xpaths import BODY_XPATH

    for first in (
        '<main class="x">a</main>',
        '<div class="main-nav">a</div>',
        '<section id="main_area">a</section>',
        '<article role="main">a</article>',
        '<div><span class="main">a</span></div><main>b</main>',
    ):
        tree = extract.parse(_page(STORY, first + '<div class="main-foot">{}</div><main>c</main>'))
        assert BODY_XPATH[-1](tree)[0] is extract._NAMED_MAIN(tree)[0]


# An author box whose class names content to trafilatura's first frame expression
# ("...-text-content"), of 44 words (over 250 characters: what trafilatura takes for a
# text).
AUTHOR_BIO = " ".join(["Ada writes about the accounts of small firms."] * 5)
AUTHOR_BOX = (
    '<div class="header__author-text-content">'
    f"<div>Ada Lovelace</div><div>Senior contributor</div><span>{AUTHOR_BIO}</span></div>"
)


def _main_extractor(tree) -> str:
    # trafilatura's main extractor alone: on this short page its comparison with
    # readability rescues the story, on a long one (web/ 0334) it did not.
    return bare_extraction(tree, fast=True, include_comments=False).text


def test_a_small_block_named_as_content_before_the_story_does_not_hide_the_frame():
    page = _page(STORY, AUTHOR_BOX + "<div>{}</div>")
    found = _main_extractor(extract.parse(page))
    assert found.startswith("Ada Lovelace") and PRINCIPLES[0] not in found
    tree = extract.parse(page)
    assert extract.frame_paragraphs(tree)
    found = _main_extractor(tree)
    assert all(item in found for item in PRINCIPLES) and "Ada Lovelace" not in found
    assert found.startswith("Accounting practices for your business")


def test_teaser_articles_before_the_story_lose_the_article_tag():
    teaser = '<article class="card"><a href="/x">Five ways to close the books</a></article>'
    tree = extract.parse(_page(STORY, teaser * 3 + "<div>{}</div>"))
    assert extract.frame_paragraphs(tree)
    assert not list(tree.iter("article"))
    assert tree.find(".//*[@class='card']") is None


@pytest.mark.parametrize("items", [9, 20])
def test_a_bigger_block_outside_the_frame_leaves_every_name_in_place(items):
    # trafilatura reads the bigger block (or, with the small one kept, gathers paragraphs):
    # unnaming the small one would only hand it the bigger one. With 20 items the block
    # holds more words than the frame: still not the story's.
    item = "<li>Lens number {}, fifty millimetres, fast and sharp, in stock today</li>"
    listing = '<div class="entry-content"><ul>{}</ul></div>'.format(
        "".join(item.format(i) for i in range(items))
    )
    tree = extract.parse(_page(STORY, AUTHOR_BOX + listing + "<div>{}</div>"))
    assert extract.frame_paragraphs(tree)
    assert tree.find(".//*[@class='header__author-text-content']") is not None
    assert tree.find(".//*[@class='entry-content']") is not None


def test_a_story_block_inside_the_frame_stops_the_walk_only_if_it_holds_nine_tenths():
    # The story's own block inside our frame is what trafilatura should read: the author
    # box before it loses its name. A block holding part of the frame is not.
    inner = '<div class="entry-content">{}</div>'
    tree = extract.parse(_page(inner.format(STORY), AUTHOR_BOX + "<div>{}</div>"))
    assert extract.frame_paragraphs(tree)
    assert tree.find(".//*[@class='header__author-text-content']") is None
    assert tree.find(".//*[@class='entry-content']") is not None
    more = "".join(f"<p>Closing paragraph {i} on the ledgers and the audit.</p>" for i in range(12))
    tree = extract.parse(_page(inner.format(STORY) + more, AUTHOR_BOX + "<div>{}</div>"))
    assert extract.frame_paragraphs(tree)
    assert tree.find(".//*[@class='header__author-text-content']") is not None


def test_every_frame_expression_is_read_in_page_order_as_trafilatura_reads_its_first():
    # `_FRAME_EXPRESSIONS` lists every block of each of trafilatura's frame expressions;
    # the first is the one trafilatura takes. A change in its expressions shows here.
    from trafilatura.xpaths import BODY_XPATH

    assert len(extract._FRAME_EXPRESSIONS) == len(BODY_XPATH)
    blocks = (
        '<div class="post-content">a</div>',
        '<section><div id="article-body">b</div></section>',
        '<article class="teaser">c</article>',
        '<div class="story-content">d</div>',
        '<div id="content-main">e</div>',
        '<div class="main-nav">f</div>',
    )
    for first in range(len(blocks)):
        page = _page(STORY, "".join(blocks[first:] + blocks[:first]) + "<div>{}</div>")
        tree = extract.parse(page)
        for theirs, (_, ours) in zip(BODY_XPATH, extract._FRAME_EXPRESSIONS, strict=True):
            found = [block for block in theirs(tree) if block is not None]
            assert found and found[0] is ours(tree)[0]


def _table(head: str, cells: str) -> str:
    return f"<table><tr>{head}</tr><tr>{cells}</tr></table>"


PROS = "<ul><li><p>Specializes in social media</p></li><li>Covers six industries</li></ul>"
CONS = "<ol><li>Pricing not publicly available</li></ol>"


def test_the_lists_in_a_data_tables_cells_are_kept():
    # trafilatura drops a list in a table cell (it keeps them in recall mode only): a
    # comparison kept its "Pros | Cons" header row and lost every pro and con.
    table = _table("<th>Pros</th><th>Cons</th>", f"<td>{PROS}</td><td>{CONS}</td>")
    page = _page(STORY + table)
    items = ["Specializes in social media", "Covers six industries", "Pricing not publicly"]
    assert not any(item in extract.extract(page, URL).text for item in items)
    found = extract.extract(page, URL, frame=True).text
    assert all(item in found for item in items)


def test_the_lists_of_a_layout_tables_cells_stay_lists():
    # A table with no header cell may be the page's layout, a list in it a menu.
    tree = extract.parse(_page(_table("<td>Menu</td>", f"<td>{PROS}</td>")))
    extract.open_cell_lists(tree)
    assert len(list(tree.iter("li"))) == 2 and len(list(tree.iter("ul"))) == 1


def test_nested_lists_in_a_cell_open_up_too():
    nested = "<ul><li>Outer<ul><li>Inner one</li><li>Inner two</li></ul></li></ul>"
    tree = extract.parse(_page(_table("<th>Notes</th>", f"<td>{nested}</td>")))
    extract.open_cell_lists(tree)
    assert not list(tree.iter("ul", "li"))
    assert "Inner two" in tree.find(".//td").text_content()


LONG_STORY = STORY + "".join(
    f"<p>Paragraph {i} on the ledgers: the closing of the books, the audit and the notes"
    " that go with the statements every quarter, read by the board.</p>"
    for i in range(80)
)


def test_a_block_trafilatura_deletes_first_neither_stops_the_walk_nor_loses_its_name():
    # trafilatura deletes asides and comment lists before it reads any frame: a big
    # content-named block there is no frame, and the menu named "main" before the story
    # still loses its name. A comment section named as content keeps its id, by which
    # trafilatura takes the comments out.
    words = " ".join(["Our sister paper covers the harbour and the ferries."] * 19)
    aside = f'<aside><div class="text-content"><p>{words}</p></div></aside>'
    comments = (
        '<section id="comments" class="section-content">'
        "<p>Joe: Great article, thanks!</p></section>"
    )
    around = '<div class="main-nav"><a href="/">Home</a></div>' + aside + "<div>{}</div>"
    tree = extract.parse(_page(LONG_STORY + comments, around))
    assert extract.frame_paragraphs(tree)
    assert tree.find(".//*[@class='_main-nav']") is not None
    assert tree.find(".//*[@id='comments']") is not None
    assert tree.find(".//*[@class='text-content']") is not None
    record = clean_html(_page(LONG_STORY + comments, around), url=URL)
    assert "Great article" not in record.text
    assert all(item in record.text for item in PRINCIPLES)


def test_the_metadata_is_read_with_the_names_the_walk_took():
    # The author box's class names its author to trafilatura's metadata.
    box = '<div class="author-text-content" itemprop="author">Ada Lovelace</div>'
    page = _page(STORY, box + "<div>{}</div>")
    tree = extract.parse(page)
    renamed: list = []
    assert extract.frame_paragraphs(tree, renamed)
    assert [element.get("itemprop") for element, _, _ in renamed] == [None]
    assert renamed[0][2] == {"class": "author-text-content", "itemprop": "author"}
    assert extract.extract(page, URL, frame=True).authors == ["Ada Lovelace"]


def test_a_block_named_by_id_or_itemprop_loses_that_name_and_main_names_go_with_content_ones():
    blocks = (
        '<div id="article-body">By Ada</div><div itemprop="articleBody">Menu</div>'
        '<div class="main-content">Top</div>'
    )
    tree = extract.parse(_page(STORY, blocks + "<div>{}</div>"))
    assert extract.frame_paragraphs(tree)
    for name in ("id", "itemprop", "class"):
        assert tree.find(f".//div[@{name}]") is None, name


def test_small_means_a_twentieth_of_the_frames_words_and_fifty_words_at_least():
    box = f'<div class="author-text-content">{" ".join(["Ada"] * 80)}</div>'
    tree = extract.parse(_page(LONG_STORY, box + "<div>{}</div>"))  # about 2,100 words
    assert extract.frame_paragraphs(tree)
    assert tree.find(".//*[@class='author-text-content']") is None
    tree = extract.parse(_page(STORY, box + "<div>{}</div>"))  # about 110 words
    assert extract.frame_paragraphs(tree)
    assert tree.find(".//*[@class='author-text-content']") is not None
    bigger = box.replace(" ".join(["Ada"] * 80), " ".join(["Ada"] * 150))
    tree = extract.parse(_page(LONG_STORY, bigger + "<div>{}</div>"))
    assert extract.frame_paragraphs(tree)
    assert tree.find(".//*[@class='author-text-content']") is not None


def test_a_page_of_more_small_blocks_than_the_walk_unnames_keeps_them_all():
    teaser = '<article class="card"><a href="/x">Five ways to close the books</a></article>'
    many = teaser * (extract.MAX_UNNAMED + 1)
    tree = extract.parse(_page(STORY, many + "<div>{}</div>"))
    assert extract.frame_paragraphs(tree)
    assert len(list(tree.iter("article"))) == extract.MAX_UNNAMED + 1


def test_only_a_tables_own_header_cells_make_it_a_data_table():
    inner = "<table><tr><th>Year</th></tr><tr><td>2024</td></tr></table>"
    layout = _table("<td>Menu</td>", f"<td>{PROS}{inner}</td>")
    tree = extract.parse(_page(layout))
    extract.open_cell_lists(tree)
    assert len(list(tree.iter("li"))) == 2
    presentation = _table("<th>Steps</th>", f"<td>{PROS}</td>").replace(
        "<table>", '<table role="presentation">'
    )
    tree = extract.parse(_page(presentation))
    extract.open_cell_lists(tree)
    assert len(list(tree.iter("li"))) == 2


def test_a_list_in_a_header_cell_opens_too():
    tree = extract.parse(_page(_table(f"<th>{PROS}</th>", "<td>x</td>")))
    extract.open_cell_lists(tree)
    assert not list(tree.iter("li"))


def test_fifty_words_are_not_small_and_the_share_counts_the_frames_words_only():
    # A menu of 3,000 words beside a story of about 110: the share is of the frame's words.
    menu = "<ul>" + "<li>Section of the site with a long name</li>" * 375 + "</ul>"
    for words, named in ((49, False), (50, True)):
        box = f'<div class="author-text-content">{" ".join(["Ada"] * words)}</div>'
        tree = extract.parse(_page(STORY, menu + box + "<div>{}</div>"))
        assert extract.frame_paragraphs(tree)
        found = tree.find(".//*[@class='author-text-content']") is not None
        assert found == named, words
