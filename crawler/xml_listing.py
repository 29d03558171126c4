"""Sitemaps and feeds read as a stream, with their XML errors kept for the log.

`lxml.etree.iterparse` reads one element at a time and each one read is dropped, so a
listing of many megabytes never becomes a whole tree. Entities declared in the document
itself are expanded (a URL holding one is not cut at it); external ones are never
fetched (no XXE) and, like undeclared ones (`&eacute;`), are left out of the text they
were in. Such errors do not stop the reading (recover mode): they are kept in `problem`
so the caller can report the listing as damaged instead of reading it short silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

from lxml import etree


def local_name(element: etree._Element) -> str:
    """The tag without its namespace ("" for comments and entities)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


class XmlListing:
    """The elements of an XML body, streamed; `problem` once they have been read."""

    def __init__(self, body: bytes) -> None:
        self._events = etree.iterparse(
            BytesIO(body), events=("start", "end"), recover=True, resolve_entities="internal",
            no_network=True, remove_comments=True, remove_pis=True,
        )
        self.root_name = ""
        try:
            _, root = next(self._events)
            self.root_name = local_name(root)
        except (StopIteration, etree.XMLSyntaxError):  # empty, or not XML at all
            self._events = iter(())

    def elements(self, names: set[str]) -> Iterator[etree._Element]:
        """Each element with one of these local names, once read whole; it and the
        elements before it are dropped when the caller asks for the next one."""
        try:
            for event, element in self._events:
                if event == "end" and local_name(element) in names:
                    yield element
                    _drop(element)
        except etree.XMLSyntaxError:  # cut short past recovery: what was read stands
            return

    @property
    def problem(self) -> str | None:
        """The XML errors met so far, summed up ("line 3: Entity 'eacute' not defined,
        and 2 more"), or None for a well-formed listing."""
        errors = getattr(self._events, "error_log", None)
        if not errors:
            return None
        first = errors[0]
        more = f", and {len(errors) - 1} more" if len(errors) > 1 else ""
        return f"line {first.line}: {first.message}{more}"


def child_text(element: etree._Element, name: str) -> str | None:
    """The stripped text of `element`'s first child with this local name, if any."""
    for child in element:
        if local_name(child) == name:
            return (child.text or "").strip()
    return None


def _drop(element: etree._Element) -> None:
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
