"""Dates and metadata an analyst gives saved files: --date, dates in file names, sidecar files."""

from __future__ import annotations

import json

import pytest

from communique.clean import clean_document
from communique.ingest import RawDocument, Skipped, read_paths
from communique.ingest.sidecar import date_from_name, with_file_metadata

PAGE = (
    "Flag Wednesday, 24 April 2024\nLeaders meet in Minsk\n"
    "The leaders met in Minsk on 16 May to discuss regional security.\n"
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2023-11-23_minsk.txt", "2023-11-23"),
        ("20231123-summit.html", "2023-11-23"),
        ("report_2023_11_23.txt", "2023-11-23"),
        ("notes-2023-02-30.txt", None),
        ("summit 2023.txt", None),
        ("12345678.txt", None),
    ],
)
def test_clean_file_dates_from_names(name, expected):
    assert date_from_name(name) == expected


def _read(folder, user_date=None):
    items = list(with_file_metadata(read_paths([str(folder)]), [str(folder)], user_date))
    docs = {r.source.rsplit("/", 1)[-1]: clean_document(r) for r in items if isinstance(r, RawDocument)}
    skipped = [s for s in items if isinstance(s, Skipped)]
    return docs, skipped


def test_clean_file_dates_name_and_sidecar(tmp_path):
    (tmp_path / "2022-05-16_minsk.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "talks.txt").write_text("Talks\n\nThe ministers met on 3 June in Astana.\n", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "path,title,url,published,source\n"
        "talks.txt,Ministers hold talks in Astana,https://example.org/talks,2021-06-03T10:00,Example\n",
        encoding="utf-8",
    )
    docs, skipped = _read(tmp_path)
    assert skipped == [] and sorted(docs) == ["2022-05-16_minsk.txt", "talks.txt"]
    named = docs["2022-05-16_minsk.txt"]
    # The file name's date wins over the date widget the page shows; the widget is removed.
    assert (named.published, named.event_date, named.title) == (
        "2022-05-16",
        "2022-05-16",
        "Leaders meet in Minsk",
    )
    assert "24 April" not in named.text
    talks = docs["talks.txt"]
    assert (talks.title, talks.published, talks.event_date) == (
        "Ministers hold talks in Astana",
        "2021-06-03T10:00",
        "2021-06-03",
    )
    assert (talks.raw.url, talks.raw.meta["source"]) == ("https://example.org/talks", "Example")


def test_clean_file_dates_user_date_wins(tmp_path):
    (tmp_path / "2022-05-16_minsk.txt").write_text(PAGE, encoding="utf-8")
    docs, _ = _read(tmp_path, user_date="2021-05-20")
    assert docs["2022-05-16_minsk.txt"].published == "2021-05-20"
    assert docs["2022-05-16_minsk.txt"].event_date == "2021-05-16"


def test_clean_file_dates_jsonl_sidecar_and_a_broken_one(tmp_path):
    (tmp_path / "a.txt").write_text("Talks\n\nThe ministers met on 3 June in Astana.\n", encoding="utf-8")
    rows = [{"path": "a.txt", "title": "Ministers meet", "published": "2020-06-03"}]
    (tmp_path / "metadata.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert (docs["a.txt"].title, docs["a.txt"].event_date) == ("Ministers meet", "2020-06-03")
    assert skipped == []
    (tmp_path / "metadata.jsonl").write_text('{"path": "a.txt", "published": "June 3"}\n', encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert "a.txt" in docs and len(skipped) == 1
    assert skipped[0].reason.startswith("metadata file not used:") and "metadata.jsonl:1" in skipped[0].reason
