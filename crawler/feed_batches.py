"""The name of a batched feed as a whole: its URI without the batch number.

With FEED_EXPORT_BATCH_ITEM_COUNT, Scrapy expands `%(batch_id)d` or `%(batch_time)s` in
the feed URI anew for each batch file (`out-%(batch_id)05d.jsonl.gz` -> `out-00001...`,
`out-00002...`). What belongs to the whole crawl rather than to one batch, such as the
raw archive, is named after the URI with those parts taken out, together with one
separator beside each: `out-00001.jsonl.gz` -> `out.jsonl.gz`. The other placeholders
(`%(time)s`, `%(name)s`) keep the values the feed got.
"""

from __future__ import annotations

import re

# A printf-style placeholder as Scrapy's feed URIs take them: %(name)[flags][width][.prec]type
_PLACEHOLDER = re.compile(r"%\((?P<name>[^)]+)\)[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?P<type>\w)")
_BATCH_PARAMS = ("batch_id", "batch_time")
_SEPARATORS = "-_."  # taken before a batch's value; after it, not "." (a suffix's dot)


def unbatched_uri(template: str, uri: str) -> str:
    """`uri`, one batch's URI expanded from the feed's `template`, without the text the
    batch placeholders put in it and one separator (`-`, `_` or `.`) beside each: before
    it if there is one, else after it (`-` or `_` only). `uri` as it is when `template` has no batch
    placeholder or `uri` does not follow it."""
    pattern, batch_groups, last = [], [], 0
    for number, match in enumerate(_PLACEHOLDER.finditer(template)):
        pattern.append(re.escape(template[last : match.start()]))
        # A number is digits (so that a value next to it, such as %(time)s, keeps its own).
        value = r"[-+ ]*\d+" if match["type"] in "diu" else ".*?"
        pattern.append(f"(?P<p{number}>{value})")
        if match["name"] in _BATCH_PARAMS:
            batch_groups.append(f"p{number}")
        last = match.end()
    pattern.append(re.escape(template[last:]))
    expanded = re.fullmatch("".join(pattern), uri, flags=re.S)
    if not batch_groups or expanded is None:
        return uri
    kept, position = [], 0
    for group in batch_groups:
        start, end = expanded.span(group)
        if start > position and uri[start - 1] in _SEPARATORS:
            start -= 1
        elif end < len(uri) and uri[end] in _SEPARATORS[:2]:
            end += 1
        kept.append(uri[position:start])
        position = end
    kept.append(uri[position:])
    return "".join(kept)
