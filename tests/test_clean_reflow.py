"""Re-flow and OCR repair on passages written for these tests."""

from __future__ import annotations

from collections import Counter

import pytest

from communique.clean import clean_text
from communique.clean.ocr import repair_ligatures, should_join_hyphen
from communique.clean.reflow import join_lines

# A magazine column: hard-wrapped, hyphenated, a blank line in the middle of a sentence (the
# column ends there) and a real paragraph break after "autumn.".
COLUMN = """The committee met in the old \nlibrary building to discuss \nthe budget for the coming \nyear. Its members argued \nabout the cost of the new \nbridge over the river and the \n\nschools that the town needs \nmost. The chair asked for a \nfinal report by the end of \nautumn.

A second meeting is planned \nfor the winter, when the new \nmembers join the committee \nand the accounts are closed.
"""


def test_clean_reflow_heals_column_end_and_keeps_paragraphs():
    doc = clean_text(COLUMN)
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 2
    assert "the river and the schools that the town needs most." in paragraphs[0]
    assert paragraphs[1].startswith("A second meeting is planned for the winter")


def test_clean_reflow_web_lines_stay_paragraphs():
    page = "Colleagues,\nThank you for coming to this meeting today.\nChair of the Board Anna Berg: Let us start.\n"
    doc = clean_text(page)
    assert doc.text.split("\n\n") == [
        "Colleagues,",
        "Thank you for coming to this meeting today.",
        "Chair of the Board Anna Berg: Let us start.",
    ]


def test_clean_reflow_web_comma_led_lines_join():
    page = "Present were Minister Anna Berg\n, Minister Otto Lind\n, and the ambassador.\nThe talks began at ten.\n"
    assert (
        clean_text(page).text.split("\n\n")[0]
        == "Present were Minister Anna Berg, Minister Otto Lind, and the ambassador."
    )


def test_clean_reflow_speaker_label_opens_paragraph_in_print():
    column = (
        "The session opened at nine and \nthe chair welcomed the guests \nfrom the neighbouring states.\n"
        "Minister of Trade Otto Lind: We \nare grateful for the invitation \nand for the warm reception.\n"
    ) * 2
    paragraphs = clean_text(column).text.split("\n\n")
    assert any(p.startswith("Minister of Trade Otto Lind: We are grateful") for p in paragraphs)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("the Red Re-", "ception Room", "the Red Reception Room"),
        ("for co-opera-", "tion with", "for co-operation with"),
        ("the post-So-", "viet states", "the post-Soviet states"),
        ("the EU-", "Russia talks", "the EU-Russia talks"),
        ("the above-", "mentioned rules", "the above-mentioned rules"),
        ("a well-", "known case", "a well-known case"),
        ("its ef-", "fi ciency", "its efficiency"),
        ("the U.S.-", "based group", "the U.S.-based group"),
        ("5-", "and 8-year-old", "5- and 8-year-old"),
        ("the govern-", "ment said", "the government said"),
    ],
)
def test_clean_reflow_line_end_hyphens(left, right, expected):
    assert join_lines(left, right, Counter(), glue_marks=False) == expected


def test_clean_reflow_document_spelling_decides_hyphen():
    # A line-end "co-" + "ordination" follows the spelling the text uses elsewhere.
    assert not should_join_hyphen("co", "ordination", Counter({"co-ordination": 2}))
    assert should_join_hyphen("co", "ordination", Counter({"coordination": 2, "co-ordination": 1}))


def test_clean_reflow_hyphen_kept_in_compounds_mid_line():
    doc = clean_text(COLUMN + "\nThe EU-Russia and multi-faceted talks go on.\n")
    assert "EU-Russia" in doc.text and "multi-faceted" in doc.text


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("the fi rst offi  cial visit", "the first official visit"),
        ("Th e diffi  cult talks", "The difficult talks"),
        ("a fully-fl edged plan", "a fully-fledged plan"),
        ("aft er the benefi cial deal", "after the beneficial deal"),
        ("the confl ict and its signifi cance", "the conflict and its significance"),
    ],
)
def test_clean_reflow_ligatures(damaged, repaired):
    assert repair_ligatures(damaged) == repaired


def test_clean_reflow_ligature_lookalikes_in_clean_text_stay():
    text = "Staff members left over the weekend; the soft drinks were off the menu."
    assert repair_ligatures(text, force=True) == text
    assert repair_ligatures(text) == text


def test_clean_reflow_mojibake_and_spaces():
    # "donâ€™t" is UTF-8 read as cp1252; the no-break space becomes a plain space.
    doc = clean_text("The envoy said they donâ€™t agree.\u00a0 “Not yet,” he added.")
    assert doc.text == "The envoy said they don’t agree. “Not yet,” he added."


def test_clean_reflow_single_sentence_unchanged():
    sentence = "The council adopted the resolution by a vote of twelve to three."
    doc = clean_text(sentence)
    assert doc.text == sentence and doc.title is None and doc.removed == []
