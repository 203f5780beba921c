"""Who said it: the reporting cue around a quotation and the speaker it names.

``attribute_speaker`` tries, in order: a cue right after the closing mark
("..., the Belarusian leader noted"), a clause that introduces the quotation
("He told his colleagues, “...”", "as he explains, “...”", "saying, “...”",
"According to him, ..."), the same speaker as the quotation just before, and a
caption-like line naming a person. Names and descriptions resolve through the
linker at the document's date; pronouns go to the person last named as a
subject or speaker before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.model import Actor, Span
from communique.nlp import ents_in
from communique.quotes.context import PRONOUNS, QuoteContext, Said
from communique.quotes.cues import CueMatch
from communique.quotes.detect import Marked

# Subject dependencies of a cue verb, and the links from a participle or clause to its governing verb.
SUBJECT_DEPS = ("nsubj", "nsubjpass")
OBJECT_DEPS = ("dobj", "dative", "iobj", "attr", "oprd")
GOVERNED_DEPS = ("advcl", "xcomp", "conj", "ccomp", "acl", "pcomp")
# Dependents inside a noun phrase, climbed from its first word to its head.
NOUN_MODIFIERS = ("det", "compound", "amod", "poss", "nummod", "case", "nmod")
# Entity labels of a proper noun that is no speaker's name.
NOT_NAMES = ("GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")
# Characters that close an introducing clause right before the opening mark.
INTRODUCERS = (",", ":", "—", "–", "-")
# Dependents cut off a subject's noun phrase before it is resolved.
PHRASE_CUTS = ("relcl", "appos", "acl", "punct", "cc", "conj", "advcl")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
# The word right before a full stop, to tell "Ms." or "U.S." from the end of a sentence.
ABBREV_WORD = re.compile(r"([\w.]+)\.$")
# A dash right after a closing mark, before the name that signs the quotation.
SIGNATURE = re.compile(r"[ \t\u00a0]*[―—–-][ \t\u00a0]*(?=\S)")


@dataclass
class Attribution:
    """A speaker found for a quotation, with the evidence and how sure we are."""

    speaker: Actor | None
    mention: Span | None
    cue: str | None
    confidence: float
    how: str  # trailing | leading | turn | colon | continued | caption | none


def attribute_speaker(ctx: QuoteContext, m: Marked, before: Attribution | None = None) -> Attribution:
    """The speaker of a quotation; ``before`` is the attribution of the quotation just before it."""
    s = ctx.settings
    signed = signature_attribution(ctx, m)
    if signed is not None:
        return signed
    trailing = trailing_attribution(ctx, m)
    if trailing is not None and trailing.speaker is not None:
        return trailing
    leading = leading_attribution(ctx, m)
    if leading is not None and leading.speaker is not None:
        return leading
    embedded = embedded_attribution(ctx, m) if leading is None else None
    if embedded is not None and embedded.speaker is not None:
        return embedded
    governing = governing_attribution(ctx, m) if leading is None and embedded is None else None
    if governing is not None:
        return governing
    found = trailing or leading or embedded
    if found is not None:  # a cue whose subject resolves to no one
        return found
    continued = continued_attribution(ctx, m, before)
    if continued is not None:
        return continued
    caption = caption_attribution(ctx, m)
    if caption is not None:
        return caption
    narrated = narrated_attribution(ctx, m)
    if narrated is not None:
        return narrated
    return Attribution(None, None, None, s.conf_none, "none")


def narrated_attribution(ctx: QuoteContext, m: Marked) -> Attribution | None:
    """A quotation that opens a paragraph with no cue, right after a paragraph about one person
    ("Viguerie is upbeat about Cruz's chances ... / “Not only can Ted Cruz win ...”"): the last
    person that paragraph has as a subject, or the speaker it quoted last."""
    paras = ctx.paras
    if m.layout != "marked" or not paras.starts_paragraph(m.opened):
        return None
    idx = paras.previous_text(paras.index(m.opened))
    if idx is None:
        return None
    start, end = paras.bounds(idx)
    last = ctx.last_person(start, end)
    if last is None:
        return None
    return Attribution(last.actor, None, None, ctx.settings.conf_narrated, "narrated")


# --- after the closing mark ---------------------------------------------------------------------------


def trailing_region(ctx: QuoteContext, m: Marked) -> tuple[int, int] | None:
    """Chars after the closing mark up to the end of that sentence, the line or the next quotation."""
    if m.closed is None:
        return None
    start = m.outer_end
    _, para_end = ctx.paras.bounds(ctx.paras.index(start))
    nxt = ctx.next_quote_start(start)
    end = para_end if nxt is None else min(para_end, nxt)
    stop = sentence_end(ctx, start, end)
    if stop is not None:
        end = stop
    if not ctx.text[start:end].strip():
        return None
    return start, end


def signature_attribution(ctx: QuoteContext, m: Marked) -> Attribution | None:
    """ "“...” ― Sonya Herridge": a dash after the closing mark, then only a name (and its role);
    the signature may stand on the next line, as under a quotation set apart ("“...”\n\n- Clinton.")."""
    if m.closed is None:
        return None
    start = m.outer_end
    idx = ctx.paras.index(start)
    _, line_end = ctx.paras.bounds(idx)
    if not ctx.text[start:line_end].strip(" \t\u00a0.,"):
        idx += 1
        while idx < ctx.paras.count() and ctx.paras.is_blank(idx):
            idx += 1
        if idx >= ctx.paras.count():
            return None
        start, line_end = ctx.paras.bounds(idx)
        start += len(ctx.text[start:line_end]) - len(ctx.text[start:line_end].lstrip())
    sig = SIGNATURE.match(ctx.text, start, line_end)
    if sig is None or line_end - sig.end() > ctx.settings.max_caption_chars:
        return None
    nxt = ctx.next_quote_start(start)
    end = line_end if nxt is None else min(line_end, nxt)
    people = ctx.people_between(sig.end(), end)
    if not people or people[0].pos - sig.end() > 2:
        return None
    return Attribution(people[0].actor, people[0].mention, None, ctx.settings.conf_named, "signed")


def _sentence_ends(ctx: QuoteContext, text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets just after each sentence end in text[start:end], skipping abbreviations ("Ms. Moore")."""
    out = []
    for stop in SENTENCE_END.finditer(text, start, len(text) if end is None else end):
        word = ABBREV_WORD.search(text, max(0, stop.start() - 12), stop.start() + 1)
        if stop.group() == "." and word is not None and ctx.cues.is_abbreviation(word.group(1)):
            continue
        out.append(stop.end())
    return out


def sentence_end(ctx: QuoteContext, start: int, end: int) -> int | None:
    found = _sentence_ends(ctx, ctx.text, start, end)
    return found[0] if found else None


def trailing_attribution(ctx: QuoteContext, m: Marked) -> Attribution | None:
    """ "“...,” the President of Belarus added." / "“...” asserted Mr. Lukashenko." """
    region = trailing_region(ctx, m)
    if region is None:
        return None
    i, j = ctx.token_range(*region)
    j = min(j, i + ctx.settings.trailing_cue_tokens)
    quote_end = ctx.text[m.start : m.end].rstrip()[-1:]
    after = ctx.text[region[0] : region[1]].lstrip()
    if quote_end == "." and after[:1].isupper() and j - i > 8:
        return None  # a new sentence, not an attribution
    matches = [c for c in ctx.cues.find(ctx.sdoc, i, j, strict_from=i + 3) if c.cue.kind != "source"]
    if not matches:
        return None
    return attribution_from_cue(ctx, matches[0], region, "trailing")


# --- before the opening mark ----------------------------------------------------------------------------


def leading_region(ctx: QuoteContext, m: Marked) -> tuple[int, int] | None:
    """The clause that introduces a quotation: it must end with a comma, colon, dash or a cue word."""
    paras = ctx.paras
    if paras.starts_paragraph(m.opened):
        idx = paras.previous_text(paras.index(m.opened))
        if idx is None:
            return None
        end = paras.bounds(idx)[1]
    else:
        end = m.opened
    start = _clause_start(ctx, end)
    region_text = ctx.text[start:end].rstrip()
    if not region_text:
        return None
    if not region_text.endswith(INTRODUCERS) and not _ends_with_cue(ctx, start, end):
        return None
    return start, end


def _clause_start(ctx: QuoteContext, end: int) -> int:
    """Start of the sentence holding the char before ``end``, not before its paragraph or a quotation."""
    pos = end - 1  # the last non-space char before end (a scan, not a copy of the text before it)
    while pos >= 0 and ctx.text[pos].isspace():
        pos -= 1
    tok = ctx.token_at(max(pos, 0))
    start = tok.sent.start_char if tok is not None else 0
    start = max(start, ctx.paras.bounds(ctx.paras.index(max(pos, 0)))[0])
    last = ctx.last_quote_end(start, end)  # the clause starts after a quotation that ends in it
    return start if last is None else last


def _ends_with_cue(ctx: QuoteContext, start: int, end: int) -> bool:
    i, j = ctx.token_range(start, end)
    return any(c.end == j for c in ctx.cues.find(ctx.sdoc, max(i, j - 3), j))


def leading_attribution(ctx: QuoteContext, m: Marked) -> Attribution | None:
    """ "Alexander Lukashenko emphasises, “...”", "He told his colleagues, “...”", "According to him, ..." """
    region = leading_region(ctx, m)
    if region is None:
        return None
    i, j = ctx.token_range(*region)
    matches = ctx.cues.find(ctx.sdoc, i, j)
    for match in reversed(matches):  # the cue nearest the quotation first
        found = attribution_from_cue(ctx, match, region, "leading")
        if found.speaker is not None:
            return found
    named = _colon_name(ctx, region)
    if named is not None:  # "Pollsters agree - Carl Bialik: “...”"
        return Attribution(named[0], named[1], None, ctx.settings.conf_clause, "leading")
    subject = _clause_subject(ctx, i, j)
    if subject is not None:  # "X presented the goals ..., “...”": the subject of the governing clause
        speaker, mention = subject
        return Attribution(speaker, mention, None, ctx.settings.conf_clause, "leading")
    if matches:
        return attribution_from_cue(ctx, matches[-1], region, "leading")
    return None


def _colon_name(ctx: QuoteContext, region: tuple[int, int]) -> tuple[Actor, Span] | None:
    """A person named right before the colon that introduces a quotation ("... - Carl Bialik: “...”")."""
    text = ctx.text[region[0] : region[1]].rstrip()
    if not text.endswith(":"):
        return None
    colon = region[0] + len(text) - 1
    people = ctx.people_between(region[0], colon)
    if people and not ctx.text[people[-1].mention.end : colon].strip(" ,"):
        return people[-1].actor, people[-1].mention
    return None


def _clause_subject(ctx: QuoteContext, i: int, j: int) -> tuple[Actor, Span] | None:
    """A person who is the subject of the introducing clause's main verb."""
    # the clause's own main verb: the root, or a verb the parse hung on a word of the quotation that
    # follows ("Trump went even further: “If he ...”" read as a complement of the quoted verb)
    roots = [
        t for t in ctx.sdoc[i:j] if t.pos_ in ("VERB", "AUX") and (t.dep_ == "ROOT" or not i <= t.head.i < j)
    ]
    for root in roots:
        for child in root.children:
            if child.dep_ in SUBJECT_DEPS and i <= child.i < j:
                found = speaker_from_token(ctx, child)
                if found is not None and ctx.entity_type(found[0]) == "person":
                    return found
    return None


def embedded_attribution(ctx: QuoteContext, m: Marked) -> Attribution | None:
    """A partial quotation inside a reporting sentence: 'X told reporters that the plan “...”'."""
    if ctx.paras.starts_paragraph(m.opened):
        return None
    start = _clause_start(ctx, m.opened)
    i, j = ctx.token_range(start, m.opened)
    for match in reversed(ctx.cues.find(ctx.sdoc, i, j)):
        found = attribution_from_cue(ctx, match, (start, m.opened), "embedded")
        if found.speaker is not None:
            found.confidence = ctx.settings.conf_embedded
            return found
    return None


def governing_attribution(ctx: QuoteContext, m: Marked) -> Attribution | None:
    """A quoted fragment inside the reporter's sentence: 'Trump called Canada “one of the highest
    tariffing nations”', 'Gallagher characterized the conditions as “inhumane”'. The speaker is the
    subject of the verb that governs the fragment, outside the quotation."""
    if m.layout != "marked" or _opens_sentence(ctx, m):
        return None
    i, j = ctx.token_range(m.start, m.end)
    if i >= j:
        return None
    tok = ctx.sdoc[i]
    for _ in range(8):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if m.opened <= tok.idx < m.outer_end or tok.pos_ not in ("VERB", "AUX"):
            continue
        # the first verb outside the quotation; a conjoined verb shares its head's subject
        # ("He says he respects Clinton and calls her “...”")
        subject = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
        # a participle clause shares the subject of the verb it hangs on ("Trump defended the
        # incident, calling the protester “...”")
        participle = tok.dep_ == "advcl" and tok.tag_ == "VBG"
        if subject is None and (tok.dep_ in ("conj", "xcomp") or participle) and tok.head.i != tok.i:
            subject = next((c for c in tok.head.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or m.opened <= subject.idx < m.outer_end:
            return None
        found = speaker_from_token(ctx, subject)
        if found is not None:
            return Attribution(found[0], found[1], tok.text, ctx.settings.conf_embedded, "governing")
        return None
    return None


# --- from a cue to its speaker --------------------------------------------------------------------------


def attribution_from_cue(
    ctx: QuoteContext, match: CueMatch, region: tuple[int, int], how: str
) -> Attribution:
    """Resolve the speaker a cue names; confidence depends on how the speaker was named."""
    s = ctx.settings
    cue_text = match.text(ctx.sdoc)
    if match.cue.kind == "source":
        found = _source_object(ctx, match)
    else:
        found = _cue_subject(ctx, match)
        if found is None:
            found = _nearest_speaker(ctx, match, region)
        if found is None and how == "trailing":
            found = _words_before_cue(ctx, match, region) or _words_after_cue(ctx, match, region)
        if found is None:
            found = _participle_speaker(ctx, match)
    if found is None:
        return Attribution(None, None, cue_text, s.conf_unresolved, how)
    speaker, mention = found
    pronoun = mention.text.lower() in PRONOUNS
    return Attribution(speaker, mention, cue_text, s.conf_pronoun if pronoun else s.conf_named, how)


def _words_before_cue(
    ctx: QuoteContext, match: CueMatch, region: tuple[int, int]
) -> tuple[Actor, Span] | None:
    """ "“...,” the editorial read.": the tagger took the cue for a noun, so the parse gives no
    subject; the few words between the closing mark and the cue are the speaker's description."""
    i, _ = ctx.token_range(*region)
    words = [t for t in ctx.sdoc[i : match.start] if not t.is_punct and not t.is_space]
    if not words or len(words) > 6 or words[0].lower_ not in ("the", "a", "an", "this", "that"):
        return None
    head = words[-1]
    phrase = ctx.span(words[0].idx, head.idx + len(head))
    actor = ctx.resolve(phrase.text, phrase.start)
    if actor is not None:
        return actor, phrase
    if ctx.cues.is_document(head.lower_) or ctx.cues.is_group(head.lower_):
        return Actor(id=None, name=phrase.text), phrase
    said = ctx.recent_speaker(phrase.start) if words[0].lower_ == "the" else None
    return (said.actor, phrase) if said is not None else (Actor(id=None, name=phrase.text), phrase)


def _words_after_cue(
    ctx: QuoteContext, match: CueMatch, region: tuple[int, int]
) -> tuple[Actor, Span] | None:
    """ "“...,” added a South Carolina Democrat.": an inverted attribution the parse read as an object;
    the phrase right after the cue, up to the first punctuation, is the speaker."""
    _, j = ctx.token_range(*region)
    words = []
    for tok in ctx.sdoc[match.end : min(j, match.end + 8)]:
        if tok.is_punct or tok.is_space:
            break
        words.append(tok)
    if not words or words[0].lower_ not in ("a", "an", "the", "one", "another"):
        return None
    head = max((t for t in words if t.pos_ in ("NOUN", "PROPN")), key=lambda t: t.i, default=None)
    if head is None:
        return None
    phrase = ctx.span(words[0].idx, head.idx + len(head))
    actor = ctx.resolve(phrase.text, phrase.start)
    return (actor or Actor(id=None, name=phrase.text)), phrase


def _participle_speaker(ctx: QuoteContext, match: CueMatch) -> tuple[Actor, Span] | None:
    """ "Adding, “...”" / "Asked about the vote, ..." opening a sentence: a participle with no subject
    goes on with the person who spoke or acted last, as a reader takes it."""
    tok = ctx.sdoc[match.start]
    if tok.tag_ not in ("VBG", "VBN") or tok.i != tok.sent.start:
        return None
    said = ctx.recent_speaker(tok.idx, paragraphs=1)
    return (said.actor, said.mention) if said is not None else None


def _cue_subject(ctx: QuoteContext, match: CueMatch) -> tuple[Actor, Span] | None:
    """The subject of the cue verb, climbing from a participle ("saying") to the governing verb."""
    sdoc = ctx.sdoc
    heads = [sdoc[k] for k in range(match.start, match.end)]
    for _ in range(3):
        for tok in list(heads):
            for child in tok.children:
                if child.dep_ in SUBJECT_DEPS and ctx.in_quote(child.idx):
                    continue  # the subject of a verb of the quotation: climb on to the reporting verb
                if child.dep_ in SUBJECT_DEPS and not any(ch.isalnum() for ch in child.text):
                    continue  # a dash the tagger took for a noun ("made public ― Trump boasted")
                if child.dep_ in SUBJECT_DEPS:
                    return speaker_from_token(ctx, child)
                if child.dep_ == "agent":  # "voiced by X"
                    obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return speaker_from_token(ctx, obj)
        climbing = [t.head for t in heads if t.dep_ in GOVERNED_DEPS and t.head.i != t.i]
        if not climbing:
            return None
        heads = climbing
    return None


def _source_object(ctx: QuoteContext, match: CueMatch) -> tuple[Actor, Span] | None:
    """ "according to him" / "in his words" / "in the words of the minister" -> the one named."""
    sdoc = ctx.sdoc
    words = match.cue.words
    if any(w in PRONOUNS for w in words):  # "in his words": the pronoun is inside the cue
        tok = next(sdoc[k] for k in range(match.start, match.end) if sdoc[k].lower_ in PRONOUNS)
        return speaker_from_token(ctx, tok)
    if match.end < len(sdoc):
        # "according to the Trump campaign": the head of the phrase, not its first word
        tok = sdoc[match.end]
        for _ in range(6):
            if tok.dep_ not in NOUN_MODIFIERS or not (match.end <= tok.head.i < match.end + 8):
                break
            tok = tok.head
        return speaker_from_token(ctx, tok)
    return None


def _nearest_speaker(
    ctx: QuoteContext, match: CueMatch, region: tuple[int, int]
) -> tuple[Actor, Span] | None:
    """When the parse gives no subject: the speaker mention or pronoun in the region closest to the cue."""
    cue_pos = ctx.sdoc[match.start].idx
    objects = _objects_of(ctx, match)
    options: list[tuple[int, Actor, Span]] = [
        (abs(sp.start - cue_pos), a, sp)
        for sp, a in ctx.speaker_mentions(*region)
        if not any(sp.start <= o < sp.end for o in objects) and not _not_the_speaker(ctx, sp)
    ]
    i, j = ctx.token_range(*region)
    for ent in ents_in(ctx.sdoc[i:j]):  # names the linker left out; not .ents (walks the whole Doc)
        if (
            ent.label_ == "PERSON"
            and not any(ent.start_char <= o < ent.end_char for o in objects)
            and not _not_the_speaker(ctx, ctx.span(ent.start_char, ent.end_char))
        ):
            actor = ctx.person_named_before(ent.text) or Actor(id=None, name=ent.text)
            options.append((abs(ent.start_char - cue_pos) + 1, actor, ctx.span(ent.start_char, ent.end_char)))
    for tok in ctx.sdoc[i:j]:
        if tok.lower_ in ("he", "she"):
            found = speaker_from_token(ctx, tok)
            if found is not None:
                options.append((abs(tok.idx - cue_pos), *found))
    if not options:
        return None
    _, actor, span = min(options, key=lambda o: o[0])
    return actor, span


def _not_the_speaker(ctx: QuoteContext, span: Span) -> bool:
    """A name that only describes someone else: the object of a preposition ("Brent Bozell III,
    founder of the Media Research Center, tells ..."), a modifier of another noun ("Justice
    Department senior trial counsel Caroline Lewis Wolverton") or a nationality ("a
    Ukrainian-American then working for ..."). Used when the parse gives the cue no subject."""
    i, j = ctx.token_range(span.start, span.end)
    if i < j and all(t.ent_type_ == "NORP" for t in ctx.sdoc[i:j]):
        return True
    for t in ctx.sdoc[i:j]:
        if i <= t.head.i < j:
            continue  # a word of the name itself
        if t.dep_ == "pobj" and t.head.lower_ != "by":  # "voiced by X" names the speaker
            return True
        if t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def _objects_of(ctx: QuoteContext, match: CueMatch) -> list[int]:
    """Char offsets of the cue verb's objects ("told VOA", "said to reporters"): never the speaker."""
    out = []
    for k in range(match.start, match.end):
        for child in ctx.sdoc[k].children:
            if child.dep_ in OBJECT_DEPS:
                out.append(child.idx)
            if child.dep_ == "prep":
                out += [g.idx for g in child.children if g.dep_ == "pobj"]
    return out


def speaker_from_token(ctx: QuoteContext, tok) -> tuple[Actor, Span] | None:  # noqa: ANN001
    """The speaker a subject token names: a pronoun, a linked mention, or a description the linker resolves."""
    if ctx.in_quote(tok.idx):
        # a word of a quotation, which the parse took for the subject of the cue after it
        # ("“My apologies, I'm sorry,” Quick said"): who said it is named outside the marks
        return None
    if tok.lower_ in PRONOUNS:
        said = ctx.last_named(tok.idx, tok.lower_)
        return (said.actor, ctx.span(tok.idx, tok.idx + len(tok))) if said else None
    if tok.lower_ in ("it", "they"):
        return _body_before(ctx, tok)
    for span, actor in ctx.speaker_mentions(tok.left_edge.idx, tok.idx + len(tok)):
        if span.start <= tok.idx < span.end:
            return actor, span
    if tok.pos_ == "NOUN":
        # "the White House spokesman, Josh Earnest, said": the name in apposition is the speaker
        for child in tok.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                found = speaker_from_token(ctx, child)
                if found is not None and ctx.entity_type(found[0]) in ("person", None):
                    return found
    phrase = _description(ctx, tok)
    actor = ctx.person_named_before(phrase.text) or ctx.resolve(phrase.text, phrase.start)
    if (
        actor is not None
        and tok.pos_ == "NOUN"
        and tok.tag_ != "NNS"
        and not ctx.cues.is_group(tok.lower_)
        and not ctx.cues.is_document(tok.lower_)
        and ctx.is_person(actor)
        and _named_inside(ctx, actor, phrase)
    ):
        # "the Christie supporter", "a longtime adviser to Trump": the one the description names
        # is someone else than the speaker, who is known by the description only
        return Actor(id=None, name=phrase.text), phrase
    if (
        actor is None
        and tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and (tok.ent_type_ not in NOT_NAMES or _has_role_apposition(tok) or _unknown_place_speaking(ctx, tok))
    ):
        # A name the linker has not met (the tagger saw a proper noun, whatever label it guessed):
        # keep it without an id, the same actor as an earlier mention of that surname.
        name = _name_tokens(ctx, tok)
        actor = ctx.unlinked_person(name.text) if name is not None else None
    if (
        actor is not None
        and tok.pos_ == "NOUN"
        and not ctx.cues.is_group(tok.lower_)
        and not ctx.cues.is_document(tok.lower_)
        and tok.tag_ != "NNS"
        and ctx.entity_type(actor) != "person"
    ):
        # "the GOP presidential candidate" names a person, not the party the linker found inside it
        actor = None
    if actor is None and tok.pos_ == "NOUN":
        return _described_speaker(ctx, tok, phrase)
    return (actor, phrase) if actor is not None else None


def _unknown_place_speaking(ctx: QuoteContext, tok) -> bool:  # noqa: ANN001
    """ "Nefzi said": a name the tagger took for a place, as the subject of a speech verb, that the
    linker knows from nothing but the tagger's guess (a place or country of the knowledge base is
    kept as it is) is a person's surname."""
    if tok.ent_type_ not in ("GPE", "LOC", "FAC") or tok.dep_ not in SUBJECT_DEPS or ctx.linked is None:
        return False
    if tok.head.lower_ not in ctx.cues.speech_words:
        return False
    name = _name_tokens(ctx, tok)
    if name is None:
        return False
    known = ctx.linked.resolve(name.text, name.start)
    # a provisional entity is the linker's copy of the tagger's guess, not knowledge of a place
    return known is None or known.id is None or known.id.startswith("prov:")


def _has_role_apposition(tok) -> bool:  # noqa: ANN001
    """ "Matdos Santos, legal director for ACLU of Oregon": a name with a person's role in
    apposition is a person's name, whatever place the tagger took it for."""
    return any(c.dep_ == "appos" and c.tag_ == "NN" for c in tok.children)


def _named_inside(ctx: QuoteContext, actor: Actor, phrase: Span) -> bool:
    """The actor is named by a mention inside the phrase (a modifier of its head, not the head)."""
    if actor.id is None:
        return actor.name in phrase.text
    return any(a.id == actor.id for _, a in ctx.speaker_mentions(phrase.start, phrase.end))


def _described_speaker(ctx: QuoteContext, tok, phrase: Span) -> tuple[Actor, Span] | None:  # noqa: ANN001
    """A speaker named by a description the linker does not resolve.

    "the G7 statement said" gives the speaker the phrase names, or the text itself when it names
    no one ("the editorial said"); "the ministry said" is a body speaking, kept as
    described; "the railway official said" is, in news, the person just quoted or named (like a
    pronoun, within the last two paragraphs); "a college student told VOA" is a speaker known
    only by the description.
    """
    head = tok.lower_
    if ctx.cues.is_document(head):
        # "the G7 joint statement said", "Sanders' new ad says": whoever the phrase names wrote it
        named = ctx.speaker_mentions(phrase.start, phrase.end)
        return (named[0][1], phrase) if named else (Actor(id=None, name=phrase.text), phrase)
    if ctx.cues.is_group(head) or tok.tag_ == "NNS":
        return Actor(id=None, name=phrase.text), phrase
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
    if definite:
        said = ctx.recent_speaker(tok.idx)
        if said is not None:
            return said.actor, phrase
    return Actor(id=None, name=phrase.text), phrase


def _body_before(ctx: QuoteContext, tok) -> tuple[Actor, Span] | None:  # noqa: ANN001
    """ "it said" / "they said in a joint statement": the body or group that was the subject of the
    sentence before (a ministry, "rights groups"), never a person."""
    sent = tok.sent
    if sent.start == 0:
        return None
    prev = ctx.sdoc[sent.start - 1].sent
    for cand in prev:
        if cand.dep_ not in SUBJECT_DEPS or cand.head.dep_ != "ROOT" or cand.lower_ in PRONOUNS:
            continue
        if cand.lower_ in ("it", "they", "this", "that", "there") or ctx.in_quote(cand.idx):
            return None
        plural = cand.tag_ in ("NNS", "NNPS")
        if (tok.lower_ == "they") != plural and not ctx.cues.is_group(cand.lower_):
            return None
        found = speaker_from_token(ctx, cand)
        if found is None or ctx.entity_type(found[0]) == "person" or ctx.cues.is_document(cand.lower_):
            return None
        return found[0], ctx.span(tok.idx, tok.idx + len(tok))
    return None


def _name_tokens(ctx: QuoteContext, tok) -> Span | None:  # noqa: ANN001
    """The run of proper nouns ending at ``tok`` ("Derrick Van Orden")."""
    start = tok.i
    while start > 0 and ctx.sdoc[start - 1].pos_ == "PROPN" and ctx.sdoc[start - 1].dep_ == "compound":
        start -= 1
    first = ctx.sdoc[start]
    return ctx.span(first.idx, tok.idx + len(tok))


def _description(ctx: QuoteContext, tok) -> Span:  # noqa: ANN001
    """The noun phrase headed by ``tok`` without clauses or appositions: "the CSTO secretary general"."""
    keep = [tok]
    stack = list(tok.children)
    while stack:
        child = stack.pop()
        if child.dep_ in PHRASE_CUTS:
            continue
        keep.append(child)
        stack.extend(child.children)
    start = min(t.idx for t in keep)
    end = max(t.idx + len(t) for t in keep)
    return ctx.span(start, end)


# --- no cue of its own ------------------------------------------------------------------------------


def continued_attribution(ctx: QuoteContext, m: Marked, before: Attribution | None) -> Attribution | None:
    """A quotation that opens a sentence right after another one of a known speaker, with at most
    that quotation's attribution between them and no one else named there."""
    if before is None or before.speaker is None:
        return None
    prev_end = ctx.last_quote_end(-1, m.opened)
    if prev_end is None or ctx.paras.index(m.opened) - ctx.paras.index(prev_end) > 1:
        return None
    between = ctx.text[prev_end : m.opened]
    if len(_sentence_ends(ctx, between)) > 1 or not _opens_sentence(ctx, m):
        return None
    if any(a.id != before.speaker.id for _, a in ctx.speaker_mentions(prev_end, m.opened)):
        return None
    return Attribution(before.speaker, None, None, ctx.settings.conf_continued, "continued")


def _opens_sentence(ctx: QuoteContext, m: Marked) -> bool:
    before = ctx.text[: m.opened].rstrip()
    return (not before or before[-1] in '.!?…"”’»:' or ctx.paras.starts_paragraph(m.opened)) and ctx.text[
        m.start : m.start + 1
    ].isupper()


def caption_attribution(ctx: QuoteContext, m: Marked) -> Attribution | None:
    """A short verbless line naming one person right before the quotation (a weak cue)."""
    paras = ctx.paras
    if not paras.starts_paragraph(m.opened):
        return None
    idx = paras.previous_text(paras.index(m.opened))
    if idx is None:
        return None
    start, end = paras.bounds(idx)
    line = ctx.text[start:end].strip()
    if not line or len(line) > ctx.settings.max_caption_chars or line[-1] in ".!?":
        return None
    i, j = ctx.token_range(start, end)
    if any(t.pos_ in ("VERB", "AUX") for t in ctx.sdoc[i:j]):
        return None
    people = {a.id: (a, sp) for sp, a in ctx.speaker_mentions(start, end) if ctx.entity_type(a) == "person"}
    if len(people) != 1:
        return None
    actor, span = next(iter(people.values()))
    return Attribution(actor, span, None, ctx.settings.conf_caption, "caption")


def remember(ctx: QuoteContext, found: Attribution, m: Marked) -> None:
    """Record a resolved speaker so later pronouns ("he added") can find them."""
    if found.speaker is not None:
        pos = found.mention.start if found.mention is not None else m.start
        mention = found.mention or ctx.span(m.start, m.start)
        ctx.said.append(Said(pos, found.speaker, mention))
        ctx.said.sort(key=lambda s: s.pos)
