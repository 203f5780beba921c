"""Role descriptions resolve to whoever held the office on the document's date."""

from __future__ import annotations

import pytest

from communique.link import get_linker
from communique.model import Document
from tests.link_helpers import linked


def named(doc: Document, phrase: str) -> str | None:
    start = doc.text.index(phrase)
    ent = doc.linked.entity_at(start, start + len(phrase))
    return ent.name if ent else None


@pytest.mark.parametrize(
    ("on", "who"),
    [("2008-06-01", "Dmitry Medvedev"), ("2012-06-01", "Vladimir Putin"), ("2004-01-01", "Vladimir Putin")],
)
def test_link_roles_russian_president_by_date(on, who):
    doc = linked("Talks were held in the Kremlin, where the Russian President received two envoys.", on)
    assert named(doc, "the Russian President") == who


def test_link_roles_prime_minister_after_handover():
    doc = linked(
        "Later that week the Russian Prime Minister opened a trade fair near the river port.", "2012-05-15"
    )
    assert named(doc, "the Russian Prime Minister") == "Dmitry Medvedev"


@pytest.mark.parametrize(
    "phrase",
    ["the Belarusian leader", "the Belarusian head of state", "the President of Belarus"],
)
def test_link_roles_belarusian_leader(phrase):
    doc = linked(f"Speaking to farmers, {phrase} praised the harvest figures for the region.", "2015-09-01")
    assert named(doc, phrase) == "Alexander Lukashenko"


@pytest.mark.parametrize(
    ("phrase", "on", "who"),
    [
        ("the CSTO Secretary General", "2020-03-05", "Stanislav Zas"),
        ("the Secretary General of the CSTO", "2023-06-01", "Imangali Tasmagambetov"),
        ("the CSTO Secretary General", "2010-01-01", "Nikolai Bordyuzha"),
    ],
)
def test_link_roles_secretary_general(phrase, on, who):
    doc = linked(f"A letter signed by {phrase} was sent to the member states on Monday.", on)
    assert named(doc, phrase) == who


def test_link_roles_role_before_name_is_a_title_not_a_second_person():
    doc = linked("President of Kazakhstan Kassym-Jomart Tokayev arrived in the evening.", "2023-11-23")
    people = [e for e in doc.entities if e.type == "person"]
    assert [(e.name, [m.text for m in e.mentions]) for e in people] == [
        ("Kassym-Jomart Tokayev", ["Kassym-Jomart Tokayev"])
    ]


def test_link_roles_deputy_is_not_the_minister():
    doc = linked("The Russian Deputy Foreign Minister met reporters.", "2020-01-01")
    assert named(doc, "Deputy Foreign Minister") != "Sergei Lavrov"


@pytest.mark.parametrize(
    ("role", "on", "who"),
    [
        ("President of Russia", "2012-05-10", "Vladimir Putin"),
        ("President of Russia", "2012-05-06", "Dmitry Medvedev"),
        ("Prime Minister of Russia", "2012-05-15", "Dmitry Medvedev"),
        ("the Russian Prime Minister", "2010-01-01", "Vladimir Putin"),
        ("President of Kazakhstan", "2019-03-19", "Nursultan Nazarbayev"),
        ("President of Kazakhstan", "2019-03-21", "Kassym-Jomart Tokayev"),
        ("Russian Defence Minister", "2020-01-01", "Sergei Shoigu"),
        ("Foreign Minister of Belarus", "2023-02-15", "Sergei Aleinik"),
        ("chair of the CSTO", "2023-06-01", "Belarus"),
        ("chair of the CSTO", "2024-01-01", "Kazakhstan"),
    ],
)
def test_link_roles_who(role, on, who):
    entity, source = get_linker().who(role, on)
    assert entity.name == who
    assert source.startswith("packs/") and source.rsplit(":", 1)[1].isdigit()


def test_link_roles_who_unknown():
    assert get_linker().who("President of Russia", "1980-01-01") is None
    assert get_linker().who("Chief Gardener of Russia", "2020-01-01") is None


def test_link_roles_gold_roles_at_date(gold):
    for doc in gold["documents"].values():
        for r in doc.get("roles_at_date", []):
            entity, _ = get_linker().who(r["role"], r["date"])
            assert entity.name == r["person"], r
