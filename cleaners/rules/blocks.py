"""Rules that judge lines by their neighbours: related-link lists, link boxes under a label,
image alt-text stamped with the site's name, and the teaser headline that follows it."""

from __future__ import annotations

import regex

from cleaners.rules.lines import Document, Line, plain

# "Some caption text - Site Name" (the site name is 1 to 5 capitalised words).
_SUFFIXED = regex.compile(
    r"(?P<head>.*\S)\s+[-|]\s+(?P<site>\p{Lu}[\w.'&]*(?: [\p{Lu}\d][\w.'&]*){0,4})"
)
# Longest line read as a caption stamped with a name. On the 589 bench pages the stamps
# that named the site were on lines of up to 151 characters; a longer line is a paragraph,
# not a caption, and is not tried (the pattern's cost grows faster than the line).
STAMP_MAX_CHARS = 500
# A tail of this many short lines after the last paragraph is a link list, not an ending.
TAIL_LIST_MIN_LINES = 3
# Inside the article, only a longer run of short lines counts as a link list.
BODY_LIST_MIN_LINES = 4


def _stamp(line: Line) -> str | None:
    """The name after a final ' - ' or ' | ', if it looks like a name."""
    if len(line.plain) > STAMP_MAX_CHARS:
        return None
    if " - " not in line.plain and " | " not in line.plain:
        return None
    if line.text.startswith("- "):
        return None  # a list item (the extractor's bullet), not a caption
    match = _SUFFIXED.fullmatch(line.plain)
    return match["site"] if match else None


def find_site_names(doc: Document) -> list[str]:
    """Names the text stamps on captions (' - Site Name') and also shows on a line of their
    own (line text is compared without its leading dash); plus any site name known from
    page metadata."""
    stamps = {_stamp(line) for line in doc.kept()} - {None}
    standalone = {line.plain for line in doc.kept()}
    names = [name for name in doc.site_names if name]
    names += sorted(site for site in stamps if site in standalone)
    return list(dict.fromkeys(names))


def remove_site_stamped_lines(doc: Document) -> None:
    """Lines that are only the site's name, and captions ending in ' - <site name>'; a
    headline right under such a caption (no blank line between) is a related-story teaser."""
    names = {name.casefold() for name in find_site_names(doc)}
    if not names:
        return
    kept = doc.kept()
    for i, line in enumerate(kept):
        if line.folded in names:
            doc.remove(line, "site_name_line")
            continue
        stamp = _stamp(line)
        if stamp and stamp.casefold() in names and line.words > 3:
            doc.remove(line, "site_stamped_caption")
            following = kept[i + 1] if i + 1 < len(kept) else None
            if following and not following.gap_before and following.is_headline_like:
                doc.remove(following, "related_teaser")


# Headlines may be questions; a short question among link items is one of them.
LIST_QUESTION_MAX_WORDS = 12


def _is_list_item(line: Line) -> bool:
    end = line.text.rstrip()
    if end.endswith("?"):
        return line.words <= LIST_QUESTION_MAX_WORDS
    return line.is_headline_like and not end.endswith((",", ";", ":"))


def remove_labelled_link_lists(doc: Document) -> None:
    """Short headline lines following a link-box label ('Most Viewed', 'Read more')."""
    in_box = False
    for line in doc.lines:
        if line.removed_by == "section_label":
            in_box = True
        elif line.kept:
            if in_box and _is_list_item(line):
                doc.remove(line, "related_links")
            elif not _is_list_item(line):
                in_box = False


def _introduced_by_colon(kept: list[Line], start: int) -> bool:
    return start > 0 and kept[start - 1].text.rstrip().endswith(":")


def _looks_like_content_list(items: list[Line]) -> bool:
    """Dates, prices, schedules and menus: most items hold a number, or items repeat.
    Related-headline lists are neither."""
    with_digits = sum(1 for line in items if any(ch.isdigit() for ch in line.text))
    distinct = {line.folded for line in items}
    return with_digits * 2 > len(items) or len(distinct) < len(items)


def remove_link_list_runs(doc: Document) -> None:
    """Runs of short headline-like lines: after the last paragraph, TAIL_LIST_MIN_LINES or
    more; between paragraphs, BODY_LIST_MIN_LINES or more. A run introduced by a line
    ending in ':' is the article's own list and stays."""
    kept = doc.kept()
    prose_at = [i for i, line in enumerate(kept) if line.is_prose]
    if not prose_at:
        return
    runs: list[tuple[int, int]] = []
    start = None
    for i in range(prose_at[0] + 1, len(kept) + 1):
        if i < len(kept) and _is_list_item(kept[i]):
            start = i if start is None else start
            continue
        if start is not None:
            runs.append((start, i))
        start = None
    for begin, end in runs:
        at_tail = end == len(kept)
        needed = TAIL_LIST_MIN_LINES if at_tail else BODY_LIST_MIN_LINES
        items = kept[begin:end]
        if len(items) < needed or _introduced_by_colon(kept, begin):
            continue
        if not _looks_like_content_list(items):
            for line in items:
                doc.remove(line, "related_links")


# Where a press release's boilerplate starts: an "About X" / contacts heading, or a
# paragraph introducing the company ("X is a leading provider of ...").
_BOILERPLATE_HEADING = regex.compile(
    r"(?i)(about(?! (?:this|these|that|your|it)\b)|über|à propos de|a propos de|acerca de"
    r"|sobre|о компании|об?) \S.{0,60}"
    r"|(media|press|investor) (contacts?|inquiries|enquiries)|forward-looking statements?"
    r"|(presse)?kontakt|contact presse|contacto de prensa|contato (para a )?imprensa"
)
_COMPANY_INTRO = regex.compile(
    r"(?P<name>\p{Lu}[\w&.'-]*(?: [\p{Lu}\d][\w&.'-]*){0,4}),? (?:"
    r"(?:is|are) (?:a|an|the|one of the) (?:[\w-]+ ){0,3}?(?:global|leading|world's|worldwide|"
    r"international|premier|independent|largest|pioneer|innovative|provider|company)"
    r"|(?:is|are) headquartered in"
    r"|ist (?:ein|eine|der|die) (?:[\w-]+ ){0,2}?(?:führende|globale|international)"
    r"|est (?:un|une|le|la) (?:[\w-]+ ){0,2}?(?:leader|acteur|fournisseur|société|groupe)"
    r"|es (?:un|una|el|la) (?:[\w-]+ ){0,2}?(?:líder|empresa|compañía|proveedor)"
    r"|é (?:um|uma|o|a) (?:[\w-]+ ){0,2}?(?:líder|empresa|companhia|fornecedor)"
    r")\b"
)
# Boilerplate sits at the end: it may start no earlier than this share of the lines...
BOILERPLATE_START_SHARE = 0.5
# ...and is short: a self-description and contacts. A longer tail from such a line is the
# article itself (a listicle whose items each introduce a company, a product's "About"
# section, a guide's last chapter).
BOILERPLATE_MAX_LINES = 8
BOILERPLATE_MAX_WORDS = 250


def _remove_short_tail(doc: Document, kept: list[Line], start: int, rule: str) -> bool:
    """Remove `kept[start:]` (the text's last lines) under `rule` if it is short; say
    whether. The line count comes first, from `start` alone: callers try every start."""
    if len(kept) - start > BOILERPLATE_MAX_LINES:
        return False
    tail = kept[start:]
    if sum(t.words for t in tail) > BOILERPLATE_MAX_WORDS:
        return False
    for tail_line in tail:
        doc.remove(tail_line, rule)
    return True


def remove_press_release_boilerplate(doc: Document) -> None:
    """From an 'About X' heading or an 'X is a leading ...' company paragraph in the second
    half of the text, to the end, when that tail is short: the issuer's self-description
    and contacts. A text introducing several companies that way is a list of them, and
    their introductions are items, not boilerplate."""
    kept = doc.kept()
    if len(kept) < 4:
        return
    intros = {
        i: match["name"]
        for i, line in enumerate(kept)
        if line.is_prose and (match := _COMPANY_INTRO.match(line.plain))
    }
    one_company = len(set(intros.values())) == 1
    for i in range(max(1, int(len(kept) * BOILERPLATE_START_SHARE)), len(kept)):
        line = kept[i]
        heading = (
            not line.is_prose and line.words <= 8 and _BOILERPLATE_HEADING.fullmatch(line.plain)
        )
        if (heading or (i in intros and one_company)) and _remove_short_tail(
            doc, kept, i, "press_release_boilerplate"
        ):
            return


# Authors whose bio is looked for: every prose line of the text's second half is compared
# with each name, and a page's metadata may list a thousand (trafilatura keeps 10,000
# characters of it).
MAX_AUTHOR_NAMES = 10


def _opens_with_name(line: Line, names: list[str]) -> bool:
    text = line.plain.lstrip("( ").casefold()
    return any(
        text.startswith(name) and not text[len(name) : len(name) + 1].isalnum()
        for name in names
    )


def remove_author_bio(doc: Document, authors: list[str]) -> None:
    """From a paragraph in the second half of the text that opens with the full name of one
    of the page's authors (as its metadata gives them: 'Ann Lee is a reporter ...'), to the
    end, when that tail is short: the author's self-description under the article."""
    # As the lines' plain text reads them (NFKC, quotes and dashes folded): "O’Brien".
    names = [plain(name).casefold() for name in authors if len(name.split()) >= 2]
    names = names[:MAX_AUTHOR_NAMES]
    kept = doc.kept()
    if not names or len(kept) < 4:
        return
    for i in range(max(1, int(len(kept) * BOILERPLATE_START_SHARE)), len(kept)):
        if (
            kept[i].is_prose
            and _opens_with_name(kept[i], names)
            and _remove_short_tail(doc, kept, i, "author_bio")
        ):
            return
