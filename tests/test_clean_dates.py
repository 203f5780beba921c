"""Published stamps, datelines and the date of the main event, on passages written for these tests."""

from __future__ import annotations

import pytest

from communique.clean import clean_document, clean_text
from communique.clean.dates import find_date_mentions, load_milestones, parse_stamp
from communique.model import RawDocument


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Posted: 04.07.2019 08:05:00", "2019-07-04T08:05"),
        ("Publication date: March 9, 2022, 18:30", "2022-03-09T18:30"),
        ("June 1, 2020", "2020-06-01"),
        ("Updated: 2021-12-30", "2021-12-30"),
        ("The talks went well.", None),
    ],
)
def test_clean_dates_parse_stamp(stamp, expected):
    assert parse_stamp(stamp) == expected


def test_clean_dates_header_date_time_and_dateline():
    page = (
        "Press service\nForum opens\nThe annual forum opened with a speech by the host.\n"
        "April 2, 2021\n11:05\nTashkent\nThe guests then toured the exhibition.\n"
    )
    doc = clean_text(page)
    assert (doc.title, doc.published, doc.place, doc.event_date) == (
        "Forum opens",
        "2021-04-02T11:05",
        "Tashkent",
        "2021-04-02",
    )
    assert "April 2" not in doc.text and "Tashkent" not in doc.text
    assert doc.event_date_reason.startswith("published date")


def test_clean_dates_year_from_milestone_anniversary():
    text = (
        "Heads of state met in Moscow on 14 May.\n\n"
        "The meeting marked the 30th anniversary of the Collective Security Treaty."
    )
    doc = clean_text(text)
    assert doc.event_date == "2022-05-14"
    assert "30th anniversary" in doc.event_date_reason and "1992" in doc.event_date_reason


def test_clean_dates_year_from_jubilee_and_years_ago():
    text = (
        "The council gathered for a jubilee session, as its founding charter was signed on June 3rd, 1995. "
        "A decade ago, in 2005, the council opened its first office abroad."
    )
    doc = clean_text(text)
    assert doc.event_date == "2015-06-03"
    assert "jubilee" in doc.event_date_reason


def test_clean_dates_year_from_text_years():
    doc = clean_text(
        "The envoy met the minister on 9 October.\n\nThe two countries resumed joint drills in 2019."
    )
    assert doc.event_date == "2019-10-09"
    assert "2019" in doc.event_date_reason


@pytest.mark.parametrize(
    "plan",
    [
        "The two countries plan joint drills in 2019.",
        "The leaders discussed the collective security strategy till 2025.",
        "They adopted a Comprehensive Action Plan for 2023-2027.",
        "In 2024, Russia will assume the chairmanship.",
    ],
)
def test_clean_dates_year_not_from_plans(plan):
    doc = clean_text(f"The envoy met the minister on 9 October.\n\n{plan}")
    assert doc.event_date is None


def test_clean_dates_event_not_after_publication_unless_planned():
    raw = RawDocument(
        source="-",
        text="The ministers met on 9 March and set a deadline of 2 April for the reply.",
        published="2025-03-09",
    )
    assert clean_document(raw).event_date == "2025-03-09"
    planned = RawDocument(source="-", text="The summit will be held on 2 April.", published="2025-03-09")
    assert clean_document(planned).event_date == "2025-04-02"


def test_clean_dates_user_date_wins_over_a_date_widget():
    page = (
        "Flag Wednesday, 24 April 2024\nLeaders meet in Minsk\n"
        "The leaders met in Minsk on 16 May to discuss regional security.\n"
    )
    raw = RawDocument(source="-", text=page, date_hint="2022-05-16")
    doc = clean_document(raw)
    assert (doc.published, doc.event_date, doc.title) == ("2022-05-16", "2022-05-16", "Leaders meet in Minsk")
    widget_only = clean_document(RawDocument(source="-", text=page))
    assert widget_only.published is None and "24 April" not in widget_only.text


def test_clean_dates_year_from_published_page():
    raw = RawDocument(
        source="-", text="The delegates signed the accord on 28 December.", published="2024-01-05T10:00"
    )
    doc = clean_document(raw)
    assert doc.event_date == "2023-12-28"  # late December, read from an early-January page


def test_clean_dates_weekday_before_reference():
    doc = clean_text("The ministers held talks in Baku on Tuesday.", date_hint="2023-06-09")
    assert doc.event_date == "2023-06-06" and doc.place == "Baku"


def test_clean_dates_no_date_at_all():
    doc = clean_text("The ministers held talks.")
    assert doc.event_date is None and doc.event_date_reason is None


def test_clean_dates_mentions():
    found = [
        (m.day, m.month, m.year)
        for m in find_date_mentions("on 5 March, on May 15th, 1992, in March 2020, may 3")
    ]
    assert found == [(5, 3, None), (15, 5, 1992)]


def test_clean_dates_milestones_are_dated():
    milestones = load_milestones()
    assert any(
        m.day.isoformat() == "1992-05-15" and "Collective Security Treaty" in m.names for m in milestones
    )
    assert any(m.day.isoformat() == "2002-10-07" for m in milestones)


def test_clean_dates_year_from_an_event_named_by_its_year():
    # the body names no year; the headline's summit does, and dates the day range of the lead
    doc = clean_text(
        "BRICS Summit 2024: Kazan Declaration not a Game Changer\n\n"
        "The BRICS Summit, which was held in Kazan on October 22-24, was the first after the group grew.\n\n"
        "The leaders also voiced concern about the conflicts in the Middle East."
    )
    assert doc.event_date == "2024-10-22"
    assert (
        doc.event_date_reason
        == "day and month from the lead (October 22-24); year from the year in the event's name (2024)"
    )
    # a plan's year is no event's: "Vision 2030" dates nothing
    plan = clean_text(
        "Vision 2030: ministers review progress\n\n"
        "The ministers met in Riyadh on October 22 to review the programme.\n\n"
        "They will meet again after the summer."
    )
    assert plan.event_date is None


def test_clean_dates_month_table_reads_as_dateparser_does():
    # day-month mentions take their month from a table (speed); dateparser reads them the same
    from communique.dates import parse_datetime

    months = "January February March April May June July August September October November December"
    short = "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec"
    for month in [*months.split(), *short.split(), *(f"{m}." for m in short.split())]:
        for day in range(1, 32):
            mentions = find_date_mentions(f"They met on {day} {month} in Minsk.")
            parsed = parse_datetime(f"{day} {month.rstrip('.')} 2000")
            expected = [(parsed.day, parsed.month)] if parsed else []
            assert [(m.day, m.month) for m in mentions] == expected, (day, month)
