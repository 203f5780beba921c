"""``communique events`` on a small knowledge base built from passages written for the test, and ``bench events``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.model import RawDocument

runner = CliRunner()

PASSAGES = [
    ("2021-09-14", "Kazakh and Kyrgyz troops held joint exercises near Issyk-Kul on Tuesday."),
    ("2019-04-02", "Russia will host the exercise “Frontier” of the CSTO rapid reaction forces next month."),
    ("2021-06-01", "Tajikistan will host the exercise “Search” in October."),
    ("2021-06-03", "The Armenian foreign minister met the CSTO secretary general in Yerevan on Thursday."),
]


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory):
    from communique.pipeline import analyze
    from communique.store import open_store, save_documents

    raws = [
        RawDocument(source=f"passage-{i}", text=text, date_hint=day) for i, (day, text) in enumerate(PASSAGES)
    ]
    docs = analyze(raws)
    path = tmp_path_factory.mktemp("kb") / "events.db"
    save_documents(open_store(path), docs)
    return path


def test_events_cli_filters_by_actor_type_and_year(kb_path):
    result = runner.invoke(
        app,
        [
            "events",
            "--actor",
            "CSTO",
            "--type",
            "COOPERATE",
            "--from",
            "2020",
            "--json",
            "--db",
            str(kb_path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert [(r["type"], r["date"], r["place"]) for r in rows] == [("COOPERATE", "2021-10", "Tajikistan")]
    assert {a["name"] for a in rows[0]["source"]} == {"Tajikistan", "Collective Security Treaty Organization"}
    assert rows[0]["sentence"]["text"].startswith("Tajikistan will host")


def test_events_cli_table_and_date_range(kb_path):
    result = runner.invoke(
        app, ["events", "--type", "consult", "--from", "2021-06", "--to", "2021-06", "--db", str(kb_path)]
    )
    assert result.exit_code == 0, result.output
    assert "CONSULT" in result.output and "2021-06-03" in result.output


def test_events_cli_unknown_type_is_an_error(kb_path):
    result = runner.invoke(app, ["events", "--type", "FIGHT", "--db", str(kb_path)])
    assert result.exit_code == 2
    assert "unknown event type" in result.output


def test_events_cli_missing_store_is_an_error(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1  # the same status as every other command without a knowledge base
    assert "no knowledge base at" in result.output


def test_events_benchmark_reports_each_stage(voa_records):
    from communique.bench.events import run_event_benchmark

    figures = run_event_benchmark([r["text"] for r in voa_records[:3]])
    assert figures["documents"] == 3
    assert figures["sentences"] >= figures["sentences_walked"] > 0
    assert figures["nlp_s"] > 0 and figures["events_s"] > 0
    assert figures["events_vs_nlp"] == figures["events_s"] / figures["nlp_s"]
