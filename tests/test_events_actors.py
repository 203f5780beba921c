"""Source and target actors and their states, on sentences written for these tests: pack people,
demonyms, regions and metonyms give states; pronouns, "for" phrases and prepositional objects
give the actors the grammar points to."""

from __future__ import annotations

import pytest

from communique.link.kb import current_kb
from tests.events_helpers import analyse, only_event


def _countries(actors) -> list[str | None]:
    return [a.country for a in actors]


@pytest.mark.parametrize(
    ("role", "state", "on", "holder"),
    [
        ("president", "country:MEX", "2025-01-10", "person:claudia-sheinbaum"),
        ("president", "country:PHL", "2021-01-10", "person:rodrigo-duterte"),
        ("prime_minister", "country:JPN", "2021-01-10", "person:yoshihide-suga"),
        ("foreign_minister", "country:TUR", "2024-05-01", "person:hakan-fidan"),
        ("foreign_minister", "country:GBR", "2017-05-01", "person:boris-johnson"),
        ("defence_minister", "country:DEU", "2024-05-01", "person:boris-pistorius"),
        ("president", "country:UKR", "2016-05-01", "person:petro-poroshenko"),
    ],
)
def test_events_actors_world_pack_knows_office_holders(role, state, on, holder):
    spell = current_kb().holder(role, state, on)
    assert spell is not None and spell.holder == holder


@pytest.mark.parametrize(
    ("word", "state"),
    [("Argentine", "ARG"), ("Argentines", "ARG"), ("Spaniards", "ESP"), ("Kosovar", "XKX"), ("Swede", "SWE")],
)
def test_events_actors_demonyms_name_their_state(word, state):
    found = current_kb().country_for(word)
    assert found is not None and found.country == state


@pytest.mark.parametrize(
    ("text", "published", "etype", "sources", "targets"),
    [
        # a head of state and a head of government from the world pack, by surname alone
        ("Duterte met with Suga in Manila.", "2021-01-10", "CONSULT", ["PHL"], ["JPN"]),
        ("Hakan Fidan met Sergei Lavrov in Ankara.", "2024-05-01", "CONSULT", ["TUR"], ["RUS"]),
        # a surname two pack people of one state carry
        ("Clinton rejected the proposal.", "2016-03-10", "REJECT", ["USA"], []),
        # an adjective the country list lacked; people of the one state named are its people
        (
            "Argentine police detained dozens of protesters in Buenos Aires.",
            "2024-05-01",
            "COERCE",
            ["ARG"],
            ["ARG"],
        ),
        ("Iranian police arrested 200 protesters in Tehran.", "2022-10-01", "COERCE", ["IRN"], ["IRN"]),
        # a movement or institution named inside the actor's phrase (metonyms.yaml)
        ("ICE agents detained 40 immigrants in Texas.", "2024-05-01", "COERCE", ["USA"], ["USA"]),
        ("Taliban fighters attacked a checkpoint.", "2019-05-01", "ASSAULT", ["AFG"], []),
        # a province of one state places the unnamed attackers and the place attacked
        (
            "Militants attacked a police station in Khyber Pakhtunkhwa.",
            "2024-05-01",
            "ASSAULT",
            ["PAK"],
            ["PAK"],
        ),
        # the capital the country list lacked, standing for its government
        ("Ankara rejected the demand.", "2024-05-01", "REJECT", ["TUR"], []),
        # someone speaking for another
        (
            "A spokesman for President Ashraf Ghani rejected the accusations.",
            "2019-05-01",
            "REJECT",
            ["AFG"],
            [],
        ),
        # "it" said by the army is the army; militants in the one state named are its own
        (
            "The Pakistani army said it killed 12 militants in Balochistan.",
            "2024-05-01",
            "ASSAULT",
            ["PAK"],
            ["PAK"],
        ),
        # the one acted on, named inside the object or after a preposition
        ("Belarus returned a Lithuanian border patrol boat.", "2024-05-01", "RETREAT", ["BLR"], ["LTU"]),
        (
            "Hungary dropped its objection to Finland's membership of NATO.",
            "2023-03-01",
            "CONCEDE",
            ["HUN"],
            ["FIN", None],
        ),
        ("Serbia withdrew its ambassador from Kosovo.", "2024-05-01", "SANCTION", ["SRB"], ["XKX"]),
    ],
)
def test_events_actors_states(text, published, etype, sources, targets):
    ev = only_event(analyse(text, published=published))
    assert ev.type == etype
    assert _countries(ev.source) == sources
    assert _countries(ev.target) == targets


def test_events_actors_news_agency_in_a_dateline_is_no_actor():
    ev = only_event(analyse("MINSK, 12 June (BelTA) - Lukashenko met with Tokayev.", published="2024-06-12"))
    assert ev.type == "CONSULT"
    assert all("BelTA" not in a.name for a in ev.source + ev.target)
    assert _countries(ev.target) == ["KAZ"]


def test_events_actors_unnamed_actors_take_the_documents_state():
    doc = analyse(
        "Thousands rallied in Tbilisi on Sunday against the foreign agents law. Police detained dozens of protesters.",
        published="2024-05-01",
    )
    coerce = [e for e in doc.events if e.type == "COERCE"]
    assert len(coerce) == 1
    assert _countries(coerce[0].source) == ["GEO"]
    assert _countries(coerce[0].target) == ["GEO"]


def test_events_actors_a_sentence_alone_names_no_state_for_them():
    ev = only_event(analyse("Police detained dozens of protesters.", published="2024-05-01"))
    assert ev.type == "COERCE"
    assert _countries(ev.source) == [None]
