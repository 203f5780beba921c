"""The one place text is folded for comparison and split into sentences without a parse.

Where a spaCy parse exists its sentences (``doc.sents``) are the sentences; ``split_sentences``
is for text that has none (generated benchmark copy, plain strings). Folding comes in the two
strengths the stages need, built from one ``strip_accents``:

- ``fold_words``: accents, case and punctuation gone, one space between words; names typed by
  a person meet the stored ones ("Lukashénka-2" -> "lukashenka 2");
- ``normalise_text``: case and compatibility forms folded, apostrophes and hyphens dropped,
  accents kept; what duplicate detection hashes, so it must not change between releases
  (stored fingerprints were made with it).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophes vanish ("Belarus'" and "don't" keep one token); hyphens join
# ("co-operation" and "cooperation" are one word in British and American copy).
_JOINERS = re.compile(r"[\u0027\u2018\u2019\u02bc\u00ad\-\u2010\u2011]")
_WORD = re.compile(r"\w+")
# End punctuation, maybe a closing quote, space, then a capital or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])")


def strip_accents(text: str) -> str:
    """Compatibility-decomposed text without its combining marks: 'Tokaïev' -> 'Tokaiev'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_words(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: 'Lukashénka-2' -> 'lukashenka 2'."""
    return " ".join(_WORD.findall(strip_accents(text).casefold()))


def normalise_text(text: str) -> str:
    """Fold case, compatibility forms, quotes and hyphens; one space between words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(_JOINERS.sub("", text)))


def split_sentences(text: str) -> list[str]:
    """Sentences of text without a parse: at end punctuation followed by a capital (good enough
    for news copy; a parsed document's ``doc.sents`` is better)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


@lru_cache(maxsize=65536)  # the same words are asked about again and again across a corpus
def zipf(word: str) -> float:
    """How common an English word is on wordfreq's Zipf scale (0 unknown, 7 'the')."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
