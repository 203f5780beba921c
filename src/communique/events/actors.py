"""Source and recipient actors from the dependency parse, resolved through the linker.

A noun phrase becomes one actor per conjunct ("Russia, Belarus and Kazakhstan" ->
three). Each conjunct resolves, in order, to: the linked entity whose mention covers
its head word ("Lukashenko", "the Belarusian leader"); a role or group description
the linker understands ("Moroccan diplomats" -> MAR/GOV); else the entities named
inside it ("the heads of CSTO member states" -> the CSTO). Bodies stand for their
organisation (PLOVER codes an organisation acting as a whole as one IGO actor), and a
named exercise or operation brings in the organisation whose pack defines it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from communique.events.sectors import dated_sector, descriptor_sector, people_head, sector_data, with_sector
from communique.model import Actor, Document, Entity

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependents that are not part of an actor's own noun phrase.
PHRASE_BREAKS = frozenset({"conj", "cc", "relcl", "acl", "punct", "advcl", "prep", "dep", "parataxis"})
# Entity types that can act; places, exercises and things never do by themselves.
ACTING_TYPES = frozenset({"person", "organization", "country", "body"})
# Entity types whose pack organisation is an actor of the event naming them.
OWNED_TYPES = frozenset({"exercise", "operation"})
# Words that only point back ("they", "it"): no actor, but not an error either.
PRONOUNS = frozenset({"they", "it", "we", "i", "you", "which", "who", "that", "this", "them", "its", "their"})
# "he"/"she" name the last person mentioned before them, within this many characters.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
PRONOUN_WINDOW = 400
PRONOUN_TOKENS = 60  # the same reach in words, for names the linker did not mark
# Longest role or group description tried against the linker's role words, in words.
MAX_ROLE_WORDS = 4


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("Russia, Belarus and Kazakhstan")."""
    out, todo = [], [token]
    while todo:
        tok = todo.pop(0)
        out.append(tok)
        todo.extend(c for c in tok.children if c.dep_ == "conj")
    return out


def phrase_bounds(token: Token) -> tuple[int, int]:
    """Character bounds of the token's own noun phrase, keeping "of" phrases and names in apposition."""
    toks = [token]
    for child in token.children:
        if child.dep_ in PHRASE_BREAKS and not (child.dep_ == "prep" and child.lower_ == "of"):
            continue
        toks.extend(child.subtree)
    toks = [t for t in toks if not t.is_punct or t.i in (token.i,)]
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def actors_of(token: Token, doc: Document, places_as_states: bool = False) -> list[Actor]:
    """Actors named by a noun phrase and its conjuncts, without duplicates.

    places_as_states (bool): a city acting as the subject stands for its state's
        government ("Beijing offered", "Washington lifted").
    """
    found: list[Actor] = []
    for tok in conjuncts(token):
        if is_dateline(tok):
            # "VIENNA (Reuters) –": where and by whom the story was filed, never an actor
            real = other_subject(tok)
            resolved = actors_of(real, doc, places_as_states) if real is not None else []
            found += [a for a in resolved if not any(same_actor(a, f) for f in found)]
            continue
        speaker = reported_speaker(tok) or antecedent(tok) or quoting_speaker(tok) or apposed(tok)
        if speaker is not None:
            # "the Pakistan military said it killed": the pronoun is the one who says so
            resolved = actors_of(speaker, doc, places_as_states)
        elif tok.lower_ in PRONOUNS:
            continue
        elif tok.lower_ in PERSON_PRONOUNS:
            resolved = last_person(tok, doc)
        else:
            resolved = resolve_phrase(tok, doc, places_as_states) or metonym(tok, doc)
            resolved = [with_sector(with_state(a, tok, doc), tok, doc) for a in resolved]
            resolved = [p for a in resolved for p in placed_group(a, tok, doc)]
        for actor in resolved:
            if not any(same_actor(actor, a) for a in found):
                found.append(actor)
    return found


# Pronouns that, as the subject of what someone says, are the one saying it ("the ministry
# said it had", "officials said they arrested", "Lukashenko said he signed").
SPEAKER_PRONOUNS = frozenset({"it", "they", "we", "he", "she"})


def reported_speaker(pronoun: Token) -> Token | None:
    """The named subject of the speech verb whose clause the pronoun is the subject of.

    "The officials said they arrested": the clause ("they arrested") is the complement of
    "said", whose subject is a noun, so "they" are the officials. Only a subject that is not
    itself a pronoun, and only the speech verbs of the lexicon (cues.yaml ``speech_verbs``).
    """
    from communique.events.lexicon import load_lexicon

    if pronoun.lower_ not in SPEAKER_PRONOUNS or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in load_lexicon().cue_set("speech_verbs"):
        return None
    speakers = [c for c in clause.head.children if c.dep_ == "nsubj"]
    if not speakers or speakers[0].pos_ not in ("NOUN", "PROPN"):
        return None
    person = pronoun.lower_ in ("he", "she")
    if person != (speakers[0].ent_type_ == "PERSON"):
        return None  # "he" is a person; "it"/"they" a body or a group
    return speakers[0]


# Relative pronouns: as the subject of a relative clause, the noun the clause describes.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# First-person pronouns: inside a quotation, the one quoted ("'We urge Afghanistan ...,' Khan told").
FIRST_PERSON = frozenset({"we", "i"})


def apposed(pronoun: Token) -> Token | None:
    """ "We, the Foreign Ministers of ASEAN, met": the noun in apposition to a pronoun."""
    if pronoun.lower_ not in PRONOUNS:
        return None
    return next((c for c in pronoun.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")), None)


# Dashes and brackets that follow a dateline's place ("VIENNA (Reuters) –", "MINSK —").
DATELINE_MARKS = frozenset({"(", "-", "–", "—"})


def is_dateline(tok: Token) -> bool:
    """A place in capitals opening a line and followed by an agency bracket or a dash, or the
    agency in that bracket ("VIENNA (Reuters) –")."""
    if tok.i >= 2 and tok.doc[tok.i - 1].text == "(" and _dateline_place(tok.doc[tok.i - 2]):
        return True
    return _dateline_place(tok)


def other_subject(tok: Token) -> Token | None:
    """The verb's other subject, when the parser took a dateline for one ("VIENNA (Reuters) – The
    OSCE ... agreed": both hang on "agreed")."""
    return next(
        (c for c in tok.head.children if c.dep_ == tok.dep_ and c.i > tok.i and not is_dateline(c)), None
    )


def _dateline_place(tok: Token) -> bool:
    if not (tok.text.isupper() and len(tok.text) > 2 and tok.pos_ == "PROPN"):
        return False
    start = tok.i
    while (
        start > tok.sent.start
        and not tok.doc[start - 1].is_space
        and "\n" not in tok.doc[start - 1].text_with_ws
    ):
        start -= 1
    if tok.i - start > 2:
        return False
    following = tok.doc[tok.i + 1 : tok.i + 4]
    return any(t.text in DATELINE_MARKS for t in following)


def antecedent(pronoun: Token) -> Token | None:
    """ "six militants WHO attacked a hotel": the noun a relative clause's subject pronoun stands for."""
    if pronoun.lower_ not in RELATIVE_PRONOUNS or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pronoun.head
    if clause.dep_ != "relcl" or clause.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return clause.head


def quoting_speaker(pronoun: Token) -> Token | None:
    """The named subject of the speech verb outside the quotation a first-person pronoun is in."""
    from communique.events.quoting import quote_speaker_token

    if pronoun.lower_ not in FIRST_PERSON or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    speaker = quote_speaker_token(pronoun)
    if speaker is None or speaker.pos_ not in ("NOUN", "PROPN") or speaker.lower_ in PRONOUNS:
        return None
    return speaker


# Quantity words heading a group of people ("thousands of Georgians", "scores of sellers").
QUANTITY_HEADS = frozenset({"thousand", "hundred", "dozen", "score", "million", "group", "number"})
# Pronouns that stand for a person or a group of people: an agent even when unresolved.
AGENT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
# Named-entity labels of names that can act (not dates or amounts); the small English
# model often calls a person's surname a place ("Berisha rejected"), and places acting
# for their government are resolved by the linker before this fallback is reached.
AGENT_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", ""})


def _named_in(noun: Token) -> bool:
    """A description carrying its own name: "media watchdog Reporters Without Borders"."""
    return any(
        c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" and c.i > noun.i and c.ent_type_ != "DATE"
        for c in noun.children
    )


def sentence_states(start: int, end: int, doc: Document) -> set[str]:
    """The states a sentence names, by country names and demonyms, by its places, or by the
    seats of government and movements of metonyms.yaml ("militants linked with the BLA")."""
    states: set[str] = set()
    for _, ent in doc.linked.mentions_in(start, end):
        if ent.type == "country" and ent.country:
            states.add(ent.country)
        elif ent.type == "place":
            states.update(a.country for a in _state_of_place(ent, doc) if a.country)
    span = doc.spacy_doc.char_span(start, end, alignment_mode="expand") if doc.spacy_doc is not None else None
    if span is not None:
        states.update(_metonym_states(span))
    if not states:
        # a sentence naming no state is about the state the document is about ("Police detained
        # dozens of protesters" in a story from Tbilisi)
        main = document_state(doc)
        states = {main} if main else set()
    if not states:
        # else about the state of the one the packs know as its people ("Putin pardoned
        # Khodorkovsky": a domestic affair)
        people = {
            ent.country
            for _, ent in doc.linked.mentions_in(start, end)
            if ent.type == "person" and ent.country
        }
        states = PeopleStates(people) if len(people) == 1 else set()
    return states


class PeopleStates(set):
    """States known only from the people a sentence names: they place people, not things."""


def document_state(doc: Document) -> str | None:
    """The state most of the document's state and place mentions name, if more than half do."""
    cache = doc.spacy_doc.user_data if doc.spacy_doc is not None else {}
    key = "_communique_document_state"
    if key in cache:
        return cache[key]
    counts: dict[str, int] = {}
    for _, ent in doc.linked.mentions_in(0, len(doc.text)):
        if ent.type == "country" and ent.country:
            found = [ent.country]
        elif ent.type == "place":
            found = [a.country for a in _state_of_place(ent, doc) if a.country]
        else:
            continue
        for state in found[:1]:
            counts[state] = counts.get(state, 0) + 1
    total = sum(counts.values())
    best = max(counts, key=counts.get) if counts else None
    main = best if best is not None and counts[best] * 2 > total else None
    cache[key] = main
    return main


def _metonym_states(span) -> set[str]:  # noqa: ANN001 (a spaCy Span)
    """States of the metonyms.yaml names written in the span as names (runs of proper nouns)."""
    from communique.events.lexicon import load_metonyms

    names = load_metonyms()
    runs: list[list[str]] = [[]]
    for tok in span:
        if tok.pos_ == "PROPN" or (tok.text[:1].isupper() and tok.pos_ in ("NOUN", "ADJ")):
            runs[-1].append(tok.text)
        elif runs[-1]:
            runs.append([])
    found = set()
    for run in runs:
        for n in range(len(run), 0, -1):
            hits = [names.get(" ".join(run[i : i + n]).lower()) for i in range(len(run) - n + 1)]
            found.update(h["country"] for h in hits if h and h.get("country"))
    return found


# Sectors of people acting or acted on at home: civilians, protesters, police and armed
# movements take the one state their sentence names even when the other party holds it ("the
# rebel group demobilized 3,000 fighters in Darfur").
DOMESTIC_SECTORS = frozenset({"CVL", "OPP", "COP", "REB"})


def placed(actors: list[Actor], states: set[str], others: list[Actor]) -> list[Actor]:
    """Actors without a state take the one state their sentence names, if there is only one.

    PLOVER codes an unnamed domestic actor with the country where it acts ("Protesters
    marched in Paris" -> FRA, "Militants attacked a train in Pakistan" -> PAK). A state
    that is already the other party's is not the actor's own ("troops attacked Ukraine").
    """
    if isinstance(states, PeopleStates):
        # "Putin pardoned Khodorkovsky" places Khodorkovsky, not "the accusations" someone rejected
        people = iter(placed([a for a in actors if a.sector is not None], set(states), others))
        return [next(people) if a.sector is not None else a for a in actors]
    free = states - {a.country for a in others if a.country}
    if len(states) == 1 and not free:
        # "Russian police detained 1,300 protesters in Moscow": people of the one state named
        # are that state's, even when the other party is its government
        state = next(iter(states))
        return [
            Actor(a.id, a.name, state, a.sector) if a.country is None and a.sector in DOMESTIC_SECTORS else a
            for a in actors
        ]
    if len(free) != 1 or len(states) > 2:
        return actors
    state = next(iter(free))
    return [
        Actor(a.id, a.name, state, a.sector)
        if a.country is None and not _named_group(a) and a.name.lower() not in AGENT_PRONOUNS | {"i", "we"}
        else a
        for a in actors
    ]


# Sectors of bodies that act beyond any one state: the sentence's state is not theirs.
STATELESS_SECTORS = frozenset({"IGO", "NGO"})


def _named_group(actor: Actor) -> bool:
    """An international or non-governmental body ("the Red Cross", "UNICEF"): never placed by its
    sentence's state. (Other organisations the packs lack are: "The Commerce chief" is the state's.)"""
    return actor.sector in STATELESS_SECTORS


def surface_actors(token: Token, doc: Document, agent_nouns: frozenset[str] = frozenset()) -> list[Actor]:
    """The agent as written, for a subject the linker could not resolve at all.

    Proper names, personal pronouns and the nouns of people acting together that the
    lexicon lists ("Pastor Bradley Cranston", "he", "they", "protesters") count; any
    other common noun is nobody.
    """
    out: list[Actor] = []
    for tok in conjuncts(token):
        if tok.lemma_.lower() in QUANTITY_HEADS:
            # "thousands of Georgians": the people named after "of" act
            tok = next(
                (p for c in tok.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), tok
            )
        if is_dateline(tok):
            tok = other_subject(tok)
            if tok is None:
                continue
        if apposed(tok) is not None:
            tok = apposed(tok)  # "We, the Foreign Ministers of ASEAN,"
        if tok.lower_ in AGENT_PRONOUNS:
            out.append(Actor(None, tok.text))
        elif (
            (tok.pos_ == "NOUN" and tok.lemma_.lower() in agent_nouns)
            or (tok.pos_ == "PROPN" and tok.ent_type_ in AGENT_LABELS)
            or (tok.pos_ == "NOUN" and _named_in(tok))
        ):
            start, end = phrase_bounds(tok)
            text = doc.text[start:end]
            if tok.pos_ == "NOUN":
                sector = descriptor_sector(people_head(tok), doc)
            else:  # "the Secretary General": a title the linker knows, its holder unknown
                role = _role_word(tok, start, doc)
                sector = role.sector if role is not None and role.key != "honorific" else None
            out.append(Actor(None, text, owner_state(tok, doc) or surname_state(text, doc), sector))
    return out


def surface_targets(token: Token, doc: Document, agent_nouns: frozenset[str] = frozenset()) -> list[Actor]:
    """The recipient as written: a name, a group of people, or any phrase naming one state."""
    out = surface_actors(token, doc, agent_nouns)
    if out:
        return out
    state = owner_state(token, doc)
    if state is None:
        return []
    start, end = phrase_bounds(token)
    return [Actor(None, doc.text[start:end], state)]


# Prepositions that may introduce the one an event is done to, when the lexicon entry names
# none that the parse holds ("objection TO Sweden's membership", "crackdown ON protesters").
FALLBACK_PREPS = frozenset({"to", "against", "on", "with", "at", "toward", "towards", "from", "over", "into"})


def fallback_targets(verb: Token, objects: list[Token], doc: Document, sources: list[Actor]) -> list[Actor]:
    """The one acted on, named in the object or a prepositional phrase, when nothing else was found.

    The object's own actors first ("returned a Lithuanian boat" -> LTU, "Sweden's membership"
    -> SWE), then the objects of the prepositions on the verb and on the objects, in text
    order; a place stands for its state ("strikes on Kharkiv" -> UKR). A phrase naming no
    actor at all is skipped, and so is the source's own state ("imposed a U.S. tariff on
    Canada": the United States is no target of its own tariff).
    """
    own = {a.country for a in sources if a.country}
    own_sectors = {a.sector for a in sources if a.country}

    def other(actor: Actor) -> bool:
        state_like = actor.id is None or actor.id.startswith("country:")
        # "the Taliban inflicted casualties on Afghan government forces": another sector of the
        # same state is another party
        rival = actor.id is None and actor.sector is not None and actor.sector not in own_sectors
        own_side = actor.country in own and state_like and not rival
        return not own_side and not any(same_actor(actor, s) for s in sources)

    phrases = [o for o in objects if o.dep_ != "conj"]
    # "withdrew its forces from the villages, handing them TO Azerbaijan": a clause that
    # carries the deed on names the recipient too
    clauses = [c for c in verb.children if c.dep_ == "advcl" and c.pos_ == "VERB" and c.tag_ == "VBG"]
    coordinated = [c for o in objects for c in conjuncts(o)]  # "fired gas, bullets and grenades AT"
    # "blocked streets, demanding Pashinyan's resignation", "inflicting casualties ON government forces"
    # "seized a superyacht linked TO a Russian oligarch", "a tanker owned BY": a participle
    # describing the object names whose it is (the parser also hangs "demanding ..." there)
    described = [a for o in coordinated for a in o.children if a.dep_ == "acl" and a.tag_ in ("VBN", "VBG")]
    clause_objects = [o for c in [*clauses, *described] for o in c.children if o.dep_ == "dobj"]
    # "reiterated his request THAT the United States extradite ...": whom the object's clause, a
    # bare subjunctive, asks to act ("fears that tariffs WOULD cause" ask nobody)
    clause_objects += [
        g
        for o in coordinated
        for c in o.children
        if c.dep_ in ("acl", "ccomp") and c.tag_ == "VB" and not any(a.dep_ == "aux" for a in c.children)
        for g in c.children
        if g.dep_ == "nsubj"
    ]
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        # "reopened its airspace and border TO Qatar, ending the blockade": the deed this clause
        # carries on names the recipient
        main = verb.head
        coordinated += [c for m in main.children if m.dep_ == "dobj" for c in conjuncts(m)]
        clauses = [main, *clauses]
    for holder in dict.fromkeys([verb, *coordinated, *clauses, *clause_objects, *described]):
        preps = FALLBACK_PREPS | {"by"} if holder in described else FALLBACK_PREPS
        phrases += [
            p
            for c in holder.children
            if c.dep_ in ("prep", "agent") and c.lower_ in preps
            for p in c.children
            if p.dep_ == "pobj"
        ]
    phrases += clause_objects
    for phrase in phrases:
        if phrase.lower_ in PRONOUNS or phrase.lower_ in PERSON_PRONOUNS:
            continue
        found = [a for a in actors_of(phrase, doc, places_as_states=True) if other(a)]
        if any(a.country or a.sector == "IGO" for a in found):
            return found
        state = owner_state(phrase, doc)
        if state is not None and state not in own:
            start, end = phrase_bounds(phrase)
            return [Actor(None, doc.text[start:end], state)]
        state = located_state(phrase, doc) if is_people(phrase, doc) else None
        if state is not None:
            # "supplies to children IN Haiti", "measures against women IN Afghanistan": people
            # where they live are that state's, the source's own included
            start, end = phrase_bounds(phrase)
            return [Actor(None, doc.text[start:end], state)]
    return []


def is_people(noun: Token, doc: Document) -> bool:
    """A noun naming people: the lexicon's agent and captive nouns, a group role word, or a
    descriptor of people (actors.yaml: "children", "women"; not the things it lists)."""
    from communique.events.lexicon import load_lexicon

    if noun.pos_ != "NOUN":
        return False
    lex = load_lexicon()
    lemma = noun.lemma_.lower()
    if lemma in lex.cue_set("agent_nouns") or lemma in lex.groups.get("captives", frozenset()):
        return True
    data = sector_data()
    if lemma in data["descriptors"] and lemma not in data["things"]:
        return True
    return doc.linked.kb.role_words.get(noun.lower_) is not None


def located_state(noun: Token, doc: Document) -> str | None:
    """The state of the place an "in" phrase on the noun names ("women in Afghanistan")."""
    states = located_states(noun, doc, ("in",))
    return states[0] if states else None


def located_states(noun: Token, doc: Document, preps: tuple[str, ...] = ("in", "from")) -> list[str]:
    """The states of the places "in"/"from" phrases on the noun name, in text order, each conjunct
    counted ("officials FROM Japan, South Korea and China", "an inclusive government IN Syria")."""
    return list(dict.fromkeys(state for state, _ in _located(noun, doc, preps)))


def _located(noun: Token, doc: Document, preps: tuple[str, ...]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for pobj in (p for c in prep.children if c.dep_ == "pobj" for p in conjuncts(c)):
            ent = doc.linked.entity_at(pobj.idx, pobj.idx + len(pobj.text))
            if ent is None:
                continue
            if ent.type == "country" and ent.country:
                out.append((ent.country, ent.name))
            elif ent.type == "place":
                out += [(a.country, ent.name) for a in _state_of_place(ent, doc) if a.country][:1]
    return out


def placed_group(actor: Actor, head: Token, doc: Document) -> list[Actor]:
    """An unnamed group without a state, as one group per state its "in"/"from" phrases name
    ("officials from Japan and South Korea": the officials of each, told apart by their place)."""
    if actor.id is not None or actor.country is not None or not is_people(head, doc):
        return [actor]
    found = list(dict(_located(head, doc, ("in", "from"))).items())
    if len(found) == 1:
        return [Actor(None, actor.name, found[0][0], actor.sector)]
    return [Actor(None, f"{actor.name} ({place})", state, actor.sector) for state, place in found] or [actor]


def metonym(head: Token, doc: Document) -> list[Actor]:
    """A seat of government or a movement the linker does not know ("the Kremlin", "al-Shabab")."""
    from communique.events.lexicon import load_metonyms

    names = load_metonyms()
    start, end = phrase_bounds(head)
    words = doc.text[start:end]
    # the whole phrase, then the name words alone ("the Afghan Taliban", "Taliban fighters")
    for text in (words, " ".join(t.text for t in head.subtree if t.pos_ == "PROPN"), head.text):
        key = text.lower().removeprefix("the ").strip()
        if key in names:
            found = names[key]
            return [
                Actor(None, text.removeprefix("the ").strip(), found.get("country"), dated_sector(found, doc))
            ]
    return []


def with_state(actor: Actor, head: Token, doc: Document) -> Actor:
    """A person or group without a state takes the one its own phrase names.

    "US deputy ambassador Robert Wood", "Chinese Foreign Minister Wang Yi", "Nenad
    Stevandic, president of Republika Srpska's assembly": the title or apposition says
    whose official the person is, even when the linker knows no country for the name.
    """
    if actor.country is not None or actor.sector == "IGO":
        return actor
    from communique.events.lexicon import load_metonyms

    known = load_metonyms().get(actor.name.lower().removeprefix("the "))
    if known is not None:  # a movement the linker knows by name only ("Taliban")
        return Actor(actor.id, actor.name, known.get("country"), actor.sector or dated_sector(known, doc))
    state = owner_state(head, doc) or surname_state(actor.name, doc)
    if state is None:
        return actor
    return Actor(actor.id, actor.name, state, actor.sector)


def surname_state(name: str, doc: Document) -> str | None:
    """The state of a bare surname that several pack people carry, all of that one state.

    The linker ties a surname alone to a pack person only when one person carries it; "Clinton"
    (two presidents' family) or "Castro" is still one state's politician. A name with a given
    name before it is another person and is left alone.
    """
    from communique.link.kb import normalise_name

    # "V.Makei", "S.Zas": an initial glued to the surname is no given name
    name = re.sub(r"^(?:[A-Z]\.)+(?=[A-Z][a-z])", "", name.strip())
    words = normalise_name(name).split()
    if len(words) != 1:
        return None
    kb = doc.linked.kb
    return _surname_states(id(kb), kb).get(words[0])


@lru_cache(maxsize=4)
def _surname_states(_kb_key: int, kb) -> dict[str, str]:  # noqa: ANN001 (KnowledgeBase)
    from communique.link.kb import normalise_name

    states: dict[str, set[str]] = {}
    for ent in kb.entities.values():
        if ent.type != "person" or not ent.country:
            continue
        for full in (ent.name, *ent.aliases):
            words = normalise_name(full).split()
            if len(words) > 1 and len(words[-1]) > 2:
                states.setdefault(words[-1], set()).add(ent.country)
    return {k: next(iter(v)) for k, v in states.items() if len(v) == 1}


def owner_state(head: Token, doc: Document) -> str | None:
    """The state named inside an unresolved phrase, if exactly one.

    "Washington's envoy" -> USA; a movement or institution of metonyms.yaml in it ("ICE
    agents", "Taliban fighters"); for someone speaking or acting for another, the one
    after "for" ("a spokesman for Afghan President Ashraf Ghani" -> AFG).
    """
    start, end = phrase_bounds(head)
    states = _states_in(start, end, doc)
    if not states:
        states = _metonym_states(doc.spacy_doc[head.left_edge.i : head.i + 1]) if doc.spacy_doc else set()
    if not states and is_people(head, doc):
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "for"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                states |= _states_in(*phrase_bounds(pobj), doc)
    return states.pop() if len(states) == 1 else None


def _states_in(start: int, end: int, doc: Document) -> set[str]:
    states = set()
    for _, ent in doc.linked.mentions_in(start, end):
        if ent.type == "country" and ent.country:
            states.add(ent.country)
        elif ent.type == "place":
            states.update(a.country for a in _state_of_place(ent, doc) if a.country)
        elif ent.type == "person" and ent.country:
            states.add(ent.country)  # "a spokesman for President Ashraf Ghani"
    return states


def same_actor(a: Actor, b: Actor) -> bool:
    return (a.id is not None and a.id == b.id) or (a.id is None and b.id is None and a.name == b.name)


def last_person(pronoun: Token, doc: Document) -> list[Actor]:
    """ "he met with ...": the last person mentioned shortly before the pronoun."""
    before = doc.linked.mentions_in(max(0, pronoun.idx - PRONOUN_WINDOW), pronoun.idx)
    people = [e for m, e in before if e.type == "person" and m.end <= pronoun.idx]
    if people:
        return acting(people[-1:], doc)
    # the tagger may miss a surname or call it a place ("Berisha's opponents accused him"): a
    # proper noun that only pack people of one state carry as their surname is that state's person
    window = pronoun.doc[max(0, pronoun.i - PRONOUN_TOKENS) : pronoun.i]
    for tok in reversed(window):
        state = surname_state(tok.text, doc) if tok.pos_ == "PROPN" and tok.text[:1].isupper() else None
        if state is not None:
            return [Actor(None, tok.text, state)]
    return []


def resolve_phrase(head: Token, doc: Document, places_as_states: bool = False) -> list[Actor]:
    """Resolve one conjunct's noun phrase (see the module docstring for the order)."""
    linked = doc.linked
    start, end = phrase_bounds(head)
    mentions = linked.mentions_in(start, end)
    covering = [e for m, e in mentions if m.start <= head.idx < m.end]
    if covering and places_as_states and covering[0].type == "place":
        return _state_of_place(covering[0], doc)
    if covering:
        return acting(covering[:1], doc)
    if head.pos_ == "PROPN":
        # "the Afghan Taliban": a movement named by the phrase's own head is itself, not the
        # state an adjective in it names
        named = metonym(head, doc)
        if named:
            return named
    inside = acting([e for m, e in mentions if m.start >= start and m.end <= end], doc)
    role = _role_word(head, start, doc)
    described = linked.resolve(doc.text[start:end]) if head.pos_ == "PROPN" or role else None
    if described is None:
        # "the Armenian foreign minister" with no holder known: the state's office, as a group
        states = [a for a in inside if a.id and a.id.startswith("country:")]
        if role is not None and len(inside) == 1 and states:
            return [Actor(None, doc.text[start:end], states[0].country, role.sector)]
        return inside
    if described.id is None:
        # a group: "Moroccan diplomats" has a state; "the heads of CSTO member states" only its entities
        return [described] if described.country or not inside else inside
    entity = _entity_by_id(doc, described.id)
    return acting([entity], doc) if entity is not None else [described]


def _state_of_place(place: Entity, doc: Document) -> list[Actor]:
    kb_place = doc.linked.kb.entities.get(place.id)
    state = _entity_by_id(doc, kb_place.part_of) if kb_place is not None and kb_place.part_of else None
    if state is None or state.type != "country":
        return []
    return [Actor(id=state.id, name=state.name, country=state.country, sector="GOV")]


def _role_word(head: Token, start: int, doc: Document):  # noqa: ANN202 (the linker's RoleWord or None)
    """The role or group word the phrase ends in, if the linker knows it ("diplomats", "special forces").

    Common nouns that name no role ("the current forums") are not sent to the linker,
    whose name matching would otherwise find a person in them.
    """
    words = doc.text[start : head.idx + len(head.text)].lower().replace("’", "'").split()
    role_words = doc.linked.kb.role_words
    for n in range(min(MAX_ROLE_WORDS, len(words)), 0, -1):
        found = role_words.get(" ".join(words[-n:]))
        if found is not None:
            return found
    return None


def _entity_by_id(doc: Document, entity_id: str | None) -> Entity | None:
    for ent in doc.entities:
        if ent.id == entity_id:
            return ent
    kb_ent = doc.linked.kb.entities.get(entity_id) if entity_id else None
    if kb_ent is None:
        return None
    return Entity(kb_ent.id, kb_ent.name, kb_ent.type, kb_ent.country, kb_ent.sector)


def acting(entities: list[Entity], doc: Document) -> list[Actor]:
    """Entities as actors: bodies become their organisation, places and things are dropped."""
    out: list[Actor] = []
    for ent in entities:
        if ent is None:
            continue
        if ent.type == "body":
            owner = owner_of(doc, ent.id)
            ent = owner or ent
        if ent.type in ACTING_TYPES and ent.id is not None and not ent.id.startswith("prov:place"):
            actor = doc.linked.actor(ent)
            if not any(same_actor(actor, a) for a in out):
                out.append(actor)
    return out


def owner_of(doc: Document, entity_id: str) -> Entity | None:
    """The organisation a body, exercise or operation belongs to, from the packs."""
    kb = doc.linked.kb
    org_id = _owner_id(id(kb), kb, entity_id)
    return _entity_by_id(doc, org_id) if org_id else None


@lru_cache(maxsize=4096)
def _owner_id(_kb_key: int, kb, entity_id: str) -> str | None:  # noqa: ANN001 (KnowledgeBase)
    ent = kb.entities.get(entity_id)
    seen = set()
    while ent is not None and ent.part_of and ent.id not in seen:
        seen.add(ent.id)
        parent = kb.entities.get(ent.part_of)
        if parent is None:
            break
        if parent.type == "organization":
            return parent.id
        ent = parent
    if ent is not None and ent.type in OWNED_TYPES | {"body"}:
        # A pack describes one organisation: its exercises and operations are that organisation's.
        return _pack_organisation(id(kb), kb, ent.pack)
    return None


@lru_cache(maxsize=64)
def _pack_organisation(_kb_key: int, kb, pack: str) -> str | None:  # noqa: ANN001
    members = {m.org for m in kb.memberships}
    orgs = [
        e.id for e in kb.entities.values() if e.pack == pack and e.type == "organization" and e.id in members
    ]
    return orgs[0] if len(orgs) == 1 else None


def owners_in(doc: Document, start: int, end: int) -> list[Actor]:
    """Organisations owning the exercises and operations named in [start, end)."""
    out: list[Actor] = []
    for _, ent in doc.linked.mentions_in(start, end):
        if ent.type in OWNED_TYPES:
            owner = owner_of(doc, ent.id)
            if owner is not None:
                actor = doc.linked.actor(owner)
                if not any(same_actor(actor, a) for a in out):
                    out.append(actor)
    return out


def named_owned(doc: Document, start: int, end: int) -> bool:
    """Whether [start, end) names a pack exercise or operation."""
    return any(ent.type in OWNED_TYPES for _, ent in doc.linked.mentions_in(start, end))
