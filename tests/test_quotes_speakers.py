"""Speakers, boundaries and indirect speech on passages written for each case, through the real
parser and linker."""

from __future__ import annotations

import pytest

from communique.link import get_linker
from communique.model import Quote
from communique.quotes import find_quotes
from tests.link_helpers import linked


def quotes_of(text: str, kind: str = "direct") -> list[Quote]:
    return [q for q in find_quotes(linked(text, "2016-09-20")) if q.kind == kind]


def who(q: Quote) -> str | None:
    return q.speaker.name if q.speaker else None


@pytest.fixture(scope="module", autouse=True)
def _loaded():
    get_linker()


def test_quotes_speakers_title_before_name_does_not_end_the_sentence():
    text = (
        "Ms. Moore runs the volunteer drive in Ohio.\n\n"
        '"Are we where we need to be? Probably not," Ms. Moore said. "Are we going to get there? Absolutely."'
    )
    [q] = quotes_of(text)
    assert q.text.startswith("Are we where") and q.text.endswith("Absolutely.")
    assert len(q.parts) == 2
    assert who(q) == "Moore" and q.speaker_mention.text == "Moore"


def test_quotes_speakers_double_apostrophes_are_quotation_marks():
    text = (
        "Leonard Burman teaches at Syracuse University.\n\n"
        "''There's no empirical evidence whatsoever this would have any effect,'' Mr. Burman said."
    )
    [q] = quotes_of(text)
    assert q.text == "There's no empirical evidence whatsoever this would have any effect,"
    assert text[q.start : q.end] == q.text
    assert who(q) == "Leonard Burman"


def test_quotes_speakers_signed_quotation():
    text = (
        "Readers sent us their views after the debate.\n"
        "“He represents our greatest shame and he should never be president.” ― Sonya Herridge\n"
        "“I cannot believe a man with no credentials is running for the office.” ― Pamela Padilla\n"
    )
    quotes = quotes_of(text)
    assert [who(q) for q in quotes] == ["Sonya Herridge", "Pamela Padilla"]


def test_quotes_speakers_pronoun_skips_a_person_of_the_other_gender():
    text = (
        "Ms. Wahl resigned on air. Her producer, Mr. Dickey, called the move a stunt.\n\n"
        "“I cannot be part of a network funded by the Russian government,” she said."
    )
    [q] = quotes_of(text)
    assert who(q) == "Wahl" and q.speaker_mention.text == "she"


def test_quotes_speakers_surname_after_the_full_name():
    text = (
        "Retired Air Force Gen. Norman Ham spoke about the election on Monday. "
        "He praised Donald Trump's plan for the military.\n\n"
        "Ham made it clear he had misgivings about the armed forces.\n\n"
        "“It was demoralizing to work under those rules,” he told the host."
    )
    [q] = quotes_of(text)
    assert who(q) == "Norman Ham"


def test_quotes_speakers_indirect_speech_with_its_speaker():
    text = (
        "Alexander Lukashenko met the defence ministers in Minsk on Tuesday. "
        "Lukashenko said that Belarus would host the joint exercise next year."
    )
    [q] = quotes_of(text, "indirect")
    assert q.text == "that Belarus would host the joint exercise next year"
    assert who(q) == "Alexander Lukashenko" and q.cue == "said"
    assert (q.direct, text[q.start : q.end]) == (False, q.text)
    assert quotes_of(text) == []


def test_quotes_speakers_indirect_speech_is_not_a_quoted_report():
    text = "“We will host the exercise,” Lukashenko said on Tuesday in Minsk."
    assert quotes_of(text, "indirect") == []
    [q] = quotes_of(text)
    assert q.kind == "direct" and q.direct


def test_quotes_speakers_headline_with_a_colon_is_no_transcript():
    text = (
        "John McCain: Populist Anger Appeals to the Worst in Us.\n\n"
        "Senator John McCain spoke at a breakfast in Washington on Tuesday.\n\n"
        "“It’s a reflection of the frustration and anger that people feel,” McCain said.\n\n"
        "Senator Elizabeth Warren answered him the same day.\n\n"
        "“We need a government that works for everyone,” Warren said."
    )
    quotes = quotes_of(text)
    assert [q.text[:12] for q in quotes] == ["It’s a refle", "We need a go"]
    assert [who(q) for q in quotes] == ["John McCain", "Elizabeth Warren"]


def test_quotes_speakers_post_posed_speaker_with_a_long_apposition():
    text = (
        "Moscow will not take part in the talks. “We see no grounds for them,” Dmitry Peskov, "
        "press secretary of the Russian president, had informed earlier."
    )
    [q] = quotes_of(text)
    assert (who(q), q.cue) == ("Dmitry Peskov", "informed")


def test_quotes_speakers_subject_inside_the_quotation_is_no_speaker():
    text = (
        "CNBC moderator Becky Quick pressed the candidate on his claim.\n\n"
        '"My apologies, I am sorry," Quick said after the exchange.'
    )
    [q] = quotes_of(text)
    assert who(q) == "Becky Quick" and q.speaker_mention.text == "Quick"


def test_quotes_speakers_description_naming_someone_else_stays_a_description():
    text = (
        "Governor Chris Christie spoke first in Manchester.\n\n"
        '"There is a special place for people who wait," the Christie supporter said.'
    )
    [q] = quotes_of(text)
    assert (q.speaker.id, who(q)) == (None, "the Christie supporter")


def test_quotes_speakers_name_in_apposition_to_a_role():
    [q] = quotes_of(
        'The White House spokesman, Josh Earnest, said: "We will not comment on that matter today."'
    )
    assert who(q) == "Josh Earnest" and q.speaker_mention.text == "Josh Earnest"


def test_quotes_speakers_name_tagged_as_organisation_but_treated_as_a_person():
    text = (
        "Carly Fiorina threw her support behind Sen. Ted Cruz on Wednesday. Fiorina was upfront about "
        "her distaste for Donald Trump, saying conservatives must unite.\n\n"
        '"We are going to have to beat him at the ballot box," she said.'
    )
    [q] = quotes_of(text)
    assert who(q) == "Carly Fiorina" and q.speaker_mention.text == "she"


def test_quotes_speakers_participle_clause_shares_the_subject():
    text = (
        "Donald Trump spoke in Birmingham on Saturday. Trump later defended the incident, calling the "
        'protester "a very rude man who came to make trouble."'
    )
    [q] = quotes_of(text)
    assert who(q) == "Donald Trump" and q.speaker_mention.text == "Trump"


def test_quotes_speakers_signature_on_the_next_line():
    text = (
        "Supporters gathered outside the hall on Monday.\n\n"
        '"We have to keep fighting for every vote in this state."\n\n'
        "- Hillary Clinton, in Des Moines.\n\n"
        "The rally ended an hour later."
    )
    [q] = quotes_of(text)
    assert who(q) == "Hillary Clinton" and q.speaker_mention.text == "Hillary Clinton"


def test_quotes_speakers_surname_typed_as_organisation_is_the_person_named_in_full():
    text = (
        "Lourdes Casanova directs the emerging markets institute at Cornell University.\n\n"
        '"Trade is slowing everywhere, and the poorest feel it first," Cornell’s Casanova said in an interview.'
    )
    [q] = quotes_of(text)
    assert (q.speaker.id, who(q)) == ("prov:person:lourdes-casanova", "Lourdes Casanova")
    assert q.speaker_mention.text == "Cornell’s Casanova"


def test_quotes_speakers_cue_after_a_quotation_climbs_past_the_quotations_own_subject():
    text = (
        "Senator Maria Cantwell spoke on Sunday.\n\n"
        'On the program the day before, she stated, "The plan would have turned the region into a war zone," '
        'adding, "I think maybe a thousand people died there last year."'
    )
    [q] = quotes_of(text)
    assert [p.text[:8] for p in q.parts] == ["The plan", "I think "]
    assert who(q) == "Maria Cantwell" and q.speaker_mention.text == "she"


def test_quotes_speakers_pronoun_skips_a_man_known_by_his_given_name():
    text = (
        "Karen Whitfield runs the county party. On Tuesday, Robert Haines endorsed the governor.\n\n"
        "“We will not stop knocking on doors,” she said."
    )
    [q] = quotes_of(text)
    assert who(q) == "Karen Whitfield" and q.speaker_mention.text == "she"


def test_quotes_speakers_description_is_no_antecedent_of_a_pronoun():
    text = (
        "Mark Tolman spoke first at the hearing.\n\n"
        "“Schools cannot wait another year,” the union's letter said.\n\n"
        "“We will keep asking,” he said."
    )
    first, second = quotes_of(text)
    assert who(first) == "the union's letter"
    assert who(second) == "Mark Tolman" and second.speaker_mention.text == "he"


def test_quotes_speakers_unknown_name_tagged_as_a_place_speaks():
    text = "The imam opened the doors on Friday.\n\n“The mosque is open to everyone,” Nefzi said."
    [q] = quotes_of(text)
    assert who(q) == "Nefzi" and q.speaker_mention.text == "Nefzi"


def test_quotes_speakers_subject_of_a_clause_ending_in_a_colon():
    text = "At a rally in Ohio that evening, Kasich went further: “If they lose this state, it is over for them.”"
    [q] = quotes_of(text)
    assert who(q) == "John Kasich" and q.speaker_mention.text == "Kasich"


def test_quotes_speakers_fragment_after_a_reporting_verb_is_a_partial_quotation():
    text = "Governor Lena Marsh said the budget was “a disaster” for rural schools."
    [q] = quotes_of(text)
    assert q.text == "a disaster" and who(q) == "Lena Marsh"
