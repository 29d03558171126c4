"""HTML pre-cleaning with selectolax: drop clutter elements before extraction.

Pruning is by evidence, never by one class word: element types that never hold article
text, ARIA landmarks that are navigation by declaration, and blocks that are mostly links.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements that never carry article prose.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object",
    "embed", "button", "select", "input", "textarea", "nav",
)
# Landmarks a page itself declares as navigation or page chrome.
NON_CONTENT_ROLES = ("navigation", "banner", "contentinfo", "search", "menu", "menubar")


def parse(html: str | bytes) -> LexborHTMLParser:
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    return LexborHTMLParser(html)


def _remove_all(nodes: list[LexborNode]) -> int:
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
    }
    return {rule: n for rule, n in counts.items() if n}
