"""Modal dialogs: the boxes a script opens over the page (cookie consent, sign-up, a
shop's compare box, "republish this story", a network's menu). What a page says, it says
in the page, not in a box over it; a line of the extracted text that comes from such
boxes goes, listed under rule `extract.modal_dialog`.

The dialogs stay in the page trafilatura is given, and their lines are taken out of its
text afterwards. Taking them out of the page first was measured and dropped: trafilatura
weighs a block by all it holds, and with the "why this ad" boxes gone from a shop's cards
it dropped the cards (two product pages of the web set lost most of their text).

A line comes from the dialogs when its text occurs in them and most of it occurs nowhere
else on the page, read in runs of CHUNK_WORDS words: a story a "republish" box repeats
stays, even where the page's own copy carries a footnote mark or an inline script the
box's copy lacks. Lines whose text trafilatura spaced or joined differently from the page
match no dialog and stay. When the dialogs' lines would be most of the text, none goes:
the page is shown in a box (a lightbox, an article opened as a modal) and its content is
there.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from cleaners.left_out import INVISIBLE
from cleaners.prune import outermost
from cleaners.record import Removal

RULE = "extract.modal_dialog"
# A dialog that says it is not modal (aria-modal="false": a shop's description drawer; an
# open <dialog> in the served page, shown in the page's flow) holds page content.
SELECTOR = (
    'dialog:not([open]), [aria-modal="true"], '
    '[role="dialog"]:not([aria-modal="false"]), [role="alertdialog"]:not([aria-modal="false"])'
)
# A line is read in runs of this many words when it is looked for outside the dialogs,
# and stays when at least OUTSIDE_SHARE of its runs are found there.
CHUNK_WORDS = 4
OUTSIDE_SHARE = 0.5
# When the lines from dialogs hold more than this share of the text's characters, all stay.
DIALOG_SHARE = 0.5
# Characters searched through for one page at most: each distinct line is looked for in
# the dialogs, and each run of a line found there in the rest of the page (the development
# pages search 5.4 M at most). Past the bound the remaining lines are kept: 0.02 s for
# lines of prose, 0.2 s for lines crafted to be slow to search for (up to 35 times slower
# a character) in a dialog of 1 M characters.
MAX_SEARCHED_CHARS = 100_000_000


def _squash(text: str) -> str:
    return " ".join(INVISIBLE.sub("", text).split())


def _runs(squashed: str) -> list[str]:
    words = squashed.split(" ")
    return [" ".join(words[i : i + CHUNK_WORDS]) for i in range(0, len(words), CHUNK_WORDS)]


def take_out(root: LexborNode | None, text: str) -> tuple[str, list[Removal]]:
    """`text` (one paragraph a line, extracted from the page under `root`) less the lines
    that come from the page's modal dialogs, and those lines as removals. The dialogs are
    read, then taken out of `root` to read the rest of the page: call it when nothing
    else will read `root`."""
    nodes = [] if root is None else outermost(root.css(SELECTOR))
    if not nodes:
        return text, []
    # "\n" cannot occur in a squashed line, so no line matches across two dialogs.
    dialogs = "\n".join(_squash(node.text(deep=True)) for node in nodes)
    for node in nodes:
        node.decompose()
    outside = _squash(root.text(deep=True))
    kept: list[str] = []
    removed: list[Removal] = []
    verdicts: dict[str, bool] = {}
    budget = MAX_SEARCHED_CHARS
    for line in text.split("\n"):
        squashed = _squash(line)
        if squashed and squashed not in verdicts and budget > 0:
            budget -= len(dialogs)
            verdict = squashed in dialogs
            if verdict:
                runs = _runs(squashed)
                budget -= len(runs) * len(outside)
                found = sum(run in outside for run in runs)
                verdict = found < OUTSIDE_SHARE * len(runs)
            verdicts[squashed] = verdict
        if verdicts.get(squashed, False):
            removed.append(Removal(RULE, squashed))
        else:
            kept.append(line)
    if sum(len(r.text) for r in removed) > DIALOG_SHARE * len(_squash(text)):
        return text, []
    return "\n".join(kept), removed
