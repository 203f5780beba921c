"""Organisation facts with their time bounds on 74 phrasings written for this test
(tests/data/facts_phrasings.jsonl): appointments, successions, chair hand-overs and
rotations, membership changes and lists, founding dates, each with from/until/at and its sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.link.kb import normalise_name
from communique.model import Document
from tests.link_helpers import linked_cases

DATA = Path(__file__).parent / "data" / "facts_phrasings.jsonl"


@pytest.fixture(scope="module")
def results():
    return linked_cases(DATA)


def _found(want: dict, doc: Document) -> bool:
    return any(
        normalise_name(f.subject) == normalise_name(want["subject"])
        and f.relation == want["relation"]
        and normalise_name(f.object) == normalise_name(want["object"])
        and (f.from_, f.until, f.at) == (want["from"], want["until"], want["at"])
        and f.sentence is not None
        and f.sentence.text.strip()
        for f in doc.facts
    )


def test_link_facts_phrasings_set_is_large_enough(results):
    cases = [case for case, _ in results]
    assert len(cases) >= 60
    assert {c["kind"] for c in cases} >= {"appointment", "succession", "chair", "membership"}


def test_link_facts_phrasings_give_the_right_fact_with_its_bounds(results):
    missing = [
        f"{want} <- {c['text'][:80]!r}; got {[(f.subject, f.relation, f.object, f.from_, f.until, f.at) for f in d.facts]}"
        for c, d in results
        for want in c["facts"]
        if not _found(want, d)
    ]
    assert not missing, f"{len(missing)} missing:\n" + "\n".join(missing)
