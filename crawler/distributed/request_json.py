"""The requests of a distributed crawl as JSON in Redis (SCHEDULER_SERIALIZER), not as
scrapy-redis's default pickles: a pickle read from Redis can run any code in the worker,
so whoever could write to Redis could take over every worker; JSON only becomes data.

A request is stored as its `Request.to_dict(spider=...)` (callback and errback by the
name of a spider method) and rebuilt with `request_from_dict`. Two kinds of values in it
are not JSON: bytes (the body, the page fingerprint in meta) are written as
`{"$bytes": base64}`, and the page's `Provenance` as `{"$provenance": {...}}`; header
names and values (bytes) as latin-1 text, which maps every byte to one character and back.
Any other value raises TypeError as the request is queued: a request that cannot be
stored is a bug to see, not a request to lose. Request subclasses (`_class`) are refused
both ways: rebuilding one would import and call whatever class the data names.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
from typing import Any

from crawler.items import Provenance

_BYTES, _PROVENANCE = "$bytes", "$provenance"


def _tagged(value: Any) -> dict[str, Any]:
    if isinstance(value, bytes):
        return {_BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, Provenance):
        return {_PROVENANCE: asdict(value)}
    raise TypeError(f"a request holding a {type(value).__name__} cannot be queued in Redis "
                    f"(JSON): {value!r}")


def _untagged(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        if _BYTES in value:
            return base64.b64decode(value[_BYTES])
        if _PROVENANCE in value:
            return Provenance(**value[_PROVENANCE])
    return value


def dumps(request: dict[str, Any]) -> str:
    """A request's dict (`Request.to_dict`) as JSON text."""
    if "_class" in request:
        raise TypeError(f"only plain Requests are queued in Redis, not {request['_class']}")
    headers = [[name.decode("latin-1"), [value.decode("latin-1") for value in values]]
               for name, values in request["headers"].items()]
    return json.dumps({**request, "headers": headers}, default=_tagged, sort_keys=True,
                      separators=(",", ":"))


def loads(text: bytes | str) -> dict[str, Any]:
    """The request dict for `request_from_dict` from JSON text (ValueError if it is not
    the JSON of a plain request)."""
    request = json.loads(text, object_hook=_untagged)
    if not isinstance(request, dict) or "_class" in request:
        raise ValueError("not the JSON of a plain request")
    request["headers"] = {name.encode("latin-1"): [value.encode("latin-1") for value in values]
                          for name, values in request["headers"]}
    return request
