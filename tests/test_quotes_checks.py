"""The speaker checks of ``communique bench quotes`` (quotes without a speaker, one person split
into two speakers), on passages written here, through the real parser and linker."""

from __future__ import annotations

from communique.bench.quotes import _one_person, speaker_checks
from communique.quotes import find_quotes
from tests.link_helpers import linked


def _doc(text: str):  # noqa: ANN202
    doc = linked(text, "2025-03-14")
    doc.quotes = find_quotes(doc)
    return doc


def test_quotes_checks_names_that_read_as_one_person():
    assert _one_person("Howard Lutnick", "Lutnick")
    assert _one_person("Howard Lutnick", "Howard W. Lutnick")
    assert _one_person("Cornell's Casanova", "Lourdes Casanova")
    assert not _one_person("Jimmy Lai", "Sebastien Lai")
    assert not _one_person("State Department", "a U.S. State Department press officer")
    assert not _one_person("Marco Rubio", "Howard Lutnick")


def test_quotes_checks_count_quotes_without_speaker_and_split_people():
    text = (
        "Commerce Secretary Howard Lutnick spoke to reporters on Friday.\n\n"
        '"Tariffs will stay until the deal is signed," Lutnick said. "We are not moving."'
    )
    nobody = 'The banner over the square was large.\n\n"Not one more day of this, not one more week of it."'
    checks = speaker_checks([_doc(text), _doc(nobody)])
    assert checks["quotes"] == 2
    assert checks["no_speaker"] == 1
    assert checks["split_documents"] == 0
