"""HTML pre-cleaning with selectolax: drop clutter elements before extraction.

Pruning is by evidence, never by one class word: element types that never hold article
text, landmarks the page declares as navigation, cookie and consent banners by the names
consent managers give them, the dek under the headline, the small
containers around sign-up forms, blocks whose text is mostly link text, and paragraphs
that are one link. The whole pruned page goes on to extraction: trafilatura, with its
fallback extractors, chooses the main content (an earlier "focus" on the element holding
95% of the paragraph text lost whole sections of guides, card layouts and forums).

Each rule's cost is linear in the page however deep it nests: sums over an element's
descendants (links, words) are carried up once (`_sums_above`, `_TextSizes`), and nested
candidates are looked at from the top down (`_below`). Paragraphs nested in paragraphs (a
quirks-mode table or an <object> inside a <p>) are measured once each too: the page's
paragraph words, the guard and the title check never read one again for every paragraph
around it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode
from trafilatura.settings import _COOKIE_CONSENT_RE

from cleaners.page_text import decode_bytes
from cleaners.record import Removal

# Code, not text: removed without being listed in the record's `removed`.
CODE_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
)
# Elements that never carry article prose. Captions are not article text either (a quote's
# attribution in a figcaption is no caption: see _is_quote_attribution; nor is a numbered
# figure's label, which the text refers to: see NUMBERED_CAPTION).
NON_CONTENT_TAGS = (*CODE_TAGS, "button", "select", "textarea", "nav", "figcaption")
# A caption that numbers its figure or table ("Figure 2.", "Table 3 |", "Fig. 4b", "Table
# S1", "Abb. 4"): the text cites it by that number, so it is part of the document, as in a
# paper or a report.
NUMBERED_CAPTION = re.compile(
    r"\s*(figure|fig\.?|table|chart|exhibit|diagram|abbildung|abb\.|tabelle|tableau|tabla"
    r"|figura|рисунок|рис\.|таблица)\s*s?\d+[a-z]?\b",
    re.IGNORECASE,
)
LD_JSON = "application/ld+json"
# The class-name token by which trafilatura drops embedded posts and videos.
EMBED_CLASS = "embed"
# <link>s that load resources for a browser (about 20 on a typical page): no metadata
# reader looks at them, and every element costs the extractor's XPath sweeps.
RESOURCE_LINKS = (
    "stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
    "icon", "shortcut icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
    "manifest",
)
# Landmarks a page itself declares as navigation or page chrome.
NON_CONTENT_ROLES = ("navigation", "banner", "contentinfo", "search", "menu", "menubar")
# The dek (standfirst) under the headline: a short heading right after the page's first h1,
# or a short paragraph there when both sit in a <header>.
DEK_MAX_WORDS = 60
DEK_HEADINGS = ("h2", "h3", "h4")
# Forms and sign-up inputs: their container goes while its text stays this short (words).
FORM_CONTAINER_MAX_WORDS = 100
# Input types one types into; a form holding none of them (nor a textarea) is no widget.
TYPED_INPUTS = ("text", "email", "password", "search", "tel", "url")
FORM_WIDGETS = 'form, input[type="email"]'
# A block whose links hold this share of its text, with at least LINK_BLOCK_MIN_LINKS
# links, is a list of links (menus, "latest stories", tag clouds), not prose. Lists
# qualify at any size; generic containers only while small (a page wrapper whose menus
# outweigh a body of short paragraphs must stay).
LINK_BLOCK_DENSITY = 0.6
LINK_BLOCK_MIN_LINKS = 3
LINK_LIST_TAGS = ("ul", "ol", "dl")
LINK_BOX_TAGS = ("div", "section", "aside", "table")
LINK_BOX_MAX_WORDS = 150
# ...and never a block holding prose: this many words outside links, or one paragraph
# of PROSE_PARAGRAPH_WORDS unlinked words.
LINK_BLOCK_MAX_UNLINKED = 150
PROSE_PARAGRAPH_WORDS = 25
# A paragraph or heading that is one link of this many words is a teaser for another page.
TEASER_MIN_WORDS = 3
_CLOSING_MARKS = "\"'”’») "
# The longest linked line that can be an item's title (the development pages' are 11
# words at most).
TITLE_MAX_WORDS = 40
# The longest address a printed address can be: the URI length RFC 9110 recommends
# that software support.
MAX_ADDRESS_CHARS = 8000
# From this many linked headlines (a related-stories box has 3 to 6) a page is a listing.
LISTING_MIN_HEADLINES = 8
# ...when their words are at least this share of its paragraph words (an article's related
# box is small beside the story).
LISTING_SHARE = 0.25
# No prune rule removes an element that holds the article: an <article> or <main> (or an
# element holding one), the h1 together with a prose paragraph (the headline's content
# block), or an element with this share of the page's paragraph words.
PROTECTED_TAGS = ("article", "main")
PROTECTED_SHARE = 0.3
# A button whose label is a question or an accordion's heading is content, not a control.
TOGGLE_MIN_WORDS = 3
# Cookie and consent banners by the names consent managers give them: trafilatura's
# vocabulary of banner compounds and vendors (cookie-bar, cookie-notice, cmplz, onetrust,
# ...), never a bare "cookie" (a recipe card may be one).
CONSENT_NAMES = re.compile(_COOKIE_CONSENT_RE, re.IGNORECASE)
_CONSENT_CANDIDATES = ", ".join(
    f"[{attribute}*={word} i]"
    for attribute in ("class", "id")
    for word in ("cookie", "consent", "borlabs", "cmplz", "onetrust", "gdpr")
)
# On a page nesting deeper than this, text sizes are summed from children (`_TextSizes`)...
READ_WHOLE_MAX_DEPTH = 100
# ...and on any page once this many characters were read whole for one set of sizes (a
# few levels of huge blocks cost as much as many levels: the development pages read at
# most 5.2 M, most under 1 M).
READ_WHOLE_MAX_CHARS = 16_000_000
# Words as the safety net counts them (`word_runs`).
_WORD_RUN = re.compile(r"\w+")
# Rough characters per word: a box with more characters than this many words' worth is
# too long to be a link block, whatever its word count (long link texts, unspaced scripts).
_CHARS_PER_WORD = 12


def parse(html: str | bytes) -> LexborHTMLParser:
    """Parse a page; bytes are decoded first (`cleaners.page_text.decode_bytes`: UTF-8 if
    they are, else as the page declares, else trafilatura's guess)."""
    if isinstance(html, bytes):
        html = decode_bytes(html)
    return LexborHTMLParser(html)


_HOLDER = LexborHTMLParser("<div></div>").css_first("div")
_PARAGRAPH = LexborHTMLParser("<p></p>").css_first("p")
# Phrasing elements that may sit loose beside paragraphs in a <div> (`_wrap_loose_text`).
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em font i img ins kbd label mark q s samp"
    " small span strong sub sup time u var wbr".split()
)
_BLOCKS_INSIDE = "p, div, ul, ol, dl, table, h1, h2, h3, h4, h5, h6, blockquote, pre"


def to_html(tree: LexborHTMLParser, paragraphs_nest: bool) -> str:
    """The page as HTML for the extractor. Where `paragraphs_nest` (ParagraphWords.nest),
    each paragraph holding another becomes a <div> first: written as it is, the
    extractor's parser reads it differently, and trafilatura wrote the inner paragraphs
    twice (`<p>a<table><article><p>b` came out as "b", then "a b"). Blocks holding a table
    lose the class names that call them embeds (`_unmark_embedded_tables`), blocks lose
    the ids that spell out their headings (`_unname_heading_anchors`), numbered captions
    become paragraphs after their figures (`_captions_out_of_figures`), and text
    loose beside paragraphs in a <div> becomes a paragraph (`_wrap_loose_text`)."""
    body = tree.body
    if body is None:
        return tree.html or ""
    _unmark_embedded_tables(body)
    _unname_heading_anchors(body)
    _captions_out_of_figures(body)
    if paragraphs_nest:
        holders = [a for a in _each_ancestor_once(body.css("p p")) if a.tag == "p"]
        for paragraph in holders:
            _into_div(paragraph)
    _wrap_loose_text(body)
    return tree.html or ""


def numbered_captions(figure: LexborNode) -> list[LexborNode]:
    """The captions of `figure` that number it (NUMBERED_CAPTION), in page order: its
    outermost <figcaption>s of phrasing content (a caption holding blocks is left to the
    rules for captions)."""
    return [
        caption
        for caption in outermost(figure.css("figcaption"), within=figure)
        if caption.css_first(_BLOCKS_INSIDE) is None
        and NUMBERED_CAPTION.match(_text(caption)) is not None
    ]


def _captions_out_of_figures(body: LexborNode) -> None:
    """The numbered captions of each outermost <figure> become <p>s right after it, in
    their order: trafilatura drops figures (but for those holding a table), and with them
    "Figure 2. Throughput per block", which the text cites by its number."""
    for figure in outermost(body.css("figure")):
        after = figure
        for caption in numbered_captions(figure):
            after.insert_after(_PARAGRAPH)
            paragraph = after.next
            _move_children(caption, paragraph)
            caption.decompose()
            after = paragraph


def _wrap_loose_text(body: LexborNode) -> None:
    """In a <div> holding paragraphs, the loose text and phrasing elements it opens with
    (INLINE_TAGS, with no block inside) become a <p>. In an <article> or <main>,
    trafilatura turns such a <div> into one paragraph with its paragraphs still inside,
    and writes them twice: `<article><div>Lead<p>One</p><p>Two</p></div>` came out as
    "Lead", "One", "Two", "One", "Two". An empty <p> before the loose text (a stray `</p>`
    makes one) does not end it."""
    divs = {p.parent.mem_id: p.parent for p in body.css("div > p") if p.parent is not None}
    for div in divs.values():
        run: list[LexborNode] = []
        for child in div.iter(include_text=True):
            if not run and child.tag == "p" and child.child is None:
                continue
            if child.tag != "-text" and (
                child.tag not in INLINE_TAGS or child.css_first(_BLOCKS_INSIDE) is not None
            ):
                break
            run.append(child)
        if not any((node.text(deep=True) or "").strip() for node in run):
            continue
        run[0].insert_before(_PARAGRAPH)
        paragraph = run[0].prev
        for node in run:
            paragraph.insert_child(node, move=True)


def _each_ancestor_once(nodes: Iterable[LexborNode]) -> Iterator[LexborNode]:
    """The elements above `nodes`, each once: a walk up from a node ends where an earlier
    walk went through, so the walks together take each element once, however deep the
    page nests."""
    seen: set[int] = set()
    for node in nodes:
        ancestor = node.parent
        while ancestor is not None and ancestor.mem_id not in seen:
            seen.add(ancestor.mem_id)
            yield ancestor
            ancestor = ancestor.parent


def _unmark_embedded_tables(body: LexborNode) -> None:
    """Trafilatura drops every block whose class names an embed (EMBED_CLASS), which is
    meant for embedded posts and videos; a <table> in one is the page's own (Webflow's
    custom-code blocks, `w-embed`, hold them: a tip chart's two tables went missing), so
    the blocks around a table lose those class names. Each element is looked at once,
    however tables nest."""
    for node in _each_ancestor_once(body.css("table")):
        classes = node.attributes.get("class")
        if classes and EMBED_CLASS in classes:
            node.attrs["class"] = " ".join(c for c in classes.split() if EMBED_CLASS not in c)


# A block's id that a link in the page points to and that spells out a heading in it, in
# this many words or more, is the heading's anchor (`_unname_heading_anchors`); a shorter
# one may be a widget's label ("#comments").
ANCHOR_MIN_WORDS = 4
# How far above its heading an anchor block may sit (<div id><div class><h2>: two).
ANCHOR_LEVELS = 3
_SLUG_BREAKS = re.compile(r"[^0-9a-z]+")


def _slug(text: str) -> str:
    """`text` as an anchor spells it: lower case, accents folded, words joined by "-"."""
    folded = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return _SLUG_BREAKS.sub("-", bare).strip("-")


def _unname_heading_anchors(body: LexborNode) -> None:
    """A block whose id is a table of contents' anchor for the heading it holds loses the
    id: a link in the page points to it (`href="...#id"`) and it spells out the heading
    (ANCHOR_MIN_WORDS words or more, perhaps cut short:
    `<div id="menu-innovation-strategies-building-memorable-dining-experiences"><h2>Menu
    Innovation Strategies: Building Memorable Dining Experiences`). Trafilatura reads a
    word of such an id as the block's role ("menu": navigation) and drops the section; a
    whole section of a guide went missing, in bare trafilatura too. An id no link points
    to may be a widget's name in words ("related-stories-you-might-like") and stays."""
    targets = {
        unquote(href.partition("#")[2])  # "#invit%C3%A9s" points to id="invités"
        for link in body.css("a[href*='#']")
        if (href := link.attributes.get("href"))
    }
    targets.discard("")
    if not targets:
        return
    for heading in body.css("h1, h2, h3, h4, h5, h6"):
        block = _nearest_with_id(heading)
        if block is None or (ident := block.attributes.get("id")) not in targets:
            continue
        anchor = _slug(ident)
        if anchor.count("-") + 1 < ANCHOR_MIN_WORDS:
            continue  # a label, and the heading's text is not read
        if _slug(heading.text(deep=True)).startswith(anchor):
            del block.attrs["id"]


def _nearest_with_id(heading: LexborNode) -> LexborNode | None:
    """The nearest block above `heading` that has an id, within ANCHOR_LEVELS and below
    the <body>."""
    node = heading.parent
    for _ in range(ANCHOR_LEVELS):
        if node is None or node.tag == "body":
            return None
        if node.attributes.get("id"):
            return node
        node = node.parent
    return None


def _into_div(node: LexborNode) -> None:
    """Replace `node` by a <div> with its attributes and children."""
    node.insert_before(_HOLDER)
    div = node.prev
    for name, value in node.attributes.items():
        div.attrs[name] = value or ""
    _move_children(node, div)
    node.decompose()


def _move_children(node: LexborNode, into: LexborNode) -> None:
    """Move the children of `node`, text included, to the end of `into`, in order."""
    child = node.first_child
    while child is not None:
        following = child.next
        into.insert_child(child, move=True)
        child = following


def _text(node: LexborNode) -> str:
    return node.text(deep=True, separator=" ")


@dataclass(frozen=True)
class ParagraphWords:
    """The words of the page's <p> elements, read once before pruning (a paragraph nested
    in another counts in both, as reading each one's text counts it): `split` as
    `str.split` counts them (the prune guard's measure), `runs` as `\\w+` runs (the safety
    net's evidence)."""

    split: int
    runs: int
    nest: bool = False  # whether a paragraph holds another (see `to_html`)

    @classmethod
    def of(cls, tree: LexborHTMLParser) -> ParagraphWords:
        body = tree.body
        paragraphs = body.css("p") if body is not None else []
        holders = _ancestors(paragraphs)
        sizes = _TextSizes(holders, runs=True)
        split = runs = 0
        nest = False
        for paragraph in paragraphs:
            words, _, more = sizes.of(paragraph)
            split, runs = split + words, runs + more
            nest = nest or paragraph.mem_id in holders
        return cls(split, runs, nest)


def word_runs(text: str) -> int:
    """Number of \\w+ tokens in `text`: words as the safety net counts them."""
    return len(_WORD_RUN.findall(text))


def _words(node: LexborNode) -> int:
    return len(_text(node).split())


def _sums_above(
    contributions: Iterable[tuple[LexborNode, tuple[int, ...]]],
    within: LexborNode | None = None,
) -> dict[int, list[int]]:
    """For every element above a contributing node (its ancestors, not the node itself):
    the sum, value by value, of the contributions below it. Given `within`, an element
    holding every contributing node, only the elements inside it (and it) are walked.

    Linear in the page, however deep it nests: each walk up from a node stops where an
    earlier walk went, and the sums are then carried up, children before parents (walking
    every node up to the root cost depth times its count)."""
    parent_of: dict[int, int | None] = _outside(within, None)
    # Walked elements, each after its parent: a walk ends at an element walked before.
    downward: list[int] = []
    sums: dict[int, list[int]] = {}
    for node, values in contributions:
        parent = node.parent
        if parent is None:
            continue
        path, stop = _walk_up(parent, parent_of)
        if path:
            # Each walked element's parent is the next one up; the last one's, where it
            # stopped.
            parents = [*path[1:], None if stop is None else stop.mem_id]
            parent_of.update(zip(path, parents, strict=True))
            downward += reversed(path)
        _add_into(sums, parent.mem_id, values)
    for key in reversed(downward):
        parent, below = parent_of[key], sums.get(key)
        if parent is not None and below is not None:
            _add_into(sums, parent, below)
    return sums


def _add_into(sums: dict[int, list[int]], key: int, values: Iterable[int]) -> None:
    total = sums.get(key)
    if total is None:
        sums[key] = list(values)
    else:
        for i, value in enumerate(values):
            total[i] += value


def _walk_up(
    ancestor: LexborNode | None, known: Container[int]
) -> tuple[list[int], LexborNode | None]:
    """The ids of `ancestor` and the elements above it up to the first one in `known`,
    nearest first, and that one (None when the walk went past the root). Memoised walks
    stop there, so that each element is walked through once, however deep the page nests."""
    path: list[int] = []
    while ancestor is not None and (key := ancestor.mem_id) not in known:
        path.append(key)
        ancestor = ancestor.parent
    return path, ancestor


def _ancestors(nodes: Iterable[LexborNode], within: LexborNode | None = None) -> dict[int, int]:
    """The elements above any of `nodes` (not the nodes themselves), with their depth
    below the document's root; each element is walked once. Given `within`, an element
    holding every one of `nodes`: only the elements inside it (and it), with their depth
    below it."""
    depth: dict[int, int] = _outside(within, -1)
    for node in nodes:
        path, stop = _walk_up(node.parent, depth)
        level = depth[stop.mem_id] if stop is not None else -1
        for key in reversed(path):
            level += 1
            depth[key] = level
    return depth


def _outside(within: LexborNode | None, value: object) -> dict:
    """A memo for the walks up from nodes inside `within` that ends them at its parent:
    that parent, mapped to `value` (empty without `within`, or at the root). The entry
    stays in what the walks give: callers look up the elements inside `within` only."""
    parent = None if within is None else within.parent
    return {} if parent is None else {parent.mem_id: value}


def _link_totals(
    root: LexborHTMLParser | LexborNode, within: LexborNode | None = None
) -> dict[int, list[int]]:
    """For every element holding links: [number of links, words inside them]. Given
    `within` (`root` itself), only its links below it, and only the elements inside it
    are walked. Links nest (through a <marquee>): each is measured once."""
    links = [a for a in root.css("a") if within is None or a.mem_id != within.mem_id]
    sizes = _TextSizes(measured=links)
    return _sums_above(((link, (1, sizes.of(link)[0])) for link in links), within)


def _prose_holders(
    paragraphs: list[LexborNode], links: dict[int, list[int]], sizes: _TextSizes
) -> dict[int, list[int]]:
    """Every element holding a paragraph of prose (PROSE_PARAGRAPH_WORDS words outside its
    links), with their count. (Paragraphs nest, through a quirks-mode table or an
    <object>: each is measured once.)"""
    return _sums_above(
        (p, (1,))
        for p in paragraphs
        if _unlinked_words(p, links, sizes) >= PROSE_PARAGRAPH_WORDS
    )


class _TextSizes:
    """Words and characters of elements' text as `_text` reads it, each element's once
    (with `runs`, its `\\w+` runs too).

    lexbor reads an element's text in one call, at the cost of its whole subtree: on a
    page of ordinary depth (the development pages nest at most 47 deep) that stays linear
    in the page. On a deeper page, where reading each of a nest of lists whole cost the
    square of its depth, an element above the ones to be measured (`holders`, from
    `_ancestors`) is summed from its children instead, and only the subtrees below them are
    read whole: linear however deep the page nests. The same from READ_WHOLE_MAX_CHARS
    read whole on (both ways give the same sizes); given the `measured` elements instead
    of `holders`, these are found only then."""

    def __init__(
        self,
        holders: dict[int, int] | None = None,
        runs: bool = False,
        measured: list[LexborNode] | None = None,
    ):
        self.holders = {} if holders is None else holders
        self.measured = measured
        self.by_children = max(self.holders.values(), default=0) > READ_WHOLE_MAX_DEPTH
        self.measure = _sizes_and_runs if runs else _sizes
        # mem_id -> (words, characters) or (words, characters, runs)
        self.known: dict[int, tuple[int, ...]] = {}
        self.read = 0  # characters read whole

    def of(self, node: LexborNode) -> tuple[int, ...]:
        """(words, characters) of `_text(node)`, and with `runs` its \\w+ runs."""
        key = node.mem_id
        if key not in self.known:
            if self.by_children:
                self._sum_children(node)
            else:
                text = _text(node)
                self.known[key] = self.measure(text)
                self.read += len(text)
                if self.read > READ_WHOLE_MAX_CHARS:
                    self._sum_from_now_on()
        return self.known[key]

    def _sum_from_now_on(self) -> None:
        if self.measured is not None:
            self.holders, self.measured = _ancestors(self.measured), None
        self.by_children = True

    def _sum_children(self, node: LexborNode) -> None:
        """Measure `node` from its children, depth first without recursion. `_text` joins
        the text runs with one space: a child that holds text adds its characters and one
        separator (the parser makes no empty text runs); words and \\w+ runs never span
        that separator, so they add up."""
        known, stack, measure = self.known, [node], self.measure
        while stack:
            top = stack[-1]
            key = top.mem_id
            if key in known:
                stack.pop()
                continue
            if key not in self.holders:
                known[key] = measure(_text(top))
                stack.pop()
                continue
            children = [c for c in top.iter(include_text=True) if c.tag != "-comment"]
            pending = [c for c in children if c.tag != "-text" and c.mem_id not in known]
            if pending:
                stack.extend(pending)
                continue
            total, parts = [0] * len(measure("")), 0
            for child in children:
                if child.tag == "-text":
                    more = measure(child.text_content or "")
                else:
                    more = known[child.mem_id]
                for i, value in enumerate(more):
                    total[i] += value
                parts += more[1] > 0
            total[1] += max(parts - 1, 0)
            known[key] = tuple(total)
            stack.pop()


def _sizes(text: str) -> tuple[int, int]:
    return len(text.split()), len(text)


def _sizes_and_runs(text: str) -> tuple[int, int, int]:
    return len(text.split()), len(text), word_runs(text)


def _is_link_block(
    node: LexborNode,
    links: dict[int, list[int]],
    prose: dict[int, list[int]],
    sizes: _TextSizes,
) -> bool:
    count, linked = links.get(node.mem_id, (0, 0))
    if count < LINK_BLOCK_MIN_LINKS or node.mem_id in prose:
        return False
    total, chars = sizes.of(node)
    if node.tag in LINK_BOX_TAGS and chars > LINK_BOX_MAX_WORDS * _CHARS_PER_WORD:
        return False
    if total == 0 or (node.tag in LINK_BOX_TAGS and total > LINK_BOX_MAX_WORDS):
        return False
    if linked < LINK_BLOCK_DENSITY * total:
        return False
    return total - linked <= LINK_BLOCK_MAX_UNLINKED


def _link_blocks(tree: LexborHTMLParser) -> list[LexborNode]:
    """The outermost link blocks, looked for from the top down: nothing inside a link
    block is looked at (only the outermost of nested blocks is ever removed)."""
    candidates = tree.css(",".join(LINK_LIST_TAGS + LINK_BOX_TAGS))
    paragraphs = tree.css("p")
    links = _link_totals(tree)
    sizes = _TextSizes(_ancestors([*candidates, *paragraphs]))
    prose = _prose_holders(paragraphs, links, sizes)
    inside: dict[int, bool] = {}
    found: list[LexborNode] = []
    for node in candidates:
        if _below(node, inside):
            inside[node.mem_id] = True
        elif _is_link_block(node, links, prose, sizes):
            inside[node.mem_id] = True
            found.append(node)
        else:
            inside[node.mem_id] = False
    return found


def _below(node: LexborNode, marked: dict[int, bool]) -> bool:
    """Whether an ancestor of `node` is marked True in `marked`, which maps elements to
    whether they are, or are below, a marked element; the elements walked through are
    added to it, so that no later walk goes further up than the nearest one known."""
    path, stop = _walk_up(node.parent, marked)
    below = stop is not None and marked[stop.mem_id]
    for key in path:
        marked[key] = below
    return below


_NOT_ELEMENTS = ("-text", "_text", "-comment", "_comment")


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and sibling.tag in _NOT_ELEMENTS:
        sibling = sibling.next
    return sibling


def _previous_element(node: LexborNode) -> LexborNode | None:
    sibling = node.prev
    while sibling is not None and sibling.tag in _NOT_ELEMENTS:
        sibling = sibling.prev
    return sibling


def _unlinked_words(node: LexborNode, links: dict[int, list[int]], sizes: _TextSizes) -> int:
    return sizes.of(node)[0] - links.get(node.mem_id, (0, 0))[1]


def _introduces_prose(
    heading: LexborNode, links: dict[int, list[int]], sizes: _TextSizes
) -> bool:
    """A heading followed by a paragraph or a list of its own: a section or a list item's
    title (listicles link each item's name, service pages their sections), not a teaser."""
    following = _next_element(heading)
    return (
        following is not None
        and following.tag in ("p", "ul", "ol")
        and _unlinked_words(following, links, sizes) >= TEASER_MIN_WORDS
    )


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
# A stem is enough to match "acquisition" with "acquire", "artists" with "artist".
STEM_CHARS = 5


def _stems(text: str) -> set[str]:
    return {word[:STEM_CHARS] for word in _CONTENT_WORD.findall(text.casefold())}


def _titles_next_paragraph(
    node: LexborNode, links: dict[int, list[int]], sizes: _TextSizes
) -> bool:
    """A linked line whose words the prose paragraph under it takes up (at least half of
    its words of four letters or more): the title of the item that paragraph describes (a
    round-up's deal, a book in a reading list), not a teaser for another story. A title
    is short (TITLE_MAX_WORDS): a longer line is not read (where candidates nest around
    one link, each would read it again)."""
    if sizes.of(node)[0] > TITLE_MAX_WORDS:
        return False
    following = _next_element(node)
    if following is None or following.tag != "p":
        return False
    if _unlinked_words(following, links, sizes) < PROSE_PARAGRAPH_WORDS:
        return False  # another link, or a line: a list of teasers, not an item's text
    title = _stems(_text(node))
    return bool(title) and len(title & _stems(_own_text(following))) * 2 >= len(title)


def _own_text(paragraph: LexborNode) -> str:
    """The text of `paragraph` less that of the paragraphs nested in it (through a
    quirks-mode table or an <object>: each paragraph's text is read once), its runs in no
    particular order."""
    runs: list[str] = []
    stack = [paragraph]
    while stack:
        for child in stack.pop().iter(include_text=True):
            if child.tag == "-text":
                runs.append(child.text_content or "")
            elif child.tag not in ("p", "-comment"):
                stack.append(child)
    return " ".join(runs)


def _teaser_links(tree: LexborHTMLParser) -> list[tuple[LexborNode, int]]:
    """Paragraphs and headings that are one link of TEASER_MIN_WORDS words or more, with
    their words. A printed address is content, not a teaser (one broken over lines has
    words enough), and so is a linked sentence (`_is_linked_sentence`) that is not one of
    a run of teasers."""
    candidates = tree.css("p, h2, h3, h4, h5, h6")
    links = _link_totals(tree)
    sizes = _TextSizes(_ancestors(candidates))
    teasers: list[tuple[LexborNode, int]] = []
    for node in candidates:
        count, linked = links.get(node.mem_id, (0, 0))
        if count != 1 or (node.tag != "p" and _introduces_prose(node, links, sizes)):
            continue
        words, chars = sizes.of(node)
        if words < TEASER_MIN_WORDS or linked < 0.9 * words:
            continue
        if _titles_next_paragraph(node, links, sizes) or _is_printed_address(node, chars):
            continue
        teasers.append((node, words))
    # A linked sentence beside another teaser is one of a list of them.
    found = {node.mem_id for node, _ in teasers}
    return [
        (node, words)
        for node, words in teasers
        if not _is_linked_sentence(node) or _beside(node, found)
    ]


def _is_linked_sentence(node: LexborNode) -> bool:
    """A paragraph ending with a full stop (not an excerpt's "..."), with no label before
    its link ("Read more:"), is a sentence whose words link to a source: an FAQ's answer
    "Yes, <a>meditation has been shown to reduce stress.</a>". A teaser is a headline,
    which ends without one."""
    if node.tag != "p":
        return False
    text = _text(node).strip()
    end = text.rstrip(_CLOSING_MARKS)
    if not end.endswith(".") or end.endswith(".."):
        return False
    link = node.css_first("a")
    at = text.find(_text(link).strip()) if link is not None else -1
    return not text[: max(at, 0)].rstrip().endswith(":")


def _beside(node: LexborNode, found: Container[int]) -> bool:
    """Whether the element before or after `node` is in `found`."""
    neighbours = (_previous_element(node), _next_element(node))
    return any(n is not None and n.mem_id in found for n in neighbours)


def _is_printed_address(node: LexborNode, chars: int) -> bool:
    """`chars`: the length of its text; a longer text than an address can be is not read
    (where candidates nest around one link, each would read it again)."""
    if chars > MAX_ADDRESS_CHARS:
        return False
    text = _text(node).strip()
    return text.startswith(("http://", "https://", "www.")) and " " not in text


def _is_content_button(node: LexborNode) -> bool:
    """An accordion toggle or a question (FAQ pages put their questions in buttons)."""
    if node.tag != "button":
        return False
    text = _text(node).strip()
    toggles = "aria-expanded" in node.attributes or "aria-controls" in node.attributes
    return (toggles or text.endswith("?")) and len(text.split()) >= TOGGLE_MIN_WORDS


def _is_quote_attribution(node: LexborNode, quoting: Container[int]) -> bool:
    """The figcaption of a figure holding a quotation names who said it (HTML's own
    pattern for a quote and its source): part of the quote, not a picture's caption.
    `quoting`: the elements holding a blockquote."""
    if node.tag != "figcaption":
        return False
    figure = node.parent
    return figure is not None and figure.tag == "figure" and figure.mem_id in quoting


def _typed_widgets(tree: LexborHTMLParser) -> set[int]:
    """The forms one types into (an e-mail, a password, a search, a comment: sign-up,
    log-in, search and comment widgets) and the e-mail fields. A form of buttons, choices
    and hidden fields only is a purchase or option form (a shop's buy box, a bundle's
    items): content. Each field is walked up once, however forms nest."""
    typed = [
        field
        for field in tree.css("input, textarea")
        if field.tag == "textarea"
        or (field.attributes.get("type") or "text").strip().lower() in TYPED_INPUTS
    ]
    holding = _ancestors(typed)
    return {
        node.mem_id
        for node in tree.css(FORM_WIDGETS)
        if node.tag != "form" or node.mem_id in holding
    }


def _chrome(tree: LexborHTMLParser) -> list[LexborNode]:
    """The elements of NON_CONTENT_TAGS that go: not JSON-LD (it is where many pages
    declare their authors and dates), not a content button, not a quote's attribution, not
    a caption numbering its figure (`numbered_captions`).
    A button inside another button (through an <object>) goes or stays with it: only the
    outermost are read, each once."""
    chrome = tree.css(",".join(NON_CONTENT_TAGS))
    buttons = [n for n in chrome if n.tag == "button"]
    inner = {n.mem_id for n in buttons} - {n.mem_id for n in outermost(buttons)}
    quoting = _ancestors(tree.css("blockquote"))
    numbered = {
        caption.mem_id
        for figure in outermost(tree.css("figure"))
        for caption in numbered_captions(figure)
    }
    return [
        n
        for n in chrome
        if n.attributes.get("type") != LD_JSON
        and n.mem_id not in inner
        and n.mem_id not in numbered
        and not _is_content_button(n)
        and not _is_quote_attribution(n, quoting)
    ]


def _form_containers(widgets: list[LexborNode], sizes: _TextSizes) -> list[LexborNode]:
    """For each form or e-mail input, the largest ancestor whose text is still short; none
    for a form that is itself long (pages that wrap their whole body in one <form>). A walk
    up that reaches an element an earlier walk went through ends where that one ended."""
    ends: dict[int, LexborNode] = {}
    containers: list[LexborNode] = []
    for node in widgets:
        if sizes.of(node)[0] > FORM_CONTAINER_MAX_WORDS:
            continue
        best, path = node, [node.mem_id]
        parent = node.parent
        while parent is not None and parent.tag not in ("body", "html", "article", "main"):
            if parent.mem_id in ends:
                best = ends[parent.mem_id]
                break
            if sizes.of(parent)[0] > FORM_CONTAINER_MAX_WORDS:
                break
            best, parent = parent, parent.parent
            path.append(best.mem_id)
        for key in path:
            ends[key] = best
        containers.append(best)
    return containers


def _consent_banners(tree: LexborHTMLParser) -> list[LexborNode]:
    return [
        node
        for node in tree.css(_CONSENT_CANDIDATES)
        if CONSENT_NAMES.search(node.attributes.get("class") or "")
        or CONSENT_NAMES.search(node.attributes.get("id") or "")
    ]


def _deks(tree: LexborHTMLParser) -> list[LexborNode]:
    """The dek under the page's headline, its first h1 (a later h1 heads a card or a
    section of the page, and the paragraph under it is that section's text)."""
    headline = tree.css_first("h1")
    if headline is None:
        return []
    sibling = _next_element(headline)
    if sibling is None:
        return []
    in_header = headline.parent is not None and headline.parent.tag == "header"
    if sibling.tag in DEK_HEADINGS or (sibling.tag == "p" and in_header):
        return [sibling] if _words(sibling) <= DEK_MAX_WORDS else []
    return []


def outermost(nodes: list[LexborNode], within: LexborNode | None = None) -> list[LexborNode]:
    """Drop nodes nested in another node of the list (removing the outer one suffices),
    and repeats. Given `within`, an element holding every one of `nodes` (and none of them
    itself), no walk up goes past it."""
    marked = {node.mem_id: True for node in nodes}
    if within is not None:
        marked[within.mem_id] = False
    chosen: dict[int, LexborNode] = {}
    for node in nodes:
        if not _below(node, marked):
            chosen.setdefault(node.mem_id, node)
    return list(chosen.values())


def _squashed_text(node: LexborNode) -> str:
    return " ".join(_text(node).split())


class _Guard:
    """Which elements hold the article and so are never pruned (see PROTECTED_SHARE)."""

    def __init__(self, paragraph_words: int):
        # The page's paragraph words (ParagraphWords.split), before pruning.
        self.total = paragraph_words

    def protects(self, node: LexborNode) -> bool:
        """Its paragraphs are measured once each, however they nest (the tree changes
        between prune rules, so nothing is measured for the whole of `prune`)."""
        if node.tag in PROTECTED_TAGS or node.css_first(",".join(PROTECTED_TAGS)) is not None:
            return True
        paragraphs = node.css("p")  # `node` itself too, if it is one
        if not paragraphs:
            return False
        sizes = _TextSizes(_ancestors(paragraphs, within=node))
        if node.css_first("h1") is not None:
            links = _link_totals(node, within=node)
            if any(_unlinked_words(p, links, sizes) >= PROSE_PARAGRAPH_WORDS for p in paragraphs):
                return True  # the headline's content block: the h1 with the story under it
        if not self.total or len(_text(node)) < PROTECTED_SHARE * self.total:
            return False  # too few characters to hold that many words
        held = sum(sizes.of(p)[0] for p in paragraphs)
        return held >= PROTECTED_SHARE * self.total


def _remove_all(
    nodes: list[LexborNode], rule: str, removed: list[Removal], guard: _Guard
) -> None:
    """Decompose `nodes` that the guard does not protect, listing the text of each (code
    elements are not listed)."""
    for node in outermost(nodes):
        if node.tag not in CODE_TAGS and guard.protects(node):
            continue
        if node.tag not in CODE_TAGS:
            text = _squashed_text(node)
            if text:
                removed.append(Removal(rule, text))
        node.decompose()


def prune(
    tree: LexborHTMLParser, article: bool = True, paragraphs: ParagraphWords | None = None
) -> list[Removal]:
    """Remove clutter elements in place; return the text each prune rule removed.

    Link blocks and teaser links are what surrounds an article; they are only removed from
    an `article` page (on a listing or a shop page they are the content). `paragraphs` are
    the page's `ParagraphWords` if the caller has read them already."""
    removed: list[Removal] = []
    guard = _Guard((ParagraphWords.of(tree) if paragraphs is None else paragraphs).split)
    # Read before the chrome goes: textareas, buttons and selects are part of it.
    typed_forms = _typed_widgets(tree)
    _remove_all(_chrome(tree), "prune.non_content_tag", removed, guard)
    for link in tree.css("link[rel]"):
        if (link.attributes.get("rel") or "").strip().lower() in RESOURCE_LINKS:
            link.decompose()
    roles = ",".join(f'[role="{role}"]' for role in NON_CONTENT_ROLES)
    _remove_all(tree.css(roles), "prune.landmark_role", removed, guard)
    _remove_all(_consent_banners(tree), "prune.consent_banner", removed, guard)
    _remove_all(_deks(tree), "prune.headline_dek", removed, guard)
    widgets = [n for n in tree.css(FORM_WIDGETS) if n.mem_id in typed_forms]
    sizes = _TextSizes(_ancestors(widgets))
    _remove_all(_form_containers(widgets, sizes), "prune.form_widget", removed, guard)
    if not article:
        return removed
    _remove_all(_link_blocks(tree), "prune.link_block", removed, guard)
    teasers = _teaser_links(tree)
    headlines = [words for node, words in teasers if node.tag != "p"]
    if len(headlines) >= LISTING_MIN_HEADLINES and sum(headlines) >= LISTING_SHARE * guard.total:
        # A page of linked headlines, with little prose besides, is a listing: the
        # headlines are its content.
        teasers = [(node, words) for node, words in teasers if node.tag == "p"]
    _remove_all([node for node, _ in teasers], "prune.teaser_link", removed, guard)
    return removed
