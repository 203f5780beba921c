"""The event development set (tests/data/event_devset.jsonl + event_written.jsonl): its shape,
its link to the shared corpora, and floors measured on both parts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from communique.events.evaluate import code_sentences, load_sentence_set, score_rows
from communique.events.lexicon import PLOVER_TYPES

DATA = Path(__file__).parent / "data"
CORPUS_SET = DATA / "event_devset.jsonl"
WRITTEN_SET = DATA / "event_written.jsonl"
# Measured with `communique eval tests/data/event_devset.jsonl --with tests/data/event_written.jsonl`
# (see docs/benchmarks-events.md); floors are the measured values (fractions as counted, macro-F1
# at the last printed digit). Lowering a floor needs a reason in the commit that does it.
FLOORS = {
    # measured: macro-F1 0.790, no-event rate 61/448, false events 79/772, source 249/277, target 122/183
    # (target as many hits as before, 122, over two more events of the right type that the CAMEO
    # breadth now finds with a target whose country is not known)
    "dev": {
        "macro_f1": 0.7904,
        "no_event_rate": 0.1362,
        "false_event_rate": 0.1024,
        "source": 0.8989,
        "target": 0.6666,
    },
    # measured at the end: macro-F1 0.647, no-event rate 29/110, false events 26/193, source 46/57,
    # target 29/39 (lower than the last round on macro-F1, no-event rate and false events: the
    # CAMEO breadth added this round was chosen on the dev part, where it gained; see
    # docs/benchmarks-events.md)
    "final": {
        "macro_f1": 0.6474,
        "no_event_rate": 0.2637,
        "false_event_rate": 0.1348,
        "source": 0.8070,
        "target": 0.7435,
    },
}


def _raw(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def coded() -> tuple[list[dict], list]:
    rows = load_sentence_set(CORPUS_SET) + load_sentence_set(WRITTEN_SET)
    return rows, code_sentences(rows)


def test_events_devset_is_built_as_specified():
    corpus, written = _raw(CORPUS_SET), _raw(WRITTEN_SET)
    assert len(corpus) >= 800
    assert not any("text" in row for row in corpus)  # ids, offsets and hashes only: no corpus text
    assert {row["doc"].split(":")[0] for row in corpus} == {"voa", "web", "polnear"}
    assert sum(1 for row in corpus if not row["expected"]) >= 200
    assert all(row["origin"] == "written" for row in written)
    types = Counter(e["type"] for row in corpus + written for e in row["expected"])
    assert set(types) == set(PLOVER_TYPES) and min(types.values()) >= 30
    final = sum(1 for row in corpus + written if row["split"] == "final")
    assert 0.18 <= final / len(corpus + written) <= 0.22


def test_events_devset_changed_corpus_text_is_refused(tmp_path):
    row = dict(_raw(CORPUS_SET)[0], sha1="0000000000")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no longer matches its hash"):
        load_sentence_set(bad)


@pytest.mark.parametrize("part", ["dev", "final"])
def test_events_devset_floors(coded, part):
    rows, predicted = coded
    keep = [i for i, row in enumerate(rows) if row["split"] == part]
    result = score_rows([rows[i] for i in keep], [predicted[i] for i in keep])
    floor = FLOORS[part]
    sentence = result["sentence"]
    assert result["macro_f1"] >= floor["macro_f1"]
    assert sentence["no_event_rate"] <= floor["no_event_rate"]
    assert sentence["false_event_rate"] <= floor["false_event_rate"]
    assert result["actors"]["source.country"]["rate"] >= floor["source"]
    assert result["actors"]["target.country"]["rate"] >= floor["target"]
