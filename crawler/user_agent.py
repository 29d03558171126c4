"""The User-Agent names the project and how to reach whoever runs the crawl.

settings.py sets USER_AGENT to `contact_user_agent(CONTACT_URL)`, so `scrapy settings
--get USER_AGENT` shows what is sent. The add-on keeps the two in step when only
CONTACT_URL is changed (`-s CONTACT_URL=...`, or a spider's custom_settings).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from scrapy.settings import BaseSettings


def project_version() -> str:
    try:
        return version("article-corpus")
    except PackageNotFoundError:
        return "dev"


def contact_user_agent(contact_url: str) -> str:
    return f"article-corpus/{project_version()} (+{contact_url})"


class ContactUserAgent:
    """Add-on: USER_AGENT follows a CONTACT_URL set above USER_AGENT's own priority
    (a USER_AGENT set as high or higher is the user's, and is kept)."""

    def update_settings(self, settings: BaseSettings) -> None:
        contact_priority = settings.getpriority("CONTACT_URL") or 0
        if contact_priority > (settings.getpriority("USER_AGENT") or 0):
            user_agent = contact_user_agent(settings.get("CONTACT_URL"))
            settings.set("USER_AGENT", user_agent, priority=contact_priority)
