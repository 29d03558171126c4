"""The crawl report names discovery problems, refused addresses and normalised URLs."""

import sys

from crawler.report import format_report


def test_discovery_address_and_url_counts_are_reported():
    stats = {
        "pages/found": 5, "pages/fetched": 4, "records/written": 3,
        "discovery/failed/feed": 2, "discovery/too_large/sitemap": 1,
        "address_policy/refused/private": 3, "address_policy/refused/loopback": 1,
        "pages/offsite": 7, "pages/url_normalised": 2,
    }
    report = format_report(stats, "articles", "finished").splitlines()
    assert "discovery:        failed/feed 2, too_large/sitemap 1" in report
    assert "address refused:  4  private 3, loopback 1" in report
    assert "urls:             offsite 7, url_normalised 2" in report


def test_quiet_crawls_have_no_such_lines():
    report = format_report({"pages/found": 1}, "articles", "finished")
    assert "discovery:" not in report and "address refused:" not in report
    assert "urls:" not in report


def test_requests_refused_on_purpose_are_no_errors():
    stats = {
        "pages/found": 4,
        "rejects/robots": 1,
        "rejects/address_refused": 1,
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 1,
        "downloader/exception_type_count/crawler.address_policy.AddressRefused": 1,
        "downloader/exception_type_count/twisted.internet.error.ConnectionRefusedError": 2,
        "downloader/exception_type_count/no.such.module.Failure": 1,
    }
    report = format_report(stats, "articles", "finished").splitlines()
    assert "errors by kind:   3  twisted.internet.error.ConnectionRefusedError 2, " \
        "no.such.module.Failure 1" in report
    assert "rejections:       2  address_refused 1, robots 1" in report


def test_an_exception_name_imports_no_module_outside_the_crawls_packages(monkeypatch):
    monkeypatch.delitem(sys.modules, "this", raising=False)
    stats = {"downloader/exception_type_count/this.Zen": 1}
    report = format_report(stats, "articles", "finished").splitlines()
    assert "errors by kind:   1  this.Zen 1" in report
    assert "this" not in sys.modules
