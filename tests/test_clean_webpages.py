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
    assert o.title >= 72 and o.published >= 72 and o.event_date >= 69
    assert o.furniture_left <= 2 and o.furniture_total == 197
    assert o.body_lost == 0 and o.body_total == 142


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


def _labels(doc) -> dict[str, tuple[str, str]]:
    return {r.text.split("\n")[0]: (r.reason, r.cue) for r in doc.removed}


def test_clean_webpages_captions_by_their_neighbours():
    page = (
        "The ministers met in Astana on Tuesday to discuss the border exercises planned for autumn.\n\n"
        "Image:\n\nThe ministers before the talks in the Palace of Independence\n\n"
        "They agreed to hold the drills near the Tajik border in October.\n\n"
        "1:45\n\nMinisters agree on autumn drills\n\n"
        "The next meeting will take place in Minsk in the spring.\n"
    )
    doc = clean_document(RawDocument(source="-", text=page))
    assert doc.text.split("\n\n") == [
        "The ministers met in Astana on Tuesday to discuss the border exercises planned for autumn.",
        "They agreed to hold the drills near the Tajik border in October.",
        "The next meeting will take place in Minsk in the spring.",
    ]
    labels = _labels(doc)
    assert labels["The ministers before the talks in the Palace of Independence"] == (
        "caption",
        "under a media label",
    )
    assert labels["Ministers agree on autumn drills"] == (
        "caption",
        "the title of a video under its running time",
    )


def test_clean_webpages_listing_newest_first_is_not_the_article():
    items = [
        "On 12 March 2024, the Secretary General received the ambassador of a member state in his office.",
        "On 9 March 2024, the Secretariat held a seminar on regional security for young diplomats.",
        "On 2 March, the Secretary General met the foreign minister of a member state in the capital.",
    ]
    doc = clean_document(RawDocument(source="-", text="\n\n".join(items)))
    assert doc.text == ""
    assert {r.cue for r in doc.removed} == {"a dated item of a news listing (newest first)"}
    # a story's own chronology runs forward in time: it stays
    forward = [items[2], items[1].replace("9 March", "5 March"), items[0]]
    assert clean_document(RawDocument(source="-", text="\n\n".join(forward))).text.count("\n\n") == 2


def test_clean_webpages_paragraph_ends_and_page_ends():
    page = (
        "Leaders open the summit in Dushanbe\n\n"
        "The heads of state opened the summit in Dushanbe on Friday with a closed session on security.\n\n"
        "They approved a plan for the joint air defence system. (XYZNEWS)\n\n"
        "The next summit will be held in Minsk next year. -03B-\n\n"
        "The leaders also discussed the new customs rules.Follow our live feed to learn more!\n\n"
        "OSCE\n\nThe Organization for Security and Co-operation in Europe, the largest regional body.\n\n\n\n"
        "Ten facts about the Pamir highway you did\n"
    )
    doc = clean_document(RawDocument(source="-", text=page))
    assert doc.title == "Leaders open the summit in Dushanbe"
    assert doc.text.split("\n\n") == [
        "The heads of state opened the summit in Dushanbe on Friday with a closed session on security.",
        "They approved a plan for the joint air defence system.",
        "The next summit will be held in Minsk next year.",
        "The leaders also discussed the new customs rules.",
    ]
    labels = _labels(doc)
    assert labels["(XYZNEWS)"] == labels["-03B-"] == ("credit", "sign-off closing the paragraph")
    assert labels["Follow our live feed to learn more!"] == (
        "widget",
        "a call to action closing the paragraph",
    )
    assert labels["OSCE"] == ("teaser", "an explainer box after the article")
    assert labels["Ten facts about the Pamir highway you did"] == (
        "teaser",
        "a short line after the article's end",
    )


def test_clean_webpages_error_page_and_form_lines_go():
    page = (
        "404\nOops!\nError! Sorry, the page you are looking for does not exist.\n"
        "Ministers meet in Yerevan\n"
        "The foreign ministers met in Yerevan on Monday and agreed on a statement on the border.\n"
    )
    doc = clean_document(RawDocument(source="-", text=page))
    assert doc.title == "Ministers meet in Yerevan"
    assert (
        doc.text == "The foreign ministers met in Yerevan on Monday and agreed on a statement on the border."
    )
    form = (
        "Enter your e-mail address to subscribe to our newsletter\n"
        "Your password must be at least 10 characters long and include a number.\n"
        "Click the button to log in\n"
        "Dear colleagues,\nI welcome you to this meeting of the council.\n"
    )
    doc = clean_document(RawDocument(source="-", text=form))
    assert doc.text == "Dear colleagues,\n\nI welcome you to this meeting of the council."
    assert _labels(doc)["Your password must be at least 10 characters long and include a number."] == (
        "widget",
        "a line of a form between interface lines",
    )


def test_clean_webpages_one_word_exclamation_stays():
    text = "The reaction of the papers came quickly.\n\nSorry!\n\nThe next morning the editors apologised."
    assert "Sorry!" in clean_document(RawDocument(source="-", text=text)).text


def test_clean_webpages_wrapped_repost_header_and_repeat():
    body = (
        "BISHKEK, May 3 (Kabar) - The defence ministers of the member states\n"
        "agreed at their meeting on Sunday on the plan for the joint exercises\n"
        "to be held near the lake in the autumn of this year, the ministry said.\n"
        "The exercises will involve about two thousand troops from five states\n"
        "and will include a phase with live firing on the mountain range there.\n"
        "The ministers also discussed the supply of equipment for the forces.\n"
    )
    page = (
        "Defence ministers agree on autumn exercises\n08:1503/05/2015\n"
        + body
        + "08:1503/05/2015\nBISHKEK, May 3 (Kabar) - The defence ministers of the member states\n"
    )
    doc = clean_document(RawDocument(source="-", text=page))
    assert doc.title == "Defence ministers agree on autumn exercises"
    assert doc.published == "2015-05-03T08:15"
    assert doc.text.startswith("The defence ministers of the member states agreed at their meeting")
    assert doc.text.endswith("supply of equipment for the forces.")
    assert "08:15" not in doc.text


def test_clean_webpages_foreign_stamp_dateline_day_and_address_title():
    page = (
        "Ministers praise the new headquarters\n\nPubblicato da in NOTIZIE · 12 Marzo 2021\n\n"
        "The ministers praised the new headquarters at their meeting on Thursday in the capital.\n\n"
        "They will meet again in the summer.\n"
    )
    doc = clean_document(RawDocument(source="-", text=page))
    assert (doc.title, doc.published) == ("Ministers praise the new headquarters", "2021-03-12")
    wire = (
        "Ministers of defence meet in Astana\n30.11.2020 10:15\n"
        "ASTANA, NOVEMBER 28, KAZNEWS: The ministers of defence met in Astana to discuss the exercises.\n"
        "They agreed on the plan for the next year.\n"
    )
    doc = clean_document(
        RawDocument(source="-", text=wire, url="https://example.org/2020/11/30/ministers-meet/")
    )
    assert (doc.published, doc.event_date) == ("2020-11-30T10:15", "2020-11-28")
    assert doc.event_date_reason == "day and month from the dateline; year from the page's date"
    page = "Ministers meet in Belgrade to open the council.\n\nThe ministers opened the council in Belgrade today.\n"
    url = "https://example.org/commentary/ministers-meet-belgrade-open-council"
    assert clean_document(RawDocument(source="-", text=page, url=url)).title == (
        "Ministers meet in Belgrade to open the council"
    )


def test_clean_webpages_bracket_closing_a_cut_name_is_no_dateline():
    text = (
        "(NATO) Defence College, announced on Monday that the course will open in May.\nIt will last a year."
    )
    assert clean_document(RawDocument(source="-", text=text)).text.startswith(
        "(NATO) Defence College, announced"
    )


def test_clean_webpages_markup_printed_as_text_goes():
    page = (
        "The council met in Vienna on Thursday and adopted the budget for the coming year.\n\n"
        "/html/head/meta[@name='og:title']/@content /html/head/meta[@name='og:image']/@content\n\n"
        "The chair thanked the delegations for their work.\n"
    )
    doc = clean_document(RawDocument(source="-", text=page))
    assert "/html" not in doc.text
    assert _labels(doc)[
        "/html/head/meta[@name='og:title']/@content /html/head/meta[@name='og:image']/@content"
    ] == (
        "widget",
        "markup or code printed as text",
    )
