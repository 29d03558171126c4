"""Add-on: a User-Agent naming the project and how to contact the operator."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from scrapy.settings import BaseSettings


def project_version() -> str:
    try:
        return version("article-corpus")
    except PackageNotFoundError:
        return "dev"


class ContactUserAgent:
    """Sets USER_AGENT to `article-corpus/<version> (+CONTACT_URL)` unless USER_AGENT was
    set on the command line or in settings (any priority above Scrapy's default)."""

    def update_settings(self, settings: BaseSettings) -> None:
        if (settings.getpriority("USER_AGENT") or 0) > 0:
            return
        contact = settings.get("CONTACT_URL")
        settings.set(
            "USER_AGENT", f"article-corpus/{project_version()} (+{contact})", priority="addon"
        )
