"""Exact and near-duplicate lookup over every record kept, stored on disk.

Exact duplicates share `content_hash`. Near-duplicates are found with datasketch
MinHash signatures of 5-word shingles and LSH banding. datasketch's own LSH storage
is either in memory or in Redis/Cassandra (servers we do not want to run), so the
bands live here in an SQLite table keyed by band number and band hash, pointing to the
kept record's signature. A band hit is only a candidate; it is confirmed by the Jaccard estimate of
the two stored signatures against the threshold, as datasketch's LSH would.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from cleaners.record import normalise_text
from crawler.scheduled.state_db import transaction

# 256 permutations keep the Jaccard estimate within about +-0.02 of the true value near 0.9.
NUM_PERM = 256
# Named, not left to the default: stored signatures are only comparable within one scheme.
SCHEME = "affine32"
_HASH_DTYPE = np.uint32
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")

# One row per kept record; its LSH bands point to it by integer id, in a table that is its
# own index (WITHOUT ROWID), which keeps the state file small (about 2 KB a record).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS signature (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    hashvalues BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS signature_by_hash ON signature (content_hash);
CREATE TABLE IF NOT EXISTS band (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,
    signature INTEGER NOT NULL,
    PRIMARY KEY (band, key, signature)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Duplicate:
    """The record an article duplicates, and how: `kind` is "exact" or "near"."""

    record_id: str
    kind: str
    similarity: float


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of `size`-word shingles of the normalised text (the whole text if shorter)."""
    words = _WORD.findall(normalise_text(text))
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """MinHash of the text's shingles; the fixed datasketch seed makes it the same every run."""
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(sorted(shingles(text)))
    return minhash


@dataclass(frozen=True)
class Fingerprint:
    """What duplicates are judged on: the page's URL, its content hash and its MinHash."""

    url: str
    content_hash: str
    minhash: MinHash

    @classmethod
    def of(cls, url: str, content_hash: str, text: str) -> Fingerprint:
        return cls(url, content_hash, signature(text))


@cache
def lsh_shape(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for `threshold`, weighting misses over
    false hits (every hit is confirmed on the signatures anyway). Computed once: slow."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.1, 0.9))
    return lsh.b, lsh.r


def best_match(
    page: Fingerprint, candidates: Iterable[tuple[str, Fingerprint]], threshold: float
) -> Duplicate | None:
    """The candidate (record id, fingerprint) of another URL that `page` duplicates most."""
    best: Duplicate | None = None
    for record_id, other in candidates:
        if other.url == page.url:
            continue
        if other.content_hash == page.content_hash:
            return Duplicate(record_id, "exact", 1.0)
        similarity = page.minhash.jaccard(other.minhash)
        if similarity >= threshold and (best is None or similarity > best.similarity):
            best = Duplicate(record_id, "near", round(similarity, 4))
    return best


class DedupIndex:
    """Which kept record, if any, an article duplicates; `add` keeps a new record.

    Records of the same URL are never duplicates of each other: a page's new version
    is expected to look like its previous one.
    """

    def __init__(self, conn: sqlite3.Connection, threshold: float = 0.8):
        if not 0 < threshold <= 1:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
        self.conn = conn
        self.threshold = threshold
        self.bands, self.rows = lsh_shape(threshold)
        conn.executescript(_SCHEMA)

    def find(self, page: Fingerprint) -> Duplicate | None:
        """The first kept record (of another URL) that `page` duplicates, or None."""
        row = self.conn.execute(
            "SELECT record_id FROM signature WHERE content_hash = ? AND url != ?"
            " ORDER BY id LIMIT 1",
            (page.content_hash, page.url),
        ).fetchone()
        if row:
            return Duplicate(row[0], "exact", 1.0)
        return best_match(page, self._candidates(page), self.threshold)

    def add(self, record_id: str, page: Fingerprint) -> None:
        """Keep a record: later articles are compared with it. Committed at once."""
        hashvalues = page.minhash.hashvalues.astype(_HASH_DTYPE).tobytes()
        with transaction(self.conn):
            inserted = self.conn.execute(
                "INSERT OR IGNORE INTO signature (record_id, url, content_hash, hashvalues)"
                " VALUES (?, ?, ?, ?)",
                (record_id, page.url, page.content_hash, hashvalues),
            )
            if inserted.rowcount:
                signature_id = inserted.lastrowid
                self.conn.executemany(
                    "INSERT OR IGNORE INTO band VALUES (?, ?, ?)",
                    [(band, key, signature_id) for band, key in enumerate(self._band_keys(page))],
                )

    def _candidates(self, page: Fingerprint) -> list[tuple[str, Fingerprint]]:
        found: dict[str, Fingerprint] = {}
        for band, key in enumerate(self._band_keys(page)):
            for record_id, url, content_hash, hashvalues in self.conn.execute(
                "SELECT s.record_id, s.url, s.content_hash, s.hashvalues FROM band b"
                " JOIN signature s ON s.id = b.signature"
                " WHERE b.band = ? AND b.key = ? AND s.url != ?",
                (band, key, page.url),
            ):
                if record_id not in found:
                    hashes = np.frombuffer(hashvalues, _HASH_DTYPE)
                    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=hashes)
                    found[record_id] = Fingerprint(url, content_hash, minhash)
        return sorted(found.items(), key=lambda item: item[0])

    def _band_keys(self, page: Fingerprint) -> list[int]:
        """One 64-bit hash per LSH band of the signature (an SQLite INTEGER)."""
        values = page.minhash.hashvalues.astype(_HASH_DTYPE)
        return [
            int.from_bytes(
                hashlib.blake2b(values[i * self.rows : (i + 1) * self.rows].tobytes(),
                                digest_size=8).digest(),
                "big",
                signed=True,
            )
            for i in range(self.bands)
        ]
