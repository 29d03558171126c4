"""Content a page streams in after its first paint, put where the browser puts it.

A page rendered by React on the server with streaming (Next.js and others) sends its shell
first, with a placeholder where a slow part goes, and that part later, further down: a
`<div hidden id="S:3">` near the end of the body, and a script that moves it into place,
`$RC("B:3","S:3")` (replace the boundary's fallback, "Loading...", after `<template
id="B:3">`) or `$RS("S:7","P:7")` (replace `<template id="P:7">`). Read as served, the
streamed parts sit after the page's scripts, outside the article: an investing guide
kept its introduction and lost every company it described, in bare trafilatura too.
So the moves those scripts make are made here, in their order, before anything reads the
page.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

# React's inline runtime: completeBoundary ($RC: boundary id, segment id) and
# completeSegment ($RS: segment id, placeholder id).
_MOVES = re.compile(r'\$(RC|RS)\("([^"\\]{1,40})","([^"\\]{1,40})"')
# A page is not read for more moves than this: each one looks its two ids up in the page.
MAX_MOVES = 500
# The comments React writes around a boundary: its start ("$", "$?" pending, "$!"
# client-rendered) and its end.
_BOUNDARY_STARTS = ("$", "$?", "$!")
_BOUNDARY_END = "/$"


def place_streamed_parts(tree: LexborHTMLParser) -> int:
    """Make the moves of the page's streaming scripts; the number made."""
    if not (tree.scripts_contain("$RC(") or tree.scripts_contain("$RS(")):
        return 0
    moves = [
        match.groups()
        for script in tree.css("script")
        if "$R" in (text := script.text(deep=True))
        for match in _MOVES.finditer(text)
    ]
    made = 0
    for kind, first, second in moves[:MAX_MOVES]:
        if kind == "RC":
            made += _complete_boundary(tree, boundary=first, segment=second)
        else:
            made += _complete_segment(tree, segment=first, placeholder=second)
    return made


def _by_id(tree: LexborHTMLParser, tag: str, value: str) -> LexborNode | None:
    return tree.css_first(f'{tag}[id="{value}"]')


def _move_children(segment: LexborNode, before: LexborNode) -> None:
    """The children of `segment` go before `before`, and `segment` goes."""
    child = segment.child
    while child is not None:
        before.insert_before(child)  # selectolax inserts a copy
        child = child.next
    segment.decompose()


def _complete_segment(tree: LexborHTMLParser, segment: str, placeholder: str) -> int:
    part = _by_id(tree, "div", segment)
    target = _by_id(tree, "template", placeholder)
    if part is None or target is None:
        return 0
    _move_children(part, target)
    target.decompose()
    return 1


def _complete_boundary(tree: LexborHTMLParser, boundary: str, segment: str) -> int:
    """As React's completeBoundary: the fallback after the boundary's <template>, up to
    the boundary's end comment, goes; the segment's children take its place. Without
    the comments (a page whose markup lost them), they go before the <template>."""
    part = _by_id(tree, "div", segment)
    target = _by_id(tree, "template", boundary)
    if part is None or target is None:
        return 0
    start = target.prev
    if start is None or not start.is_comment_node or start.comment_content != "$?":
        _move_children(part, target)
        target.decompose()
        return 1
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
    _move_children(part, end)
    for node in fallback:
        node.decompose()
    return 1
