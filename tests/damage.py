"""Simulated print-and-OCR damage for clean text, deterministic with a seeded ``random.Random``.

``damage_text`` hard-wraps clean text into a narrow magazine column, hyphenates words at
line ends the way typesetters do (inside a word, or at a hyphen the word already has),
and splits ligatures the way OCR of a typeset page does (``fi`` → ``fi `` before the rest
of the word, ``ffi`` → ``ffi  `` with two spaces, ``Th`` → ``Th `` at a word start, ...).
It also says which words it damaged, so a test or a benchmark can tell repaired words
from words the cleaner broke. Used by ``tests/test_clean_damage.py`` and reusable by a
benchmark.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

# Ligatures OCR splits, longest first: (letters, spaces printed after them).
LIGATURES = (("ffi", "  "), ("ffl", " "), ("ff", " "), ("fi", " "), ("fl", " "), ("ft", " "))
VOWELS = set("aeiouyAEIOUY")
# Consonant pairs typesetters keep together when hyphenating.
DIGRAPHS = {"th", "ch", "sh", "ph", "ck", "gh", "wh", "qu", "ng"}
CORE = re.compile(r"^([^A-Za-z]*)([A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z])([^A-Za-z]*)$")


@dataclass
class Damaged:
    """Damaged text and the indices (into ``text.split()``) of the words it damaged."""

    text: str
    words: list[str]
    damaged: set[int] = field(default_factory=set)


def split_ligatures(word: str) -> str:
    """Split every ligature in a word that has letters after it; ``Th`` at the start too."""
    out, i = [], 0
    if word.startswith("Th") and len(word) > 2 and word[2].isalpha():
        out.append("Th ")
        i = 2
    while i < len(word):
        # The longest ligature at this point is the glyph; it splits only before a letter.
        lig, gap = next(((lig, gap) for lig, gap in LIGATURES if word.startswith(lig, i)), ("", ""))
        if lig:
            follows = word[i + len(lig) : i + len(lig) + 1]
            out.append(lig + gap if follows.isalpha() else lig)
            i += len(lig)
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def hyphen_points(word: str) -> list[int]:
    """Syllable-like break points: V|CV or VC|CV, at least 2 letters before and 3 after."""
    core = CORE.match(word)
    if not core or "-" in word or "'" in word or "’" in word:
        return []
    lead, letters = len(core.group(1)), core.group(2)
    points = []
    for i in range(2, len(letters) - 2):
        a, b, c = letters[i - 1], letters[i], letters[i + 1]
        if a in VOWELS and b not in VOWELS and c in VOWELS:
            points.append(lead + i)
        elif a not in VOWELS and b not in VOWELS and (a + b).lower() not in DIGRAPHS and a != "'":
            if i >= 2 and letters[i - 2] in VOWELS and c in VOWELS:
                points.append(lead + i)
    return points


def break_word(word: str, room: int, rng: random.Random) -> tuple[str, str] | None:
    """(head with its hyphen, tail) fitting ``room`` characters, or None."""
    if "-" in word.strip("-"):
        head, _, tail = word.partition("-")
        if head and tail and len(head) + 1 <= room:
            return head + "-", tail
        return None
    points = [p for p in hyphen_points(word) if p + 1 <= room]
    if not points:
        return None
    cut = rng.choice(points)
    return word[:cut] + "-", word[cut:]


def damage_text(text: str, seed: int = 0, width: int = 30, hyphenate: float = 0.8) -> Damaged:
    """Hard-wrap ``text`` at ``width``, hyphenate line ends, split ligatures.

    text (str): clean text (one or more paragraphs separated by blank lines).
    seed (int): seed of the random generator, so the damage is reproducible.
    width (int): column width in characters.
    hyphenate (float): chance that a word not fitting the line is hyphenated.
    RETURNS (Damaged): the damaged text and which original words were damaged.
    """
    rng = random.Random(seed)
    words = text.split()
    damaged: set[int] = set()
    paragraphs = [p.split() for p in re.split(r"\n\s*\n", text.strip())]
    out_paras, index = [], 0
    for para in paragraphs:
        lines, line = [], ""
        for word in para:
            printed = split_ligatures(word)
            if printed != word:
                damaged.add(index)
            if not line or len(line) + 1 + len(printed) <= width:
                line = f"{line} {printed}" if line else printed
            else:
                room = width - len(line) - 1
                broken = break_word(word, room, rng) if rng.random() < hyphenate else None
                if broken:
                    damaged.add(index)
                    head, tail = broken
                    lines.append(f"{line} {split_ligatures(head)}")
                    line = split_ligatures(tail)
                else:
                    lines.append(line)
                    line = printed
            index += 1
        lines.append(line)
        out_paras.append("\n".join(lines))
    return Damaged("\n\n".join(out_paras), words, damaged)
