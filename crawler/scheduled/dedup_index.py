"""Exact and near-duplicate lookup over every record kept, stored on disk.

Exact duplicates share `content_hash`, looked up first: a page that is one never has its
MinHash computed. Near-duplicates are found with datasketch MinHash signatures of 5-word
shingles and LSH banding. datasketch's own LSH storage is either in memory or in
Redis/Cassandra, so for one process the bands live here in an SQLite table keyed by band
number and band hash, pointing to the kept record's signature (a distributed crawl uses
the same signatures and bands in Redis: crawler/distributed/redis_dedup_index.py). A band
hit is only a candidate; it is confirmed by the Jaccard estimate of the two stored
signatures against the threshold, as datasketch's LSH would.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
from datasketch import MinHash, MinHashLSH

from cleaners.record import fold_text
from crawler.scheduled.state_db import transaction

# 256 permutations keep the Jaccard estimate within about +-0.02 of the true value near 0.9.
NUM_PERM = 256
# Named, not left to the default: stored signatures are only comparable within one scheme.
SCHEME = "affine32"
_HASH_DTYPE = np.uint32
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")
# The 32-bit hash of a shingle. With datasketch's default (SHA-1, through a Python
# function per shingle) a signature of a bench text took 1.27 ms; with zlib's CRC-32,
# 1.02 ms. datasketch's affine32 scheme mixes every hash (MurmurHash3 finalizer) before
# permuting, so CRC-32's regular structure does not skew the estimates.
_SHINGLE_HASH = zlib.crc32
# Stored signatures are only comparable with signatures made the same way: the index
# records how it was built and refuses to mix.
SIGNATURE_FORMAT = f"minhash/{SCHEME}/crc32/{NUM_PERM}/{SHINGLE_WORDS}-word-shingles"

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
CREATE TABLE IF NOT EXISTS dedup_setting (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class IncompatibleIndex(RuntimeError):
    """The state file holds signatures made another way than this version makes them."""


@dataclass(frozen=True)
class Duplicate:
    """The record an article duplicates, and how: `kind` is "exact" or "near"."""

    record_id: str
    kind: str
    similarity: float


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of `size`-word shingles of the normalised text (the whole text if shorter)."""
    # fold_text, not normalise_text: collapsing the spacing changes no word, and took
    # two thirds of the time.
    words = _WORD.findall(fold_text(text))
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@cache
def _permutations() -> np.ndarray:
    """datasketch's permutations for NUM_PERM and its fixed seed, drawn once per process
    instead of once per signature."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def _minhash(hashvalues: np.ndarray | None = None) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        scheme=SCHEME,
        hashfunc=_SHINGLE_HASH,
        hashvalues=hashvalues,
        permutations=_permutations(),
    )


def stored_minhash(hashvalues: bytes) -> MinHash:
    """The MinHash of a signature stored as bytes (uint32 hash values)."""
    return _minhash(np.frombuffer(hashvalues, _HASH_DTYPE))


def signature(text: str) -> MinHash:
    """MinHash of the text's shingles; the fixed datasketch seed makes it the same every run."""
    minhash = _minhash()
    minhash.update_batch(shingles(text))
    return minhash


@dataclass(frozen=True)
class Fingerprint:
    """What duplicates are judged on: the page's URL, its content hash and the MinHash of
    its text, computed only when first needed (an exact duplicate never needs it)."""

    url: str
    content_hash: str
    text: str = ""
    stored_minhash: MinHash | None = None

    @classmethod
    def of(cls, url: str, content_hash: str, text: str) -> Fingerprint:
        return cls(url, content_hash, text)

    @cached_property
    def minhash(self) -> MinHash:
        return self.stored_minhash if self.stored_minhash is not None else signature(self.text)


@cache
def lsh_shape(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for `threshold`, weighting misses over
    false hits (every hit is confirmed on the signatures anyway). Computed once: slow."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.1, 0.9))
    return lsh.b, lsh.r


def band_keys(minhash: MinHash, bands: int, rows: int) -> list[int]:
    """One 64-bit hash per LSH band of the signature (an SQLite INTEGER)."""
    values = minhash.hashvalues.astype(_HASH_DTYPE)
    return [
        int.from_bytes(
            hashlib.blake2b(values[i * rows : (i + 1) * rows].tobytes(), digest_size=8).digest(),
            "big",
            signed=True,
        )
        for i in range(bands)
    ]


def exact_match(
    page: Fingerprint, candidates: Iterable[tuple[str, Fingerprint]]
) -> Duplicate | None:
    """The first candidate (record id, fingerprint) of another URL with `page`'s text."""
    for record_id, other in candidates:
        if other.url != page.url and other.content_hash == page.content_hash:
            return Duplicate(record_id, "exact", 1.0)
    return None


def near_match(
    page: Fingerprint, candidates: Iterable[tuple[str, Fingerprint]], threshold: float
) -> Duplicate | None:
    """The candidate of another URL whose MinHash is most similar to `page`'s, if at
    least `threshold`."""
    best: Duplicate | None = None
    for record_id, other in candidates:
        if other.url == page.url:
            continue
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
        self._check_format()
        # record_id -> fingerprint of pages claimed but not yet written (or dropped).
        self._held: dict[str, Fingerprint] = {}

    def _check_format(self) -> None:
        """Record SIGNATURE_FORMAT in a new index; refuse an index built another way."""
        with transaction(self.conn):
            row = self.conn.execute(
                "SELECT value FROM dedup_setting WHERE name = 'signature_format'"
            ).fetchone()
            if row is None:
                self.conn.execute(
                    "INSERT INTO dedup_setting VALUES ('signature_format', ?)", (SIGNATURE_FORMAT,)
                )
        if row is not None and row[0] != SIGNATURE_FORMAT:
            raise IncompatibleIndex(
                f"the dedup index was built with signatures {row[0]!r}, this version makes "
                f"{SIGNATURE_FORMAT!r}: use a new STATE_DIR (or set DEDUP_ENABLED=False)"
            )

    def claim(self, record_id: str, page: Fingerprint) -> Duplicate | None:
        """The kept or held record (of another URL) that `page` duplicates; if none, hold
        `page` as `record_id` until `add` or `release`, so that copies crawled at the same
        moment are caught. Holds are in memory: one process uses this index."""
        held = self._held.items()
        duplicate = (
            self.find_exact(page)
            or exact_match(page, held)
            or self.find_near(page)
            or near_match(page, held, self.threshold)
        )
        if duplicate is None:
            self._held[record_id] = page
        return duplicate

    def release(self, record_id: str) -> None:
        """Forget a held page whose record was not written."""
        self._held.pop(record_id, None)

    def find(self, page: Fingerprint) -> Duplicate | None:
        """The kept record (of another URL) that `page` duplicates, or None."""
        return self.find_exact(page) or self.find_near(page)

    def find_exact(self, page: Fingerprint) -> Duplicate | None:
        """The first kept record of another URL with the same content hash."""
        row = self.conn.execute(
            "SELECT record_id FROM signature WHERE content_hash = ? AND url != ?"
            " ORDER BY id LIMIT 1",
            (page.content_hash, page.url),
        ).fetchone()
        return Duplicate(row[0], "exact", 1.0) if row else None

    def find_near(self, page: Fingerprint) -> Duplicate | None:
        """The most similar kept record of another URL sharing an LSH band with `page`."""
        return near_match(page, self._candidates(page), self.threshold)

    def add(self, record_id: str, page: Fingerprint) -> None:
        """Keep a record: later articles are compared with it. Committed at once."""
        self._held.pop(record_id, None)
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
        """Kept records of other URLs sharing at least one LSH band with `page`, looked up
        for all bands in one query (through the band table's primary key)."""
        keys = list(enumerate(self._band_keys(page)))
        rows = self.conn.execute(
            f"WITH wanted (band, key) AS (VALUES {', '.join(['(?, ?)'] * len(keys))})"
            " SELECT DISTINCT s.record_id, s.url, s.content_hash, s.hashvalues FROM wanted w"
            " JOIN band b ON b.band = w.band AND b.key = w.key"
            " JOIN signature s ON s.id = b.signature"
            " WHERE s.url != ? ORDER BY s.record_id",
            (*(value for pair in keys for value in pair), page.url),
        )
        return [
            (record_id, Fingerprint(url, digest, stored_minhash=stored_minhash(hashvalues)))
            for record_id, url, digest, hashvalues in rows
        ]

    def _band_keys(self, page: Fingerprint) -> list[int]:
        return band_keys(page.minhash, self.bands, self.rows)
