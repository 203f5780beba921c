"""Actor agreement floors on the event development set's dev part and on the check set: when the
event type is right, how often a predicted source (target) has the annotated country and sector.

Measured with `communique eval tests/data/event_devset.jsonl --with tests/data/event_written.jsonl`
(dev part) and `communique eval tests/data/event_checkset.jsonl` (see docs/benchmarks-events.md);
floors are the measured fractions as counted. The final part's floors are in test_events_devset.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.events.evaluate import code_sentences, load_sentence_set, score_rows

DATA = Path(__file__).parent / "data"
FLOORS = {
    # measured: source country 255/277, sector 278/328; target country 135/182, sector 141/222
    "dev": {
        "source.country": 255 / 277,
        "source.sector": 278 / 328,
        "target.country": 135 / 182,
        "target.sector": 141 / 222,
    },
    # measured: source country 43/58, sector 48/77; target country 34/52, sector 30/57
    "check": {
        "source.country": 43 / 58,
        "source.sector": 48 / 77,
        "target.country": 34 / 52,
        "target.sector": 30 / 57,
    },
}
FILES = {
    "dev": [DATA / "event_devset.jsonl", DATA / "event_written.jsonl"],
    "check": [DATA / "event_checkset.jsonl"],
}


@pytest.mark.parametrize("part", ["dev", "check"])
def test_events_actor_floors(part):
    rows = [row for path in FILES[part] for row in load_sentence_set(path, split=part)]
    actors = score_rows(rows, code_sentences(rows))["actors"]
    for name, floor in FLOORS[part].items():
        assert actors[name]["rate"] >= floor - 1e-9, (name, actors[name])
