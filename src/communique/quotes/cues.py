"""Reporting cues and name markers, loaded from ``lexicons/quote_cues.yaml``.

The lexicon lists every surface form of a cue, so matching is a lookup on
lowercased tokens and does not depend on the lemmatizer (the small English
model lemmatizes British spellings such as "emphasises" unreliably).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from communique.lexicon import LEXICONS, read_lexicon

LEXICON = LEXICONS / "quote_cues.yaml"


@dataclass(frozen=True)
class Cue:
    """One reporting cue: its name, how its speaker is found, and the words of the form matched."""

    cue: str
    kind: str  # verb | state | source
    words: tuple[str, ...]


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a parsed document: token offsets [start, end) and the cue."""

    start: int
    end: int
    cue: Cue

    def text(self, sdoc) -> str:  # noqa: ANN001  (spacy Doc)
        return sdoc[self.start : self.end].text


class CueLexicon:
    """Cue forms indexed by their first word, and the words that mark a quoted name."""

    def __init__(self, data: dict):
        self.by_first: dict[str, list[Cue]] = {}
        for entry in data.get("cues", []):
            for form in entry["forms"]:
                words = tuple(form.lower().split())
                cue = Cue(entry["cue"], entry.get("kind", "verb"), words)
                self.by_first.setdefault(words[0], []).append(cue)
        for cues in self.by_first.values():
            cues.sort(key=lambda c: -len(c.words))  # longest form first: "pointed out" before "pointed"
        self.name_markers = tuple(tuple(m.lower().split()) for m in data.get("name_markers", []))
        self.group_nouns = frozenset(w.lower() for w in data.get("group_nouns", []))
        self.document_nouns = frozenset(w.lower() for w in data.get("document_nouns", []))
        self.abbreviations = frozenset(a.lower() for a in data.get("abbreviations", []))
        given = data.get("given_names", {}) or {}
        self.given_names = {n.lower(): "m" for n in given.get("male", [])} | {
            n.lower(): "f" for n in given.get("female", [])
        }
        # The first word of every speech-verb form ("said", "told", "pointed"): what makes a cue a speech cue.
        self.speech_words = frozenset(
            c.words[0] for cues in self.by_first.values() for c in cues if c.kind == "verb"
        )

    def match_at(self, sdoc, i: int) -> CueMatch | None:  # noqa: ANN001
        """The longest cue form starting at token ``i``, if any."""
        for cue in self.by_first.get(sdoc[i].lower_, ()):
            n = len(cue.words)
            if i + n <= len(sdoc) and all(sdoc[i + k].lower_ == w for k, w in enumerate(cue.words)):
                return CueMatch(i, i + n, cue)
        return None

    def find(self, sdoc, start: int, end: int, strict_from: int = 0) -> list[CueMatch]:  # noqa: ANN001
        """Cues whose first token lies in token range [start, end), in text order.

        Tokens before ``strict_from`` need not be tagged as verbs: right after a closing
        mark, "notes the leader" is an inverted attribution the tagger often reads as a noun.
        """
        found = []
        i = max(0, start)
        while i < min(end, len(sdoc)):
            m = self.match_at(sdoc, i)
            if m is not None and (i < strict_from or _plausible(sdoc, m)):
                found.append(m)
                i = m.end
            else:
                i += 1
        return found

    def is_group(self, noun: str) -> bool:
        """ "ministry", "campaign": a body that speaks as one."""
        return noun.lower() in self.group_nouns

    def is_document(self, noun: str) -> bool:
        """ "statement", "report": a text, not a speaker."""
        return noun.lower() in self.document_nouns

    def is_abbreviation(self, word: str) -> bool:
        """ "Ms", "Sen", "U.S" or a single initial: a full stop after it does not end the sentence."""
        return len(word) == 1 or word.lower() in self.abbreviations or "." in word

    def name_gender(self, name: str) -> str | None:
        """ "m" or "f" from the given name of a full name ("Hillary Clinton" -> "f"); None for a
        lone word, which may be a surname, and for names the lexicon does not list."""
        words = [w for w in name.replace("\u00a0", " ").split() if not self.is_abbreviation(w.rstrip("."))]
        if len(words) < 2:
            return None
        return self.given_names.get(words[0].lower())

    def marks_name(self, words_before: list[str]) -> bool:
        """True when the words right before a quoted span end with a name marker ("operation", "known as")."""
        low = [w.lower() for w in words_before]
        return any(len(m) <= len(low) and tuple(low[-len(m) :]) == m for m in self.name_markers)


def _plausible(sdoc, m: CueMatch) -> bool:  # noqa: ANN001
    """Reject nouns that share a cue's spelling ("the notes", "his remarks", "thanks to")."""
    tok = sdoc[m.start]
    if m.cue.kind != "verb":
        return True
    if tok.lower_ == "thanks" and m.start + 1 < len(sdoc) and sdoc[m.start + 1].lower_ == "to":
        return False
    return tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBD", "VBZ", "VBN", "VBG", "VBP", "VB")


@lru_cache(maxsize=1)
def load_cues(path: Path = LEXICON) -> CueLexicon:
    """The cue lexicon, read once per process."""
    return CueLexicon(read_lexicon(path))
