"""The `articles` spider: finds article pages and yields them, uncleaned.

Strategies (`-a strategy=`, see crawler/params.py):
- `direct`: every given URL is an article (`url=`, `urls=`, `urls_file=`).
- `full` (default with `site=`): sitemaps (robots.txt `Sitemap:` lines, else common
  paths), feeds (`<link rel=alternate>` on the start page, else common paths) and links
  followed inside the given sites up to `max_depth`; hub pages are followed, not cleaned.
  Sitemap indexes are followed within SITEMAP_MAX_DEPTH and SITEMAP_MAX_COUNT, and
  listings within DISCOVERY_MAXSIZE (README "Bounded discovery").
- `feeds`, `sitemap`: only that discovery path.

Every page found yields one item: a `FetchedPage`, a `FailedFetch`, or a `SkippedPage`
(a hub, a 304, a page beyond `max_pages`), and so does every listed URL that cannot be
requested (`bad_url`); cleaning is the pipelines' job. `pages/found` counts them, so
records + rejects + skips add up to it.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from cleaners.budget import Budget, OverBudget
from cleaners.sniff import is_binary_content
from crawler.discovery_backend import open_found_pages, open_sitemap_limits
from crawler.feed_entries import COMMON_FEED_PATHS, feed_entries, feed_links
from crawler.fetch_failures import classify_failure
from crawler.found_pages import Finding, FoundPages
from crawler.items import (
    FEED,
    GIVEN,
    LINK,
    SITEMAP,
    WARC_META,
    FailedFetch,
    FetchedPage,
    Provenance,
    SkippedPage,
    utc_now,
)
from crawler.page_budget import page_budget
from crawler.page_kind import is_article_page
from crawler.page_urls import page_url
from crawler.params import CrawlParams, parse_params
from crawler.scheduled.conditional_requests import NotModified
from crawler.sitemaps import (
    COMMON_SITEMAP_PATHS,
    SitemapTooLarge,
    sitemap_body,
    sitemap_entries,
)
from crawler.xml_listing import XmlListing

Item = FetchedPage | FailedFetch | SkippedPage | Request

# Discovery resources first, then listed pages, then followed links: when both are queued,
# a page is fetched as listed (with its sitemap/feed dates) rather than as a link.
DISCOVERY_PRIORITY, LISTED_PRIORITY, LINK_PRIORITY = 10, 0, -10

# Why listed sitemaps were not requested (SitemapLimits), for the log.
_SITEMAP_SKIPS = {
    "depth": "more than SITEMAP_MAX_DEPTH={limits.max_depth} sitemap indexes deep",
    "count": "SITEMAP_MAX_COUNT={limits.max_count} sitemaps requested already",
}


@dataclass(frozen=True)
class PageReading:
    """What the CPU work on a fetched HTML page found (`ArticlesSpider._read`)."""

    over_budget: OverBudget | None
    is_article: bool
    links: list[str]


class ArticlesSpider(Spider):
    name = "articles"
    budget: Budget  # the cleaning budget, from the settings (set by from_crawler)
    found_pages: FoundPages  # pages found and requested (max_pages), set by from_crawler

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.params: CrawlParams = parse_params(kwargs)
        super().__init__(*args, **{k: v for k, v in kwargs.items() if k.startswith("_")})
        if self.params.strategy != "direct":
            self.allowed_domains = list(self.params.domains)
        self._links = LinkExtractor()
        # Listings (sitemap/feed) of pages already queued as links: used when fetched.
        self._listed_later: dict[bytes, Provenance] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArticlesSpider:
        spider: ArticlesSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        # In memory, or shared by the workers of a distributed crawl.
        spider.found_pages = open_found_pages(settings, spider.name, spider.params.max_pages)
        spider.sitemap_limits = open_sitemap_limits(settings, spider.name)
        spider.budget = page_budget(settings)
        return spider

    async def start(self) -> AsyncIterator[Request | FailedFetch | SkippedPage]:
        for bad in self.params.bad_urls:  # the rest of the list goes on
            if self.found_pages.first_bad_url(bad.url):
                self.crawler.stats.inc_value("pages/found")
            yield FailedFetch(bad.url, "bad_url", bad.detail, Provenance(bad.url, GIVEN))
        strategy = self.params.strategy
        for url in self.params.urls:
            if strategy == "direct":
                if page := self.given_page_request(url):
                    yield page
                continue
            if strategy in ("full", "sitemap"):
                yield self._discovery_request(urljoin(url, "/robots.txt"), self.parse_robots)
            if strategy == "full":
                start = Provenance(url, GIVEN)
                if page := self._page_request(url, start, link_depth=0, find_feeds=True):
                    yield page
            elif strategy == "feeds":
                yield self._discovery_request(url, self.parse_start_page)

    # -- discovery resources: robots.txt, sitemaps, feeds ------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """The sitemaps robots.txt lists.

        @demo_page robots.txt
        @returns requests 1 1
        @returns items 0 0
        """
        listed = list(sitemap_urls_from_robots(response.body, base_url=response.url))
        yield from self._sitemap_requests(response.url, listed)

    def parse_sitemap(self, response: Response) -> Iterator[Request | SkippedPage]:
        """The pages (and child sitemaps) a sitemap lists.

        @demo_page sitemap.xml
        @meta {"sitemap_depth": 0, "discovery_resource": "sitemap"}
        @returns requests 3 3
        @returns items 0 0
        """
        try:
            body = sitemap_body(response, max_size=self.settings.getint("DISCOVERY_MAXSIZE"))
        except SitemapTooLarge as error:
            self._discovery_too_large("sitemap", response.url, str(error))
            return
        if body is None:
            self.crawler.stats.inc_value("discovery/not_a_sitemap")
            return
        listing = XmlListing(body)
        children = []  # an index's sitemaps, requested once its pages are
        for entry in sitemap_entries(listing):
            if entry.is_sitemap:
                children.append(entry.loc)
                continue
            provenance = Provenance(entry.loc, SITEMAP, response.url, entry.listing_dates)
            if request := self._page_request(entry.loc, provenance, link_depth=0):
                yield request
        self._report_damaged("sitemap", response.url, listing)
        depth = response.meta["sitemap_depth"] + 1
        yield from self._limited_sitemap_requests(response.url, children, depth)

    def parse_start_page(self, response: Response) -> Iterator[Request]:
        """`feeds` strategy: the start page only tells where the feeds are."""
        yield from self._feed_requests(response)

    def parse_feed(self, response: Response) -> Iterator[Request | SkippedPage]:
        """The pages an RSS, Atom or JSON feed lists.

        @demo_page feed.xml
        @meta {"discovery_resource": "feed"}
        @returns requests 2 2
        @returns items 0 0
        """
        listing = XmlListing(response.body)
        for entry in feed_entries(listing, response.url):
            dates = {"feed_published": entry.published} if entry.published else {}
            provenance = Provenance(entry.link, FEED, response.url, dates)
            if request := self._page_request(entry.link, provenance, link_depth=0):
                yield request
        self._report_damaged("feed", response.url, listing)

    def discovery_failed(self, failure: Failure) -> Iterator[Request]:
        """A missing robots.txt, sitemap or feed is not a lost page: count it, move on."""
        request = failure.request
        resource = request.meta["discovery_resource"]
        problem = classify_failure(failure)
        if problem.reason == "too_large":
            self._discovery_too_large(resource, request.url, problem.detail)
        else:
            self.crawler.stats.inc_value(f"discovery/failed/{resource}")
            self.logger.info("No %s at %s (%s)", resource, request.url, problem.detail)
        if resource == "robots":  # no robots.txt: try the usual sitemap paths
            yield from self._sitemap_requests(request.url, [])
        elif resource == "start page":
            yield from self._probe_feeds(request.url)

    # -- pages -------------------------------------------------------------------------

    async def parse_page(self, response: Response) -> AsyncIterator[Item]:
        """Yield the page if it is an article; follow its links (strategy full).

        @demo_page 2026/03/school-choir-wins-regional-festival.html
        @given_page
        @returns items 1 1
        @returns requests 0 0
        @scrapes url status body content_type provenance fetched_at
        """
        meta = response.meta
        self.crawler.stats.inc_value("pages/fetched")
        # A binary body (a PDF sent as text/html) is yielded for its not_html rejection,
        # neither classified nor searched for links.
        is_html = isinstance(response, HtmlResponse) and not is_binary_content(response.body)
        depth = meta["link_depth"]
        follow = is_html and self.params.strategy == "full" and depth < self.params.max_depth
        reading = PageReading(over_budget=None, is_article=True, links=[])
        if is_html:
            # The budget check, the page's classification and its links parse the page: in
            # a thread, so that the crawl's event loop goes on downloading meanwhile.
            reading = await asyncio.to_thread(self._read, response, not meta.get("given"), follow)
        if reading.over_budget is not None:
            if meta.get("find_feeds"):  # the start page cannot tell: try the usual paths
                for probe in self._probe_feeds(response.url):
                    yield probe
            yield self._rejected_over_budget(response, reading.over_budget)
            return
        if meta.get("find_feeds"):
            for feed in self._feed_requests(response):
                yield feed
        if reading.is_article:
            yield FetchedPage(
                url=response.url,
                status=response.status,
                fetched_at=utc_now(),
                provenance=self._provenance(meta),
                content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
                body=response.body,
                archived=meta.get(WARC_META, {}),
            )
        else:
            yield SkippedPage(
                url=response.url,
                reason="hub",
                detail=self._hub_detail(follow),
                provenance=self._provenance(meta),
                status=response.status,
                fetched_at=utc_now(),
                archived=meta.get(WARC_META, {}),
            )
        for url in reading.links:
            provenance = Provenance(url, LINK, response.url)
            if request := self._page_request(url, provenance, link_depth=depth + 1):
                yield request

    def _read(self, response: Response, classify: bool, follow: bool) -> PageReading:
        """The CPU work on an HTML page, run in a thread (it touches no spider state): the
        budget check (one linear scan; a page over it is not parsed), then, if asked, its
        classification and its links."""
        try:
            self.budget.check(response.text)  # decoded: a UTF-16 page hides no tags
        except OverBudget as exc:
            return PageReading(over_budget=exc, is_article=False, links=[])
        is_article = is_article_page(response) if classify else True
        links = [link.url for link in self._links.extract_links(response)] if follow else []
        return PageReading(over_budget=None, is_article=is_article, links=links)

    def _rejected_over_budget(self, response: Response, exc: OverBudget) -> FailedFetch:
        return FailedFetch(
            url=response.url,
            reason=exc.reason,
            detail=exc.detail,
            provenance=self._provenance(response.meta),
            status=response.status,
            fetched_at=utc_now(),
            archived=response.meta.get(WARC_META, {}),
        )

    def page_failed(self, failure: Failure) -> Iterator[FailedFetch | SkippedPage | Request]:
        request = failure.request
        if failure.check(NotModified):  # a 304 revisit: unchanged, nothing to write
            yield SkippedPage(
                url=request.url,
                reason="not_modified",
                detail="304 Not Modified to a conditional revisit",
                provenance=self._provenance(request.meta),
                status=304,
                fetched_at=utc_now(),
                archived=request.meta.get(WARC_META, {}),
            )
            return
        problem = classify_failure(failure)
        if request.meta.get("find_feeds"):  # the start page failed; feeds may still exist
            yield from self._probe_feeds(request.url)
        yield FailedFetch(
            url=problem.url or request.url,
            reason=problem.reason,
            detail=problem.detail,
            provenance=self._provenance(request.meta),
            status=problem.status,
            fetched_at=utc_now() if problem.status is not None else None,
            archived=request.meta.get(WARC_META, {}),
        )

    # -- requests ----------------------------------------------------------------------

    def given_page_request(self, url: str) -> Request | SkippedPage | None:
        """The request for a given URL (strategy direct, `scrapy parse`): an article
        whatever it looks like, fetched whatever the seen-store says."""
        return self._page_request(url, Provenance(url, GIVEN), link_depth=0, given=True)

    def _page_request(
        self, url: str, provenance: Provenance, link_depth: int, **flags: bool
    ) -> Request | SkippedPage | None:
        """A request for a page (`flags` go into its meta); None if off the sites or already
        found; a `SkippedPage` the first time it is found beyond `max_pages`."""
        if self.params.strategy != "direct" and not self._on_allowed_site(url):
            self.crawler.stats.inc_value("pages/offsite")
            return None
        if (normal := page_url(url)) != url:
            self.crawler.stats.inc_value("pages/url_normalised")
            url, provenance = normal, replace(provenance, requested_url=normal)
        request = Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            meta={"provenance": provenance, "link_depth": link_depth, **flags},
            priority=LINK_PRIORITY if provenance.discovery == LINK else LISTED_PRIORITY,
        )
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        finding = self.found_pages.find(fingerprint)
        if finding is Finding.KNOWN:
            if provenance.discovery in (SITEMAP, FEED):
                self._listed_later.setdefault(fingerprint, provenance)
            return None
        if finding is Finding.FOUND_ELSEWHERE:
            request.meta["found_elsewhere"] = True  # counted by the worker that found it
        else:
            self.crawler.stats.inc_value("pages/found")
        if finding is Finding.OVER_LIMIT:
            detail = f"max_pages={self.params.max_pages} pages already requested"
            return SkippedPage(url, "max_pages", detail, provenance)
        request.meta["page_fingerprint"] = fingerprint
        return request

    def _hub_detail(self, followed: bool) -> str:
        if followed:
            return "not an article by its markup or URL: its links were followed"
        if self.params.strategy == "full":
            return f"not an article by its markup or URL: at max_depth={self.params.max_depth}"
        return (
            "not an article by its markup or URL: strategy "
            f"{self.params.strategy} follows no links"
        )

    def _provenance(self, meta: dict[str, Any]) -> Provenance:
        """How the page was found; a sitemap/feed listing that came after the link wins,
        for its dates."""
        listed = self._listed_later.pop(meta["page_fingerprint"], None)
        provenance: Provenance = meta["provenance"]
        return listed if listed is not None and provenance.discovery == LINK else provenance

    def _on_allowed_site(self, url: str) -> bool:
        # By host name, port ignored (LinkExtractor's allow_domains compares host:port).
        host = urlsplit(url).hostname or ""
        return any(host == domain or host.endswith("." + domain) for domain in self.allowed_domains)

    def _discovery_request(self, url: str, callback: Any) -> Request:
        resource = {
            self.parse_robots: "robots",
            self.parse_sitemap: "sitemap",
            self.parse_feed: "feed",
            self.parse_start_page: "start page",
        }[callback]
        return Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            # Sitemaps and feeds may be bigger than any page (up to 50 MB by the protocol).
            meta={
                "discovery_resource": resource,
                "download_maxsize": self.settings.getint("DISCOVERY_MAXSIZE"),
            },
            priority=DISCOVERY_PRIORITY,
        )

    def _discovery_too_large(self, resource: str, url: str, detail: str) -> None:
        """A discovery resource over DISCOVERY_MAXSIZE is not read: counted and logged."""
        self.crawler.stats.inc_value(f"discovery/too_large/{resource}")
        self.logger.warning(
            "Not reading the %s at %s: larger than DISCOVERY_MAXSIZE=%d bytes (%s)",
            resource, url, self.settings.getint("DISCOVERY_MAXSIZE"), detail,
        )

    def _report_damaged(self, resource: str, url: str, listing: XmlListing) -> None:
        """A sitemap or feed with XML errors was read as far as the parser could recover:
        its entries may be cut or missing, so it is counted and logged."""
        if problem := listing.problem:
            self.crawler.stats.inc_value(f"discovery/damaged/{resource}")
            self.logger.warning("The %s at %s is not well-formed XML (%s): read as far as "
                                "the parser recovered, entries may be cut or missing",
                                resource, url, problem)

    def _sitemap_requests(self, base_url: str, listed: list[str]) -> Iterator[Request]:
        """The sitemaps robots.txt lists, else the usual paths."""
        urls = listed or [urljoin(base_url, path) for path in COMMON_SITEMAP_PATHS]
        yield from self._limited_sitemap_requests(base_url, urls, depth=0)

    def _limited_sitemap_requests(self, via: str, urls: list[str], depth: int) -> Iterator[Request]:
        """Requests for the sitemaps that `via` (robots.txt, a sitemap index) lists, `depth`
        indexes deep, within the sitemap limits; the others are counted
        (`discovery/sitemaps_skipped/*`) and logged once per listing."""
        skipped: Counter[str] = Counter()
        for url in urls:
            refusal = self.sitemap_limits.refusal(url, depth)
            if refusal is None:
                request = self._discovery_request(url, self.parse_sitemap)
                request.meta["sitemap_depth"] = depth
                yield request
            elif refusal != "requested":  # the same sitemap listed again is no loss
                skipped[refusal] += 1
        for refusal, count in skipped.items():
            self.crawler.stats.inc_value(f"discovery/sitemaps_skipped/{refusal}", count)
            self.logger.warning(
                "Not requesting %d sitemaps listed in %s: %s",
                count, via, _SITEMAP_SKIPS[refusal].format(limits=self.sitemap_limits),
            )

    def _feed_requests(self, response: Response) -> Iterator[Request]:
        declared = feed_links(response) if isinstance(response, TextResponse) else []
        if not declared:
            yield from self._probe_feeds(response.url)
        for url in declared:
            yield self._discovery_request(url, self.parse_feed)

    def _probe_feeds(self, base_url: str) -> Iterator[Request]:
        for path in COMMON_FEED_PATHS:
            yield self._discovery_request(urljoin(base_url, path), self.parse_feed)
