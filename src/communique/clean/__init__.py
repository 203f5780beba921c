"""Clean stage: text repair, re-flow, boilerplate removal and metadata.

``clean_document`` turns a ``RawDocument`` into a ``Document`` whose ``text`` reads as the
author wrote it: mojibake and OCR damage repaired, hard-wrapped lines re-flowed into
paragraphs, page furniture (contacts, galleries, credits, tag footers, captions) taken out
and listed in ``removed`` with a reason, and the headline, posted-at date, dateline place and
the date of the main event read off the page.
"""

from __future__ import annotations

import logging
import re

from communique.clean.boilerplate import is_name_caption, strip_footer, strip_furniture
from communique.clean.dates import infer_event_date, parse_stamp
from communique.clean.encoding import repair_encoding
from communique.clean.furniture import Found, label_web_page, strip_site_name
from communique.clean.layout import Page
from communique.clean.metadata import Header, canonical_place, find_place, read_header, read_trailer
from communique.clean.ocr import repair_ligatures
from communique.clean.reflow import reflow
from communique.clean.site import line_key, site_lines
from communique.model import Document, RawDocument, Removed

log = logging.getLogger(__name__)

__all__ = ["clean_document", "clean_text"]

SPACES = re.compile(r"[ ]{2,}")
OPENING_QUOTES = "\"“‘'«„"


def clean_document(raw: RawDocument) -> Document:
    """Clean one raw document and read its metadata.

    raw (RawDocument): what a reader produced; ``title``/``published`` given by the container
        (HTML, JSON) win over what the text shows; ``date_hint`` is a fallback reference date.
    RETURNS (Document): text, title, published, event_date (+ reason), place, removed, captions.
    """
    # 1. characters: mojibake, odd spaces, line ends
    page = Page.from_text(repair_encoding(raw.text))
    _remove_site_lines(page, raw)
    header = Header()
    # 2. page furniture: tag footer (it may hold the publication date), contacts, galleries, credits
    for line in strip_footer(page):
        header.published = header.published or parse_stamp(line)
    strip_furniture(page, header.captions)
    # 3. every other unit labelled (header, widgets, stamps, datelines, repeats, tail), then the
    #    headline, stamps and dateline on top; in print, headline, kicker and caption at the end
    found = label_web_page(page, raw.title, raw.url, extracted=raw.kind == "html")
    header.title = found.title if raw.title is None else None
    header.captions.extend(found.captions)
    read_header(page, header, raw.title, pick_title=page.wrapped or raw.title is not None)
    read_trailer(page, header)
    # 4. lines back into paragraphs, then OCR repair of split ligatures
    paragraphs = reflow(page)
    removed = page.removed()
    paragraphs = set_captions_aside(paragraphs, header.captions, removed)
    text = tidy("\n\n".join(paragraphs))
    # 5. dates and place
    title = strip_site_name(raw.title, raw.url, raw.meta.get("sitename")) if raw.title else header.title
    published = choose_published(raw, header, found)
    body = text.split("\n\n") if text else []
    event_date, reason = infer_event_date(title, body, published, raw.date_hint)
    if reason and reason.startswith("published date") and published:
        event_date, reason = dateline_day(found, published) or (event_date, reason)
    if event_date is None and header.captions:
        # no date in the text and none for the page: the photo's caption dates the occasion
        event_date, reason = infer_event_date(title, header.captions, None, None)
        reason = reason and f"{reason.replace('the lead', 'a photo caption')}"
    place = (
        header.place or _place_line(found) or find_place([title, header.kicker, *body[:1], *header.captions])
    )
    place = place or (canonical_place(found.dateline_place) if found.dateline_place else None)
    log.debug(
        "clean %s: %d unit(s) removed, title %r, published %s, event date %s (%s), place %s",
        raw.source, len(removed), title, published, event_date, reason, place,
    )  # fmt: skip
    return Document(
        raw=raw,
        text=text,
        title=tidy(title) if title else None,
        published=published,
        event_date=event_date,
        event_date_reason=reason,
        place=place,
        removed=removed,
        captions=header.captions,
    )


def _remove_site_lines(page: Page, raw: RawDocument) -> None:
    """Lines the site prints on several of its pages, in the batch or the store (``clean.site``)."""
    shared = site_lines(raw)
    if not shared:
        return
    for i, line in enumerate(page.lines):
        n = shared.get(line_key(line)) if line else None
        if n:
            page.remove([i], f"repeat: the site prints this line on {n} of its pages read so far")


def choose_published(raw: RawDocument, header: Header, found: Found) -> str | None:
    """The publication date by evidence: the user's date, the container's, the page's own
    timestamp, a labelled date field, a dateline with its year (or the address's year), the
    address. A date widget above the headline was set aside by the labeller and never counts."""
    if raw.date_hint:
        return raw.date_hint
    if raw.published:
        return raw.published
    candidates = [*found.stamps[:1], header.published, found.field_date, found.dateline_date]
    if found.dateline_day and found.url_year:
        day, month = found.dateline_day
        candidates.append(_iso_day(found.url_year, month, day))
    candidates.append(found.url_date)
    return next((c for c in candidates if c), None)


def dateline_day(found: Found, published: str) -> tuple[str, str] | None:
    """The day a wire dateline gives ("YEREVAN, NOVEMBER 28, ARMENPRESS:"), when the lead gives
    none: the report's event happened that day, not on the day the page was posted."""
    day = found.dateline_date
    reason = "the dateline's date; the lead gives no other date"
    if day is None and found.dateline_day:
        day = _iso_day(int(published[:4]), found.dateline_day[1], found.dateline_day[0])
        reason = "day and month from the dateline; year from the page's date"
    if day is None or day > published[:10]:
        return None
    return day, reason


def _place_line(found: Found) -> str | None:
    """A place the page prints alone beside its stamp (not one opening a wire paragraph)."""
    return found.dateline_place if found.dateline_place and not found.dateline_cut else None


def _iso_day(year: int, month: int, day: int) -> str | None:
    from datetime import date

    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def tidy(text: str) -> str:
    """Repair split ligatures and collapse the space runs OCR leaves."""
    text = repair_ligatures(text)
    text = SPACES.sub(" ", text)
    return "\n\n".join(p.strip() for p in text.split("\n\n") if p.strip())


def set_captions_aside(paragraphs: list[str], captions: list[str], removed: list[Removed]) -> list[str]:
    """Paragraphs that only name people and posts are photo captions, unless a quotation follows:
    then the line names the speaker and stays in the body."""
    kept = []
    for k, para in enumerate(paragraphs):
        nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else ""
        if k > 0 and is_name_caption(para) and not nxt.startswith(tuple(OPENING_QUOTES)):
            captions.append(para)
            removed.append(Removed(para, "caption"))
        else:
            kept.append(para)
    return kept


def clean_text(text: str, date_hint: str | None = None) -> Document:
    """Clean a bare string (a sentence or a pasted article)."""
    return clean_document(RawDocument(source="-", text=text, kind="text", date_hint=date_hint))
