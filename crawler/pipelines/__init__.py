"""Item pipelines: fetch outcomes -> cleaning in a process pool -> language allow-list."""
