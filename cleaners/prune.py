"""HTML pre-cleaning with selectolax: drop clutter elements before extraction.

Pruning is by evidence, never by one class word: element types that never hold article
text, landmarks the page declares as navigation, the dek under the headline, the small
containers around sign-up forms, blocks whose text is mostly link text, and paragraphs
that are one link. When one element holds nearly all of the page's paragraph text, only
it (and the <head>, for metadata) goes on to extraction.
"""

from __future__ import annotations

from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.record import Removal

# Code, not text: removed without being listed in the record's `removed`.
CODE_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
)
# Elements that never carry article prose. Captions are not article text either.
NON_CONTENT_TAGS = (*CODE_TAGS, "button", "select", "textarea", "nav", "figcaption")
LD_JSON = "application/ld+json"
# <link>s that load resources for a browser (about 20 on a typical page): no metadata
# reader looks at them, and every element costs the extractor's XPath sweeps.
RESOURCE_LINKS = (
    "stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
    "icon", "shortcut icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
    "manifest",
)
# Landmarks a page itself declares as navigation or page chrome.
NON_CONTENT_ROLES = ("navigation", "banner", "contentinfo", "search", "menu", "menubar")
# The dek (standfirst) under the headline: a short heading right after the h1, or a short
# paragraph there when both sit in a <header>.
DEK_MAX_WORDS = 60
DEK_HEADINGS = ("h2", "h3", "h4")
# Forms and sign-up inputs: their container goes while its text stays this short (words).
FORM_CONTAINER_MAX_WORDS = 100
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
# Focus: the content container must hold this share of all paragraph text of the page.
FOCUS_SHARE = 0.95
# Rough characters per word, to skip obviously large blocks before counting words.
_CHARS_PER_WORD = 12


def parse(html: str | bytes) -> LexborHTMLParser:
    """Parse a page; bytes are decoded as the page declares (BOM, then <meta charset>, as
    the HTML Standard says), UTF-8 when it declares nothing."""
    return LexborHTMLParser(html, encoding=isinstance(html, bytes))


def _text(node: LexborNode) -> str:
    return node.text(deep=True, separator=" ")


def _words(node: LexborNode) -> int:
    return len(_text(node).split())


def _linked_words(node: LexborNode) -> tuple[int, int]:
    links = node.css("a")
    return len(links), sum(_words(a) for a in links)


def _holds_prose(node: LexborNode) -> bool:
    for paragraph in node.css("p"):
        if _words(paragraph) - _linked_words(paragraph)[1] >= PROSE_PARAGRAPH_WORDS:
            return True
    return False


def _link_totals(tree: LexborHTMLParser) -> dict[int, tuple[int, int]]:
    """For every element holding links: (number of links, words inside them), in one pass
    over the page's links."""
    totals: dict[int, tuple[int, int]] = {}
    for link in tree.css("a"):
        words = _words(link)
        ancestor = link.parent
        while ancestor is not None:
            count, linked = totals.get(ancestor.mem_id, (0, 0))
            totals[ancestor.mem_id] = (count + 1, linked + words)
            ancestor = ancestor.parent
    return totals


def _is_link_block(node: LexborNode, links: dict[int, tuple[int, int]]) -> bool:
    count, linked = links.get(node.mem_id, (0, 0))
    if count < LINK_BLOCK_MIN_LINKS:
        return False
    text = _text(node)
    if node.tag in LINK_BOX_TAGS and len(text) > LINK_BOX_MAX_WORDS * _CHARS_PER_WORD:
        return False
    total = len(text.split())
    if total == 0 or (node.tag in LINK_BOX_TAGS and total > LINK_BOX_MAX_WORDS):
        return False
    if linked < LINK_BLOCK_DENSITY * total:
        return False
    return total - linked <= LINK_BLOCK_MAX_UNLINKED and not _holds_prose(node)


def _is_teaser_link(node: LexborNode) -> bool:
    link = node.css_first("a")
    if link is None:
        return False
    text = _text(node).strip()
    if text.startswith(("http://", "https://", "www.")) and " " not in text:
        return False  # a printed address is content
    words = len(text.split())
    count, linked = _linked_words(node)
    return count == 1 and words >= TEASER_MIN_WORDS and linked >= 0.9 * words


def _form_container(node: LexborNode) -> LexborNode:
    """The largest ancestor of a form or e-mail input whose text is still short."""
    best = node
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html", "article", "main"):
        if _words(parent) > FORM_CONTAINER_MAX_WORDS:
            break
        best, parent = parent, parent.parent
    return best


def _deks(tree: LexborHTMLParser) -> list[LexborNode]:
    deks: list[LexborNode] = []
    for headline in tree.css("h1"):
        sibling = headline.next
        while sibling is not None and sibling.tag in ("-text", "_text", "-comment", "_comment"):
            sibling = sibling.next
        if sibling is None or _words(sibling) > DEK_MAX_WORDS:
            continue
        in_header = headline.parent is not None and headline.parent.tag == "header"
        if sibling.tag in DEK_HEADINGS or (sibling.tag == "p" and in_header):
            deks.append(sibling)
    return deks


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """Drop nodes nested in another node of the list (removing the outer one suffices)."""
    chosen: list[LexborNode] = []
    ids = {node.mem_id for node in nodes}
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            chosen.append(node)
    return chosen


def _squashed_text(node: LexborNode) -> str:
    return " ".join(_text(node).split())


def _remove_all(nodes: list[LexborNode], rule: str, removed: list[Removal]) -> None:
    """Decompose `nodes`, listing the text of each (code elements are not listed)."""
    for node in _outermost(nodes):
        if node.tag not in CODE_TAGS:
            text = _squashed_text(node)
            if text:
                removed.append(Removal(rule, text))
        node.decompose()


def prune(tree: LexborHTMLParser) -> list[Removal]:
    """Remove clutter elements in place; return the text each prune rule removed."""
    removed: list[Removal] = []
    # JSON-LD stays: it is where many pages declare their authors and dates.
    chrome = tree.css(",".join(NON_CONTENT_TAGS))
    chrome = [n for n in chrome if n.attributes.get("type") != LD_JSON]
    _remove_all(chrome, "prune.non_content_tag", removed)
    for link in tree.css("link[rel]"):
        if (link.attributes.get("rel") or "").strip().lower() in RESOURCE_LINKS:
            link.decompose()
    roles = ",".join(f'[role="{role}"]' for role in NON_CONTENT_ROLES)
    _remove_all(tree.css(roles), "prune.landmark_role", removed)
    _remove_all(_deks(tree), "prune.headline_dek", removed)
    forms = [_form_container(n) for n in tree.css('form, input[type="email"]')]
    _remove_all(forms, "prune.form_widget", removed)
    blocks = tree.css(",".join(LINK_LIST_TAGS + LINK_BOX_TAGS))
    links = _link_totals(tree)
    _remove_all([n for n in blocks if _is_link_block(n, links)], "prune.link_block", removed)
    teasers = tree.css("p, h2, h3, h4, h5, h6")
    _remove_all([n for n in teasers if _is_teaser_link(n)], "prune.teaser_link", removed)
    return removed


def _content_container(tree: LexborHTMLParser) -> LexborNode | None:
    """The deepest element holding FOCUS_SHARE of the characters of the page's <p>s."""
    body = tree.body
    if body is None:
        return None
    held: dict[int, int] = {}
    nodes: dict[int, tuple[int, LexborNode]] = {}
    total = 0
    for paragraph in body.css("p"):
        chars = len(paragraph.text())
        total += chars
        ancestor = paragraph.parent
        chain = []
        while ancestor is not None and ancestor.tag not in ("body", "html"):
            chain.append(ancestor)
            ancestor = ancestor.parent
        for depth, node in enumerate(reversed(chain)):
            held[node.mem_id] = held.get(node.mem_id, 0) + chars
            nodes.setdefault(node.mem_id, (depth, node))
    if not total:
        return None
    deep = [nodes[key] for key, chars in held.items() if chars >= FOCUS_SHARE * total]
    return max(deep, key=lambda item: item[0])[1] if deep else None


def _outside(container: LexborNode) -> list[LexborNode]:
    """The elements of <body> that are neither the container nor hold it."""
    outside: list[LexborNode] = []
    node = container
    while node.parent is not None and node.tag != "body":
        sibling = node.parent.child
        while sibling is not None:
            if sibling.mem_id != node.mem_id:
                outside.append(sibling)
            sibling = sibling.next
        node = node.parent
    return outside


class Focus(NamedTuple):
    """What goes on to extraction: `html` to extract from, `root` the element of the page
    it holds (the container, or <body>), and the text `removed` outside it."""

    html: str
    root: LexborNode | None
    removed: list[Removal]


def focus_html(tree: LexborHTMLParser) -> Focus:
    """The HTML to extract from: the <head> (with the page's JSON-LD, for metadata) and
    the deepest element that holds FOCUS_SHARE of the page's paragraph text, with the text
    left outside it; the whole page, and nothing removed, when no element below <body>
    holds that share."""
    container = _content_container(tree)
    if container is None:
        return Focus(tree.html or "", tree.body, [])
    removed = []
    for node in _outside(container):
        text = _squashed_text(node) if node.tag not in (*CODE_TAGS, "-comment", "_comment") else ""
        if text:
            removed.append(Removal("prune.outside_content", text))
    head = tree.head.html if tree.head is not None else ""
    metadata = "".join(n.html or "" for n in tree.css(f'body script[type="{LD_JSON}"]'))
    return Focus(f"<html>{head}<body>{metadata}{container.html}</body></html>", container, removed)
