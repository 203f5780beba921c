"""EventCoder: PLOVER 2.0 events from the dependency parse and the event lexicons.

The idea of PETRARCH's verb dictionaries, rebuilt for spaCy: a lexicon word in the
right place in the parse (a verb with the right object, a meeting noun with a verb of
taking part) is an event; its subject and objects are the actors; negation drops it;
an intention retypes it the way the PLOVER manual says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from communique.events import actors as act
from communique.events.assemble import (
    MAIN_EVENT_TYPES,
    drop_repeats,
    earlier_meeting,
    is_multilateral,
    is_weak,
    merge_sentence_events,
    unique,
)
from communique.events.dates import EventDate, date_in_sentence, default_date, reference_dates
from communique.events.frames import (
    RELATIVE_PRONOUNS,
    agent_of,
    conditional_promise,
    has_needed,
    intention,
    is_announced,
    is_future,
    is_negated,
    noun_frame,
    objects_of,
    preps_objects,
    subject_of,
)
from communique.events.lexicon import Entry, Lexicon, load_lexicon
from communique.events.places import host_place, place_on
from communique.events.quoting import quoted_speaker
from communique.events.settings import SETTINGS
from communique.model import Actor, Document, Event, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# Confidences and what is taken off them: settings (communique.events.settings).
# Words opening a clause that only asks ("asked why", "asked whether").
WH_WORDS = frozenset({"why", "what", "how", "whether", "if", "who", "whom", "when", "where", "which"})
# Types in which all parties act alike: coordinated subjects are split into source and target.
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Meeting nouns that, with "the"/"this", point back to a meeting already coded.
MEETING_REFERENCES = frozenset({"summit", "session", "meeting", "talk", "forum", "conference", "negotiation"})
# Dependencies of a noun: a token the tagger calls a verb in these slots is a noun
# ("the headquarters exercise" tagged as a verb).
NOMINAL_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "attr", "conj", "appos"})


def names_someone(actor: Actor) -> bool:
    """A group described with a name in it ("Quad leaders", "AU leaders"), not "the leaders"."""
    words = actor.name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return any(w[:1].isupper() for w in words)


def is_reporter(actor: Actor, reporters: frozenset[str]) -> bool:
    """A news agency, reporter or photographer: the teller of the news, never its source actor."""
    name = actor.name.lower().removeprefix("the ").strip()
    words = name.split()
    return name in reporters or (bool(words) and words[-1] in reporters)


@dataclass
class Candidate:
    """An event found in one sentence, before dating and de-duplication."""

    entry: Entry
    trigger: Token
    anchors: list[Token]
    type: str
    mode: str | None
    cameo: str
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    host: list[Actor] = field(default_factory=list)
    future: bool = False
    negated: bool = False
    consumed: Token | None = None  # a cue verb this event already accounts for ("threatened")
    subject: Token | None = None  # the agent in the parse, kept when no actor could be resolved
    patients: list[Actor] = field(default_factory=list)  # the object as written, when nobody else is
    confidence: float = field(default_factory=lambda: SETTINGS.verb_confidence)
    rule: str = ""


class EventCoder:
    """Code PLOVER events in parsed, linked documents.

    lexicon (Lexicon): verbs, nouns and cues; the packaged lexicons when None.
    keep_negated (bool): return negated events marked ``negated=True`` instead of dropping them.
    """

    def __init__(self, lexicon: Lexicon | None = None, keep_negated: bool = False):
        self.lex = lexicon or load_lexicon()
        self.keep_negated = keep_negated

    def code(self, doc: Document) -> list[Event]:
        """All events of a document, in text order (needs ``doc.spacy_doc`` and ``doc.linked``)."""
        if doc.spacy_doc is None or doc.linked is None:
            return []
        events: list[Event] = []
        for sent in doc.spacy_doc.sents:
            # 1. skip sentences without a lexicon word: a set lookup, no parse walking
            if not any(tok.lemma_.lower() in self.lex.triggers for tok in sent):
                continue
            if sent.text.rstrip(" \"'”’").endswith("?"):
                continue  # a question asks whether something happened; it does not report it
            # 2. candidates from verbs and nouns, minus cue verbs another event accounts for
            found = [c for tok in sent for c in self._candidates(tok, doc)]
            consumed = {c.consumed.i for c in found if c.consumed is not None}
            found = [c for c in found if c.trigger.i not in consumed]
            found = [c for c in found if self.keep_negated or not c.negated]
            found = [c for c in found if not self._describes_someone(c)]
            triggers = {c.trigger.i for c in found}
            found = [c for c in found if not self._side_meeting(c, triggers)]
            # 3. actors, dates and places; one event per type and place in a sentence
            sent_events = [self._to_event(c, sent, doc, events) for c in found]
            events.extend(merge_sentence_events([e for e in sent_events if e is not None]))
        # 4. the same event retold later in the document is kept once
        return drop_repeats(events)

    def _describes_someone(self, cand: Candidate) -> bool:
        """A deed told in a relative clause describes its noun; the sentence reports something else.

        "Ted Cruz, who last year threatened to shut down the government", "an organization that
        endorsed Sanders", "people who met with Clinton": background about the noun. A clause of
        time or place ("in November, WHEN bombers killed 130 people"), a clause whose relative
        pronoun is not the doer, and the types listed in ``relative_clause_types`` (attacks:
        "militants who attacked a hotel") are still news.
        """
        verb = cand.trigger
        if verb.dep_ != "relcl" or cand.type in self.lex.cue_set("relative_clause_types"):
            return False
        # only "X, who did Y": the relative pronoun is the doer; "charges WHICH Washington dismissed"
        # and "a proposal that is supported BY Ukraine" tell what was done to the noun
        return any(c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS for c in verb.children)

    def _side_meeting(self, cand: Candidate, triggers: set[int]) -> bool:
        """A meeting named only as the setting of another deed or remark is not coded itself.

        "signed off on the agreement AT an annual meeting", "AT the summit, Japarov noted that":
        the sentence reports the signing or the remark; the meeting is where it happened.
        """
        if not cand.rule.endswith(":at") or cand.entry.frame != "meeting":
            return False
        if preps_objects(cand.trigger, ("with", "between", "among", "by")):
            # "stated ... at a meeting WITH the new Secretary General", "during a visit BY Starmer":
            # a meeting that names its parties is news
            return False
        gov = cand.anchors[-1]
        return gov.i in triggers or gov.lemma_.lower() in self.lex.cue_set("remark_verbs")

    # --- finding candidates -------------------------------------------------------------------

    def _candidates(self, tok: Token, doc: Document) -> list[Candidate]:
        lemma = tok.lemma_.lower()
        cand = None
        if tok.pos_ in ("VERB", "AUX") and lemma in self.lex.verbs:
            cand = self._verb_candidate(tok, doc)
        nominal = tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ in NOMINAL_DEPS)
        if cand is None and nominal and lemma in self.lex.nouns:
            cand = self._noun_candidate(tok, doc)
        return [cand] if cand is not None and self._settle_intention(cand) else []

    def _verb_candidate(self, verb: Token, doc: Document) -> Candidate | None:
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return None  # "forces backed by Djiboutian soldiers": a description, not a reported deed
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBN"
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in verb.children)
        ):
            # "Injured in the initial attack, the driver ...": a participle describing its subject
            return None
        subject, passive = subject_of(verb)
        objects = objects_of(verb, passive)
        # the agent of a passive is its subject for a subject group ("Trump was attacked BY Clinton")
        entry = self._verb_entry(verb, objects, agent_of(verb) if passive else subject, doc)
        if entry is None:
            return None
        if entry.type == "THREATEN" and self._loose_threat(verb):
            return None
        cand = Candidate(entry, verb, [verb], entry.type, entry.mode, entry.cameo, rule=entry.rule)
        cand.negated = is_negated(verb, None, self.lex)
        src_tok = agent_of(verb) or (None if passive and not entry.passive_source else subject)
        if src_tok is None and passive and not entry.passive_source:
            src_tok = self._self_reporter(verb, entry, doc)
        cand.sources = act.actors_of(src_tok, doc, places_as_states=True) if src_tok is not None else []
        cand.subject = src_tok
        if src_tok is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in src_tok.children):
            cand.negated = True  # "no country has recognized": nobody did
        if entry.objects in self.lex.cue_set("people_groups"):
            # "expelled three Russian diplomats", "freed two Canadians": those acted on are the target
            cand.targets = [
                a for o in objects if o.dep_ != "conj" for a in act.actors_of(o, doc, places_as_states=True)
            ]
        elif not entry.objects and not (passive and entry.passive_source):
            cand.targets = [
                a for o in objects if o.dep_ != "conj" for a in act.actors_of(o, doc, places_as_states=True)
            ]
        cand.targets += self._recipients(verb, objects, entry, doc)
        if not cand.targets:
            # "urged Beijing to use its influence", "warned that Somalia's actions would":
            # the subject of the clause the verb governs is the one addressed
            clauses = [
                c
                for c in verb.children
                if c.dep_ in ("ccomp", "xcomp")
                or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children))
            ]
            clause_subjects = [g for c in clauses for g in c.children if g.dep_ == "nsubj"]
            # "threatened to strike the South": without a subject, the one the clause acts on
            clause_subjects += [g for c in clauses for g in c.children if g.dep_ == "dobj"]
            cand.targets = [
                a for t in clause_subjects[:1] for a in act.actors_of(t, doc, places_as_states=True)
            ]
        if not cand.targets and not (passive and entry.passive_source):
            # the one acted on, as written, when the linker knows no actor in it ("Dodik",
            # "U.S. exports" -> USA): only names, people and phrases that name one state
            group = self.lex.groups.get(entry.objects or "", frozenset())
            holders = [o for o in objects if o.dep_ != "conj"] if not entry.objects else []
            for h in [verb, *(o for o in objects if o.lemma_.lower() in group)]:
                holders += preps_objects(h, entry.targets)
            cand.targets = [
                a for h in holders[:2] for a in act.surface_targets(h, doc, self.lex.cue_set("agent_nouns"))
            ]
        if not cand.targets and not passive and not entry.needs_target and entry.type not in SYMMETRIC_TYPES:
            # the one acted on, named inside the object or a prepositional phrase
            cand.targets = act.fallback_targets(verb, objects, doc, cand.sources)
        if not cand.targets and not entry.objects and not passive:
            # "attacked a passenger train in Balochistan": the one acted on is no actor the
            # linker knows; it stands as written if its sentence places it in one state
            cand.patients = [
                Actor(None, doc.text[slice(*act.phrase_bounds(o))])
                for o in objects[:1]
                if o.pos_ in ("NOUN", "PROPN") and o.lower_ not in act.PRONOUNS
            ]
        cand.sources += [a for t in preps_objects(verb, entry.sources) for a in act.actors_of(t, doc)]
        if entry.host:  # PLOVER: the visitor is the source, the host the recipient
            cand.host = cand.sources
            cand.sources, cand.targets = cand.targets, cand.sources
        cand.future = is_future(verb, None, self.lex)
        return cand

    def _self_reporter(self, verb: Token, entry: Entry, doc: Document) -> Token | None:
        """The security body saying so, for its own kind of deed told without an agent.

        "The Turkish Defence Ministry announced that seven militants were killed": armed
        forces, police and ministries report their own operations this way (cues.yaml).
        """
        if entry.type not in self.lex.cue_set("self_reported_types") or verb.dep_ != "ccomp":
            return None
        if verb.head.lemma_.lower() not in self.lex.cue_set("speech_verbs"):
            return None
        speaker, speaker_passive = subject_of(verb.head)
        if speaker is None or speaker_passive:
            return None
        if speaker.lemma_.lower() in self.lex.cue_set("self_reporting_nouns"):
            return speaker
        sectors = self.lex.cue_set("self_reporting_sectors")
        return speaker if any(a.sector in sectors for a in act.actors_of(speaker, doc)) else None

    def _loose_threat(self, verb: Token) -> bool:
        """ "threatened to run away from the field", "threaten to divide up the votes": a threat in a
        loose sense, no deed against anyone; a threatened deed is one the lexicon codes."""
        clauses = [c for c in verb.children if c.dep_ == "xcomp"]
        if not clauses or any(c.dep_ == "dobj" for c in verb.children):
            return False
        return not any(
            c.lemma_.lower() in self.lex.verbs or any(o.lemma_.lower() in self.lex.nouns for o in c.children)
            for c in clauses
        )

    def _recipients(self, verb: Token, objects: list[Token], entry: Entry, doc: Document) -> list[Actor]:
        """ "sanctions ON Iran", "met WITH", "offered Ukraine aid": recipients beside the object."""
        # "returned a boat and its crew TO Japan": the parser may hang the recipient on any object,
        # or on the noun after the object's own preposition ("shared intelligence on networks WITH")
        holders = [verb, *objects]
        holders += [
            p for o in objects for c in o.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
        ]
        found = [
            a
            for h in holders
            for t in preps_objects(h, entry.targets)
            for a in act.actors_of(t, doc, places_as_states=True)
        ]
        datives = [c for c in verb.children if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN")]
        return found + [a for d in datives for a in act.actors_of(d, doc, places_as_states=True)]

    def _verb_entry(
        self, verb: Token, objects: list[Token], subject: Token | None = None, doc: Document | None = None
    ) -> Entry | None:
        """The first entry for the verb whose object and particle conditions hold."""
        speech = self.lex.cue_set("comment_verbs")
        if any(c.dep_ == "xcomp" and c.lemma_.lower() in speech for c in verb.children):
            return None  # "declined to comment", "refused to elaborate": nothing is refused but words
        for entry in self.lex.verbs[verb.lemma_.lower()]:
            if entry.needs and not has_needed(verb, entry.needs):
                continue
            if entry.objects and not any(self._in_group(o, entry.objects, doc) for o in objects):
                continue
            if entry.intransitive and any(c.dep_ == "dobj" for c in verb.children):
                continue
            if entry.transitive and not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
                continue
            if entry.clause and not any(
                c.dep_ == "xcomp" or (c.dep_ == "ccomp" and c.subtree.__next__().lower_ not in WH_WORDS)
                for c in verb.children
            ):
                continue  # "asked Kyiv to withdraw" asks for a deed; "asked why" only asks a question
            if entry.infinitive and not any(c.dep_ == "xcomp" for c in verb.children):
                continue
            if entry.subject_group and (
                subject is None or not self._in_group(subject, entry.subject_group, doc)
            ):
                continue
            if entry.prep_objects and not any(
                self._in_group(o, entry.prep_objects) for o in preps_objects(verb, entry.needs)
            ):
                continue
            return entry
        return None

    def _in_group(self, token: Token, group: str, doc: Document | None = None) -> bool:
        if group == "persons" and token.ent_type_ == "PERSON":
            return True
        if group == "persons" and doc is not None and doc.linked is not None:
            # the tagger reads some names as organisations ("Trump" as ORG); the linker knows better
            if any((a.id or "").startswith("person:") for a in act.resolve_phrase(token, doc, False)):
                return True
        if group == "states" and token.ent_type_ == "GPE":
            return True  # "the AU suspended Mali"
        if group == "recognizable" and token.ent_type_ in ("GPE", "ORG", "NORP"):
            return True  # "recognised Kosovo", "recognised the Taliban"
        if group == "captives" and token.ent_type_ in ("NORP", "PERSON"):
            return True  # "freed two Canadians", "released Suu Kyi"
        if group == "places" and token.ent_type_ in ("GPE", "LOC", "FAC"):
            return True  # "captured Bakhmut", "seized control of Goma"
        return token.lemma_.lower() in self.lex.groups[group]

    def _noun_candidate(self, noun: Token, doc: Document) -> Candidate | None:
        if noun.ent_type_ in ("DATE", "TIME"):
            return None  # "in March", "since the March elections": a date, not a march
        for entry in self.lex.nouns[noun.lemma_.lower()]:
            frame = self.lex.frames.get(entry.frame or "")
            if frame is None or not self._amod_ok(noun, entry):
                continue
            if entry.needs and not has_needed(noun, entry.needs):
                continue  # "in cooperation WITH the DEA", not "interested in cooperation"
            placed = noun_frame(noun, entry, frame)
            if placed is None:
                continue
            gov, role = placed
            cand = self._frame_candidate(noun, entry, gov, role, doc)
            cand.negated = is_negated(noun, gov, self.lex)
            return cand
        return None

    def _amod_ok(self, noun: Token, entry: Entry) -> bool:
        mods = [c.lower_ for c in noun.children if c.dep_ in ("amod", "compound")]
        if any(m in entry.except_amod for m in mods):
            return False
        if not entry.needs_amod:
            return True
        return any(c.lower_ in entry.needs_amod for c in noun.children if c.dep_ in ("amod", "compound"))

    def _frame_candidate(self, noun: Token, entry: Entry, gov: Token, role: str, doc: Document) -> Candidate:
        cand = Candidate(
            entry, noun, [noun, gov], entry.type, entry.mode, entry.cameo, confidence=SETTINGS.noun_confidence
        )
        cand.rule = f"{entry.rule}:{role}"
        if role in ("take_part", "at"):
            cand.sources = self._governor_actors(gov, doc) or self._meeting_subject_actors(gov, doc)
            if gov.lemma_ in self.lex.cue_set("host_verbs"):
                cand.host = list(cand.sources)
        cand.sources += self.modifier_actors(noun, doc)
        partners = preps_objects(noun, ("with",)) + preps_objects(gov, ("with",))
        cand.targets = [a for t in partners for a in act.actors_of(t, doc)]
        cand.sources += [
            a for t in preps_objects(noun, ("between", "among", "by")) for a in act.actors_of(t, doc)
        ]
        # "a visit TO Saudi Arabia", "an attack ON Kyiv": recipients named on the noun
        cand.targets += [
            a
            for t in preps_objects(noun, entry.targets)
            for a in act.actors_of(t, doc, places_as_states=True)
        ]
        frame = self.lex.frames.get(entry.frame or "")
        if role == "happen" and frame is not None and frame.object_is_target and gov.pos_ == "VERB":
            # "the sanctions will cover the Wagner Group", "tariffs targeting Canada"
            cand.targets += [
                a
                for o in gov.children
                if o.dep_ == "dobj"
                for a in act.actors_of(o, doc, places_as_states=True)
            ]
        # an agent the linker does not know, for the unresolved fallback: "Argentine unions staged
        # a strike", "BRICS summit", "Rubio's visit"
        named = [c for c in noun.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"]
        doer = subject_of(gov)[0] if role in ("take_part", "at") and gov.pos_ in ("VERB", "AUX") else None
        if doer is not None and doer.lower_ in act.PRONOUNS and named:
            doer = None  # "This marks Rubio's visit": the name on the noun, not "this"
        cand.subject = doer if doer is not None else (named[0] if named else None)
        cand.future = is_future(gov, noun, self.lex)
        if role == "happen" and is_announced(gov, self.lex.frames[entry.frame or ""]):
            cand.future = True
        if entry.frame == "exercise":
            self._type_exercise(cand, noun, doc)
        return cand

    def _governor_actors(self, gov: Token, doc: Document) -> list[Actor]:
        if gov.pos_ in ("NOUN", "PROPN"):
            # a verbless fragment: "President X at the session"; a plain noun ("the position") is nobody
            named = doc.linked.entity_at(gov.idx, gov.idx + len(gov.text)) is not None
            return act.actors_of(gov, doc) if named else []
        subject, passive = subject_of(gov)
        src = agent_of(gov) or (None if passive else subject)
        return act.actors_of(src, doc) if src is not None else []

    def _meeting_subject_actors(self, gov: Token, doc: Document) -> list[Actor]:
        """ "The talks between Putin and Xi ended with the signing": the meeting's parties did it."""
        subject, _ = subject_of(gov) if gov.pos_ in ("VERB", "AUX") else (None, False)
        if subject is None or subject.lemma_.lower() not in MEETING_REFERENCES:
            return []
        parties = preps_objects(subject, ("between", "among", "of"))
        return self.modifier_actors(subject, doc) + [a for t in parties for a in act.actors_of(t, doc)]

    def modifier_actors(self, noun: Token, doc: Document) -> list[Actor]:
        """Actors named on the noun itself: "the CSTO summit", "Russia's drills", "session of the Council"."""
        out: list[Actor] = []
        for child in noun.children:
            if child.dep_ in ("compound", "nmod", "poss", "amod"):
                start = child.idx
                covering = [
                    e for m, e in doc.linked.mentions_in(start, start + 1) if m.start <= start < m.end
                ]
                out += act.acting(covering[:1], doc)
            elif child.dep_ == "prep" and child.lower_ == "of":
                out += [a for p in child.children if p.dep_ == "pobj" for a in act.actors_of(p, doc)]
        return out

    def _type_exercise(self, cand: Candidate, noun: Token, doc: Document) -> None:
        """Joint (COOPERATE) or one actor's own (MOBILIZE); named pack exercises bring their organisation."""
        phrase = noun.head if noun.dep_ in ("nmod", "compound") else noun  # "the exercise “Search”"
        sub_start = min(t.idx for t in phrase.subtree)
        sub_end = max(t.idx + len(t.text) for t in phrase.subtree)
        owners = act.owners_in(doc, sub_start, sub_end)
        cand.sources += [o for o in owners if not any(act.same_actor(o, s) for s in cand.sources)]
        markers = self.lex.joint_markers
        joint = any(c.lower_ in markers for c in noun.children if c.dep_ in ("amod", "compound"))
        if cand.entry.needs_joint:
            # "operation", "events": only a joint or a named one is cooperation; else nothing is coded
            cand.type = cand.type if joint or owners else ""
            return
        parties = {a.country or a.id for a in cand.sources + cand.targets}
        igo = any(a.sector == "IGO" for a in cand.sources)
        if joint or owners or cand.targets or len(parties) >= 2 or igo or not cand.entry.alone:
            return
        cand.type = cand.entry.alone["type"]
        cand.mode = cand.entry.alone.get("mode")
        cand.cameo = str(cand.entry.alone.get("cameo", cand.cameo))

    # --- intentions and announcements (PLOVER retyping) -------------------------------------------

    def _settle_intention(self, cand: Candidate) -> bool:
        """Apply threat/intent cues; False when the event is only hypothetical or not an event."""
        if not cand.type:
            return False
        verb = cand.anchors[-1]
        kind, head = intention(verb, self.lex)
        if (
            kind == "hypothetical"
            and self.lex.family(cand.type) == "conflict"
            and conditional_promise(verb, self.lex)
        ):
            # "if they do not comply, we will impose sanctions": a threat, as PLOVER codes it
            cand.mode = self.lex.cues["threat_modes"].get(cand.type)
            cand.type, cand.cameo = "THREATEN", "130"
            cand.rule += "<if"
            return True
        if kind == "hypothetical":
            return False
        if kind == "threat" and head is not None:
            cand.mode = self.lex.cues["threat_modes"].get(cand.type)
            cand.type, cand.cameo, cand.consumed = "THREATEN", "130", head
            cand.rule += f"<threat:{head.lemma_}"
        elif kind == "intent" and head is not None:
            cand.consumed = head
            cand.rule += f"<intent:{head.lemma_}"
            self.retype_intended(cand, intended=True)
        elif cand.future:
            self.retype_intended(cand)
        return True

    def retype_intended(self, cand: Candidate, intended: bool = False) -> None:
        """An announced or intended event: cooperation -> AGREE, a meeting -> AGREE (036), conflict -> THREATEN.

        intended (bool): a verb of intending governs the event ("pledged to work together",
            "plans to hold exercises"): PLOVER codes the intention, whatever the type; only a
            merely scheduled joint action keeps its type (``keep_when_future``).
        """
        cand.future = True
        if cand.type in self.lex.cues["keep_when_future"] and not intended:
            return
        key = "meeting" if cand.type == "CONSULT" else self.lex.family(cand.type)
        target = self.lex.cues["intended"].get(key)
        if target is None or target["type"] == cand.type:
            return
        cand.mode = self.lex.cues["threat_modes"].get(cand.type) if target["type"] == "THREATEN" else None
        cand.type, cand.cameo = target["type"], str(target["cameo"])
        cand.rule += "<future"

    # --- from candidate to event ----------------------------------------------------------------

    def _to_event(
        self, cand: Candidate, sent: SpacySpan, doc: Document, earlier: list[Event]
    ) -> Event | None:
        confidence = cand.confidence
        reporters = self.lex.cue_set("never_sources")
        cand.sources = [a for a in cand.sources if not is_reporter(a, reporters)]
        sources = [a for a in cand.sources if not is_weak(a)]
        if not sources and cand.type in MAIN_EVENT_TYPES:
            sources = self._meeting_actors(cand, doc, earlier)
            confidence -= SETTINGS.inherited_penalty
        if cand.entry.needs_target and not [t for t in cand.targets if not is_weak(t)]:
            return None  # a bare promise or threat with nobody on the other side
        if not sources and not cand.sources and cand.subject is not None:
            # a named or pointed-to agent the linker does not know ("Pastor Cranston", "he"):
            # the event stands, with the agent as written and a lower confidence
            sources = act.surface_actors(cand.subject, doc, self.lex.cue_set("agent_nouns"))
            sources = [a for a in sources if not is_reporter(a, reporters)]
            confidence -= SETTINGS.unresolved_penalty
        if not sources:
            # a group the linker knows but cannot place ("Western diplomats walked out", "Quad
            # leaders agreed"): named as written; a meeting or agreement of a nameless group ("the
            # leaders adopted") only takes the actors of the meeting it follows
            sources = [
                a
                for a in cand.sources
                if a.sector is not None and (cand.type not in MAIN_EVENT_TYPES or names_someone(a))
            ]
            confidence -= SETTINGS.unresolved_penalty
        if not sources and cand.type == "CONSULT" and self._meeting_parties(cand.subject):
            # "the sides discussed", "the participants exchanged views": the parties of a meeting
            # the sentence does not name still met (an agreement of "the leaders" still takes the
            # actors of the meeting it follows: which leaders agreed, the sentence does not say)
            start, end = act.phrase_bounds(cand.subject)
            sources = [Actor(None, doc.text[start:end])]
            confidence -= SETTINGS.unresolved_penalty
        if not sources:
            return None  # no agent at all ("the leaders", "it"): nothing to code
        targets = [
            t
            for t in unique(cand.targets)
            if not is_weak(t) and not any(act.same_actor(t, s) for s in sources)
        ]
        if (
            not targets
            and cand.type in SYMMETRIC_TYPES
            and len(unique(sources)) == 2
            and not cand.host
            and not any(a.sector == "IGO" for a in sources)
        ):
            # "Tokyo and Washington agreed": of two parties, PLOVER codes one as source and the
            # other as target; three or more, or an organisation's session, stay all sources
            sources, targets = unique(sources)[:1], unique(sources)[1:]
        if any(a.country is None for a in sources + targets):
            states = act.sentence_states(sent.start_char, sent.end_char, doc)
            # both sides from the actors as resolved: a domestic event has both in one state
            sources, targets = (
                act.placed(unique(sources), states, targets),
                act.placed(targets, states, sources),
            )
        if not targets and cand.patients:
            states = act.sentence_states(sent.start_char, sent.end_char, doc)
            targets = [a for a in act.placed(cand.patients, states, cand.sources) if a.country]
        if (
            cand.type == "THREATEN"
            and cand.entry.type != "THREATEN"
            and "<threat:" not in cand.rule
            and not targets
            and cand.entry.type not in self.lex.cue_set("targetless_threats")
        ):
            # a conflictual plan or promise with nobody on the other side ("promised to impose
            # tariffs on imported goods", "we will adopt this package"): no threat against anyone
            return None
        if cand.entry.state_source and not any(a.country for a in sources):
            return None  # "resigned as chairman of the campaign": no state actor yields anything
        if cand.type == "CONSULT" and cand.mode is None and is_multilateral(sources + targets):
            cand.mode = "multilateral"
        when = self._date(cand, sent, doc)
        if when is None or not when.explicit:
            confidence -= SETTINGS.default_date_penalty
        return Event(
            type=cand.type,
            sentence=Span(sent.start_char, sent.end_char, sent.text),
            mode=cand.mode,
            cameo=cand.cameo,
            date=when.value if when else None,
            date_precision=when.precision if when else None,
            place=self._place(cand, doc, when),
            source=unique(sources),
            target=targets,
            trigger=cand.trigger.text,
            rule=cand.rule,
            confidence=max(0.05, min(1.0, confidence)),
            negated=cand.negated,
            date_reason=self._date_reason(when, cand),
            claimed_by=quoted_speaker(cand.trigger, sent, doc),
        )

    def _meeting_parties(self, subject: Token | None) -> bool:
        """A plural noun of the parties of a meeting ("the sides", "the leaders", "participants")."""
        return (
            subject is not None
            and subject.tag_ == "NNS"
            and subject.lemma_.lower() in self.lex.groups.get("parties", frozenset())
        )

    @staticmethod
    def _date_reason(when: EventDate | None, cand: Candidate) -> str | None:
        if when is None:
            return None
        announced = " (announced: may lie after publication)" if cand.future else ""
        return (when.reason or "") + announced

    def _meeting_actors(self, cand: Candidate, doc: Document, earlier: list[Event]) -> list[Actor]:
        """An outcome of a meeting ("signed following the summit") takes the meeting's actors.

        The meeting word must hang on the event's own words. When it names its actors
        ("the CIS summit") those are used; else the meeting coded earlier that it
        points back to (``assemble.earlier_meeting``).
        """
        refs = [
            tok
            for anchor in dict.fromkeys(cand.anchors)
            for tok in anchor.subtree
            if tok.lemma_.lower() in MEETING_REFERENCES
            and tok.i != cand.trigger.i
            and any(
                c.lower_ in ("the", "this", "that") or c.dep_ in ("poss", "compound") for c in tok.children
            )
        ]
        for ref in refs:
            named = [a for a in self.modifier_actors(ref, doc) if not is_weak(a)]
            if named:
                return named
        return earlier_meeting(tuple(r.lemma_.lower() for r in refs), earlier) if refs else []

    def _date(self, cand: Candidate, sent: SpacySpan, doc: Document) -> EventDate | None:
        found = date_in_sentence(sent, cand.anchors, doc, cand.future)
        if found is not None:
            base, _ = reference_dates(doc)
            if base and found.value > base[: len(found.value)] and not cand.future:
                # a date after publication: the event is announced, not reported
                self.retype_intended(cand)
                found = EventDate(found.value, found.precision, True, found.reason + "; after publication")
            return found
        return default_date(doc, cand.type in MAIN_EVENT_TYPES and not cand.future)

    def _place(self, cand: Candidate, doc: Document, when: EventDate | None) -> str | None:
        place = place_on(cand.anchors, doc) or host_place(cand.host, doc)
        if (
            place is None
            and when is not None
            and when.value == doc.event_date
            and cand.type in MAIN_EVENT_TYPES
        ):
            place = doc.place  # the day's main event happened where the dateline says
        return place
