"""Entity linking at the document's date.

``Linker.link_document`` runs in numbered steps:
1. find candidate spans: pack names the phrase matcher finds, role descriptions
   ("the Russian President") and the statistical NER's spans;
2. correct the NER with the knowledge base (split spans that hold several known
   names, drop common words tagged as names);
3. resolve each remaining name: exact alias, partial name of someone already
   named in the document, unique surname, fuzzy match, else a provisional entity;
4. resolve role descriptions to whoever held the office on the reference date;
5. find organisation facts in the text (``communique.link.facts``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from communique.link.document import LinkedDocument
from communique.link.evidence import (
    ORG_WORDS,
    doc_text,
    find_dateline,
    inner_pack_name,
    is_text_name,
    ner_names,
    relabel_by_document,
    speaks,
)
from communique.link.homonyms import choose_reading
from communique.link.kb import KBEntity, KnowledgeBase, current_kb, normalise_name, slug, strip_titles
from communique.link.roles import MAX_QUALIFIER_WORDS, parse_role_description, resolve_office
from communique.link.settings import SETTINGS
from communique.link.surnames import last_word, reads_as_surname, surname_words
from communique.link.textroles import (
    QUALIFIER_WORDS,
    TextRole,
    holder_in_text,
    learn_roles,
    role_facts,
    stated_holder,
    text_role,
)
from communique.model import Document, Entity
from communique.nlp import ent_at
from communique.text import zipf as _zipf

# A bare surname links to a pack person only within this many years of one of their offices.
SURNAME_YEARS = 1
# Fuzzy matching (rapidfuzz fuzz.ratio on normalised names, 0-100). Calibrated on
# transliterations ("Aleksandr Lukashenka" ~ "Alexander Lukashenko" = 85) against
# near misses ("Alexander Lukashevich" = 83, a different man); the surname must
# also agree, so "Vladimir Pupkin" (89 overall) is not Putin. Re-run
# tests/test_link_fuzzy.py after changing either number.
FUZZY_THRESHOLD = 85
FUZZY_SURNAME_THRESHOLD = 80
# Organisation names vary less than transliterated person names; demand more.
FUZZY_ORG_THRESHOLD = 92

# Common words: a pack name that is also an everyday word ("Search", "Channel")
# only links where the text marks it as a name (quotes or a cue word in the
# sentence); a single-word NER span that is an everyday word and no pack name
# ("Participating") is dropped. Zipf frequency from wordfreq (3 = once per
# million words).
COMMON_WORD_ZIPF = 3.0
NER_COMMON_WORD_ZIPF = 3.5
# Words in capitals (``_is_caps_words``), zipf thresholds from wordfreq: every word of a
# several-word span in capitals at least this frequent is a headline ("JOINT COMMUNIQUÉ" 4.7,
# 2.6); one long word this frequent is an everyday word ("CONDEMN" 3.7; "INTERPOL" 3.2 stays);
# an inflected word ("WELCOMES", "REITERATES") whose stem is this frequent is a verb
# ("BRICS": "bric" 2.6 stays).
CAPS_HEADLINE_ZIPF = 2.5
CAPS_WORD_LEN = 7
CAPS_WORD_ZIPF = 3.5
CAPS_INFLECTED_LEN = 5
CAPS_STEM_ZIPF = 3.0
# Endings of inflected English words; a frequent capitalised word with one is no name.
INFLECTIONS = ("ing", "ed")
CUE_WORDS = {
    "exercise": {"exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers", "training"},
    "operation": {"operation", "operations"},
}
QUOTE_CHARS = set("\"“”„«»‘’'")

# spaCy NER labels we link, and the entity type a provisional entity of each gets.
NER_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
    "EVENT": "other",
    "LAW": "other",
}
# Labels only the linker's own evidence gives (a text's name, "Kazan Declaration"); the NER's
# spans of these labels are not linked.
EVIDENCE_LABELS = ("LAW",)
# Pack entity types compatible with each NER label (for alias and fuzzy lookups).
LABEL_TYPES = {
    "PERSON": ("person",),
    "ORG": ("organization", "body", "exercise", "operation", "other"),
    "GPE": ("country", "place"),
    "LOC": ("country", "place"),
    "FAC": ("place",),
    "NORP": ("country", "organization"),
    "EVENT": ("exercise", "operation", "other"),
    "LAW": ("other",),
}
# Longest acronym a document may define in brackets after a name ("(CSTO)", "(OCHA)").
ACRONYM_LEN = 8
# Words before a new name read for its country and sector ("the Kazakh general staff").
DESCRIPTOR_WINDOW = 4
# Every pack type, for lookups past the NER label.
OTHER_TYPES = ("person", "organization", "body", "country", "place", "exercise", "operation", "other")
# Tokens trimmed off the edges of a name span.
EDGE_WORDS = {"the", "a", "an", "'s", "’s", "'", "’", "of", "and", "for", "on", "in", "to", "at", "by"}

log = logging.getLogger(__name__)


@dataclass
class Candidate:
    """A span to link: how it was found, and what it resolved to."""

    start: int  # token offsets
    end: int
    source: str  # kb | role | ner
    label: str = ""
    entity: KBEntity | Entity | None = None


class Linker:
    """Links a parsed document's mentions to the knowledge base at the document's date.

    kb (KnowledgeBase): the packs; loaded once when None.
    nlp (Language): the spaCy pipeline whose vocab the matchers use.
    """

    def __init__(self, kb: KnowledgeBase | None = None, nlp=None):  # noqa: ANN001
        from communique.nlp import load_pipeline

        self.kb = kb or current_kb()
        self.nlp = nlp or load_pipeline()
        self.surnames = self._index_surnames()
        self._build_matchers()
        self._fuzzy = self._build_fuzzy_choices()

    # --- set-up -------------------------------------------------------------------------------

    def _build_matchers(self) -> None:
        """One case-sensitive matcher for names, one case-insensitive for role words."""
        self.names = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.lower_names = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.role_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        make = self.nlp.make_doc
        names = {n for e in self.kb.entities.values() for n in (e.name, *e.aliases, *e.demonyms)}
        names |= self.surname_forms
        cased = [n for n in names if any(ch.isupper() for ch in n)]
        self.names.add("NAME", list(self.nlp.tokenizer.pipe(sorted(cased))))
        self.lower_names.add("NAME", [make(n) for n in sorted(names - set(cased))])
        words = {w for rw in self.kb.role_words.values() for w in rw.words}
        self.role_matcher.add("ROLE", [make(w) for w in sorted(words)])

    def _index_surnames(self) -> dict[str, str]:
        """Normalised surname -> person id, for surnames one pack person alone carries ("Tokayev")."""
        seen: dict[str, set[str]] = {}
        forms: dict[str, set[str]] = {}
        for ent in self.kb.entities.values():
            if ent.type != "person":
                continue
            for name in (ent.name, *ent.aliases):
                parts = surname_words(name)  # "Ferdinand Marcos Jr.": "Marcos"
                if len(parts) > 1 and len(parts[-1]) > 2:
                    key = normalise_name(parts[-1])
                    seen.setdefault(key, set()).add(ent.id)
                    forms.setdefault(key, set()).add(parts[-1])
        unique = {k: next(iter(ids)) for k, ids in seen.items() if len(ids) == 1}
        self.surname_forms = {f for k in unique for f in forms[k]}
        return unique

    def _surname_stands(self, span: Span, on: str | None) -> bool:
        """A pack name found in the text, kept unless it is a word the packs know only as a
        surname and the document reads otherwise ("Howard" of "Howard Lutnick"; see
        ``communique.link.surnames``): the NER's span and the document's names then decide."""
        key = normalise_name(span.text)
        if key not in self.surnames or self.kb.lookup(span.text) or self.kb.country_for(span.text):
            return True
        return reads_as_surname(self, span, on)

    def _build_fuzzy_choices(self) -> dict[str, tuple[list[str], list[str]]]:
        """Per entity type: normalised names and their ids, built once for rapidfuzz."""
        choices: dict[str, tuple[list[str], list[str]]] = {}
        for ent in self.kb.entities.values():
            names, ids = choices.setdefault(ent.type, ([], []))
            for name in (ent.name, *ent.aliases):
                names.append(normalise_name(name))
                ids.append(ent.id)
        return choices

    # --- the stage ----------------------------------------------------------------------------

    def link_document(self, doc: Document) -> None:
        """Set ``doc.entities``, ``doc.facts`` and ``doc.linked`` (needs ``doc.spacy_doc``)."""
        from communique.link.facts import check_against_pack, find_facts, unique_facts

        sdoc: Doc = doc.spacy_doc if doc.spacy_doc is not None else self.nlp(doc.text)
        linked = LinkedDocument(self, doc.reference_date)
        # 1.-2. candidate spans, NER corrected by the knowledge base
        kb_spans = [s for s in self._find_pack_names(sdoc) if self._surname_stands(s, linked.date)]
        role_spans = self._find_role_descriptions(sdoc, kb_spans)
        ner_spans = relabel_by_document(self, sdoc, self._ner_residue(sdoc, kb_spans, role_spans))
        dateline = find_dateline(self, sdoc)
        # 3. names: full person names first, so a surname alone (even in a headline before
        # the full name) finds the person named in full; then the rest in text order
        for span in sorted(kb_spans + ner_spans, key=_resolution_order):
            if dateline.is_source_tag(span):
                continue
            span = dateline.as_place(span)
            entity = self._resolve_span(span, linked)
            if isinstance(entity, KBEntity):  # "Georgia": the country or the US state, by context
                entity = choose_reading(self, span, entity)
            if entity is not None and not self._generic_alias_out_of_context(span, entity, sdoc):
                added = linked.add(entity, span)
                acronym = self._acronym_after(span, entity)
                if acronym is not None:  # "the Baloch Liberation Army (BLA)": BLA names it here on
                    linked.acronyms.setdefault(acronym, added)
        self._acronym_mentions(sdoc, linked)
        # 4. roles the text states ("NATO Secretary General Mark Rutte", "Peskov, press
        # secretary of the Russian president"), then role descriptions at the document's
        # date: the person the text gave the role first, else the packs' holder
        linked.text_roles = self._text_roles(role_spans, linked)
        for span in role_spans:
            found = self._resolve_role_span(span, linked)
            if found is not None:
                linked.add(found[0], found[1], role=True)
        linked.finish()
        doc.linked = linked
        doc.entities = linked.entities()
        # 5. organisation facts stated in the text
        # a pattern's "Secretary General X" inside "Deputy/Former ... Secretary General X" is
        # the qualified role the text roles state, not the office itself
        qualified = {(r.base, r.holder.name, r.sentence.start) for r in linked.text_roles if r.qualifier}
        found = [
            f
            for f in find_facts(doc, linked, self.kb)
            if (f.relation, f.object, f.sentence.start if f.sentence else None) not in qualified
        ]
        stated = role_facts(linked.text_roles, linked.date)
        for fact in stated:
            check_against_pack(self.kb, fact)
        doc.facts = unique_facts(found + stated)
        # the offices this document states join the knowledge base for later documents
        learn_roles(self.kb, linked.text_roles, linked.date, doc.raw.source)
        log.debug(
            "link %s: %d entities, %d text role(s), %d fact(s)",
            doc.raw.source, len(doc.entities), len(linked.text_roles), len(doc.facts),
        )  # fmt: skip

    def _text_roles(self, role_spans: list[Span], linked: LinkedDocument) -> list[TextRole]:
        """Title + name and name + apposition pairs, in text order."""
        out = []
        by_start = {s.start: s for s in role_spans}
        for span in role_spans:
            holder = linked.entity_starting_at(self._name_after(span))
            if holder is not None:
                found = text_role(self.kb, span, holder, linked.date)
                if found is not None:
                    found.of = found.of or self._of_after_name(span, holder)
                    out.append(found)
        for mention_end, holder in linked.person_mention_ends():
            sdoc = role_spans[0].doc if role_spans else None
            if sdoc is None:
                break
            tok = sdoc.char_span(mention_end, mention_end + 1, alignment_mode="expand")
            if tok is None or tok.text != ",":
                continue
            i = tok.end
            if i < len(sdoc) and sdoc[i].lower_ == "the":
                i += 1
            span = by_start.get(i) or by_start.get(i - 1)
            if span is not None and not any(r.start == span.start_char for r in out):
                found = text_role(self.kb, span, holder, linked.date)
                if found is not None:
                    found.of = found.of or self._text_org_after(span, linked)
                    out.append(found)
        return sorted(out, key=lambda r: r.start)

    @staticmethod
    def _text_org_after(span: Span, linked: LinkedDocument) -> KBEntity | None:
        """ "X, Secretary General of the Eurasian Water Partnership": an organisation no pack
        holds, named in the text right after the role word's "of"."""
        doc, i = span.doc, span.end
        if i + 1 >= len(doc) or doc[i].lower_ != "of":
            return None
        j = i + 2 if doc[i + 1].lower_ == "the" and i + 2 < len(doc) else i + 1
        ent = linked.entity_starting_at(doc[j].idx)
        if ent is None or ent.type != "organization" or not ent.provisional:
            return None
        return KBEntity(ent.id, ent.name, ent.type, ent.country, ent.sector)

    def _of_after_name(self, span: Span, holder: Entity) -> KBEntity | None:
        """ "Minister Denis Manturov of Russia": the state or organisation named just after the name."""
        doc = span.doc
        i = span.end
        while i < len(doc) and i < span.end + 6 and doc[i].lower_ != "of":
            i += 1
        if i + 1 >= len(doc) or doc[i].lower_ != "of":
            return None
        j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        for n in (4, 3, 2, 1):
            found = self.kb.country_for(doc[j : j + n].text) or next(
                iter(self.kb.lookup(doc[j : j + n].text, ("organization",))), None
            )
            if found is not None:
                return found
        return None

    @staticmethod
    def _name_after(span: Span) -> int:
        """Character offset of the first token after a description, past commas and "(CSTO)"."""
        i = _token_after(span)
        return span.doc[i].idx if i < len(span.doc) else -1

    # --- step 1: candidates ----------------------------------------------------------------

    def _find_pack_names(self, sdoc: Doc) -> list[Span]:
        """Pack names, longest first, without everyday words the text does not mark as names."""
        spans = [sdoc[s:e] for s, e in self.name_matches(sdoc)] + [
            sdoc[s:e] for _, s, e in self.lower_names(sdoc)
        ]
        starts = frozenset(s.start for s in spans)
        spans = [s for s in spans if self._is_marked_name(s) and not inner_pack_name(self.kb, s, starts)]
        return filter_spans(spans)

    def name_matches(self, sdoc: Doc) -> list[tuple[int, int]]:
        """(start, end) of every cased pack name in the parse, matched once per document."""
        key = "_communique_names"
        if key not in sdoc.user_data:
            sdoc.user_data[key] = [(s, e) for _, s, e in self.names(sdoc)]
        return sdoc.user_data[key]

    def _is_marked_name(self, span: Span) -> bool:
        ents = self.kb.lookup(span.text)
        if not ents or len(span) > 1 or ents[0].type not in CUE_WORDS:
            return True
        if _zipf(span.text.lower()) < COMMON_WORD_ZIPF:
            return True
        doc = span.doc
        before = doc[span.start - 1].text if span.start > 0 else ""
        after = doc[span.end].text if span.end < len(doc) else ""
        if before and before[-1] in QUOTE_CHARS or after and after[0] in QUOTE_CHARS:
            return True
        cues = CUE_WORDS[ents[0].type]
        return any(t.lower_ in cues for t in span.sent)

    def _find_role_descriptions(self, sdoc: Doc, kb_spans: list[Span]) -> list[Span]:
        """Role words widened to their qualifiers: "the Russian President", "Secretary General of the CSTO".

        The span keeps its "of X" part for parsing; ``head_end`` in its label id marks
        where the mention ends, so X stays a mention of its own ("President" + "Belarus").
        """
        starts = {s.start: s for s in kb_spans}
        ends = {s.end: s for s in kb_spans}
        spans = []
        for _, s, e in self.role_matcher(sdoc):
            start, end = s, e
            start = self._qualifiers_before(sdoc, start)
            if start > 1 and sdoc[start - 1].lower_ in ("'s", "’s") and start - 1 in ends:
                start -= 1  # "Russia's Permanent Representative"
            if start in ends:  # "Russian President", "CSTO Secretary General"
                start = ends[start].start
            start = self._qualifiers_before(sdoc, start)  # "former NATO Secretary General"
            if start > 0 and sdoc[start - 1].lower_ == "the":
                start -= 1
            head_end = end
            if end + 1 < len(sdoc) and sdoc[end].lower_ == "of":
                nxt = end + 2 if sdoc[end + 1].lower_ == "the" else end + 1
                if nxt in starts:  # "President of Belarus"
                    end = starts[nxt].end
            spans.append(Span(sdoc, start, end, kb_id=str(head_end)))
        return [s for s in filter_spans(spans) if not self._inside_organisation_name(s)]

    def _inside_organisation_name(self, span: Span) -> bool:
        """A role word that is a word of an organisation's name the NER found: "Army" of "the Baloch
        Liberation Army", "General" of "the General Statistics Office". The NER's name wins when
        it holds a capitalised word the packs and role words do not know and the role word is
        its closing group word ("army", "forces") or opens a name ending in an organisation word
        ("office"); "the Russian Army" and "NATO Secretary General" stay role descriptions."""
        doc = span.doc
        words = [t for t in span if t.lower_ != "the"]
        if not words or words[0].ent_type_ != "ORG" or words[0].ent_iob_ == "O":
            return False
        ent = ent_at(doc, words[0].i)  # not doc.ents: built anew on each call, quadratic on long texts
        if ent is None or words[-1].i >= ent.end or (words[0].i, words[-1].i + 1) == (ent.start, ent.end):
            return False
        inside = {t.i for t in words}
        if not any(
            t.i not in inside
            and t.is_alpha
            and t.text[:1].isupper()
            and t.lower_ != "the"
            and not (
                normalise_name(t.text) in self.kb.role_words
                or self.kb.lookup(t.text)
                or self.kb.country_for(t.text)
            )
            for t in ent
        ):
            return False
        rw = self.kb.role_words.get(normalise_name(doc[int(span.kb_id_) - 1].text)) if span.kb_id_ else None
        closes = words[-1].i == ent.end - 1 and rw is not None and rw.kind == "group"
        opens = words[-1].i < ent.end - 1 and ent[-1].lower_ in ORG_WORDS
        return closes or opens

    @staticmethod
    def _qualifiers_before(sdoc: Doc, start: int) -> int:
        """Widen over "deputy", "acting", "former", "first deputy", "ex-" before a role word."""
        while start > 0:
            prev = sdoc[start - 1]
            if prev.lower_ in QUALIFIER_WORDS:
                start -= 1
            elif prev.text == "-" and start > 1 and sdoc[start - 2].lower_ == "ex":
                start -= 2
            else:
                break
        return start

    def _ner_residue(self, sdoc: Doc, kb_spans: list[Span], role_spans: list[Span]) -> list[Span]:
        """NER spans minus what the packs and role words already explain (one span may hold several names)."""
        taken = {i for s in kb_spans + role_spans for i in range(s.start, s.end)}
        out = []
        for ent in ner_names(sdoc):
            if ent.label_ not in NER_TYPES or (ent.label_ in EVIDENCE_LABELS and not is_text_name(ent)):
                continue
            run: list[int] = []
            for tok in ent:
                if tok.i in taken:
                    out += self._trimmed(sdoc, run, ent.label_)
                    run = []
                else:
                    run.append(tok.i)
            if len(run) == 1 and run[0] - 1 in taken and run[0] > ent.start and _everyday(sdoc[run[0]]):
                # "ASEAN Community", "CSTO Mission": one everyday word ending a name the packs
                # know in part is that name's own word, no entity of its own
                run = []
            out += self._trimmed(sdoc, run, ent.label_)
        return out

    def _trimmed(self, sdoc: Doc, run: list[int], label: str) -> list[Span]:
        """The run of tokens without edge words and role words, if a name is left; a name never
        runs across a line break ("Dallas Hughes\nOct 24", "Press Team\n\nCheck against
        delivery": a by-line or page furniture glued to the next line)."""
        if not run:
            return []
        for k in range(len(run) - 1):
            tok = sdoc[run[k]]
            if _line_ends_after(tok):
                return self._trimmed(sdoc, run[: k + 1], label) + self._trimmed(sdoc, run[k + 1 :], label)
        if any(sdoc[i].text == "/" and sdoc[i].whitespace_ and sdoc[i - 1].whitespace_ for i in run[1:]):
            # "Internal Affairs / Foreign Relations / Kyrgyzstan", "AP Photo / Yong Teck Lim": a
            # breadcrumb or a photo credit, no name ("PKK/YPG" without spaces stays)
            return []
        start, end = run[0], run[-1] + 1
        while start < end and _is_edge(sdoc[start]):
            start += 1
        while end > start and _is_edge(sdoc[end - 1]):
            end -= 1
        if start >= end or not any(t.text[:1].isupper() for t in sdoc[start:end]):
            return []
        half = (end - start) // 2
        if (
            half
            and end - start == 2 * half
            and [t.text for t in sdoc[start : start + half]] == [t.text for t in sdoc[start + half : end]]
        ):
            # "David Gee David Gee": a subheading glued to the sentence that repeats it, two mentions
            return [Span(sdoc, start, start + half, label=label), Span(sdoc, start + half, end, label=label)]
        return [Span(sdoc, start, end, label=label)]

    # --- step 3: names ------------------------------------------------------------------------

    def _resolve_span(self, span: Span, linked: LinkedDocument) -> KBEntity | Entity | None:
        label = span.label_ if span.label_ in NER_TYPES else ""
        text = span.text
        if text in linked.acronyms:  # an acronym the document defined, whatever its label
            return linked.acronyms[text]
        if not label:  # a pack name the phrase matcher found
            if len(span) == 1 and not self.kb.lookup(text):  # a bare surname: the document's person first
                found = linked.partial_name(text, ("person",))
                if found is not None:
                    return found
            return self._pack_name(text, linked.date)
        types = LABEL_TYPES[label]
        found = (
            self._alias(text, types, linked.date)
            or linked.partial_name(text, types)
            or self._surname(text, types, linked.date, span)
            or self.fuzzy(text, types)
        )
        if found is not None:
            return found
        # The NER label can be wrong ("Alaksandr Łukašenka" as ORG, "Nebenzia" as ORG):
        # a name the packs or the document know under another type still links.
        others = tuple(t for t in OTHER_TYPES if t not in types)
        found = (
            self._alias(text, others, linked.date)
            or linked.partial_name(text, ("person",) if "person" in others else ())
            or self._surname(text, others, linked.date, span)
            or (self.fuzzy(text, ("person",)) if "person" in others and len(text.split()) > 1 else None)
        )
        if found is not None and not (found.type == "country" and label in ("PERSON", "ORG")):
            return found
        country = self.kb.country_for(text) if label == "ORG" else None
        if country is not None:
            # "U.S." cut from "U.S. Air Force", "Mexican-" of "Mexican- and Canadian-made": the
            # country's own name or adjective (a person called "Jordan" stays a person)
            return country
        if (
            self._is_common_word(span)
            or label == "NORP"
            or _is_doctrine(span)
            or _is_caps_words(span)
            or _is_date_words(span)
        ):
            # an adjective that names no country or organisation the packs know ("Eurasian",
            # "Sahelian", "Republican") is a description, not an entity; so is a doctrine
            return None
        return self._provisional(text, NER_TYPES[label], span)

    @staticmethod
    def _acronym_mentions(sdoc: Doc, linked: LinkedDocument) -> None:
        """Every other use of an acronym the document defined, which the NER may not have tagged
        ("the Baloch Liberation Army (BLA) ... BLA fighters")."""
        if not linked.acronyms:
            return
        covers = linked.coverage()  # the mentions before these: the acronym's own never overlap
        found = [t for t in sdoc if t.text in linked.acronyms and not covers(t.idx, t.idx + len(t))]
        for tok in found:
            linked.add(linked.acronyms[tok.text], sdoc[tok.i : tok.i + 1])

    def _acronym_after(self, span: Span, entity: KBEntity | Entity) -> str | None:
        """An acronym in brackets right after a name ("Baloch Liberation Army (BLA)") that the
        packs give no other entity: the document's own short name for it."""
        doc, i = span.doc, span.end
        if entity.type in ("person", "country", "place") or i + 2 >= len(doc):
            return None
        if doc[i].text != "(" or doc[i + 2].text != ")":
            return None
        word = doc[i + 1].text
        if not (2 <= len(word) <= ACRONYM_LEN and word.isupper() and word[:1].isalpha()):
            return None
        known = self.kb.lookup(word)
        if known:
            return word if entity.id in {e.id for e in known} else None
        if normalise_name(word) in self.kb.news_agencies or not _spells(word, span.text):
            return None
        return word

    def _pack_name(self, text: str, on: str | None) -> KBEntity | None:
        ents = self.kb.lookup(text)
        if ents:
            return self._pick(ents, on)
        country = self.kb.country_for(text)
        if country is not None:
            return country
        return self._surname_at(text, on)

    def _surname_at(self, text: str, on: str | None) -> KBEntity | None:
        """The one pack person with this surname, if in office near the date.

        Why the date: a bare surname is common ("Rasmussen" in a 2016 poll story is not
        NATO's Secretary General of 2009-2014); the packs' people are known through their
        offices, so a surname alone links only within SURNAME_YEARS of one of them.
        """
        pid = self.surnames.get(normalise_name(strip_titles(self.kb, text)))
        ent = self.kb.entities.get(pid) if pid else None
        if ent is None or on is None:
            return ent
        spells = self.kb.roles_of(ent.id)
        if not spells:
            return ent
        year = int(on[:4])
        for spell in spells:
            until = int(spell.until[:4]) if spell.until else 9999
            if int(spell.from_[:4]) - SURNAME_YEARS <= year <= until + SURNAME_YEARS:
                return ent
        return None

    def _pick(self, ents: list[KBEntity], on: str | None) -> KBEntity:
        """Of entities sharing a name, the one holding an office on the date, else the first listed."""
        if len(ents) > 1 and on:
            for ent in ents:
                if any(s.covers(on) for s in self.kb.roles_of(ent.id)):
                    return ent
        return ents[0]

    def _alias(self, text: str, types: tuple[str, ...], on: str | None) -> KBEntity | None:
        ents = self.kb.lookup(strip_titles(self.kb, text), types)
        return self._pick(ents, on) if ents else None

    def _surname(
        self, text: str, types: tuple[str, ...], on: str | None = None, span: Span | None = None
    ) -> KBEntity | None:
        """The pack person a bare surname names; with the name's span, only where the document
        reads its last word as that surname (``communique.link.surnames``)."""
        if "person" not in types:
            return None
        found = self._surname_at(text, on)
        if found is not None and span is not None:
            last = last_word(span)
            if normalise_name(last.text) == normalise_name(strip_titles(self.kb, text)):
                return found if reads_as_surname(self, last, on) else None
        return found

    def fuzzy(self, text: str, types: tuple[str, ...]) -> KBEntity | None:
        """The closest pack name of a compatible type, if close enough (see FUZZY_THRESHOLD)."""
        return _fuzzy_cached(self, normalise_name(strip_titles(self.kb, text)), types)

    def _fuzzy_uncached(self, key: str, types: tuple[str, ...]) -> KBEntity | None:
        best: tuple[float, str] | None = None
        for etype in types:
            if etype == "country":  # a closed list: a near miss is another word ("Americas")
                continue
            names, ids = self._fuzzy.get(etype, ([], []))
            cutoff = FUZZY_THRESHOLD if etype == "person" else FUZZY_ORG_THRESHOLD
            hit = process.extractOne(key, names, scorer=fuzz.ratio, score_cutoff=cutoff)
            if hit is None or (best is not None and hit[1] <= best[0]):
                continue
            if etype == "person" and not (_same_surname(key, hit[0]) and _same_given_name(key, hit[0])):
                continue
            best = (hit[1], ids[hit[2]])
        return self.kb.entities[best[1]] if best else None

    def _is_common_word(self, span: Span) -> bool:
        """A capitalised everyday word the NER took for a name ("Participating")."""
        words = [t for t in span if not (t.is_punct or t.is_space)]
        if not words or not all(_zipf(t.lower_) >= NER_COMMON_WORD_ZIPF for t in words):
            return False
        if any(t.pos_ == "PROPN" for t in words):
            # A proper noun that is also an everyday word ("Chelsea", "Africa") is a name
            # unless it opens a sentence or a line, where any word is capitalised.
            first = words[0]
            if len(words) == 1 and (
                first.lemma_.lower() != first.lower_ or first.lower_.endswith(INFLECTIONS)
            ):
                return True  # an inflected everyday word ("Participating"): names do not inflect
            if len(words) > 1 or not (first.is_sent_start or _after_line_break(first)):
                return False
            # At a sentence start it is still a name when it speaks ("Holt said") or
            # stands capitalised inside a sentence elsewhere in the document.
            return not (speaks(span) or _capitalised_elsewhere(first))
        return True

    def _provisional(self, text: str, etype: str, span: Span) -> Entity:
        # an organisation's name may open with a role word ("General Statistics Office"); only a
        # person's name loses its titles ("Mr.", "President")
        name = strip_titles(self.kb, text) if etype == "person" else _without_possessive(text)
        ent = Entity(id=f"prov:{etype}:{slug(name)}", name=name, type=etype, provisional=True)
        title = self._title_before(span)
        if title is not None:
            ent.sector = title.word.sector
            ent.country = title.country
        if ent.country is None or ent.sector is None:
            country, sector = self._descriptors(span, etype)
            ent.country = ent.country or country
            ent.sector = ent.sector or sector
        return ent

    def _descriptors(self, span: Span, etype: str) -> tuple[str | None, str | None]:
        """Country and sector the words around a new name give it: "Kazakh Foreign Ministry",
        "South African opposition politician Mmusi Maimane", "Nigeria's Department of ...".

        Looks inside the name and at most DESCRIPTOR_WINDOW words before it in its sentence,
        stopping at a verb, punctuation or another name.
        """
        doc = span.doc
        words = list(span)
        i = span.start - 1
        while i >= max(span.sent.start, span.start - DESCRIPTOR_WINDOW):
            tok = doc[i]
            if tok.pos_ in ("VERB", "AUX", "ADP", "PUNCT") and tok.text not in ("'s", "’s"):
                break
            words.insert(0, tok)
            i -= 1
        country = sector = None
        texts = [t.text for t in words]
        for n in (3, 2, 1):  # "South African", "Republic of Belarus", "Kazakh"
            for j in range(len(texts) - n + 1):
                found = self.kb.country_for(" ".join(texts[j : j + n]))
                if found is not None and country is None:
                    country = found.country
        for tok in words:
            rw = self.kb.role_words.get(tok.lower_)
            if rw is not None and rw.kind == "group" and sector is None:
                sector = rw.sector
        return country, sector

    def _title_before(self, span: Span):  # noqa: ANN202
        """The role description right before a name ("Deputy Foreign Minister Alexander Pankin")."""
        sent = span.sent
        left = span.doc[max(sent.start, span.start - 8) : span.start]
        for i in range(len(left)):
            query = parse_role_description(self.kb, left[i:].text)
            if query is not None and not query.rest:
                return query
        return None

    def _generic_alias_out_of_context(self, span: Span, entity: KBEntity | Entity, sdoc: Doc) -> bool:
        """A body named by an everyday word ("Secretariat") whose organisation the document never names.

        Why: "Secretariat" in an SCO or UN story is not the CSTO Secretariat. The nearest
        organisation named before it decides; with none before, any mention of the parent will do.
        """
        if (
            not isinstance(entity, KBEntity)
            or not entity.part_of
            or entity.type not in ("body", "organization")
        ):
            return False
        words = [t for t in span if t.is_alpha and t.lower_ != "the"]
        if len(words) != 1 or _zipf(words[0].lower_) < COMMON_WORD_ZIPF:
            return False
        parent = self.kb.entities.get(entity.part_of)
        if parent is None:
            return False
        parent_names = {normalise_name(n) for n in (parent.name, *parent.aliases)}
        before = [s for s in self._org_mentions(sdoc) if s.end <= span.start]
        if before:
            return normalise_name(before[-1].text) not in parent_names
        return not any(normalise_name(s.text) in parent_names for s in self._org_mentions(sdoc))

    def _org_mentions(self, sdoc: Doc) -> list[Span]:
        """Organisation names in the document (packs' and NER's), cached on the parse."""
        key = "_communique_orgs"
        if key not in sdoc.user_data:
            found = [sdoc[s:e] for s, e in self.name_matches(sdoc)]
            found = [s for s in found if any(e.type == "organization" for e in self.kb.lookup(s.text))]
            found += [e for e in sdoc.ents if e.label_ == "ORG" and not self.kb.lookup(e.text, ("body",))]
            sdoc.user_data[key] = sorted(found, key=lambda s: s.start)
        return sdoc.user_data[key]

    # --- step 4: role descriptions ---------------------------------------------------------

    def _resolve_role_span(self, span: Span, linked: LinkedDocument) -> tuple[KBEntity, Span] | None:
        """The holder of the office a description names (and the span to mark), unless a name follows it."""
        if self._name_follows(span, linked):
            return None
        head = span.doc[span.start : int(span.kb_id_)] if span.kb_id_ else span
        stated = holder_in_text(linked.text_roles, self.kb, span.text, span.start_char)
        if stated is not None:
            return stated, head
        query = parse_role_description(self.kb, span.text)
        if query is None or query.rest:
            return None
        if query.word.key == "chair":  # "the CSTO presidency" is a term of office, not the state holding it
            return None
        spell = resolve_office(self.kb, query, linked.date)
        if spell is None or spell.holder not in self.kb.entities:
            # no holder in the packs: the one other documents of a nearby date named
            described = self._with_stated_org(span)
            learned = stated_holder(self.kb, described, linked.date, SETTINGS.stated_role_days)
            return (learned, head) if learned is not None else None
        return self.kb.entities[spell.holder], head

    def _with_stated_org(self, span: Span) -> str:
        """The description with the organisation next to it, when no pack holds it but other
        documents stated an office of it: "the Secretary General" + "of the Eurasian Water
        Partnership", "the Eurasian Water Partnership" + "Secretary General". (Such a name is no
        pack name, so the description's span stops short of it.)"""
        stated, doc = self.kb.stated_orgs, span.doc
        if not stated:
            return span.text
        words = self.kb.stated_org_words  # a cheap test before joining and folding token runs
        i = span.end
        if i + 1 < len(doc) and doc[i].lower_ == "of":
            j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
            if j < len(doc) and normalise_name(doc[j].text) in words:
                for n in range(min(MAX_QUALIFIER_WORDS, len(doc) - j), 0, -1):
                    if normalise_name(doc[j : j + n].text) in stated:
                        return f"{span.text} of {doc[j : j + n].text}"
        if span.start > 0 and normalise_name(doc[span.start - 1].text) in words:
            for n in range(min(MAX_QUALIFIER_WORDS, span.start), 0, -1):
                before = doc[span.start - n : span.start]
                if normalise_name(before.text) in stated:
                    return f"{before.text} {span.text}"
        return span.text

    @staticmethod
    def _name_follows(span: Span, linked: LinkedDocument) -> bool:
        """A name right after the description, past spaces, commas and an abbreviation in brackets."""
        i = _token_after(span)
        return i < len(span.doc) and linked.has_name_at(span.doc[i].idx)

    # --- queries -------------------------------------------------------------------------------

    def who(self, role: str, on: str):  # noqa: ANN201
        """(entity, source) for who held ``role`` ("President of Russia") on ``on``; None if unknown."""
        query = parse_role_description(self.kb, role)
        spell = resolve_office(self.kb, query, on) if query else None
        if spell is None or spell.holder not in self.kb.entities:
            return None
        return to_entity(self.kb.entities[spell.holder]), spell.source

    def resolve(self, text: str, on: str | None = None):  # noqa: ANN201
        """Context-free resolution of a name or role description at a date (an ``Actor`` or None)."""
        return LinkedDocument(self, on).resolve(text)

    def reset(self) -> None:
        """Drop cached lookups (after packs change)."""
        _fuzzy_cached.cache_clear()


def to_entity(ent: KBEntity) -> Entity:
    return Entity(id=ent.id, name=ent.name, type=ent.type, country=ent.country, sector=ent.sector)


# A line break inside a name's span ends the name when the line before it is at most this long
# (a by-line, a heading, a caption); a longer line is prose wrapped mid-name ("the CSTO Council
# of Foreign\nMinisters") and the name goes on. A blank line always ends it.
SHORT_LINE = 60


def _line_ends_after(token) -> bool:  # noqa: ANN001
    text = token.text_with_ws
    if "\n" not in (token.whitespace_ if not token.is_space else token.text):
        return False
    if text.count("\n") > 1:
        return True
    line_start = doc_text(token.doc).rfind("\n", 0, token.idx) + 1
    return token.idx + len(token.text) - line_start <= SHORT_LINE


def _after_line_break(token) -> bool:  # noqa: ANN001
    doc = token.doc
    return token.i == 0 or "\n" in doc[token.i - 1].text_with_ws or doc[token.i - 1].is_space


def _capitalised_elsewhere(token) -> bool:  # noqa: ANN001
    doc = token.doc
    key = "_communique_midsentence"
    if key not in doc.user_data:  # capitalised words seen inside a sentence, once per document
        doc.user_data[key] = {
            t.text for t in doc if t.text[:1].isupper() and not t.is_sent_start and not _after_line_break(t)
        }
    return token.text in doc.user_data[key]


def _spells(acronym: str, name: str) -> bool:
    """Whether an acronym's letters are initials of the name's words, in order, the first one
    opening the name or its second word ("UNHCR": "United Nations High Commission for Refugees"): a bracket after
    a name cut short ("Security Council (PSC)" of "Peace and Security Council") is no definition."""
    initials: list[str] = []
    firsts: list[int] = []  # where each word's letters start in ``initials``
    for word in re.split(r"[\s\-–]+", name):
        letters = [c for c in word if c.isalpha()]
        if not letters or not letters[0].isalpha():
            continue
        firsts.append(len(initials))
        # a word in capitals gives all its letters ("U.N.", "UN"), another word its first
        initials += [c.upper() for c in letters] if word.isupper() else [letters[0].upper()]
    wanted = [c for c in acronym.upper() if c.isalpha()]
    if not wanted:
        return False
    for start in firsts[:2]:  # opening the name or its second word ("Collective Rapid Reaction Forces (RRF)")
        it = iter(initials[start:])
        if initials[start] == wanted[0] and all(any(c == i for i in it) for c in wanted):
            return True
    return False


def _without_possessive(text: str) -> str:
    """The name without a possessive ending, its words joined by single spaces."""
    for suffix in ("’s", "'s"):
        text = text.removesuffix(suffix)
    return " ".join(text.split())


def _resolution_order(span: Span) -> tuple[int, int]:
    """Full person names (two words or more, NER PERSON) before everything else, then text order."""
    full_person = span.label_ == "PERSON" and len(span.text.split()) > 1
    return (0 if full_person else 1, span.start)


def _is_caps_words(span: Span) -> bool:
    """Everyday words set in capitals, which the NER takes for an organisation or a person:
    a headline ("JOINT COMMUNIQUÉ", "SEPTEMBER 2020"), a resolution's verbs ("COMMENDS",
    "WELCOMES", "CONDEMN"), a wire tag. Acronyms stay ("BRICS": "bric" is no English word),
    and so do places (a dateline's "PETERSBURG"). Why word frequencies: an acronym spells no
    frequent English word, an inflected verb or a headline does."""
    if span.label_ not in ("ORG", "PERSON", "EVENT", "NORP", "LAW"):
        return False
    words = [t.text for t in span if t.is_alpha and len(t) > 1]
    if not words or not all(w.isupper() for w in words):
        return False
    if len(words) > 1:  # "ISIS-K" is one word and a letter
        return all(_zipf(w.lower()) >= CAPS_HEADLINE_ZIPF for w in words)
    rest = [t for t in span if not t.is_alpha and not t.is_punct and not t.is_space]
    if rest and all(t.like_num and any(c in t.text for c in ".,") for t in rest):
        return True  # "EUR 98.85" in a rates box: a currency and an amount
    word = words[0].lower()
    if len(word) >= CAPS_WORD_LEN and _zipf(word) >= CAPS_WORD_ZIPF:
        return True
    if len(word) < CAPS_INFLECTED_LEN:
        return False
    stems = [word[: -len(e)] for e in ("s", "es", "d", "ed", "ing") if word.endswith(e)]
    return any(len(st) >= 4 and _zipf(st) >= CAPS_STEM_ZIPF for st in stems)


def _everyday(token) -> bool:  # noqa: ANN001
    return token.is_alpha and _zipf(token.lower_) >= NER_COMMON_WORD_ZIPF


MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _is_date_words(span: Span) -> bool:
    """A date the NER took for a name ("Oct 24" under a by-line): a month name and a number, nothing
    else ("May" alone may be Theresa May)."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    month = any(t.lower_.rstrip(".") in MONTHS for t in words)
    return (
        month
        and any(t.like_num for t in words)
        and all(t.lower_.rstrip(".") in MONTHS or t.like_num for t in words)
    )


def _is_doctrine(span: Span) -> bool:
    """One word naming a doctrine or a movement of ideas ("Pan-Arabism", "Islamism"), which the
    packs do not know: no actor. (A religion the news names often is a pack entity of type other.)"""
    text = span.text.strip()
    return " " not in text and len(text) > 5 and text.lower().endswith("ism")


def _is_edge(token) -> bool:  # noqa: ANN001
    return token.lower_ in EDGE_WORDS or token.is_punct or token.is_space


def _same_surname(a: str, b: str) -> bool:
    return fuzz.ratio(a.split()[-1], b.split()[-1]) >= FUZZY_SURNAME_THRESHOLD


def _same_given_name(a: str, b: str) -> bool:
    """Given names agree when both are written: same initial and close spelling ("Hillary" is not "Bill")."""
    ga, gb = a.split()[:-1], b.split()[:-1]
    if not ga or not gb:
        return True
    x, y = ga[0], gb[0]
    if x[0] != y[0]:
        return False
    return len(x) == 1 or len(y) == 1 or fuzz.ratio(x, y) >= FUZZY_SURNAME_THRESHOLD - 10


@lru_cache(maxsize=65536)
def _fuzzy_cached(linker: Linker, key: str, types: tuple[str, ...]) -> KBEntity | None:
    return linker._fuzzy_uncached(key, types) if key else None


def _token_after(span: Span) -> int:
    """Index of the first token after a description, past spaces, commas and an abbreviation in
    brackets ("Secretary General (CSTO), Imangali Tasmagambetov")."""
    doc, i = span.doc, span.end
    while i < len(doc) and (doc[i].is_space or doc[i].text == ","):
        i += 1
    if i < len(doc) and doc[i].text == "(":
        close = next((j for j in range(i + 1, min(i + 6, len(doc))) if doc[j].text == ")"), None)
        i = close + 1 if close is not None else i
        while i < len(doc) and (doc[i].is_space or doc[i].text == ","):
            i += 1
    return i


def link_mentions(linker: Linker, docs: Iterable[Document]) -> None:
    """Link several parsed documents."""
    for doc in docs:
        linker.link_document(doc)
