"""Near-duplicates among the VOA stories: reprints found, distinct stories kept apart."""

from __future__ import annotations

import itertools
import random

import pytest

from communique.model import Document, RawDocument
from communique.stories import StoryIndex, batch_text_source
from communique.stories.variants import VARIATIONS, make_variant, random_changes

RECALL_FLOOR = 0.95
PRECISION_FLOOR = 0.99


def make_document(title: str, text: str, published: str | None, source: str) -> Document:
    raw = RawDocument(source=source, text=text, title=title)
    return Document(raw=raw, text=text, title=title, published=published)


@pytest.fixture(scope="module")
def voa_with_reprints(voa_records) -> tuple[list[Document], dict[str, int]]:
    """The 89 originals, and per original: one reprint with every variation, one per variation, two random."""
    rng = random.Random(11)
    docs, origin = [], {}
    for i, r in enumerate(voa_records):
        published = r["published"][:10]
        group = [make_document(r["title"], r["text"], published, f"voa:{i}")]
        plans = [VARIATIONS, *((v,) for v in VARIATIONS), random_changes(rng), random_changes(rng)]
        for plan in plans:
            v = make_variant(r["title"], r["text"], published, rng, plan)
            group.append(make_document(v.title, v.text, v.published, f"voa:{i}:{'+'.join(plan)}"))
        for d in group:
            if d.id not in origin:  # a random plan may repeat an earlier one exactly: one document
                origin[d.id] = i
                docs.append(d)
    rng.shuffle(docs)
    return docs, origin


@pytest.fixture(scope="module")
def indexed(voa_with_reprints):
    docs, _ = voa_with_reprints
    index = StoryIndex(text_source=batch_text_source(docs))
    return index, index.add(docs)


def _groups(assignments) -> dict[str, str]:
    """Document id -> root of its duplicate group (duplicates chain to the first copy indexed)."""
    root = {a.document_id: a.duplicate.duplicate_of if a.duplicate else a.document_id for a in assignments}

    def find(x: str) -> str:
        while root[x] != x:
            x = root[x]
        return x

    return {d: find(d) for d in root}


def test_stories_dedup_recall_and_precision(voa_with_reprints, indexed):
    docs, origin = voa_with_reprints
    _, assignments = indexed
    group = _groups(assignments)
    gold, found = set(), set()
    for a, b in itertools.combinations(sorted(d.id for d in docs), 2):
        if origin[a] == origin[b]:
            gold.add((a, b))
        if group[a] == group[b]:
            found.add((a, b))
    recall = len(gold & found) / len(gold)
    precision = len(gold & found) / len(found)
    print(
        f"\nduplicate pairs: recall {recall:.4f}, precision {precision:.4f} ({len(gold)} gold pairs, {len(found)} found)"
    )
    assert recall >= RECALL_FLOOR
    assert precision >= PRECISION_FLOOR


def test_stories_dedup_pairs_carry_estimate_and_verified_jaccard(voa_with_reprints, indexed):
    docs, _ = voa_with_reprints
    _, assignments = indexed
    found = [a.duplicate for a in assignments if a.duplicate]
    assert len(found) == len(docs) - 89  # every copy but the first of each group
    near = [d for d in found if d.kind == "near"]
    # a reprint that only changes the headline repeats the body exactly
    assert {d.kind for d in found} == {"exact", "near"}
    for d in near:
        assert d.verified
        assert 0.5 <= d.similarity < 1.0
        assert 0.0 < d.estimated <= 1.0
    # the estimate tracks the verified value (64 permutations: standard error about 0.05)
    assert sum(abs(d.estimated - d.similarity) for d in near) / len(near) < 0.06


def test_stories_dedup_originals_are_not_duplicates(voa_records):
    docs = [
        make_document(r["title"], r["text"], r["published"][:10], f"voa:{i}")
        for i, r in enumerate(voa_records)
    ]
    assignments = StoryIndex(text_source=batch_text_source(docs)).add(docs)
    assert [a for a in assignments if a.duplicate] == []


def test_stories_dedup_exact_copy_with_other_whitespace_and_quotes():
    text = (
        "The council met on Tuesday to review the border agreement. Delegates from five states "
        "attended. \u201cWe have settled the main questions,\u201d the chair told reporters afterwards. "
        "A second round of talks is planned for the autumn, officials said."
    )
    copy = text.replace("\u201c", '"').replace("\u201d", '"').replace(". ", ".\n\n")
    docs = [
        make_document("Border talks", text, "2024-04-02", "a"),
        make_document("Border talks", copy, "2024-04-02", "b"),
    ]
    first, second = StoryIndex().add(docs)
    assert second.duplicate is not None
    assert (second.duplicate.kind, second.duplicate.similarity, second.duplicate.duplicate_of) == (
        "exact",
        1.0,
        docs[0].id,
    )
    assert second.story == first.story
