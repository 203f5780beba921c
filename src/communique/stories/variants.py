"""Variations of a document, for the duplicate test and the stories benchmark.

A reprint of a news story differs from the original in predictable ways:
the site's boilerplate around it, another headline, paragraphs moved, a
sentence edited. ``make_variant`` applies such changes; ``compose_story``
makes a distinct document (for benchmark scale) from sentences of several
originals. All wording added here is our own.
"""

from __future__ import annotations

import random
import re
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from communique.text import split_sentences

VARIATIONS = ("boilerplate", "reorder", "sentence", "headline")

# Reprint furniture: what aggregator and partner sites wrap around copy.
BOILERPLATE_BEFORE = (
    "Home | World | Politics | Security | Opinion | Video | Newsletters",
    "Skip to main content. Sign in or register to save articles for later reading.",
    "Advertisement. Scroll down to continue reading the full story below.",
)
BOILERPLATE_AFTER = (
    "Share this article on social networks. Copy the link. Print this page.",
    "Subscribe to our morning briefing and receive the top headlines in your inbox every weekday.",
    "Reprinted with permission. All rights reserved by the original publisher. Contact the newsroom "
    "with corrections or tips at the address listed on our about page.",
    "Related topics: diplomacy, defence, regional affairs, international organisations.",
    "Comments are closed for this article. Read our community guidelines before posting elsewhere.",
)
HEADLINE_FORMS = ("UPDATE: {t}", "{t} - analysis", "What we know: {t}", "{t}, officials say", "Breaking: {t}")
# An edited sentence: a reporter's addition in place of one original sentence.
EDITED_SENTENCES = (
    "Further details were not immediately available on {d}.",
    "A spokesperson declined to comment on the report when reached by phone on {d}.",
    "This report was updated on {d} with additional background from regional correspondents.",
    "Observers said the developments would be watched closely in the coming weeks.",
)

# Documents a reprint may copy from: the most recent ones generated.
REPRINT_WINDOW = 5000


@dataclass
class Variant:
    """One generated document: its fields and the original it came from (``origin``)."""

    title: str
    text: str
    published: str | None
    origin: str
    changes: tuple[str, ...] = ()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs at blank lines, or runs of four sentences when the text has no breaks."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) > 1:
        return paragraphs
    sentences = split_sentences(text)
    return [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]


def add_boilerplate(text: str, rng: random.Random) -> str:
    """Wrap the text in a header line and two footer lines."""
    before = rng.choice(BOILERPLATE_BEFORE)
    after = rng.sample(BOILERPLATE_AFTER, 2)
    return "\n\n".join([before, text, *after])


def reorder_paragraphs(text: str, rng: random.Random) -> str:
    """Move one paragraph to another place (the lead paragraph stays first)."""
    paragraphs = split_paragraphs(text)
    if len(paragraphs) < 3:
        return text
    moved = paragraphs.pop(rng.randrange(1, len(paragraphs)))
    spots = [i for i in range(1, len(paragraphs) + 1) if paragraphs[i - 1 : i] != [moved]]
    paragraphs.insert(rng.choice(spots), moved)
    return "\n\n".join(paragraphs)


def change_sentence(text: str, rng: random.Random, on: str | None) -> str:
    """Replace one sentence (not the first) with an edited one."""
    paragraphs = [split_sentences(p) for p in split_paragraphs(text)]
    spots = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p)) if (i, j) != (0, 0)]
    if not spots:
        return text
    i, j = rng.choice(spots)
    paragraphs[i][j] = rng.choice(EDITED_SENTENCES).format(d=on or "Monday")
    return "\n\n".join(" ".join(p) for p in paragraphs)


def new_headline(title: str, rng: random.Random) -> str:
    return rng.choice(HEADLINE_FORMS).format(t=title)


def make_variant(
    title: str,
    text: str,
    published: str | None,
    rng: random.Random,
    changes: Sequence[str] = VARIATIONS,
    origin: str = "",
) -> Variant:
    """Apply ``changes`` (any of VARIATIONS) to one document, in a fixed order."""
    if "reorder" in changes:
        text = reorder_paragraphs(text, rng)
    if "sentence" in changes:
        text = change_sentence(text, rng, (published or "")[:10] or None)
    if "boilerplate" in changes:
        text = add_boilerplate(text, rng)
    if "headline" in changes:
        title = new_headline(title, rng)
    return Variant(title, text, published, origin, tuple(changes))


def random_changes(rng: random.Random) -> tuple[str, ...]:
    """A non-empty random subset of VARIATIONS."""
    chosen = tuple(v for v in VARIATIONS if rng.random() < 0.5)
    return chosen or (rng.choice(VARIATIONS),)


def compose_story(
    pool: Sequence[str], rng: random.Random, n_sentences: int, on: date, origin: str
) -> Variant:
    """A distinct document: ``n_sentences`` sentences drawn from ``pool``, dated ``on``."""
    sentences = rng.sample(pool, n_sentences)
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    title = " ".join(sentences[0].split()[:9]).rstrip(".,;:")
    return Variant(title, "\n\n".join(paragraphs), on.isoformat(), origin, ("composed",))


def generate_corpus(
    records: Sequence[dict], n_docs: int, seed: int = 7, reprint_share: float = 0.3
) -> Iterator[Variant]:
    """``n_docs`` documents: the originals, then composed stories and reprints of earlier ones.

    records (Sequence[dict]): originals with ``title``, ``text``, ``published``.
    reprint_share (float): share of generated documents that are variants of an earlier one.
    """
    rng = random.Random(seed)
    pool = [s for r in records for s in split_sentences(r["text"]) if len(s.split()) >= 6]
    # Reprints follow their original closely; a window of recent documents keeps memory flat.
    made: deque[Variant] = deque(maxlen=REPRINT_WINDOW)
    start = date(2019, 1, 1)
    for i in range(n_docs):
        if i < len(records):
            r = records[i]
            doc = Variant(r["title"], r["text"], (r.get("published") or "")[:10] or None, f"o{i}")
        elif rng.random() < reprint_share:
            base = made[rng.randrange(len(made))]
            doc = make_variant(base.title, base.text, base.published, rng, random_changes(rng), base.origin)
        else:
            on = start + timedelta(days=rng.randrange(6 * 365))
            doc = compose_story(pool, rng, rng.randint(18, 30), on, f"c{i}")
        made.append(doc)
        yield doc
