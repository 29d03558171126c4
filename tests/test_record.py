import json
from pathlib import Path

import jsonschema

from cleaners import clean_html, clean_text
from cleaners.record import content_hash

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "cleaners/schema/record.schema.json").read_text()
)

PAGE = """<html><head><title>Rain expected</title>
<link rel="canonical" href="https://example.org/rain"></head><body>
<article><h1>Rain expected</h1>
<p>Heavy rain is expected across the region on Tuesday, forecasters said in a statement.</p>
<p>Residents were advised to avoid travel where possible and to keep away from rivers.</p>
</article></body></html>"""


def test_html_record_validates_against_schema():
    record = clean_html(PAGE, url="https://example.org/rain?utm=1")
    jsonschema.validate(record.to_dict(), SCHEMA)


def test_text_record_validates_against_schema():
    record = clean_text("Headline here\n\nA first paragraph that says something useful.")
    jsonschema.validate(record.to_dict(), SCHEMA)


def test_same_input_gives_identical_bytes():
    first = json.dumps(clean_html(PAGE, url="https://example.org/rain").to_dict())
    second = json.dumps(clean_html(PAGE, url="https://example.org/rain").to_dict())
    assert first == second


def test_content_hash_ignores_case_and_spacing_only():
    assert content_hash("Hello  World\n") == content_hash("hello world")
    assert content_hash("hello world") != content_hash("hello world!")


def test_stage_times_are_added_up_without_changing_the_record():
    times: dict[str, float] = {}
    timed = clean_html(PAGE, url="https://example.org/rain", stage_times=times)
    clean_html(PAGE, url="https://example.org/rain", stage_times=times)
    stages = [
        "parse", "prune", "trafilatura", "safety_net", "left_out", "dialogs", "rules",
        "language", "record",
    ]
    assert list(times) == stages
    assert all(seconds >= 0 for seconds in times.values())
    assert times["trafilatura"] > 0
    assert timed == clean_html(PAGE, url="https://example.org/rain")
