"""A pack person's surname that is also a given name is read by the document: "Howard Lutnick"
stays one person although John Howard is in the packs, "Abbas" of "Abbas Araghchi" is not
Mahmoud Abbas, "Ahmed Shide" is not Abiy Ahmed (passages written for this test)."""

from __future__ import annotations

from communique.link import get_linker
from tests.link_helpers import linked


def _people(text: str, on: str) -> list[tuple[str, list[str]]]:
    doc = linked(text, on)
    return [(e.id, [m.text for m in e.mentions]) for e in doc.entities if e.type == "person"]


def test_link_surnames_leaders_with_given_name_surnames_are_in_the_packs():
    kb = get_linker().kb
    for pid in (
        "person:john-howard",
        "person:mahmoud-abbas",
        "person:abiy-ahmed",
        "person:ferdinand-marcos",
        "person:ferdinand-marcos-jr",
    ):
        assert kb.roles_of(pid), pid


def test_link_surnames_a_given_name_before_another_surname_is_no_pack_surname():
    people = _people(
        "Commerce Secretary Howard Lutnick said the tariffs would stay. On Friday, Lutnick told "
        "reporters the talks with Canada had gone well.",
        "2025-04-10",
    )
    assert people == [("prov:person:howard-lutnick", ["Howard Lutnick", "Lutnick"])]


def test_link_surnames_the_pack_person_named_in_full_keeps_the_bare_surname():
    people = _people(
        "Australian Prime Minister John Howard met U.S. officials in Washington. Howard said the "
        "alliance had never been stronger.",
        "2003-05-03",
    )
    assert people == [("person:john-howard", ["John Howard", "Howard"])]


def test_link_surnames_two_people_one_name_as_given_name_the_other_as_surname():
    people = _people(
        "Palestinian President Mahmoud Abbas met Iranian Foreign Minister Abbas Araghchi in Doha. "
        "Abbas said the talks had been useful.",
        "2025-02-01",
    )
    assert people == [
        ("person:mahmoud-abbas", ["Mahmoud Abbas", "Abbas"]),
        ("person:abbas-araghchi", ["Abbas Araghchi"]),
    ]


def test_link_surnames_someone_else_whose_given_name_is_a_pack_surname():
    people = _people(
        "Ethiopian Prime Minister Abiy Ahmed opened the dam. Ahmed Shide, the finance minister, "
        "said the loans would be repaid. Abiy thanked the engineers.",
        "2025-09-09",
    )
    assert people == [
        ("person:abiy-ahmed", ["Abiy Ahmed", "Abiy"]),
        ("prov:person:ahmed-shide", ["Ahmed Shide", "the finance minister"]),
    ]


def test_link_surnames_a_common_given_name_alone_needs_a_title_or_the_full_name():
    # "Howard" alone, with no title and John Howard not named: the word is not his surname
    alone = _people("Howard said the shop would open again on Monday.", "2004-06-01")
    assert ("person:john-howard", ["Howard"]) not in alone
    titled = _people("Prime Minister Howard said the troops would stay in Iraq.", "2004-06-01")
    assert titled == [("person:john-howard", ["Howard"])]


def test_link_surnames_a_surname_out_of_office_years_is_left_to_the_text():
    # Vicente Fox left office in 2006: "Fox" in 2016 is no pack person; named as an organisation
    # it is one, named as a person it stays unlinked (no second "Fox" beside the pack's)
    doc = linked("In an interview with Fox on Sunday, the senator said he would run.", "2016-09-23")
    assert [(e.id, e.type) for e in doc.entities] == [("prov:organization:fox", "organization")]
    doc = linked("Trump told Fox that he would win the debate.", "2016-09-23")
    assert [e.id for e in doc.entities] == ["person:donald-trump"]


def test_link_surnames_a_name_suffix_is_no_surname():
    people = _people(
        "President Ferdinand Marcos Jr. said the Philippines would not give up the shoal. "
        "Marcos spoke in Manila.",
        "2024-05-06",
    )
    assert people == [("person:ferdinand-marcos-jr", ["Ferdinand Marcos Jr.", "Marcos"])]
    assert "jr" not in get_linker().surnames


def test_link_surnames_the_full_name_shared_by_father_and_son_goes_to_the_one_in_office():
    for on, pid in (("1979-05-01", "person:ferdinand-marcos"), ("2023-05-01", "person:ferdinand-marcos-jr")):
        people = _people("President Ferdinand Marcos visited the province.", on)
        assert people == [(pid, ["Ferdinand Marcos"])], on


def test_link_surnames_a_glued_subheading_after_a_titled_surname():
    # a subheading ("Reaction from President Moise") glued to the next sentence: an everyday
    # word after a titled surname opens that sentence and is no second name
    people = _people(
        "Gangs blocked the port for a week. Reaction from President Moise Shortly before the press "
        "conference, the police chief spoke to reporters.",
        "2019-03-01",
    )
    assert ("person:jovenel-moise", ["Moise"]) in people


def test_link_surnames_a_headline_in_capitals_keeps_the_surname():
    people = _people(
        "Putin, Lukashenko Hold Supreme State Council Meeting\n\nThe two presidents met in Minsk.",
        "2024-01-29",
    )
    assert ("person:alexander-lukashenko", ["Lukashenko"]) in people
