"""The one entry point: a page (HTML or already-extracted text) in, a Record out."""

from __future__ import annotations

import dataclasses
import time
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from cleaners import dialogs, language, left_out, page_type, prune, rules, safety_net, streamed
from cleaners import extract as extract_stage
from cleaners.budget import DEFAULT_BUDGET, Budget
from cleaners.page_text import decode_bytes
from cleaners.record import Record
from cleaners.versions import tool_versions


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.lower() if host else None


class _StageClock:
    """Adds the CPU time of each stage to `totals` (stage name -> seconds); does nothing
    when `totals` is None."""

    def __init__(self, totals: dict[str, float] | None):
        self.totals = totals
        self.last = time.thread_time() if totals is not None else 0.0

    def lap(self, stage: str) -> None:
        if self.totals is not None:
            now = time.thread_time()
            self.totals[stage] = self.totals.get(stage, 0.0) + now - self.last
            self.last = now


# The elements of a code listing.
LISTING_TAGS = "pre, code"


def listing_lines(root: LexborNode | None) -> frozenset[str]:
    """The lines of the page's code listings, stripped as the rules' lines are: the
    outermost LISTING_TAGS blocks of two lines or more (a `<code>` in a sentence is no
    listing). The rules keep such a line where it stands next to another (a listing's
    closing braces and template tags, not separators or markup residue). A listing
    whose lines are split by <br> reads as one line."""
    if root is None:
        return frozenset()
    lines: set[str] = set()
    for block in prune.outermost(root.css(LISTING_TAGS)):
        text = block.text(deep=True)
        shown = [stripped for line in text.splitlines() if (stripped := line.strip())]
        if len(shown) >= 2:
            lines.update(shown)
    return frozenset(lines)


def clean_html(
    html: str | bytes,
    url: str | None = None,
    *,
    stage_times: dict[str, float] | None = None,
    budget: Budget = DEFAULT_BUDGET,
) -> Record:
    """Clean one HTML page. `url` is where it came from (used for site rules and metadata).

    The pruned page goes to trafilatura; when that gives far less text than the page
    evidently holds (`cleaners.safety_net`), the page as it came is extracted too and the
    clearly longer text wins: `record.fallback` then says why.

    Given `stage_times`, the CPU seconds of each stage (parse, prune, trafilatura,
    safety_net, left_out, dialogs, rules, language, record) are added to it: how benchmarks
    see where the time goes. A page over `budget` raises `cleaners.budget.OverBudget`
    before any stage runs."""
    budget.check(html)
    clock = _StageClock(stage_times)
    # Decoded once, for every stage and for the reference path (`decode_bytes`: UTF-8,
    # else the page's declaration, else trafilatura's guess).
    if isinstance(html, bytes):
        html = decode_bytes(html)
    tree = prune.parse(html)
    # Parts a page streams in after its first paint, put where the browser puts them; the
    # reference path reads the page so too.
    if streamed.place_streamed_parts(tree):
        html = tree.html or html
    clock.lap("parse")
    # The paragraphs as served: the safety net's evidence and the prune guard's measure.
    paragraphs = prune.ParagraphWords.of(tree)
    evidence = safety_net.Evidence.of(tree, paragraphs)
    declared = page_type.declared_type(tree)
    is_article = declared == page_type.ARTICLE
    pruned = prune.prune(tree, article=is_article, paragraphs=paragraphs)
    clock.lap("prune")
    found = extract_stage.extract(prune.to_html(tree, paragraphs.nest), url, frame=True)
    clock.lap("trafilatura")
    root, fallback = tree.body, None
    reason = safety_net.trigger(found.text, evidence, html)
    if reason is not None:
        # The pruned page gave far less text than the page holds: take the reference path
        # (trafilatura on the page as it came, as bare trafilatura reads it), and keep its
        # text if it is longer by the reason's measure; the metadata of the first pass
        # stands.
        reference = extract_stage.extract(html, url, metadata=False)
        if safety_net.takes_reference(reason, found.text, reference.text):
            found = dataclasses.replace(found, text=reference.text)
            root, pruned, fallback = prune.parse(html).body, [], reason
    clock.lap("safety_net")
    not_extracted = left_out.removals(root, found.text)
    clock.lap("left_out")
    # Read before the dialogs are taken out of the page (a story in a dialog keeps its text,
    # not its elements).
    listings = listing_lines(root)
    # The last reader of the page: the dialogs are taken out of it to read the rest.
    text, in_dialogs = dialogs.take_out(root, found.text)
    clock.lap("dialogs")
    domain = _domain(url) or found.domain
    cleaned = rules.apply(
        text,
        domain=domain,
        title=found.title,
        site_name=found.site_name,
        description=found.description,
        from_html=True,
        article=is_article,
        authors=found.authors,
        listings=listings,
    )
    clock.lap("rules")
    lang, prob = language.detect_language(cleaned.text)
    clock.lap("language")
    record = Record(
        text=cleaned.text,
        title=cleaned.title,
        url=url,
        canonical_url=found.canonical_url,
        domain=domain,
        authors=found.authors,
        published=found.published or cleaned.published,
        modified=cleaned.modified,
        site_name=found.site_name,
        description=found.description,
        tags=found.tags,
        image=found.image,
        license=found.license,
        language=lang,
        language_probability=prob,
        removed=pruned + not_extracted + in_dialogs + cleaned.removed,
        fallback=fallback,
        page_type=declared,
        tools=tool_versions(),
    )
    clock.lap("record")
    return record


def clean_text(text: str, url: str | None = None) -> Record:
    """Clean text a naive extractor produced (clutter lines still in), one paragraph a line."""
    cleaned = rules.apply(text, domain=_domain(url), title=None)
    lang, prob = language.detect_language(cleaned.text)
    return Record(
        text=cleaned.text,
        title=cleaned.title,
        url=url,
        domain=_domain(url),
        published=cleaned.published,
        modified=cleaned.modified,
        language=lang,
        language_probability=prob,
        removed=cleaned.removed,
        tools=tool_versions(),
    )
