"""Page URLs are normalised before they are requested (issue 12, item 5): tracking and
empty query parameters do not make a page look new, so it is fetched once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crawler.demo import DEMO_SITE
from crawler.local_site import LocalSite, pages_from_directory
from crawler.page_urls import page_url
from tests.crawl_run import run_crawl

FERRY = "/2026/03/harbour-ferry-returns-after-winter-repairs.html"
CHOIR = "/2026/03/school-choir-wins-regional-festival.html"
VARIANTS = [f"{FERRY}?utm_source=home&utm_medium=web", f"{FERRY}?s=", f"{CHOIR}?fbclid=IwAR0x",
            f"{CHOIR}?utm_campaign=spring"]


@pytest.mark.parametrize(("url", "requested"), [
    ("https://Example.org/a/page.html?s=&utm_source=x&id=3", "https://example.org/a/page.html?id=3"),
    ("https://example.org/a/?fbclid=abc", "https://example.org/a/"),
    ("http://example.org:80/a?page=2&q=b", "http://example.org/a?page=2&q=b"),
    ("https://example.org/a/b?b=2&a=1", "https://example.org/a/b?a=1&b=2"),
    ("https://example.org/plain.html", "https://example.org/plain.html"),
])
def test_page_url(url, requested):
    assert page_url(url) == requested


@pytest.mark.parametrize("url", [
    "https://example.org/search?q=caf%E9",  # Latin-1: courlan read it as UTF-8 (%EF%BF%BD)
    "https://example.org/item?id=%E9t%E9&page=2",
    "https://example.org/p;jsessionid=1?x=1",  # courlan escaped the ";"
    "https://example.org/%zz?%zz=1",  # a stray "%": courlan escaped it as %25
])
def test_a_url_whose_normalisation_would_ask_for_another_page_is_requested_as_given(url):
    assert page_url(url) == url


@pytest.mark.parametrize(("url", "requested"), [
    ("https://example.org/caf%E9?utm_source=x", "https://example.org/caf%E9"),
    ("https://example.org/café?q=é&fbclid=1", "https://example.org/caf%C3%A9?q=%C3%A9"),
    ("https://example.org/a b?q=a b&s=", "https://example.org/a%20b?q=a+b"),
    ("https://example.org/x?b=2&amp;a=1", "https://example.org/x?a=1&b=2"),  # escaped twice
])
def test_escapes_and_characters_are_kept_as_the_bytes_they_stand_for(url, requested):
    assert page_url(url) == requested


def test_a_given_url_with_latin1_escapes_is_fetched_as_given(tmp_path):
    with LocalSite() as site:
        site.pages.update(pages_from_directory(DEMO_SITE, site.base_url))
        given = f"{site.base_url}{CHOIR}?q=caf%E9"
        run = run_crawl(["-a", f"url={given}"], tmp_path)
        targets = list(site.targets)
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"{CHOIR}?q=caf%E9" in targets
    [record] = run.records
    assert record["requested_url"] == record["url"] == given


def test_a_page_linked_with_tracking_parameters_is_fetched_once(tmp_path):
    with LocalSite() as site:
        site.pages.update(pages_from_directory(DEMO_SITE, site.base_url))
        home = site.pages["/"]
        links = "".join(f'<p><a href="{url}">Again: {url}</a></p>' for url in VARIANTS)
        body = home.body.replace(b"</main>", links.encode() + b"</main>")
        site.pages["/"] = site.pages["/index.html"] = replace(home, body=body)
        run = run_crawl(["-a", f"site={site.base_url}/"], tmp_path,
                        settings={"STATE_DIR": str(tmp_path / "state")})
        targets = list(site.targets)
    assert run.returncode == 0, run.stderr[-3000:]
    assert targets.count(FERRY) == 1 and targets.count(CHOIR) == 1
    assert not [t for t in targets if "?" in t]  # no variant was requested
    urls = [record["url"] for record in run.records]
    assert sorted(urls) == sorted(set(urls)) and len(urls) == 4
    assert all("?" not in url for url in urls)
