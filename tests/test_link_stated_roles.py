"""Roles one document states join the knowledge base: a later document's bare role resolves to
the person named, at a nearby date, where the packs know no holder; and the store keeps them
for the next ingest (passages written for this test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.link import get_linker
from communique.link.kb import KnowledgeBase
from communique.link.settings import SETTINGS
from communique.link.stored import learn_stored_roles
from communique.link.textroles import stated_holder
from communique.store import open_store, save_documents
from tests.link_helpers import ingest_one_per_run, linked, stored_mention_entities

STATES = (
    "ASEAN Secretary-General Kao Kim Hourn opened the regional forum in Jakarta on Monday. "
    "He urged member states to settle their disputes at the table."
)
BARE = (
    "The ASEAN Secretary-General said on Tuesday that the bloc would send observers to the vote. "
    "Diplomats in the region welcomed the decision."
)


@pytest.fixture
def kb():
    """The process's knowledge base, with no roles learned before or after the test."""
    kb = get_linker().kb
    kb.forget_stated()
    yield kb
    kb.forget_stated()


def _holder(doc, mention: str) -> str | None:
    """The person a role description names (the organisation inside it is a mention of its own)."""
    start = doc.text.index(mention)
    persons = [e.name for _, e in doc.linked.mentions_in(start, start + len(mention)) if e.type == "person"]
    assert len(persons) <= 1
    return persons[0] if persons else None


def test_link_stated_role_resolves_in_a_later_document(kb):
    first = linked(STATES, "2024-03-11")
    assert [(f.relation, f.object, f.at) for f in first.facts if f.relation == "secretary_general"] == [
        ("secretary_general", "Kao Kim Hourn", "2024-03-11")
    ]
    later = linked(BARE, "2024-04-02")
    assert _holder(later, "The ASEAN Secretary-General") == "Kao Kim Hourn"
    assert later.linked.resolve("the ASEAN Secretary-General").name == "Kao Kim Hourn"


def test_link_stated_role_does_not_reach_far_dates(kb):
    linked(STATES, "2024-03-11")
    far = linked(BARE, "2026-03-11")  # two years on: someone else may hold the office
    assert SETTINGS.stated_role_days < 730
    assert _holder(far, "The ASEAN Secretary-General") is None


def test_link_former_and_deputy_roles_are_kept_apart(kb):
    linked(
        "Former ASEAN Secretary-General Lim Jock Hoi spoke at the launch. "
        "ASEAN Deputy Secretary-General Satvinder Singh chaired the session.",
        "2024-05-06",
    )
    bare = linked("The ASEAN Secretary-General sent a message to the meeting.", "2024-05-20")
    assert _holder(bare, "The ASEAN Secretary-General") is None  # a former holder holds no office
    deputy = linked("The ASEAN Deputy Secretary-General visited Manila.", "2024-05-21")
    assert _holder(deputy, "The ASEAN Deputy Secretary-General") == "Satvinder Singh"


def test_link_packs_holder_wins_over_a_stated_role(kb):
    # the packs know NATO's Secretary General on this date; another name in one text does not move it
    linked("NATO Secretary General Jens Stoltenberg met the ministers in Brussels.", "2024-11-05")
    later = linked("The NATO Secretary General said allies must spend more on defence.", "2024-11-20")
    assert _holder(later, "The NATO Secretary General") == "Mark Rutte"


def test_link_stated_roles_come_back_from_the_store(kb, tmp_path: Path):
    engine = open_store(tmp_path / "kb.db")
    save_documents(engine, [linked(STATES, "2024-03-11")])
    fresh = KnowledgeBase(kb.packs)  # a later run: nothing learned in memory
    assert (
        stated_holder(fresh, "the ASEAN Secretary-General", "2024-04-02", SETTINGS.stated_role_days) is None
    )
    assert learn_stored_roles(engine, fresh) == 1
    found = stated_holder(fresh, "the ASEAN Secretary-General", "2024-04-02", SETTINGS.stated_role_days)
    assert (found.id, found.name) == ("prov:person:kao-kim-hourn", "Kao Kim Hourn")
    assert (
        stated_holder(fresh, "the ASEAN Secretary-General", "2025-06-01", SETTINGS.stated_role_days) is None
    )


def test_link_stated_role_reaches_a_later_ingest(kb, tmp_path: Path):
    """Two ingest runs: the second (nothing learned in memory, as in a new process) reads the
    first run's stated roles from the store and resolves the bare office to the same person."""
    db = tmp_path / "kb.db"
    ingest_one_per_run(db, [(STATES, "2024-03-11"), (BARE, "2024-04-02")])
    assert stored_mention_entities(db, "The ASEAN Secretary-General") == ["prov:person:kao-kim-hourn"]
