"""Project commands (COMMANDS_MODULE): `crawl` accepts `-O file.jsonl.gz`."""
