"""Clean stage: text repair, re-flow, boilerplate removal and metadata.

``clean_document`` turns a ``RawDocument`` into a ``Document`` whose ``text`` reads as the
author wrote it: mojibake and OCR damage repaired, hard-wrapped lines re-flowed into
paragraphs, page furniture (contacts, galleries, credits, tag footers, captions) taken out
and listed in ``removed`` with a reason, and the headline, posted-at date, dateline place and
the date of the main event read off the page.
"""

from __future__ import annotations

import re

from communique.clean.boilerplate import is_name_caption, strip_footer, strip_furniture
from communique.clean.dates import infer_event_date, parse_stamp
from communique.clean.encoding import repair_encoding
from communique.clean.layout import Page
from communique.clean.metadata import Header, find_place, read_header, read_trailer
from communique.clean.ocr import repair_ligatures
from communique.clean.reflow import reflow
from communique.model import Document, RawDocument, Removed

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
    header = Header()
    # 2. page furniture: tag footer (it may hold the publication date), contacts, galleries, credits
    for line in strip_footer(page):
        header.published = header.published or parse_stamp(line)
    strip_furniture(page, header.captions)
    # 3. headline, stamps and dateline on top; in print, headline, kicker and caption at the end
    read_header(page, header, raw.title)
    read_trailer(page, header)
    # 4. lines back into paragraphs, then OCR repair of split ligatures
    paragraphs = reflow(page)
    removed = page.removed()
    paragraphs = set_captions_aside(paragraphs, header.captions, removed)
    text = tidy("\n\n".join(paragraphs))
    # 5. dates and place
    title = raw.title or header.title
    published = raw.published or header.published
    body = text.split("\n\n") if text else []
    event_date, reason = infer_event_date(title, body, published, raw.date_hint)
    place = header.place or find_place([title, header.kicker, *body[:1], *header.captions])
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
