"""``communique quotes``: what a speaker said about a subject, read back from a real knowledge base."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.link import get_linker
from communique.model import Document, RawDocument
from communique.nlp import parse_texts
from communique.quotes import find_quotes
from communique.store import open_store, save_documents

# Our own passages: two speakers, two subjects, three dates.
PASSAGES = [
    (
        "Minsk summit opens",
        "2021-03-02",
        "“NATO keeps moving its forces closer to our borders,” Alexander Lukashenko said in Minsk. "
        "“The alliance must answer for that,” Vladimir Putin said.",
    ),
    (
        "Talks on integration",
        "2022-05-16",
        "“Integration with our neighbours comes first for us,” Alexander Lukashenko said on Monday. "
        "“NATO exercises near the border worry every member of our bloc,” he added.",
    ),
    (
        "An old interview",
        "2012-05-15",
        "“We are open to dialogue with NATO on equal terms,” Alexander Lukashenko told journalists.",
    ),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    docs = []
    for title, day, text in PASSAGES:
        raw = RawDocument(source=f"tests/{title}.txt", text=text, title=title, date_hint=day)
        docs.append(Document(raw=raw, text=text, title=title, event_date=day))
    for doc, parsed in zip(docs, parse_texts(d.text for d in docs), strict=True):
        doc.spacy_doc = parsed
        get_linker().link_document(doc)
        doc.quotes = find_quotes(doc)
    path = tmp_path_factory.mktemp("kb") / "quotes.db"
    save_documents(open_store(path), docs)
    return str(path)


def run(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["quotes", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_quotes_cli_speaker_and_subject(db):
    items = run("--speaker", "Lukashenko", "--about", "NATO", "--db", db)
    assert [(i["date"], i["document_title"]) for i in items] == [
        ("2022-05-16", "Talks on integration"),
        ("2021-03-02", "Minsk summit opens"),
        ("2012-05-15", "An old interview"),
    ]
    assert items[0]["text"].startswith("NATO exercises near the border")
    assert {i["speaker"]["name"] for i in items} == {"Alexander Lukashenko"}


def test_quotes_cli_from_date_and_limit(db):
    items = run("--speaker", "Lukashenko", "--from", "2021-01-01", "--db", db)
    assert [i["date"] for i in items] == ["2022-05-16", "2022-05-16", "2021-03-02"]
    assert len(run("--speaker", "Lukashenko", "--limit", "1", "--db", db)) == 1


def test_quotes_cli_other_speaker(db):
    items = run("--speaker", "putin", "--db", db)
    assert [i["text"] for i in items] == ["The alliance must answer for that,"]


def test_quotes_cli_table_output(db):
    result = CliRunner().invoke(
        app, ["quotes", "--speaker", "Lukashenko", "--about", "integration", "--db", db]
    )
    assert result.exit_code == 0, result.output
    words = set(result.stdout.replace("│", " ").split())  # the table wraps long cells over several lines
    assert {"2022-05-16", "Talks", "Integration", "neighbours"} <= words
    assert "2021-03-02" not in words


def test_quotes_cli_unknown_speaker_and_bad_date(db):
    result = CliRunner().invoke(app, ["quotes", "--speaker", "Nobody Atall", "--db", db])
    assert result.exit_code == 1
    assert "no speaker named" in result.output
    result = CliRunner().invoke(app, ["quotes", "--from", "15/05/2012", "--db", db])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output
