"""Re-flow: lines back into the paragraphs the author wrote.

Printed pages (hard-wrapped columns) have their lines joined, line-end hyphens mended, and
paragraph breaks that fall inside a sentence (a column end) healed. Web pages keep one
paragraph per line, except for lines a page split off by accident (a line that starts with a
comma, a wrapped caption). A transcript speaker label always opens its own paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from communique.clean.layout import Page, ends_sentence
from communique.clean.ocr import count_words, should_join_hyphen, zipf

# --- Thresholds (shares of the column width) -----------------------------------------------------
# In print, a line ending a sentence this much shorter than the column ends its paragraph, even
# when the blank line after it was lost.
PARAGRAPH_END_SHARE = 0.6
# A blank line after a column line at least this full (and mid-sentence) is a column end, not a
# paragraph end: the sentence goes on in the next block.
COLUMN_END_SHARE = 0.6
# On web pages, two lines both shorter than this, the first not ending a sentence, are one
# paragraph wrapped by the page (captions, addresses).
WEB_SHORT = 60
# Characters at the end of a paragraph that a line join looks at (longer than any word).
TAIL_CHARS = 120

# --- Patterns ------------------------------------------------------------------------------------
# The word a line-end hyphen cuts, compounds included: "co-opera-", "post-So-".
HYPHEN_END = re.compile(r"(?<![A-Za-z-])([A-Za-z]+(?:-[A-Za-z]+)*)-$")
WORD_HEAD = re.compile(r"^[A-Za-z]+")
# A line ending in a word split after a ligature, then hyphenated: "fi n-", "eff ec-".
LIGATURE_TAIL = re.compile(r"(?<![A-Za-z])([A-Za-z]*(?:ffi|ffl|ff|fi|fl|ft)|Th) {1,2}([a-z]+)-$")
DASHES = "-–—"
# A suspended hyphen ("pre- and post-war") is followed by a conjunction, never joined to it.
SUSPENDED = re.compile(r"^(?:and|or|nor|to)\b")
# A next line opening with a word split after a ligature: "ef-" / "fi ciency".
LIGATURE_HEAD = re.compile(r"^([a-z]*(?:ffi|ffl|ff|fi|fl|ft))( {1,2})([a-z]+)")
# Punctuation that belongs to the end of the line before it.
TRAILING_MARKS = ",.;:)]!?%"
# "President of Russia Vladimir Putin: ..." - a transcript turn opens a paragraph.
SPEAKER_LABEL = re.compile(r"^[A-Z][\w.'’-]*(?: [\w.'’-]+){0,14}: \S")


@dataclass
class Para:
    """A paragraph being built, with what healing needs to know about its edges."""

    text: str
    last_line: int  # length of its last line
    opens_block: bool


def reflow(page: Page) -> list[str]:
    """The body paragraphs of a page, in order."""
    text = "\n".join(page.lines)
    counts = count_words(text) if "-\n" in text else Counter()
    paras = _reflow_print(page, counts) if page.wrapped else _reflow_web(page, counts)
    return [p.text for p in heal_breaks(paras, page, counts)]


def join_lines(left: str, right: str, counts: Counter[str], glue_marks: bool = True) -> str:
    """Join two lines of one paragraph, mending a line-end hyphen by word frequency.

    left (str): the paragraph so far; only its last characters matter for the join.
    right (str): the next line.
    counts (Counter): the document's word counts (its own spelling of compounds).
    glue_marks (bool): a line opening with a comma or a full stop belongs to the line before
        (web pages split lists that way); print keeps the space the text had.
    """
    # Patterns anchored at the end still scan from the start: look at the tail only, so that
    # joining the lines of a long paragraph stays linear.
    cut = max(0, len(left) - TAIL_CHARS)
    return left[:cut] + _join_tail(left[cut:], right, counts, glue_marks)


def _join_tail(left: str, right: str, counts: Counter[str], glue_marks: bool) -> str:
    if left[-1:] == "-" and _is_suspended(left, right):
        return f"{left} {right}"  # "5- and 8-year-old", "pre- or post-war": the hyphen waits
    m = HYPHEN_END.search(left)
    if m:
        stem, cut = _tail_word(left, m)
        word, rest = _head_word(right, stem)
        if word:
            joined = should_join_hyphen(stem, word, counts)
            return (left[:cut] + stem if joined else left[:cut] + stem + "-") + word + rest
    if len(left) > 1 and left[-1] in DASHES and left[-2] != " ":
        return left + right  # "U.S.-" / "based", "8-" / "year-old": a compound, not a hyphenation
    if glue_marks and right[:1] and right[0] in TRAILING_MARKS:
        return left + right
    return f"{left} {right}"


def _is_suspended(left: str, right: str) -> bool:
    """A suspended hyphen: a conjunction follows, and gluing it on makes no word ("Toron-to" does)."""
    conj = SUSPENDED.match(right)
    if not conj:
        return False
    stem = left[:-1].rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
    return not stem.isalpha() or zipf(stem + conj.group(0)) == 0.0


def _tail_word(left: str, m: re.Match[str]) -> tuple[str, int]:
    """The hyphenated word at the end of ``left`` and where it starts; a word split after a
    ligature just before it ("fi n-") is read whole ("fin-")."""
    lig = LIGATURE_TAIL.search(left)
    if lig:
        glued = lig.group(1) + lig.group(2)
        if zipf(glued) >= zipf(lig.group(2)) or zipf(glued) > 0.0:
            return glued, lig.start()
    return m.group(1), m.start(1)


def _head_word(line: str, left: str) -> tuple[str, str]:
    """The word opening ``line`` and the rest; a word split after a ligature is read whole."""
    segment = left.rsplit("-", 1)[-1]
    lig = LIGATURE_HEAD.match(line)
    if lig:
        glued = lig.group(1) + lig.group(3)
        if zipf(segment + glued) > 0.0 and zipf(segment + glued) >= zipf(segment + lig.group(1)):
            return glued, line[lig.end() :]
    m = WORD_HEAD.match(line)
    return (m.group(0), line[m.end() :]) if m else ("", line)


def _reflow_print(page: Page, counts: Counter[str]) -> list[Para]:
    paras: list[Para] = []
    for block in page.blocks():
        lines = [page.lines[i] for i in block]
        current, opens = lines[0], True
        for prev, line in zip(lines, lines[1:], strict=False):
            short_end = ends_sentence(prev) and len(prev) < PARAGRAPH_END_SHARE * page.width
            if (short_end and line[:1].isupper()) or (ends_sentence(prev) and SPEAKER_LABEL.match(line)):
                paras.append(Para(current, len(prev), opens))
                current, opens = line, False
            else:
                current = join_lines(current, line, counts, glue_marks=False)
        paras.append(Para(current, len(lines[-1]), opens))
    return paras


def _reflow_web(page: Page, counts: Counter[str]) -> list[Para]:
    paras: list[Para] = []
    for block in page.blocks():
        lines = [page.lines[i] for i in block]
        current, opens = lines[0], True
        for prev, line in zip(lines, lines[1:], strict=False):
            if _continues_web(prev, line):
                current = join_lines(current, line, counts)
            else:
                paras.append(Para(current, len(prev), opens))
                current, opens = line, False
        paras.append(Para(current, len(lines[-1]), opens))
    return paras


def _continues_web(prev: str, line: str) -> bool:
    """A web line that goes on from the line before instead of opening a paragraph."""
    if line[0] in TRAILING_MARKS:
        return True
    if ends_sentence(prev) or SPEAKER_LABEL.match(line):
        return False
    if line[0].islower() or prev.endswith("-"):
        return True
    # Two short lines, the first stopping mid-phrase (no punctuation at all): a wrapped caption.
    # A salutation ("Colleagues,") ends with a comma and stays on its own.
    return prev[-1].isalnum() and len(prev) < WEB_SHORT and len(line) < WEB_SHORT


def heal_breaks(paras: list[Para], page: Page, counts: Counter[str]) -> list[Para]:
    """Join paragraphs split inside a sentence by a blank line (a column or page end)."""
    out: list[Para] = []
    for para in paras:
        if out and para.opens_block and _is_column_end(out[-1], para, page):
            prev = out[-1]
            joined = join_lines(prev.text, para.text, counts, glue_marks=not page.wrapped)
            out[-1] = Para(joined, para.last_line, prev.opens_block)
        else:
            out.append(para)
    return out


def _is_column_end(prev: Para, nxt: Para, page: Page) -> bool:
    if ends_sentence(prev.text) or SPEAKER_LABEL.match(nxt.text):
        return False
    if nxt.text[:1].islower() or nxt.text[:1] in TRAILING_MARKS:
        return True
    if not page.wrapped:
        return False
    return prev.text.endswith(("-", ",")) or prev.last_line >= COLUMN_END_SHARE * page.width
