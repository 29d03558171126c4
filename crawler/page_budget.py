"""The crawl's cleaning budget, from its settings (README "Settings")."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from cleaners.budget import DEFAULT_BUDGET, Budget


def page_budget(settings: BaseSettings) -> Budget:
    """CLEANING_MAX_BYTES, CLEANING_MAX_ELEMENTS, CLEANING_MAX_DEPTH, CLEANING_CPU_SECONDS;
    the cleaning library's defaults for those not set."""
    return Budget(
        max_bytes=settings.getint("CLEANING_MAX_BYTES", DEFAULT_BUDGET.max_bytes),
        max_elements=settings.getint("CLEANING_MAX_ELEMENTS", DEFAULT_BUDGET.max_elements),
        max_depth=settings.getint("CLEANING_MAX_DEPTH", DEFAULT_BUDGET.max_depth),
        cpu_seconds=settings.getfloat("CLEANING_CPU_SECONDS", DEFAULT_BUDGET.cpu_seconds),
    )
