"""Scheduled (incremental) crawls: what was seen, what changed, what is a duplicate.

Every component here keeps its state on disk, in one SQLite file under the ``STATE_DIR``
setting (``output/state/`` by default), so memory stays flat however many URLs a crawl
has seen across runs.
"""
