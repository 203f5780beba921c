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
from communique.link.packs import PACKS_DIR

if TYPE_CHECKING:
    from communique.link.linker import Linker

# Capitalised words the packs do not know after an organisation's name, inside one NER name,
# that make the whole a body's name of its own ("ASEAN Regional Forum").
ORG_BODY_WORDS = 2
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
    "alliance league movement commission assembly court police guard republic state states "
    "brotherhood".split()
)
# Last words that make a place-labelled name an organisation's ("Fisheries Council"); "Union",
# "States", "Republic" and the like end states' names too ("Soviet Union"), so they are not here.
GROUPING_WORDS = frozenset(
    "organization organisation council committee commission agency association alliance league "
    "movement fund bank party front foundation institute university company corporation network".split()
)
# A cue word counts this many votes against one NER label in the document's vote on a name's
# type: the label is a guess per mention, a cue ("from Quetta", "Iberdrola spokesman") is what
# the sentence says.
CUE_VOTES = 2
# Words before "to" that make it no place cue ("according to X", "spoke to X").
NOT_MOTION = frozenset("according spoke talked said told wrote sent letter speaking talking".split())
# Cue words are data (packs/name_cues.yaml): which words mark a place, an organisation, a text.
NAME_CUES = PACKS_DIR / "name_cues.yaml"
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
    tags = ner_tags(doc)

    def iob(i: int) -> str:
        return tags[i][0]

    inside_left = iob(span.start) == "I"
    inside_right = span.end < len(doc) and iob(span.end) == "I"
    if not (inside_left or inside_right):
        return False
    if tags[span.start][1] not in ("GPE", "LOC", "ORG", "FAC", "PERSON", "EVENT", "LAW"):
        return False
    neighbours = []
    if inside_left:
        i = span.start - 1
        if doc[i].lower_ in NAME_JOINERS and iob(i) == "I":
            i -= 1
        neighbours.append(("left", i))
    if inside_right:
        i = span.end
        if doc[i].lower_ in NAME_JOINERS and i + 1 < len(doc) and iob(i + 1) == "I":
            i += 1
        neighbours.append(("right", i))
    # Only a country's or place's name is absorbed ("New Jersey", "South China Sea", "Nigeria
    # Center for ...", "Tourism Authority of Thailand"); an organisation, a person or a
    # demonym stays a name of its own ("CSTO Mission", "Swedish Air Force"), and a country
    # before a person's name is a qualifier ("Belarus Aleksandr Lukashenko").
    found = kb.lookup(span.text)
    opens_name = not inside_left or (doc[span.start - 1].lower_ == "the" and iob(span.start - 1) == "B")
    if (
        not found
        and opens_name
        and inside_right
        and tags[span.start][1] == "ORG"
        and kb.country_for(span.text)
    ):
        return _demonym_opens_organisation(kb, doc, span, tags, name_starts)
    if not found:  # a pack person's surname alone: another given name before it is another person,
        # and an organisation's name it opens is that organisation's ("Fox News", "Ford Motor")
        return any(
            (side == "left" or tags[span.start][1] == "ORG" and opens_name)
            and _unknown_capitalised(kb, doc, i, name_starts)
            for side, i in neighbours
        )
    if any(e.type == "organization" for e in found) and inside_right and opens_name:
        # "ASEAN Regional Forum", "White House National Economic Council": an organisation's
        # name opening a longer name of several words the packs do not know names a body of
        # its own; one unknown word ("CSTO Mission") leaves the organisation named, unless the
        # name goes on past "for"/"of" ("U.N. High Commission for Refugees")
        end = span.end
        while end < len(doc) and iob(end) == "I":
            end += 1
        unknown = [i for i in range(span.end, end) if _unknown_capitalised(kb, doc, i, name_starts)]
        joined = any(
            doc[i].lower_ in ("for", "of")
            and doc[i + 1 : end].text[:1].isupper()
            or doc[i].lower_ in ("for", "of")
            and doc[i + 1].lower_ == "the"
            and doc[i + 2 : end].text[:1].isupper()
            for i in range(span.end, end - 1)
        )
        return len(unknown) >= ORG_BODY_WORDS or (joined and len(unknown) >= 1)
    if not any(e.type in ("country", "place") for e in found):  # people and organisations stay whole
        return False
    for side, i in neighbours:
        if not _unknown_capitalised(kb, doc, i, name_starts):
            continue
        if side == "left" or tags[span.start][1] != "PERSON":
            return True
    return False


# Joiners across which the NER sometimes cuts one organisation's name in two ("the U.N. Office"
# + "for" + "the Coordination of Humanitarian Affairs").
NER_CUT_JOINERS = frozenset({"for", "of", "on"})


def ner_names(sdoc: Doc) -> list[Span]:
    """The NER's names, with an organisation's name the NER cut at "for"/"of"/"on" joined again:
    two ORG names one joiner apart, the first ending in an organisation word ("Office",
    "Commission"), the second capitalised ("the U.N. Office for the Coordination of
    Humanitarian Affairs"). Cached on the parse; the parse's own ``ents`` stay as they are."""
    key = "_communique_ner"
    if key not in sdoc.user_data:
        out: list[Span] = []
        for ent in sdoc.ents:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.label_ == ent.label_ == "ORG"
                and ent.start == prev.end + 1
                and sdoc[prev.end].lower_ in NER_CUT_JOINERS
                and prev[-1].lower_ in ORG_WORDS
                and prev[-1].text[:1].isupper()
                and next((t for t in ent if t.lower_ != "the"), ent[0]).text[:1].isupper()
            ):
                out[-1] = Span(sdoc, prev.start, ent.end, label="ORG")
            else:
                out.append(ent)
        sdoc.user_data[key] = out
    return sdoc.user_data[key]


def ner_tags(sdoc: Doc) -> list[tuple[str, str]]:
    """(IOB tag, label) per token, of ``ner_names``."""
    key = "_communique_ner_tags"
    if key not in sdoc.user_data:
        tags = [("O", "")] * len(sdoc)
        for ent in ner_names(sdoc):
            tags[ent.start] = ("B", ent.label_)
            for i in range(ent.start + 1, ent.end):
                tags[i] = ("I", ent.label_)
        sdoc.user_data[key] = tags
    return sdoc.user_data[key]


def _demonym_opens_organisation(
    kb: KnowledgeBase, doc: Doc, span: Span, tags: list[tuple[str, str]], name_starts: frozenset[int]
) -> bool:
    """ "Syrian Democratic Forces", "Kurdish Workers' Party": a demonym opening an organisation's
    name that ends in a group or grouping word, with a word the packs do not know between. A
    state's own forces or offices ("Russian Armed Forces": "armed forces" is one role word) stay
    a role description of that state."""
    end = span.end
    while end < len(doc) and tags[end][0] == "I":
        end += 1
    rest = doc[span.end : end]
    words = [t for t in rest if t.is_alpha]
    key = normalise_name(rest.text)
    if not words or any(k == key or k.startswith(key + " ") for k in kb.role_words):
        return False  # "Russian Security Council (Secretary)": a state's own office
    last = words[-1].lower_
    rw = kb.role_words.get(last)
    closes = last in GROUPING_WORDS or (rw is not None and rw.kind == "group")
    return closes and any(_unknown_capitalised(kb, doc, t.i, name_starts) for t in words[:-1])


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

    - a name whose form decides its kind keeps that kind whatever the label: a digit ("G7",
      "COP29") is no person's or place's name; a "person" ending in an organisation word or a
      country ("Muslim Brotherhood", "BirdLife Spain") is an organisation; a name ending in a
      text's word ("Kazan Declaration") is a text (LAW, type other);
    - a name that is the end of a full person name said in the document ("Lutnick" after or
      before "Howard Lutnick") is that person;
    - otherwise the label most of the name's mentions carry wins, with a title or role word
      right before ("President X", "Mr X") and a speech verb right after counting for a person,
      and the cue words of ``packs/name_cues.yaml`` ("from Quetta", "Iberdrola spokesman") for
      a place or an organisation.
    """
    kb = linker.kb
    cues = name_cues()
    spans = split_glued_heading(sdoc, spans)
    formed = [_by_form(kb, s, cues) for s in spans]
    decided = [f is not s and f.label_ in FORM_LABELS for f, s in zip(formed, spans, strict=True)]
    spans = formed
    persons: set[tuple[str, ...]] = set()
    for s in spans:
        words = tuple(_name_key(kb, s.text).split())
        if s.label_ == "PERSON" and len(words) > 1:
            persons.add(words)
    for start, end in linker.name_matches(sdoc):
        words = tuple(normalise_name(sdoc[start:end].text).split())
        if len(words) > 1 and any(e.type == "person" for e in kb.lookup(sdoc[start:end].text)):
            persons.add(words)
    # a country's or place's name ending a "person" ("BirdLife Spain") does not make it a surname
    suffixes = {
        full[i:]: full
        for full in persons
        for i in range(1, len(full))
        if not any(e.type in ("country", "place") for e in kb.lookup(" ".join(full[i:])))
    }
    votes: dict[str, Counter] = defaultdict(Counter)
    keys = []
    for s, by_form in zip(spans, decided, strict=True):
        key = _name_key(kb, s.text)
        keys.append(key)
        votes[key][s.label_] += 1
        if by_form:
            votes[key][s.label_] += CUE_VOTES  # decided by its form: stays so in every mention
        if _titled(kb, s) or (s.label_ in ("PERSON", "ORG") and speaks(s) and not kb.lookup(s.text)):
            votes[key]["PERSON"] += 1
        elif s.label_ == "GPE" and speaks(s) and not kb.lookup(s.text):
            # "Allah Ditta, told VOA": a place the packs do not know (no capital) does not tell
            votes[key]["PERSON"] += CUE_VOTES if _person_shaped(s) else 1
        cue = _cue(s, cues)
        if cue is not None:
            votes[key][cue] += CUE_VOTES
    for key, label in _list_votes(spans, keys):
        votes[key][label] += CUE_VOTES
    # a full name the vote makes a person ("Allah Ditta, told VOA") gives its surname too
    for key, v in votes.items():
        words = tuple(key.split())
        if len(words) > 1 and words not in persons and len(v) > 1:
            (top, n), *rest = v.most_common()
            if top == "PERSON" and n > rest[0][1]:
                persons.add(words)
                suffixes.setdefault(words[-1:], words)
    # "Lester Holt" labelled ORG but "Holt said": a two- or three-word name of capitalised
    # words with no organisation word, whose last word speaks or carries a title alone.
    person_alone = {k for k, v in votes.items() if " " not in k and v["PERSON"]}
    for s, key in zip(spans, keys, strict=True):
        words = tuple(key.split())
        if s.label_ == "ORG" and _person_shaped(s) and words[-1] in person_alone:
            persons.add(words)
            suffixes[words[-1:]] = words
    out = []
    for s, key, by_form in zip(spans, keys, decided, strict=True):
        words = tuple(key.split())
        label = s.label_
        if by_form:
            pass
        elif words in persons or words in suffixes:
            label = "PERSON"
        elif (
            s.label_ != "PERSON"
            and _titled(kb, s)
            and (_person_shaped(s) or (len(words) == 1 and words[0] not in ORG_WORDS))
        ):
            label = "PERSON"  # "Foreign Minister Murat Nurtleu", "President Modi"
        elif len(votes[key]) > 1:
            (top, n), *rest = votes[key].most_common()
            if n > rest[0][1]:
                label = top
        start = s.start - 1 if label == "PERSON" and _given_name_before(kb, s) else s.start
        out.append(s if (label, start) == (s.label_, s.start) else Span(sdoc, start, s.end, label=label))
    return out


def split_glued_heading(sdoc: Doc, spans: list[Span]) -> list[Span]:
    """A subheading glued to the sentence after it ("Houston and Jim Crow" + "Chao said the ...")
    makes the NER read one person "Jim Crow Chao". Split such a person span in two when its last
    word is the surname of someone else the document names ("Anne Chao", or "Chao" alone) and
    the words before it are a name the document uses on their own as a term, before a common
    noun ("Jim Crow laws"): given names are not used that way, so "Mary Ann Smith" stays whole.
    """
    persons = [s for s in spans if s.label_ == "PERSON"]
    if not persons:
        return spans
    words_of = {s.start: [t for t in s if t.is_alpha] for s in persons}
    given_by_surname: dict[str, set[str]] = {}  # surname -> the given names it follows ("" alone)
    for p in persons:
        given_by_surname.setdefault(normalise_name(p[-1].text), set()).add(normalise_name(p[:-1].text))
    out = []
    for s in spans:
        words = words_of.get(s.start) if s.label_ == "PERSON" else None
        if not words or len(words) < 3 or words[-1].i != s.end - 1:
            out.append(s)
            continue
        head, last = s[: s.end - 1 - s.start], words[-1]
        surname = normalise_name(last.text)
        given = normalise_name(head.text)
        elsewhere = bool(given_by_surname.get(surname, set()) - {given})
        if elsewhere and _used_as_term(sdoc, head, last):
            out += [
                Span(sdoc, head.start, head.end, label=s.label_),
                Span(sdoc, last.i, s.end, label="PERSON"),
            ]
        else:
            out.append(s)
    return out


def _used_as_term(sdoc: Doc, head: Span, last) -> bool:  # noqa: ANN001
    """``head``'s words elsewhere in the document, before a common noun rather than ``last``."""
    texts = [t.text for t in head]
    n = len(texts)
    key = "_communique_positions"  # token text -> its positions, built once per document
    if key not in sdoc.user_data:
        positions: dict[str, list[int]] = {}
        for tok in sdoc:
            positions.setdefault(tok.text, []).append(tok.i)
        sdoc.user_data[key] = positions
    for i in sdoc.user_data[key].get(texts[0], ()):
        if i == head.start or i + n >= len(sdoc):
            continue
        if [t.text for t in sdoc[i : i + n]] != texts:
            continue
        nxt = sdoc[i + n]
        if nxt.text != last.text and nxt.is_lower and nxt.is_alpha and nxt.pos_ == "NOUN":
            return True
    return False


# A capitalised word before a person's name joins it as a given name only when it is no
# everyday word (wordfreq zipf: "Hector" 3.6, "Allah" 3.9; "Justice" 5.0).
GIVEN_NAME_ZIPF = 4.0


def _given_name_before(kb: KnowledgeBase, span: Span) -> bool:
    """A first given name the NER left out ("Hector" of "Hector Paul Joseph", "Allah" of "Allah
    Ditta"): one capitalised proper noun right before a person's name, outside any name, after
    punctuation or a lower-case word, that the packs and role words do not know."""
    from communique.text import zipf as _zipf

    doc, i = span.doc, span.start - 1
    if i < 1:
        return False
    tok, prev = doc[i], doc[i - 1]
    return (
        tok.pos_ == "PROPN"
        and tok.ent_iob_ == "O"
        and tok.is_alpha
        and tok.is_title
        and not tok.is_sent_start
        and (prev.is_punct or prev.is_lower)
        and not prev.is_space
        and prev.lower_ != "of"  # "Minister of Justice Naser Eldin Abdel Bari"
        and _zipf(tok.lower_) < GIVEN_NAME_ZIPF
        and normalise_name(tok.text) not in kb.role_words
        and not kb.lookup(tok.text)
    )


# A list of names ("Bayelsa, Cross River, Ogun and Lagos states") names one kind of thing; with
# at least this many names in it, the label most of them carry counts for the others.
LIST_MIN = 3
LIST_JOINERS = frozenset({",", "and", "or", "&"})


def _list_votes(spans: list[Span], keys: list[str]) -> list[tuple[str, str]]:
    """(name, label) votes from lists of names joined by commas and "and"/"or" in one sentence."""
    out = []
    group: list[int] = []

    def close() -> None:
        if len(group) >= LIST_MIN:
            (top, n), *rest = Counter(spans[j].label_ for j in group).most_common()
            if n * 2 > len(group) and not (rest and rest[0][1] == n):
                out.extend((keys[j], top) for j in group if spans[j].label_ != top)

    for j, s in enumerate(spans):
        if group:
            prev = spans[group[-1]]
            between = s.doc[prev.end : s.start]
            if (
                s.start > prev.end
                and len(between) <= 2
                and all(t.lower_ in LIST_JOINERS and not t.is_sent_start for t in between)
                and not s[0].is_sent_start  # one sentence (Span.sent would walk the whole sentence)
            ):
                group.append(j)
                continue
            close()
        group = [j]
    close()
    return out


# Labels set by a name's form (``_by_form``): the vote keeps them.
FORM_LABELS = ("LAW", "EVENT")


def _by_form(kb: KnowledgeBase, span: Span, cues: dict[str, frozenset[str]]) -> Span:
    """The span relabelled when its own words decide its kind (see ``relabel_by_document``)."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if not words or kb.lookup(span.text):
        return span
    label = span.label_
    if len(words) > 1 and words[0].lower_ in cues["event_before"]:
        # "Cyclones Chido": the storm's name is the rest, an event
        return Span(span.doc, words[1].i, span.end, label="EVENT")
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in cues["event_before"] and before.ent_iob_ == "O":
        return Span(
            span.doc, span.start, span.end, label="EVENT"
        )  # "Cyclone Freddy" with "Freddy" alone tagged
    if _acronym_before(kb, span):
        # "IS Sahel": an acronym in capitals opening a name in a sentence set in lower case
        # names an organisation ("IS" is no verb here: a verb would be written "is")
        return Span(span.doc, span.start - 1, span.end, label="ORG")
    if is_text_name(span) or normalise_name(span.text) in cues.get("person_shaped_terms", ()):
        label = "LAW"  # a text's name, or a system of laws shaped like a person's name ("Jim Crow")
    elif label in ("FAC", "GPE", "LOC", "PERSON") and len(words) > 1 and _opens_with_organisation(kb, span):
        label = "ORG"  # "the ASEAN Regional Forum": a body of the organisation its name opens with
    elif label in ("GPE", "LOC") and len(words) > 1 and words[-1].lower_ in GROUPING_WORDS:
        label = "ORG"  # "the Asia-Pacific Fisheries Union": a place is not named after a grouping
    elif label in ("PERSON", "GPE", "LOC") and any(ch.isdigit() for ch in span.text):
        label = "ORG"  # "G7", "G20", "P5": no person or place is named with a digit
    elif label == "PERSON" and (
        any(t.lower_ in ORG_WORDS for t in words)
        or (len(words) > 1 and any(e.type == "country" for e in kb.lookup(words[-1].text)))
    ):
        label = "ORG"
    return span if label == span.label_ else Span(span.doc, span.start, span.end, label=label)


def _acronym_before(kb: KnowledgeBase, span: Span) -> bool:
    doc, i = span.doc, span.start - 1
    if i < 1 or span.label_ not in ("PERSON", "GPE", "LOC", "ORG") or not span[0].is_title:
        return False
    if span.label_ == "PERSON" and len(span) > 1:
        return False  # "CEO Giles Dickson", "DP Rigathi Gachagua": a title before a full name
    tok = doc[i]
    return (
        tok.is_alpha
        and tok.is_upper
        and 2 <= len(tok) <= 5
        and tok.ent_iob_ == "O"
        and not tok.is_sent_start
        and not doc[i - 1].is_upper  # not a headline set in capitals
        and not kb.lookup(tok.text)
        and normalise_name(tok.text) not in kb.role_words
    )


def _opens_with_organisation(kb: KnowledgeBase, span: Span) -> bool:
    return any(
        any(e.type == "organization" for e in kb.lookup(span[:n].text)) for n in range(1, min(4, len(span)))
    )


def is_text_name(span: Span) -> bool:
    """A declaration's, treaty's or agreement's name: several words, the last one of
    ``document_words`` ("Kazan Declaration", "the Minsk Agreements")."""
    words = [t for t in span if t.is_alpha]
    return len(words) > 1 and words[-1].lower_ in name_cues()["document_words"]


def _cue(span: Span, cues: dict[str, frozenset[str]]) -> str | None:
    """ "GPE" or "ORG" when a cue word next to the name says so (packs/name_cues.yaml)."""
    doc = span.doc
    if span.label_ not in ("ORG", "GPE", "LOC", "FAC", "PERSON") or _inside_longer_name(span):
        return None
    i = span.start - 1
    while i >= 0 and doc[i].text == ",":  # "the provincial capital, Quetta"
        i -= 1
    the = i >= 0 and doc[i].lower_ == "the"
    if the:  # "from the Western Balkans"
        i -= 1
    before = doc[i].lower_ if i >= 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in cues["place_after"] and _place_shaped(span):  # "Lachin city", "the Qingdao summit"
        return "GPE"
    if span.label_ == "PERSON":  # a person's label yields only to what the name's own phrase says
        return None
    if before in cues["org_before"] or after in cues["org_after"]:
        return "ORG"
    if before == "of" and i > 0 and doc[i - 1].lower_ in cues["place_of"] and not the:
        return "GPE" if _place_shaped(span) else None  # "the city of Lachin"
    if before in cues["place_before"] and _place_shaped(span):
        # "from Quetta", "in Quetta", but not "according to X" or "spoke to X"
        if before == "to" and i > 0 and doc[i - 1].lower_ in NOT_MOTION:
            return None
        return "GPE"
    return None


def _inside_longer_name(span: Span) -> bool:
    """A piece of a longer NER name ("Baloch Liberation" of "Baloch Liberation Army"): the cue
    next to it speaks of the whole name."""
    doc = span.doc
    left = span[0].ent_iob_ == "I" and not (
        span.start > 0 and doc[span.start - 1].lower_ == "the" and doc[span.start - 1].ent_iob_ == "B"
    )  # the NER's "the Western Balkans" is the name "Western Balkans"
    return left or (span.end < len(doc) and doc[span.end].ent_iob_ == "I" and not doc[span.end].is_punct)


def _place_shaped(span: Span) -> bool:
    """A name a place cue may retype: not an acronym, no organisation word, not made only of
    everyday words ("in Congress", "in the Senate" name institutions)."""
    from communique.text import zipf as _zipf

    words = [t for t in span if t.is_alpha]
    return (
        bool(words)
        and not span.text.isupper()
        and not any(t.lower_ in ORG_WORDS for t in words)
        and any(_zipf(t.lower_) < PLACE_CUE_ZIPF for t in words)
    )


# Zipf frequency (wordfreq) under which a word is no everyday English word ("Quetta", not "Senate").
PLACE_CUE_ZIPF = 4.0


@lru_cache(maxsize=1)
def name_cues() -> dict[str, frozenset[str]]:
    from communique.lexicon import read_lexicon

    data = read_lexicon(NAME_CUES)  # a broken file: E102 with its line
    return {k: frozenset(w.lower() for w in v) for k, v in data.items() if isinstance(v, list)}


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
