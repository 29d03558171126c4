"""Is a discovered page an article, or a hub (home, section, tag or list page) to follow?

Page signals decide first (a page that declares itself an article, or lists many
teasers); the URL decides when the page says nothing.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy.http import TextResponse
from selectolax.lexbor import LexborHTMLParser

from cleaners.page_type import ARTICLE, declared_type

# A list page shows many <article> teasers; an article page has one or two.
LIST_PAGE_MIN_TEASERS = 3
_HUB_SEGMENT = re.compile(
    r"^(?:tags?|topics?|categor(?:y|ies)|sections?|authors?|page|archives?|search|index)$"
)
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])(?:/|$)|/(?:19|20)\d{2}-\d{2}-\d{2}")
_LONG_ID = re.compile(r"\d{5,}")
_ARTICLE_SEGMENT = re.compile(r"^(?:article|story|post|p)$")
_SLUG_MIN_WORDS = 4


def is_article_page(response: TextResponse) -> bool:
    """True if an HTML response looks like one article rather than a hub page."""
    # selectolax, not the response's lxml selector: it parses a page in about a third of
    # the time, and this runs in the crawl process for every page.
    page = LexborHTMLParser(response.text)
    if declared_type(page) == ARTICLE:  # og:type or JSON-LD, as the cleaner reads them
        return True
    # Checked after the declarations: articles often list related stories as <article>s.
    if len(page.css("article")) >= LIST_PAGE_MIN_TEASERS:
        return False
    return looks_like_article_url(response.url)


def looks_like_article_url(url: str) -> bool:
    """URL heuristics: a dated path, a long numeric id, an /article/ or /story/ folder,
    or a long slug is an article; the site root and tag/category/section/author/page
    listings are hubs."""
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    # /tag/<name>, /author/<name>, /page/<n>: listings whatever the last segment says.
    if not segments or (len(segments) > 1 and _HUB_SEGMENT.match(segments[-2].lower())):
        return False
    if _DATE_PATH.search(path) or _LONG_ID.search(segments[-1]):
        return True
    if any(_ARTICLE_SEGMENT.match(s.lower()) for s in segments[:-1]):  # /article/3834/1
        return True
    slug = re.sub(r"\.s?html?$", "", segments[-1].lower())
    return len(re.split(r"[-_]+", slug)) >= _SLUG_MIN_WORDS
