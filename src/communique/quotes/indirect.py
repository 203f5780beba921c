"""Indirect speech: "Lukashenko said that Belarus would ...", "The plan will fail, the minister warned."

A speech verb of the cue lexicon whose clausal complement (``ccomp``) is the
reported content, outside any direct quotation. The speaker is the verb's
subject, resolved like a direct quotation's speaker (names, titles, pronouns);
a report whose speaker resolves to no one is left out, as is one whose content
is mostly a direct quotation already found.
"""

from __future__ import annotations

from communique.model import Quote
from communique.quotes.attribute import speaker_from_token
from communique.quotes.context import PRONOUNS, QuoteContext

# Shortest reported content, in tokens ("he said it would" is not a report worth keeping).
MIN_CONTENT_TOKENS = 4
# Subjects that are no speaker: "it was said that", "there is said to be".
NO_SPEAKER = {"it", "there", "this", "that", "which", "who"}


def find_indirect(ctx: QuoteContext) -> list[Quote]:
    """Indirect reports of speech in text order, each with a resolved speaker."""
    from spacy.attrs import LOWER

    out = []
    sdoc = ctx.sdoc
    if not len(sdoc):
        return out
    # Candidate cue tokens found on the array of lowercased forms, not by visiting every token.
    wanted = {sdoc.vocab.strings.add(w) for w in ctx.cues.speech_words}
    lowers = sdoc.to_array([LOWER]).tolist()
    for tok in (sdoc[k] for k, low in enumerate(lowers) if low in wanted):
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        match = ctx.cues.match_at(sdoc, tok.i)
        if match is None or match.cue.kind != "verb" or ctx.in_quote(tok.idx):
            continue
        content = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if content is None or subject is None or subject.lower_ in NO_SPEAKER:
            continue
        start_tok, end_tok = content.left_edge, content.right_edge
        if end_tok.i - start_tok.i + 1 < MIN_CONTENT_TOKENS or start_tok.i <= subject.i <= end_tok.i:
            continue
        start, end = start_tok.idx, end_tok.idx + len(end_tok)
        if _mostly_quoted(ctx, start, end):
            continue
        found = speaker_from_token(ctx, subject)
        if found is None or (found[0].id is None and ctx.cues.is_document(subject.lower_)):
            continue  # "the declaration states that ...": a text, not a speaker
        actor, mention = found
        pronoun = mention.text.lower() in PRONOUNS
        s = ctx.settings
        out.append(
            Quote(
                text=ctx.text[start:end],
                start=start,
                end=end,
                speaker=actor,
                speaker_mention=mention,
                cue=match.text(sdoc),
                confidence=(s.conf_pronoun if pronoun else s.conf_named) - s.penalty_indirect,
                direct=False,
                kind="indirect",
            )
        )
    return out


def _mostly_quoted(ctx: QuoteContext, start: int, end: int) -> bool:
    """Half or more of the content lies inside direct quotations (then it is no indirect report)."""
    inside = ctx.quoted_chars(start, end)
    return inside >= 0.5 * (end - start)
