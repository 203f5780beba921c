"""Lines a site prints on many of its pages: menus, footers, lists of related headlines.

One page alone cannot tell its site's furniture from its article; a batch of pages from one
site can: a line that recurs verbatim on several pages of the same host is the site's, not any
article's. ``mark_site_repeats`` looks at a whole batch before cleaning and puts the lines on
each document (``raw.meta["site_lines"]``); ``clean_document`` takes them out with a reason.

The result does not depend on the order of the batch (lines are counted per host), and a
document alone, or without an address, is left as it is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from urllib.parse import urlsplit

from communique.clean.layout import ends_sentence
from communique.model import RawDocument

# A line is the site's when it recurs on at least this many pages of one host in the batch ...
SITE_MIN_PAGES = 3
# ... and on at least this share of them (an article's background line recurs on a few
# reports of one story; a menu or a footer on most of the site's pages).
SITE_MIN_SHARE = 0.5
# Only short lines count, and no sentence: a paragraph or a sentence printed on several pages
# (the background line of a wire's reports) is the article's text, not furniture.
SITE_LINE_MAX_WORDS = 20
SENTENCE_MIN_WORDS = 6
META_KEY = "site_lines"


def host_of(url: str | None) -> str | None:
    """The page's host without "www." ("en.kremlin.ru" stays itself: a language edition)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def line_key(line: str) -> str:
    return " ".join(line.split())


def mark_site_repeats(raws: list[RawDocument]) -> list[RawDocument]:
    """Put on each document the lines its host prints on several pages of the batch."""
    by_host: dict[str, list[RawDocument]] = defaultdict(list)
    for raw in raws:
        host = host_of(raw.url)
        if host:
            by_host[host].append(raw)
    for pages in by_host.values():
        if len(pages) < SITE_MIN_PAGES:
            continue
        counts: Counter[str] = Counter()
        page_lines = []
        for raw in pages:
            keys = {line_key(line) for line in raw.text.split("\n")}
            keys = {k for k in keys if k and not _reads_as_text(k)}
            page_lines.append(keys)
            counts.update(keys)
        need = max(SITE_MIN_PAGES, SITE_MIN_SHARE * len(pages))
        common = {k: n for k, n in counts.items() if n >= need}
        for raw, keys in zip(pages, page_lines, strict=True):
            shared = {k: common[k] for k in keys if k in common}
            if shared:
                raw.meta[META_KEY] = shared
    return raws


def _reads_as_text(line: str) -> bool:
    words = len(line.split())
    return words > SITE_LINE_MAX_WORDS or (words >= SENTENCE_MIN_WORDS and ends_sentence(line))


def site_lines(raw: RawDocument) -> dict[str, int]:
    """The lines the batch found on several pages of this document's site (line → pages)."""
    return raw.meta.get(META_KEY) or {}
