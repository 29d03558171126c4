"""cleaners: turn one web page (HTML or naively extracted text) into one clean record.

Usable without Scrapy:

    >>> from cleaners import clean_text
    >>> clean_text("Headline\\n\\nFirst paragraph of the story.").title
    'Headline'
"""

from cleaners.pipeline import clean_html, clean_text
from cleaners.record import SCHEMA_VERSION, Record, Removal

__all__ = ["SCHEMA_VERSION", "Record", "Removal", "clean_html", "clean_text"]
