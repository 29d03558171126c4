"""The duplicate index in Redis, shared by every worker: exact hashes, MinHash signatures
and LSH bands, with the same signatures, bands and threshold as the SQLite index.

Two workers may clean two copies of one article at the same moment, so looking up and
keeping must be one step: `claim` runs as one Lua script (Redis runs a script alone),
which answers the duplicate or keeps the page, held by this worker until its record is
written (`add`) or dropped (`release`). A worker killed between the two leaves its holds
in `<prefix>:dedup:held:<worker>`, released when its leases are taken back.

Why not datasketch's Redis storage for MinHashLSH: its lookups and inserts are separate
round trips (two workers could both keep one article), its band keys are the raw band
bytes (8 bytes a row) where ours are one 64-bit hash a band, and it keeps no signatures,
which the confirmation of a band hit (the Jaccard estimate against the threshold) needs.
"""

from __future__ import annotations

import numpy as np
import redis

from crawler.scheduled.dedup_index import (
    SIGNATURE_FORMAT,
    Duplicate,
    Fingerprint,
    IncompatibleIndex,
    band_keys,
    lsh_shape,
    stored_minhash,
)

_PACKED_SIG = """
local function split(packed)
  local a = string.find(packed, '\\n', 1, true)
  local b = string.find(packed, '\\n', a + 1, true)
  return string.sub(packed, 1, a - 1), string.sub(packed, a + 1, b - 1), string.sub(packed, b + 1)
end
"""

# ARGV: prefix, record id, url, content hash, signature, threshold, mode, held set,
# band keys... Mode "claim": answer {record id, kind, similarity} of a duplicate, or keep
# the page and hold it; mode "keep": keep it (if not kept yet) and end its hold.
_CLAIM = _PACKED_SIG + """
local p, rid, url, ch, sig = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local threshold, mode, held = tonumber(ARGV[6]), ARGV[7], ARGV[8]
local nbands = #ARGV - 8
local sigs = p .. ':dedup:sig'
if mode == 'claim' then
  local first = redis.call('HGET', p .. ':dedup:exact', ch)
  if first then
    local packed = redis.call('HGET', sigs, first)
    if packed and split(packed) ~= url then return {first, 'exact', '1'} end
  end
  local best, best_equal, tried = nil, -1, {}
  for i = 1, nbands do
    local ids = redis.call('HGET', p .. ':dedup:band:' .. (i - 1), ARGV[8 + i])
    for other in string.gmatch(ids or '', '%S+') do
      if not tried[other] then
        tried[other] = true
        local packed = redis.call('HGET', sigs, other)
        if packed then
          local other_url, _, other_sig = split(packed)
          if other_url ~= url then
            local equal = 0
            for j = 1, #sig, 4 do
              if string.sub(sig, j, j + 3) == string.sub(other_sig, j, j + 3) then
                equal = equal + 1
              end
            end
            if equal > best_equal or (equal == best_equal and other < best) then
              best, best_equal = other, equal
            end
          end
        end
      end
    end
  end
  local similarity = best_equal / (#sig / 4)
  if best and similarity >= threshold then return {best, 'near', tostring(similarity)} end
end
if redis.call('HSETNX', sigs, rid, url .. '\\n' .. ch .. '\\n' .. sig) == 1 then
  redis.call('HSETNX', p .. ':dedup:exact', ch, rid)
  for i = 1, nbands do
    local band, key = p .. ':dedup:band:' .. (i - 1), ARGV[8 + i]
    local ids = redis.call('HGET', band, key)
    redis.call('HSET', band, key, ids and (ids .. ' ' .. rid) or rid)
  end
end
if mode == 'claim' then redis.call('SADD', held, rid) else redis.call('SREM', held, rid) end
return false
"""

# ARGV: prefix, record id, held set, band keys...: forget a held page never written.
_RELEASE = _PACKED_SIG + """
local p, rid, held = ARGV[1], ARGV[2], ARGV[3]
local sigs = p .. ':dedup:sig'
local packed = redis.call('HGET', sigs, rid)
redis.call('SREM', held, rid)
if not packed then return 0 end
local _, ch = split(packed)
redis.call('HDEL', sigs, rid)
if redis.call('HGET', p .. ':dedup:exact', ch) == rid then
  redis.call('HDEL', p .. ':dedup:exact', ch)
end
for i = 4, #ARGV do
  local band, key = p .. ':dedup:band:' .. (i - 4), ARGV[i]
  local kept = {}
  for other in string.gmatch(redis.call('HGET', band, key) or '', '%S+') do
    if other ~= rid then table.insert(kept, other) end
  end
  if #kept == 0 then redis.call('HDEL', band, key)
  else redis.call('HSET', band, key, table.concat(kept, ' ')) end
end
return 1
"""


class RedisDedupIndex:
    """Which kept record, if any, an article duplicates, for every worker at once."""

    def __init__(self, client: redis.Redis, prefix: str, worker: str, threshold: float = 0.8):
        if not 0 < threshold <= 1:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
        self.client = client
        self.prefix = prefix
        self.threshold = threshold
        self.bands, self.rows = lsh_shape(threshold)
        self.held = f"{prefix}:dedup:held:{worker}"
        self._claim = client.register_script(_CLAIM)
        self._release = client.register_script(_RELEASE)
        self._check_format()

    def _check_format(self) -> None:
        key = f"{self.prefix}:dedup:format"
        self.client.setnx(key, SIGNATURE_FORMAT)
        stored = self.client.get(key).decode()
        if stored != SIGNATURE_FORMAT:
            raise IncompatibleIndex(
                f"the dedup index in Redis was built with signatures {stored!r}, this version "
                f"makes {SIGNATURE_FORMAT!r}: use another REDIS_KEY_PREFIX"
            )

    def claim(self, record_id: str, page: Fingerprint) -> Duplicate | None:
        """The kept (or held) record of another URL that `page` duplicates; if none, keep
        `page` as `record_id`, held by this worker until `add` or `release`."""
        found = self._run(self._claim, "claim", record_id, page)
        if not found:
            return None
        other, kind, similarity = (value.decode() for value in found)
        return Duplicate(other, kind, round(float(similarity), 4))

    def add(self, record_id: str, page: Fingerprint) -> None:
        """Keep a written record (if it is not kept yet) and end its hold."""
        self._run(self._claim, "keep", record_id, page)

    def release(self, record_id: str) -> None:
        """Forget a held page whose record was not written."""
        self._forget(record_id, self.held)

    def release_held(self, worker: str) -> int:
        """Release every page a (dead) worker held; return how many."""
        held = f"{self.prefix}:dedup:held:{worker}"
        members = [member.decode() for member in self.client.smembers(held)]
        for record_id in members:
            self._forget(record_id, held)
        return len(members)

    def _forget(self, record_id: str, held: str) -> None:
        packed = self.client.hget(f"{self.prefix}:dedup:sig", record_id)
        keys = [] if packed is None else band_keys(
            stored_minhash(packed.split(b"\n", 2)[2]), self.bands, self.rows
        )
        self._release(args=[self.prefix, record_id, held, *keys])

    def _run(self, script: redis.commands.core.Script, mode: str, record_id: str,
             page: Fingerprint) -> list[bytes] | None:
        signature = page.minhash.hashvalues.astype(np.uint32).tobytes()
        keys = band_keys(page.minhash, self.bands, self.rows)
        return script(args=[self.prefix, record_id, page.url, page.content_hash, signature,
                            repr(self.threshold), mode, self.held, *keys])
