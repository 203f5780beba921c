"""OCR repair: ligatures split by OCR ("fi rst", "offi  cial") and line-end hyphenation.

Every ambiguous join is decided with the ``wordfreq`` frequency list: the joined word
against the parts read as separate words (ligatures) or as a hyphenated compound
(line ends), plus what the document itself spells elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from wordfreq import zipf_frequency

# --- Thresholds (zipf scale: log10 of frequency per billion words) -----------------------------
# A ligature split is joined when the two parts, read as separate words, are at most this much
# more frequent than the joined word. Calibrated on the VOA corpus (tests/damage.py splits every
# ligature of every story; clean text gives the pairs to keep): 1.0 joins 264/269 splits and
# keeps 59/59 real word pairs. Re-run tests/test_clean_damage.py after changing it.
LIGATURE_MARGIN = 1.0
# A line-end hyphen is kept when the hyphenated compound scores this much above the joined word.
# wordfreq scores a compound from its parts, which overrates compounds of common parts
# ("over-turned"); on VOA, 1.5 joins 98.7% of syllable breaks and keeps 182/188 real compounds.
HYPHEN_MARGIN = 1.5
# A ligature split is "strong" evidence of OCR damage when its left part is rarer than this as a
# word of its own ("offi", "diffi", "confl"), while the joined word is common.
STRONG_LEFT_MAX = 2.5
STRONG_JOINED_MIN = 3.0

# --- Patterns -----------------------------------------------------------------------------------
# Letters typeset as one ligature glyph, which OCR tends to follow with one or two spaces.
_LIG = r"(?:ffi|ffl|ff|fi|fl|ft)"
# A chain of fragments split after ligatures: "fi rst", "offi  cial", "Th e", "fi refi ghters".
LIGATURE_CHAIN = re.compile(
    rf"(?<![A-Za-z])(?P<left>[A-Za-z]*{_LIG}|Th)(?P<rest>(?: {{1,2}}[a-z]*{_LIG}(?= ))*(?: {{1,2}}[a-z]+))(?![A-Za-z])"
)
BARE_LIGATURES = {"ffi", "ffl", "ff", "fi", "fl"}
FRAGMENT_SPLIT = re.compile(r" {1,2}")
# A word as counted for document evidence: letters, inner hyphens and apostrophes.
WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency of an English word or compound (cached: documents repeat their words)."""
    return zipf_frequency(word, "en")


def count_words(text: str) -> Counter[str]:
    """Lower-cased word counts of a text, hyphenated compounds kept whole."""
    return Counter(m.group(0).lower() for m in WORD.finditer(text))


# --- Ligatures ----------------------------------------------------------------------------------


def should_join_ligature(left: str, right: str) -> bool:
    """True when ``left right`` is one word split after a ligature ("aft er" → "after")."""
    left = left.rsplit("-", 1)[-1]
    joined = zipf(left + right)
    if joined == 0.0:
        return False
    return zipf(f"{left} {right}") - joined <= LIGATURE_MARGIN


def is_strong_ligature_split(left: str, right: str) -> bool:
    """A split no clean text would show: the left part is not a word of its own."""
    left = left.rsplit("-", 1)[-1]
    if left == "Th":
        return True
    bare = left.lower() in BARE_LIGATURES  # a ligature glyph alone: "fl edged", "fi rst"
    return (bare or zipf(left) < STRONG_LEFT_MAX) and zipf(left + right) >= STRONG_JOINED_MIN


def has_ligature_damage(text: str) -> bool:
    """Whether the text shows OCR ligature splits at all (clean text is left alone)."""
    for m in LIGATURE_CHAIN.finditer(text):
        parts = FRAGMENT_SPLIT.split(m.group("rest").lstrip(" "))
        if is_strong_ligature_split(m.group("left"), parts[0]):
            return True
    return False


def _join_chain(left: str, parts: list[str], gaps: list[str]) -> str:
    """Join a chain of fragments: all at once when that makes a word, else pair by pair."""
    whole = left + "".join(parts)
    if should_join_ligature(left, "".join(parts)):
        return whole
    out = left
    for gap, part in zip(gaps, parts, strict=True):
        tail = re.split(r"[^A-Za-z]", out)[-1]
        out = out + part if should_join_ligature(tail, part) else out + gap + part
    return out


def repair_ligatures(text: str, force: bool = False) -> str:
    """Join words split after ligatures; skip text that shows no sign of that damage.

    text (str): text whose words may read "fi rst", "offi  cial", "Th e".
    force (bool): repair even when no strong sign of damage is found.
    RETURNS (str): the text with split words joined.
    """
    if not force and not has_ligature_damage(text):
        return text

    def fix(m: re.Match[str]) -> str:
        rest = m.group("rest")
        gaps = re.findall(r" {1,2}", rest)
        parts = FRAGMENT_SPLIT.split(rest.lstrip(" "))
        return _join_chain(m.group("left"), parts, gaps)

    return LIGATURE_CHAIN.sub(fix, text)


# --- Line-end hyphens ---------------------------------------------------------------------------


def should_join_hyphen(left: str, right: str, counts: Counter[str] | None = None) -> bool:
    """Decide a hyphen at a line end: True joins ``left`` and ``right`` into one word.

    left (str): the word before the hyphen, maybe itself a compound ("co-opera", "post-So").
    right (str): the letters that open the next line ("tion", "viet", "mentioned").
    counts (Counter | None): the document's own word counts; its spelling wins when it has one.
    RETURNS (bool): join (a typesetter's hyphen) or keep the hyphen (a real compound).
    """
    segment = left.rsplit("-", 1)[-1]
    if not segment.isalpha() or not right[:1].islower() or segment[1:] != segment[1:].lower():
        return False  # "EU-", "G8-", "-Russia": names and numbers keep their hyphen
    if counts:
        joined_n = counts.get((left + right).lower(), 0)
        hyphen_n = counts.get(f"{left}-{right}".lower(), 0)
        if joined_n != hyphen_n:
            return joined_n > hyphen_n
    joined = zipf(segment + right)
    compound = zipf(f"{segment}-{right}")
    return compound - joined <= HYPHEN_MARGIN and (joined > 0.0 or compound == 0.0)
