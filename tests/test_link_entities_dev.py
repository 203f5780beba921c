"""The linker on the hand-checked development set (tests/data/entities_dev.jsonl: 544 mentions
from VOA, the web pages and PolNeAR, a fifth held out), floors pinned at the measured values."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.evaluate.entities import load_set, score
from tests.conftest import SHARED

DATA = Path(__file__).parent / "data" / "entities_dev.jsonl"


@pytest.fixture(scope="module")
def results():
    return score(load_set(DATA), root=SHARED / "corpora")


def test_link_entities_dev_set_is_large_enough():
    gold = load_set(DATA)
    assert len(gold) >= 400
    assert {g.corpus for g in gold} == {"voa", "webpages", "polnear"}
    assert 0.15 <= sum(g.split == "heldout" for g in gold) / len(gold) <= 0.25


def test_link_entities_dev_floors(results):
    dev = results["dev"]
    assert dev.precision >= 0.983, dev.misses
    assert dev.recall >= 0.980, dev.misses
    assert dev.type_accuracy >= 0.985, dev.misses


def test_link_entities_heldout_floors(results):
    held = results["heldout"]
    assert held.precision >= 0.971
    assert held.recall >= 0.980
    assert held.type_accuracy >= 0.950
