"""`scrapy settings`, showing the settings a crawl runs with: the project's add-ons
(ADDONS: the User-Agent built from CONTACT_URL, the default feed) applied, as a crawl
applies them."""

from __future__ import annotations

import argparse

from scrapy.commands.settings import Command as ScrapySettings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object


class Command(ScrapySettings):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        for path in build_component_list(self.settings.getdict("ADDONS")):
            addon = load_object(path) if isinstance(path, str) else path
            addon().update_settings(self.settings)
