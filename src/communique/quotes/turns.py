"""Unmarked speech: transcript turns, speech after a colon line, and dash-introduced speech.

A transcript turn opens with a speaker label at the start of a line ("President
of Russia Vladimir Putin: ...") and runs until the next label or a separator
line. A label is a verbless name or role phrase that the linker resolves to a
person, followed by a colon; "Colleagues," or "Photo: ..." are not labels.
"""

from __future__ import annotations

import re

from communique.model import Actor, Span
from communique.quotes.attribute import Attribution, attribution_from_cue
from communique.quotes.context import QuoteContext
from communique.quotes.detect import Marked, trim_span

# A line that may open a turn: up to 160 characters before the first colon.
LABEL = re.compile(r"^[ \t]*(?P<label>[A-Z][^\n:]{1,160}?)[ \t]*:(?=\s|$)", re.MULTILINE)
# Lines that end a transcript: "* * *", "***", "---".
SEPARATOR = re.compile(r"^[ \t]*(?:[*\-–—_][ \t]*){3,}$", re.MULTILINE)
# A paragraph that starts with a dash, as speech is set out in translated transcripts and interviews.
DASH_LINE = re.compile(r"^[ \t]*[—–][ \t]*(?=\S)", re.MULTILINE)
# Inside a dash paragraph: ", — the minister said." ends the speech and gives the speaker.
DASH_ATTRIBUTION = re.compile(r"(?<=[,.!?…])[ \t]*[—–][ \t]*(?=[a-zA-Z])")
QUOTE_MARKS = "\"“”„«»‘’'"


def find_turns(ctx: QuoteContext) -> list[Marked]:
    """Transcript turns, each with its speaker already attributed."""
    labels = [lab for lab in (_label(ctx, m) for m in LABEL.finditer(ctx.text)) if lab is not None]
    if not labels:
        return []
    if len(labels) == 1:
        # One label alone is no transcript. On the first line it is a headline ("John McCain: Populist
        # Anger Appeals to ..."); elsewhere its words are its own paragraph, not the article after it.
        if ctx.paras.index(labels[0][0].start) == _first_line(ctx):
            return []
        stops = [ctx.paras.bounds(ctx.paras.index(labels[0][2]))[1]]
    else:
        stops = sorted([lab[0].start for lab in labels] + [m.start() for m in SEPARATOR.finditer(ctx.text)])
    turns = []
    for label, actor, body_start in labels:
        end = next((s for s in stops if s > body_start), len(ctx.text))
        start, stop = trim_span(ctx.text, body_start, end)
        if stop <= start:
            continue
        found = Attribution(actor, label, None, ctx.settings.conf_turn, "turn")
        turns.append(
            Marked(
                parts=_paragraph_parts(ctx, start, stop),
                opened=start,
                closed=None,
                layout="turn",
                meta={"attribution": found},
            )
        )
    return turns


def _first_line(ctx: QuoteContext) -> int:
    """Index of the first paragraph with text (a title when the text has one)."""
    idx = 0
    while idx < ctx.paras.count() - 1 and ctx.paras.is_blank(idx):
        idx += 1
    return idx


def _label(ctx: QuoteContext, m: re.Match) -> tuple[Span, Actor, int] | None:
    """(label span, person, offset after the colon) when the line opens a transcript turn."""
    start, end = m.start("label"), m.end("label")
    i, j = ctx.token_range(start, end)
    toks = ctx.sdoc[i:j]
    if not toks or len(toks) > ctx.settings.max_label_tokens:
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.text in QUOTE_MARKS for t in toks):
        return None
    people = [(sp, a) for sp, a in ctx.speaker_mentions(start, end) if ctx.entity_type(a) == "person"]
    # The label must end with the person's name or role: "President of Russia Vladimir Putin".
    if people and ctx.text[people[-1][0].end : end].strip(" ,.") == "":
        return ctx.span(start, end), people[-1][1], m.end()
    actor = ctx.resolve(ctx.text[start:end], start)
    if actor is not None and ctx.entity_type(actor) == "person":
        return ctx.span(start, end), actor, m.end()
    return None


def _paragraph_parts(ctx: QuoteContext, start: int, end: int) -> list[tuple[int, int]]:
    parts = []
    for idx in range(ctx.paras.index(start), ctx.paras.index(end) + 1):
        ps, pe = ctx.paras.bounds(idx)
        span = trim_span(ctx.text, max(ps, start), min(pe, end))
        if span[1] > span[0]:
            parts.append(span)
    return parts or [(start, end)]


# --- speech after "The President concluded:" and dash speech -----------------------------------------


def find_introduced(ctx: QuoteContext) -> list[Marked]:
    """Unmarked paragraphs introduced by a colon line with a cue, and dash paragraphs with an attribution."""
    found = []
    paras = ctx.paras
    for idx in range(paras.count()):
        start, end = paras.bounds(idx)
        line = ctx.text[start:end].strip()
        if not line or ctx.in_quote(start + (len(ctx.text[start:end]) - len(ctx.text[start:end].lstrip()))):
            continue
        intro = _colon_intro(ctx, idx)
        dash = DASH_LINE.match(ctx.text, start, end)
        if dash is not None:
            marked = _dash_speech(ctx, dash.end(), end, intro)
        elif intro is not None and line[0] not in QUOTE_MARKS:
            s, e = trim_span(ctx.text, start, end)
            marked = Marked(
                parts=[(s, e)], opened=s, closed=None, layout="colon", meta={"attribution": intro}
            )
        else:
            marked = None
        if marked is not None:
            found.append(marked)
    return found


def _colon_intro(ctx: QuoteContext, idx: int) -> Attribution | None:
    """The attribution of the previous paragraph when it ends with a colon and a cue with a speaker."""
    paras = ctx.paras
    prev = paras.previous_text(idx)
    if prev is None:
        return None
    start, end = paras.bounds(prev)
    if not ctx.text[start:end].rstrip().endswith(":") or ctx.in_quote(end - 1):
        return None
    i, j = ctx.token_range(start, end)
    for match in reversed(ctx.cues.find(ctx.sdoc, i, j)):
        found = attribution_from_cue(ctx, match, (start, end), "colon")
        if found.speaker is not None:
            found.confidence = ctx.settings.conf_colon
            return found
    return None


def _dash_speech(ctx: QuoteContext, start: int, end: int, intro: Attribution | None) -> Marked | None:
    """ "— We are ready, — the minister said." or a dash paragraph after a colon line."""
    tail = DASH_ATTRIBUTION.search(ctx.text, start, end)
    words_end = tail.start() if tail else end
    s, e = trim_span(ctx.text, start, words_end)
    found = intro
    if tail is not None:
        i, j = ctx.token_range(tail.end(), end)
        matches = ctx.cues.find(ctx.sdoc, i, j, strict_from=i + 3)
        if matches:
            found = attribution_from_cue(ctx, matches[0], (tail.end(), end), "dash")
    if found is None or found.speaker is None or e <= s:
        return None  # a dashed list item, not speech
    return Marked(parts=[(s, e)], opened=start - 1, closed=None, layout="dash", meta={"attribution": found})
