"""CPU time of clean_html on nested and many-element pages of growing size, stage by stage.

    .venv/bin/python benchmarks/clean_budget.py [--start 1000] [--steps 5] [--max-seconds 20]

Each page shape is cleaned at sizes doubling from `--start` (elements, or nesting levels)
with the budget lifted, so that every stage runs; a shape stops growing once one call
takes more than `--max-seconds`. For each size it prints the CPU seconds of the whole
call and of each stage (`clean_html(..., stage_times=...)`), the time of the budget's own
check, and whether the default budget lets the page in. The `x` columns are the growth
over the previous size: about 2 for a stage linear in the page, about 4 for a quadratic
one. A measuring tool, not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from cleaners import clean_html
from cleaners.budget import DEFAULT_BUDGET, Budget, OverBudget

URL = "https://a.example/2024/05/harbour-story.html"
SENTENCE = "Words of a sentence in the story go here for the reader"
# Every page declares itself an article, so that every prune rule runs (link blocks and
# teaser links are only looked for on articles): the costliest path.
HEAD = '<html><head><meta property="og:type" content="article"></head>'
UNLIMITED = Budget(max_bytes=1 << 40, max_elements=1 << 40, max_depth=1 << 40)
# Stages below this many CPU seconds are left out of the growth columns (noise).
_MEASURABLE = 0.02


def _nested_divs(n: int) -> str:
    """n nested divs, a word in each: the parser's stack of open elements grows to n."""
    return HEAD + "<body>" + "<div>word " * n + "</div>" * n + "</body></html>"


def _nested_paragraph_divs(n: int) -> str:
    """n nested divs, each with a paragraph of its own."""
    return HEAD + "<body>" + f"<div><p>{SENTENCE} {{}}.</p>" * n + "</div>" * n + "</body></html>"


def _open_spans(n: int) -> str:
    """n spans left open inside one paragraph: nested n deep, one text run each."""
    return HEAD + "<body><p>" + "<span>word " * n + "</p></body></html>"


def _nested_link_lists(n: int) -> str:
    """n lists nested in each other's items, a link in each (a menu gone deep)."""
    lists = "<ul><li><a href='/x'>link</a>" * n + "</li></ul>" * n
    return f"{HEAD}<body>{lists}</body></html>"


def _nested_text_lists(n: int) -> str:
    """n lists nested in each other's items, three links and some words in each: no level is
    a link block, so each is measured."""
    level = "<ul><li><a href='/a'>a</a> <a href='/b'>b</a> <a href='/c'>c</a> " + SENTENCE
    return f"{HEAD}<body>{level * n}{'</li></ul>' * n}</body></html>"


def _nested_paragraphs(n: int) -> str:
    """n paragraphs nested in each other through a quirks-mode table in each (a page
    without a doctype), a linked title and a sentence in each: every paragraph holds all
    those below it."""
    level = f"<p><a href='/a'>Harbour story title</a></p><p>{SENTENCE}<table><tr><td>"
    return f"{HEAD}<body><h1>Story</h1>{level * n}</body></html>"


def _tiny_paragraphs(n: int) -> str:
    """n short paragraphs, each different."""
    body = "".join(f"<p>Line {i} says {i % 97}.</p>" for i in range(n))
    return f"{HEAD}<body>{body}</body></html>"


def _tiny_inline(n: int) -> str:
    """n bold words in one div."""
    body = "".join(f"<b>w{i}</b> " for i in range(n))
    return f"{HEAD}<body><div>{body}</div></body></html>"


def _list_items(n: int) -> str:
    """n list items in one list."""
    body = "".join(f"<li>Item {i} of the list</li>" for i in range(n))
    return f"{HEAD}<body><ul>{body}</ul></body></html>"


def _story(body: str, head: str = HEAD) -> str:
    """An article with a headline, one sentence, then `body`."""
    return f"{head}<body><article><h1>Story</h1><p>{SENTENCE}.</p>{body}</article></body></html>"


def _contact_at_run(n: int) -> str:
    """A follow line whose handle is a run of n '@' (a phrase pattern's address part)."""
    return _story(f"<p>follow us on {'@' * n} {'y' * 100}</p>")


def _pre_space_run(n: int) -> str:
    """A <pre> line: a word, n spaces, then '/y' (a breadcrumb separator that fails)."""
    return _story(f"<pre>a{' ' * n}/y</pre>")


def _byline_comma_run(n: int) -> str:
    """'By A' and n/2 ' ,' (commas are no words: a very long line of three words)."""
    return _story(f"<p>By A{' ,' * (n // 2)} {'y' * 100}</p>")


def _pipe_run(n: int) -> str:
    """'thanks for' and n/2 ' |': a very long line of few words, a ' | ' in it."""
    return _story(f"<p>thanks for{' |' * (n // 2)} {'y' * 100}</p>")


def _about_headings(n: int) -> str:
    """A few paragraphs, then n 'About X' lines: each starts a press-release tail too long
    to remove."""
    prose = f"<p>{SENTENCE}, and then the harbour council met again on Tuesday.</p>" * 4
    headings = "".join(f"<p>About Harbour Town {i}</p>" for i in range(n))
    return _story(prose + headings)


def _author_paragraphs(n: int) -> str:
    """A few paragraphs, then n paragraphs opening with the author's name: each starts an
    author-bio tail too long to remove."""
    prose = f"<p>{SENTENCE}, and then the harbour council met again on Tuesday.</p>" * 4
    bios = "".join(
        f"<p>Ann Lee wrote this story number {i} for the harbour town paper today.</p>"
        for i in range(n)
    )
    head = HEAD.replace("</head>", '<meta name="author" content="Ann Lee"></head>')
    return _story(prose + bios, head)


def _long_title_short_lines(n: int) -> str:
    """A 10,000-character og:title (trafilatura's cap) and n short lines, no paragraph:
    every line is compared with the title."""
    title = ("Harbour " * 1250).strip()
    head = HEAD.replace("</head>", f'<meta property="og:title" content="{title}"></head>')
    lines = "".join(f"<p>Harbour item {i}</p>" for i in range(n))
    return f"{head}<body><article>{lines}</article></body></html>"


def _nested_buttons(n: int) -> str:
    """n buttons nested through an <object> in each (a button scope boundary), 400 words
    and a question mark in each: every button's text holds all those below it."""
    level = "<button>" + "word " * 400 + "<object>"
    return _story(level * (n // 100 or 1) + "Why?")


def _nested_forms(n: int) -> str:
    """n/100 forms nested through a misnested </form> (its <div> stays open), and n
    hidden inputs in the innermost: every form holds them all."""
    forms = "<form><div></form>" * (n // 100 or 1)
    return _story(forms + "<input type=hidden name=h>" * n)


def _huge_shallow_blocks(n: int) -> str:
    """20 nested divs of n words each and three links in the innermost: shallow enough
    to read each block whole, too big to."""
    level = "<div>" + "word " * n
    links = "<a href='/a'>a</a> <a href='/b'>b</a> <a href='/c'>c</a>"
    return _story(level * 20 + links + "</div>" * 20)


def _left_out_blocks(n: int) -> str:
    """An article of n/4 paragraphs of 1 KB and n short blocks in asides, each with a word
    found nowhere else: trafilatura leaves them all out."""
    paragraph = "The harbour story goes on with more words about the ferry and the town. " * 14
    article = "".join(f"<p>{paragraph} Part {i}.</p>" for i in range(n // 4))
    asides = "".join(f"<aside><span>Zq{i}x alpha beta</span></aside>" for i in range(n))
    return f"{HEAD}<body><article><h1>Story</h1>{article}</article>{asides}</body></html>"


def _open_type_lists(n: int) -> str:
    """A page declaring no og:type whose JSON-LD holds n type lists left open."""
    script = '<script type="application/ld+json">' + '"@type":[' * n + "</script>"
    return f"<html><head>{script}</head><body><article><p>{SENTENCE}.</p></article></body></html>"


def _nested_dialogs(n: int) -> str:
    """n modal dialogs nested in each other, a word in each, beside a story."""
    dialogs = '<div role="dialog" aria-modal="true">word ' * n + "</div>" * n
    return _story(dialogs)


def _dialog_lines(n: int) -> str:
    """An article whose n paragraphs also sit, in another order, in a modal dialog, beside
    1 MB of other text: every line of the text is looked for in the dialog and the page."""
    paragraphs = [f"<p>{SENTENCE} number {i} of the story.</p>" for i in range(n)]
    dialog = '<div role="dialog" aria-modal="true">' + "".join(reversed(paragraphs)) + "</div>"
    filler = f"<div>{'padding words ' * 80_000}</div>"
    return _story("".join(paragraphs) + dialog + filler)


def _nested_code(n: int) -> str:
    """n <code> elements nested in each other around 1 MB of short listing lines: each
    listing is read once, not once for every block around it."""
    lines = "\n".join(f"x{i} = {i}" for i in range(100_000))
    return _story(f"<p>{'<code>' * n}{lines}{'</code>' * n}</p>")


def _teaser_articles(n: int) -> str:
    """n small teaser <article>s before the story, named as trafilatura's frames: the walk
    in front of the frame unnames at most 200 of them."""
    teaser = '<article class="post-content"><a href="/t">A teaser</a></article>'
    return _story(teaser * n + f"<div>{''.join(f'<p>{SENTENCE}.</p>' for _ in range(20))}</div>")


def _streamed_parts(n: int) -> str:
    """A story streamed in n parts, each with its fallback, its hidden segment and its
    script: at most 500 moves are made, each looking its ids up in the page."""
    boundaries = "".join(
        f'<!--$?--><template id="B:{i}"></template><div>Loading</div><!--/$-->' for i in range(n)
    )
    segments = "".join(f'<div hidden id="S:{i}"><p>{SENTENCE} {i}.</p></div>' for i in range(n))
    calls = "".join(f'$RC("B:{i}","S:{i}");' for i in range(n))
    return _story(f"<div>{boundaries}</div>{segments}<script>{calls}</script>")


def _lists_in_cells(n: int) -> str:
    """A data table of n rows, a three-item list in each cell: each list opened once."""
    item = "<ul><li>one thing</li><li>another thing</li><li>a third thing</li></ul>"
    rows = "".join(f"<tr><td>{item}</td><td>{item}</td></tr>" for _ in range(n))
    return _story(f"<p>{SENTENCE}.</p><table><tr><th>Pros</th><th>Cons</th></tr>{rows}</table>")


def _titled_prose(n: int) -> str:
    """n questions and answers written in <div>s under 100 nested <div>s, after a story of
    paragraphs: each answer and its title become paragraphs."""
    pair = f"<div><b>Question?</b></div><div>{SENTENCE}, and more words here.</div>"
    story = "".join(f"<p>{SENTENCE}.</p>" for _ in range(20))
    return _story(story + "<div>" * 100 + pair * n + "</div>" * 100)


def _numbered_captions(n: int) -> str:
    """n figures with a numbered caption each: each caption becomes a paragraph."""
    figure = "<figure><img src=x><figcaption>Figure 1. A gauge</figcaption></figure>"
    return _story(f"<p>{SENTENCE}.</p>" + figure * n)


SHAPES: dict[str, Callable[[int], str]] = {
    "nested divs": _nested_divs,
    "nested divs with paragraphs": lambda n: _nested_paragraph_divs(n).format(*range(n)),
    "open spans": _open_spans,
    "nested link lists": _nested_link_lists,
    "nested lists with words": _nested_text_lists,
    "paragraphs nested in paragraphs": _nested_paragraphs,
    "tiny paragraphs": _tiny_paragraphs,
    "tiny inline elements": _tiny_inline,
    "list items": _list_items,
    "at-sign run": _contact_at_run,
    "pre space run": _pre_space_run,
    "byline comma run": _byline_comma_run,
    "pipe run": _pipe_run,
    "about headings": _about_headings,
    "author paragraphs": _author_paragraphs,
    "long title": _long_title_short_lines,
    "nested buttons": _nested_buttons,
    "nested forms": _nested_forms,
    "huge shallow blocks": _huge_shallow_blocks,
    "left-out blocks": _left_out_blocks,
    "open JSON-LD type lists": _open_type_lists,
    "nested dialogs": _nested_dialogs,
    "lines in a dialog": _dialog_lines,
    "code nested in code": _nested_code,
    "teaser articles before the story": _teaser_articles,
    "streamed parts": _streamed_parts,
    "lists in table cells": _lists_in_cells,
    "titled prose in divs": _titled_prose,
    "numbered captions": _numbered_captions,
}


def measure(html: str) -> tuple[float, dict[str, float], float, str]:
    """(CPU seconds of clean_html, per stage, of the budget check, the default's verdict)."""
    started = time.process_time()
    try:
        DEFAULT_BUDGET.check(html)
        verdict = "within"
    except OverBudget as exc:
        verdict = exc.detail
    check = time.process_time() - started
    stages: dict[str, float] = {}
    started = time.process_time()
    clean_html(html, URL, stage_times=stages, budget=UNLIMITED)
    return time.process_time() - started, stages, check, verdict


def _growth(now: float, before: float | None) -> str:
    if before is None or before < _MEASURABLE or now < _MEASURABLE:
        return "   -"
    return f"{now / before:4.1f}"


def run_shape(name: str, make: Callable[[int], str], start: int, steps: int, limit: float) -> None:
    print(f"\n{name}")
    print(f"{'n':>8} {'MB':>6} {'total s':>8} {'x':>4}  {'check s':>7}  stages (s, x)  default")
    previous: dict[str, float] = {}
    n = start
    for _ in range(steps):
        html = make(n)
        total, stages, check, verdict = measure(html)
        shown = "  ".join(
            f"{stage} {seconds:.3f} {_growth(seconds, previous.get(stage)).strip()}"
            for stage, seconds in stages.items()
            if seconds >= _MEASURABLE
        )
        print(
            f"{n:>8} {len(html) / 1e6:6.2f} {total:8.3f} {_growth(total, previous.get('total'))}"
            f"  {check:7.4f}  {shown}  [{verdict}]",
            flush=True,
        )
        previous = {**stages, "total": total}
        if total > limit:
            break
        n *= 2


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--start", type=int, default=1000, help="first size (default 1000)")
    parser.add_argument("--steps", type=int, default=6, help="sizes per shape (default 6)")
    parser.add_argument(
        "--max-seconds", type=float, default=20, help="stop a shape after a call this long"
    )
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append", help="only these")
    args = parser.parse_args()
    clean_html(_tiny_paragraphs(10), URL)  # start-up work (imports, patterns) untimed
    for name in args.shape or SHAPES:
        run_shape(name, SHAPES[name], args.start, args.steps, args.max_seconds)


if __name__ == "__main__":
    main()
