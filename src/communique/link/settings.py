"""Tunable numbers of the linking stage, each with its help text.

After changing one, re-run ``pytest tests/test_link_*.py`` and the seeds' eval.
"""

from __future__ import annotations

from dataclasses import dataclass

from communique.settings import setting, stage_settings


@dataclass(frozen=True)
class LinkSettings:
    """What year a fact's date written without one falls in."""

    no_year_lookback_days: int = setting(
        60,
        "A fact's date written without its year ('on 1 January') is taken in the document's year, unless that "
        "puts it this many days or more before the document: then it is next year's.",
    )
    stated_role_days: int = setting(
        180,
        "A role one document states ('ASEAN Secretary-General Kao Kim Hourn') names the holder of that office "
        "in another document at most this many days away, where the packs know no holder.",
    )


SETTINGS = stage_settings(LinkSettings, "link")  # with COMMUNIQUE_SETTING_LINK__* applied
