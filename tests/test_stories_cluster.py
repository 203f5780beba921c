"""Story assignment on hand-built documents: same event worded differently, reasons, blocking."""

from __future__ import annotations

from communique.model import Document, Entity, RawDocument
from communique.stories import StoryIndex, assign_stories, story_id_for
from communique.stories.cluster import query_keys

# Two reports of one (invented) meeting, written independently: no sentence in common.
REPORT_A = (
    "Foreign ministers of the Shanghai Cooperation Organisation gathered in Astana on Thursday to prepare "
    "the summit agenda. Kazakhstan's foreign minister Murat Nurtleu chaired the session, which focused on "
    "transport corridors, counter-terrorism cooperation and water management in Central Asia. Ministers "
    "approved a draft declaration on regional security and agreed to expand the anti-terrorism structure."
)
REPORT_B = (
    "In Astana, the SCO's top diplomats held talks ahead of the leaders' summit. Chairing the gathering, "
    "Murat Nurtleu said the ministers had endorsed a draft security declaration for the region. The agenda "
    "covered counter-terrorism, cross-border transport routes and the sharing of water resources, and the "
    "organisation's anti-terrorism structure will grow, according to the Kazakh minister."
)
# Same place and actors, another event months later.
REPORT_C = (
    "Kazakhstan hosted a meeting of SCO defence officials in Astana to review a joint exercise held in "
    "the spring. Officers discussed logistics, air defence drills and the training of staff for future "
    "manoeuvres, and Murat Nurtleu addressed the closing session on regional security."
)

SCO = Entity("org:sco", "Shanghai Cooperation Organisation", "organization")
KAZ = Entity("country:KAZ", "Kazakhstan", "country", "KAZ")
NURTLEU = Entity("person:murat-nurtleu", "Murat Nurtleu", "person", "KAZ")


def make_doc(text: str, title: str, on: str | None, place: str | None, entities: list[Entity]) -> Document:
    raw = RawDocument(source=title, text=text, title=title)
    return Document(raw=raw, text=text, title=title, event_date=on, place=place, entities=list(entities))


def test_stories_cluster_differently_worded_reports_join_with_reason():
    a = make_doc(REPORT_A, "Ministers prepare summit", "2024-05-21", "Astana", [SCO, KAZ, NURTLEU])
    b = make_doc(REPORT_B, "SCO diplomats meet", "2024-05-21", "Astana", [SCO, NURTLEU, KAZ])
    first, second = StoryIndex().add([a, b])
    assert (first.new_story, first.reason, first.story) == (True, "first report", story_id_for(a.id))
    assert second.story == first.story and not second.new_story and second.duplicate is None
    assert second.matched == a.id
    assert second.reason == (
        "same event date 2024-05-21, same place Astana, "
        "3 shared actors (Kazakhstan, Murat Nurtleu, Shanghai Cooperation Organisation), content similarity 0.51"
    )


def test_stories_cluster_another_date_is_another_story():
    a = make_doc(REPORT_A, "Ministers prepare summit", "2024-05-21", "Astana", [SCO, KAZ, NURTLEU])
    c = make_doc(REPORT_C, "Defence officials meet", "2024-09-03", "Astana", [SCO, KAZ, NURTLEU])
    first, second = StoryIndex().add([a, c])
    assert second.new_story and second.story != first.story


def test_stories_cluster_one_day_apart_and_unknown_place_still_join():
    a = make_doc(REPORT_A, "Ministers prepare summit", "2024-05-21", "Astana", [SCO, KAZ, NURTLEU])
    b = make_doc(REPORT_B, "SCO diplomats meet", "2024-05-22", None, [SCO, NURTLEU, KAZ])
    first, second = StoryIndex().add([a, b])
    assert second.story == first.story
    assert second.reason.startswith("event dates 1 day apart, 3 shared actors")


def test_stories_cluster_assign_stories_sets_every_story_and_ignores_input_order():
    docs = [
        make_doc(REPORT_C, "Defence officials meet", "2024-09-03", "Astana", [SCO, KAZ, NURTLEU]),
        make_doc(REPORT_B, "SCO diplomats meet", "2024-05-21", "Astana", [SCO, NURTLEU, KAZ]),
        make_doc(REPORT_A, "Ministers prepare summit", "2024-05-21", "Astana", [SCO, KAZ, NURTLEU]),
    ]
    assign_stories(docs)
    forward = [d.story for d in docs]
    assign_stories(list(reversed(docs)))
    assert [d.story for d in docs] == forward
    assert forward[1] == forward[2] != forward[0]
    assert all(s and s.startswith("story:") for s in forward)


def test_stories_cluster_candidates_stay_on_nearby_days():
    """Hundreds of documents with one common actor, over many days: a document is compared only
    with those of nearby days that share a feature, and the same pairs in any order."""
    index = StoryIndex()
    words = REPORT_C.split()
    docs = [
        make_doc(
            " ".join(words[i % 7 :] + [f"item{i}"]), f"note {i}", f"2024-09-{1 + i % 30:02d}", "Astana", [KAZ]
        )
        for i in range(400)
    ]
    index.add(docs[:399])
    profile = index.profiles[-1]
    candidates = index._candidates(profile)
    reach = max(index.settings.date_window_days, index.settings.follow_up_days)
    days = {index.profiles[c].day for c in candidates}
    assert days and max(days) - min(days) <= 2 * reach
    assert 0 < len(candidates) <= (2 * reach + 1) * (400 // 30 + 1)
    assert all(abs(index.profiles[c].day - profile.day) <= reach for c in candidates)
    keys = query_keys(profile, index.settings)
    assert len(keys) <= (2 * reach + 1) * (index.settings.block_entities + index.settings.block_terms + 1)
