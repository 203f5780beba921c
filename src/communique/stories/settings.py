"""Tunable numbers of the stories stage, each with its help text.

Every threshold here was calibrated on the VOA corpus and the seeds; after
changing one, re-run ``pytest tests/test_stories_*.py`` and
``communique bench stories`` and update docs/benchmarks-stories.md.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from communique.settings import setting, stage_settings


@dataclass(frozen=True)
class StorySettings:
    """Duplicate detection, blocking and story scoring settings."""

    # --- near-duplicates: MinHash LSH over word shingles --------------------------------------
    shingle_words: int = setting(
        5,
        "Words per shingle. Five keeps unrelated news apart (Jaccard < 0.05) while a changed sentence costs ~30 shingles.",
    )
    num_perm: int = setting(64, "MinHash permutations per document.")
    lsh_bands: int = setting(
        21,
        "LSH bands. 21 bands x 3 rows make a pair with Jaccard 0.6 a candidate with probability 0.994, "
        "and one at 0.2 with probability 0.16 (then rejected by the exact check).",
    )
    lsh_rows: int = setting(3, "MinHash values per LSH band (bands x rows <= num_perm).")
    near_duplicate_jaccard: float = setting(
        0.5,
        "Verified shingle Jaccard at or above which two documents are near-duplicates. Reprints with "
        "boilerplate, a new headline, reordered paragraphs and a changed sentence all at once stay above 0.6; "
        "distinct VOA stories stay below 0.05.",
    )
    min_estimate: float = setting(
        0.3,
        "LSH candidates whose MinHash estimate is below this are not verified: at 64 permutations a pair at "
        "Jaccard 0.5 estimates below 0.3 with probability < 0.001, and most chance collisions stop here.",
    )
    max_verified: int = setting(
        20, "LSH candidates verified per document (the most similar by estimate first)."
    )
    shingle_cache: int = setting(
        4000, "Shingle sets kept in memory for exact verification of recent documents."
    )

    # --- story candidates: blocking ---------------------------------------------------------------
    date_window_days: int = setting(1, "Event dates this many days apart still score as one event's.")
    block_entities: int = setting(
        4, "Linked actors of a document (in id order) used as (date, actor) blocking keys."
    )
    block_terms: int = setting(3, "Heaviest content terms of a document used as (date, term) blocking keys.")

    # --- story scoring ----------------------------------------------------------------------------
    top_terms: int = setting(40, "Content terms kept per document for the TF-IDF content similarity.")
    weight_date: float = setting(
        0.25,
        "Score for the same event date; half of it for one day apart, and less when a date is only the publication date.",
    )
    published_date_factor: float = setting(
        0.6, "Share of the date score when a date is the publication date (it only bounds the event)."
    )
    weight_place: float = setting(0.15, "Score for the same place; minus this for two different places.")
    weight_actors: float = setting(
        0.25,
        "Weight of the IDF-weighted overlap of linked actors (0..1); goes to content when neither document has any.",
    )
    weight_content: float = setting(0.35, "Weight of the TF-IDF cosine of content terms (0..1).")
    story_threshold: float = setting(
        0.45,
        "Score at which a document joins a story. Calibrated on the seeds (the two reports of the 2012 Moscow "
        "summit score 0.74 with their dates and places) and on all pairs of VOA stories, with capitalised words "
        "as actors (two reports of one train attack 0.60, the Guantanamo removal and its court case 0.47, "
        "the next pairs 0.39 and below: follow-ups and other events on nearby days).",
    )
    min_content: float = setting(
        0.2, "Content similarity a pair needs in any case: a shared date and place alone are not one event."
    )
    follow_up_days: int = setting(
        3,
        "Reports this many days apart (more than date_window_days) still join as follow-ups when their "
        "content similarity reaches follow_up_content (a death toll the next days, a denial, a court hearing).",
    )
    follow_up_content: float = setting(
        0.45,
        "Content similarity a follow-up needs (beyond date_window_days, within follow_up_days). VOA's train "
        "attack: the death toll two days on scores 0.57 with the first reports.",
    )
    follow_up_actors: float = setting(
        0.5, "Share of the smaller actor set a follow-up shares with the report it follows."
    )


SETTINGS = stage_settings(StorySettings, "stories")  # with COMMUNIQUE_SETTING_STORIES__* applied


def describe_settings() -> list[tuple[str, object, str]]:
    """(name, default, help) for every setting, for docs and ``--help`` output."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(StorySettings)]
