"""Linking the five seed documents: names, participants, NER corrections and facts against gold."""

from __future__ import annotations

import pytest

from communique.clean import clean_document
from communique.evaluate.gold import NameMatcher, entity_ids_for, fact_matches
from communique.link import get_linker
from communique.model import Document, RawDocument
from communique.nlp import parse_texts


def make_document(name: str, path, gold_doc: dict) -> Document:
    """The seed as the clean stage leaves it."""
    raw = RawDocument(source=str(path), text=path.read_text(encoding="utf-8"))
    return clean_document(raw)


@pytest.fixture(scope="module")
def seeds(seed_paths, gold) -> dict[str, Document]:
    docs = {n: make_document(n, p, gold["documents"][n]) for n, p in seed_paths.items()}
    for doc, parsed in zip(docs.values(), parse_texts(d.text for d in docs.values()), strict=True):
        doc.spacy_doc = parsed
        get_linker().link_document(doc)
    return docs


@pytest.fixture(scope="module")
def names(gold) -> NameMatcher:
    return NameMatcher(gold["aliases"])


def test_link_seeds_offsets_are_exact(seeds):
    for doc in seeds.values():
        for ent in doc.entities:
            for m in ent.mentions:
                assert doc.text[m.start : m.end] == m.text


def alias_groups(gold) -> list[list[str]]:
    return [[k, *v] for k, v in gold["aliases"].items()] + gold["same_thing_different_names"]


def test_link_seeds_gold_names_resolve_to_one_entity(seeds, gold):
    seen = 0
    for group in alias_groups(gold):
        ids = set().union(*(entity_ids_for(seeds, s) for s in group))
        if ids:
            seen += 1
            assert len(ids) == 1, (group, ids)
    assert seen >= 18  # every group whose names occur in the seeds


@pytest.mark.parametrize("name", ["001_4a0eafa0af06f748.txt", "002_46537543d1896dfd.txt"])
def test_link_seeds_participants_carry_iso3(seeds, gold, names, name):
    for participant in gold["documents"][name]["participants"]:
        ents = [e for e in seeds[name].entities if names.same(e.name, participant)]
        assert ents and all(e.country for e in ents), participant


def test_link_seeds_participant_countries_are_right(seeds):
    doc = seeds["002_46537543d1896dfd.txt"]
    by_name = {e.name: e.country for e in doc.entities}
    assert by_name["Kassym-Jomart Tokayev"] == "KAZ"
    assert by_name["Sadyr Japarov"] == "KGZ"
    assert by_name["Emomali Rahmon"] == "TJK"
    assert by_name["Imangali Tasmagambetov"] == "KAZ"


def test_link_seeds_country_then_name_in_one_ner_span_is_split(seeds):
    doc = seeds["004_7ac41ac1d28b743f.txt"]
    start = doc.text.index("Belarus President Aleksandr Lukashenko")
    got = [(m.text, e.id) for m, e in doc.linked.mentions_in(start, start + 38)]
    assert got == [("Belarus", "country:BLR"), ("Aleksandr Lukashenko", "person:alexander-lukashenko")]


def test_link_seeds_common_words_are_not_entities(seeds):
    doc = seeds["001_4a0eafa0af06f748.txt"]
    texts = {m.text for e in doc.entities for m in e.mentions}
    assert "Participating" not in texts
    assert {"Armenia", "Tajikistan", "Uzbekistan"} <= texts


def test_link_seeds_exercises_in_quotes(seeds):
    doc = seeds["004_7ac41ac1d28b743f.txt"]
    kinds = {e.name: e.type for e in doc.entities}
    for name in ("Interaction", "Search", "Echelon", "Frontier", "Indestructible Brotherhood", "Cobalt"):
        assert kinds.get(name) == "exercise", name
    for name in ("Channel", "Illegal", "Proxy"):
        assert kinds.get(name) == "operation", name


def test_link_seeds_gold_facts_found_with_sentences(seeds, gold, names):
    for name, g in gold["documents"].items():
        doc = seeds[name]
        for gf in g.get("facts", []):
            hits = [f for f in doc.facts if fact_matches(f, gf, names)]
            assert hits, (name, gf)
            s = hits[0].sentence
            assert doc.text[s.start : s.end] == s.text


def test_link_seeds_chair_handover_sentence(seeds):
    doc = seeds["002_46537543d1896dfd.txt"]
    handover = [f for f in doc.facts if f.relation == "chaired_by" and (f.from_ or f.until)]
    assert {(f.object, f.from_, f.until) for f in handover} == {
        ("Belarus", None, "2023-12-31"),
        ("Kazakhstan", "2024-01-01", None),
    }
    assert all("Kazakh friends" in f.sentence.text for f in handover)
    assert not any(f.disagrees_with_pack for f in doc.facts)
