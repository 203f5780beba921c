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
# 609 further corpus sentences annotated before the coder was changed against them: the check
# that a change generalises beyond the dev part (tests/data/event_devset.README.md)
CHECK_SET = DATA / "event_checkset.jsonl"
# Measured with `communique eval tests/data/event_devset.jsonl --with tests/data/event_written.jsonl`
# and `communique eval tests/data/event_checkset.jsonl` (see docs/benchmarks-events.md); floors are the measured values (fractions as counted, macro-F1
# at the last printed digit). Lowering a floor needs a reason in the commit that does it.
FLOORS = {
    # measured: macro-F1 0.798, no-event rate 61/448, false events 73/772, source 255/277, target 135/182
    "dev": {
        "macro_f1": 0.7976,
        "no_event_rate": 0.1362,
        "false_event_rate": 0.0946,
        "source": 0.9205,
        "target": 0.7417,
    },
    # the check set (event_checkset.jsonl), annotated before the coder was changed against it:
    # macro-F1 0.501, no-event rate 87/192, false events 36/417, source 43/58, target 34/52
    # (0.370, 108/192, 39/417, 30/44, 24/41 before the changes)
    "check": {
        "macro_f1": 0.5014,
        "no_event_rate": 0.4532,
        "false_event_rate": 0.0864,
        "source": 0.7413,
        "target": 0.6538,
    },
    # measured once at the end: macro-F1 0.655, no-event rate 28/110, false events 27/193, source
    # 47/57, target 29/39. False events are one sentence more than the last round's 26/193: the
    # floor is set to the measured value, as the held-out part is not tuned to (see
    # docs/benchmarks-events.md)
    "final": {
        "macro_f1": 0.6545,
        "no_event_rate": 0.2546,
        "false_event_rate": 0.1399,
        "source": 0.8245,
        "target": 0.7435,
    },
}


def _raw(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def coded() -> tuple[list[dict], list]:
    rows = load_sentence_set(CORPUS_SET) + load_sentence_set(WRITTEN_SET) + load_sentence_set(CHECK_SET)
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


def test_events_checkset_is_new_corpus_text():
    check, corpus = _raw(CHECK_SET), _raw(CORPUS_SET)
    assert len(check) >= 300 and all(row["split"] == "check" for row in check)
    assert not any("text" in row for row in check)
    assert {row["doc"].split(":")[0] for row in check} == {"voa", "web", "polnear"}
    assert sum(1 for row in check if not row["expected"]) >= 150
    taken: dict[str, list[tuple[int, int]]] = {}
    for row in corpus:
        taken.setdefault(row["doc"], []).append((row["start"], row["end"]))
    # no check sentence overlaps a dev-set sentence
    assert not any(a < row["end"] and row["start"] < b for row in check for a, b in taken.get(row["doc"], []))
    assert len({row["id"] for row in check}) == len(check)


def test_events_devset_changed_corpus_text_is_refused(tmp_path):
    row = dict(_raw(CORPUS_SET)[0], sha1="0000000000")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no longer matches its hash"):
        load_sentence_set(bad)


@pytest.mark.parametrize("part", ["dev", "check", "final"])
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
