"""WorkerPool: a task over its CPU time fails alone as `timeout` and its worker is
replaced; the other tasks go on."""

from __future__ import annotations

import os
import time

import pytest

from cleaners.budget import TIMEOUT, OverBudget
from cleaners.parallel import ordered_map
from cleaners.worker_pool import WorkerDied, WorkerPool


def spin(seconds: float) -> int:
    """Burn CPU in Python for `seconds`, then return the worker's pid."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return os.getpid()


def parse_nested(depth: int) -> int:
    """Parse `depth` nested divs: one long call into C (lexbor), quadratic in `depth`."""
    from selectolax.lexbor import LexborHTMLParser

    LexborHTMLParser("<div>" * depth)
    return os.getpid()


def die(code: int) -> None:
    os._exit(code)


def test_tasks_run_in_the_worker_processes():
    with WorkerPool(spin, workers=2, cpu_seconds=5) as pool:
        pids = {pool.submit(0.01).result(timeout=60) for _ in range(6)}
    assert 1 <= len(pids) <= 2 and os.getpid() not in pids


def test_a_task_over_its_cpu_time_fails_alone():
    with WorkerPool(spin, workers=2, cpu_seconds=1) as pool:
        runaway = pool.submit(60)
        beside = [pool.submit(0.05) for _ in range(4)]
        started = time.monotonic()
        with pytest.raises(OverBudget) as over:
            runaway.result(timeout=30)
        assert time.monotonic() - started < 10
        assert (over.value.reason, over.value.detail) == (TIMEOUT, "over 1 s of CPU time")
        assert all(isinstance(task.result(timeout=30), int) for task in beside)


def test_the_worker_of_a_task_over_its_cpu_time_is_replaced():
    with WorkerPool(spin, workers=1, cpu_seconds=1) as pool:
        first = pool.submit(0.01).result(timeout=30)
        with pytest.raises(OverBudget):
            pool.submit(60).result(timeout=30)
        replacement = pool.submit(0.01).result(timeout=30)
    assert replacement != first


def test_cpu_limit_holds_inside_c_code():
    # 300,000 nested divs keep lexbor busy for about a minute without returning to Python.
    with WorkerPool(parse_nested, workers=1, cpu_seconds=1) as pool:
        started = time.monotonic()
        with pytest.raises(OverBudget):
            pool.submit(300_000).result(timeout=60)
        assert time.monotonic() - started < 15
        assert pool.submit(10).result(timeout=30) in pool.pids


def test_a_worker_that_dies_fails_its_task_and_is_replaced():
    with WorkerPool(die, workers=1) as pool:
        with pytest.raises(WorkerDied, match="exit code 3"):
            pool.submit(3).result(timeout=30)
        assert len(pool.pids) == 1


def test_an_argument_that_cannot_be_pickled_fails_its_task_only():
    with WorkerPool(spin, workers=1) as pool:
        with pytest.raises(Exception, match="pickle"):
            pool.submit(lambda: 0).result(timeout=30)
        assert isinstance(pool.submit(0.01).result(timeout=30), int)


def test_ordered_map_turns_a_task_over_its_cpu_time_into_its_failure_in_order():
    results = ordered_map(
        spin, [0.01, 60, 0.01], jobs=1, cpu_seconds=1,
        on_failure=lambda seconds, error: f"{seconds}: {error}",
    )  # fmt: skip
    first, failed, last = list(results)
    assert failed == "60: timeout: over 1 s of CPU time"
    assert isinstance(first, int) and isinstance(last, int) and first != last
