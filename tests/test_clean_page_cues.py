"""Cues of the clean stage that hold on any site: the article's core and what lies beyond it,
headlines from the address, bylines in wire copy, bulleted headline lists, day ranges; and the
HTML benchmark's pages rendered to text (tests/data/webpages_rendered.jsonl, tuning half)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.clean import clean_document, clean_text
from communique.clean.dates import find_date_mentions
from communique.evaluate.html_extraction import render_page_text, split_of
from communique.evaluate.webpages import evaluate_rendered, load_annotations
from communique.model import RawDocument

DATA = Path(__file__).resolve().parent / "data"
EXTRACTION = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "article-extraction"

LEAD = "The foreign ministers of the Collective Security Treaty Organization met in Minsk on Thursday."
SECOND = "The talks lasted three hours and ended with a declaration signed by all six ministers present."


def test_clean_page_cues_day_ranges_are_their_first_day():
    cases = {
        "The summit was held in Kazan on October 22-24.": (22, 10, None),
        "It was held on 22–24 October 2024 in Kazan.": (22, 10, 2024),
        "Talks ran from 22 to 24 October.": (22, 10, None),
        "They met on October 22–24, 2024.": (22, 10, 2024),
        "On 15 May 2023 they met.": (15, 5, 2023),
    }
    for text, expected in cases.items():
        (mention,) = find_date_mentions(text)
        assert (mention.day, mention.month, mention.year) == expected, text
    doc = clean_text(f"Leaders meet in Kazan\n\nThe leaders met in Kazan on October 22-24, 2024.\n\n{SECOND}")
    assert doc.event_date == "2024-10-22"


def test_clean_page_cues_byline_without_full_stop_leaves_wire_copy():
    lines = [
        "CSTO leaders meet in Minsk to discuss border security",
        "By Anna Petrova and Ivan Sidorov",
        "The leaders of the Collective Security Treaty Organization met in",
        "Minsk on Thursday to discuss the situation on the Tajik-Afghan",
        "border, the organisation's secretary general said on Friday.",
        "The talks lasted three hours and ended with a joint declaration",
        "signed by all six heads of state present at the session.",
    ]
    doc = clean_text("\n".join(lines))
    assert doc.title == lines[0]
    assert doc.text.startswith("The leaders of the Collective Security Treaty Organization met in Minsk")
    assert [(r.reason, r.text) for r in doc.removed] == [("title", lines[0]), ("byline", lines[1])]


def test_clean_page_cues_headline_run_into_the_first_paragraph():
    raw = RawDocument(
        source="a.txt",
        text=f"CSTO ministers meet in Minsk {LEAD}\n\n{SECOND}",
        url="https://example.org/news/2023/11/23/csto-ministers-meet-in-minsk.html",
    )
    doc = clean_document(raw)
    assert doc.title == "CSTO ministers meet in Minsk"
    assert doc.text == f"{LEAD}\n\n{SECOND}"
    # without the address nothing tells where the headline ends
    assert clean_document(RawDocument(source="a.txt", text=raw.text)).text.startswith("CSTO ministers meet")


def test_clean_page_cues_headline_weighs_the_address_over_a_menu():
    menu = "\n".join(["Home", "World news today", "Security and defence", "Skip to Article"])
    raw = RawDocument(
        source="a.txt",
        text=f"{menu}\nMinisters agree on new border mission\n{LEAD}\n{SECOND}",
        url="https://example.org/world/ministers-agree-on-new-border-mission",
    )
    doc = clean_document(raw)
    assert doc.title == "Ministers agree on new border mission"
    assert doc.text == f"{LEAD}\n\n{SECOND}"


def test_clean_page_cues_bulleted_headlines_and_menus_after_the_article():
    related = ["- Armenia skips the CSTO summit in Minsk again", "- Kazakhstan proposes a new doctrine"]
    related.append("- Lukashenko meets the Kyrgyz defence minister")
    footer = ["About us", "Contacts", "Advertising", "Archive", "World", "Politics", "Economy", "Society"]
    footer += ["Sport", "Culture", "32M ago"]
    doc = clean_text("\n".join(["Ministers meet in Minsk", LEAD, SECOND, *related]))
    assert doc.text == f"{LEAD}\n\n{SECOND}"
    assert {r.cue for r in doc.removed} == {
        "headline above the body",
        "a bulleted list of headlines after the article",
    }
    doc = clean_text("\n".join(["Ministers meet in Minsk", LEAD, SECOND, *related, *footer]))
    assert doc.text == f"{LEAD}\n\n{SECOND}"
    assert [r.cue for r in doc.removed] == [
        "headline above the body",
        "a bulleted list of headlines after the article",
        "short line away from the article's text",  # the menu: 10 short lines
        "interface words",  # "Advertising"
        "short line away from the article's text",
        "a time counted back from now",
    ]
    # a numbered list closing an article is the article's
    listed = "\n".join(
        ["Ministers meet in Minsk", LEAD, *[f"{n}) Item number {n} of the plan" for n in range(1, 11)]]
    )
    assert clean_text(listed).text.count(") Item number") == 10


def test_clean_page_cues_what_an_extractor_kept_is_not_cut_as_a_menu():
    items = "\n".join(f"Stop {n}: the tour reaches its {n}th city" for n in range(1, 12))
    raw = RawDocument(source="p.html", text=f"{LEAD}\n{SECOND}\n{items}", kind="html", title="Tour dates")
    assert clean_document(raw).text.count("Stop ") == 11


def test_clean_page_cues_renders_every_visible_line():
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><nav><ul><li><a>Home</a></li><li><a>World</a></li></ul><a>A</a><a>B</a></nav>"
        "<h1>Ministers meet</h1><p>First <b>paragraph</b> here.</p><div hidden>secret</div>"
        "<script>x()</script><p>Second<br>line</p></body></html>"
    )
    # links side by side run together, as a browser shows them ("AB")
    assert render_page_text(html) == "Home\nWorld\nAB\nMinisters meet\nFirst paragraph here.\nSecond\nline"


@pytest.fixture(scope="module")
def rendered():
    return evaluate_rendered(DATA / "webpages_rendered.jsonl", EXTRACTION, split="tune")


def test_clean_page_cues_rendered_pages_split_and_floors(rendered):
    rows = load_annotations(DATA / "webpages_rendered.jsonl")
    assert len(rows) == 181 and all(r["split"] == split_of(r["sha256"]) for r in rows)
    assert sum(r["split"] == "tune" for r in rows) == 88
    (line,) = [line for line in rendered.lines() if line.startswith("tune")]
    # measured: title 67/79, furniture left 1345/11831, body lines lost 49/1803 (tuning half)
    title, furniture, body = (part.split("(")[1].rstrip(")") for part in line.split(")")[:3])
    hits, total = map(int, title.split("/"))
    assert total == 79 and hits >= 67
    left, total = map(int, furniture.split("/"))
    assert total == 11831 and left <= 1345
    lost, total = map(int, body.split("/"))
    assert total == 1803 and lost <= 49


def test_clean_page_cues_container_headline_without_the_site_name():
    from communique.clean.furniture import strip_site_name

    cases = [
        ("Ministers meet in Minsk | Example News", "https://www.examplenews.com/a", None),
        ("Ministers meet in Minsk - EXN", "https://exn.example.org/a", "EXN"),
        ("ExampleNews | Ministers meet in Minsk", "https://examplenews.org/a", None),
        ("Opinion | Ministers meet in Minsk", "https://www.example.org/a", None),
        ("Ministers meet in Minsk | Editorial", "https://www.example.org/a", None),
    ]
    for title, url, sitename in cases:
        assert strip_site_name(title, url, sitename) == "Ministers meet in Minsk", title
    # a dash inside a headline stays, and so does a headline the split would leave too short
    assert strip_site_name("Putin - Lukashenko talks end in Minsk", "https://tass.com/a", "TASS") == (
        "Putin - Lukashenko talks end in Minsk"
    )
    assert strip_site_name("Minsk talks | Example", "https://example.org/a") == "Minsk talks | Example"
    raw = RawDocument(
        source="p.html", text=f"{LEAD}\n{SECOND}", kind="html", title="Ministers meet in Minsk - EXN",
        url="https://exn.example.org/news/1", meta={"sitename": "EXN"},
    )  # fmt: skip
    assert clean_document(raw).title == "Ministers meet in Minsk"


def test_clean_page_cues_a_list_closing_the_article_stays():
    dates = [f"June {n} – Arena number {n}, Tampa, FL" for n in range(1, 13)]
    menu = ["About us", "Contacts", "Archive", "World", "Politics", "Economy", "Society", "Sport", "Culture"]
    doc = clean_text("\n\n".join(["Band announces tour", LEAD, SECOND, *dates, *menu]))
    assert doc.text == "\n\n".join([LEAD, SECOND, *dates])
    features = ["- Battery lasts 24 hours", "- Charges in 15 minutes", "- Weighs 40 grams, case included"]
    assert clean_text("\n".join(["Headphones reviewed", LEAD, SECOND, *features])).text.count("- ") == 3


ARTICLE = [
    "Ministers meet in Minsk",
    LEAD,
    SECOND,
    "The ministers also agreed to hold joint exercises of the collective forces in Belarus next autumn.",
    "The organization's secretary general said the declaration would be published on Friday in Minsk.",
    "The next meeting of the foreign ministers of the organization will take place in Astana in May.",
    "Armenia, which has frozen its participation, did not send a delegation to the meeting in Minsk.",
]
TEASERS = [
    "Heavy snow closes mountain roads in the Alps",
    "Drivers waited for hours as ploughs cleared the passes overnight.",
    "Central bank keeps interest rates on hold",
    "Inflation eased for a third month running, the bank said.",
    "Football club appoints new coach after poor season",
    "He signed a two-year contract on Tuesday.",
]


def _labelled(doc, cue: str) -> list[str]:  # noqa: ANN001
    return [line for r in doc.removed if r.cue == cue for line in r.text.split("\n")]


def test_clean_page_cues_headlines_of_other_stories_after_the_article():
    raw = RawDocument(source="p.txt", text="\n".join([*ARTICLE, *TEASERS, "Copyright 2024"]), kind="txt")
    doc = clean_document(raw)
    assert doc.text == "\n\n".join(ARTICLE[1:])
    assert doc.title == ARTICLE[0]
    assert _labelled(doc, "a headline of another story after the article") == TEASERS[0::2]
    assert _labelled(doc, "the blurb under other stories' headlines") == TEASERS[1::2]
    assert _labelled(doc, "a short line among other stories' headlines") == ["Copyright 2024"]
    # the article's own subheadings (their words are the article's, or a long section follows)
    sections = [
        "Joint exercises of the collective forces",
        "The exercises will take place in Belarus in the autumn with troops of every member state.",
        "Publication of the Minsk declaration",
        "The declaration will be published on Friday, the secretary general said after the talks.",
        "Next meeting of the foreign ministers",
        "The ministers will meet again in Astana in May to review the plan they adopted in Minsk.",
    ]
    kept = clean_text("\n".join([*ARTICLE, *sections])).text
    assert all(line in kept for line in sections)
    # two teasers are no run; on an extracted HTML page, nothing is cut as a teaser
    assert "Heavy snow" in clean_text("\n".join([*ARTICLE, *TEASERS[:4]])).text
    html = RawDocument(
        source="p.html", text="\n".join([*ARTICLE[1:], *TEASERS]), kind="html", title=ARTICLE[0]
    )
    assert "Heavy snow" in clean_document(html).text


def test_clean_page_cues_comments_stamped_with_times_counted_back():
    thread = [
        "Anna K. 2 days ago at 07:52 am",
        "Great to see the ministers agree on something at last.",
        "Rating: 12 Votes Ivan P. 2 days ago at 08:10 am",
        "Let us see whether the exercises really take place.",
        "Maria 3 days ago",
        "The declaration says little that is new.",
    ]
    doc = clean_text("\n".join([*ARTICLE, *thread]))
    assert doc.text == "\n\n".join(ARTICLE[1:])
    assert _labelled(doc, "a comment or teaser stamped with a time counted back") == thread
    # a stamp or two under the article is no thread
    assert "Great to see" in clean_text("\n".join([*ARTICLE, *thread[:4]])).text


def test_clean_page_cues_title_case_subheading_is_no_caption():
    heads = [
        "The Controller Is Only Necessary For Playing On A TV",
        "Q: Favorite Places You Have Visited",
        "Touch Bar and Escape Key",
    ]
    for head in heads:
        text = "\n\n".join(["Games streamed to any screen", LEAD, head, SECOND])
        assert head in clean_text(text).text, head
    caption = "Deputy Minister of Defence Ivan Sidorov and Chief of Staff of the Army Pavel Orlov"
    doc = clean_text("\n\n".join(["Ministers meet in Minsk", LEAD, caption, SECOND]))
    assert doc.captions == [caption]
