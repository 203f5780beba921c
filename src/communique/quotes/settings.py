"""Tunable numbers of the quotes stage, each with its help text.

Calibrated on the seeds' gold and on VOA stories; after changing one, re-run
``pytest tests/test_quotes_*.py`` and ``communique bench quotes`` and update
docs/benchmarks-quotes.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from communique.settings import setting, stage_settings


@dataclass(frozen=True)
class QuoteSettings:
    """Detection limits, what counts as speech, and the confidence of each kind of evidence."""

    # --- detection -------------------------------------------------------------------------------
    max_runon_paragraphs: int = setting(
        3,
        "Paragraphs without any quotation mark an open quotation may run through before its closing mark "
        "(the web habit of not reopening each paragraph). Beyond this the quotation is taken as unclosed.",
    )
    max_single_quote_chars: int = setting(
        600, "Longest span between single quotation marks; longer pairs are apostrophes, not quotes."
    )
    max_label_tokens: int = setting(
        14, "Longest speaker label of a transcript turn ('President of the Republic of Belarus X Y:')."
    )
    # --- what is speech --------------------------------------------------------------------------
    short_quote_words: int = setting(
        4,
        "A quoted span of at most this many words is a name, a title or a scare quote unless it ends with "
        "sentence punctuation and has its own reporting cue, follows a reporting verb of its sentence, or is a "
        "sentence ending in . ! ? of a known speaker.",
    )
    unattributed_min_words: int = setting(
        10,
        "A quoted span with no cue and no sentence punctuation must be longer than this to count as speech "
        "(shorter ones are titles and labels).",
    )
    trailing_cue_tokens: int = setting(
        24, "Tokens after a closing mark searched for the cue ('..., the Belarusian head of state said')."
    )
    max_caption_chars: int = setting(
        90, "Longest line, without a verb, read as a caption naming the speaker of the quotation after it."
    )
    # --- confidence --------------------------------------------------------------------------------
    conf_turn: float = setting(0.95, "Transcript turn whose label resolves to a person.")
    conf_named: float = setting(0.9, "Cue whose subject is a name or a role the linker resolves.")
    conf_pronoun: float = setting(0.8, "Cue whose subject is a pronoun resolved to an earlier subject.")
    conf_clause: float = setting(
        0.7,
        "No cue word, but the clause introducing the quotation ('X presented the goals, “...') has a person as subject.",
    )
    conf_embedded: float = setting(
        0.65, "A partial quotation inside a reporting sentence ('X told reporters that the plan “...”')."
    )
    conf_colon: float = setting(0.75, "Unmarked speech after a line like 'The President concluded:'.")
    conf_continued: float = setting(
        0.6, "No cue of its own; follows a quotation of the same speaker in the same or the next paragraph."
    )
    conf_caption: float = setting(0.4, "Only a caption-like line naming a person precedes it.")
    conf_narrated: float = setting(
        0.4, "No cue; opens a paragraph after one whose last subject (or speaker) is a person."
    )
    conf_unresolved: float = setting(0.35, "A cue was found but its subject resolves to no one.")
    conf_none: float = setting(0.25, "Speech-like quotation with no cue at all.")
    penalty_unclosed: float = setting(0.15, "Subtracted when the closing mark was never found.")
    penalty_indirect: float = setting(
        0.1,
        "Subtracted for indirect speech ('X said that ...'): the words are the reporter's, not the speaker's.",
    )


SETTINGS = stage_settings(QuoteSettings, "quotes")  # with COMMUNIQUE_SETTING_QUOTES__* applied
