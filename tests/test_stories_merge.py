"""Events of one story merged into real-world events, conflicts kept and flagged."""

from __future__ import annotations

from communique.model import Actor, Event, Span
from communique.stories import merge_events

PUTIN = Actor("person:vladimir-putin", "Vladimir Putin", "RUS", "GOV")
LUKASHENKO = Actor("person:alexander-lukashenko", "Alexander Lukashenko", "BLR", "GOV")
CSTO = Actor("org:csto", "Collective Security Treaty Organization", None, "IGO")


def event(
    kind: str, on: str | None, place: str | None, source: list[Actor], target: list[Actor], text: str
) -> Event:
    return Event(
        type=kind, sentence=Span(0, len(text), text), date=on, place=place, source=source, target=target
    )


def test_stories_merge_one_meeting_reported_twice_is_one_event():
    a = event("CONSULT", "2012-05-15", "Moscow", [PUTIN], [LUKASHENKO], "The two presidents met.")
    b = event(
        "CONSULT", "2012-05-15", "Moscow", [LUKASHENKO], [PUTIN, CSTO], "Talks were held at the Kremlin."
    )
    merged = merge_events([("doc1", a), ("doc2", b)])
    assert len(merged) == 1
    m = merged[0]
    assert (m.type, m.date, m.place, m.documents, m.conflicts) == (
        "CONSULT",
        "2012-05-15",
        "Moscow",
        ["doc1", "doc2"],
        [],
    )
    assert [x.sentence.text for x in m.mentions] == [
        "The two presidents met.",
        "Talks were held at the Kremlin.",
    ]
    assert set(m.actors) == {PUTIN.id, LUKASHENKO.id, CSTO.id}


def test_stories_merge_conflicting_dates_and_places_are_flagged():
    a = event("AGREE", "2012-05-15", "Moscow", [CSTO], [], "Leaders adopted a declaration.")
    b = event("AGREE", "2012-05-14", "Kremlin", [CSTO], [], "A declaration was adopted.")
    (m,) = merge_events([("doc1", a), ("doc2", b)])
    assert m.conflicts == ["date: 2012-05-14 / 2012-05-15", "place: Kremlin / Moscow"]
    assert m.to_dict()["conflicts"] == m.conflicts


def test_stories_merge_keeps_apart_other_types_far_dates_and_other_actors():
    items = [
        ("d1", event("CONSULT", "2012-05-15", None, [PUTIN], [LUKASHENKO], "s1")),
        ("d2", event("AGREE", "2012-05-15", None, [PUTIN], [LUKASHENKO], "s2")),
        ("d3", event("CONSULT", "2012-05-20", None, [PUTIN], [LUKASHENKO], "s3")),
        ("d4", event("CONSULT", "2012-05-15", None, [CSTO], [], "s4")),
    ]
    assert len(merge_events(items)) == 4


def test_stories_merge_less_precise_date_and_unlinked_actor_names():
    unlinked = Actor(None, "the Belarusian leader")
    same_name = Actor(None, "The Belarusian  leader")
    items = [
        ("d1", event("SUPPORT", "2012-05", None, [unlinked], [], "s1")),
        ("d2", event("SUPPORT", "2012-05-15", None, [same_name], [], "s2")),
        ("d3", event("SUPPORT", "2012-05-15", "Moscow", [], [], "s3")),
        ("d4", event("SUPPORT", "2012-05-15", "Moscow", [], [], "s4")),
    ]
    first, second = merge_events(items)
    assert (first.documents, first.conflicts, first.date) == (["d1", "d2"], [], "2012-05")
    assert second.documents == ["d3", "d4"]
