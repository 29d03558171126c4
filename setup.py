"""Shim for `scrapyd-deploy`, which builds the project egg with `setup.py bdist_egg`.

Everything (packages, package data, the `scrapy` settings entry point) comes from
pyproject.toml; without this file scrapyd-deploy would write its own setup.py, whose
egg lacks the cleaners' rule and schema files.
"""

from setuptools import setup

setup()
