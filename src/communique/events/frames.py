"""Where an event word sits in the parse: the verb governing it, its subject, negation and intention.

These helpers only read the spaCy parse; which words matter comes from the lexicon.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Token

    from communique.events.lexicon import Entry, Frame, Lexicon

# Nouns of quantity whose "of" object is the real head ("a number of exercises", "a series of talks").
QUANTITY_NOUNS = frozenset(
    {
        "number",
        "series",
        "range",
        "set",
        "couple",
        "lot",
        "round",
        "string",
        "package",
        "cycle",
        "hour",
        "day",
        "week",
    }
)
# Relations through which an intention or negation on a higher verb reaches the event verb.
CHAIN_DEPS = frozenset({"xcomp", "ccomp", "conj", "advcl", "pcomp", "csubj"})
# Modifiers of a meeting noun that place it in the future ("the next summit").
FUTURE_MODIFIERS = frozenset({"next", "upcoming", "forthcoming", "future", "planned", "coming", "scheduled"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
# Nouns of claiming a deed: "took credit for attacking", "claimed responsibility for bombing".
CLAIM_NOUNS = frozenset({"credit", "responsibility"})
# Clauses a verb governs ("urged Beijing TO USE", "called for Kyiv TO WITHDRAW").
CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl"})
# Relations through which a cancelling verb ("denied", "failed") reaches the event: its
# complements, not a clause of cause or time ("failed because it was vetoed" reports a veto).
CANCEL_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "csubj"})


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """(subject, passive) of a verb, inherited from the governing verb for xcomp and conj."""
    seen = 0
    while verb is not None and seen < 6:
        for child in verb.children:
            if child.dep_ in ("nsubj", "expl") and child.dep_ != "expl":
                return _antecedent(verb, child), False
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return _antecedent(verb, child), True
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb:
            verb = verb.head
            if verb.pos_ == "ADJ" and verb.dep_ == "acomp":
                verb = verb.head  # "leaders were quick to offer condolences"
            seen += 1
            continue
        if (
            verb.dep_ == "pcomp"
            and verb.head.lower_ == "by"
            and verb.head.head.pos_ == "VERB"
            and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.head.head.children)
        ):
            verb = verb.head.head  # "responded by easing sanctions": the one who responded
            seen += 1
            continue
        claimant = _claiming_verb(verb)
        if claimant is not None:
            verb = claimant  # "the BLA took credit for attacking a convoy": the claimant did it
            seen += 1
            continue
        return None, False
    return None, False


def _claiming_verb(verb: Token) -> Token | None:
    """ "took credit FOR attacking", "claimed responsibility FOR the bombing": the verb of claiming."""
    if verb.dep_ != "pcomp" or verb.head.lower_ != "for":
        return None
    head = verb.head.head
    if head.lemma_ in CLAIM_NOUNS and head.head.pos_ == "VERB":
        return head.head
    if head.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_ in CLAIM_NOUNS for c in head.children):
        return head
    return None


def _antecedent(verb: Token, subject: Token) -> Token:
    """ "the troops, which attacked ..." -> the troops."""
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head
    return subject


def agent_of(verb: Token) -> Token | None:
    """The "by" object of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def preps_objects(token: Token, preps: tuple[str, ...] | frozenset[str]) -> list[Token]:
    """Objects of the given prepositions hanging on ``token``."""
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def has_needed(token: Token, needs: tuple[str, ...]) -> bool:
    """A particle or preposition of ``needs`` hangs on the verb ("call on", "pull out").

    "called for the Taliban to lift the ban": the parser makes "for" the marker of the
    clause the verb governs, not a preposition of the verb; it counts as well.
    """
    if any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ in needs for c in token.children):
        return True
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if after is not None and after.dep_ == "quantmod" and after.lower_ in needs:
        return True  # "handed over 90 prisoners": the particle read as "over" (more than) 90
    return any(
        m.dep_ == "mark" and m.lower_ in needs
        for c in token.children
        if c.dep_ in CLAUSE_DEPS
        for m in c.children
    )


def objects_of(verb: Token, passive: bool) -> list[Token]:
    """The verb's objects (for a passive verb, its subject), with their conjuncts."""
    deps = ("nsubjpass",) if passive else ("dobj", "attr", "oprd")
    heads = [c for c in verb.children if c.dep_ in deps]
    if verb.dep_ == "relcl":
        # "charges which Washington dismissed": the noun the clause hangs on is the object
        heads = [verb.head if h.lower_ in RELATIVE_PRONOUNS else h for h in heads]
    out = []
    for head in heads:
        out.append(head)
        # "a package of documents": the group noun is the real object
        out.extend(c for p in head.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj")
        out.extend(c for c in head.children if c.dep_ == "conj")
    return out


def noun_frame(noun: Token, entry: Entry, frame: Frame) -> tuple[Token | None, str] | None:
    """(governing word, role) when the noun is an event in its frame, else None.

    roles: take_part (subject takes part/holds it), at (clause subject is at it),
    happen (the noun is the subject of taking place).
    """
    if noun.dep_ in ("nmod", "compound") and noun.head.pos_ in ("PROPN", "NOUN"):
        noun = noun.head  # "the exercise “Search”": the name heads the phrase
    while noun.dep_ == "conj" and noun.head is not noun:
        noun = noun.head  # "exercises in Belarus and manoeuvres in Kyrgyzstan": the first conjunct's frame
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_ in QUANTITY_NOUNS:
        noun = noun.head.head
    head, dep = noun.head, noun.dep_
    if dep in ("dobj", "nsubjpass", "attr", "oprd") and head.lemma_ in frame.take_part:
        return head, "take_part"
    if dep == "pobj" and head.dep_ in ("prep", "prt", "agent") or (dep == "pobj" and head.pos_ == "ADP"):
        return _prep_frame(head, frame)
    if dep in ("nsubj", "nsubjpass") and head.lemma_ in frame.happen:
        return head, "happen"
    return None


def _prep_frame(prep: Token, frame: Frame) -> tuple[Token | None, str] | None:
    governor = prep.head
    if prep.lower_ == "for" and governor.lemma_ in CLAIM_NOUNS and governor.head.pos_ == "VERB":
        return governor.head, "take_part"  # "claimed responsibility FOR the attack": the claimant did it
    if prep.lower_ == "in":
        if governor.lemma_ == "part" and governor.head.lemma_ == "take":
            return governor.head, "take_part"
        if governor.lemma_ in ("participate", "partake", "engage", "involve", "join"):
            return governor, "take_part"
    if prep.lower_ in frame.at and governor is not prep and governor.dep_ != "pcomp":
        # a gerund's subject is too far away to say who was at the meeting
        return governor, "at"
    return None


def chain_heads(token: Token, stop: Callable[[Token], bool] | None = None) -> list[Token]:
    """Verbs above the event word through complement relations, nearest first; the climb ends
    below a token for which ``stop`` is true."""
    out, tok = [], token
    while tok.dep_ in CHAIN_DEPS and tok.head is not tok and len(out) < 4:
        if stop is not None and stop(tok):
            break
        if tok.dep_ == "conj":
            tok = tok.head
            continue
        tok = tok.head
        out.append(tok)
    return out


def _cancelling_heads(token: Token) -> set[int]:
    """Indices of the verbs above ``token`` reached through complements only."""
    out, tok = set(), token
    while tok.dep_ in CHAIN_DEPS and tok.head is not tok and len(out) < 4:
        if tok.dep_ != "conj" and tok.dep_ not in CANCEL_DEPS:
            break
        tok = tok.head
        out.add(tok.i)
    return out


def _negation_heads(token: Token, marks: frozenset[str]) -> list[Token]:
    """Verbs above the event word whose negation reaches it: not through a clause of cause or time.

    "do not respond BECAUSE they have imposed a ban", "did not comment AFTER troops attacked":
    such a clause (opened by one of ``marks``) tells of something that happened; "not" belongs
    to the main verb.
    """
    return chain_heads(
        token,
        stop=lambda t: t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in t.children),
    )


def is_negated(token: Token, gov: Token | None, lex: Lexicon) -> bool:
    """A negation on the event word, its governing verb, or a cancelling verb above it."""
    words = lex.cue_set("negation_words")
    heads = lex.cue_set("negating_heads")
    adverbs = lex.cue_set("negation_adverbs")
    cancelling = _cancelling_heads(gov or token)
    marks = lex.cue_set("factual_clause_marks")
    for tok in [token, gov, *(_negation_heads(gov or token, marks))]:
        if tok is None:
            continue
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children):
            return True
        if any(c.dep_ == "advmod" and c.lower_ in adverbs for c in tok.children):
            return True  # "seldom criticized", "has yet to apologize"
        if tok is not token and tok is not gov and tok.lemma_ in heads and tok.i in cancelling:
            return True
    return (
        token.dep_ == "pobj"
        and token.head.lower_ == "without"
        or any(c.lower_ in words and c.dep_ in ("neg", "det", "preconj") for c in token.children)
    )


def intention(token: Token, lex: Lexicon) -> tuple[str | None, Token | None]:
    """("threat" | "intent" | "hypothetical" | None, the cue verb) for the verb carrying the event."""
    threat, intent = (frozenset(lex.cues["intention_heads"][k]) for k in ("threat", "intent"))
    hypothetical = lex.cue_set("hypothetical_heads")
    heads = chain_heads(token)[:2]
    if heads and heads[0].lemma_ in threat and heads[0].pos_ == "VERB":
        # "warned that it would execute the hostages if ...": a threat is conditional by nature
        return "threat", heads[0]
    if is_conditional(token, lex):
        return "hypothetical", None
    for head in chain_heads(token)[:2]:
        if head.lemma_ in threat:
            return "threat", head
        if head.lemma_ in intent and head.lemma_ != "be":
            return "intent", head
        if head.lemma_ in hypothetical:
            return "hypothetical", head
    return None, None


def is_conditional(token: Token, lex: Lexicon) -> bool:
    """A modal ("could attack", "would meet") or a condition ("if the Kremlin agrees") on the event.

    Checked on the event word and the verbs it hangs on through complements, so that
    "may have to consider developing" and "hopes a ceasefire could take place" both count.
    """
    modals = lex.cue_set("hypothetical_aux")
    marks = lex.cue_set("conditional_marks")
    habits = lex.cue_set("habitual_adverbs")
    if (
        token.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        and token.lemma_.lower() not in lex.cue_set("purpose_done")
    ):
        return True  # a purpose: "making bombs to carry out attacks" reports no attack
    for tok in [token, *chain_heads(token)[:2]]:
        for child in tok.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in modals:
                return True
            if child.dep_ == "mark" and child.lower_ in marks:
                return True
            if child.dep_ == "advmod" and child.lower_ in habits:
                return True  # "regularly takes part": a habit, not a reported event
    return False


def conditional_promise(token: Token, lex: Lexicon) -> bool:
    """ "If Canada does not drop its tariffs, I WILL increase ...": a deed promised under a condition.

    A future deed ("will", not "would" or "could") that waits on an "if" or "unless" clause
    is a threat when it is conflictual (PLOVER THREATEN), not a hypothetical.
    """
    future = lex.cue_set("future_aux")
    conditions = lex.cue_set("conditional_marks") - {"whether"}
    if not any(c.dep_ == "aux" and c.lower_ in future for c in token.children):
        return False
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in conditions for m in c.children)
        for c in token.children
    )


def is_announced(gov: Token, frame: Frame) -> bool:
    """ "the summit is imminent": the predicate announces the meeting."""
    return any(c.dep_ in ("acomp", "attr") and c.lemma_ in frame.announced for c in gov.children)


def is_future(token: Token, noun: Token | None, lex: Lexicon) -> bool:
    """Future tense or an announced schedule on the event verb (or a "next" on the meeting noun)."""
    aux = lex.cue_set("future_aux")
    heads = lex.cue_set("future_heads")
    for tok in [token, *chain_heads(token)[:2]]:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in aux for c in tok.children):
            return True
        if tok is not token and tok.lemma_ in heads and token.dep_ in ("xcomp",):
            return True
    if any(
        c.lemma_ in ("due", "scheduled", "set") and c.dep_ in ("acomp", "oprd", "xcomp")
        for c in token.children
    ):
        return True
    return noun is not None and any(c.lower_ in FUTURE_MODIFIERS for c in noun.children)
