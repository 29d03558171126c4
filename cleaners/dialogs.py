"""Modal dialogs: the boxes a script opens over the page (cookie consent, sign-up, a
shop's compare box, "republish this story", a network's menu). What a page says, it says
in the page, not in a box over it; a line of the extracted text that comes wholly from
such boxes goes, listed under rule `extract.modal_dialog`.

The dialogs stay in the page trafilatura is given, and their lines are taken out of its
text afterwards. Taking them out of the page first was measured and dropped: trafilatura
weighs a block by all it holds, and with the "why this ad" boxes gone from a shop's cards
it dropped the cards (two product pages of the web set lost most of their text).

A line comes wholly from dialogs when its text occurs in the dialogs and nowhere else on
the page: a story that a "republish" box repeats stays, as do lines whose text trafilatura
spaced or joined differently from the page (they match nothing and are kept). When every
line comes from dialogs, none goes: the dialogs are all trafilatura found on the page, and
a page shown in a box (a log-in page, a lightbox) has its content there.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from cleaners.prune import outermost
from cleaners.record import Removal

RULE = "extract.modal_dialog"
# A dialog that says it is not modal (aria-modal="false": a shop's description drawer)
# holds page content.
SELECTOR = (
    'dialog, [aria-modal="true"], [role="alertdialog"], [role="dialog"]:not([aria-modal="false"])'
)
# Characters searched through for one page at most (each distinct line is looked for in
# the dialogs, and a line found there in the whole page; the development pages search 13 M
# at most). Past it the remaining lines are kept: a page of many lines and large dialogs
# costs no more than this (0.06 s).
MAX_SEARCHED_CHARS = 200_000_000


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class DialogText:
    """The text of a page's modal dialogs and of its whole body, read from the page as it
    came (whitespace squashed; dialogs inside dialogs are read once)."""

    dialogs: str
    page: str

    @classmethod
    def of(cls, tree: LexborHTMLParser) -> DialogText:
        body = tree.body
        nodes = [] if body is None else outermost(body.css(SELECTOR))
        if not nodes:
            return cls("", "")
        # "\n" cannot occur in a squashed line, so no line matches across two dialogs.
        dialogs = "\n".join(_squash(node.text(deep=True)) for node in nodes)
        return cls(dialogs, _squash(body.text(deep=True)))

    def remove_lines(self, text: str) -> tuple[str, list[Removal]]:
        """`text` (one paragraph a line) less the lines that come wholly from dialogs, and
        those lines as removals; `text` whole when all its lines do."""
        if not self.dialogs.strip():
            return text, []
        kept: list[str] = []
        removed: list[Removal] = []
        verdicts: dict[str, bool] = {}
        budget = MAX_SEARCHED_CHARS
        for line in text.split("\n"):
            squashed = _squash(line)
            if squashed and squashed not in verdicts and budget > 0:
                budget -= len(self.dialogs)
                inside = self.dialogs.count(squashed)
                if inside:
                    budget -= len(self.page)
                verdicts[squashed] = inside > 0 and self.page.count(squashed) <= inside
            if verdicts.get(squashed, False):
                removed.append(Removal(RULE, squashed))
            else:
                kept.append(line)
        if not any(line.strip() for line in kept):
            return text, []
        return "\n".join(kept), removed
