"""Focused behaviours of the event coder on sentences written for these tests."""

from __future__ import annotations

import pytest

from communique.events import EventCoder
from tests.events_helpers import analyse, only_event


def test_events_conjoined_sources_are_one_event():
    ev = only_event(
        analyse("Armenia, Kyrgyzstan and Tajikistan signed a protocol on air defence in Dushanbe.")
    )
    assert (ev.type, ev.cameo) == ("AGREE", "057")
    assert [a.country for a in ev.source] == ["ARM", "KGZ", "TJK"]
    assert ev.place == "Dushanbe"


@pytest.mark.parametrize(
    "text",
    [
        "Georgian troops did not attack the separatist positions.",
        "The minister never met the Iranian envoy.",
        "Azerbaijan denied shelling the Armenian villages.",
        "No talks were held between Serbian and Kosovar officials.",
    ],
)
def test_events_negated_events_are_dropped(text):
    assert analyse(text).events == []


def test_events_negated_events_can_be_kept_marked():
    doc = analyse("Georgian troops did not attack the separatist positions.")
    kept = EventCoder(keep_negated=True).code(doc)
    assert [(e.type, e.negated) for e in kept] == [("ASSAULT", True)]


@pytest.mark.parametrize(
    ("text", "kind", "mode"),
    [
        ("Moldova threatened to impose sanctions on Transnistria.", "THREATEN", "restrict"),
        ("Lithuania plans to impose sanctions on Belarusian officials.", "THREATEN", "restrict"),
        ("Kyrgyzstan warned of a military response.", "THREATEN", None),
        ("Mongolia plans to sign a transit agreement with China.", "AGREE", None),
    ],
)
def test_events_intentions_follow_plover(text, kind, mode):
    ev = only_event(analyse(text))
    assert (ev.type, ev.mode) == (kind, mode)


def test_events_announced_meeting_is_agree():
    ev = only_event(analyse("Uzbek and Kazakh foreign ministers will hold talks in Tashkent next week."))
    assert (ev.type, ev.cameo) == ("AGREE", "036")
    assert ev.date == "2016-03-17" and ev.date_precision == "day"


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("Serbian police arrested the smugglers on Wednesday.", "2016-03-09", "day"),
        ("Estonia expelled a Russian diplomat yesterday.", "2016-03-09", "day"),
        ("Latvia recalled its ambassador from Moscow last month.", "2016-02", "month"),
        ("Poland will deploy more troops to its eastern border next year.", "2017", "year"),
        ("Polish diplomats met Ukrainian officials on 4 February.", "2015-02-04", "day"),
    ],
)
def test_events_relative_dates(text, date, precision):
    # published 2016-03-10 (a Thursday); the document's event date is in 2015
    ev = only_event(analyse(text, published="2016-03-10", event_date="2015-06-01"))
    assert (ev.date, ev.date_precision) == (date, precision)


def test_events_undated_meeting_takes_event_date_and_dateline():
    doc = analyse("Hungarian diplomats held talks with Austrian officials.", event_date="2016-03-08")
    doc.place = "Vienna"
    ev = EventCoder().code(doc)[0]
    assert (ev.date, ev.date_precision, ev.place) == ("2016-03-08", "day", "Vienna")


def test_events_undated_other_event_takes_year():
    ev = only_event(analyse("Romanian police detained the protesters.", event_date="2016-03-08"))
    assert (ev.date, ev.date_precision) == ("2016", "year")


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("Moroccan diplomats met Algerian officials in Rabat.", "MAR", "GOV"),
        ("Iraqi special forces attacked militant positions near Mosul.", "IRQ", "MIL"),
        ("President Obama visited Cuba.", "USA", "GOV"),
    ],
)
def test_events_generic_and_titled_actors(text, country, sector):
    ev = only_event(analyse(text))
    assert (ev.source[0].country, ev.source[0].sector) == (country, sector)


def test_events_visit_target_and_phone_mode():
    visit = only_event(analyse("President Obama visited Cuba."))
    assert (visit.type, visit.mode, visit.target[0].country) == ("CONSULT", "visit", "CUB")
    call = only_event(analyse("The Latvian president phoned the Estonian prime minister."))
    assert (call.type, call.mode) == ("CONSULT", "phone")


def test_events_joint_exercise_cooperates_own_exercise_mobilizes():
    joint = only_event(analyse("Kazakh and Kyrgyz troops held joint exercises near Almaty."))
    own = only_event(analyse("Kazakh troops held an exercise near Almaty."))
    assert (joint.type, joint.cameo) == ("COOPERATE", "062")
    assert (own.type, own.mode) == ("MOBILIZE", "troops")


def test_events_named_exercise_brings_its_organisation_and_host_place():
    ev = only_event(analyse("Tajikistan will host the exercise “Search” in the autumn."))
    assert ev.type == "COOPERATE" and ev.place == "Tajikistan"
    assert {a.id for a in ev.source} == {"country:TJK", "org:csto"}


def test_events_organisation_session_is_igo_actor():
    ev = only_event(
        analyse("The Kyrgyz president took part in a session of the CSTO Collective Security Council.")
    )
    assert (ev.type, ev.mode) == ("CONSULT", "multilateral")
    assert any(a.id == "org:csto" and a.sector == "IGO" for a in ev.source)


def test_events_sentences_without_trigger_are_skipped_cheaply():
    doc = analyse("The weather in Minsk was mild and the river rose slowly.")
    assert doc.events == []


def test_events_lexicon_rejects_unquoted_yaml_booleans(tmp_path):
    from communique.events.lexicon import LEXICON_DIR, load_lexicon

    for name in ("nouns.yaml", "cues.yaml"):
        (tmp_path / name).write_text((LEXICON_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "verbs.yaml").write_text(
        "verbs:\n  - {lemma: call, type: REQUEST, cameo: '020', needs: [on]}\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="quote on/no/yes"):
        load_lexicon(tmp_path)
