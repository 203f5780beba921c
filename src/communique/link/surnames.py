"""When a bare word is a pack person's surname, decided by the document.

The linker knows a surname for every pack person whose last name no other pack person
carries ("Tokayev"). Many surnames are given names too (Howard, Ahmed, Abbas, Marcos), and
read blindly they take other people's names apart: "Howard Lutnick" would lose "Howard" to
John Howard, "Abbas" of "Abbas Araghchi" go to Mahmoud Abbas. So a word the packs know only
as a surname names that person only when the document does not speak against it:

- it never opens a person's name ("Howard Lutnick", "Ahmed Shide": a given name before
  another surname);
- where the person is named in full in the document, or someone the document names in full
  carries the word last ("Ali Ahmed"), it is a partial name and resolves to that person
  (``LinkedDocument.partial_name``);
- else it must not be used as a given name elsewhere in the document ("Abbas Araghchi ...
  Abbas"); a common given name needs a title or an office word right before it ("Prime
  Minister Howard"); and the person must have held an office near the document's date
  (out of those years the NER's label decides, see ``reads_as_surname``).

A word refused here is left to the NER and the document's own names.

Why hand-written: this weighs one document's use of a word against the packs, which no
per-span statistical label sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from communique.link.evidence import GIVEN_NAME_ZIPF, _is_known_word, _titled, name_cues, ner_names, ner_tags
from communique.link.kb import KnowledgeBase, normalise_name
from communique.text import zipf

if TYPE_CHECKING:
    from communique.link.linker import Linker


@dataclass(frozen=True)
class NameUse:
    """How one document uses person names: who it names in full, which words open a person's
    name (given names) and which close one (surnames)."""

    named_in_full: frozenset[str]  # pack person ids
    given: frozenset[str]  # normalised first words of full person names
    last: frozenset[str]  # normalised last words of full person names


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names: the gender list of lexicons/quote_cues.yaml and packs/name_cues.yaml's own."""
    from communique.quotes.cues import load_cues

    return frozenset(load_cues().given_names) | name_cues().get("given_names", frozenset())


def name_suffixes() -> frozenset[str]:
    return name_cues().get("name_suffixes", frozenset())


def surname_words(name: str) -> list[str]:
    """A person's name split into words, without a closing "Jr."/"Sr."/"III" (the surname is
    then the last word left)."""
    words = name.split()
    while len(words) > 2 and normalise_name(words[-1]) in name_suffixes():
        words = words[:-1]
    return words


def name_use(linker: Linker, sdoc: Doc) -> NameUse:
    """The document's ``NameUse``, from the NER's person names and the packs' full names; cached
    on the parse."""
    key = "_communique_name_use"
    if key in sdoc.user_data:
        return sdoc.user_data[key]
    kb = linker.kb
    full: set[str] = set()
    given: set[str] = set()
    last: set[str] = set()
    names = [sdoc[s:e] for s, e in linker.name_matches(sdoc) if e - s > 1]  # a full name: 2 words or more
    for span in names:
        persons = [e for e in kb.lookup(span.text) if e.type == "person"]
        words = _name_words(span)
        if persons and len(words) > 1:
            full.update(e.id for e in persons)
            given.add(normalise_name(words[0].text))
    for ent in ner_names(sdoc):
        words = _name_words(ent)
        if ent.label_ == "PERSON" and len(words) > 1:
            if opens_person_name(kb, sdoc[words[0].i : words[0].i + 1]):  # not a glued "Moise Shortly"
                given.add(normalise_name(words[0].text))
            last.add(normalise_name(surname_words(" ".join(t.text for t in words))[-1]))
    use = NameUse(frozenset(full), frozenset(given), frozenset(last))
    sdoc.user_data[key] = use
    return use


def _name_words(span: Span) -> list:
    """The capitalised words of a name, without role words and titles before it ("President")."""
    return [t for t in span if t.is_alpha and t.text[:1].isupper()]


def reads_as_surname(linker: Linker, span: Span, on: str | None) -> bool:
    """Whether ``span``, a word the packs know only as a pack person's surname, names that
    person in this document (see the module's docstring)."""
    kb = linker.kb
    key = normalise_name(span.text)
    pid = linker.surnames.get(key)
    if pid is None:
        return False
    if opens_person_name(kb, span):
        return False
    use = name_use(linker, span.doc)
    if pid in use.named_in_full or key in use.last:
        return True
    if key in use.given:
        return False
    if key in given_names() and not _titled(kb, span):
        return False
    if linker._surname_at(span.text, on) is not None:
        return True
    # out of the person's office years: a word the NER calls a person stays unlinked (a pack
    # person's surname, "Obama" in 2021, makes no new person of that name); another label
    # decides for itself ("told Fox" read as an organisation)
    return ner_tags(span.doc)[span.start][1] == "PERSON"


def opens_person_name(kb: KnowledgeBase, span: Span) -> bool:
    """The word is followed by another name word of one person's name ("Howard Lutnick",
    "Ahmed Shide"): the NER's person name runs on past it, or a capitalised proper noun the
    packs do not know follows on the same line. An everyday word (wordfreq zipf of
    GIVEN_NAME_ZIPF or more) after a title or in a headline is no name (see below)."""
    doc, i = span.doc, span.end
    if i >= len(doc) or span[-1].whitespace_ == "" or "\n" in span[-1].whitespace_:
        return False
    nxt = doc[i]
    if not (nxt.is_alpha and nxt.text[:1].isupper() and not nxt.is_upper):
        return False
    tags = ner_tags(doc)
    name_word = tags[i] == ("I", "PERSON") or (
        nxt.pos_ == "PROPN" and tags[i][1] in ("", "PERSON") and not _is_known_word(kb, nxt.text)
    )
    # an everyday word after a titled surname ("President Moise" + "Shortly before ...": a
    # subheading glued to the next sentence) or in a headline set in capitals ("Putin,
    # Lukashenko Hold Supreme State Council Meeting") is no second name
    return name_word and not (_everyday(nxt.lower_) and (_titled(kb, span) or _capitalised(doc, i + 1)))


@lru_cache(maxsize=65536)  # the same few words recur on every page; wordfreq's lookup is not free
def _everyday(word: str) -> bool:
    return zipf(word) >= GIVEN_NAME_ZIPF


def _capitalised(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].is_alpha and doc[i].text[:1].isupper()


def last_word(span: Span) -> Span:
    """The name's last word, a possessive ending left out; a hyphenated word is one word
    ("Thomas-Greenfield")."""
    doc, end = span.doc, span.end
    while end > span.start + 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    start = end - 1
    while start > span.start and not doc[start - 1].whitespace_:
        start -= 1
    return doc[start:end]
