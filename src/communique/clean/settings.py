"""Tunable numbers of the clean stage (dates of a document), each with its help text.

After changing one, re-run ``pytest tests/test_clean_*.py`` and the seeds' eval.
"""

from __future__ import annotations

from dataclasses import dataclass

from communique.settings import setting, stage_settings


@dataclass(frozen=True)
class CleanSettings:
    """How the date of a document's main event is chosen."""

    history_days: int = setting(
        366,
        "A dated mention more than this many days before the page's own date is history, not the news: "
        "it does not date the main event.",
    )
    lead_paragraphs: int = setting(
        2, "Paragraphs (after the title) read as the lead when looking for the main event's date."
    )
    lead_max_chars: int = setting(
        1500, "Characters of the lead read at most when looking for the main event's date."
    )
    ahead_days: int = setting(
        45,
        "A day and month without a year up to this many days after the page's date fall in the page's year "
        "(announcements); a later one is read as last year's.",
    )


SETTINGS = stage_settings(CleanSettings, "clean")  # with COMMUNIQUE_SETTING_CLEAN__* applied
