"""Quotes stage: direct quotations and transcript turns, with their speakers resolved.

``find_quotes(doc)`` reads ``doc.text``, ``doc.spacy_doc`` and ``doc.linked``
and returns ``Quote`` objects in text order, in numbered steps:

1. marked quotations (``detect.QuoteFinder``): double, typographic, guillemets and
   single quotes, over several paragraphs when the text does so;
2. transcript turns and unmarked speech after a colon line or a dash (``turns``);
3. speakers, in text order so pronouns find who was named before (``attribute``);
4. an interruption ("“X,” he said. “Y.”") joins its two parts into one utterance;
5. names, titles, labels and scare quotes are dropped (``speech``);
6. indirect speech ("X said that ...") comes as ``kind="indirect"``, ``direct=False`` (``indirect``).
"""

from __future__ import annotations

import logging

from communique.model import Document, Quote
from communique.quotes.attribute import Attribution, attribute_speaker, remember, trailing_attribution
from communique.quotes.context import QuoteContext
from communique.quotes.cues import load_cues
from communique.quotes.detect import Marked, QuoteFinder
from communique.quotes.indirect import find_indirect
from communique.quotes.speech import is_speech
from communique.quotes.turns import find_introduced, find_turns

log = logging.getLogger(__name__)

__all__ = ["QuoteFinder", "attribute_speaker", "find_quotes", "load_cues"]


def find_quotes(doc: Document) -> list[Quote]:
    """Every direct quotation in a parsed, linked document, with its speaker.

    doc (Document): needs ``text`` and ``spacy_doc``; ``linked`` (from the link stage)
        resolves speakers, without it quotations come back without speakers.
    RETURNS (list[Quote]): in text order; direct quotations and turns have ``direct=True``,
        indirect speech ``kind="indirect"`` and ``direct=False``.
    """
    if doc.spacy_doc is None or not doc.text:
        return []
    ctx = QuoteContext(doc.text, doc.spacy_doc, doc.linked)
    # 1. marked quotations
    marked = QuoteFinder(ctx.settings).find(doc.text)
    ctx.quoted = [(m.opened, m.outer_end) for m in marked]
    # 2. transcript turns (quotations inside a turn belong to it), then colon and dash speech
    turns = find_turns(ctx)
    marked = [m for m in marked if not _inside(m, turns)]
    ctx.quoted = sorted([(m.opened, m.outer_end) for m in marked + turns])
    introduced = [m for m in find_introduced(ctx) if not _inside(m, turns)]
    candidates = sorted(marked + turns + introduced, key=lambda m: m.opened)
    ctx.quoted = [(m.opened, m.outer_end) for m in candidates]
    # 3-5. attribute in text order, join interruptions, keep speech
    quotes: list[Quote] = []
    before: Attribution | None = None
    i = 0
    while i < len(candidates):
        m = candidates[i]
        found = m.meta.get("attribution") or attribute_speaker(ctx, m, before)
        i += 1
        while i < len(candidates) and _continues_after_interruption(ctx, m, found, candidates[i]):
            m = _join(m, candidates[i])
            i += 1
        if not is_speech(ctx, m, found):
            continue
        remember(ctx, found, m)
        quotes.append(_to_quote(ctx, m, found))
        before = found
    # 6. indirect speech, after the direct quotations so their spans are known
    quotes += find_indirect(ctx)
    log.debug(
        "quotes %s: %d candidate(s), %d kept, %d without a speaker",
        doc.raw.source, len(candidates), len(quotes), sum(q.speaker is None for q in quotes),
    )  # fmt: skip
    return sorted(quotes, key=lambda q: q.start)


def _inside(m: Marked, containers: list[Marked]) -> bool:
    return any(c.opened <= m.opened and m.outer_end <= c.outer_end for c in containers)


def _continues_after_interruption(ctx: QuoteContext, m: Marked, found: Attribution, nxt: Marked) -> bool:
    """ "“X,” he said. “Y.”": the next quotation follows m's own attribution in the same paragraph and
    has no cue of its own, so it is the rest of the same utterance."""
    if m.layout != "marked" or nxt.layout != "marked" or found.how != "trailing" or m.closed is None:
        return False
    if ctx.paras.index(nxt.opened) != ctx.paras.index(m.outer_end):
        return False
    between = ctx.text[m.outer_end : nxt.opened]
    if not between.rstrip().endswith((".", ",")) or len(between) > 120:
        return False
    own = trailing_attribution(ctx, nxt)
    return own is None


def _join(first: Marked, second: Marked) -> Marked:
    return Marked(
        parts=first.parts + second.parts,
        opened=first.opened,
        closed=second.closed,
        single=first.single,
        layout=first.layout,
        meta=first.meta,
    )


def _to_quote(ctx: QuoteContext, m: Marked, found: Attribution) -> Quote:
    joined = _joined_text(ctx, m)
    confidence = found.confidence - (
        ctx.settings.penalty_unclosed if m.layout == "marked" and m.closed is None else 0
    )
    return Quote(
        text=joined,
        start=m.start,
        end=m.end,
        speaker=found.speaker,
        speaker_mention=found.mention,
        cue=found.cue,
        confidence=max(0.05, min(1.0, confidence)),
        direct=True,
        parts=[ctx.span(a, b) for a, b in m.parts] if len(m.parts) > 1 else [],
    )


def _joined_text(ctx: QuoteContext, m: Marked) -> str:
    """The quoted words of every part: a new paragraph starts a new line, an interruption a space."""
    text = ctx.text
    joined = text[m.parts[0][0] : m.parts[0][1]]
    for (_, prev_end), (a, b) in zip(m.parts, m.parts[1:], strict=False):
        sep = "\n" if ctx.paras.index(prev_end) != ctx.paras.index(a) else " "
        joined += sep + text[a:b]
    return joined
