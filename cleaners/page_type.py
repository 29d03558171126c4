"""The type a page declares itself to be: og:type and schema.org JSON-LD `@type`.

Rules that take out what surrounds an article (link lists, teaser links, "Related" boxes)
assume the page is an article. On a listing, a shop category or a schedule, those lists are
the content. The page's own declaration is the evidence that decides: most article pages
declare it (161 of 208 article pages of the development set `web/`, 85 of 90 of
`articles/`), and other kinds of page rarely do (47 of 291).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

ARTICLE = "article"
# schema.org types by the page type they declare, checked in this order: an article that
# reviews products or ends in an ItemList is still an article.
_JSON_LD_TYPES = (
    (ARTICLE, re.compile(r"\w*Article|BlogPosting|LiveBlogPosting|Report")),
    ("product", re.compile(r"Product|ProductGroup|IndividualProduct")),
    ("discussion", re.compile(r"DiscussionForumPosting|QAPage")),
    ("collection", re.compile(r"CollectionPage|ItemList|OfferCatalog|SearchResultsPage")),
)
_OG_TYPES = {"article": ARTICLE, "product": "product", "product.item": "product"}
# A list of types holds no bracket: a list left open ends its search at the next one
# (searching to the end of the script from each of many open lists was quadratic).
_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\[\]]*\]|"[^"]*")')
_TYPE_NAME = re.compile(r'"([^"]+)"')


def _json_ld_types(tree: LexborHTMLParser) -> set[str]:
    """Every `@type` named in the page's JSON-LD blocks (read as text: a page's JSON-LD is
    often not valid JSON, and the types are all that is needed here)."""
    names: set[str] = set()
    for script in tree.css('script[type="application/ld+json"]'):
        for value in _LD_TYPE.findall(script.text()):
            names.update(name.rsplit("/", 1)[-1] for name in _TYPE_NAME.findall(value))
    return names


def declared_type(tree: LexborHTMLParser) -> str | None:
    """`article`, `product`, `discussion` or `collection` as the page declares it, or None
    when it declares none of them. An og:type of article counts as much as JSON-LD."""
    og_tag = tree.css_first('meta[property="og:type"]')
    og_value = (og_tag.attributes.get("content") or "") if og_tag is not None else ""
    og_type = _OG_TYPES.get(og_value.strip().lower())
    if og_type == ARTICLE:
        return ARTICLE
    names = _json_ld_types(tree)
    for page_type, pattern in _JSON_LD_TYPES:
        if any(pattern.fullmatch(name) for name in names):
            return page_type
    return og_type
