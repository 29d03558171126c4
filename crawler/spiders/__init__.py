"""Spiders of the project: `articles` (see crawler/spiders/articles.py)."""
