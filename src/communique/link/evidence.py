"""Evidence the linker weighs besides the NER label: the document's own agreement on a
name's type, datelines and news-agency tags, pack names inside longer names.

Why hand-written rules: these are decisions about one document as a whole ("Lutnick"
after "Howard Lutnick" is the same person; "MINSK, 2 Dec (BelTA) –" names a place and
a source, not two organisations) that a per-span statistical label cannot make.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from communique.link.kb import KnowledgeBase, normalise_name, strip_titles

if TYPE_CHECKING:
    from communique.link.linker import Linker

# Words that may join two parts of one longer name ("Tourism Authority of Thailand").
NAME_JOINERS = frozenset({"of", "for", "de", "du", "al", "el"})
# Verbs after a name that make it a speaker (a person unless the packs say otherwise).
SPEECH_VERBS = frozenset({"said", "says", "told", "added", "noted", "stressed", "stated", "warned", "asked"})
# Words that make a name an organisation's, never a person's (a person-shaped ORG label
# with none of them may be a person: "Lester Holt").
ORG_WORDS = frozenset(
    "news agency party council ministry group bank university institute committee organization "
    "organisation union front army forces service office department authority company times post "
    "research association foundation center centre network media press corporation fund trust "
    "alliance league movement commission assembly court police guard republic state states".split()
)
# Characters that set a source tag apart from the text ("MINSK (BelTA) –", "KAZINFORM –").
TAG_MARKS = set("()[]|–—-:/")
# A dateline at the start of a line: an upper-case place, then a comma, dot, dash or bracket.
DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'’.\- ]{2,40}[A-Z.])(?=\s*[,.(–—-])")


def _is_known_word(kb: KnowledgeBase, text: str) -> bool:
    key = normalise_name(text)
    return bool(key in kb.role_words or kb.by_alias.get(key) or kb.by_demonym.get(key))


def inner_pack_name(kb: KnowledgeBase, span: Span, name_starts: frozenset[int] = frozenset()) -> bool:
    """A country or place name that is only part of a longer name the NER found ("Jersey" in
    "New Jersey", "China" in "South China Sea", "Thailand" in "Tourism Authority of Thailand").

    True when, inside the same NER span, a capitalised word the packs do not know touches the
    pack name (directly or across "of"/"for"); role words, demonyms and other pack names do not
    count, so "Belarus President Aleksandr Lukashenko" still splits into its names.
    """
    doc = span.doc
    inside_left = span[0].ent_iob_ == "I"
    inside_right = span.end < len(doc) and doc[span.end].ent_iob_ == "I"
    if not (inside_left or inside_right):
        return False
    if span[0].ent_type_ not in ("GPE", "LOC", "ORG", "FAC", "PERSON", "EVENT"):
        return False
    neighbours = []
    if inside_left:
        i = span.start - 1
        if doc[i].lower_ in NAME_JOINERS and doc[i].ent_iob_ == "I":
            i -= 1
        neighbours.append(("left", i))
    if inside_right:
        i = span.end
        if doc[i].lower_ in NAME_JOINERS and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
            i += 1
        neighbours.append(("right", i))
    # Only a country's or place's name is absorbed ("New Jersey", "South China Sea", "Nigeria
    # Center for ...", "Tourism Authority of Thailand"); an organisation, a person or a
    # demonym stays a name of its own ("CSTO Mission", "Swedish Air Force"), and a country
    # before a person's name is a qualifier ("Belarus Aleksandr Lukashenko").
    found = kb.lookup(span.text)
    if not found:  # a pack person's surname alone: another given name before it is another person
        return any(side == "left" and _unknown_capitalised(kb, doc, i, name_starts) for side, i in neighbours)
    if not any(e.type in ("country", "place") for e in found):  # people and organisations stay whole
        return False
    for side, i in neighbours:
        if not _unknown_capitalised(kb, doc, i, name_starts):
            continue
        if side == "left" or span[0].ent_type_ != "PERSON":
            return True
    return False


def _unknown_capitalised(kb: KnowledgeBase, doc: Doc, i: int, name_starts: frozenset[int]) -> bool:
    if not 0 <= i < len(doc):
        return False
    tok = doc[i]
    return (
        tok.is_alpha and tok.text[0].isupper() and not _is_known_word(kb, tok.text) and i not in name_starts
    )


@dataclass
class Dateline:
    """Token ranges of datelines and of news-agency tags near them."""

    places: list[tuple[int, int]] = field(default_factory=list)
    tags: list[tuple[int, int]] = field(default_factory=list)

    def is_source_tag(self, span: Span) -> bool:
        return any(s <= span.start and span.end <= e for s, e in self.tags)

    def as_place(self, span: Span) -> Span:
        """A name inside a dateline's place, labelled a place ("PETERSBURG" tagged ORG)."""
        if (
            span.label_
            and span.label_ != "GPE"
            and any(s <= span.start and span.end <= e for s, e in self.places)
        ):
            return Span(span.doc, span.start, span.end, label="GPE")
        return span


def find_dateline(linker: Linker, sdoc: Doc) -> Dateline:
    """Datelines ("MINSK, Dec 2 (BelTA) -") and agency tags ("(Xinhua)", "KAZINFORM –").

    An agency name is a source tag, not an organisation the text speaks of, when brackets or a
    dash set it apart, or when it stands in a dateline; "told Sputnik" stays a mention.
    """
    kb = linker.kb
    out = Dateline()
    agencies = kb.news_agencies
    text = doc_text(sdoc)
    datelines = list(DATELINE.finditer(text))
    line_starts = {m.start(1) for m in datelines}
    for m in datelines:  # "ST. PETERSBURG, June 2 -": a place, whatever the NER calls it
        place = sdoc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if place is not None and m.start(1) < 400 and not any(c.islower() for c in m.group(1)):
            out.places.append((place.start, place.end))
    for ent in _agency_tokens(sdoc, agencies) if agencies else []:
        before = text[max(0, ent.start_char - 3) : ent.start_char]
        after = text[ent.end_char : ent.end_char + 3]
        marked = any(c in TAG_MARKS for c in before.strip()[-1:] + after.strip()[:1])
        line_start = text.rfind("\n", 0, ent.start_char) + 1
        in_dateline = any(line_start <= s <= ent.start_char for s in line_starts) and (
            ent.start_char - line_start < 60
        )
        if marked or in_dateline:
            out.tags.append((ent.start, ent.end))
    return out


def doc_text(sdoc: Doc) -> str:
    """The parse's text, built once (spaCy joins its tokens on every ``Doc.text``)."""
    key = "_communique_text"
    if key not in sdoc.user_data:
        sdoc.user_data[key] = sdoc.text
    return sdoc.user_data[key]


def _agency_tokens(sdoc: Doc, agencies: set[str]) -> list[Span]:
    """Agency names in the text ("BelTA", "KAZINFORM", "Anadolu Agency"), found by one regex."""
    rx = _agency_regex(frozenset(agencies))
    out = []
    for m in rx.finditer(doc_text(sdoc)):
        span = sdoc.char_span(m.start(), m.end())
        if span is not None and m.group()[0].isupper() and normalise_name(m.group()) in agencies:
            out.append(span)
    return out


@lru_cache(maxsize=4)
def _agency_regex(names: frozenset[str]) -> re.Pattern:
    # names are stored folded ("itar tass", "24 kg"): any run of spaces, dots or hyphens may join their words
    alternation = "|".join(
        r"[\s.\-]+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


def relabel_by_document(linker: Linker, sdoc: Doc, spans: list[Span]) -> list[Span]:
    """One type per name within a document, decided by the document's evidence.

    - a name that is the end of a full person name said in the document ("Lutnick" after or
      before "Howard Lutnick") is that person;
    - otherwise the label most of the name's mentions carry wins, with a title or role word
      right before ("President X", "Mr X") and a speech verb right after counting for a person.
    """
    kb = linker.kb
    persons: set[tuple[str, ...]] = set()
    for s in spans:
        words = tuple(_name_key(kb, s.text).split())
        if s.label_ == "PERSON" and len(words) > 1:
            persons.add(words)
    for start, end in linker.name_matches(sdoc):
        words = tuple(normalise_name(sdoc[start:end].text).split())
        if len(words) > 1 and any(e.type == "person" for e in kb.lookup(sdoc[start:end].text)):
            persons.add(words)
    suffixes = {full[i:]: full for full in persons for i in range(1, len(full))}
    votes: dict[str, Counter] = defaultdict(Counter)
    keys = []
    for s in spans:
        key = _name_key(kb, s.text)
        keys.append(key)
        votes[key][s.label_] += 1
        if _titled(kb, s) or (s.label_ in ("PERSON", "ORG") and speaks(s) and not kb.lookup(s.text)):
            votes[key]["PERSON"] += 1
    # "Lester Holt" labelled ORG but "Holt said": a two- or three-word name of capitalised
    # words with no organisation word, whose last word speaks or carries a title alone.
    person_alone = {k for k, v in votes.items() if " " not in k and v["PERSON"]}
    for s, key in zip(spans, keys, strict=True):
        words = tuple(key.split())
        if s.label_ == "ORG" and _person_shaped(s) and words[-1] in person_alone:
            persons.add(words)
            suffixes[words[-1:]] = words
    out = []
    for s, key in zip(spans, keys, strict=True):
        words = tuple(key.split())
        label = s.label_
        if words in persons or words in suffixes:
            label = "PERSON"
        elif s.label_ != "PERSON" and _titled(kb, s) and (_person_shaped(s) or len(words) == 1):
            label = "PERSON"  # "Foreign Minister Murat Nurtleu", "President Modi"
        elif len(votes[key]) > 1:
            (top, n), *rest = votes[key].most_common()
            if n > rest[0][1]:
                label = top
        out.append(s if label == s.label_ else Span(sdoc, s.start, s.end, label=label))
    return out


def _person_shaped(span: Span) -> bool:
    words = [t for t in span if not t.is_punct]
    return 2 <= len(words) <= 3 and all(
        t.is_alpha and t.text[0].isupper() and not t.is_upper and t.lower_ not in ORG_WORDS for t in words
    )


def _name_key(kb: KnowledgeBase, text: str) -> str:
    return normalise_name(strip_titles(kb, text))


def _titled(kb: KnowledgeBase, span: Span) -> bool:
    """A title or an office word right before the name ("President Modi", "Mr. Sharif")."""
    doc = span.doc
    for n in (1, 2, 3):
        if span.start - n < 0:
            break
        words = normalise_name(doc[span.start - n : span.start].text)
        rw = kb.role_words.get(words)
        if rw is not None and rw.kind in ("office", "title") and rw.key != "chair":
            return True
    return False


def speaks(span: Span) -> bool:
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].is_punct and doc[i].text in ",’'s":
        i += 1
    return i < len(doc) and doc[i].lower_ in SPEECH_VERBS
