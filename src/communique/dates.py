"""The one date module: every stage parses and checks dates here.

Four kinds of date text reach the pipeline, each with its own function:

- a date a container gives (``published`` in JSON, HTML metadata) -> ``parse_published``
  (ISO 8601 first, then dateparser with strict settings; odd values give None, never raise);
- a page's stamp ("Posted: 15.02.2023 10:21") -> ``parse_datetime`` (dateparser, day first);
- a date expression in a sentence ("on Wednesday", "15 May", "last month"), read against the
  publication date -> ``parse_expression`` (dateparser's DateDataParser, with its precision);
- a date a fact pattern captured ("January 10th, 2023", "1 January") -> ``parse_written``
  (the fixed formats the ``{date}`` macro accepts, so a pattern's bounds stay exact);

and ``is_partial_iso`` checks a date a user typed (YYYY, YYYY-MM or YYYY-MM-DD, a real day).
Dates stay ISO strings throughout, as precision varies ("2012", "2012-05", "2012-05-15").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

# --- user-typed dates ----------------------------------------------------------------------------
PARTIAL_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def is_partial_iso(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real calendar day (no month 13, no 31 February)."""
    if not PARTIAL_ISO.match(value):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


# --- container metadata ----------------------------------------------------------------------
# Explicit settings, so that a library default changing cannot change what we store:
# a day, a month and a year must all be there; only absolute dates ("yesterday" needs a
# reference the container does not give); numeric dates read day first (12/05/2024 is
# 12 May), the order most of the world and most of our sources use.
PUBLISHED_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
    "DATE_ORDER": "DMY",
    "PARSERS": ["absolute-time"],
}
# Languages whose month names a source's metadata may use.
PUBLISHED_LANGUAGES = ["en", "ru", "fr", "de", "es"]
# Years a news document can have been published in.
PUBLISHED_YEARS = range(1800, 2200)
# Longer values are not dates (and would only cost dateparser time).
PUBLISHED_MAX_CHARS = 64


def parse_published(value: object) -> str | None:
    """A container's date as ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` (the time as written), else None.

    value (object): whatever the container held (str expected; other types give None).
    RETURNS (str | None): the normalised date.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > PUBLISHED_MAX_CHARS or "\x00" in value:
        return None
    when = _iso_datetime(value)
    has_time = when is not None and len(value) > 10
    if when is None:
        when = _strict_dateparser(value)
        has_time = when is not None and (when.hour, when.minute) != (0, 0)
    if when is None or when.year not in PUBLISHED_YEARS:
        return None
    return when.strftime("%Y-%m-%dT%H:%M") if has_time else when.strftime("%Y-%m-%d")


def _iso_datetime(value: str) -> datetime | None:
    if len(value) < 10 or not value[:4].isdigit() or value[4:5] != "-":
        return None
    try:
        return datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None


def _strict_dateparser(value: str) -> datetime | None:
    import dateparser

    try:
        return dateparser.parse(value, languages=PUBLISHED_LANGUAGES, settings=PUBLISHED_SETTINGS)
    except Exception:  # noqa: BLE001 - dateparser raises several types on odd input; odd input is no date
        return None


# --- stamps --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def parse_datetime(text: str, order: str = "DMY") -> datetime | None:
    """Parse a date (and time) string with dateparser; cached, as pages repeat their stamps."""
    import dateparser

    return dateparser.parse(
        text, languages=["en"], settings={"DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first"}
    )


# --- date expressions in sentences ---------------------------------------------------------------
DURATION = re.compile(
    r"\b(past|over|for|within|since|until|till)\b|\b(years|months|weeks|days|decades)\b", re.I
)
# Words around a date that the parser does not need ("later this year" -> "this year").
NOISE = re.compile(
    r"\b(on|in|at|the|of|by|early|earlier|late|later|mid|beginning|end|exactly|since)\b|,$", re.I
)
ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b", re.I)
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
WEEKDAYS = {
    name: i
    for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
# dateparser "period" -> our precision and ISO slice length.
PRECISION = {
    "day": ("day", 10),
    "time": ("day", 10),
    "week": ("day", 10),
    "month": ("month", 7),
    "year": ("year", 4),
}


@dataclass(frozen=True)
class EventDate:
    """A date with its precision; ``explicit`` when the sentence said it."""

    value: str
    precision: str
    explicit: bool
    reason: str = ""


def parse_expression(
    text: str, relative_base: str | None, year_base: str | None, future: bool
) -> EventDate | None:
    """Parse one date expression; None for durations and what dateparser cannot read.

    Relative expressions count from ``relative_base``; a day and month without a year take
    ``year_base``'s year; ``future`` when the sentence announces (the nearest date after).
    """
    if DURATION.search(text) and not YEAR.search(text) and "ago" not in text.lower():
        return None
    cleaned = ORDINAL.sub(r"\1", NOISE.sub(" ", text)).strip(" ,")
    if not cleaned:
        return None
    weekday = WEEKDAYS.get(cleaned.lower())
    if weekday is not None and relative_base:
        return EventDate(_weekday_date(weekday, relative_base, future), "day", True)
    result = _parse(cleaned, relative_base or "", future)
    if result is None:
        return None
    value, period = result
    precision, size = PRECISION.get(period, ("day", 10))
    if YEAR.search(cleaned) is None and MONTH_NAME.search(cleaned) and year_base:
        # "15 May": dateparser guesses a year from the base; the document's event year is better,
        # unless that puts a reported (not announced) event after the publication date.
        value = year_base[:4] + value[4:]
        if not future and relative_base and value[:10] > relative_base[:10]:
            value = f"{int(value[:4]) - 1:04d}" + value[4:]
    return EventDate(value[:size], precision, True)


def _weekday_date(weekday: int, base: str, future: bool) -> str:
    """ "on Thursday" in a Thursday report is that day; else the nearest one before (after, if announced)."""
    day = date.fromisoformat(base[:10])
    shift = (weekday - day.weekday()) % 7 if future else -((day.weekday() - weekday) % 7)
    return (day + timedelta(days=shift)).isoformat()


@lru_cache(maxsize=4096)
def _parse(text: str, base: str, future: bool) -> tuple[str, str] | None:
    data = _parser(base, future).get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.strftime("%Y-%m-%d"), data.period or "day"


@lru_cache(maxsize=256)
def _parser(base: str, future: bool):  # noqa: ANN202 (dateparser's DateDataParser)
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "future" if future else "past", "DATE_ORDER": "DMY"}
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base[:10])
    return DateDataParser(languages=["en"], settings=settings)


# --- dates captured by fact patterns -------------------------------------------------------------
# Written dates the {date} macro accepts, after ordinal suffixes and commas are removed.
WRITTEN_FORMATS = ("%B %d %Y", "%d %B %Y", "%d of %B %Y")
_WRITTEN_NOISE = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|,")
_SPACES = re.compile(r"\s+")


def parse_written(text: str, reference: str | None = None, lookback_days: int = 0) -> str | None:
    """ "January 10th, 2023" -> "2023-01-10"; "2006" -> "2006"; "1 January" -> the next
    1 January from ``reference`` (a hand-over announced in December falls in the new year):
    a date without its year takes the reference's year, or the next one when that puts it
    ``lookback_days`` or more before the reference (``link.no_year_lookback_days``).

    Fixed formats rather than dateparser: the ``{date}`` macro matches exactly these, and a
    fact's date must not depend on a parser's guesses."""
    text = _SPACES.sub(" ", _WRITTEN_NOISE.sub("", text)).strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    try:
        return datetime.strptime(text, "%B %Y").strftime("%Y-%m")
    except ValueError:
        pass
    for fmt in WRITTEN_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if reference and len(reference) >= 10:
        ref = date.fromisoformat(reference[:10])
        for fmt in WRITTEN_FORMATS:
            try:
                day = datetime.strptime(f"{text} {ref.year}", fmt).date()
            except ValueError:
                continue
            if day < ref - timedelta(days=lookback_days):
                day = day.replace(year=ref.year + 1)
            return day.isoformat()
    return None
