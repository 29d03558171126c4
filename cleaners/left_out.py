"""What the extractor left out: blocks of the page trafilatura was given that its text does
not contain, listed as removals of rule `extract.left_out`.

Trafilatura drops whole elements by its own heuristics (boilerplate classes, link density,
short blocks) without saying which. To keep every removal explained, the text of each block
of the focused page (the text runs that share their nearest block element) is looked for in
the extracted text, in page order; a block found nowhere was left out. Blocks are compared
by their words only, so spacing, punctuation and invisible characters that the extractor
normalises do not count as a removal. A short block whose words also occur in the kept text
cannot be told from it and is not listed: the list never claims text that was kept.
"""

from __future__ import annotations

import re
from itertools import pairwise

from selectolax.lexbor import LexborNode

from cleaners.prune import CODE_TAGS
from cleaners.record import Removal

RULE = "extract.left_out"
# Elements that start a block of text of their own (HTML's block-level and table elements).
BLOCK_TAGS = frozenset(
    """html body main article section aside header footer nav div p h1 h2 h3 h4 h5 h6
    ul ol li dl dt dd table thead tbody tfoot tr td th caption blockquote pre figure
    figcaption address details summary form fieldset legend center hr""".split()
)
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
# From this many blocks left out, the extracted text's words are indexed (`_WordIndex`):
# each block left out cost a search through the whole text, the square of the page on a
# page of many small blocks beside a long text.
INDEX_AFTER = 20
# Characters of text searched through for one page at most, counting the whole text and its
# words for every block searched for (the development pages' searches go through 68 M at
# most, so twice that by this count; many blocks beside a long text went through tens of G).
MAX_SEARCHED_CHARS = 1_000_000_000


def _nearest_block_id(node: LexborNode | None) -> int | None:
    while node is not None and node.tag not in BLOCK_TAGS:
        node = node.parent
    return node.mem_id if node is not None else None


def text_blocks(root: LexborNode) -> list[str]:
    """The text of each block under `root`, in page order: consecutive text runs whose
    nearest block element is the same; a <br> counts as a space."""
    blocks: list[str] = []
    current: list[str] = []
    current_block: int | None = None
    # Each element's nearest block, from its parent's (parents come first in page order):
    # one step per element, where walking up from every text run grows with the square of
    # the nesting.
    nearest: dict[int, int | None] = {}
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag != "-text":
            node_id = node.mem_id
            if tag in BLOCK_TAGS:
                nearest[node_id] = node_id
            else:
                parent = node.parent
                parent_id = parent.mem_id if parent is not None else None
                nearest[node_id] = (
                    nearest[parent_id] if parent_id in nearest else _nearest_block_id(parent)
                )
            if tag == "br":
                current.append(" ")
            continue
        text = node.text_content
        if not text:
            continue
        if text.isspace():
            if current:
                current.append(" ")
            continue
        parent = node.parent
        if parent is None:
            block_id = None
        else:
            # Code is not prose: pruning left only the page's JSON-LD, for metadata.
            if parent.tag in CODE_TAGS:
                continue
            parent_id = parent.mem_id
            # Not in `nearest`: under `root` itself, if the walk did not yield it.
            block_id = nearest[parent_id] if parent_id in nearest else _nearest_block_id(parent)
        if block_id != current_block and current:
            blocks.append("".join(current))
            current = []
        current_block = block_id
        current.append(text)
    if current:
        blocks.append("".join(current))
    return blocks


def _words(text: str) -> str:
    """The words of `text`, space-separated: punctuation and invisible characters gone."""
    if not text.isascii():
        text = INVISIBLE.sub("", text)
    return " ".join(_WORD.findall(text))


def _padded(text: str) -> str:
    """`text` with its spacing collapsed, between spaces (so a match is whole words)."""
    return " " + " ".join(text.split()) + " "


class _WordIndex:
    """The words of the extracted text and its pairs of adjacent words: a block holding a
    word or a pair the text lacks cannot be in it, and needs no search."""

    def __init__(self, words: list[str]):
        self.words = set(words)
        self.pairs = set(pairwise(words))

    def lacks(self, words: list[str]) -> bool:
        return not self.words.issuperset(words) or not self.pairs.issuperset(pairwise(words))


class _Haystack:
    """The extracted text, searched block by block from where the previous block was found
    (blocks come in page order), then from the start."""

    def __init__(self, text: str):
        self.text = text
        self.position = 0

    def find(self, needle: str) -> bool:
        at = self.text.find(needle, self.position)
        if at < 0:  # before the position, overlapping it at most: one scan in all
            at = self.text.find(needle, 0, self.position + len(needle) - 1)
        if at < 0:
            return False
        self.position = at + len(needle) - 1
        return True


def removals(root: LexborNode | None, extracted: str) -> list[Removal]:
    """Removals for the blocks under `root` (the element trafilatura extracted from) whose
    words do not appear in `extracted` (trafilatura's text, before the line rules).

    Each block is searched for through the whole text; on a page of many blocks beside a
    long text, the word index settles most, and the same block text is settled once. Past
    MAX_SEARCHED_CHARS of searching, a block the index cannot settle is taken as kept: the
    list may then miss text left out, and still never claims text that was kept."""
    if root is None:
        return []
    # Trafilatura's lines come with their spacing collapsed already.
    as_extracted = _Haystack(" " + extracted.replace("\n", " ") + " ")
    visible = extracted if extracted.isascii() else INVISIBLE.sub("", extracted)
    by_words: _Haystack | None = None  # built when a block needs it
    index: _WordIndex | None = None  # built from the INDEX_AFTER-th block left out
    searched = 0  # characters of text searched through, at most
    settled: dict[str, bool] = {}  # block text -> left out (wherever it is on the page)
    removed = []
    for block in text_blocks(root):
        if not _WORD_CHAR.search(block):
            continue
        left = settled.get(block)
        if left is None:
            words = _words(block)
            if index is not None and index.lacks(words.split()):
                left = True
            elif searched > MAX_SEARCHED_CHARS:
                left = False
            else:
                searched += 2 * len(as_extracted.text)  # the text, then its words
                left = not as_extracted.find(_padded(block))
                # A word the extracted text lacks altogether settles it without the word
                # search (which about half the pages then never need).
                if left and max(words.split(), key=len) in visible:
                    if by_words is None:
                        by_words = _Haystack(f" {_words(visible)} ")
                    left = not by_words.find(f" {words} ")
            settled[block] = left
        if left:
            removed.append(Removal(RULE, " ".join(block.split())))
            if len(removed) == INDEX_AFTER:
                index = _WordIndex(_words(visible).split())
    return removed
