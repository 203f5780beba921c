"""Page furniture the clean stage takes out, on passages written for these tests."""

from __future__ import annotations

from communique.clean import clean_document, clean_text
from communique.model import RawDocument


def reasons(doc) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in doc.removed:
        out.setdefault(item.reason, []).append(item.text)
    return out


def test_clean_boilerplate_contact_block():
    page = (
        "220030, Gomel region,\nRechitsa, October street, 12\n\nOpening hours:\n\n9.00-18.00, break 13.00-14.00\n\n"
        "+375 (2340) 4-11-22\n\nReception phone:\n\n+375 (2340) 4-33-55\n\n"
        "Regional council reports on harvest\n\n"
        "The regional council said on Tuesday that the grain harvest had finished early this year.\n"
    )
    doc = clean_text(page)
    assert (
        doc.text
        == "The regional council said on Tuesday that the grain harvest had finished early this year."
    )
    assert doc.title == "Regional council reports on harvest"
    removed = "\n".join(reasons(doc)["contact-block"])
    for piece in (
        "220030",
        "October street, 12",
        "Opening hours",
        "9.00-18.00",
        "4-11-22",
        "Reception phone",
    ):
        assert piece in removed


def test_clean_boilerplate_tag_footer_and_publication_date():
    page = (
        "Ministers meet in Astana\n"
        "The foreign ministers discussed border security at a meeting in Astana.\n"
        "They agreed to meet again in the autumn.\n"
        "Geography\nKazakhstan\nTopics\nForeign policy\nPersons\nSmith John\n"
        "Publication status\nPublished in sections: News\nPublication date: June 3, 2021, 09:15\nPrint version"
    )
    doc = clean_text(page)
    assert doc.text.endswith("They agreed to meet again in the autumn.")
    for word in ("Geography", "Topics", "Publication", "Print version", "Smith John"):
        assert word not in doc.text
    assert doc.published == "2021-06-03T09:15"
    assert reasons(doc)["tags-footer"]


def test_clean_boilerplate_gallery_counter_and_caption():
    page = (
        "News\nLeaders gather for talks\n"
        "The leaders of five states gathered for talks on trade.\n"
        "3 of 12\n"
        "The leaders pose before the talks. Photo: Anna Petrova, Example Agency\n"
        "The talks lasted four hours and ended with a joint statement.\n"
    )
    doc = clean_text(page)
    assert "3 of 12" not in doc.text and "Photo:" not in doc.text and "News" not in doc.text
    assert doc.captions == ["The leaders pose before the talks. Photo: Anna Petrova, Example Agency"]
    assert reasons(doc)["gallery"] == ["3 of 12"]
    assert reasons(doc)["navigation"] == ["News"]
    assert doc.title == "Leaders gather for talks"


def test_clean_boilerplate_vertical_credit_letters():
    column = (
        "The delegation arrived late in the \nevening and went straight to the \nconference hall, where "
        "the \nhosts had prepared a dinner.\n\nX\nY\n\nZQ\nW\n"
    )
    doc = clean_text(column * 3)
    assert "XY" not in doc.text.replace(" ", "") and "\nX\n" not in doc.text
    assert "X\nY\nZQ\nW" in reasons(doc)["credit"]


def test_clean_boilerplate_credits_sources_separator_elision():
    page = (
        "The summit opened with a minute of silence.\n* * *\nThe chair then gave the floor to the guests.\n"
        "<…>\nThe meeting closed at noon.\nBased on materials of example.org\nPhotos by EXAMPLE\n"
    )
    doc = clean_text(page)
    assert doc.text == (
        "The summit opened with a minute of silence.\n\nThe chair then gave the floor to the guests.\n\n"
        "The meeting closed at noon."
    )
    got = reasons(doc)
    assert got["separator"] == ["* * *"] and got["elision"] == ["<…>"]
    assert got["sources-line"] == ["Based on materials of example.org"] and got["credit"] == [
        "Photos by EXAMPLE"
    ]


def test_clean_boilerplate_name_caption_aside_but_cue_kept():
    page = (
        "The minister answered questions from the press after the meeting.\n"
        "Deputy Minister of Defence Ivan Sidorov and Chief of Staff\nof the Army Pavel Orlov\n\n"
        "Head of the Delegation\nMaria Kowalska,\n\n"
        "“We expect the new agreement to be signed before the end of the year.”\n"
    )
    doc = clean_text(page)
    assert doc.captions == [
        "Deputy Minister of Defence Ivan Sidorov and Chief of Staff of the Army Pavel Orlov"
    ]
    assert "Head of the Delegation Maria Kowalska,\n\n“We expect" in doc.text


def test_clean_boilerplate_container_title_line_removed():
    raw = RawDocument(
        source="x.html",
        text="Talks resume in Geneva\n\nNegotiators returned to the table on Monday.",
        kind="html",
        title="Talks resume in Geneva",
    )
    doc = clean_document(raw)
    assert doc.text == "Negotiators returned to the table on Monday."
    assert doc.title == "Talks resume in Geneva"
    assert [r.reason for r in doc.removed] == ["title"]
