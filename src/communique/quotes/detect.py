"""Spans of quotation marked in the text: double, typographic, guillemets and single quotes.

``QuoteFinder.find(text)`` scans the quotation marks of a text once, decides
from context whether each mark opens or closes, and pairs them into
``Marked`` spans. A quotation may run over several paragraphs: either every
continued paragraph reopens without the previous one closing (the print
convention), or a paragraph simply runs on until the closing mark comes (a
web habit). Spans nested in a longer quotation are dropped here; whether a
span is speech at all is decided later (``communique.quotes.speech``).

A hand-written scanner rather than spaCy's tokens: quotation marks pair
across sentences and paragraphs, and their role depends on the characters
beside them, which the tokenizer does not keep.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from communique.quotes.settings import SETTINGS, QuoteSettings

# Quotation marks by family and default role; '"' and "'" take their role from context.
DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
DOUBLE_EITHER = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
SINGLE_EITHER = "'"
DOUBLE_MARK = re.compile("[" + DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_EITHER + "]")
SINGLE_MARK = re.compile("[" + SINGLE_OPEN + SINGLE_EITHER + "]")
SINGLE_CLOSING = re.compile("[" + SINGLE_CLOSE + SINGLE_EITHER + "]")
# Characters that may stand right before an opening mark or right after a closing one.
BEFORE_OPEN = set("([{—–-/:;,…")
AFTER_CLOSE = set(".,;:!?)]}—–-…")
# Last characters of a line that ends a paragraph rather than breaking a sentence.
BLOCK_ENDS = set(".!?…:;\"”»’'")


@dataclass
class Marked:
    """A quotation found between marks.

    parts (list[tuple[int, int]]): char spans of the quoted words, one per paragraph
        (or per reopening); the marks themselves are outside.
    opened (int): offset of the opening mark.
    closed (int | None): offset of the closing mark; None when it never came.
    single (bool): between single quotation marks.
    """

    parts: list[tuple[int, int]]
    opened: int
    closed: int | None
    single: bool = False
    layout: str = "marked"  # marked | turn | colon | dash
    meta: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    @property
    def outer_end(self) -> int:
        """Offset just after the closing mark (or after the words when unclosed)."""
        return self.closed + 1 if self.closed is not None else self.end


class Paragraphs:
    """Paragraph (line) lookup for a text: which paragraph holds an offset, and its bounds."""

    def __init__(self, text: str):
        self.text = text
        self.breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def index(self, pos: int) -> int:
        return bisect_right(self.breaks, pos - 1) if pos > 0 else 0

    def bounds(self, idx: int) -> tuple[int, int]:
        start = self.breaks[idx - 1] + 1 if idx > 0 else 0
        end = self.breaks[idx] if idx < len(self.breaks) else len(self.text)
        return start, end

    def count(self) -> int:
        return len(self.breaks) + 1

    def is_blank(self, idx: int) -> bool:
        s, e = self.bounds(idx)
        return not self.text[s:e].strip()

    def previous_text(self, idx: int) -> int | None:
        """The nearest paragraph before ``idx`` that is not blank, or None at the text's start."""
        idx -= 1
        while idx >= 0 and self.is_blank(idx):
            idx -= 1
        return idx if idx >= 0 else None

    def ends_block(self, idx: int) -> bool:
        """The paragraph ends a block of text: it is blank or ends like a sentence. A line broken
        mid-sentence (a column end in OCR'd print) does not count as a paragraph break."""
        s, e = self.bounds(idx)
        line = self.text[s:e].rstrip()
        return not line or line[-1] in BLOCK_ENDS

    def starts_paragraph(self, pos: int) -> bool:
        """Only whitespace lies between the paragraph's start and ``pos``."""
        s, _ = self.bounds(self.index(pos))
        return not self.text[s:pos].strip()


class QuoteFinder:
    """Finds marked quotations in a text.

    settings (QuoteSettings): run-on and single-quote limits.
    """

    def __init__(self, settings: QuoteSettings = SETTINGS):
        self.settings = settings

    def find(self, text: str) -> list[Marked]:
        """Every outermost marked span, in text order."""
        text = double_apostrophes(text)
        paras = Paragraphs(text)
        spans = self._pair_double(text, paras) + self._pair_single(text, paras)
        spans = [s for s in spans if s.end > s.start]
        return drop_nested(spans)

    # --- double quotation marks --------------------------------------------------------------------

    def _pair_double(self, text: str, paras: Paragraphs) -> list[Marked]:
        found: list[Marked] = []
        current: Marked | None = None
        for pos, opens in self._double_marks(text):
            if current is None:
                if opens is not False:
                    current = Marked(parts=[(pos + 1, pos + 1)], opened=pos, closed=None)
                continue
            if opens is True and paras.index(pos) > paras.index(current.parts[-1][0]):
                if paras.starts_paragraph(pos):  # reopened paragraph: the quotation continues
                    self._close_part(current, paras, text)
                    current.parts.append((pos + 1, pos + 1))
                    continue
            if opens is True:  # an opening mark while open in the same paragraph: the first never closed
                found.append(self._unclosed(current, paras, text))
                current = Marked(parts=[(pos + 1, pos + 1)], opened=pos, closed=None)
                continue
            if self._runs_too_far(current, pos, paras):
                found.append(self._unclosed(current, paras, text))
                current = None
                continue
            found.append(self._close(current, pos, paras, text))
            current = None
        if current is not None:
            found.append(self._unclosed(current, paras, text))
        return found

    def _double_marks(self, text: str) -> list[tuple[int, bool | None]]:
        """Offsets of double marks with their role: True opens, False closes, None either."""
        marks = []
        for found in DOUBLE_MARK.finditer(text):  # a regex scan: Python loops over every char are slow
            i, ch = found.start(), found.group()
            if ch in DOUBLE_OPEN:
                # "“" closing a quotation opened with "„" (German-style typesetting)
                marks.append(
                    (i, False if _closing_context(text, i) and not _opening_context(text, i) else True)
                )
            elif ch in DOUBLE_CLOSE:
                # "”" typed as an opening mark: space before, a word right after
                marks.append(
                    (i, True if _opening_context(text, i) and not _closing_context(text, i) else False)
                )
            elif ch in DOUBLE_EITHER:
                o, c = _opening_context(text, i), _closing_context(text, i)
                marks.append((i, True if o and not c else False if c and not o else None))
        return marks

    def _runs_too_far(self, current: Marked, close_pos: int, paras: Paragraphs) -> bool:
        """More mark-free paragraphs between the last part and the closing mark than a run-on allows."""
        first, last = paras.index(current.parts[-1][0]), paras.index(close_pos)
        gap = sum(1 for i in range(first + 1, last + 1) if paras.ends_block(i - 1))
        return gap > self.settings.max_runon_paragraphs

    def _close_part(self, current: Marked, paras: Paragraphs, text: str) -> None:
        """End the last part at the end of its paragraph (the paragraph ended without closing)."""
        s = current.parts[-1][0]
        _, e = paras.bounds(paras.index(s))
        current.parts[-1] = trim_span(text, s, e)

    def _close(self, current: Marked, pos: int, paras: Paragraphs, text: str) -> Marked:
        s = current.parts[-1][0]
        parts = current.parts[:-1]
        # A run-on quotation keeps one part per paragraph, like a reopened one.
        for idx in range(paras.index(s), paras.index(pos) + 1):
            ps, pe = paras.bounds(idx)
            span = trim_span(text, max(ps, s), min(pe, pos))
            if span[1] > span[0]:
                parts.append(span)
        current.parts = parts or [(s, s)]
        current.closed = pos
        return current

    def _unclosed(self, current: Marked, paras: Paragraphs, text: str) -> Marked:
        self._close_part(current, paras, text)
        current.closed = None
        return current

    # --- single quotation marks -------------------------------------------------------------------

    def _pair_single(self, text: str, paras: Paragraphs) -> list[Marked]:
        """Single quotes pair within a paragraph only; apostrophes never open."""
        found: list[Marked] = []
        after = 0  # offset just past the last pair found
        for mark in SINGLE_MARK.finditer(text):
            i = mark.start()
            if i < after or not _opening_context(text, i) or _closing_context(text, i):
                continue
            close = self._single_close(text, i, paras)
            if close is not None:
                found.append(
                    Marked(parts=[trim_span(text, i + 1, close)], opened=i, closed=close, single=True)
                )
                after = close + 1
        return found

    def _single_close(self, text: str, opened: int, paras: Paragraphs) -> int | None:
        _, para_end = paras.bounds(paras.index(opened))
        limit = min(para_end, opened + self.settings.max_single_quote_chars)
        for mark in SINGLE_CLOSING.finditer(text, opened + 1, limit):
            if _closing_context(text, mark.start()):
                return mark.start()
        return None


def double_apostrophes(text: str) -> str:
    """Two apostrophes typed as a double quotation mark (''like this'', a wire and archive habit)
    become one double mark beside a space, so offsets do not move: an opening pair becomes ' "',
    a closing pair '" '."""
    if "''" not in text:
        return text
    chars = list(text)
    i = 0
    while i + 1 < len(chars):
        if chars[i] == "'" and chars[i + 1] == "'" and (i + 2 >= len(chars) or chars[i + 2] != "'"):
            opens = (i == 0 or text[i - 1].isspace() or text[i - 1] in BEFORE_OPEN) and (
                i + 2 < len(text) and not text[i + 2].isspace()
            )
            chars[i : i + 2] = [" ", '"'] if opens else ['"', " "]
            i += 2
            continue
        i += 1
    return "".join(chars)


def _opening_context(text: str, i: int) -> bool:
    before_ok = i == 0 or text[i - 1].isspace() or text[i - 1] in BEFORE_OPEN
    return before_ok and i + 1 < len(text) and not text[i + 1].isspace()


def _closing_context(text: str, i: int) -> bool:
    if i == 0 or text[i - 1].isspace():
        return False
    return (
        i + 1 == len(text) or text[i + 1].isspace() or text[i + 1] in AFTER_CLOSE or text[i + 1] in "\"”’'»"
    )


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to exclude whitespace at both edges."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def drop_nested(spans: list[Marked]) -> list[Marked]:
    """Keep the outermost spans: quoted words inside a longer quotation stay inside it."""
    spans = sorted(spans, key=lambda s: (s.opened, -s.outer_end))
    kept: list[Marked] = []
    for s in spans:
        if kept and s.opened < kept[-1].outer_end:
            continue
        kept.append(s)
    return kept
