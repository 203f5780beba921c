"""Sectors and states of event actors, on sentences written for these tests: the state acting as
a whole (GOV, or MIL in a military deed), descriptors of unnamed actors, titles of people the
packs lack, politicians out of office, dated metonyms; and the grammar that finds actors in
relative clauses, quotations, participles and "in"/"from" phrases."""

from __future__ import annotations

import pytest

from tests.events_helpers import analyse, only_event


def _actors(actors) -> list[tuple[str | None, str | None]]:
    return [(a.country, a.sector) for a in actors]


@pytest.mark.parametrize(
    ("text", "published", "etype", "sources", "targets"),
    [
        # a state acting as a whole: its government, or its armed forces in a military deed
        ("China condemned the decision.", "2024-05-01", "ACCUSE", [("CHN", "GOV")], []),
        (
            "Russia massed troops near its border with Georgia.",
            "2024-05-01",
            "MOBILIZE",
            [("RUS", "MIL")],
            [],
        ),
        (
            "Poland and Lithuania held joint military drills near the border.",
            "2024-05-01",
            "COOPERATE",
            [("POL", "MIL")],
            [("LTU", "MIL")],
        ),
        (
            "Greek and Turkish warships held a joint exercise.",
            "2024-05-01",
            "COOPERATE",
            [("GRC", "MIL")],
            [("TUR", "MIL")],
        ),
        # descriptors of unnamed actors
        ("Iraqi troops attacked a rebel camp.", "2024-05-01", "ASSAULT", [("IRQ", "MIL")], []),
        (
            "Police arrested 40 protesters in Nairobi.",
            "2024-05-01",
            "COERCE",
            [("KEN", "COP")],
            [("KEN", "CVL")],
        ),
        (
            "Security forces killed six militants in Somalia.",
            "2024-05-01",
            "ASSAULT",
            [("SOM", "MIL")],
            [("SOM", "REB")],
        ),
        # a nationality used as a noun names civilians
        (
            "Thousands of Georgians protested against the law in Tbilisi.",
            "2024-05-01",
            "PROTEST",
            [("GEO", "CVL")],
            [],
        ),
        # a person the packs lack, by title
        (
            "Judge Maria Lopez sentenced the activist to two years in prison.",
            "2024-05-01",
            "COERCE",
            [(None, "JUD")],
            [(None, "OPP")],
        ),
        # a pack politician out of office is a party politician; in office, the government
        (
            "Donald Trump criticized the Federal Reserve.",
            "2016-03-10",
            "ACCUSE",
            [("USA", "PTY")],
            [(None, None)],
        ),
        (
            "Donald Trump criticized the Federal Reserve.",
            "2018-03-10",
            "ACCUSE",
            [("USA", "GOV")],
            [(None, None)],
        ),
        # a movement that became a government (metonyms.yaml "before")
        ("The Taliban attacked a checkpoint in Kandahar.", "2019-05-01", "ASSAULT", [("AFG", "REB")], []),
        (
            "The Taliban detained two journalists in Kabul.",
            "2023-05-01",
            "COERCE",
            [("AFG", "GOV")],
            [(None, "MED")],
        ),
        # a non-governmental body takes no state from its sentence; the people it helps do
        (
            "The Red Cross delivered aid to civilians in Ukraine.",
            "2024-05-01",
            "AID",
            [(None, "NGO")],
            [("UKR", "CVL")],
        ),
    ],
)
def test_events_actor_sectors(text, published, etype, sources, targets):
    ev = only_event(analyse(text, published=published))
    assert ev.type == etype
    assert _actors(ev.source) == sources
    assert _actors(ev.target) == targets


def test_events_actor_groups_from_several_states_are_one_group_each():
    ev = only_event(
        analyse(
            "Officials from Japan and South Korea met with Chinese diplomats in Beijing.",
            published="2024-05-01",
        )
    )
    assert ev.type == "CONSULT"
    assert [(a.name, a.country, a.sector) for a in ev.source] == [
        ("Officials (Japan)", "JPN", "GOV"),
        ("Officials (South Korea)", "KOR", "GOV"),
    ]
    assert _actors(ev.target) == [("CHN", "GOV")]


def test_events_actor_we_in_a_quotation_is_its_speaker():
    ev = only_event(analyse('"We condemn the attack," Lavrov said.', published="2024-05-01"))
    assert ev.type == "ACCUSE"
    assert [a.id for a in ev.source] == ["person:sergei-lavrov"]


def test_events_actor_participle_on_the_object_names_the_recipient():
    ev = only_event(analyse("Police seized a yacht owned by a Russian businessman.", published="2024-05-01"))
    assert ev.type == "COERCE"
    assert _actors(ev.target) == [("RUS", "BUS")]


def test_events_actor_clause_carrying_a_deed_on_takes_its_recipient():
    doc = analyse("Turkey reopened its airspace to Armenia, ending the ban.", published="2024-05-01")
    ended = [e for e in doc.events if e.type == "CONCEDE"]  # "ending the ban": the ban on Armenia
    assert len(ended) == 1
    assert _actors(ended[0].source) == [("TUR", "GOV")]
    assert _actors(ended[0].target) == [("ARM", "GOV")]


def test_events_actor_initial_glued_to_a_surname():
    ev = only_event(analyse("V.Lavrov criticized the sanctions.", published="2024-05-01"))
    assert ev.type == "ACCUSE"
    assert [a.country for a in ev.source] == ["RUS"]


def test_events_actor_dateline_taken_for_a_subject_gives_way_to_the_real_one():
    ev = only_event(
        analyse(
            "VIENNA (Reuters) – The Organization for Security and Cooperation in Europe, which includes "
            "Russia and the United States, formally agreed on Friday to fill four of its top jobs.",
            published="2016-05-01",
        )
    )
    assert ev.type == "AGREE"
    assert [(a.id, a.sector) for a in ev.source] == [("org:osce", "IGO")]


def test_events_actor_pronoun_with_an_apposition_is_the_apposition():
    ev = only_event(
        analyse("We, the foreign ministers of the CSTO, met in Minsk on Friday.", published="2024-05-01")
    )
    assert ev.type == "CONSULT"
    assert [a.id for a in ev.source] == ["org:csto"]
