"""Event coding beyond the project's own lexicon test: CAMEO-breadth patterns, actors from the
grammar, mode and dates, on sentences written for these tests (none from the development set)."""

from __future__ import annotations

import pytest

from tests.events_helpers import analyse, only_event


@pytest.mark.parametrize(
    ("text", "kind", "source", "target"),
    [
        ("Moldova expelled three Russian diplomats on Monday.", "SANCTION", "MDA", "RUS"),
        ("Georgian police opened fire on the crowd in Tbilisi.", "ASSAULT", "GEO", None),
        ("Japan sent 50 tonnes of rice to the Philippines.", "AID", "JPN", "PHL"),
        ("Serbian troops pulled out of the border village.", "RETREAT", "SRB", None),
        ("Norway congratulated Finland on joining the alliance.", "SUPPORT", "NOR", "FIN"),
        ("Armenia froze its participation in the bloc.", "SANCTION", "ARM", None),
        ("Uzbekistan lifted the curfew in Nukus.", "CONCEDE", "UZB", None),
        ("Kazakhstan called up 10,000 reservists.", "MOBILIZE", "KAZ", None),
        ("The Kremlin called on Yerevan to explain the decision.", "REQUEST", "RUS", "ARM"),
        ("Azerbaijan dismissed the allegations as baseless.", "REJECT", "AZE", None),
    ],
)
def test_events_cameo_breadth_patterns(text, kind, source, target):
    ev = only_event(analyse(text))
    assert ev.type == kind, ev.rule
    assert source in [a.country for a in ev.source]
    if target:
        assert target in [a.country for a in ev.target]


def test_events_metonym_stands_for_the_government():
    ev = only_event(analyse("The Kremlin condemned the strike."))
    assert [(a.country, a.sector) for a in ev.source] == [("RUS", "GOV")]


def test_events_two_parties_split_into_source_and_target():
    ev = only_event(analyse("Japan and India agreed to strengthen maritime cooperation."))
    assert ev.type == "AGREE"
    assert [a.country for a in ev.source] == ["JPN"]
    assert [a.country for a in ev.target] == ["IND"]


def test_events_unresolved_agent_is_kept_as_written():
    ev = only_event(analyse("They urged Kenya to reopen the border."))
    assert ev.type == "REQUEST"
    assert [(a.id, a.name, a.country) for a in ev.source] == [(None, "They", None)]
    assert [a.country for a in ev.target] == ["KEN"]


@pytest.mark.parametrize(
    "text",
    [
        "Russia could attack Ukrainian positions.",
        "Tehran would reject the offer.",
        "Did Russia attack Ukrainian positions?",
        "Malaysia seldom criticized China.",
        "The president has yet to apologize to the families.",
        "If the Kremlin agrees, the ceasefire could begin on Monday.",
    ],
)
def test_events_possible_questioned_and_denied_events_are_not_coded(text):
    assert analyse(text).events == []


def test_events_news_agency_and_reporter_are_never_sources():
    doc = analyse("BelTA and the reporter met in Minsk.")
    assert all(a.name not in ("BelTA", "the reporter", "reporter") for e in doc.events for a in e.source)


def test_events_quoted_event_is_the_speakers_claim():
    ev = only_event(analyse("“Russia attacked our positions,” Zelensky said."))
    assert ev.type == "ASSAULT" and ev.claimed_by == "Zelensky"
    reported = only_event(analyse("Russia attacked Ukrainian positions."))
    assert reported.claimed_by is None


def test_events_weekday_is_dated_from_publication_with_its_reason():
    ev = only_event(analyse("Russia attacked Ukrainian positions on Friday.", published="2025-03-14"))
    assert (ev.date, ev.date_precision) == ("2025-03-14", "day")
    assert "'Friday'" in ev.date_reason and "publication 2025-03-14" in ev.date_reason
    earlier = only_event(analyse("Russia attacked Ukrainian positions on Tuesday.", published="2025-03-14"))
    assert earlier.date == "2025-03-11"


def test_events_announced_meeting_may_lie_after_publication():
    ev = only_event(analyse("Iran will hold talks with the EU next week.", published="2025-03-14"))
    assert (ev.type, ev.cameo) == ("AGREE", "036")
    assert ev.date == "2025-03-21" and "announced" in ev.date_reason


def test_events_visit_noun_names_the_host_country():
    ev = only_event(analyse("This marks Rubio's second visit to Saudi Arabia."))
    assert ev.type == "CONSULT" and "SAU" in [a.country for a in ev.target]
