"""The cleaning budget: what one page may cost before it becomes a reject.

Some cleaning stages grow faster than the page: the HTML parser's cost is quadratic in
nesting depth (100,000 nested divs took 32 s of CPU), and pages of millions of tiny
elements ran for minutes. `check_page` measures a page before anything parses it, with a
linear scan of its tags (regular expressions, no tree), and raises `OverBudget` with the
reason `too_complex` when it is too big, has too many elements or nests too deeply.
Whatever a page within those limits still costs is bounded by `cpu_seconds`, which the
worker pool (`cleaners.worker_pool`) enforces: a page over it is `timeout`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from itertools import accumulate
from operator import sub

TOO_COMPLEX, TIMEOUT = "too_complex", "timeout"

# Start and end tags: `<div`, `</div`.
_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9:-]*)")
_START_TAG = re.compile(r"<[A-Za-z]")
_END_TAG = re.compile(r"</[A-Za-z]")
# Where scripts start and end: their code (`i<e.length`) is not markup.
_SCRIPT_EDGE = re.compile(r"(<script\b|</script\b)", re.IGNORECASE)
# Elements that add no depth: void ones, ones the parser closes when the next one opens
# (a `<p>` or `<li>` left open is a sibling, not a child), and SVG shapes, which pages
# write self-closing (`<path ... />`; reading the `/>` would triple the scan's time).
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd option optgroup tr td th thead tbody tfoot rb rt rp "
    "path circle ellipse line polygon polyline rect stop use".split()
)
# The same names as start and end tags, looked up in one step.
_FLAT_TAGS = _FLAT | {f"/{name}" for name in _FLAT}
# A start tag's name (beside _TAG: the opened elements are counted from start tags alone,
# 0.38 against 0.47 ms a page counting them among all of _TAG's).
_START_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)")


class OverBudget(Exception):
    """A page over its budget; `reason` is `too_complex` or `timeout`, `detail` says why."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[type[OverBudget], tuple[str, str]]:
        # Raised in worker processes: must survive pickling with both fields.
        return OverBudget, (self.reason, self.detail)


@dataclass(frozen=True)
class Budget:
    """Per-page limits. `max_bytes` counts bytes, or characters when given text.

    The defaults leave room above every page of both development sets (largest 5.1 MB,
    at most 14,200 elements, nesting 180 deep by this scan's count, which takes elements
    left open as nested) and keep a page at the limits to seconds of cleaning.
    """

    max_bytes: int = 10 * 1024 * 1024
    max_elements: int = 50_000
    max_depth: int = 1_000
    cpu_seconds: float = 30.0

    def check(self, html: str | bytes) -> None:
        """Raise `OverBudget("too_complex", ...)` if `html` is over a limit; linear time."""
        if len(html) > self.max_bytes:
            raise OverBudget(TOO_COMPLEX, f"{len(html)} bytes, over the limit of {self.max_bytes}")
        markup = _without_scripts(_as_text(html) if isinstance(html, bytes) else html)
        # Every tag starts with "<": a page with no more of them than the limit is within
        # it without counting tags (two scans of the page, a quarter of this check).
        if markup.count("<") > self.max_elements:
            self._check_tag_counts(markup)
        # No deeper than the number of elements opened: most pages open fewer than the
        # limit, and their depth needs no tracking (counted without a list of steps, a
        # quarter of this check).
        opened = sum(1 for name in _START_NAME.findall(markup) if name.lower() not in _FLAT)
        if opened <= self.max_depth:
            return
        depth = deepest(nesting_steps(_TAG.findall(markup)))
        if depth > self.max_depth:
            raise OverBudget(
                TOO_COMPLEX, f"elements nested {depth} deep, over the limit of {self.max_depth}"
            )

    def _check_tag_counts(self, markup: str) -> None:
        # Counted before any list is made: a page of millions of tags is refused without
        # a list of millions of names.
        elements = _START_TAG.subn("", markup)[1]
        if elements > self.max_elements:
            raise OverBudget(
                TOO_COMPLEX, f"{elements} elements, over the limit of {self.max_elements}"
            )
        end_tags = _END_TAG.subn("", markup)[1]
        if end_tags > self.max_elements:
            raise OverBudget(
                TOO_COMPLEX, f"{end_tags} end tags, over the element limit of {self.max_elements}"
            )


def _as_text(html: bytes) -> str:
    """Text enough to find tags in: a page with a UTF-16 byte order mark is read as the
    parser reads it; other bytes decode as latin-1 (tag names are ASCII), one
    character each."""
    if html.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return html.decode("utf-16", errors="replace")
    return html.decode("latin-1")


def _without_scripts(html: str) -> str:
    """`html` less the code of its scripts (what follows `<script` up to `</script`)."""
    parts = _SCRIPT_EDGE.split(html)  # text, edge, text, edge, ...: linear, unlike `.*?`
    kept = [parts[0]]
    for edge, text in zip(parts[1::2], parts[2::2], strict=True):
        if edge[1] == "/":  # after `</script`: markup again
            kept.append(text)
    return "".join(kept)


def nesting_steps(names: list[str]) -> list[int]:
    """For each of a sequence of tag names in any case (`div`, `/DIV`, ...), how it moves
    the nesting level: 1 for an element opened, -1 for one closed, 0 for a flat one."""
    return [0 if name.lower() in _FLAT_TAGS else -1 if name[0] == "/" else 1 for name in names]


def deepest(steps: list[int]) -> int:
    """The deepest nesting that `nesting_steps` reach; at most the number of elements
    opened.

    Stray end tags never take the depth below zero: a page that opens with 100,000
    `</div>` must not hide the 100,000 `<div>` after them."""
    levels = list(accumulate(steps, initial=0))
    lowest = accumulate(levels, min)
    # Depth with a floor at zero is the level less the lowest level reached so far.
    return max(map(sub, levels, lowest))


DEFAULT_BUDGET = Budget()
