"""A realistic news site for crawl tests, built from the bench pages in ../shared.

Layout (every path below is fetched by a `full` crawl of `/`):

    /robots.txt            Disallow: /private/, Sitemap: /sitemap_index.xml
    /sitemap_index.xml     -> /sitemaps/articles.xml.gz (gzip) and /sitemaps/news.xml
    /sitemaps/articles.xml.gz  articles 0-3, a robots-disallowed page, a 301, a 404, a 500
    /sitemaps/news.xml     article 4 (also the 301's target) and 5, with publication dates
    /                      home (hub): declares /feed.rss and /atom.xml, links a hub
    /feed.rss              articles 6, 7 and 0 (again), a PDF
    /atom.xml              article 8, an oversized page, the wrong-charset article
    /section/world/        hub listing articles 9, 10, 0 and /section/world/page/2
    /section/world/page/2  hub listing article 11, a gallery page with no text and a PDF
                           served as text/html

Bench pages get a `<base href>` to their original site, so their own links point away
from 127.0.0.1 and are not followed.
"""

from __future__ import annotations

import gzip
import random
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cleaners.goldset import load_gold_set
from crawler.local_site import Page, with_base_href

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
ARTICLE_COUNT = 12
MAX_SIZE = 1_000_000  # DOWNLOAD_MAXSIZE for crawls of this site

CHARSET_PATH = "/news/2019/11/zoe-reopens-her-cafe-in-malmo-after-the-flood.html"
CHARSET_WORDS = ("Zoë", "café", "Malmö", "Jürgen")


@dataclass(frozen=True)
class NewsSite:
    """Pages to serve, plus what a full crawl must make of them."""

    pages: dict[str, Page]
    article_paths: tuple[str, ...]  # every one must be written exactly once
    rejected: dict[str, str]  # path -> reason
    hub_paths: tuple[str, ...]


def bench_articles(shared_dir: Path, count: int) -> list[tuple[str, str, bytes]]:
    """(path on our site, original URL, HTML) of `count` bench pages, in id order."""
    found: list[tuple[str, str, bytes]] = []
    for page in load_gold_set(shared_dir / "bench" / "articles")[:count]:
        original = page.url or ""
        found.append((urlsplit(original).path, original, with_base_href(page.html, original)))
    return found


def teaser_list(title: str, links: list[str]) -> bytes:
    """A hub page: a heading and one <article> teaser per link."""
    teasers = "".join(
        f'<article class="teaser"><h2><a href="{href}">Story {n}</a></h2>'
        f"<p>Short summary of story {n}.</p></article>"
        for n, href in enumerate(links, start=1)
    )
    return (
        f"<!doctype html><html><head><title>{title}</title>"
        '<meta property="og:type" content="website"></head>'
        f"<body><nav><a href=\"/\">Home</a></nav><h1>{title}</h1>{teasers}</body></html>"
    ).encode()


def charset_article() -> bytes:
    """A UTF-8 article with <meta charset>; the server will claim iso-8859-1."""
    paragraphs = [
        "Zoë Lindqvist opened the doors of her café on Storgatan in Malmö on Monday, six "
        "months after the spring flood filled the cellar with water and mud.",
        "Neighbours queued before seven o'clock. Jürgen Weiß, who has bought his morning "
        "bread there for eleven years, said the street had felt empty without the smell of "
        "cardamom buns drifting out of the open door.",
        "The rebuilding cost more than the insurance paid, and Lindqvist borrowed from "
        "family to replace the ovens. She kept the old tiled counter, which survived the "
        "water, and the regulars signed their names on the new plaster wall.",
        "The city council has promised new drains for the whole quarter by next autumn. "
        "Until then, Lindqvist says, the sandbags stay stacked by the back door.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Zoë reopens her café in Malmö after the flood</title>"
        '<meta property="og:type" content="article"></head><body>'
        "<article><h1>Zoë reopens her café in Malmö after the flood</h1>"
        f"{body}</article></body></html>"
    ).encode()


def numbered_story(number: int, comment: str = "") -> bytes:
    """A short article page, "Story <number>", with `comment` as an HTML comment in <head>
    (markup a record never holds)."""
    text = f"Story {number}: the harbour board met on Monday to agree the dredging plan. " * 6
    return (f"<html><head><title>Story {number}</title><!-- {comment} --></head><body>"
            f"<article><p>{text}</p></article></body></html>").encode()  # fmt: skip


def gallery_page() -> bytes:
    """An article-typed page with no text at all: the cleaner finds nothing."""
    return (
        b"<!doctype html><html><head><title>Gallery</title>"
        b'<meta property="og:type" content="article"></head>'
        b'<body><article><img src="/img/1.jpg" alt=""><img src="/img/2.jpg" alt="">'
        b"</article></body></html>"
    )


def binary_pdf() -> bytes:
    """A PDF with a compressed stream, as scanners write them: binary after its header."""
    stream = zlib.compress(random.Random(7).randbytes(3000))
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
    return head + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _urlset(entries: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(entries)
        + "</urlset>"
    ).encode()


def build_news_site(shared_dir: Path, base: str) -> NewsSite:
    """The site above, with absolute URLs on `base` (http://127.0.0.1:<port>)."""
    articles = bench_articles(shared_dir, ARTICLE_COUNT)
    paths = [path for path, _, _ in articles]
    pages = {path: Page(html, 200, HTML) for path, _, html in articles}

    rejected = {
        "/private/leaked-draft-of-the-budget-story.html": "robots_disallowed",
        "/gone/story-that-was-taken-down-last-week.html": "http_status",
        "/broken/story-on-a-server-that-keeps-failing.html": "http_status",
        "/files/annual-report-2019-final-version.pdf": "not_html",
        "/news/2019/11/giant-interactive-story-with-everything.html": "too_large",
        "/news/2019/11/photo-gallery-of-the-week-in-pictures.html": "no_text",
        "/scans/minutes": "not_html",
    }
    private, gone, broken, pdf, giant, gallery, scan = rejected
    pages[private] = Page(b"<html><body><p>secret</p></body></html>", 200, HTML)
    pages[broken] = Page(b"server error", 500, {"Content-Type": "text/plain"})
    pages[pdf] = Page(b"%PDF-1.4\n" + b"0" * 2000, 200, {"Content-Type": "application/pdf"})
    pages[giant] = Page(b"<html><body>" + b"<p>x</p>" * (MAX_SIZE // 8 + 1000), 200, HTML)
    pages[gallery] = Page(gallery_page(), 200, HTML)
    pages[scan] = Page(binary_pdf(), 200, HTML)
    pages[CHARSET_PATH] = Page(
        charset_article(), 200, {"Content-Type": "text/html; charset=iso-8859-1"}
    )
    redirect = "/old/moved-story-from-the-previous-cms.html"
    pages[redirect] = Page(b"", 301, {"Location": base + paths[4]})

    pages["/robots.txt"] = Page(
        f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\n".encode(),
        200,
        {"Content-Type": "text/plain"},
    )
    pages["/sitemap_index.xml"] = Page(
        (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/sitemaps/articles.xml.gz</loc></sitemap>"
            f"<sitemap><loc>{base}/sitemaps/news.xml</loc></sitemap>"
            "</sitemapindex>"
        ).encode(),
        200,
        XML,
    )
    listed = [*paths[:4], private, redirect, gone, broken]
    pages["/sitemaps/articles.xml.gz"] = Page(
        gzip.compress(
            _urlset(
                [f"<url><loc>{base}{p}</loc><lastmod>2019-11-20</lastmod></url>" for p in listed],
            )
        ),
        200,
        {"Content-Type": "application/gzip"},
    )
    pages["/sitemaps/news.xml"] = Page(
        _urlset(
            [
                f"<url><loc>{base}{p}</loc><news:news><news:publication>"
                "<news:name>Test</news:name><news:language>en</news:language>"
                "</news:publication><news:publication_date>2019-11-19T08:30:00+01:00"
                "</news:publication_date><news:title>T</news:title></news:news></url>"
                for p in paths[4:6]
            ],
        ),
        200,
        XML,
    )
    rss_items = "".join(
        f"<item><title>T</title><link>{base}{p}</link>"
        "<pubDate>Tue, 19 Nov 2019 10:00:00 GMT</pubDate></item>"
        for p in (paths[6], paths[7], paths[0], pdf)
    )
    pages["/feed.rss"] = Page(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{rss_items}'
        "</channel></rss>".encode(),
        200,
        {"Content-Type": "application/rss+xml"},
    )
    atom_entries = "".join(
        f'<entry><title>T</title><link rel="alternate" href="{base}{p}"/>'
        "<updated>2019-11-21T12:00:00Z</updated></entry>"
        for p in (paths[8], giant, CHARSET_PATH)
    )
    pages["/atom.xml"] = Page(
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
        f"{atom_entries}</feed>".encode(),
        200,
        {"Content-Type": "application/atom+xml"},
    )
    home = teaser_list("Front page", ["/section/world/", paths[9]]).replace(
        b"</head>",
        b'<link rel="alternate" type="application/rss+xml" href="/feed.rss">'
        b'<link rel="alternate" type="application/atom+xml" href="/atom.xml"></head>',
    )
    pages["/"] = Page(home, 200, HTML)
    pages["/section/world/"] = Page(
        teaser_list("World", [paths[9], paths[10], paths[0], "/section/world/page/2"]), 200, HTML
    )
    pages["/section/world/page/2"] = Page(
        teaser_list("World, page 2", [paths[11], gallery, scan, "/section/world/"]), 200, HTML
    )
    return NewsSite(
        pages=pages,
        article_paths=(*paths, CHARSET_PATH),
        rejected=rejected,
        hub_paths=("/", "/section/world/", "/section/world/page/2"),
    )
