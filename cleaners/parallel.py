"""Ordered parallel map: results come back in input order whatever the number of workers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


def ordered_map(func: Callable[[In], Out], items: Iterable[In], jobs: int) -> Iterator[Out]:
    """`func` over `items` in `jobs` processes (in-process for 1), yielding in input order.

    `func` must be a module-level function (it is pickled to the workers). Results are
    yielded as soon as the next one in order is ready, so callers can write as they go.
    """
    if jobs <= 1:
        yield from map(func, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(func, items)
