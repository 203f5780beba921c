"""LinkedDocument: the resolution interface quotes and events use."""

from __future__ import annotations

import pytest

from communique.link import get_linker
from communique.model import Actor, Document
from tests.link_helpers import linked

TEXT = (
    "Alexander Lukashenko met Vladimir Putin in Sochi on Friday. "
    "Mr. Lukashenko said the talks went well, and Mr Putin agreed. "
    "Later the Belarusian leader visited a factory while Moroccan diplomats watched."
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return linked(TEXT, "2019-02-15")


def test_link_document_partial_names_join_the_full_name(doc):
    by_id = {e.id: [m.text for m in e.mentions] for e in doc.entities}
    assert by_id["person:alexander-lukashenko"] == [
        "Alexander Lukashenko",
        "Lukashenko",
        "the Belarusian leader",
    ]
    assert by_id["person:vladimir-putin"] == ["Vladimir Putin", "Putin"]


def test_link_document_date(doc):
    assert doc.linked.date == "2019-02-15"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Lukashenko", Actor("person:alexander-lukashenko", "Alexander Lukashenko", "BLR", "GOV")),
        ("the Belarusian leader", Actor("person:alexander-lukashenko", "Alexander Lukashenko", "BLR", "GOV")),
        (
            "the President of Belarus",
            Actor("person:alexander-lukashenko", "Alexander Lukashenko", "BLR", "GOV"),
        ),
        ("the Russian President", Actor("person:vladimir-putin", "Vladimir Putin", "RUS", "GOV")),
        ("the CSTO secretary general", Actor("person:valery-semerikov", "Valery Semerikov", "RUS", "IGO")),
        ("President Obama", Actor("person:barack-obama", "Barack Obama", "USA", "GOV")),
        ("Moroccan diplomats", Actor(None, "Moroccan diplomats", "MAR", "GOV")),
        ("Iraqi special forces", Actor(None, "Iraqi special forces", "IRQ", "MIL")),
        ("the CSTO", Actor("org:csto", "Collective Security Treaty Organization", None, "IGO")),
    ],
)
def test_link_document_resolve(doc, text, expected):
    assert doc.linked.resolve(text) == expected


def test_link_document_resolve_unknown(doc):
    assert doc.linked.resolve("the weather") is None


def test_link_document_resolve_at_offset(doc):
    start = TEXT.index("the Belarusian leader")
    assert doc.linked.resolve("the Belarusian leader", start).id == "person:alexander-lukashenko"


def test_link_document_entity_at_and_mentions_in(doc):
    start = TEXT.index("Mr Putin")
    assert doc.linked.entity_at(start, start + 8).id == "person:vladimir-putin"
    second = TEXT.index("Mr. Lukashenko")
    got = [(m.text, e.id) for m, e in doc.linked.mentions_in(second, len(TEXT))]
    assert got[:2] == [("Lukashenko", "person:alexander-lukashenko"), ("Putin", "person:vladimir-putin")]


def test_link_document_actor_carries_sector(doc):
    ent = next(e for e in doc.entities if e.id == "person:vladimir-putin")
    assert doc.linked.actor(ent) == Actor("person:vladimir-putin", "Vladimir Putin", "RUS", "GOV")


def test_link_resolve_without_document():
    assert get_linker().resolve("the Russian President", "2010-01-01").name == "Dmitry Medvedev"
    assert get_linker().resolve("the Russian President", "2013-01-01").name == "Vladimir Putin"


def test_link_document_saint_and_st_are_one_provisional_place():
    text = (
        "The ministers met in St. Petersburg on Monday. "
        "Officials in Saint Petersburg said the meeting would continue in St Petersburg next year."
    )
    d = linked(text, "2019-02-15")
    places = [e for e in d.entities if "petersburg" in e.id]
    assert [(e.id, len(e.mentions)) for e in places] == [("prov:place:saint-petersburg", 3)]
