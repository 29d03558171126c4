"""Main-text and metadata extraction with trafilatura (comments excluded)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from lxml.etree import ElementDefaultClassLookup, ParserError, XPath
from lxml.html import (
    Element,
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.settings import MANUALLY_CLEANED, Document
from trafilatura.utils import repair_faulty_html
from trafilatura.xpaths import (
    BODY_XPATH,
    OVERALL_DISCARD_XPATH,
    RAW_TREE_PRUNE_XPATH,
    REGEXP_NS,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
)

from cleaners import readability_skip
from cleaners.page_text import decode_bytes

# trafilatura's own parser settings (trafilatura.utils.HTML_PARSER), with `huge_tree`:
# without it libxml2 stops reading a page 256 elements deep, and every word below is lost
# (bare trafilatura loses them too; the budget lets pages nest 1,000 deep).
_PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)
# Every element an HtmlElement, chosen in C: lxml.html's own lookup runs Python code for
# each element trafilatura touches (to give form controls their classes, which neither
# trafilatura nor its fallbacks use), 0.3 ms a page of the 12 its call takes.
_PARSER.set_element_class_lookup(
    ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)


@dataclass
class Extraction:
    """What trafilatura found on a page: body text (one paragraph a line) and metadata."""

    text: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site_name: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    domain: str | None = None
    image: str | None = None
    license: str | None = None


def _split_list(value: str | list[str] | None, separators: str) -> list[str]:
    if not value:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        for sep in separators:
            item = item.replace(sep, "\x00")
        out.extend(part.strip() for part in item.split("\x00") if part.strip())
    return list(dict.fromkeys(out))


# htmldate's output: a time when the page gives one (it writes midnight when it gives none).
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def iso_date(value: str | None) -> str | None:
    """htmldate's date as ISO 8601: the date and time with their offset when the page gave
    a time, the date alone when it gave none (htmldate's midnight without an offset)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None and moment.time() == datetime.min.time():
        return moment.date().isoformat()
    return moment.isoformat()


def parse(html: str | bytes) -> HtmlElement | str:
    """`html` parsed as trafilatura parses it (its repairs, its parser settings, its retry
    from bytes; bytes decoded as `decode_bytes` decodes them), however deep it nests; the
    page's text where lxml cannot parse it, for trafilatura's own fallbacks."""
    text = decode_bytes(html) if isinstance(html, bytes) else html
    text = repair_faulty_html(text, text[:50].lower())
    for source in (text, text.encode("utf8", "surrogatepass")):
        try:
            tree = fromstring(source, parser=_PARSER)
        except (ValueError, ParserError):
            continue  # a str with an encoding declaration: lxml wants bytes
        if tree is not None and len(tree):
            return tree
    return text


# `frame_paragraphs`: the frame holds this share of the words trafilatura would gather from
# the whole page, on a page where they number at least this many (its own minimum
# extraction, 250 characters, is about 40 words).
FRAME_SHARE = 0.9
FRAME_MIN_WORDS = 50
# `_clear_the_way`: a block trafilatura would read before our frame is small, and may lose
# its name, below this share of the frame's words (and FRAME_MIN_WORDS). Measured against a
# tenth: a tenth also unnamed first forum posts and search results in front of a whole
# listing's frame (product 0.012 lower, against 0.007).
SMALL_SHARE = 0.05
# `_clear_the_way` unnames this many blocks at most (100 on the 589 development pages): a
# page with more small blocks before its frame lists them, and each one unnamed becomes a
# <div>, a paragraph to jusText, trafilatura's last fallback, which is quadratic in them
# (45,000 teaser <article>s took 200 s).
MAX_UNNAMED = 200
# What trafilatura gathers from the whole page when no frame yields content (its
# recover_wild_text, before its tag conversion: quotes and code under their HTML names).
GATHERED = ("p", "pre", "code", "blockquote", "q", "table")
_STRING = XPath("string()")
# A table's own parts: a frame goes around the table, not among its rows.
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr")
# trafilatura's last content frame, the one our <main> answers (BODY_XPATH's last): the
# first of these in the page, a block whose class, id or role starts with "main" or a <main>.
_MAIN_NAMES = ("class", "id", "role")
_NAMED_MAIN = XPath(
    ".//*[self::article or self::div or self::section]"
    "[starts-with(@class, 'main') or starts-with(@id, 'main') or starts-with(@role, 'main')]"
    " | .//main"
)
# What names a block as content to trafilatura's frames before the last: these attributes,
# and the <article> tag.
_CONTENT_NAMES = ("class", "id", "role", "itemprop")
# The namespace of the regular expressions in trafilatura's expressions (`re:test`), for
# the expressions read from them.
_REGEXP = {"re": REGEXP_NS}
# `open_titled_prose`: trafilatura reads the text of <div>s only on a page with less <p>
# text than this (its minimum extraction, 250 characters, times 3: the factor of its
# default focus in main_extractor._extract), counted in the <p>s it reads (not in the
# blocks it deletes first: a paragraph in an <aside> counted, and trafilatura lost text).
DIV_TEXT_MAX_CHARS = 3 * 250
# A block of prose: this many words or more, ending a sentence.
PROSE_MIN_WORDS = 10
_SENTENCE_ENDS = ".!?…"
_CLOSING_MARKS = "\"'”’»)] "
# A title: a block of phrasing content without a link, of this many words at most, not
# ending with a full stop.
TITLE_MAX_WORDS = 15
_TITLES = ("div", "p", "h2", "h3", "h4", "h5", "h6")
# What may sit in a block of text: phrasing elements (the rest are blocks).
_PHRASING = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em font i img ins kbd label mark q s samp"
    " small span strong sub sup time u var wbr".split()
)
# Whether an element holds a block (an element not of _PHRASING) at any depth.
_HOLDS_BLOCK = XPath(
    "boolean(.//*[not(" + " or ".join(f"self::{tag}" for tag in sorted(_PHRASING)) + ")])"
)


def _every_match(frame: XPath) -> XPath:
    """Every block one of trafilatura's frame expressions picks the first of, in page
    order: the expression without its `[1]` (the first match in page order is the one it
    takes, a test checks it)."""
    path = frame.path.strip()
    if path.startswith("(") and path.endswith(")[1]") and path.count(")[1]") == 1:
        path = path[1:-4]
    elif path.endswith("][1]"):
        path = path[:-3]
    else:
        raise ValueError(f"unexpected frame expression: {path}")
    return XPath(path, namespaces=_REGEXP)


# trafilatura's frames in its order, each as every block it may take (page order), and
# whether it is the last ("main" names).
_FRAME_EXPRESSIONS = (
    *((False, _every_match(frame)) for frame in BODY_XPATH[:-1]),
    (True, _NAMED_MAIN),
)
# What trafilatura deletes, with all it holds, before it reads any frame: these elements
# (its tree cleaning; a <form> it keeps where the form holds most of the page) and the
# blocks of its raw-tree and comment prunes. A block among them is no frame of its own.
_UNSEEN_TAGS = frozenset(tag for tag in MANUALLY_CLEANED if tag != "form")


def _is_one_of(blocks: XPath) -> XPath:
    """Whether an element is one of the blocks an expression of trafilatura's
    (`.//*[...]`) finds."""
    path = blocks.path.strip()
    if not path.startswith(".//*["):
        raise ValueError(f"unexpected prune expression: {path}")
    return XPath(f"boolean(self::*{path[4:]})", namespaces=_REGEXP)


_UNSEEN_BLOCKS = tuple(
    _is_one_of(blocks) for blocks in (*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH)
)


def _unseen(element: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """Whether trafilatura deletes `element` before it reads any frame: it, or a block
    holding it, is one of _UNSEEN_TAGS or _UNSEEN_BLOCKS. `known` holds the answers for
    the elements read so far: each element is judged once, however many blocks it holds."""
    return _in_any(element, _deleted_first, known)


def _deleted_first(element: HtmlElement) -> bool:
    return element.tag in _UNSEEN_TAGS or any(block(element) for block in _UNSEEN_BLOCKS)


def _in_any(
    element: HtmlElement | None,
    test: Callable[[HtmlElement], object],
    known: dict[HtmlElement, bool],
) -> bool:
    """Whether `element` or an element holding it passes `test` (its result taken as
    true or false). `known` holds the answers for the elements walked so far: each is
    walked through once, however many ask."""
    chain: list[HtmlElement] = []
    node: HtmlElement | None = element
    found = False
    while node is not None:
        if node in known:
            found = known[node]
            break
        chain.append(node)
        node = node.getparent()
    for node in reversed(chain):
        found = found or bool(test(node))
        known[node] = found
    return found


# A block's names before `_clear_the_way` took them: the element, its tag, its attributes.
Renamed = list[tuple[HtmlElement, str, dict[str, str]]]


def frame_paragraphs(tree: HtmlElement, renamed: Renamed | None = None) -> bool:
    """Give trafilatura the frame that holds the page's paragraphs; True if one was added.
    The blocks whose names `_clear_the_way` takes are added to `renamed` with their names.

    Trafilatura extracts the first of its content frames (BODY_XPATH: a block whose class
    or id names the content, an <article>, and last the first <main> or "main" block in
    the page) that yields more than one block. On a page where none does, it gathers
    paragraphs, code, quotes and tables (GATHERED) from the whole page, and keeps none of
    the lists and headings between them: a list of principles, each with its definition,
    went missing from a page built of plain <div>s, in bare trafilatura too.

    So the children of the element holding what trafilatura would gather are moved into
    a <main>, read whole as trafilatura's last frame. From the <body>, the search goes
    down into the child holding FRAME_SHARE of the words of those units (a <p>, or
    another GATHERED element holding none), and stops at an element holding a unit itself
    (a story whose unclosed tags nest each paragraph deeper keeps them all) or where no
    child holds that share (the <body> itself, at worst); never among a table's rows.

    What this changes: units outside the frame, at most a tenth of the words, may be left
    out (`extract.left_out` lists them); a frame that yields enough text keeps the page
    from trafilatura's readability and jusText comparison; and where the page has its own
    <main> or "main" block, the one that comes first in the page is read: ours where it
    holds the page's (a bio beside a <main> came in), the page's where it comes before
    ours and is not too small to hold the content (`_clear_the_way`). A page where an
    earlier frame yields content is extracted as before."""
    body = tree.find("body")
    if body is None:
        return False
    # Words (split at white space) of the units trafilatura would gather: a <p>, or another
    # GATHERED element holding none (a table of paragraphs is the page's layout), summed up
    # the tree in one pass from the last element back.
    words: dict[HtmlElement, int] = {}
    units: set[HtmlElement] = set()
    for element in reversed(list(body.iter())):
        if element.tag == "p" or (element.tag in GATHERED and not words.get(element)):
            words[element] = len(_STRING(element).split())
            units.add(element)
        if words.get(element) and (parent := element.getparent()) is not None:
            words[parent] = words.get(parent, 0) + words[element]
    total = words.get(body, 0)
    if total < FRAME_MIN_WORDS:
        return False
    least = FRAME_SHARE * total
    holder, inner = body, body
    while inner is not None:
        holder = inner
        if any(words[child] for child in holder if child in units):
            break
        inner = next((c for c in holder if c not in units and words.get(c, 0) >= least), None)
    while holder.tag in _TABLE_PARTS and (parent := holder.getparent()) is not None:
        holder = parent
    frame = Element("main")
    frame.text, holder.text = holder.text, None
    frame.extend(list(holder))
    holder.append(frame)
    open_titled_prose(frame)
    taken = _clear_the_way(tree, frame)
    if renamed is not None:
        renamed.extend(taken)
    return True


def open_titled_prose(frame: HtmlElement) -> None:
    """Blocks of prose in <div>s under a title become paragraphs, in `frame`.

    trafilatura reads a <div>'s own text only on a page with little paragraph text (under
    DIV_TEXT_MAX_CHARS of text in the <p>s it reads); on any other page prose written in
    <div>s is lost, in bare trafilatura too: FAQ answers written `<div><strong>Question?
    </strong></div><div>Answer.</div>`, the summary under each mover's "Review Analysis"
    label. So a <div> holding phrasing content only, of PROSE_MIN_WORDS words or more
    ending a sentence, right after a title (a <div>, <p> or heading of phrasing content
    without a link, of at most TITLE_MAX_WORDS words, not ending with a full stop, with no
    text between them) becomes a <p>, and a <div> title too. Not inside a link: a card
    that is one link, or a title that is one, is a teaser, and its blurb stays out. A page
    with less paragraph text is left alone: trafilatura reads its <div>s itself, and new
    paragraphs could stop it."""
    pairs = [
        (block, title)
        for block in frame.iter("div")
        if all(child.tag in _PHRASING for child in block)
        and _is_prose(block)
        and not _HOLDS_BLOCK(block)
        and (title := block.getprevious()) is not None
        and _is_title(title)
    ]
    if not pairs:
        return
    root = frame.getroottree().getroot()
    unseen: dict[HtmlElement, bool] = {}
    read = sum(len(_STRING(p)) for p in root.iter("p") if not _unseen(p, unseen))
    if read < DIV_TEXT_MAX_CHARS:
        return
    linked: dict[HtmlElement, bool] = {}
    for block, title in pairs:
        # A block in a link (a card that is one link) is a teaser's blurb.
        if not _in_any(block, _is_link, linked):
            block.tag = "p"
            if title.tag == "div":
                title.tag = "p"


# `unfold_answers`: an answer's words in links at most this share of its words (a menu's
# panel is links); an answer's words at most this many (a panel holding the page is none:
# the development pages' longest answer has 649).
ANSWER_MAX_LINKED = 0.3
ANSWER_MAX_WORDS = 1_000
# An accordion of questions has this many at least, alike (`_accordion_of`): a lone
# question is a widget's ("Was this article helpful?", a chat's "Have a question for us?").
MIN_QUESTIONS = 2
# A question's button and the panel of its answer.
_Pair = tuple[HtmlElement, HtmlElement]
# What folds a panel away (`_folding`): aria-hidden="true", a `hidden` attribute, an
# inline style hiding it, a class name saying so (the whole class attribute goes: a
# remnant of "collapse entry" would be trafilatura's content frame "entry").
_FOLDING_STYLE = re.compile(r"hidden|none|height\s*:\s*0")
_FOLDING_CLASS = re.compile(r"hid|collaps", re.IGNORECASE)
# What trafilatura takes out of the page by name as it reads it (comments, related posts;
# the first of its discard expressions, the second is for hidden blocks).
_NAMED_OUT = _is_one_of(OVERALL_DISCARD_XPATH[0])


def unfold_answers(tree: HtmlElement, renamed: Renamed | None = None) -> None:
    """The answers of a page's questions, folded away in an accordion, are handed over
    unfolded, each after its question. The panels unfolded are added to `renamed` with
    their names, so that the metadata is read with their names back.

    FAQ sections put each question in a <button> that opens the panel it controls
    (`aria-controls`), hidden until then (`aria-hidden`, `hidden`, an inline
    `display:none` or `height:0`, a "collapse" class). trafilatura drops buttons, and
    hidden blocks with all they hold, so both went missing, in bare trafilatura too. So
    where MIN_QUESTIONS buttons or more of one accordion have a question for text (ending
    with "?", TITLE_MAX_WORDS words at most) and each controls a folded panel of prose
    (PROSE_MIN_WORDS words or more ending a sentence, ANSWER_MAX_WORDS at most, at most
    ANSWER_MAX_LINKED of them in links), each panel loses what folds it, and gets its
    question's words first in it, as a heading (trafilatura drops the button); what the
    panel holds stays as it is. Only where the panel comes after its button, before the
    next question (tabs list their questions first), does not hold it (a panel holding
    the page), holds nothing trafilatura takes out by name (comments), and the button
    stands among blocks (a button inside a paragraph stays out). A panel that opens with
    its question gets no other. A question and answer served twice (a desktop and a
    mobile copy) are unfolded once (`_one_copy_each`)."""
    candidates = [
        (button, target)
        for button in tree.iter("button")
        if (target := _controlled_id(button)) is not None
        and (parent := button.getparent()) is not None
        and parent.tag not in _PHRASING
        and parent.tag != "p"
    ]
    if len(candidates) < MIN_QUESTIONS:
        return
    panels = _Panels(tree)
    pairs: list[_Pair] = []
    starts = [panels.position[button] for button, _ in candidates]
    for index, (button, target) in enumerate(candidates):
        # After its button and before the next question: so each panel is judged once.
        panel = panels.controlled_by(button, target)
        if panel is None:
            continue
        position = panels.position[panel]
        following = starts[index + 1] if index + 1 < len(starts) else None
        if position < starts[index] or (following is not None and position > following):
            continue
        if _folding(panel) and _is_answer(panel):
            pairs.append((button, panel))
    accordions: dict[tuple, list[_Pair]] = {}
    for button, panel in pairs:
        accordions.setdefault(_accordion_of(button), []).append((button, panel))
    answered = [
        pair for group in accordions.values() if len(group) >= MIN_QUESTIONS for pair in group
    ]
    for button, panel in _one_copy_each(answered):
        _unfold(button, panel, renamed)


def _one_copy_each(pairs: list[_Pair]) -> list[_Pair]:
    """One pair of each question and answer: pages that serve an FAQ twice (a desktop and
    a mobile copy, one hidden by a class or attribute that trafilatura does not read)
    would give each answer twice. The copy kept is one that trafilatura reads: of the
    copies not inside a block it takes out by name (an <aside>), those inside the most
    of the frames it may read (<main> and <article>: the frame `frame_paragraphs` gave
    it can hold the whole page, the story's <article> is inside it), the first not
    inside a folded block; failing each, the copies before it."""
    copies: dict[tuple[str, str], list[_Pair]] = {}
    for button, panel in pairs:
        words = (" ".join(_STRING(button).split()), " ".join(_STRING(panel).split()))
        copies.setdefault(words, []).append((button, panel))
    kept = []
    named_out: dict[HtmlElement, bool] = {}
    folded: dict[HtmlElement, bool] = {}
    for same in copies.values():
        # Tested from each panel's parent up: what holds the panel.
        read = [
            pair for pair in same if not _in_any(pair[1].getparent(), _named_out, named_out)
        ] or same
        frames = [sum(map(_is_frame, pair[1].iterancestors())) for pair in read]
        framed = [pair for pair, count in zip(read, frames, strict=True) if count == max(frames)]
        unfolded = (pair for pair in framed if not _in_any(pair[1].getparent(), _folding, folded))
        kept.append(next(unfolded, framed[0]))
    return kept


def _is_frame(element: HtmlElement) -> bool:
    return element.tag in ("main", "article")


def _accordion_of(button: HtmlElement) -> tuple:
    """What the buttons of one accordion share: their names and their parents'."""
    parent = button.getparent()
    return (button.get("class"), parent.tag, parent.get("class"))


def _folding(panel: HtmlElement) -> list[str]:
    """The attributes that fold `panel` away; none where it is open."""
    return [
        name
        for name, value in panel.attrib.items()
        if (name == "aria-hidden" and value == "true")
        or name == "hidden"
        or (name == "style" and _FOLDING_STYLE.search(value))
        or (name == "class" and _FOLDING_CLASS.search(value))
    ]


def _unfold(button: HtmlElement, panel: HtmlElement, renamed: Renamed | None) -> None:
    """Unfold `panel`, its question's words first in it as a heading (where trafilatura
    takes the panel out, by its name or for what else hides it, the question goes with
    it), unless it takes a block in the panel out by its name (comments, related posts):
    the question would stand alone."""
    if any(_named_out(element) for element in panel.iterdescendants()):
        return
    before = (panel, panel.tag, dict(panel.attrib))
    for name in _folding(panel):
        del panel.attrib[name]
    if renamed is not None:
        renamed.append(before)
    question = " ".join(_STRING(button).split())
    if " ".join(_STRING(panel).split()).startswith(question):
        return  # the panel opens with its question
    heading = Element("h3")
    heading.text = question
    heading.tail, panel.text = panel.text, None
    panel.insert(0, heading)


def _named_out(element: HtmlElement) -> bool:
    """Whether trafilatura takes `element` out by its tag or names, before or while
    reading the page (not for being hidden)."""
    return isinstance(element.tag, str) and (_deleted_first(element) or _NAMED_OUT(element))


def _controlled_id(button: HtmlElement) -> str | None:
    """The one id `button` controls, where its text is a question; else None."""
    target = (button.get("aria-controls") or "").split()
    if len(target) != 1:
        return None
    question = _STRING(button).split()
    if not question or len(question) > TITLE_MAX_WORDS or not question[-1].endswith("?"):
        return None
    return target[0]


def _is_answer(panel: HtmlElement) -> bool:
    words = len(_STRING(panel).split())
    if words > ANSWER_MAX_WORDS or not _is_prose(panel):
        return False
    linked = sum(len(_STRING(link).split()) for link in panel.iter("a"))
    return linked <= ANSWER_MAX_LINKED * words


class _Panels:
    """The elements of a page in page order, and by id, to find the panel a button
    controls. Where pages repeat an id (a hero's accordion and the FAQ's, both
    "item-0-content"), the button's panel is the first element of that id after it, else
    the first in the page."""

    def __init__(self, tree: HtmlElement):
        self.position: dict[HtmlElement, int] = {}
        self.by_id: dict[str, list[HtmlElement]] = {}
        for index, element in enumerate(tree.iter()):
            self.position[element] = index
            if isinstance(element.tag, str) and (name := element.get("id")):
                self.by_id.setdefault(name, []).append(element)

    def controlled_by(self, button: HtmlElement, name: str) -> HtmlElement | None:
        found = self.by_id.get(name)
        if not found:
            return None
        after = bisect_right(found, self.position[button], key=self.position.__getitem__)
        return found[after] if after < len(found) else found[0]


def _is_link(element: HtmlElement) -> bool:
    return element.tag == "a"


def _is_prose(block: HtmlElement) -> bool:
    text = _STRING(block).strip()
    return len(text.split()) >= PROSE_MIN_WORDS and text.rstrip(_CLOSING_MARKS).endswith(
        tuple(_SENTENCE_ENDS)
    )


def _is_title(element: HtmlElement) -> bool:
    if element.tag not in _TITLES or _HOLDS_BLOCK(element) or (element.tail or "").strip():
        return False
    if element.find(".//a") is not None:
        return False
    text = _STRING(element).strip()
    # A title ends without a full stop (a question may be one); a sentence ends with one.
    return 0 < len(text.split()) <= TITLE_MAX_WORDS and not text.endswith(".")


def _clear_the_way(tree: HtmlElement, frame: HtmlElement) -> Renamed:
    """Take the name from the blocks that trafilatura would read as its frame in place of
    ours; the blocks renamed, with their names. Its frame expressions are walked in its
    order, each one's blocks in page order (not those it deletes before reading any:
    asides, footers, comment lists), up to the first block that holds `frame` (the frame
    itself, or a block holding it) or is bigger than the rest (SMALL_SHARE of the frame's
    words, and FRAME_MIN_WORDS at least). The small blocks before it lose their names (a
    "main-nav" menu, an author box named "author-text-content", teaser <article>s) when
    it holds the frame, or is the story's own block inside the frame (FRAME_SHARE of its
    words). Read as the frame, such a block gave an author's name and title for the
    story, or nothing and trafilatura gathered paragraphs only: the story's headings and
    lists went missing, in bare trafilatura too.

    Where the block the walk stops at is elsewhere (a shop's product list before its
    paragraphs of shop talk) or is part of the frame (one of its sections), trafilatura
    reads that one, or gathers paragraphs where a small block kept its name: no block is
    unnamed. Names made of "main" keep their words behind a "_"; the others' (which name
    content by words inside them: "post-content") are removed, and an <article> or <main>
    becomes a <div>. MAX_UNNAMED blocks at most."""
    holders = {frame, *frame.iterancestors()}
    frame_words = len(_STRING(frame).split())
    least = max(FRAME_MIN_WORDS, SMALL_SHARE * frame_words)
    small: dict[HtmlElement, bool] = {}  # a small block -> whether only a "main" name names it
    covered: set[HtmlElement] = set()  # the small blocks and all they hold
    unseen: dict[HtmlElement, bool] = {}
    for named_main, expression in _FRAME_EXPRESSIONS:
        for block in expression(tree):
            if block in small:
                small[block] = small[block] and named_main
                continue
            if block in covered:
                # Inside a small block, a block is smaller still.
                if len(small) == MAX_UNNAMED:
                    return []
                small[block] = named_main
                continue
            if block not in holders and _unseen(block, unseen):
                continue
            words = 0 if block in holders else len(_STRING(block).split())
            if block in holders or words >= least:
                # The block trafilatura reads. The small blocks before it lose their names
                # only if it holds the frame's words: ours, or the story's block in ours.
                if block in holders or (
                    words >= FRAME_SHARE * frame_words and frame in block.iterancestors()
                ):
                    return [_unname(before, main) for before, main in small.items()]
                return []
            if len(small) == MAX_UNNAMED:
                return []  # a listing of small blocks, not blocks in the way
            small[block] = named_main
            covered.update(block.iter())
    return []


def _unname(block: HtmlElement, named_main: bool) -> tuple[HtmlElement, str, dict[str, str]]:
    """Take from `block` the names that make it one of trafilatura's frames; its tag and
    attributes before."""
    before = (block, block.tag, dict(block.attrib))
    if block.tag in ("article", "main"):
        block.tag = "div"
    if named_main:
        for name in _MAIN_NAMES:
            if (value := block.get(name)) and value.startswith("main"):
                block.set(name, f"_{value}")
    else:
        for name in _CONTENT_NAMES:
            block.attrib.pop(name, None)
    return before


def _restore(renamed: Renamed) -> None:
    for block, tag, attributes in renamed:
        block.tag = tag
        block.attrib.clear()
        block.attrib.update(attributes)


def open_cell_lists(tree: HtmlElement) -> None:
    """Read the lists in the cells of a table with header cells as blocks of the cell.

    trafilatura keeps a list in a table cell in recall mode only, and by default drops
    it, item by item: a comparison's "Pros | Cons" table kept its header row and lost
    every pro and con; a course's schedule lost its readings. A table with a header cell
    in its own rows is a table of data, not of layout (where a cell's list is a menu; a
    table marked role="presentation" is layout too, and trafilatura reads it as blocks,
    lists and all), so there each item of a list whose nearest cell is the table's
    becomes a block of that cell, and the list's own element goes. One pass over the
    lists, each table judged once."""
    judged: dict[HtmlElement, bool] = {}
    for block in list(tree.iter("ul", "ol")):
        cell = next(
            (a for a in block.iterancestors() if a.tag in ("td", "th", "table", "li")), None
        )
        if cell is None or cell.tag not in ("td", "th"):
            continue  # outside a table, in another list's item, or loose in a table
        table = next(cell.iterancestors("table"), None)
        if table is None:
            continue
        if table not in judged:
            judged[table] = table.get("role") not in _LAYOUT_ROLES and _HEADED(table)
        if judged[table]:
            _open(block)


# Roles that mark a table as the page's layout.
_LAYOUT_ROLES = ("presentation", "none")
# A header cell in the table's own rows (not in a table nested in one of its cells).
_HEADED = XPath("boolean(./tr/th | ./*/tr/th)")


def _open(block: HtmlElement) -> None:
    """A list's items become blocks in its place; items of lists inside them too."""
    for inner in list(block.iter("ul", "ol")):
        for item in inner:
            if item.tag == "li":
                item.tag = "div"
        inner.drop_tag()


def extract(
    html: str | bytes, url: str | None, *, metadata: bool = True, frame: bool = False
) -> Extraction:
    """Run trafilatura on a page's HTML, parsed however deep it nests (`parse`); empty
    Extraction if nothing found. Without `metadata` only the text is filled in (a third
    cheaper). With `frame`, the element holding the page's paragraphs is handed over as
    trafilatura's last content frame (`frame_paragraphs`), and the lists in data tables'
    cells as blocks (`open_cell_lists`). Where trafilatura's recursion
    through a deep page goes past Python's limit, the page is extracted again as
    trafilatura parses it itself (up to 256 deep)."""
    page = parse(html)
    renamed: Renamed = []
    if frame and not isinstance(page, str):
        open_cell_lists(page)
        frame_paragraphs(page, renamed)
        unfold_answers(page, renamed)
    try:
        # Where `_clear_the_way` took names or `unfold_answers` unfolded panels, the
        # metadata is read after the text, from the page with its names back: an author
        # box's class names its author.
        doc = _bare_extraction(page, url, metadata and not renamed)
    except RecursionError:
        doc, renamed = _bare_extraction(html, url, metadata), []
    if doc is None:
        return Extraction()
    if metadata and renamed:
        _restore(renamed)
        # As bare_extraction reads it (its `fast`, False, goes where htmldate's `extensive`
        # is; no author blacklist).
        found = extract_metadata(page, url, _DATE_PARAMS, False, set())
        for name in _METADATA:
            setattr(doc, name, getattr(found, name))
    return _extraction(doc)


# The metadata fields of trafilatura's Document (`extract_metadata` fills them).
_METADATA = (
    "title", "author", "url", "hostname", "description", "sitename", "date", "categories",
    "tags", "fingerprint", "id", "license", "image", "pagetype",
)
# Dates from markup and metadata only: scanning the text for date-like strings cost 2.5 ms
# a page and changed the date on 7 of 90 development pages.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": DATE_FORMAT}


readability_skip.install()


def _bare_extraction(page: HtmlElement | str, url: str | None, metadata: bool) -> Document | None:
    # Readability is not run where it cannot change the result (`readability_skip`).
    with readability_skip.skipping():
        return bare_extraction(
            page,
            url=url,
            with_metadata=metadata,
            include_comments=False,
            # The fallback extractors stay on, as in the recall reference (bare trafilatura):
            # without them whole sections, list items and short paragraphs went missing.
            fast=False,
            date_extraction_params=_DATE_PARAMS,
            include_tables=True,
            include_images=False,
            include_links=False,
        )


def _extraction(doc: Document) -> Extraction:
    return Extraction(
        text=doc.text or "",
        title=(doc.title or "").strip(),
        authors=_split_list(doc.author, ";"),
        published=iso_date(doc.date),
        site_name=doc.sitename or None,
        description=doc.description or None,
        tags=_split_list((doc.categories or []) + (doc.tags or []), ",;"),
        canonical_url=doc.url or None,
        domain=doc.hostname or None,
        image=doc.image or None,
        license=doc.license or None,
    )
