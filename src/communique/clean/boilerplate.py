"""Page furniture: contact blocks, galleries, credits, separators, tag footers, vertical credits.

Rules look at units (a line of a web page, a block of a printed page) and mark the lines
they take out on the ``Page`` with a reason. Word lists live in ``lexicons/boilerplate.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from communique.clean.layout import Page, Unit, ends_sentence
from communique.lexicon import LEXICONS, alternation, read_lexicon

LEXICON = LEXICONS / "boilerplate.yaml"

# --- Fixed patterns (shapes, not words) --------------------------------------------------------
# "* * *", "———", "###": a typographic section break.
SEPARATOR = re.compile(r"^(?:[*·•#~=_\-–—]\s*){3,}$")
# An elision mark alone on a line: "<…>", "[...]", "(…)".
ELISION = re.compile(r"^[<\[(]\s*(?:…|\.{3})\s*[>\])]$")
# A gallery counter: "5 of 21", "5 / 21".
GALLERY = re.compile(r"^\d{1,3}\s*(?:of|/)\s*\d{1,3}$", re.IGNORECASE)
# A phone number: optional +, groups of digits with spaces, brackets, dots or dashes.
PHONE = re.compile(r"\+?\(?\d{1,4}\)?(?:[\s.\-]?\(?\d{1,4}\)?){2,6}")
# A range of clock times, as in opening hours: "8.30-17.30", "09:00 – 18:00".
HOURS = re.compile(r"\b\d{1,2}[.:]\d{2}\s*[-–—]\s*\d{1,2}[.:]\d{2}\b")
# A postal code opening or closing an address line: "223927, Minsk region," / "Minsk 220030".
POSTAL = re.compile(r"^\d{5,6},\s|,\s*\d{5,6}\s*,?$|^[A-Z][\w .'-]+,?\s\d{5,6}$")
# A numeric date ("15.02.2023") looks like a phone number to PHONE; it is not one.
NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}-\d{1,2}-\d{4}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# One or two capital letters alone on a line: a credit printed vertically ("B / E / LT / A").
VERTICAL_LETTERS = re.compile(r"^[A-Z]{1,2}$")
# A vertical credit needs this many such lines in a row (blank lines between them allowed).
VERTICAL_MIN_LINES = 3
# A contracted verb ("You're", "It's Complicated", "Don't"): a clause, not a row of names.
CONTRACTION = re.compile(r"[A-Za-z](?:n['’]t|['’](?:re|ve|ll|d|m))\b", re.IGNORECASE)
# "A: Trip to Disney World", "Q: ...": a label of a word or two and its value (an answer, a
# speaker's turn), not a caption.
SHORT_LABEL = re.compile(r"^[^\s:]+(?:\s[^\s:]+)?:\s")
# A caption naming people and their posts runs at least this many words ("Minister of Defence
# Ivan Sidorov"); a shorter line in title case is a subheading ("Touch Bar and Escape Key").
CAPTION_MIN_WORDS = 6
# Furniture lines are short; a longer line is article text whatever it starts with.
FURNITURE_MAX = 160
# A footer runs at most this many lines, each at most FURNITURE_MAX long.
FOOTER_MAX_LINES = 40


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns from lexicons/boilerplate.yaml."""

    footer_label: re.Pattern[str]
    navigation: frozenset[str]
    contact_label: re.Pattern[str]
    street: re.Pattern[str]
    credit: re.Pattern[str]
    sources: re.Pattern[str]
    function_words: frozenset[str]
    verbs: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON) -> Lexicon:
    """Read and compile the boilerplate word lists once per process."""
    data = read_lexicon(path)
    return Lexicon(
        footer_label=re.compile(rf"^(?:{alternation(data['footer_labels'])})\s*(?::.*)?$", re.IGNORECASE),
        navigation=frozenset(w.lower() for w in data["navigation_words"]),
        contact_label=re.compile(
            rf"^(?:[^:]{{0,30}}\s)?(?:{alternation(data['contact_labels'])})\b[^:]{{0,30}}:", re.IGNORECASE
        ),
        street=re.compile(rf"\b(?:{alternation(data['street_words'])})\.?,?\s*\d+[a-z]?\b", re.IGNORECASE),
        credit=re.compile(
            rf"^(?:{alternation(data['credit_openings'])})(?:\s*:|\s+by\b)\s*\S", re.IGNORECASE
        ),
        sources=re.compile(rf"^(?:{alternation(data['sources_openings'])})\b", re.IGNORECASE),
        function_words=frozenset(w.lower() for w in data["caption_function_words"]),
        verbs=frozenset(w.lower() for w in data["caption_verbs"]),
    )


def classify_unit(text: str, lex: Lexicon) -> str | None:
    """Why a unit is furniture, or None for article text."""
    if len(text) > FURNITURE_MAX:
        return None
    if SEPARATOR.match(text):
        return "separator"
    if ELISION.match(text):
        return "elision"
    if GALLERY.match(text):
        return "gallery"
    if lex.sources.match(text):
        return "sources-line"
    if lex.credit.match(text):
        return "credit"
    if is_contact(text, lex):
        return "contact-block"
    return None


def is_contact(text: str, lex: Lexicon) -> bool:
    """Phone numbers, opening hours, postal addresses, e-mail and web addresses."""
    if lex.contact_label.match(text) or URL_LINE.match(text) or POSTAL.search(text):
        return True
    if HOURS.search(text) and not ends_sentence(text.rstrip(".")):
        return True
    phone = None if NUMERIC_DATE.search(text) else PHONE.search(text)
    if phone and sum(c.isdigit() for c in phone.group(0)) >= 7 and len(phone.group(0)) >= 0.5 * len(text):
        return True
    if EMAIL.search(text) and len(text.split()) <= 6:
        return True
    if (
        EMAIL.search(text)
        and phone
        and sum(c.isdigit() for c in phone.group(0)) >= 7
        and not ends_sentence(text)
    ):
        return True  # an imprint: a name, an e-mail address and a phone number
    # A street address: a street word with a house number, in a short comma-separated line.
    return bool(lex.street.search(text)) and "," in text and len(text) < 80 and not text.endswith(".")


def strip_furniture(page: Page, captions: list[str]) -> None:
    """Mark every furniture unit; the unit after a gallery counter is its caption."""
    lex = load_lexicon()
    units = page.units()
    previous: tuple[Unit, str | None] | None = None
    for unit in units:
        reason = classify_unit(unit.text, lex)
        if reason is None and previous is not None:
            reason = _by_neighbour(unit, *previous)
        if reason == "caption":
            captions.append(unit.text)
        if reason:
            page.remove(unit.lines, reason)
        previous = (unit, reason)
    strip_vertical_credit(page)


def _by_neighbour(unit: Unit, before: Unit, before_reason: str | None) -> str | None:
    """Lines whose nature shows only from the line before them."""
    if before_reason == "gallery" and len(unit.text) <= FURNITURE_MAX * 2:
        return "caption"  # a gallery counter sits on top of the picture's caption
    if before_reason == "contact-block" and before.text.endswith(",") and len(unit.text) < 80:
        return "contact-block"  # the second line of an address
    return None


def strip_vertical_credit(page: Page) -> None:
    """A credit printed letter by letter down the margin: "B", "E", "LT", "A"."""
    run: list[int] = []
    for i, line in enumerate(page.lines):
        if not line:
            continue
        if page.live(i) and VERTICAL_LETTERS.match(line):
            run.append(i)
            continue
        _close_vertical(page, run)
        run = []
    _close_vertical(page, run)


def _close_vertical(page: Page, run: list[int]) -> None:
    if len(run) >= VERTICAL_MIN_LINES:
        page.remove(run, "credit")


def strip_footer(page: Page) -> list[str]:
    """A tag/metadata footer ("Geography … Topics … Persons … Publication status"): from its
    first label to the end of the page. Returns the footer's lines (they may hold a date)."""
    lex = load_lexicon()
    live = [i for i in range(len(page.lines)) if page.live(i)]
    tail = live[-FOOTER_MAX_LINES:]
    labels = [i for i in tail if lex.footer_label.match(page.lines[i])]
    for start in labels:
        zone = [i for i in tail if i >= start]
        if sum(1 for i in labels if i >= start) >= 2 and all(
            len(page.lines[i]) <= FURNITURE_MAX for i in zone
        ):
            page.remove(zone, "tags-footer")
            return [page.lines[i] for i in zone]
    return []


def is_name_caption(text: str, lex: Lexicon | None = None) -> bool:
    """A line that only names people and posts ("Minister of Foreign Affairs … and Secretary
    General …"): capitalised words joined by function words, no verb, no sentence end."""
    lex = lex or load_lexicon()
    if ends_sentence(text) or len(text) > FURNITURE_MAX or any(c.isdigit() for c in text):
        return False
    if text.isupper():
        return False  # a subheading set in capitals ("HOW TO USE A WATER BATH CANNER")
    if CONTRACTION.search(text) or SHORT_LABEL.match(text):
        return False
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)
    capitalised = [w for w in words if w[0].isupper()]
    if (
        len(words) < CAPTION_MIN_WORDS
        or len(capitalised) < 4
        or any(w.lower().replace("’", "'") in lex.verbs for w in words)
    ):
        return False  # short, or a title-case line with a verb: a subheading or a headline
    return all(w[0].isupper() or w.lower() in lex.function_words for w in words)
