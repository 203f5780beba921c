"""A name's type decided by the words around it and by its own form, not by the NER label
alone: cue words ("from Quetta", "Iberdrola spokesman"), lists of names, a text's name
("Declaration"), a digit, everyday words set in capitals, doctrines. Sentences written for
the test, then the same errors on real corpus text (read from ../shared at run time,
referred to by document id and offset)."""

from __future__ import annotations

import pytest

from communique.evaluate.entities import CORPORA, load_text
from communique.link import get_linker
from communique.model import Document, RawDocument
from communique.nlp import parse_texts
from tests.link_helpers import linked


def _by_mention(doc) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    return {m.text: (e.id, e.type) for e in doc.entities for m in e.mentions}


def _types(doc) -> dict[str, str]:  # noqa: ANN001
    return {m.text: e.type for e in doc.entities for m in e.mentions}


def test_link_types_place_and_organisation_cues():
    doc = linked(
        "The train left from Quetta on Tuesday. Rescue teams reached Quetta by night. "
        "Energy giant Iberdrola said profits rose. Iberdrola spokesman Eduardo Gonzalez declined "
        "to comment.",
        "2025-03-12",
    )
    types = _types(doc)
    assert types["Quetta"] == "place"
    assert types["Iberdrola"] == "organization"
    assert types["Eduardo Gonzalez"] == "person"


def test_link_types_a_list_names_one_kind_of_thing():
    doc = linked("Floods hit Bayelsa, Cross River, Ogun and Lagos states last week.", "2024-09-10")
    types = _types(doc)
    assert {types[n] for n in ("Bayelsa", "Cross River", "Ogun", "Lagos")} == {"place"}


def test_link_types_form_of_the_name():
    doc = linked(
        "Leaders adopted the Tashkent Declaration on Friday. The party advocated Islamism and "
        "Pan-Arabism for decades.",
        "2024-09-10",
    )
    found = _by_mention(doc)
    assert found["Tashkent Declaration"][1] == "other"
    assert "Islamism" not in found and "Pan-Arabism" not in found


def test_link_types_no_name_runs_across_a_line_break():
    doc = linked("Review of countries\nDallas Hughes\nOct 24, 2024\nHow the BRICS summit went.", "2024-10-25")
    found = _by_mention(doc)
    assert "Dallas Hughes" in found
    assert not any("\n" in text for text in found)
    assert "Oct 24" not in found
    doc = linked(
        "Leaders met in Singapore.\nAP Photo / Yong Teck Lim\n\nHome / Politics / Asia", "2018-04-28"
    )
    assert not any("/" in text for text in _by_mention(doc))


def test_link_types_acronym_opening_a_name_makes_an_organisation():
    doc = linked(
        "Analysts said IS Sahel’s strategy is changing. The group’s CEO Giles Dickson said so.", "2025-05-01"
    )
    found = _by_mention(doc)
    assert found["IS Sahel"][1] == "organization"
    assert found["Giles Dickson"][1] == "person"


def test_link_types_named_storms_are_events():
    doc = linked(
        "Cyclone Freddy hit Malawi in March. Weeks later Freddy returned to Mozambique.", "2023-04-01"
    )
    found = _by_mention(doc)
    assert found["Freddy"][1] == "other"
    assert {e.type for e in doc.entities if e.name == "Freddy"} == {"other"}


def test_link_types_everyday_words_in_capitals_are_no_names():
    doc = linked(
        "JOINT COMMUNIQUÉ OF THE MINISTERS\n\nThe Assembly COMMENDS the Council for its work and "
        "WELCOMES the steps taken by ECOWAS.",
        "2024-09-10",
    )
    found = _by_mention(doc)
    assert not {"JOINT COMMUNIQUÉ", "COMMENDS", "WELCOMES"} & found.keys()
    assert not _by_mention(linked("USD 84.79\nEUR 98.85\nRUB 1.19\n\nThe president spoke.", "2024-01-01"))
    assert found["ECOWAS"] == ("org:ecowas", "organization")


def test_link_types_person_names_whole_and_once():
    doc = linked(
        'Another passenger, Allah Ditta, told reporters that he ran. "We hid," Ditta said. '
        "The prison inspector general, Hector Paul Joseph, was also killed.",
        "2025-03-12",
    )
    found = _by_mention(doc)
    assert found["Ditta"] == found["Allah Ditta"]
    assert found["Ditta"][1] == "person"
    assert found["Hector Paul Joseph"][1] == "person"


def test_link_types_organisation_name_opening_a_longer_name():
    doc = linked("Ministers met at the ASEAN Regional Forum. ASEAN leaders agreed on a plan.", "2024-09-10")
    found = _by_mention(doc)
    assert found["ASEAN Regional Forum"][1] == "organization"
    assert found["ASEAN Regional Forum"][0] != "org:asean"
    assert found["ASEAN"] == ("org:asean", "organization")


# Real corpus text: (corpus, document, offset, mention, entity id or None for a provisional
# entity, type; None: no entity at all)
CORPUS_CASES = [
    ("voa", "7746511", 430, "Bayelsa", None, "place"),
    ("voa", "8009314", 1047, "Allah Ditta", None, "person"),
    ("voa", "8009314", 1286, "Ditta", None, "person"),
    ("voa", "6180790", 11, "SPAIN", "country:ESP", "country"),
    ("voa", "8004380", 903, "Mexican", "country:MEX", "country"),
    ("voa", "6204681", 1298, "Quad", "org:quad", "organization"),
    ("voa", "6183227", 227, "U.S.", "country:USA", "country"),
    ("voa", "6205546", 1965, "Washington", "place:usa-washington-d-c", "place"),
    ("voa", "6180206", 1875, "Pan-Arabism", None, None),
    ("voa", "8009719", 3005, "Chido", None, "other"),
    ("voa", "8009027", 1024, "IS Sahel", None, "organization"),
    ("voa", "6180790", 5492, "Giles Dickson", None, "person"),
    ("webpages", "p031", 895, "Kazan Declaration", None, "other"),
    ("webpages", "p031", 121, "Oct 24", None, None),
    ("webpages", "p037", 721, "AP Photo / Yong Teck Lim", None, None),
    ("webpages", "p076", 0, "Internal Affairs / Foreign Relations", None, None),
    ("webpages", "p043", 902, "COMMENDS", None, None),
    ("webpages", "p043", 1909, "WELCOMES", None, None),
    ("webpages", "p040", 0, "JOINT COMMUNIQUÉ", None, None),
    ("webpages", "p047", 10, "EUR 98.85", None, None),
    ("webpages", "p065", 1775, "Lachin", None, "place"),
    ("webpages", "p083", 774, "Assembly", None, "organization"),
]


@pytest.fixture(scope="module")
def corpus_docs() -> dict[tuple[str, str], Document]:
    if not CORPORA.exists():
        pytest.fail(f"corpora not found at {CORPORA}")
    keys = list(dict.fromkeys((c, d) for c, d, *_ in CORPUS_CASES))
    texts = [load_text(c, d) for c, d in keys]
    out = {}
    linker = get_linker()
    for key, ct, parsed in zip(keys, texts, parse_texts(t.text for t in texts), strict=True):
        doc = Document(raw=RawDocument(source=f"{key[0]}:{key[1]}", text=ct.text, date_hint=ct.date))
        doc.text = ct.text
        doc.spacy_doc = parsed
        linker.link_document(doc)
        out[key] = doc
    return out


@pytest.mark.parametrize(("corpus", "doc", "start", "text", "entity", "etype"), CORPUS_CASES)
def test_link_types_on_corpus_text(corpus_docs, corpus, doc, start, text, entity, etype):  # noqa: ANN001
    linked_doc = corpus_docs[(corpus, doc)]
    assert linked_doc.text[start : start + len(text)] == text
    hits = [(e.id, e.type) for e in linked_doc.entities for m in e.mentions if m.start == start]
    if etype is None:
        assert hits == []
        return
    assert len(hits) == 1
    eid, got = hits[0]
    assert got == etype
    if entity is not None:
        assert eid == entity


def test_link_types_one_entity_per_person_in_a_real_document(corpus_docs):  # noqa: ANN001
    doc = corpus_docs[("voa", "8009314")]
    persons = {e.name for e in doc.entities if e.type == "person" and e.name.endswith("Ditta")}
    assert persons == {"Allah Ditta"}
