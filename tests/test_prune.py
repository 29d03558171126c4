"""Each prune rule removes the clutter element it is for and leaves article markup alone."""

from __future__ import annotations

import pytest
import trafilatura

from cleaners import clean_html, prune

BODY = (
    "<p>The river rose by two metres overnight, and the authorities closed three bridges "
    "in the old town before dawn on Saturday.</p>"
    "<p>Engineers said the water would fall again by Monday if the rain stopped, but warned "
    "that the embankments had not been designed for a flood of this size.</p>"
)


def _page(inner: str, head: str = "") -> str:
    return f"<html><head><title>River floods town</title>{head}</head><body>{inner}</body></html>"


def _pruned(inner: str, head: str = "") -> str:
    tree = prune.parse(_page(inner, head))
    prune.prune(tree)
    return tree.html or ""


def test_scripts_navigation_and_captions_go_but_json_ld_stays():
    html = _pruned(
        '<nav><a href="/">Home</a></nav><script>var ad = 1;</script>'
        '<script type="application/ld+json">{"author": "Ann Lee"}</script>'
        f"<article><figure><img src=x><figcaption>Flood water (Photo: AP)</figcaption></figure>"
        f"{BODY}</article>"
    )
    assert "Home" not in html and "var ad" not in html and "Photo: AP" not in html
    assert '"author": "Ann Lee"' in html and "The river rose" in html


def test_a_quotes_attribution_stays_but_a_pictures_caption_goes():
    quote = (
        "<figure><blockquote><p>The water came up faster than anyone here has ever seen."
        "</p></blockquote><figcaption>— Maria Santos, ferry operator</figcaption></figure>"
    )
    picture = "<figure><img src=x><figcaption>Sandbags on the quay (AP)</figcaption></figure>"
    html = _pruned(f"<article>{BODY}{quote}{picture}</article>")
    assert "Maria Santos, ferry operator" in html and "faster than anyone" in html
    assert "Sandbags on the quay" not in html


@pytest.mark.parametrize(
    "label", ["Figure 2.", "Fig. 2:", "Table 2 |", "Chart 2 -", "Abb. 2:", "Tableau 2 :"]
)
def test_a_numbered_caption_is_text_after_its_figure(label):
    figure = (
        "<figure><img src=x><div><figcaption>"
        f"{label} Water levels at the <b>old bridge</b>, hour by hour"
        "</figcaption></div></figure>"
    )
    picture = "<figure><img src=y><figcaption>Sandbags on the quay (AP)</figcaption></figure>"
    tree = prune.parse(_page(f"<article>{BODY}{figure}{picture}<p>After.</p></article>"))
    prune.prune(tree)
    html = prune.to_html(tree, paragraphs_nest=False)
    caption = f"<p>{label} Water levels at the <b>old bridge</b>, hour by hour</p>"
    # Out of the figure (which trafilatura drops whole), right after it, markup kept.
    assert f"</figure>{caption}" in html and "<figcaption" not in html
    assert "Sandbags on the quay" not in html
    text = clean_html(_page(f"<article>{BODY}{figure}{BODY}</article>")).text
    assert f"{label} Water levels at the old bridge, hour by hour" in text


def _to_html(inner: str) -> str:
    tree = prune.parse(_page(inner))
    prune.prune(tree)
    return prune.to_html(tree, paragraphs_nest=False)


def test_numbered_captions_of_a_gallery_follow_it_in_their_order():
    gallery = (
        "<figure><figure><img src=a><figcaption>Figure 1. The old bridge</figcaption></figure>"
        "<figure><img src=b><figcaption>Figure 2. The new bridge</figcaption></figure>"
        "<figcaption>Table 3 | Both bridges</figcaption></figure>"
    )
    html = _to_html(f"<article>{BODY}{gallery}</article>")
    assert (
        "</figure><p>Figure 1. The old bridge</p><p>Figure 2. The new bridge</p>"
        "<p>Table 3 | Both bridges</p>" in html
    )


@pytest.mark.parametrize(
    "caption",
    [
        # Not numbered: the number is not what it opens with, or not a figure's number.
        "<figcaption>Photo of the Figure 8 knot used by the crews</figcaption>",
        "<figcaption>Table 10am: the crews' schedule</figcaption>",
        # A caption holding blocks is left to the rules for captions.
        "<figcaption><div>Figure 6. Gauge readings</div><div>Taken hourly.</div></figcaption>",
    ],
)
def test_other_captions_still_go(caption):
    html = _to_html(f"<article>{BODY}<figure><img src=x>{caption}</figure></article>")
    assert "<figcaption" not in html and "<p></p>" not in html
    assert html.count("<p>") == BODY.count("<p>")


@pytest.mark.parametrize("label", ["Fig. 4b:", "Table S1."])
def test_numbered_captions_of_papers(label):
    html = _to_html(
        f"<article>{BODY}<figure><img src=x><figcaption>{label} Water levels</figcaption>"
        "</figure></article>"
    )
    assert f"</figure><p>{label} Water levels</p>" in html


def test_a_numbered_caption_outside_a_figure_and_a_numbered_nav_go():
    html = _to_html(
        f"<article>{BODY}<div><img src=x><figcaption>Figure 3. Orphan</figcaption></div>"
        "<nav>Figure 1 Home About</nav></article>"
    )
    assert "Orphan" not in html and "Home About" not in html


@pytest.mark.parametrize(
    "caption", ["Figure skating at the winter games", "A table laid for 2", "Fig trees in 2024"]
)
def test_an_unnumbered_caption_still_goes(caption):
    html = _pruned(
        f"<article>{BODY}<figure><img src=x><figcaption>{caption}</figcaption></figure></article>"
    )
    assert caption not in html and "The river rose" in html


def test_resource_links_go_but_metadata_links_stay():
    head = (
        '<link rel="stylesheet" href="/site.css"><link rel="preconnect" href="https://cdn.x">'
        '<link rel="icon" href="/favicon.ico"><link rel="canonical" href="https://x.example/a">'
        '<link rel="alternate" type="application/rss+xml" href="/feed">'
    )
    html = _pruned(f"<article>{BODY}</article>", head)
    assert "site.css" not in html and "cdn.x" not in html and "favicon" not in html
    assert 'rel="canonical"' in html and 'href="/feed"' in html


def test_landmark_roles_of_page_chrome_go_but_main_stays():
    html = _pruned(f'<div role="navigation">Sections Weather</div><div role="main">{BODY}</div>')
    assert "Sections Weather" not in html
    assert "The river rose" in html


def test_a_cookie_banner_goes_but_a_recipe_card_named_cookie_stays():
    banner = (
        '<div class="wt-cli-cookie-bar-container"><p>We use cookies for the most relevant '
        "experience.</p><p>Necessary cookies are essential.</p></div>"
        '<div id="CybotCookiebotDialog">Allow all cookies</div>'
    )
    recipe = '<div class="cookie-recipe"><p>Cream the butter and sugar for the cookies.</p></div>'
    tree = prune.parse(_page(f"{banner}<article>{BODY}{recipe}</article>"))
    removed = prune.prune(tree)
    html = tree.html or ""
    assert "relevant experience" not in html and "Allow all cookies" not in html
    assert "The river rose" in html and "Cream the butter" in html
    assert {r.rule for r in removed} == {"prune.consent_banner"}


def test_the_dek_under_the_headline_goes_but_a_first_paragraph_stays():
    dek = "<h2>Three bridges closed as water reaches record level</h2>"
    html = _pruned(f"<header><h1>River floods town</h1>{dek}</header><article>{BODY}</article>")
    assert "record level" not in html
    html = _pruned(f"<article><h1>River floods town</h1>{BODY}</article>")
    assert "The river rose" in html


def test_only_the_headlines_dek_goes_not_the_paragraph_under_a_later_h1():
    dek = "<p>Three bridges closed as water reaches record level</p>"
    card = (
        "<header><h1>Harbour town saves its ferry</h1>"
        "<p>A pumping plan kept the ferry running through the worst week.</p></header>"
    )
    html = _pruned(f"<header><h1>River floods town</h1>{dek}</header><main>{BODY}{card}</main>")
    assert "record level" not in html
    assert "Harbour town saves its ferry" in html and "kept the ferry running" in html


def test_a_sign_up_box_goes_with_its_blurb_but_the_article_around_a_form_stays():
    box = (
        "<section><h3>Morning Briefing</h3><p>The day's news in your inbox.</p>"
        '<form><input type="email" placeholder="Email"><input type="submit"></form></section>'
    )
    html = _pruned(f"<article>{BODY}</article>{box}")
    assert "Morning Briefing" not in html and "in your inbox" not in html
    html = _pruned(f'<article>{BODY}<form><input type="email"></form></article>')
    assert "The river rose" in html and "Engineers said" in html


def test_forms_one_types_into_go_but_a_buy_box_stays():
    for field in ('<input name="q">', '<input type="search" name="q">', "<textarea></textarea>",
                  '<input type="password">', '<input type="text" name="email">'):
        html = _pruned(f"<article>{BODY}</article><div><p>Stay in touch</p><form>{field}"
                       '<button>Go</button></form></div>')
        assert "Stay in touch" not in html, field
    buy_box = (
        "<div><p>Includes 3 items: Harbour Map, Tide Tables, Lighthouse Guide</p>"
        '<form action="/cart"><input type="hidden" name="id" value="7">'
        '<select name="size"><option>A4</option></select><input type="number" value="1">'
        '<input type="submit" value="Add to cart"></form></div>'
    )
    html = _pruned(f"<article>{BODY}</article>{buy_box}")
    assert "Includes 3 items" in html


def test_a_list_of_links_goes_but_a_list_with_prose_stays():
    links = "".join(f'<li><a href="/s{i}">Other story number {i} here</a></li>' for i in range(5))
    html = _pruned(f"<article>{BODY}<ul>{links}</ul></article>")
    assert "Other story number" not in html
    prose = "".join(
        f'<li>Shelter {i} at the <a href="/s{i}">school</a> has room for forty families '
        "and will stay open all week, officials said.</li>"
        for i in range(5)
    )
    html = _pruned(f"<article>{BODY}<ul>{prose}</ul></article>")
    assert html.count("has room for forty families") == 5


def test_a_page_wrapper_with_heavy_menus_is_not_a_link_block():
    menu = "".join(f'<a href="/m{i}">Menu entry {i}</a>' for i in range(60))
    short = "".join(f"<p>Short update {i} on the flood.</p>" for i in range(10))
    html = _pruned(f"<div>{menu}{short}</div>")
    assert "Short update 9" in html


def test_a_paragraph_that_is_one_teaser_link_goes_but_links_in_sentences_stay():
    teaser = '<p><strong><a href="/other">WATCH: DRONE FOOTAGE OF THE FLOODED TOWN</a></strong></p>'
    inline = '<p>The <a href="/agency">environment agency</a> issued a red warning on Friday.</p>'
    address = '<p><a href="https://example.org/flood-map">https://example.org/flood-map</a></p>'
    address += '<p><a href="/r">https://example.org/report\n2024\nfinal</a></p>'
    html = _pruned(f"<article>{BODY}{teaser}{inline}{address}</article>")
    assert "DRONE FOOTAGE" not in html
    assert "environment agency" in html and "example.org/flood-map" in html
    assert "example.org/report" in html


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        (
            '<p>Yes, <a href="/study">the embankments held back most of the water that came '
            "down the river on Friday night.</a></p>",
            True,
        ),
        ('<p><a href="/report">The agency published its full report on Monday.</a></p>', True),
        ('<p><a href="/story-9">Ferry service resumes after the storm</a></p>', False),
        (
            '<p>Sign up: <a href="/email">Stay on top of the latest flood warnings for every '
            "river in the county! Sign up for our e-mail alerts here.</a></p>",
            False,
        ),
    ],
)
def test_a_linked_sentence_is_no_teaser(paragraph, kept):
    html = _pruned(f"<article>{BODY}{MORE}{paragraph}</article>")
    text = paragraph.split('">')[1].split("</a>")[0]
    assert (text in html) is kept


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        # A colon inside the link is no label.
        (['<p>Yes, <a href="/s">the study found: the embankments held back the water that '
          "came down the river on Friday night.</a></p>"], True),
        # An excerpt cut with "..." is a teaser's.
        (['<p><a href="/s">Engineers inspected the three closed bridges on Sunday and '
          "found cracks in two of them, and...</a></p>"], False),
        # Linked sentences one after another are a list of teasers.
        ([f'<p><a href="/{n}">{headline}.</a></p>' for n, headline in enumerate([
            "Ferry service resumes after the storm closes the port",
            "Schools reopen as the water falls back in the valley",
            "Insurers brace for claims after the worst flood in decades",
        ])], False),
    ],
)
def test_linked_sentences_and_teasers(paragraphs, kept):
    html = _pruned(f"<article>{BODY}{MORE}{''.join(paragraphs)}{MORE}</article>")
    for paragraph in paragraphs:
        assert (paragraph.split('">')[1].split("</a>")[0] in html) is kept


MORE = (
    "<p>Residents of the lower streets spent the night moving furniture upstairs, and the "
    "fire brigade pumped water out of the hospital basement until the early morning.</p>"
    "<p>The mayor thanked volunteers who filled sandbags at the football ground, and said "
    "the town would ask the government for emergency funds once the water had gone.</p>"
    "<p>Schools will stay closed on Monday, and buses will avoid the river road until "
    "engineers have checked the foundations of the remaining bridges.</p>"
)


def test_a_form_wrapping_the_whole_page_is_not_a_widget():
    html = _pruned(f'<form id="aspnetForm"><article>{BODY}{MORE}</article></form>')
    assert "The river rose" in html and "Schools will stay closed" in html


def test_no_rule_removes_an_element_holding_most_of_the_paragraph_text():
    # Cards that are links as a whole: a link list by its shape, but it holds all the
    # page's paragraphs.
    cards = "".join(
        f'<li><a href="/boat-{i}"><h3>Boat {i}</h3><p>A wooden rowing boat for two, with '
        f"oars and a cover, kept dry in the shed all winter.</p></a></li>"
        for i in range(6)
    )
    html = _pruned(
        f"<ul>{cards}</ul><ul><li><a href=/a>About us</a></li><li><a href=/b>Jobs"
        "</a></li><li><a href=/c>Contact</a></li></ul>"
    )
    assert html.count("A wooden rowing boat") == 6 and "About us" not in html


def test_a_button_holding_a_question_is_content_but_a_control_is_not():
    faq = "<button>How high did the river rise?</button><p>Two metres.</p>"
    html = _pruned(f"<article>{BODY}{faq}<button>Subscribe</button></article>")
    assert "How high did the river rise?" in html and "Subscribe" not in html


def test_prune_reports_the_text_each_rule_removed_but_not_code():
    tree = prune.parse(
        _page(
            f"<nav>Home  World</nav><script>y()</script><header><h1>Flood</h1>"
            f"<h2>Bridges shut</h2></header><article>{BODY}</article>"
        )
    )
    assert [(r.rule, r.text) for r in prune.prune(tree)] == [
        ("prune.non_content_tag", "Home World"),
        ("prune.headline_dek", "Bridges shut"),
    ]


def test_clean_html_end_to_end_keeps_the_story_and_drops_the_chrome():
    page = _page(
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        "<header><h1>River floods town</h1><h2>Bridges closed as water hits record</h2></header>"
        f"<article>{BODY}<p>Share this article</p></article>"
        "<footer><p>Copyright Example News 2024</p></footer>",
        head='<meta property="og:site_name" content="Example News">',
    )
    record = clean_html(page, url="https://news.example.org/river")
    assert record.text.splitlines() == [
        "The river rose by two metres overnight, and the authorities closed three bridges "
        "in the old town before dawn on Saturday.",
        "Engineers said the water would fall again by Monday if the rain stopped, but warned "
        "that the embankments had not been designed for a flood of this size.",
    ]
    assert record.title == "River floods town"
    assert ("share_prompt", "Share this article") in [(r.rule, r.text) for r in record.removed]


def test_a_linked_heading_over_its_own_paragraph_is_a_list_item_not_a_teaser():
    item = (
        '<h3><a href="https://movers.example/acme">Acme Moving and Storage</a></h3>'
        "<p>Acme packs and moves homes across the city at flat rates.</p>"
    )
    html = _pruned(f"<article>{BODY}{item}</article>")
    assert "Acme Moving and Storage" in html


def test_a_linked_heading_over_its_own_list_is_a_section_but_one_over_links_is_a_teaser():
    section = (
        '<h2><a href="/services">Why choose our crews?</a></h2>'
        "<ul><li>Pumps on site within two hours</li><li>Insured and certified staff</li></ul>"
    )
    teaser = (
        '<h3><a href="/story-9">Bridge repairs to start in May</a></h3>'
        '<ul><li><a href="/a">Rail link reopens</a></li><li><a href="/b">Ferry resumes</a></li>'
        "</ul>"
    )
    html = _pruned(f"<article>{BODY}{section}</article><aside>{teaser}</aside>")
    assert "Why choose our crews?" in html and "Pumps on site" in html
    assert "Bridge repairs to start in May" not in html


def test_a_linked_title_over_the_paragraph_describing_it_is_an_item_not_a_teaser():
    item = (
        '<p><a href="/deals/harbour-pumps">Harbour Pumps acquires Delta Drainage</a></p>'
        "<p>Pump maker Harbour Pumps has agreed to acquire Delta Drainage, a firm that builds "
        "flood barriers for river towns, in a deal worth about 40 million euros that both "
        "companies expect to close before the summer.</p>"
    )
    teaser = (
        '<p><a href="/story-9">Ferry service resumes after the storm</a></p>'
        "<p>Engineers inspected the three closed bridges on Sunday and found cracks in two of "
        "them, and the council said it would keep both shut until repairs could be made by "
        "a contractor from the capital.</p>"
    )
    html = _pruned(f"<article>{BODY}{item}{teaser}</article>")
    assert "Harbour Pumps acquires Delta Drainage" in html
    assert "Ferry service resumes" not in html and "Engineers inspected" in html


def test_a_page_of_linked_headlines_keeps_them_but_a_story_loses_its_related_box():
    headlines = "".join(
        f'<h3><a href="/story-{i}">Council votes on plan number {i}</a></h3>' for i in range(8)
    )
    assert _pruned(f"<main>{headlines}</main>").count("Council votes") == 8
    story = f"<article>{BODY}{MORE}{BODY}{MORE}</article><aside>{headlines}</aside>"
    assert "Council votes" not in _pruned(story)


def test_bytes_that_are_valid_utf8_are_read_as_utf8_whatever_the_meta_says():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Don’t café</p></body></html>'
    assert prune.parse(page.encode("utf-8")).body.text() == "Don’t café"


def test_bytes_in_a_legacy_encoding_are_read_as_the_page_declares():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café à Paris</p></body></html>'
    assert prune.parse(page.encode("latin-1")).body.text() == "Café à Paris"


def test_the_headlines_content_block_is_never_pruned():
    story = " ".join(["The river rose two metres overnight and the town closed its bridges."] * 3)
    other = " ".join(["A long unrelated sidebar paragraph about the weather elsewhere."] * 30)
    page = (
        '<html><body><div role="banner"><h1>Floods close the bridges</h1>'
        f"<p>{story}</p></div><div><p>{other}</p></div></body></html>"
    )
    tree = prune.parse(page)
    removed = prune.prune(tree)
    assert story in tree.body.text()
    assert not any(story in r.text for r in removed)


def test_a_banner_with_the_logo_in_an_h1_is_still_pruned():
    page = (
        '<html><body><div role="banner"><h1>Example Times</h1><p>Home News Sport</p></div>'
        f"<article><p>{'The river rose two metres overnight. ' * 5}</p></article></body></html>"
    )
    tree = prune.parse(page)
    assert [r.rule for r in prune.prune(tree)] == ["prune.landmark_role"]


# Pages nesting deeper than prune.READ_WHOLE_MAX_DEPTH: text sizes are summed from children.
MIXED = (
    "<div> Lead  text <!-- a comment, not text --><span>in a span</span>"
    "<ul><li><a href=/a>First link</a> and after</li><li></li><li> <b>bold</b>x</li></ul>"
    "<section><p>A paragraph <a href=/b>with a link</a>.</p>\n<table><tr><td>cell</td>"
    "<td><div><div>deep <i>inside</i></div></div></td></tr></table></section> tail</div>"
)


def test_text_sizes_summed_from_children_equal_lexbors_reading(monkeypatch):
    tree = prune.parse(_page("<main>" + MIXED * 3 + "</main>"))
    elements = tree.body.css("*")
    read_whole = prune._TextSizes(prune._ancestors(elements))
    assert not read_whole.by_children
    monkeypatch.setattr(prune, "READ_WHOLE_MAX_DEPTH", 0)
    by_children = prune._TextSizes(prune._ancestors(elements))
    assert by_children.by_children
    for element in [tree.body, *elements]:
        text = prune._text(element)
        assert by_children.of(element) == (len(text.split()), len(text)), element.html
        assert read_whole.of(element) == by_children.of(element)


def _deep_page(levels: int) -> str:
    """A story beside a menu whose lists nest `levels` deep, each level with prose-less
    text and three links; a sign-up box at the bottom of a deep chain of divs."""
    level = "<ul><li><a href=/a>One</a> <a href=/b>Two</a> <a href=/c>Three</a> more words"
    menu = level * levels + "</li></ul>" * levels
    signup = "<div>" * levels + 'Get our letter <input type="email">' + "</div>" * levels
    return f"<article>{BODY}{MORE}</article>{menu}{signup}"


def test_a_deep_page_is_pruned_as_reading_each_block_whole_would(monkeypatch):
    html = _page(_deep_page(150), '<meta property="og:type" content="article">')
    tree = prune.parse(html)
    assert max(prune._ancestors(tree.css("input")).values()) > prune.READ_WHOLE_MAX_DEPTH
    removed = prune.prune(tree)
    assert {r.rule for r in removed} == {"prune.link_block", "prune.form_widget"}
    # The inner 75 levels are a link block (150 unlinked words at most); the outer ones not.
    left = prune._text(tree.body)
    assert left.count("more words") == 75 and "Get our letter" not in left
    assert "Schools will stay closed" in left
    monkeypatch.setattr(prune, "READ_WHOLE_MAX_DEPTH", 10_000)
    whole = prune.parse(html)
    assert prune.prune(whole) == removed
    assert whole.html == tree.html


# Paragraphs nested in paragraphs (a quirks-mode table inside a <p>), deeper than
# prune.READ_WHOLE_MAX_DEPTH: each paragraph is measured once, however many hold it.
def _nested_paragraphs(levels: int, level: str) -> str:
    return f"<p>{level}<table><tr><td>" * levels


def test_nested_paragraphs_count_each_paragraphs_words():
    level = "Word's count (in runs) differs: 3 x 4 <a href=/a>a link</a> "
    tree = prune.parse(_page(_nested_paragraphs(150, level)))
    paragraphs = tree.body.css("p")
    assert len(paragraphs) == 150
    words = prune.ParagraphWords.of(tree)
    texts = [prune._text(p) for p in paragraphs]
    assert words.split == sum(len(text.split()) for text in texts)
    assert words.runs == sum(prune.word_runs(text) for text in texts)


def _read_while_pruning(monkeypatch, html: str) -> int:
    """Characters of text read whole while counting the paragraphs and pruning `html`."""
    read = 0
    text = prune._text

    def counting(node):
        nonlocal read
        found = text(node)
        read += len(found)
        return found

    monkeypatch.setattr(prune, "_text", counting)
    tree = prune.parse(html)
    prune.prune(tree, paragraphs=prune.ParagraphWords.of(tree))
    return read


def test_nested_paragraphs_are_read_once_however_deep(monkeypatch):
    level = "The ferry crossed the harbour at dawn " * 4
    # A banner holding the headline and the nested paragraphs: the guard measures them.
    page = lambda levels: _page(  # noqa: E731
        f'<div role="banner"><h1>Ferry</h1>{_nested_paragraphs(levels, level)}</div>',
        '<meta property="og:type" content="article">',
    )
    small, large = (_read_while_pruning(monkeypatch, page(n)) for n in (200, 400))
    assert large < 2.5 * small  # read once: twice the page, about twice the reading


def test_nested_paragraphs_are_guarded_as_reading_each_whole_would(monkeypatch):
    level = "The ferry crossed the harbour at dawn, and the <a href=/a>port</a> opened. " * 3
    headline = _page(f'<div role="banner"><h1>Ferry</h1>{_nested_paragraphs(150, level)}</div>')
    # Without the headline, no guard holds: the nested paragraphs count once for each
    # paragraph around them in the page's words, more than the banner's characters.
    banner = headline.replace("<h1>Ferry</h1>", "")
    pruned = []
    for depth in (prune.READ_WHOLE_MAX_DEPTH, 10_000):
        monkeypatch.setattr(prune, "READ_WHOLE_MAX_DEPTH", depth)
        results = []
        for html in (headline, banner):
            tree = prune.parse(html)
            removed = prune.prune(tree)
            results.append((tree.html, removed))
        pruned.append(results)
    assert pruned[0] == pruned[1]
    (_, kept), (_, gone) = pruned[0]
    assert kept == []  # the headline's content block stays
    assert [r.rule for r in gone] == ["prune.landmark_role"]


def test_a_linked_title_is_an_items_title_when_its_own_paragraph_takes_up_its_words():
    description = "The harbour ferry returns to service this spring " * 4
    item = f"<p><a href=/ferry>Harbour ferry returns</a></p><p>{description}</p>"
    assert "Harbour ferry returns" in _pruned(f"<article>{BODY}{item}</article>")
    # The title's words only in a paragraph nested in the one under it: a teaser.
    other = "The council met on Tuesday to discuss the budget for the year " * 2
    nested = (
        f"<p><a href=/ferry>Harbour ferry returns</a></p>"
        f"<p>{other}<table><tr><td><p>{description}</p></td></tr></table></p>"
    )
    assert "Harbour ferry returns" not in _pruned(f"<article>{BODY}{nested}</article>")


def test_a_line_longer_than_an_address_can_be_is_no_printed_address():
    line = "https://example.org/" + "a" * prune.MAX_ADDRESS_CHARS + "\nb\nc"
    assert "example.org" not in _pruned(f"<article>{BODY}<p><a href=/r>{line}</a></p></article>")


def test_paragraphs_holding_paragraphs_reach_the_extractor_as_divs():
    page = (
        # A quirks-mode page: the <table> leaves the <p> open, and the <article> written
        # in the table goes before it, inside the <p>.
        '<p class="lead">Intro words here<table>'
        "<article><p>Inner paragraph text</p><p>Last line</p></article></table>"
    )
    tree = prune.parse(page)
    words = prune.ParagraphWords.of(tree)
    assert words.nest
    html = prune.to_html(tree, words.nest)
    assert '<div class="lead">Intro words here' in html and "<p>Inner paragraph text</p>" in html
    text = clean_html(page, url="https://example.org/story").text
    lines = ("Intro words", "Inner paragraph", "Last line")
    assert [text.count(line) for line in lines] == [1, 1, 1]
    # Without nesting, the page is written as it is.
    plain = prune.parse(_page(BODY))
    assert not prune.ParagraphWords.of(plain).nest
    assert prune.to_html(plain, False) == plain.html


TIP_TABLE = (
    "<table><thead><tr><th>Service</th><th>Suggested tip</th></tr></thead><tbody>"
    "<tr><td>Full service restaurant</td><td>20%</td></tr>"
    "<tr><td>Coffee shop</td><td>$1 to $2</td></tr></tbody></table>"
)


def test_a_table_in_a_block_classed_as_an_embed_reaches_the_text():
    # Webflow's custom-code block: trafilatura drops any block whose class says "embed".
    page = _page(f'<article><h1>Tipping</h1>{BODY}<div class="w-embed">{TIP_TABLE}</div></article>')
    tree = prune.parse(page)
    assert '<div class="">' in prune.to_html(tree, False)
    assert "Coffee shop" in clean_html(page, url="https://example.org/tips").text


def test_an_embed_without_a_table_keeps_its_class():
    embed = '<div class="wp-block-embed twitter-embed"><p>Posted on the network</p></div>'
    tree = prune.parse(_page(f"<article>{BODY}{embed}</article>"))
    assert '<div class="wp-block-embed twitter-embed">' in prune.to_html(tree, False)


SECTION = (
    "<h2>How to share the menu with your guests</h2>"
    "<p>Send the menu a week before the event, so that guests with allergies can ask for"
    " another dish in good time.</p>"
    "<p>Print a few copies for the tables as well: not every guest reads a phone at dinner.</p>"
)


def _toc(*anchors: str) -> str:
    return "<ul>" + "".join(f'<li><a href="/guide#{a}">{a}</a></li>' for a in anchors) + "</ul>"


def test_a_section_whose_id_is_its_headings_anchor_reaches_the_text():
    # A table of contents' anchor, cut short: trafilatura reads "share" and "menu" in the
    # id as the block's role and drops the section, in bare trafilatura too.
    anchor = "how-to-share-the-menu"
    section = f'<div id="{anchor}"><div class="rich"><div>{SECTION}</div></div></div>'
    page = _page(f"<article><h1>Catering</h1>{_toc(anchor)}{BODY}{section}</article>")
    assert "allergies" not in trafilatura.extract(page)
    assert f'id="{anchor}"' not in prune.to_html(prune.parse(page), False)
    assert "allergies" in clean_html(page, url="https://example.org/catering").text


@pytest.mark.parametrize(
    "anchor, link",
    [
        ("partager-le-menu-avec-vos-invites-a-l-avance", None),
        ("partager-le-menu-avec-vos-invités", "partager-le-menu-avec-vos-invit%C3%A9s"),
    ],
)
def test_an_anchor_is_read_with_its_accents_folded(anchor, link):
    heading = "<h2>Partager le menu avec vos invités à l'avance</h2>"
    section = f'<div id="{anchor}">{heading}{BODY}</div>'
    page = _page(f"<article>{_toc(link or anchor)}{section}</article>")
    assert f'id="{anchor}"' not in prune.to_html(prune.parse(page), False)


def test_an_id_that_is_no_linked_anchor_of_four_words_for_its_heading_stays():
    blocks = {
        # spelled out, but no link points to it: a widget's name in words
        "related-stories-you-might-like": "<h3>Related stories you might like</h3>",
        # linked, but fewer words than an anchor of a heading: a label
        "share-the-menu": "<h2>Share the menu</h2>",
        # linked and spelled out, but four levels above its heading
        "how-to-share-the-menu": "<div><div><div><h2>How to share the menu</h2></div></div></div>",
        # linked, spelled out, but a nearer block has an id of its own
        "share-the-menu-with-guests": '<div id="card"><h2>Share the menu with guests</h2></div>',
    }
    page = "".join(f'<div id="{ident}">{inner}{BODY}</div>' for ident, inner in blocks.items())
    linked = [ident for ident in blocks if ident != "related-stories-you-might-like"]
    html = prune.to_html(prune.parse(_page(f"<article>{_toc(*linked)}{page}</article>")), False)
    assert all(f'id="{ident}"' in html for ident in blocks)


def test_a_button_inside_a_button_is_judged_with_it():
    # Buttons nest only through an <object>; only the outermost is read (reading each
    # nested one whole cost the square of the nesting). The <object> is code and goes.
    inner = "<object><button>Subscribe now</button></object>"
    toggle = f'<button aria-expanded="false">Why did the bridges close?{inner}</button>'
    control = f"<button>Show more{inner}</button>"
    html = _pruned(f"<article>{BODY}{toggle}{control}</article>")
    assert "Why did the bridges close?" in html
    assert "Show more" not in html and "Subscribe" not in html


def test_a_form_is_typed_into_through_a_form_nested_in_it():
    # A misnested </form> leaves its <div> open, and the next form goes inside it; each
    # typed field is walked up once, however deep the forms nest.
    forms = '<div><p>Stay in touch</p><form><div></form><form><input type="email"></form>'
    html = _pruned(f"<article>{BODY}</article>{forms}</div>")
    assert "Stay in touch" not in html and "The river rose" in html
    tree = prune.parse(_page(forms))
    assert len(prune._typed_widgets(tree)) == 3  # both forms and the e-mail field


def test_sizes_switch_to_summing_after_reading_many_characters(monkeypatch):
    # A few levels of huge blocks cost as much to read whole as many levels: from
    # READ_WHOLE_MAX_CHARS read whole on, sizes are summed from children, with the same
    # result.
    html = _page(_deep_page(20) + MIXED * 3, '<meta property="og:type" content="article">')
    tree = prune.parse(html)
    removed = prune.prune(tree)
    assert {r.rule for r in removed} == {"prune.link_block", "prune.form_widget"}
    monkeypatch.setattr(prune, "READ_WHOLE_MAX_CHARS", 10)
    summed = prune.parse(html)
    sizes = prune._TextSizes(prune._ancestors(summed.css("div")))
    sizes.of(summed.body)
    assert sizes.by_children  # switched once the body was read whole
    assert prune.prune(summed) == removed
    assert summed.html == tree.html


def test_links_nested_in_links_are_counted_as_reading_each_whole(monkeypatch):
    # A <marquee> keeps an open link from closing at the next one: links nest, and each
    # is measured once (summed from children after READ_WHOLE_MAX_CHARS).
    page = _page("<a href=/a>Harbour news today <marquee>" * 30 + "the end")
    whole = prune._link_totals(prune.parse(page))
    monkeypatch.setattr(prune, "READ_WHOLE_MAX_CHARS", 10)
    summed = prune._link_totals(prune.parse(page))
    assert sorted(whole.values()) == sorted(summed.values())
    assert max(whole.values())[0] == 30


def test_a_linked_line_longer_than_a_title_is_a_teaser():
    words = " ".join(f"harbour{i}" for i in range(prune.TITLE_MAX_WORDS + 1))
    item = f"<p><a href=/ferry>{words}</a></p><p>{words} and more about the ferry.</p>"
    html = _pruned(f"<article>{BODY}{MORE}{item}</article>")
    assert f">{words}</a>" not in html and f"<p>{words} and more" in html


def test_a_div_opening_with_loose_text_before_paragraphs_is_written_once():
    # trafilatura made such a <div> one paragraph with its paragraphs still inside, and
    # wrote them twice ("Lead", "One", "Two", "One", "Two"; its duplicate filter hides
    # the repeat only for longer paragraphs).
    page = (
        "<html><body><article><div>The council met on Tuesday evening."
        "<p>The budget passed by seven votes to four.</p>"
        "<p>The new library will open in spring.</p></div>"
        "</article></body></html>"
    )
    record = clean_html(page, url="https://example.org/council")
    assert record.text.splitlines() == [
        "The council met on Tuesday evening.",
        "The budget passed by seven votes to four.",
        "The new library will open in spring.",
    ]


def test_only_the_loose_text_a_div_opens_with_becomes_a_paragraph():
    tree = prune.parse(
        "<div>Lead <a href='/x'>link</a><p>One</p>tail<p>Two</p></div>"
        "<div><p>Three</p>loose</div>"
        "<div><span>Wrapper<p>Four</p></span><p>Five</p></div>"
    )
    html = prune.to_html(tree, paragraphs_nest=False)
    assert '<div><p>Lead <a href="/x">link</a></p><p>One</p>tail<p>Two</p></div>' in html
    assert "<div><p>Three</p>loose</div>" in html  # opens with a paragraph
    assert "<div><span>Wrapper<p>Four</p></span><p>Five</p></div>" in html  # a block inside


def test_an_empty_paragraph_does_not_end_the_loose_text():
    # A stray </p> makes one: before the text, or after a label in bold (on web/ pages,
    # "What You'll Learn:" over a list, which stays).
    tree = prune.parse("<div></p>Lead<p>One</p></div><div><b>Label:</b></p><ul></ul></div>")
    html = prune.to_html(tree, paragraphs_nest=False)
    assert "<div><p></p><p>Lead</p><p>One</p></div>" in html
    assert "<div><p><b>Label:</b></p><p></p><ul></ul></div>" in html
