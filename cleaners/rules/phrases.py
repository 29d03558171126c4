"""Phrase rules loaded from data files: generic.toml and per-site packs in sites/.

A phrase rule removes whole lines that match one of its patterns entirely (see generic.toml
for the format). Site packs use the same format in `sites/<domain>.toml` and apply to that
domain and its subdomains; extra packs can be added with the CLEANERS_SITE_RULES directory.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

# `regex` (already required by dateparser) gives \p{Lu} and other Unicode classes.
import regex

from cleaners.rules.lines import Document, Line

# Package resources, not file paths: the rules must load from a zipped egg (scrapyd) too.
RULES_DIR: Traversable = files("cleaners.rules")
SITE_RULES_ENV = "CLEANERS_SITE_RULES"


@dataclass(frozen=True)
class PhraseRule:
    id: str
    max_words: int
    case_sensitive: bool
    html_only: bool
    pattern: regex.Pattern[str]


def _compile(entry: dict, prefix: str, source: Traversable) -> PhraseRule:
    try:
        alternatives = "|".join(f"(?:{p})" for p in entry["patterns"])
        return PhraseRule(
            id=prefix + entry["id"],
            max_words=int(entry.get("max_words", 12)),
            case_sensitive=bool(entry.get("case_sensitive", False)),
            html_only=bool(entry.get("html_only", False)),
            pattern=regex.compile(alternatives),
        )
    except (KeyError, regex.error) as exc:
        raise ValueError(f"{source}: bad rule {entry.get('id', '?')!r}: {exc}") from exc


def load_rules(path: Traversable, prefix: str = "") -> tuple[PhraseRule, ...]:
    """Read one rule file; a malformed file raises ValueError naming the file and rule."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from exc
    return tuple(_compile(entry, prefix, path) for entry in data.get("rule", []))


@cache
def generic_rules() -> tuple[PhraseRule, ...]:
    return load_rules(RULES_DIR / "generic.toml")


def _site_dirs() -> list[Traversable]:
    dirs: list[Traversable] = [RULES_DIR / "sites"]
    extra = os.environ.get(SITE_RULES_ENV)
    if extra:
        dirs.append(Path(extra))
    return dirs


@cache
def _site_rules_cached(domain: str, dirs: tuple[Traversable, ...]) -> tuple[PhraseRule, ...]:
    labels = domain.split(".")
    rules: list[PhraseRule] = []
    for i in range(len(labels) - 1):
        suffix = ".".join(labels[i:])
        for directory in dirs:
            pack = directory / f"{suffix}.toml"
            if pack.is_file():
                rules.extend(load_rules(pack, prefix=f"site:{suffix}:"))
    return tuple(rules)


def site_rules(domain: str | None) -> tuple[PhraseRule, ...]:
    """Rules of the packs for `domain` and its parent domains (www.a.com -> a.com)."""
    if not domain:
        return ()
    return _site_rules_cached(domain.lower(), tuple(_site_dirs()))


def _compile_combined(source: str) -> re.Pattern[str] | regex.Pattern[str]:
    """The stdlib engine where it can read the pattern: on these long alternations it
    matches in about half the time `regex` takes (measured on the development pages).
    `regex` for what only it knows, such as the Unicode classes \\p{Lu}."""
    try:
        return re.compile(source)
    except re.error:
        return regex.compile(source)


# Characters a rule allows a line for each of its `max_words`. On the 589 bench pages the
# lines phrase rules matched took at most 6.4 (a 159-character credit line under
# max_words 25); three times that leaves room for long words and addresses. A longer line
# (a run of punctuation has few words) is no match and is not tried: the patterns' cost
# grows faster than the line.
MAX_CHARS_PER_WORD = 20


class PhraseMatcher:
    """All rules of a rule set in a few combined patterns: one per distinct `max_words`
    bound (a line is tried only against rules long enough for it, in words and in
    characters) and per case mode. The first matching rule in file order wins, as if the
    rules were tried one by one."""

    def __init__(self, rules: tuple[PhraseRule, ...]) -> None:
        self.rules = rules
        self.bounds = sorted({rule.max_words for rule in rules})
        self.patterns = [self._combine(bound) for bound in self.bounds]

    def _combine(self, bound: int) -> tuple[re.Pattern[str] | regex.Pattern[str] | None, ...]:
        combined = []
        for case_sensitive in (False, True):
            groups = [
                f"(?P<r{i}>{rule.pattern.pattern})"
                for i, rule in enumerate(self.rules)
                if rule.max_words >= bound and rule.case_sensitive == case_sensitive
            ]
            combined.append(_compile_combined("|".join(groups)) if groups else None)
        return tuple(combined)

    def first_match(self, line: Line) -> PhraseRule | None:
        size = max(line.words, math.ceil(len(line.plain) / MAX_CHARS_PER_WORD))
        for bound, patterns in zip(self.bounds, self.patterns, strict=True):
            if size <= bound:
                folded, plain = patterns
                break
        else:
            return None
        hits = []
        for pattern, subject in ((folded, line.folded), (plain, line.plain)):
            match = pattern.fullmatch(subject) if pattern is not None else None
            if match:
                hits.extend(int(name[1:]) for name, text in match.groupdict().items()
                            if text is not None)
        return self.rules[min(hits)] if hits else None


@cache
def _matcher(rules: tuple[PhraseRule, ...]) -> PhraseMatcher:
    return PhraseMatcher(rules)


def remove_phrases(doc: Document, rules: tuple[PhraseRule, ...], from_html: bool) -> None:
    """Mark every kept line that one of `rules` matches, with the first rule's id; rules
    marked `html_only` apply only to text extracted from HTML."""
    matcher = _matcher(tuple(rule for rule in rules if from_html or not rule.html_only))
    for line in doc.kept():
        rule = matcher.first_match(line)
        if rule is not None:
            doc.remove(line, rule.id)
