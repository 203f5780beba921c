"""The one parser for dates a container gives (``published`` in JSON, HTML metadata).

Every such date goes through ``parse_published``: ISO 8601 first (exact and fast), then
dateparser with explicit settings. A value that is not a whole, real calendar date
(``2024-02-30``, ``2023``, ``tomorrow``, ``1e308``) gives None; nothing here raises.
"""

from __future__ import annotations

from datetime import datetime

# Explicit settings, so that a library default changing cannot change what we store:
# a day, a month and a year must all be there; only absolute dates ("yesterday" needs a
# reference the container does not give); numeric dates read day first (12/05/2024 is
# 12 May), the order most of the world and most of our sources use.
DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
    "DATE_ORDER": "DMY",
    "PARSERS": ["absolute-time"],
}
# Languages whose month names a source's metadata may use.
DATE_LANGUAGES = ["en", "ru", "fr", "de", "es"]
# Years a news document can have been published in.
YEARS = range(1800, 2200)
# Longer values are not dates (and would only cost dateparser time).
MAX_CHARS = 64


def parse_published(value: object) -> str | None:
    """A container's date as ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` (the time as written), else None.

    value (object): whatever the container held (str expected; other types give None).
    RETURNS (str | None): the normalised date.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > MAX_CHARS or "\x00" in value:
        return None
    when = _iso(value)
    has_time = when is not None and len(value) > 10
    if when is None:
        when = _dateparser(value)
        has_time = when is not None and (when.hour, when.minute) != (0, 0)
    if when is None or when.year not in YEARS:
        return None
    return when.strftime("%Y-%m-%dT%H:%M") if has_time else when.strftime("%Y-%m-%d")


def _iso(value: str) -> datetime | None:
    if len(value) < 10 or not value[:4].isdigit() or value[4:5] != "-":
        return None
    try:
        return datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None


def _dateparser(value: str) -> datetime | None:
    import dateparser

    try:
        return dateparser.parse(value, languages=DATE_LANGUAGES, settings=DATEPARSER_SETTINGS)
    except Exception:  # noqa: BLE001 - dateparser raises several types on odd input; odd input is no date
        return None
