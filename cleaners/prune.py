"""HTML pre-cleaning with selectolax: drop clutter elements before extraction.

Pruning is by evidence, never by one class word: element types that never hold article
text, landmarks the page declares as navigation, blocks whose text is mostly link text,
paragraphs that are one link, and the small containers around sign-up forms.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements that never carry article prose. Captions are not article text either.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object",
    "embed", "button", "select", "textarea", "nav", "figcaption",
)
# Landmarks a page itself declares as navigation or page chrome.
NON_CONTENT_ROLES = ("navigation", "banner", "contentinfo", "search", "menu", "menubar")
# A block whose links hold this share of its text, with at least LINK_BLOCK_MIN_LINKS
# links, is a list of links (menus, "latest stories", tag clouds), not prose.
LINK_BLOCK_DENSITY = 0.6
LINK_BLOCK_MIN_LINKS = 3
# Lists qualify at any size; generic containers only while small (a page wrapper whose
# menus outweigh a body of short paragraphs must stay).
LINK_LIST_TAGS = ("ul", "ol", "dl")
LINK_BOX_TAGS = ("div", "section", "aside", "table")
LINK_BOX_MAX_WORDS = 150
# ...and never a block holding prose: this many words outside links, or one paragraph
# of PROSE_PARAGRAPH_WORDS unlinked words.
LINK_BLOCK_MAX_UNLINKED = 150
PROSE_PARAGRAPH_WORDS = 25
# A paragraph or heading that is one link of this many words is a teaser for another page.
TEASER_MIN_WORDS = 3
# Forms and sign-up inputs: their container goes while its text stays this short (words).
FORM_CONTAINER_MAX_WORDS = 100

# The dek (standfirst) under the headline: a short heading right after the h1, or a short
# paragraph there when both sit in a <header>.
DEK_MAX_WORDS = 60
DEK_HEADINGS = ("h2", "h3", "h4")

_WORD = re.compile(r"\w+")
_URL_TEXT = re.compile(r"\s*(https?://|www\.)\S+\s*")


def parse(html: str | bytes) -> LexborHTMLParser:
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    return LexborHTMLParser(html)


def _text_len(node: LexborNode) -> int:
    return len(_WORD.findall(node.text(deep=True, separator=" ")))


def _link_text_len(node: LexborNode) -> tuple[int, int]:
    links = node.css("a")
    return len(links), sum(_text_len(a) for a in links)


def _holds_prose(node: LexborNode) -> bool:
    for paragraph in node.css("p"):
        if _text_len(paragraph) - _link_text_len(paragraph)[1] >= PROSE_PARAGRAPH_WORDS:
            return True
    return False


def _is_link_block(node: LexborNode) -> bool:
    total = _text_len(node)
    if total == 0 or (node.tag in LINK_BOX_TAGS and total > LINK_BOX_MAX_WORDS):
        return False
    count, linked = _link_text_len(node)
    if count < LINK_BLOCK_MIN_LINKS or linked < LINK_BLOCK_DENSITY * total:
        return False
    return total - linked <= LINK_BLOCK_MAX_UNLINKED and not _holds_prose(node)


def _is_teaser_link(node: LexborNode) -> bool:
    text = node.text(deep=True, separator=" ").strip()
    if not text or _URL_TEXT.fullmatch(text):
        return False
    words = len(_WORD.findall(text))
    count, linked = _link_text_len(node)
    return count == 1 and words >= TEASER_MIN_WORDS and linked >= 0.9 * words


def _form_container(node: LexborNode) -> LexborNode:
    """The largest ancestor of a form or e-mail input whose text is still short."""
    best = node
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html", "article", "main"):
        if _text_len(parent) > FORM_CONTAINER_MAX_WORDS:
            break
        best, parent = parent, parent.parent
    return best


def _deks(tree: LexborHTMLParser) -> list[LexborNode]:
    deks: list[LexborNode] = []
    for headline in tree.css("h1"):
        sibling = headline.next
        while sibling is not None and sibling.tag in ("-text", "_text", "-comment", "_comment"):
            sibling = sibling.next
        if sibling is None or _text_len(sibling) > DEK_MAX_WORDS:
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


def _remove_all(nodes: list[LexborNode]) -> int:
    nodes = _outermost(nodes)
    for node in nodes:
        node.decompose()
    return len(nodes)


def prune(tree: LexborHTMLParser) -> dict[str, int]:
    """Remove clutter elements in place; return how many elements each prune rule removed."""
    counts = {
        "prune.non_content_tag": _remove_all(tree.css(",".join(NON_CONTENT_TAGS))),
        "prune.landmark_role": _remove_all(
            tree.css(",".join(f'[role="{role}"]' for role in NON_CONTENT_ROLES))
        ),
        "prune.headline_dek": _remove_all(_deks(tree)),
        "prune.form_widget": _remove_all(
            [_form_container(n) for n in tree.css('form, input[type="email"]')]
        ),
        "prune.link_block": _remove_all(
            [n for n in tree.css(",".join(LINK_LIST_TAGS + LINK_BOX_TAGS)) if _is_link_block(n)]
        ),
        "prune.teaser_link": _remove_all(
            [n for n in tree.css("p, h2, h3, h4, h5, h6") if _is_teaser_link(n)]
        ),
    }
    return {rule: n for rule, n in counts.items() if n}
