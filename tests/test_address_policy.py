"""The address policy: given URLs and redirects to loopback, private and other non-global
addresses are refused before any connection, each as an `address_refused` reject.

Everything is served on 127.0.0.1; other addresses come from a stub resolver
(tests/stub_resolver.py) and are refused, so never connected to.
"""

from __future__ import annotations

import ipaddress
import json

import pytest

from crawler.address_policy import literal_address, refused_category
from crawler.local_site import LocalSite, Page
from tests.crawl_run import CrawlRun, run_crawl
from tests.news_site import HTML, charset_article

ARTICLE = "/news/2019/11/zoe-reopens-her-cafe-in-malmo-after-the-flood.html"
# Where news.test's pages redirect (on 127.0.0.1), each requested by nothing else.
MOVED_TO, REFRESHED_TO = "/internal/moved.html", "/internal/refreshed.html"
# Made-up names: the stub resolver answers them, no DNS query is made.
STUB_ADDRESSES = {
    "intranet.test": "10.0.0.5",
    "metadata.test": "169.254.169.254",
    "news.test": "127.0.0.1",  # the allowed host of the redirect tests: the local site
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlRun, LocalSite, int]:
    """One crawl with the policy on (the default) of private URLs given directly, and of
    an allowed host (news.test) whose pages redirect to 127.0.0.1."""
    with LocalSite() as site:
        port = int(site.base_url.rpartition(":")[2])
        site.pages[ARTICLE] = Page(charset_article(), 200, HTML)
        site.pages[MOVED_TO] = site.pages[REFRESHED_TO] = site.pages[ARTICLE]
        site.pages["/moved"] = Page(b"", 302, {"Location": f"http://127.0.0.1:{port}{MOVED_TO}"})
        target = f"http://127.0.0.1:{port}{REFRESHED_TO}"
        refresh = f'<html><head><meta http-equiv="refresh" content="0;url={target}">'
        site.pages["/refresh"] = Page(refresh.encode() + b"</head><body></body></html>", 200, HTML)
        given = [
            f"http://127.0.0.1:{port}{ARTICLE}",
            f"http://2130706433:{port}{ARTICLE}",
            f"http://0x7f000001:{port}{ARTICLE}",
            f"http://intranet.test:{port}{ARTICLE}",
            "http://metadata.test/latest/meta-data/",
            f"http://news.test:{port}/moved",
            f"http://news.test:{port}/refresh",
        ]
        run = run_crawl(
            ["-a", "urls=" + ",".join(given)],
            cwd=tmp_path_factory.mktemp("address-policy"),
            settings={
                "ALLOW_PRIVATE_ADDRESSES": "False",
                "ALLOWED_PRIVATE_HOSTS": "news.test",
                "TWISTED_DNS_RESOLVER": "tests.stub_resolver.StubResolver",
                "STUB_ADDRESSES": json.dumps(STUB_ADDRESSES),
                # Never a connection to a stubbed address, whatever the policy does.
                "DOWNLOAD_HANDLERS": json.dumps(
                    {"http": "tests.stub_resolver.LoopbackOnlyHandler"}
                ),
            },
        )
        requested = list(site.requests)
    assert run.returncode == 0, run.stderr[-3000:]
    return run, requested, port


def _rejects(run: CrawlRun) -> dict[str, tuple[str, str]]:
    return {r["requested_url"]: (r["reason"], r["detail"]) for r in run.rejects}


def test_given_loopback_url_is_refused(crawled):
    run, _, port = crawled
    assert _rejects(run)[f"http://127.0.0.1:{port}{ARTICLE}"] == (
        "address_refused", "127.0.0.1: loopback address"
    )


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001"])
def test_integer_and_hex_forms_of_loopback_are_refused(crawled, host):
    run, _, port = crawled
    assert _rejects(run)[f"http://{host}:{port}{ARTICLE}"] == (
        "address_refused", f"{host} (127.0.0.1): loopback address"
    )


def test_host_resolving_to_a_private_address_is_refused(crawled):
    run, _, port = crawled
    assert _rejects(run)[f"http://intranet.test:{port}{ARTICLE}"] == (
        "address_refused", "intranet.test (10.0.0.5): private address"
    )


def test_host_resolving_to_the_metadata_address_is_refused(crawled):
    run, _, _ = crawled
    assert _rejects(run)["http://metadata.test/latest/meta-data/"] == (
        "address_refused", "metadata.test (169.254.169.254): link-local address"
    )


def test_redirect_from_an_allowed_host_to_loopback_is_refused(crawled):
    run, _, port = crawled
    reject = next(r for r in run.rejects if r["requested_url"].endswith("/moved"))
    assert (reject["url"], reject["reason"]) == (
        f"http://127.0.0.1:{port}{MOVED_TO}", "address_refused"
    )


def test_meta_refresh_to_loopback_is_refused(crawled):
    run, _, port = crawled
    reject = next(r for r in run.rejects if r["requested_url"].endswith("/refresh"))
    assert (reject["url"], reject["reason"]) == (
        f"http://127.0.0.1:{port}{REFRESHED_TO}", "address_refused"
    )


def test_a_refusal_is_logged_as_a_warning_once_per_host_with_how_to_allow_it(crawled):
    run, _, _ = crawled
    lines = run.stderr.splitlines()
    warnings = [line for line in lines if "WARNING" in line and "refused " in line]
    # 127.0.0.1 is refused three times (given, and the two redirects' targets).
    details = [detail for _, detail in _rejects(run).values()]
    assert details.count("127.0.0.1: loopback address") == 3
    assert sum("refused 127.0.0.1: loopback address" in line for line in warnings) == 1
    assert any("refused intranet.test (10.0.0.5): private address" in line for line in warnings)
    assert all("ALLOW_PRIVATE_ADDRESSES=True" in line for line in warnings)


def test_no_refused_page_reaches_the_server_or_the_corpus(crawled):
    run, requested, _ = crawled
    assert run.records == []
    assert not {ARTICLE, MOVED_TO, REFRESHED_TO} & set(requested)
    assert {"/moved", "/refresh"} <= set(requested)  # the allowed host was crawled


@pytest.mark.parametrize(
    ("address", "category"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("10.0.0.5", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not global"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_refused_category(address, category):
    assert refused_category(ipaddress.ip_address(address)) == category


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1"])
def test_numeric_hosts_read_as_the_resolver_reads_them(host):
    assert literal_address(host) == ipaddress.IPv4Address("127.0.0.1")


def test_a_host_name_is_not_a_literal_address():
    assert literal_address("news.test") is None
