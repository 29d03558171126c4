"""Scrapy's own commands on this project, as a Scrapy user runs them (issue 12, item 3):
`fetch`, `parse`, `check` and `shell`-like tools leave nothing behind, `parse` shows the
record, `settings` shows the User-Agent sent, and the report and usage errors go to the
log when there is one (scrapyd's job log)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo import DEMO_SITE
from crawler.local_site import LocalSite, pages_from_directory
from crawler.user_agent import contact_user_agent
from tests.crawl_run import TEST_SETTINGS, crawl_env, run_crawl

ARTICLE = "/2026/03/school-choir-wins-regional-festival.html"
SENTENCE = "Forty pupils from the harbour school came home on Friday evening"


@pytest.fixture(scope="module")
def demo():
    with LocalSite() as site:
        site.pages.update(pages_from_directory(DEMO_SITE, site.base_url))
        yield site


def scrapy(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`scrapy ARGS` in `cwd` (no scrapy.cfg there: the project comes from the environment),
    with the crawl tests' settings."""
    settings = [arg for name, value in TEST_SETTINGS.items() for arg in ("-s", f"{name}={value}")]
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args, *settings], cwd=cwd, capture_output=True,
        text=True, timeout=timeout, env=crawl_env(),
    )


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_the_article_sentence_is_on_the_demo_page():
    assert SENTENCE in (DEMO_SITE / ARTICLE.lstrip("/")).read_text("utf-8")


def test_fetch_prints_the_page_and_writes_nothing(demo, tmp_path):
    done = scrapy(tmp_path, "fetch", "--nolog", demo.url(ARTICLE), "-s", "WARC_ARCHIVE=True")
    assert done.returncode == 0, done.stderr
    assert SENTENCE in done.stdout
    # no output/ feed, rejects, skipped log, archive (though asked for) or state
    assert files_under(tmp_path) == []


def test_parse_prints_the_record_the_crawl_would_write(demo, tmp_path):
    done = scrapy(tmp_path, "parse", "--nocolour", demo.url(ARTICLE))
    assert done.returncode == 0, done.stderr
    items = done.stdout.split("# Scraped Items")[1].split("# Requests")[0]
    assert SENTENCE in items  # the cleaned text, not the raw page
    assert "'page_type': 'article'" in items and "'removed':" in items
    assert "<html" not in items
    assert files_under(tmp_path) == []


def test_parse_prints_the_rejects_line_of_a_failed_page(demo, tmp_path):
    done = scrapy(tmp_path, "parse", "--nocolour", demo.url("/no-such-page.html"))
    assert done.returncode == 0, done.stderr
    items = done.stdout.split("# Scraped Items")[1]
    assert "'reason': 'http_status'" in items and "'detail': 'HTTP 404'" in items
    assert files_under(tmp_path) == []


def test_check_runs_the_contracts_on_the_demo_site(tmp_path):
    listed = scrapy(tmp_path, "check", "--list")
    assert listed.returncode == 0, listed.stderr
    for callback in ("parse_robots", "parse_sitemap", "parse_feed", "parse_page"):
        assert callback in listed.stdout
    done = scrapy(tmp_path, "check", "articles")
    assert done.returncode == 0, done.stderr
    assert "Ran 9 contracts" in done.stderr and done.stderr.rstrip().endswith("OK")
    assert files_under(tmp_path) == []


def test_settings_shows_the_user_agent_that_is_sent(tmp_path):
    def setting(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "settings", "--get", "USER_AGENT", *args],
            cwd=tmp_path, capture_output=True, text=True, timeout=60, env=crawl_env(),
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert setting() == contact_user_agent("https://github.com/article-corpus/article-corpus")
    assert setting("-s", "CONTACT_URL=https://ops.example/bot") == contact_user_agent(
        "https://ops.example/bot"
    )
    assert setting("-s", "CONTACT_URL=https://ops.example/bot", "-s", "USER_AGENT=mine") == "mine"


def test_the_crawl_sends_that_user_agent(tmp_path):
    agents = []

    def note_agent(path, headers, base_url):
        agents.append(headers.get("User-Agent"))
        return None  # then the page itself

    with LocalSite(respond=note_agent) as site:
        site.pages.update(pages_from_directory(DEMO_SITE, site.base_url))
        run = run_crawl(["-a", f"url={site.url(ARTICLE)}"], tmp_path, settings={
            "CONTACT_URL": "https://ops.example/bot", "STATE_DIR": str(tmp_path / "state"),
        })
    assert run.returncode == 0, run.stderr
    assert len(run.records) == 1
    assert agents and set(agents) == {contact_user_agent("https://ops.example/bot")}


def test_with_a_log_file_the_report_and_usage_errors_go_to_the_log(demo, tmp_path):
    log = tmp_path / "job.log"
    run = run_crawl(["-a", f"url={demo.url(ARTICLE)}"], tmp_path,
                    settings={"LOG_FILE": str(log), "STATE_DIR": str(tmp_path / "state")})
    assert run.returncode == 0, run.stderr
    assert "--- crawl report: articles (finished) ---" in log.read_text("utf-8")
    assert "crawl report" not in run.stderr

    bad = tmp_path / "bad.log"
    run = run_crawl(["-a", "strategy=bogus", "-a", f"url={demo.url(ARTICLE)}"], tmp_path,
                    settings={"LOG_FILE": str(bad)})
    assert run.returncode == 2
    assert "Error: strategy='bogus' is not one of" in bad.read_text("utf-8")
