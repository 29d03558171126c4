"""Content a page streams in after its first paint, put where the browser puts it.

A page rendered by React on the server with streaming (Next.js and others) sends its shell
first, with a placeholder where a slow part goes, and that part later, further down: a
`<div hidden id="S:3">` near the end of the body, and a script that moves it into place,
`$RC("B:3","S:3")` (replace the boundary's fallback, "Loading...", after `<template
id="B:3">`; `$RR`, React 19's form for a part that brings a stylesheet, does the same) or
`$RS("S:7","P:7")` (replace `<template id="P:7">`). Read as served, the streamed parts
sit after the page's scripts, outside the article: an investing guide kept its
introduction and lost every company it described, in bare trafilatura too. So the moves
those scripts make are made here, in their order, before anything reads the page.

Not read: React's external runtime, which writes the same moves as attributes of
<template> elements (`data-rci`, `data-rsi`); a part it moves stays where it was served.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

# React's inline runtime: completeBoundary ($RC, and $RR with stylesheets: boundary id,
# segment id) and completeSegment ($RS: segment id, placeholder id). React's ids are a
# letter, a colon and a number; other characters are not read.
_MOVES = re.compile(r'\$(RC|RR|RS)\("([\w:.-]{1,40})","([\w:.-]{1,40})"')
# A page is not read for more moves than this.
MAX_MOVES = 500
# The comments React writes around a boundary: its start ("$", "$?" pending, "$!"
# client-rendered) and its end.
_BOUNDARY_STARTS = ("$", "$?", "$!")
_BOUNDARY_END = "/$"


def place_streamed_parts(tree: LexborHTMLParser) -> int:
    """Make the moves of the page's streaming scripts; the number made."""
    if not any(tree.scripts_contain(call) for call in ("$RC(", "$RR(", "$RS(")):
        return 0
    moves = [
        match.groups()
        for script in tree.css("script")
        if "$R" in (text := script.text(deep=True))
        for match in _MOVES.finditer(text)
    ]
    if not moves:
        return 0
    # The elements by id, as getElementById finds them (the first in the page): moves
    # carry elements, so the index stays true.
    ids: dict[str, LexborNode] = {}
    for element in tree.css("[id]"):
        ids.setdefault(element.attributes.get("id") or "", element)
    made = 0
    for kind, first, second in moves[:MAX_MOVES]:
        if kind == "RS":
            made += _complete_segment(ids.get(first), ids.get(second))
        else:
            made += _complete_boundary(ids.get(first), ids.get(second))
    return made


def _holds(outer: LexborNode, inner: LexborNode) -> bool:
    node: LexborNode | None = inner
    while node is not None:
        if node.mem_id == outer.mem_id:
            return True
        node = node.parent
    return False


def _put_before(segment: LexborNode, before: LexborNode) -> None:
    """The children of `segment` go before `before`, and `segment` goes: moved, not
    copied (a copy of a part carried from placeholder to placeholder grew with each)."""
    before.insert_before(segment, move=True)
    segment.unwrap(delete_empty=True)


def _movable(part: LexborNode | None, target: LexborNode | None) -> bool:
    """Both found, the target a <template>, and the part not holding it (a part holding
    its own placeholder would be moved into itself)."""
    return (
        part is not None
        and target is not None
        and target.tag == "template"
        and not _holds(part, target)
    )


def _complete_segment(part: LexborNode | None, target: LexborNode | None) -> int:
    if not _movable(part, target):
        return 0
    _put_before(part, target)
    target.decompose()
    return 1


def _complete_boundary(target: LexborNode | None, part: LexborNode | None) -> int:
    """As React's completeBoundary: the fallback after the boundary's <template>, up to
    the boundary's end comment, goes; the segment's children take its place. Without
    the comments (a page whose markup lost them), they take the <template>'s place, as a
    segment's do."""
    if not _movable(part, target):
        return 0
    start = target.prev
    if start is None or not start.is_comment_node or start.comment_content != "$?":
        return _complete_segment(part, target)
    end, depth, fallback = target, 0, []
    while end is not None:
        if end.is_comment_node:
            if end.comment_content == _BOUNDARY_END:
                if depth == 0:
                    break
                depth -= 1
            elif end.comment_content in _BOUNDARY_STARTS:
                depth += 1
        fallback.append(end)
        end = end.next
    if end is None:
        return 0  # no end to the boundary: the page is left as it came
    _put_before(part, end)
    for node in fallback:
        node.decompose()
    return 1
