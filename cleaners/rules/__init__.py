"""Line and block rules on extracted text, in a fixed order.

Every rule removes whole lines and says so: the Document keeps, for each removed line, the
id of the rule that removed it, and `apply` returns them as `removed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.record import Removal
from cleaners.rules import blocks, dates, header, phrases, structure
from cleaners.rules.lines import Document


@dataclass
class Cleaned:
    """Rule output: the kept text, the title found, dates taken from date lines, removals."""

    text: str
    title: str = ""
    published: str | None = None
    modified: str | None = None
    removed: list[Removal] = field(default_factory=list)


def apply(
    text: str,
    domain: str | None = None,
    title: str | None = None,
    site_name: str | None = None,
    description: str | None = None,
    from_html: bool = False,
    article: bool = True,
    authors: list[str] | None = None,
    listings: frozenset[str] = frozenset(),
) -> Cleaned:
    """Clean `text` (one paragraph a line). With `from_html`, the text was extracted from a
    page whose markup already told links from prose and whose metadata gave `title`,
    `site_name` and `description`; without it, the headline and link lists are recognised
    from the lines alone. Link lists under a "Related" / "Latest" label are removed only
    from an `article` (on a listing page the labelled list is the content). `authors`, the
    page's authors as its metadata names them, find their bio under the text. No rule
    removes a line of the page's code `listings` (`pipeline.listing_lines`) that stands
    next to another of their lines: a closing brace or a template tag is the listing's."""
    site_names = (
        [site_name] if site_name and not header.is_headline(site_name, title, domain) else []
    )
    if title:
        title = header.strip_site_from_title(title, site_names, domain)
    doc = Document.from_text(
        text, domain=domain, title=title or "", site_names=site_names, listings=listings
    )
    phrases.remove_phrases(doc, phrases.site_rules(domain) + phrases.generic_rules(), from_html)
    structure.remove_by_shape(doc)
    structure.remove_addresses_after_notice(doc)
    dates.take_date_lines(doc)
    blocks.remove_site_stamped_lines(doc)
    if article:
        blocks.remove_labelled_link_lists(doc)
    structure.remove_foreign_script_labels(doc, structure.dominant_script(doc.kept()))
    blocks.remove_press_release_boilerplate(doc)
    blocks.remove_author_bio(doc, authors or [])
    if from_html:
        header.take_page_header(doc, description)
    else:
        header.take_header(doc)
        blocks.remove_link_list_runs(doc)
    return Cleaned(
        text=doc.text(),
        title=doc.title,
        published=doc.published,
        modified=doc.modified,
        removed=doc.removals(),
    )
