"""Line and block rules on extracted text (placeholder: keeps every line)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.record import Removal


@dataclass
class Cleaned:
    text: str
    title: str = ""
    published: str | None = None
    modified: str | None = None
    removed: list[Removal] = field(default_factory=list)


def apply(text: str, domain: str | None = None, title: str | None = None) -> Cleaned:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Cleaned(text="\n".join(lines), title=title or "")
