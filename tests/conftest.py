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


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook
def pytest_xdist_make_scheduler(config, log):
    """Under `pytest -n` (pytest-xdist, --dist loadfile): each file's tests run on one
    worker, so that its module-scoped fixtures (a crawl, a served site) are made once; and
    the development bench's files (test_bench_*.py) on one worker together, so that their
    session-scoped evaluations run once, not on each worker."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FileAndBenchScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = super()._split_scope(nodeid)
            return "bench" if Path(path).name.startswith("test_bench_") else path

    return FileAndBenchScheduling(config, log)


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


@pytest.fixture
def story_pruned(monkeypatch):
    """prune takes the page's <article> away, as a wrong rule would: the safety net's
    reference path must bring the story back."""
    from cleaners import prune

    def wrong_prune(tree, article=True, paragraphs=None):
        tree.css_first("article").decompose()
        return []

    monkeypatch.setattr(prune, "prune", wrong_prune)
