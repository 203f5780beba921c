"""Events told inside quotation marks: the speaker's claim, not the article's own report.

"'The American side has violated the agreement,' Akhundzada alleged": the violation is
what Akhundzada says happened. The event is kept (it is news that he says so), and the
speaker is recorded so that a reader can tell a claim from a reported fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from communique.model import Document

OPENING = frozenset({'"', "“", "«", "„"})
CLOSING = frozenset({'"', "”", "»", "“"})
# Verbs that introduce the quoted words; their subject is the speaker.
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "claim", "allege", "write", "declare", "insist", "note",
                          "stress", "warn", "argue", "assert", "explain", "announce", "tweet", "post"})  # fmt: skip


def inside_quotes(token: Token, sent: Span) -> bool:
    """Whether the token sits between an opening and a closing quotation mark of its sentence."""
    depth = 0
    for tok in sent:
        if tok.i == token.i:
            return depth % 2 == 1
        if tok.text in OPENING or tok.text in CLOSING:
            depth += 1
    return False


def _speaker_of(token: Token, sent: Span) -> Token | None:
    """The subject of the first speech verb of the sentence outside quotation marks."""
    for tok in sent:
        if tok.lemma_.lower() in SPEECH_VERBS and not inside_quotes(tok, sent):
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
    return None


def quote_speaker_token(token: Token) -> Token | None:
    """The head of the speaker's phrase when the token is quoted ("'We urge ...,' Khan told media")."""
    sent = token.sent
    return _speaker_of(token, sent) if inside_quotes(token, sent) else None


def quoted_speaker(trigger: Token, sent: Span, doc: Document) -> str | None:
    """The speaker of the quotation holding the event word, as written; None when it is not quoted."""
    if not inside_quotes(trigger, sent):
        return None
    subject = _speaker_of(trigger, sent)
    if subject is None:
        return "unattributed"
    start = min(t.idx for t in subject.subtree)
    end = max(t.idx + len(t.text) for t in subject.subtree)
    return doc.text[start:end]
