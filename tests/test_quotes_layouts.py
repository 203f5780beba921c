"""find_quotes on passages written for each layout, through the real parser and linker."""

from __future__ import annotations

import pytest

from communique.link import get_linker
from communique.model import Quote
from communique.quotes import find_quotes
from tests.link_helpers import linked


def quotes_of(text: str, date: str = "2022-06-01") -> list[Quote]:
    return find_quotes(linked(text, date))


def who(q: Quote) -> str | None:
    return q.speaker.name if q.speaker else None


@pytest.fixture(scope="module", autouse=True)
def _loaded():
    get_linker()  # load the packs and the model once for the module


def test_quotes_layouts_reopened_paragraphs():
    text = (
        "Sergei Shoigu spoke to officers in Moscow on Thursday.\n"
        "“The alliance has grown stronger over the past year, and its forces now train together far more often.\n"
        "“We intend to hold more joint drills next spring,” Shoigu said.\n"
        "The meeting ended at noon."
    )
    [q] = quotes_of(text)
    assert q.text.startswith("The alliance has grown stronger")
    assert q.text.endswith("drills next spring,")
    assert len(q.parts) == 2 and "“" not in q.text
    assert (who(q), q.cue) == ("Sergei Shoigu", "said")
    assert text[q.start : q.end].startswith("The alliance") and text[q.start : q.end].endswith("spring,")


def test_quotes_layouts_paragraph_running_on_without_reopening():
    text = (
        "Nikol Pashinyan addressed parliament on Tuesday.\n"
        "“Our partners have not kept their word on the border question.\n"
        "That is why we are asking hard questions about the future of the bloc,” Pashinyan said."
    )
    [q] = quotes_of(text)
    assert q.text.endswith("future of the bloc,")
    assert who(q) == "Nikol Pashinyan"


def test_quotes_layouts_interrupted_quote_is_one_utterance():
    text = (
        "“We will not bend under pressure from anyone,” Alexander Lukashenko said. "
        "“Our country has chosen its own path and will keep to it.”"
    )
    [q] = quotes_of(text)
    assert [p.text for p in q.parts] == [
        "We will not bend under pressure from anyone,",
        "Our country has chosen its own path and will keep to it.",
    ]
    assert (who(q), q.cue, q.speaker_mention.text) == ("Alexander Lukashenko", "said", "Alexander Lukashenko")


def test_quotes_layouts_second_part_with_its_own_cue_stays_apart():
    text = (
        "“We will not bend under pressure from anyone,” Alexander Lukashenko said. "
        "“Our country has chosen its own path,” he added."
    )
    quotes = quotes_of(text)
    assert [(q.text, who(q), q.cue) for q in quotes] == [
        ("We will not bend under pressure from anyone,", "Alexander Lukashenko", "said"),
        ("Our country has chosen its own path,", "Alexander Lukashenko", "added"),
    ]


def test_quotes_layouts_dash_speech_after_a_colon_line():
    text = (
        "Vladimir Putin met Kassym-Jomart Tokayev in Astana on 14 October 2022. The Russian President concluded:\n"
        "— We will keep working together for the sake of peace in the whole region.\n"
        "The two men then visited an exhibition."
    )
    [q] = quotes_of(text, "2022-10-14")
    assert q.text == "We will keep working together for the sake of peace in the whole region."
    assert (who(q), q.cue) == ("Vladimir Putin", "concluded")


def test_quotes_layouts_dash_speech_with_its_attribution_after():
    text = "The talks lasted three hours.\n— We have agreed on the main points, — Emomali Rahmon said.\n"
    [q] = quotes_of(text)
    assert q.text == "We have agreed on the main points,"
    assert who(q) == "Emomali Rahmon"


def test_quotes_layouts_unmarked_speech_after_a_colon_line():
    text = (
        "Vladimir Putin spoke last at the session in Astana. He concluded:\n"
        "The partnership between our countries will only deepen in the coming years.\n"
        "The summit closed in the evening."
    )
    [q] = quotes_of(text)
    assert q.text == "The partnership between our countries will only deepen in the coming years."
    assert who(q) == "Vladimir Putin"


def test_quotes_layouts_dashed_list_is_not_speech():
    text = "The agenda covered three items:\n— border security;\n— joint exercises;\n— the budget."
    assert quotes_of(text) == []


def test_quotes_layouts_transcript_turns():
    text = (
        "Vladimir Putin: Mr Tokayev, dear friends,\n"
        "Thank you for the warm welcome in Astana.\n"
        "Colleagues,\n"
        "We have a great deal to discuss today, so let me be brief.\n"
        "Kassym-Jomart Tokayev: Thank you, Mr Putin.\n"
        "We agree on most points of the draft."
    )
    quotes = quotes_of(text)
    assert [who(q) for q in quotes] == ["Vladimir Putin", "Kassym-Jomart Tokayev"]
    first, second = quotes
    assert first.text.startswith("Mr Tokayev, dear friends,")
    assert first.text.endswith("so let me be brief.")  # "Colleagues," is not a speaker label
    assert second.text == "Thank you, Mr Putin.\nWe agree on most points of the draft."
    assert first.speaker_mention.text == "Vladimir Putin"


def test_quotes_layouts_label_must_name_a_person():
    text = "Photo: Press service of the ministry\nVenue: the Palace of Independence, Minsk"
    assert quotes_of(text) == []


def test_quotes_layouts_pronoun_goes_to_the_subject_not_the_last_name():
    text = (
        "Alexander Lukashenko met Vladimir Putin in Sochi on Friday. "
        "He told reporters, “The talks were long but very useful for both of our countries.”"
    )
    [q] = quotes_of(text)
    assert (who(q), q.speaker_mention.text, q.cue) == ("Alexander Lukashenko", "He", "told")


def test_quotes_layouts_trailing_pronoun_after_two_names():
    text = (
        "Vladimir Putin welcomed Kassym-Jomart Tokayev to the Kremlin on Monday. "
        "“We have always valued the friendship between our two peoples,” he said."
    )
    [q] = quotes_of(text)
    assert who(q) == "Vladimir Putin"
    assert 0 < q.confidence < 0.9  # a pronoun is weaker evidence than a name


def test_quotes_layouts_role_description_resolves_at_the_date():
    text = "“Our alliance is ready to respond to any threat,” the Russian President said."
    [early] = quotes_of(text, "2012-05-01")
    [late] = quotes_of(text, "2012-05-20")
    assert (who(early), who(late)) == ("Dmitry Medvedev", "Vladimir Putin")


def test_quotes_layouts_according_to_him():
    text = (
        "Stanislav Zas spoke to journalists after the talks. According to him, the sides discussed the border,\n"
        "“The secretariat will send a group of experts to the area next month.”"
    )
    [q] = quotes_of(text)
    assert (who(q), q.cue) == ("Stanislav Zas", "According to")


def test_quotes_layouts_scare_quotes_inside_a_quote_stay_inside():
    text = (
        "“Some people call us ‘paper dragons’, but this year we have shown what the alliance can do,” "
        "Emomali Rahmon said. Critics dismissed the plan as “empty words”."
    )
    [q] = quotes_of(text)
    assert "‘paper dragons’" in q.text
    assert who(q) == "Emomali Rahmon"


def test_quotes_layouts_operation_and_exercise_names_are_not_quotes():
    text = (
        "This autumn the alliance will run the anti-drug operation “Channel” and the exercise “Frontier”. "
        "Police will also hold operations known as “Illegal” and “Proxy”, and the staff will train under "
        "the motto ‘Together for a safe and peaceful common home’. The drills were called a “routine step”."
    )
    assert quotes_of(text) == []


def test_quotes_layouts_short_quote_with_its_own_cue_is_speech():
    text = "“Never,” Sadyr Japarov said when asked about leaving the bloc."
    [q] = quotes_of(text)
    assert (q.text, who(q)) == ("Never,", "Sadyr Japarov")


def test_quotes_layouts_caption_line_is_a_weak_cue():
    text = "Minsk, June 2.\nStanislav Zas,\n“The secretariat will send a group of experts to the area next month.”"
    [q] = quotes_of(text)
    assert who(q) == "Stanislav Zas"
    assert q.confidence < 0.5


def test_quotes_layouts_offsets_point_at_the_quoted_words():
    text = "Sadyr Japarov said: «We are ready to host the next summit in Bishkek and we will do it well.»"
    [q] = quotes_of(text)
    assert text[q.start : q.end] == q.text
    assert q.direct and q.speaker_mention.text == "Sadyr Japarov"
