"""Shared test fixtures: paths to the mission's seed texts and development bench."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found beside the checkout ({SHARED}); tests need it")
    return SHARED


BENCH_FIXTURES = {"articles_eval", "web_eval"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks (--dist loadgroup)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `pytest -n`, each group runs on one worker: a file's tests, so that its
    module-scoped fixtures (a crawl, a served site) are made once; and every test of the
    development bench, so that its session-scoped evaluations run once, not on each worker."""
    for item in items:
        bench = BENCH_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        group = "bench" if bench else item.path.relative_to(ROOT).as_posix()
        item.add_marker(pytest.mark.xdist_group(group))


def _bench_eval(name: str):
    # Imported here so that collecting tests that do not use the bench stays cheap.
    from cleaners.eval_run import evaluate_gold_set
    from cleaners.goldset import load_gold_set

    directory = SHARED / "bench" / name
    return evaluate_gold_set(str(directory), load_gold_set(directory), jobs=2)


@pytest.fixture(scope="session")
def articles_eval(shared_dir):
    """`cleaners eval`'s run on bench/articles: clean_html and bare trafilatura, once."""
    return _bench_eval("articles")


@pytest.fixture(scope="session")
def web_eval(shared_dir):
    """`cleaners eval`'s run on bench/web: clean_html and bare trafilatura, once."""
    return _bench_eval("web")
