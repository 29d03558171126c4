"""Ordered parallel map: results come back in input order whatever the number of workers."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import TypeVar

from cleaners.worker_pool import WorkerPool

In = TypeVar("In")
Out = TypeVar("Out")

# Tasks queued per worker ahead of the results: workers never wait for the parent,
# and the inputs in flight stay few.
_AHEAD_PER_WORKER = 2


def ordered_map(
    func: Callable[[In], Out],
    items: Iterable[In],
    jobs: int,
    *,
    cpu_seconds: float | None = None,
    on_failure: Callable[[In, Exception], Out] | None = None,
) -> Iterator[Out]:
    """`func` over `items` in `jobs` worker processes, yielding in input order.

    `func` must be a module-level function (it is pickled to the workers). Results are
    yielded as soon as the next one in order is ready, so callers can write as they go.
    Each item may use `cpu_seconds` of CPU time (`cleaners.worker_pool`); an item whose
    worker failed (out of CPU time, or died) becomes `on_failure(item, error)`, or raises
    the error when `on_failure` is None. One job without a CPU limit runs in-process.
    """
    if jobs <= 1 and cpu_seconds is None:
        yield from map(func, items)
        return
    with WorkerPool(func, max(jobs, 1), cpu_seconds) as pool:
        pending: deque[tuple[In, Future[Out]]] = deque()
        for item in items:
            pending.append((item, pool.submit(item)))
            if len(pending) >= jobs * _AHEAD_PER_WORKER:
                yield _result(*pending.popleft(), on_failure)
        while pending:
            yield _result(*pending.popleft(), on_failure)


def _result(
    item: In, future: Future[Out], on_failure: Callable[[In, Exception], Out] | None
) -> Out:
    try:
        return future.result()
    except Exception as exc:
        if on_failure is None:
            raise
        return on_failure(item, exc)
