"""The clean stage on real web pages (../shared/corpora/webpages), scored against the hand
annotations in tests/data/webpages_gold.jsonl (the development part; the held-out part is only
scored by ``communique eval tests/data/webpages_heldout.jsonl``). Floors are the measured values."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.clean import clean_document
from communique.evaluate.webpages import evaluate_webpages
from communique.model import RawDocument

DATA = Path(__file__).resolve().parent / "data"
PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "webpages" / "pages.jsonl"


@pytest.fixture(scope="module")
def report():
    return evaluate_webpages(DATA / "webpages_gold.jsonl", PAGES)


def test_clean_webpages_annotations_cover_the_corpus():
    dev = (DATA / "webpages_gold.jsonl").read_text(encoding="utf-8").splitlines()
    held = (DATA / "webpages_heldout.jsonl").read_text(encoding="utf-8").splitlines()
    assert (len(dev), len(held)) == (72, 18)


def test_clean_webpages_scores_hold(report):
    o = report.overall
    assert o.pages == 72
    assert o.title >= 67 and o.published >= 68 and o.event_date >= 64
    assert o.furniture_left <= 35 and o.furniture_total == 197
    assert o.body_lost <= 1 and o.body_total == 142


def test_clean_webpages_wire_datelines_leave_the_body():
    text = (
        "MINSK, Nov 23 (BelTA) – Belarus is intent on increasing the unity of the organisation.\n"
        "The leaders met for three hours."
    )
    doc = clean_document(RawDocument(source="-", text=text, url="https://example.org/news/x-2023"))
    assert doc.text.startswith("Belarus is intent")
    assert [(r.reason, r.text) for r in doc.removed] == [("dateline", "MINSK, Nov 23 (BelTA) –")]
    assert (doc.place, doc.published) == ("Minsk", "2023-11-23")
    for line, rest in [
        ("KAZINFORM – Kazakhstan will host the summit in autumn.", "Kazakhstan will host"),
        ("(Sputnik) The ministers agreed on a new plan.", "The ministers agreed"),
    ]:
        cleaned = clean_document(RawDocument(source="-", text=line + "\nThey met again later that day."))
        assert cleaned.text.startswith(rest), cleaned.text


def test_clean_webpages_furniture_keeps_label_and_cue():
    page = (
        "View settings\nFont size:\nEvents • Structure • Videos and Photos • Documents • Contacts • Search\n"
        "Leaders agree on joint exercises\n16 May 2022, 14:42\n"
        "The defence ministers agreed on joint exercises for the autumn at their meeting in Minsk.\n"
        "Views: 1532\nRelated articles\nMinisters meet in Astana\n"
    )
    doc = clean_document(RawDocument(source="-", text=page))
    assert doc.title == "Leaders agree on joint exercises"
    assert doc.published == "2022-05-16T14:42"
    assert (
        doc.text
        == "The defence ministers agreed on joint exercises for the autumn at their meeting in Minsk."
    )
    labels = {r.text.split("\n")[0]: (r.reason, r.cue) for r in doc.removed}
    assert labels["View settings"][0] == "navigation" and labels["Views: 1532"] == ("widget", "counter")
    assert labels["16 May 2022, 14:42"][0] == "timestamp"
    assert labels["Related articles"][0] == "teaser"
