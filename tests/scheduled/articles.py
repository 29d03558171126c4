"""Real article bodies from ../shared/bench for the scheduled-crawl tests, and edits of them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from cleaners.goldset import load_gold_set

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

# Two unrelated English articles of about 460 and 420 words.
ARROWHEAD = "0e014df693f182824fe5e24030ddbe1d0b96ddb9685cf20d5766457ed32ffa2d"
PLUMES = "14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f"


@cache
def _gold() -> dict[str, str]:
    """Gold article body by page id."""
    return {page.id: page.body for page in load_gold_set(SHARED / "bench" / "articles")}


def body(article_id: str) -> str:
    """The gold article body of one bench page."""
    return _gold()[article_id]


def edit_one_sentence(text: str) -> str:
    """`text` with its third sentence replaced by a new one of similar length."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    sentences[2] = "Editors later rewrote this sentence entirely, with a fresh quote from a reader."
    return " ".join(sentences)


def article_ids(count: int) -> list[str]:
    """The ids of the first `count` bench articles of 150 words or more, in id order."""
    ids = [key for key, text in sorted(_gold().items()) if len(re.findall(r"\w+", text)) >= 150]
    if len(ids) < count:
        raise ValueError(f"only {len(ids)} bench articles are long enough, {count} asked")
    return ids[:count]
