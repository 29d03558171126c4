"""Scheduled (incremental) crawls: what was seen, what changed, what is a duplicate.

Every component here keeps its state out of memory, so memory stays flat however many
URLs a crawl has seen across runs: in one SQLite file under the ``STATE_DIR`` setting
(``output/state/`` by default), or, in a distributed crawl, in Redis
(`state_backend` chooses; README "Distributed crawls").
"""
