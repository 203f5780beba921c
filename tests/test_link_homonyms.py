"""A name that is a country and a place of another country ("Georgia") is read by its context;
a system of laws shaped like a person's name ("Jim Crow") is no person (passages written for
this test, and the VOA story that names Jim Crow laws)."""

from __future__ import annotations

import pytest

from communique.evaluate.entities import load_text
from tests.link_helpers import linked


def _georgia(text: str, on: str = "2024-05-01") -> list[str]:
    doc = linked(text, on)
    return [e.id for e in doc.entities for m in e.mentions if m.text == "Georgia"]


@pytest.mark.parametrize(
    "text",
    [
        "The bill was signed in Atlanta, Georgia, on Tuesday.",
        "Georgia Republicans cheered the new voting map.",
        "Georgia's governor signed the budget on Friday.",
        "The governor of Georgia declared a state of emergency before the storm.",
        "Poultry from Alabama and Georgia will face new tariffs.",
    ],
)
def test_link_homonyms_the_us_state_in_a_us_context(text: str):
    assert _georgia(text) == ["place:usa-georgia"]


@pytest.mark.parametrize(
    "text",
    [
        "Georgia's parliament in Tbilisi passed the foreign agents law.",
        "Georgia and Armenia signed a border agreement.",
        "The United States criticised Georgia over the new law.",
    ],
)
def test_link_homonyms_the_country_otherwise(text: str):
    assert _georgia(text) == ["country:GEO"]


def test_link_homonyms_a_mention_without_context_follows_the_document():
    doc = linked(
        "Georgia Republicans met in Savannah on Monday. Later, Georgia sent a delegation to the convention.",
        "2024-05-01",
    )
    assert [e.id for e in doc.entities if e.name == "Georgia"] == ["place:usa-georgia"]
    assert len(next(e for e in doc.entities if e.name == "Georgia").mentions) == 2


def test_link_homonyms_jim_crow_is_no_person():
    doc = linked("Black voters in the South lived under Jim Crow laws for decades.", "2024-02-01")
    found = [(e.id, e.type) for e in doc.entities if e.name == "Jim Crow"]
    assert found == [("prov:other:jim-crow", "other")]


def test_link_homonyms_jim_crow_in_a_voa_story():
    ct = load_text("voa", "8008697", None)
    doc = linked(ct.text, ct.date)
    types = {e.type for e in doc.entities if e.name == "Jim Crow"}
    assert types == {"other"}
    assert not [e for e in doc.entities if e.type == "person" and "Crow" in e.name]
