"""Metadata a page prints around its article: navigation, headline, posted-at stamp, dateline
place, and (on printed pages) the headline, kicker and caption set after the columns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from communique.clean.boilerplate import Lexicon, load_lexicon
from communique.clean.dates import is_date_line, is_time_line, parse_stamp
from communique.clean.layout import Page, Unit, ends_sentence
from communique.link.packs import current_packs, pack_dirs

# --- Header -------------------------------------------------------------------------------------
# Stamps, datelines and navigation are looked for among this many units at the top of a page.
HEADER_UNITS = 10
# The headline is the first unit that is neither furniture, navigation nor a stamp; a headline
# the container gave (HTML, JSON) may sit a little lower (under a kicker or a section name).
TITLE_CANDIDATES = 1
GIVEN_TITLE_CANDIDATES = 3
# A headline is at most this long, in characters and in words.
TITLE_MAX_CHARS = 250
TITLE_MAX_WORDS = 30
# A navigation label is a line of at most this many words (a breadcrumb or section name).
NAV_MAX_WORDS = 3
# ... over a line of at most this many words (the headline).
NAV_HEADLINE_MAX_WORDS = 15
# In print, trailing units (after the last paragraph) longer than this share of the column are
# set across columns: a kicker above the headline or a caption below it.
WIDE_SHARE = 1.3
# At most this many units can trail the columns; more means the page has no such furniture.
TRAILER_MAX_UNITS = 6
# ... each of at most this many lines (a headline wraps to two or three; a paragraph runs longer).
TRAILER_MAX_LINES = 3

# --- Place --------------------------------------------------------------------------------------
_NAME = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2}"
# "in Moscow", "in the city of Minsk", "Moscow hosts", "MINSK, 15 May (BelTA) -".
PLACE_CUES = (
    re.compile(rf"\b(?:in|at)\s+(?:the\s+(?:city|capital)\s+of\s+)?(?P<p>{_NAME})"),
    re.compile(rf"(?P<p>{_NAME})\s+(?:hosts|hosted|will host|is hosting|has hosted)\b"),
    re.compile(r"^(?P<p>[A-Z][A-Za-z .'-]{1,30}?)\s*(?:,|\(|—|–| - )"),
)


@dataclass
class Header:
    """What the page says about itself, and what was kept aside."""

    title: str | None = None
    published: str | None = None
    place: str | None = None
    kicker: str | None = None
    captions: list[str] = field(default_factory=list)


def load_places() -> dict[str, str]:
    """Lower-cased name or alias → canonical name, for every ``type: place`` entity in the packs
    (the validated packs every stage reads, ``$COMMUNIQUE_PACKS`` included)."""
    return _places_for(tuple(pack_dirs()))


@lru_cache(maxsize=4)
def _places_for(roots: tuple[Path, ...]) -> dict[str, str]:
    places: dict[str, str] = {}
    for _pf, _i, ent in current_packs().of_kind("entities"):
        if ent.get("type") == "place" and ent.get("name"):
            for name in [ent["name"], *(ent.get("aliases") or [])]:
                places.setdefault(str(name).lower(), ent["name"])
    return places


def canonical_place(name: str) -> str | None:
    """The canonical name of a known place, trying shorter prefixes ("Moscow Region" → "Moscow")."""
    places = load_places()
    words = name.strip(" .,").split()
    for n in range(len(words), 0, -1):
        found = places.get(" ".join(words[:n]).lower())
        if found:
            return found
    return None


def find_place(texts: list[str | None]) -> str | None:
    """The first known place a cue names, looking through texts in order of trust."""
    for text in texts:
        if not text:
            continue
        for cue in PLACE_CUES:
            for m in cue.finditer(text):
                place = canonical_place(m.group("p"))
                if place:
                    return place
    return None


# --- Header ---------------------------------------------------------------------------------------


def read_header(page: Page, header: Header, given_title: str | None, pick_title: bool = True) -> None:
    """Take navigation, headline, stamps and dateline off the top of the page (the headline only
    with ``pick_title``: on web pages the unit labeller has chosen it, or found none)."""
    units = page.units()[:HEADER_UNITS]
    lex = load_lexicon()
    candidates = 0
    for k, unit in enumerate(units):
        if not page.live(unit.lines[0]):
            continue
        text = unit.text
        if _read_stamp(page, unit, header, units[k + 1 :]):
            continue
        if header.place is None and _is_dateline(page, unit, units, k):
            header.place = canonical_place(text)
            page.remove(unit.lines, "dateline")
            continue
        if not pick_title or candidates >= (GIVEN_TITLE_CANDIDATES if given_title else TITLE_CANDIDATES):
            continue
        if header.title is None and given_title is None and _is_navigation(text, lex, units[k + 1 :]):
            page.remove(unit.lines, "navigation")
            continue
        candidates += 1
        if header.title is None and _matches_title(text, given_title, page, unit, units[k + 1 :]):
            header.title = given_title or text
            page.remove(unit.lines, "title")


def _read_stamp(page: Page, unit: Unit, header: Header, rest: list[Unit]) -> bool:
    """A date line (with the time on the next line, maybe) or a labelled stamp."""
    text = unit.text
    if is_time_line(text):
        page.remove(unit.lines, "date-line")
        return True
    if len(text) > 80 or not is_date_line(text):
        return False
    stamp = parse_stamp(text)
    nxt = next((u for u in rest if page.live(u.lines[0])), None)
    if stamp and "T" not in stamp and nxt is not None and is_time_line(nxt.text):
        stamp = parse_stamp(f"{text} {nxt.text}") or stamp
    if header.published is None:
        header.published = stamp
    page.remove(unit.lines, "date-line")
    return True


def _is_dateline(page: Page, unit: Unit, units: list[Unit], k: int) -> bool:
    """A line holding only a known place, next to a date line or first on the page."""
    if len(unit.text.split()) > 3 or canonical_place(unit.text) is None:
        return False
    if canonical_place(unit.text).lower() != unit.text.strip(" .,").lower():
        return False
    near = [units[j] for j in (k - 1, k + 1) if 0 <= j < len(units)]
    return k == 0 or any(
        page.reasons.get(u.lines[0], "").startswith(("date-line", "timestamp")) or is_date_line(u.text)
        for u in near
    )


def _is_navigation(text: str, lex: Lexicon, rest: list[Unit]) -> bool:
    """A section or menu word alone on a line above the headline."""
    words = text.split()
    if not words or len(words) > NAV_MAX_WORDS or ends_sentence(text):
        return False
    nxt = rest[0].text if rest else ""
    if not is_title_like(nxt):
        return False
    # A known section word, or any label of a few words over a headline-sized line (a standfirst
    # under a short headline is longer than that).
    return text.lower() in lex.navigation or len(nxt.split()) <= NAV_HEADLINE_MAX_WORDS


def is_title_like(text: str) -> bool:
    """Shaped like a headline: short, no sentence end (a question may stay), starts capitalised."""
    if not text or len(text) > TITLE_MAX_CHARS or len(text.split()) > TITLE_MAX_WORDS:
        return False
    if text.rstrip()[-1] in ".,;:" or not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'«"):
        return False
    return True


def _matches_title(text: str, given: str | None, page: Page, unit: Unit, rest: list[Unit]) -> bool:
    """The unit is the headline: the one the container gave, or a headline-shaped first line."""
    if given:
        return _fold(text) == _fold(given)
    if page.wrapped and len(unit.lines) > 3:
        return False
    has_body = any(page.live(u.lines[0]) and len(u.text) > len(text) for u in rest)
    return is_title_like(text) and has_body


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


# --- Trailer (print) -------------------------------------------------------------------------------


def read_trailer(page: Page, header: Header) -> None:
    """After the last paragraph of a printed page: kicker, headline and caption."""
    if not page.wrapped:
        return
    units = [u for u in page.units() if page.live(u.lines[0])]
    last_body = max((k for k, u in enumerate(units) if ends_sentence(u.text)), default=-1)
    trailer = units[last_body + 1 :]
    if (
        not trailer
        or len(trailer) > TRAILER_MAX_UNITS
        or any(len(u.lines) > TRAILER_MAX_LINES for u in trailer)
    ):
        return
    wide = WIDE_SHARE * page.width
    title_at = None
    if header.title is None:
        fits = [k for k, u in enumerate(trailer) if all(len(page.lines[i]) <= wide for i in u.lines)]
        title_at = fits[0] if fits else 0
        header.title = trailer[title_at].text
    for k, unit in enumerate(trailer):
        if k == title_at:
            page.remove(unit.lines, "title")
        elif title_at is not None and k < title_at:
            header.kicker = header.kicker or unit.text
            page.remove(unit.lines, "kicker")
        else:
            header.captions.append(unit.text)
            page.remove(unit.lines, "caption")
