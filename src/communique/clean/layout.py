"""The page as lines: which layout it has (hard-wrapped print or one paragraph per line), its
column width, its units (lines or blocks), and what the cleaner has taken out of it so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from communique.model import Removed

# --- Layout detection --------------------------------------------------------------------------
# A page counts as hard-wrapped print when it has at least this many lines ...
WRAPPED_MIN_LINES = 6
# ... the median line is no longer than this (web paragraphs run to hundreds of characters) ...
WRAPPED_MEDIAN_MAX = 70
# ... and at least this share of its lines stop mid-sentence with text on the next line.
WRAPPED_RUN_ON_SHARE = 0.5
# Column width: this percentile of line lengths (the longest lines are headlines and captions).
WIDTH_PERCENTILE = 0.9
# ... and at least this share of its lines fill this share of the column width.
FULL_LINE_SHARE = 0.6
FULL_LINES_SHARE = 0.5

# What a sentence or a paragraph may end with, before closing quotes and brackets.
TERMINAL = ".!?:…"
CLOSERS = "\"'”’»)]"


def ends_sentence(text: str) -> bool:
    """The text ends like a sentence (or a lead-in colon), closing quotes aside."""
    core = text.rstrip().rstrip(CLOSERS)
    return bool(core) and core[-1] in TERMINAL


@dataclass
class Unit:
    """A line (web layout) or a block of lines (print layout): what boilerplate rules look at."""

    lines: list[int]
    text: str


@dataclass
class Page:
    """Lines of a page, its layout and the lines taken out of the body, with reasons.

    lines (list[str]): the page's lines, stripped; "" for a blank line.
    wrapped (bool): hard-wrapped print (lines are column lines, not paragraphs).
    width (int): column width in characters (the typical long line).
    reasons (dict[int, str]): line index → why the line is not body text.
    """

    lines: list[str]
    wrapped: bool = False
    width: int = 0
    reasons: dict[int, str] = field(default_factory=dict)
    cuts: dict[int, list[Removed]] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str) -> Page:
        # Inner runs of spaces stay: "offi  cial" keeps its OCR trace until the ligature repair.
        page = cls([line.strip() for line in text.split("\n")])
        page.wrapped, page.width = detect_layout(page.lines)
        return page

    def live(self, i: int) -> bool:
        """A line still in the body (not blank, not taken out)."""
        return bool(self.lines[i]) and i not in self.reasons

    def remove(self, indices: list[int] | range, reason: str) -> None:
        for i in indices:
            if self.lines[i] and i not in self.reasons:
                self.reasons[i] = reason

    def cut(self, i: int, end: int, reason: str) -> None:
        """Take the first ``end`` characters off line ``i`` (a dateline opening a paragraph)."""
        label, _, cue = reason.partition(": ")
        self.cuts.setdefault(i, []).append(Removed(self.lines[i][:end].strip(), label, cue))
        self.lines[i] = self.lines[i][end:].lstrip()

    def cut_end(self, i: int, start: int, reason: str) -> None:
        """Take the characters from ``start`` on off line ``i`` (a sign-off closing a paragraph)."""
        label, _, cue = reason.partition(": ")
        self.cuts.setdefault(i, []).append(Removed(self.lines[i][start:].strip(), label, cue))
        self.lines[i] = self.lines[i][:start].rstrip()

    def blocks(self) -> list[list[int]]:
        """Runs of live lines; blank and removed lines separate them."""
        out: list[list[int]] = []
        run: list[int] = []
        for i in range(len(self.lines)):
            if self.live(i):
                run.append(i)
            elif run:
                out.append(run)
                run = []
        if run:
            out.append(run)
        return out

    def units(self) -> list[Unit]:
        """Lines of a web page, blocks of a printed page: the pieces furniture comes in."""
        if not self.wrapped:
            return [Unit([i], self.lines[i]) for i in range(len(self.lines)) if self.live(i)]
        return [Unit(b, " ".join(self.lines[i] for i in b)) for b in self.blocks()]

    def removed(self) -> list[Removed]:
        """What was taken out, in page order; neighbouring lines with one reason make one item."""
        out: list[Removed] = []
        last = -2
        for i in sorted(set(self.reasons) | set(self.cuts)):
            if i in self.cuts:
                out.extend(self.cuts[i])
                if i not in self.reasons:
                    continue
            reason, _, cue = self.reasons[i].partition(": ")
            gap_blank = all(not self.lines[j] for j in range(last + 1, i))
            if out and out[-1].reason == reason and out[-1].cue == cue and gap_blank and reason != "caption":
                out[-1].text += "\n" + self.lines[i]
            else:
                out.append(Removed(self.lines[i], reason, cue))
            last = i
        return out


def detect_layout(lines: list[str]) -> tuple[bool, int]:
    """(hard-wrapped?, column width) from line lengths and how lines end."""
    full = [line for line in lines if line]
    if not full:
        return False, 0
    lengths = sorted(len(line) for line in full)
    width = lengths[min(len(lengths) - 1, int(WIDTH_PERCENTILE * len(lengths)))]
    if len(full) < WRAPPED_MIN_LINES or median(lengths) > WRAPPED_MEDIAN_MAX:
        return False, width
    # Print fills its column: most lines run close to the width (a web page's short header lines
    # and long paragraphs do not).
    if sum(1 for line in full if len(line) >= FULL_LINE_SHARE * width) < FULL_LINES_SHARE * len(full):
        return False, width
    run_on = sum(
        1 for a, b in zip(lines, lines[1:], strict=False) if len(a) >= 10 and b and not ends_sentence(a)
    )
    return run_on >= WRAPPED_RUN_ON_SHARE * len(full), width
