"""Lines a site prints on many of its pages: menus, footers, lists of related headlines.

One page alone cannot tell its site's furniture from its article; a batch of pages from one
site can: a line that recurs verbatim on several pages of the same host is the site's, not any
article's. ``mark_site_repeats`` looks at a whole batch before cleaning and puts the lines on
each document (``raw.meta["site_lines"]``); ``clean_document`` takes them out with a reason.

The result does not depend on the order of the batch (lines are counted per host), and a
document alone, or without an address, is left as it is. Given the pages a store already holds
(``stored_pages``), the lines are counted over those pages too, so a site's furniture is told
on a page that comes alone in a later batch as well; each document is marked once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any
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
CHECKED_KEY = "site_checked"
# At most this many of a site's stored pages are read (the latest): enough to tell its furniture.
STORED_PAGES = 200
# host -> line sets of the site's pages the store holds (not counting the batch's own addresses)
StoredPages = Callable[[str, set[str]], list[set[str]]]


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


def mark_site_repeats(raws: list[RawDocument], stored: StoredPages | None = None) -> list[RawDocument]:
    """Put on each document the lines its host prints on several pages of the batch and of the
    store (``stored``: see ``stored_pages``). A document marked once is not marked again."""
    by_host: dict[str, list[RawDocument]] = defaultdict(list)
    for raw in raws:
        host = host_of(raw.url)
        if host and not raw.meta.get(CHECKED_KEY):
            by_host[host].append(raw)
    for host, pages in by_host.items():
        known = stored(host, {raw.url or "" for raw in pages}) if stored else []
        for raw in pages:
            if stored:
                raw.meta[CHECKED_KEY] = True
        if len(pages) + len(known) < SITE_MIN_PAGES:
            continue
        counts: Counter[str] = Counter()
        page_lines = [page_keys(raw.text.split("\n")) for raw in pages]
        for keys in [*page_lines, *known]:
            counts.update(keys)
        need = max(SITE_MIN_PAGES, SITE_MIN_SHARE * (len(pages) + len(known)))
        common = {k: n for k, n in counts.items() if n >= need}
        for raw, keys in zip(pages, page_lines, strict=True):
            shared = {k: common[k] for k in keys if k in common}
            if shared:
                raw.meta[META_KEY] = shared
    return raws


def page_keys(lines: list[str]) -> set[str]:
    """The keys of a page's short lines that are no sentence: what a site may repeat."""
    keys = {line_key(line) for line in lines}
    return {k for k in keys if k and not _reads_as_text(k)}


def stored_pages(engine: Any) -> StoredPages:
    """The pages of a site a store holds, as line sets: the lines of their cleaned text and of
    what the clean stage took out of them (the page as it was read, but for cut datelines)."""
    from communique.store.read import reading

    def pages(host: str, batch_urls: set[str]) -> list[set[str]]:
        with reading(engine) as kb:
            rows = kb.site_pages(host, STORED_PAGES)
        out = []
        for url, text, taken in rows:
            if url in batch_urls:
                continue  # a page read again: its new copy counts, not the old one
            lines = [line for para in text.split("\n\n") for line in para.split("\n")]
            out.append(page_keys(lines + [line for item in taken for line in item.split("\n")]))
        return out

    return pages


def _reads_as_text(line: str) -> bool:
    words = len(line.split())
    return words > SITE_LINE_MAX_WORDS or (words >= SENTENCE_MIN_WORDS and ends_sentence(line))


def site_lines(raw: RawDocument) -> dict[str, int]:
    """The lines the batch found on several pages of this document's site (line → pages)."""
    return raw.meta.get(META_KEY) or {}
