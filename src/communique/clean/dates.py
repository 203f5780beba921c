"""Dates: posted-at stamps, date mentions, and the date of the main event with its reason.

When the text gives only a day and a month, the year comes from (in this order) the page's
own date, a "N years ago, in YEAR" remark, an anniversary of a dated milestone from the
packs ("the 20th anniversary of the Collective Security Treaty" → 1992 + 20), or the latest
year the text mentions. Every inferred date carries a human-readable reason.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from communique.clean.settings import SETTINGS
from communique.dates import parse_datetime
from communique.link.packs import current_packs, pack_dirs
from communique.text import split_sentences

# --- Patterns ----------------------------------------------------------------------------------
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
# The English month names MONTH allows, by their first three letters: a table, not dateparser,
# which loads for a second and takes milliseconds for each new string (cleaning speed).
MONTH_NUMBER = {
    m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
}
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]|20)\d\d"
# A day range's second day: "22-24 October", "October 22–24", "from 22 to 24 October".
_TO_DAY = rf"(?:\s*[-–—]\s*|\s+(?:to|and|till|until|through)\s+){DAY}(?!\d)"
# "15 May", "15th of May 2012", "May 15th, 1992", "November 23, 2023"; a range of days
# ("22–24 October 2024", "October 22-24") is a mention of its first day.
DATE_MENTION = re.compile(
    rf"\b(?:(?P<d1>{DAY})(?:{_TO_DAY})?(?:\s+of)?\s+(?P<m1>{MONTH})(?:,?\s+(?P<y1>{YEAR}))?"
    rf"|(?P<m2>{MONTH})\s+(?P<d2>{DAY})(?!\d)(?:{_TO_DAY})?(?:,?\s+(?P<y2>{YEAR}))?)(?![\w-])"
)
NUMERIC_DATE = r"(?:\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2})"
TIME = r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?(?:\s*[AaPp]\.?[Mm]\.?)?"
HAS_TIME = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b")
# A line holding only a date, maybe with a time: "November 23, 2023", "15.02.2023 10:21".
DATE_LINE = re.compile(
    rf"^(?:(?:{DAY}\s+{MONTH}|{MONTH}\s+{DAY}),?\s+{YEAR}|{NUMERIC_DATE})(?:,?\s+{TIME})?$"
)
TIME_LINE = re.compile(rf"^{TIME}$")
# A labelled stamp: "Posted: 15.02.2023 10:21:00", "Publication date: November 23, 2023, 15:40".
STAMP = re.compile(
    r"^(?:Posted|Published|Publication date|Date of publication|Date|Updated|Last updated)"
    r"(?:\s+on)?\s*:?\s*(?P<value>.{6,60})$",
    re.IGNORECASE,
)
# A year after a capitalised word: "Summit 2024", "Vision 2030".
NAMED_YEAR = re.compile(rf"\b(?P<word>[A-Z][a-z]+)[ -](?P<year>{YEAR})\b(?![\d/-])")
YEAR_MENTION = re.compile(rf"(?<![\d.,/-])\b{YEAR}\b(?![\d/-])")
WEEKDAY = re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Counting words as texts write them in "a decade ago" and "the twentieth anniversary".
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20, "twenty-fifth": 25,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "seventy-fifth": 75, "eightieth": 80, "hundredth": 100,
}  # fmt: skip
_ORD = rf"(?P<n>\d{{1,3}})(?:st|nd|rd|th)|(?P<nw>{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))})"
# "the 20th anniversary of the Collective Security Treaty", "twentieth jubilee of ...".
ANNIVERSARY = re.compile(
    rf"\b(?:{_ORD})\s+(?:anniversary|jubilee)\s+(?:of\s+)?(?:the\s+)?(?P<what>[^.;:!?]{{3,120}})",
    re.IGNORECASE,
)
# "A decade ago, on May 14th, 2002": the text's own present is that year plus the span.
AGO = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\s+(?P<unit>decades?|years?)\s+ago\b[^.;]{{0,60}}?\b(?P<year>{YEAR})\b",
    re.IGNORECASE,
)
JUBILEE = re.compile(r"\b(?:jubilee|anniversary)\b", re.IGNORECASE)
# A sentence about what is to come: its dates are plans, not the report's time.
PLAN = re.compile(
    r"\b(?:will|would|shall|plans?|planned|planning|scheduled|expected|upcoming|forthcoming|next|"
    r"to be held|is to|are to|due to|intends?|aims?|strategy|programme|program|vision|agenda)\b",
    re.IGNORECASE,
)
THIS_YEAR = re.compile(r"\bthis year\b", re.IGNORECASE)
# How far back history starts, what is the lead, how far ahead a yearless date may fall:
# settings (communique.clean.settings).


@dataclass
class DateMention:
    """A day and month found in text, with the year when the text gives it."""

    text: str
    start: int
    day: int
    month: int
    year: int | None


@dataclass(frozen=True)
class Milestone:
    """A dated founding event from a pack's milestones.yaml."""

    names: tuple[str, ...]
    day: date
    event: str


# --- Parsing -----------------------------------------------------------------------------------


def parse_stamp(text: str) -> str | None:
    """A posted-at stamp → "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (when it holds a time)."""
    value = text.strip().rstrip(".")
    labelled = STAMP.match(value)
    if labelled:
        value = labelled.group("value")
    if not (DATE_LINE.match(value) or DATE_MENTION.search(value) or re.search(NUMERIC_DATE, value)):
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M") if HAS_TIME.search(value) else parsed.strftime("%Y-%m-%d")


def is_date_line(text: str) -> bool:
    return bool(DATE_LINE.match(text) or (STAMP.match(text) and parse_stamp(text)))


def is_time_line(text: str) -> bool:
    return bool(TIME_LINE.match(text)) and ":" in text


def find_date_mentions(text: str) -> list[DateMention]:
    """Every "day month [year]" in a text, in order."""
    out = []
    for m in DATE_MENTION.finditer(text):
        day, month, year = (
            m.group("d1") or m.group("d2"),
            m.group("m1") or m.group("m2"),
            m.group("y1") or m.group("y2"),
        )
        digits = "".join(c for c in day if c.isdigit())
        number = MONTH_NUMBER[month[:3].lower()]
        if int(digits) <= monthrange(2000, number)[1]:  # 2000: a leap year ("29 February" stands)
            out.append(DateMention(m.group(0), m.start(), int(digits), number, int(year) if year else None))
    return out


# --- Milestones ----------------------------------------------------------------------------------


def load_milestones() -> tuple[Milestone, ...]:
    """Milestones of every pack (the validated packs every stage reads), longest names first."""
    return _milestones_for(tuple(pack_dirs()))


@lru_cache(maxsize=4)
def _milestones_for(roots: tuple[Path, ...]) -> tuple[Milestone, ...]:
    out = []
    for _pf, _i, item in current_packs().of_kind("milestones"):
        names = tuple(sorted(item["names"], key=len, reverse=True))
        out.append(Milestone(names, date.fromisoformat(str(item["date"])), item.get("event", "")))
    return tuple(out)


def match_milestone(phrase: str) -> tuple[Milestone, str] | None:
    """The milestone a phrase starts with ("Collective Security Treaty, signed ..."), longest name wins."""
    best: tuple[Milestone, str] | None = None
    low = phrase.lower()
    for ms in load_milestones():
        for name in ms.names:
            if low.startswith(name.lower()) and not low[len(name) : len(name) + 1].isalnum():
                if best is None or len(name) > len(best[1]):
                    best = (ms, name)
    return best


# --- Year inference ------------------------------------------------------------------------------


def year_from_reference(day: int, month: int, ref: str) -> int | None:
    """The year that puts a day and month on or shortly before/after the page's date."""
    try:
        ref_day = date.fromisoformat(ref[:10])
        candidate = date(ref_day.year if (month, day) != (2, 29) else 2000, month, day)
    except ValueError:
        return None
    candidate = candidate.replace(year=ref_day.year) if (month, day) != (2, 29) else candidate
    return ref_day.year - 1 if candidate > ref_day + timedelta(days=SETTINGS.ahead_days) else ref_day.year


def year_from_ago(text: str) -> tuple[int, str] | None:
    """ "A decade ago, on May 14th, 2002" → 2012."""
    m = AGO.search(text)
    if not m:
        return None
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    span = n * (10 if m.group("unit").lower().startswith("decade") else 1)
    return int(m.group("year")) + span, f"'{m.group(0).split(',')[0]}' ({m.group('year')})"


def year_from_anniversary(text: str) -> tuple[int, str] | None:
    """ "the 20th anniversary of the Collective Security Treaty" → 1992 + 20."""
    for m in ANNIVERSARY.finditer(text):
        n = int(m.group("n")) if m.group("n") else ORDINAL_WORDS[m.group("nw").lower()]
        what = m.group("what")
        found = match_milestone(what)
        if found:
            ms, name = found
            return (
                ms.day.year + n,
                f"{m.group(0)[: m.start('what') - m.start()].strip()} {name} ({ms.day.year})",
            )
        written = YEAR_MENTION.search(what)
        if written:
            return int(written.group(0)) + n, f"{n}th anniversary of an event in {written.group(0)}"
    return None


def year_from_text(text: str) -> tuple[int, str] | None:
    """The latest year the text mentions as a time things happen: a news text reports its own
    year's events. Years of plans ("drills in 2019 will", "the strategy till 2025"), years in
    names ("Vision 2025", "Interaction-2014") and in ranges ("2023-2027") are not its year."""
    years = [
        int(m.group(0))
        for sentence in split_sentences(text)
        if not PLAN.search(sentence)
        for m in YEAR_MENTION.finditer(sentence)
        if not _named_or_ranged(sentence, m)
    ]
    if years:
        return max(years), f"latest year the text mentions ({max(years)})"
    return year_of_this_years_plans(text) or year_of_named_event(text)


def year_of_named_event(text: str) -> tuple[int, str] | None:
    """A text whose only years name things: an event named by its year ("BRICS Summit 2024",
    "Olympic Games 2024") is held that year; plans and programmes ("Vision 2030") are not."""
    words = _event_name_words()
    years = [
        int(m.group("year"))
        for m in NAMED_YEAR.finditer(text)
        if m.group("word").lower() in words and not PLAN.search(text[max(0, m.start() - 60) : m.end() + 60])
    ]
    if len(set(years)) == 1:
        return years[0], f"the year in the event's name ({years[0]})"
    return None


@lru_cache(maxsize=1)
def _event_name_words() -> frozenset[str]:
    from communique.lexicon import LEXICONS, read_lexicon

    return frozenset(w.lower() for w in read_lexicon(LEXICONS / "furniture.yaml")["event_name_words"])


def year_of_this_years_plans(text: str) -> tuple[int, str] | None:
    """A text that plans things for "this year" and names one year for its plans speaks in that
    year; plans naming a year without "this year" are left alone (they may be next year's)."""
    if not THIS_YEAR.search(text):
        return None
    planned = sorted(
        {
            int(m.group(0))
            for sentence in split_sentences(text)
            if PLAN.search(sentence)
            for m in YEAR_MENTION.finditer(sentence)
            if not _named_or_ranged(sentence, m)
        }
    )
    if len(planned) != 1:
        return None
    return planned[0], f"the one year the text's plans name ({planned[0]}), which it calls 'this year'"


def _named_or_ranged(sentence: str, m: re.Match[str]) -> bool:
    before, after = sentence[: m.start()], sentence[m.end() :]
    if re.search(r"(?:[-–/]\s?|\b(?:till|until|by|to|through|for)\s)$", before):
        return True
    if re.match(r"\s?[-–/]\s?\d", after):
        return True
    return bool(re.search(r"\b[A-Z][\w-]*[ -]$", before)) and not re.search(
        rf"\b(?:{MONTH}|\d{{1,2}})[ ,]*$", before
    )


def infer_year(day: int, month: int, text: str, ref: str | None) -> tuple[int, str] | None:
    """A year for a day and month, with the reason it was chosen."""
    if ref:
        year = year_from_reference(day, month, ref)
        if year:
            return year, f"the page's date ({ref[:10]})"
    for rule in (year_from_ago, year_from_anniversary, year_from_text):
        found = rule(text)
        if found:
            return found
    return None


# --- The main event -----------------------------------------------------------------------------


def lead_of(title: str | None, paragraphs: list[str]) -> str:
    """Title and first paragraphs: where a report dates its main event."""
    return "\n".join([title or "", *paragraphs[: SETTINGS.lead_paragraphs]])[: SETTINGS.lead_max_chars]


def infer_event_date(
    title: str | None, paragraphs: list[str], published: str | None, hint: str | None
) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, reason) for the main event of a report, or (None, None).

    title (str | None): the headline.
    paragraphs (list[str]): the cleaned body, paragraph by paragraph.
    published (str | None): when the page says it was posted.
    hint (str | None): a caller-given reference date (``--date``).
    """
    text = "\n".join(paragraphs)
    if title and not YEAR_MENTION.search(text):
        text = f"{title}\n{text}"  # the body names no year: the headline's ("BRICS Summit 2024") dates it
    ref = published or hint
    for rule in (_date_in_lead, _date_of_jubilee):
        found = rule(lead_of(title, paragraphs), text, ref)
        if found:
            return found
    found = _weekday_in_lead(lead_of(title, paragraphs), ref)
    if found:
        return found
    if ref:
        source = "published date" if published else "reference date given with the text"
        return ref[:10], f"{source}; the lead gives no other date"
    return None, None


def _complete(mention: DateMention, text: str, ref: str | None, what: str) -> tuple[str, str] | None:
    """A full date for a mention, its year inferred when the text leaves it out."""
    if mention.year:
        iso = _iso(mention.year, mention.month, mention.day)
        return (iso, f"date in {what} ({mention.text})") if iso else None
    year = infer_year(mention.day, mention.month, text, ref)
    iso = _iso(year[0], mention.month, mention.day) if year else None
    if year is None or iso is None:
        return None
    return iso, f"day and month from {what} ({mention.text}); year from {year[1]}"


def _date_in_lead(lead: str, text: str, ref: str | None) -> tuple[str, str] | None:
    """The first date in the lead, leaving out dates of the past that a sentence recalls
    ("signed on May 15th, 1992" in a jubilee sentence, "a decade ago, on ...")."""
    for sentence in split_sentences(lead):
        if JUBILEE.search(sentence) or AGO.search(sentence):
            continue
        for mention in find_date_mentions(sentence):
            found = _complete(mention, text, ref, "the lead")
            if found and _plausible(found[0], ref, sentence):
                return found
    return None


def _plausible(iso: str, ref: str | None, sentence: str) -> bool:
    """An event date lies neither after the page's date (unless the sentence plans it) nor
    long before it (a founding date the lead recalls)."""
    if not ref:
        return True
    try:
        day, page_day = date.fromisoformat(iso), date.fromisoformat(ref[:10])
    except ValueError:
        return True
    if day > page_day:
        return bool(PLAN.search(sentence))
    return (page_day - day).days <= SETTINGS.history_days


def _date_of_jubilee(lead: str, text: str, ref: str | None) -> tuple[str, str] | None:
    """A jubilee held on the anniversary of a founding date the text gives with its year."""
    if not JUBILEE.search(text):
        return None  # no jubilee anywhere: the text is not split into sentences for nothing
    for sentence in split_sentences(text):
        if not JUBILEE.search(sentence):
            continue
        founding = [m for m in find_date_mentions(sentence) if m.year]
        if not founding:
            continue
        first = founding[0]
        year = infer_year(first.day, first.month, text, ref)
        iso = _iso(year[0], first.month, first.day) if year else None
        if year and iso and year[0] > first.year:
            return iso, (f"day and month from the jubilee of {first.text}; year from {year[1]}")
    return None


def _weekday_in_lead(lead: str, ref: str | None) -> tuple[str, str] | None:
    """ "on Friday" in a dated report: the last such weekday on or before the page's date."""
    m = WEEKDAY.search(lead)
    if not (m and ref):
        return None
    try:
        ref_day = date.fromisoformat(ref[:10])
    except ValueError:
        return None
    back = (ref_day.weekday() - WEEKDAYS.index(m.group("wd"))) % 7
    when = ref_day - timedelta(days=back)
    return when.isoformat(), f"weekday '{m.group('wd')}' on or before the page's date ({ref[:10]})"


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# --- Stamps as pages print them --------------------------------------------------------------------
# Pages glue a time to the date and counters to both: "26 May 202017:51", "13:1714/06/2009",
# "02.09.2025 18:20:56 229", "15 / September / 2022 : 12-38", "Tue, 09/15/2015 - 11:17".
_GLUED_YEAR_TIME = re.compile(r"\b((?:19|20)\d\d)((?:[01]\d|2[0-3]):[0-5]\d)\b")
_GLUED_TIME_DATE = re.compile(r"\b((?:[01]?\d|2[0-3]):[0-5]\d)(\d{1,2}[./]\d{1,2}[./]\d{4})\b")
_SLASHED_MONTH = re.compile(rf"\b(\d{{1,2}})\s*/\s*({MONTH})\s*/\s*({YEAR})\b", re.IGNORECASE)
STAMP_DATE = re.compile(
    rf"(?P<iso>\b{YEAR}-[01]\d-[0-3]\d(?:T[0-2]\d:[0-5]\d)?)"
    rf"|(?P<num>\b\d{{1,2}}[./]\d{{1,2}}[./](?:{YEAR}|\d\d)\b|\b\d{{1,2}}-\d{{1,2}}-{YEAR}\b)"
    rf"|(?P<words>\b(?:{DAY}\s+{MONTH},?\s+{YEAR}|{MONTH}\s+{DAY},?\s+{YEAR})\b)",
    re.IGNORECASE,
)
STAMP_TIME = re.compile(
    r"(?<![\d.:])(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?::[0-5]\d)?(?:\s*(?P<ap>[AaPp])\.?[Mm]\.?)?(?![\d.:])"
)
# URL paths: /2020/03/05/, /20241206/, 2015-12/07, @2014-06-27, /2024/1214/, -2023-12-26-.
URL_DATES = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/-](?P<m>0[1-9]|1[0-2])[/-](?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])/"),
)
# A year alone closing a URL or as a path segment: ".../154892-2022", "/2019/".
URL_YEAR = re.compile(r"[/_-](?P<y>(?:19|20)\d\d)(?=/|$|\.html?$)")


def read_timestamp(text: str) -> str | None:
    """The date (and time) a short stamp line holds, as "YYYY-MM-DD[THH:MM]", or None."""
    value = _GLUED_YEAR_TIME.sub(r"\1 \2", text)
    value = _GLUED_TIME_DATE.sub(r"\2 \1", value)
    value = _SLASHED_MONTH.sub(r"\1 \2 \3", value)
    m = STAMP_DATE.search(value)
    if not m:
        return None
    day = _stamp_day(m)
    if day is None:
        return None
    rest = value[: m.start()] + " " + value[m.end() :]
    clock = None if "T" in (m.group("iso") or "") else STAMP_TIME.search(rest)
    if m.group("iso") and "T" in m.group("iso"):
        return m.group("iso")[:16]
    if clock:
        hour = int(clock.group("h")) % 12 + (12 if (clock.group("ap") or "").lower() == "p" else 0)
        if not clock.group("ap"):
            hour = int(clock.group("h"))
        return f"{day}T{hour:02d}:{clock.group('m')}"
    return day


def _stamp_day(m: re.Match[str]) -> str | None:
    if m.group("iso"):
        return _iso(int(m.group("iso")[:4]), int(m.group("iso")[5:7]), int(m.group("iso")[8:10]))
    if m.group("num"):
        parts = re.split(r"[./-]", m.group("num"))
        d, mo, y = int(parts[0]), int(parts[1]), int(parts[2])
        y += 2000 if y < 100 else 0
        if mo > 12 and d <= 12:  # "09/15/2015": month first, as US pages print it
            d, mo = mo, d
        return _iso(y, mo, d) if y <= date.today().year + 1 else None
    parsed = parse_datetime(m.group("words"))
    return parsed.strftime("%Y-%m-%d") if parsed else None


def date_from_url(url: str | None) -> str | None:
    """A full date a page's address carries ("/2020/03/05/", "/20241206/"), or None."""
    if not url:
        return None
    for pattern in URL_DATES:
        m = pattern.search(url)
        if m:
            iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if iso:
                return iso
    return None


def year_from_url(url: str | None) -> int | None:
    """A year alone in a page's address (".../154892-2022"), or the year of its full date."""
    full = date_from_url(url)
    if full:
        return int(full[:4])
    m = URL_YEAR.search(url or "")
    return int(m.group("y")) if m else None
