"""The five seeds through the whole pipeline: one story for the two summit reports, the rest alone."""

from __future__ import annotations

import pytest

from communique.ingest import RawDocument, read_paths
from communique.pipeline import analyze


@pytest.fixture(scope="module")
def analysed(seed_paths) -> dict:
    raws = [r for r in read_paths([str(p) for p in seed_paths.values()]) if isinstance(r, RawDocument)]
    docs = analyze(raws, stories=True)
    by_name = {}
    for doc in docs:
        by_name[
            next(n for n, p in seed_paths.items() if str(p) == doc.raw.source or doc.raw.source.endswith(n))
        ] = doc
    return by_name


def test_stories_seeds_match_gold_clusters(gold, analysed):
    assert set(analysed) == set(gold["documents"])
    groups: dict[str, set[str]] = {}
    for name, doc in analysed.items():
        assert doc.story and doc.story.startswith("story:")
        groups.setdefault(doc.story, set()).add(name)
    expected = [set(members) for members in gold["stories"].values()]
    expected += [{n} for n, g in gold["documents"].items() if not g.get("story")]
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, expected))


def test_stories_seeds_summit_reports_share_actors(analysed):
    from communique.stories import StoryIndex

    names = sorted(analysed)
    first, second = StoryIndex().add([analysed[names[0]], analysed[names[1]]])
    assert second.story == first.story
    assert "shared actors" in second.reason and "content similarity" in second.reason
