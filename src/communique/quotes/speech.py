"""Which quoted spans are speech: names of operations and exercises, titles, labels and
scare quotes are not.

A quoted span is not speech when the words before it mark it as a name
("operation", "exercise", "motto", "known as"), when the linker resolves it
to an exercise, operation, organisation or place, or when it is short and is
none of: a span with its own reporting cue that ends like speech, a fragment
after a reporting verb of its sentence ('X said the plan was “a disaster”'),
a short sentence of a known speaker ('“I hope not.”').
"""

from __future__ import annotations

import re

from communique.quotes.attribute import Attribution
from communique.quotes.context import QuoteContext
from communique.quotes.detect import Marked

# Linked entity types that a quoted name stands for, rather than speech.
NAME_TYPES = ("exercise", "operation", "organization", "body", "place", "country", "other")
# Longest quoted span a name marker still turns into a name (a motto runs to a dozen words).
NAMED_MAX_WORDS = 14
# Longest quoted span read as a title when every long word is capitalised.
TITLE_MAX_WORDS = 9
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
SENTENCE_PUNCT = re.compile(r"[.!?…]")
ENDS_LIKE_SPEECH = tuple(".,!?…;:")
SENTENCE_END = tuple(".!?…")
CLOSING = "'\"’”"


def quoted_text(ctx: QuoteContext, m: Marked) -> str:
    return " ".join(ctx.text[a:b] for a, b in m.parts)


def is_speech(ctx: QuoteContext, m: Marked, found: Attribution) -> bool:
    """True when a marked span reads as someone's words."""
    if m.layout != "marked":
        return True
    text = quoted_text(ctx, m)
    words = len(WORD.findall(text))
    s = ctx.settings
    if words == 0:
        return False
    if words <= NAMED_MAX_WORDS and ctx.cues.marks_name(_words_before(ctx, m.opened)):
        return False
    if _names_an_entity(ctx, m, words):
        return False
    has_cue = found.how in ("trailing", "leading") and found.cue is not None
    if not has_cue and words <= TITLE_MAX_WORDS and _title_case(text):
        return False  # "Orange Is the New Black", "This Week," : a title, not speech
    if words <= s.short_quote_words:
        if has_cue and text.rstrip().endswith(ENDS_LIKE_SPEECH):
            return True
        if found.speaker is None:
            return False
        # a fragment after a reporting verb of its own sentence ("X said the plan was “a disaster”")
        # is a partial quotation of X; a short sentence of a known speaker ("“I hope not.”") is speech
        return found.how == "embedded" or text.rstrip().rstrip(CLOSING).endswith(SENTENCE_END)
    if found.speaker is None and not has_cue and not SENTENCE_PUNCT.search(text):
        return words > s.unattributed_min_words
    return True


def _title_case(text: str) -> bool:
    """Every word of four letters or more capitalised, and at least two such words: a title."""
    long_words = [w for w in WORD.findall(text) if len(w) >= 4]
    if len(long_words) < 2:
        return False
    return all(w[0].isupper() for w in long_words) and not text.isupper()


def _words_before(ctx: QuoteContext, pos: int, n: int = 3) -> list[str]:
    """The last words right before an opening mark; none when punctuation stands between
    ("the Trump campaign, “The speech ...”" is speech, "the campaign “Stop It”" a name)."""
    start = max(0, pos - 60)
    before = ctx.text[start:pos]
    if (
        before.rstrip() != before.rstrip(" \t\n,:;—–-")
        or not before[-1:].isspace()
        and before[-1:] not in ("", "\xa0")
    ):
        return []
    return WORD.findall(before)[-n:]


def _names_an_entity(ctx: QuoteContext, m: Marked, words: int) -> bool:
    """The span is (mostly) one linked name: “Channel”, «Interaction»."""
    if ctx.linked is None or words > 6:
        return False
    for mention, ent in ctx.linked.mentions_in(m.start, m.end):
        covered = min(m.end, mention.end) - max(m.start, mention.start)
        if ent.type in NAME_TYPES and covered >= 0.8 * (m.end - m.start):
            return True
    return False
