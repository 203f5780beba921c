"""Event dates: explicit and relative dates in the sentence, with their precision.

Relative expressions ("on Wednesday", "yesterday", "last month", "next year") count
from the publication date (falling back to the document's reference date), because
that is the "today" the writer had in mind. A day and month without a year ("on 15
May") take the year of the document's event date, which the clean stage inferred
from the whole document. ``communique.dates`` does the parsing; this module only picks
which date expression belongs to the event.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from communique.dates import EventDate, parse_expression
from communique.nlp import ents_in

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from communique.model import Document

# Expressions worth parsing: a month, a weekday, a year, a numeric date or a relative
# word. Durations ("four years", "the past decade") name no date and are skipped.
DATE_SHAPE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(yesterday|today|tomorrow|tonight)\b"
    r"|\b(last|next|this|previous|coming)\s+(week|month|year|spring|summer|autumn|fall|winter)\b|\bago\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def reference_dates(doc: Document) -> tuple[str | None, str | None]:
    """(base for relative expressions, base year source for day-month dates)."""
    published = (doc.published or "")[:10] or None
    return published or doc.reference_date, doc.event_date or doc.reference_date


def date_in_sentence(sent: Span, anchors: list[Token], doc: Document, future: bool) -> EventDate | None:
    """The date expression of the event: the DATE entity closest to its words in the parse."""
    candidates = [
        ent
        for ent in ents_in(sent)  # not sent.ents: that walks the whole Doc on every call
        if ent.label_ == "DATE" and DATE_SHAPE.search(ent.text) and _belongs_to(ent, anchors)
    ]
    if not candidates:
        return None
    candidates.sort(key=lambda ent: _distance(ent, anchors))
    relative_base, year_base = reference_dates(doc)
    for ent in candidates:
        parsed = parse_expression(ent.text, relative_base, year_base, future)
        if parsed is not None:
            relative = YEAR.search(ent.text) is None
            base = (
                f", counted from {'publication' if doc.published else 'the reference date'} {relative_base}"
            )
            reason = f"'{ent.text}' in the sentence" + (base if relative and relative_base else "")
            return EventDate(parsed.value, parsed.precision, True, reason)
    return None


def _belongs_to(ent: Span, anchors: list[Token]) -> bool:
    """A date belongs to the event when it sits in the event noun's phrase or its clause governs the event.

    "... is a jubilee event, as the Treaty was signed on 15 May 1992": the date hangs on
    "signed", which does not govern the meeting, so it is not the meeting's date.
    """
    clause = next((t for t in ent.root.ancestors if t.pos_ in ("VERB", "AUX")), ent.root.sent.root)
    for anchor in anchors:
        if anchor in ent.root.ancestors and anchor.pos_ in ("NOUN", "PROPN"):
            return True
        if clause == anchor or clause in anchor.ancestors:
            return True
    return False


def _distance(ent: Span, anchors: list[Token]) -> tuple[int, int]:
    """Prefer dates attached to the event's own words, then the nearest one."""
    attached = any(anc in ent.root.ancestors or ent.root.head == anc for anc in anchors)
    near = min(abs(ent.root.i - anc.i) for anc in anchors)
    return (0 if attached else 1, near)


def default_date(doc: Document, main_event: bool) -> EventDate | None:
    """The date of an event whose sentence gives none.

    A report's meetings and their outcomes, and anything in its lead, are the day's
    news: they take the document's event date (day precision). Anything else (an
    exercise mentioned in passing, a future plan) is only known to fall in the year
    of the reference date.
    """
    _, year_base = reference_dates(doc)
    if not year_base:
        return None
    if main_event and doc.event_date:
        return EventDate(doc.event_date, "day", False, "no date in the sentence: the report's own event date")
    return EventDate(year_base[:4], "year", False, "no date in the sentence: only the year of the report")
