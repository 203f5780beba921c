"""Tunable numbers of the events stage, each with its help text.

Calibrated on the seeds' gold and the event development set; after changing one, re-run
``pytest tests/test_events_*.py`` and ``communique bench events`` and update
docs/benchmarks-events.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from communique.settings import setting, stage_settings


@dataclass(frozen=True)
class EventSettings:
    """The confidence of a coded event: where it starts and what is taken off it."""

    verb_confidence: float = setting(
        0.8, "Confidence of an event coded from a verb with its own subject, before adjustments (the surest)."
    )
    noun_confidence: float = setting(
        0.7, "Confidence of an event coded from an event noun ('the talks', 'a summit'), before adjustments."
    )
    inherited_penalty: float = setting(
        0.15, "Taken off the confidence when the actors come from an earlier event of the document."
    )
    default_date_penalty: float = setting(
        0.05, "Taken off when the sentence gives no date and the date comes from the document."
    )
    unresolved_penalty: float = setting(
        0.3, "Taken off when the source (or target) is only the words of the text, not a linked actor."
    )


SETTINGS = stage_settings(EventSettings, "events")  # with COMMUNIQUE_SETTING_EVENTS__* applied
