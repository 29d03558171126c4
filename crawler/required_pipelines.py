"""Add-on: refuse, before any request, a pipeline setup that cannot produce records.

The project's pipelines are in ITEM_PIPELINES_BASE, so ITEM_PIPELINES (`-s`, a spider's
custom_settings) adds to them or turns one off (`{"path": None}`), the way Scrapy's own
*_BASE settings work. Without the fetch-outcome and cleaning pipelines, fetched pages
would reach the feed exporter raw (a TypeError per page, an empty file, exit 0): the
crawl stops at start-up with `Error: ...` and exit status 2 instead.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object

REQUIRED_PIPELINES = (
    "crawler.pipelines.fetch_outcome.FetchOutcomePipeline",
    "crawler.pipelines.cleaning.CleaningPipeline",
)


class PipelineSetupError(ValueError):
    """ITEM_PIPELINES / ITEM_PIPELINES_BASE leave out a pipeline records need."""


def missing_pipelines(settings: BaseSettings) -> list[str]:
    """The REQUIRED_PIPELINES that no enabled item pipeline is (or subclasses)."""
    enabled = [
        load_object(component) if isinstance(component, str) else component
        for component in build_component_list(
            settings.get_component_priority_dict_with_base("ITEM_PIPELINES")
        )
    ]
    return [
        path
        for path in REQUIRED_PIPELINES
        if not any(
            isinstance(component, type) and issubclass(component, load_object(path))
            for component in enabled
        )
    ]


class RequiredPipelines:
    """Scrapy add-on (ADDONS setting) checking the item pipelines at start-up."""

    def update_settings(self, settings: BaseSettings) -> None:
        if missing := missing_pipelines(settings):
            raise PipelineSetupError(
                f"item pipeline(s) {', '.join(missing)} not enabled: without them no record "
                "can be written. ITEM_PIPELINES adds to the project's ITEM_PIPELINES_BASE; "
                'to turn one of ours off, map it to None, e.g. -s \'ITEM_PIPELINES='
                '{"crawler.scheduled.duplicates.DuplicatePipeline": null}\''
            )
