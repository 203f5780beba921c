"""Roles the text states, and bare roles resolved to the person the text named, on passages
written for this test (tests/data/roles_text.jsonl): at least 60 passages, more than eight
organisations and offices; deputies, acting and former holders kept apart from the office."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.link.kb import normalise_name
from communique.model import Document
from tests.link_helpers import linked_cases

DATA = Path(__file__).parent / "data" / "roles_text.jsonl"


@pytest.fixture(scope="module")
def results():
    return linked_cases(DATA)


def _nth(text: str, needle: str, n: int) -> int:
    i = -1
    for _ in range(n):
        i = text.index(needle, i + 1)
    return i


def _resolved(case: dict, doc: Document) -> str | None:
    start = _nth(case["text"], case["mention"], case["nth"])
    ent = doc.linked.entity_at(start, start + len(case["mention"]))
    return ent.name if ent is not None else None


def _has_fact(case: dict, doc: Document) -> bool:
    want = case["fact"]
    return any(
        normalise_name(f.subject) == normalise_name(want["subject"])
        and f.relation == want["relation"]
        and normalise_name(f.object) == normalise_name(want["object"])
        and f.at == case["date"]
        and f.sentence is not None
        and want["object"].split()[-1][:4] in f.sentence.text
        for f in doc.facts
    )


def test_link_roles_text_set_is_large_enough(results):
    cases = [case for case, _ in results]
    assert len(cases) >= 60
    assert len({c["office"] for c in cases}) >= 8


def test_link_roles_text_bare_role_resolves_to_the_person_named(results):
    wrong = [
        f"{c['mention']!r} -> {_resolved(c, d)!r}, want {c['holder']!r}: {c['text'][:60]}"
        for c, d in results
        if _resolved(c, d) is None or normalise_name(_resolved(c, d)) != normalise_name(c["holder"])
    ]
    assert not wrong, "\n".join(wrong)


def test_link_roles_text_stated_roles_become_facts_at_the_document_date(results):
    missing = [f"{c['fact']}: {c['text'][:70]}" for c, d in results if "fact" in c and not _has_fact(c, d)]
    assert not missing, "\n".join(missing)
