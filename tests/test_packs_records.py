"""The organisation packs: every record says where it comes from, ids are unique, and no
office has two holders at once (handover days and acting spells aside)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from communique.link.kb import KnowledgeBase, _end_of
from communique.link.packs import load_packs

ORG_PACKS = ("sco", "cis", "eaeu", "union-state", "nato", "un", "osce", "eu")


@pytest.fixture(scope="module")
def packs():
    return load_packs()


@pytest.fixture(scope="module")
def kb(packs):
    return KnowledgeBase(packs)


def test_packs_records_every_org_pack_loads(packs):
    assert set(ORG_PACKS) <= set(packs.names)


def test_packs_records_every_record_has_a_source(packs):
    missing = []
    for pf in packs.files:
        if pf.pack not in ORG_PACKS and pf.path.name != "media.yaml":
            continue
        if pf.data.get("source"):
            continue  # the file's source covers every record in it
        for i, ent in enumerate(pf.data.get("entities", [])):
            if not ent.get("source"):
                missing.append(f"{pf.path.name}:{pf.line(['entities', i])}")
    assert not missing


def test_packs_records_entity_ids_are_unique(packs):
    seen: dict[str, str] = {}
    dupes = []
    for pf, i, item in packs.of_kind("entities"):
        where = f"{pf.pack}/{pf.path.name}:{pf.line(['entities', i])}"
        if item["id"] in seen:
            dupes.append(f"{item['id']}: {seen[item['id']]} and {where}")
        seen.setdefault(item["id"], where)
    assert not dupes


def _overlaps(a, b) -> bool:
    """Two spells overlap by more than a handover: partial dates that meet ("2006" / "2007",
    or "2011" / "2011") count as a handover within that period."""
    first, second = sorted((a, b), key=lambda s: s.from_)
    if first.until is None:
        return True
    if len(first.until) < 10 or len(second.from_) < 10:
        return second.from_[:4] < first.until[:4]
    return second.from_ < _end_of(first.until)


def test_packs_records_no_office_has_two_holders_at_once(kb):
    clashes = []
    for (role, of), spells in kb.spells.items():
        if role in ("head_of_state", "head_of_government"):
            continue  # implied by president / prime minister, checked there
        held = [s for s in spells if not s.acting]
        by_holder = defaultdict(list)
        for s in held:
            by_holder[s.holder].append(s)
        for i, a in enumerate(held):
            for b in held[i + 1 :]:
                if a.holder != b.holder and _overlaps(a, b):
                    clashes.append(
                        f"{role} of {of}: {a.holder} {a.from_}..{a.until} / {b.holder} {b.from_}..{b.until}"
                    )
    assert not clashes, "\n".join(clashes)


def test_packs_records_memberships_are_ordered(kb):
    bad = [
        f"{m.org} {m.member} {m.from_}..{m.until}" for m in kb.memberships if m.until and m.until < m.from_
    ]
    assert not bad
