"""Readers: every kind of input becomes a document or a skip with a clear reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.bench.hostile import make_pdf
from communique.ingest import RawDocument, Skipped, read_paths
from communique.ingest.readers import decode_bytes, normalise_published

RUSSIAN = "Совет коллективной безопасности ОДКБ провёл сессию в Минске. Председатель выступил с речью."


def read_all(*paths: Path | str) -> list[RawDocument | Skipped]:
    return list(read_paths([str(p) for p in paths]))


def test_ingest_reads_encodings_and_records_them(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (tmp_path / "utf16.txt").write_bytes(RUSSIAN.encode("utf-16"))
    (tmp_path / "latin.txt").write_bytes(
        "Le président a déclaré à Genève que la sécurité régionale importe.".encode("latin-1")
    )
    by_name = {Path(d.source).name: d for d in read_all(tmp_path)}
    assert by_name["ru.txt"].text == RUSSIAN
    assert by_name["ru.txt"].encoding == "cp1251"
    assert by_name["utf16.txt"].text == RUSSIAN
    assert by_name["utf16.txt"].encoding == "utf_16"
    assert "président a déclaré à Genève" in by_name["latin.txt"].text


def test_ingest_skips_bad_input_with_reasons_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("The council met in Minsk on Thursday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "huge.txt").write_bytes(b"word " * (10 * 1024 * 1024))  # 50 MB
    (tmp_path / "truncated.pdf").write_bytes(make_pdf("Ministers met in Astana.")[:120])
    (tmp_path / "scan.pdf").write_bytes(make_pdf(None))
    (tmp_path / "scripts.html").write_text(
        "<html><head><script>var a=1;</script></head><body>"
        + "<script>track();</script>" * 50
        + "</body></html>"
    )
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "z_good.txt").write_text(
        "Troops returned to their barracks after the exercise.", encoding="utf-8"
    )
    results = read_all(tmp_path)
    skipped = {Path(r.source).name: r.reason for r in results if isinstance(r, Skipped)}
    stored = sorted(Path(r.source).name for r in results if isinstance(r, RawDocument))
    assert stored == ["a_good.txt", "z_good.txt"]
    assert skipped["empty.txt"] == "empty file"
    assert skipped["binary.txt"] == "binary content in a '.txt' file"
    assert skipped["huge.txt"].startswith("file too large: 50.0 MB")
    assert skipped["truncated.pdf"].startswith("broken PDF")
    assert skipped["scan.pdf"].startswith("PDF has no text layer")
    assert skipped["scripts.html"] == "no article text found in the HTML page"
    assert skipped["image.png"] == "unsupported file type '.png'"


def test_ingest_reads_pdf_text_layer(tmp_path: Path) -> None:
    (tmp_path / "note.pdf").write_bytes(make_pdf("Ministers met in Astana."))
    [doc] = read_all(tmp_path / "note.pdf")
    assert doc.kind == "pdf"
    assert "Ministers met in Astana." in doc.text


def test_ingest_reads_docx(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Council notes"
    document.add_paragraph("The secretary general opened the meeting.")
    document.add_paragraph("Delegations from six states attended.")
    document.save(tmp_path / "notes.docx")
    [doc] = read_all(tmp_path / "notes.docx")
    assert doc.title == "Council notes"
    assert doc.text == "The secretary general opened the meeting.\n\nDelegations from six states attended."


def test_ingest_reads_html_with_metadata(tmp_path: Path) -> None:
    body = " ".join(["The defence ministers agreed on a joint training plan for the coming year."] * 6)
    page = f"""<html><head><title>Ministers agree plan</title>
    <meta name="author" content="Desk Editor"><meta property="article:published_time" content="2023-05-04">
    </head><body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
    <article><h1>Ministers agree plan</h1><p>{body}</p><p>{body}</p></article>
    <footer>Contact us: +1 555 0100</footer></body></html>"""
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    [doc] = read_all(tmp_path / "page.html")
    assert doc.kind == "html"
    assert doc.title == "Ministers agree plan"
    assert doc.published == "2023-05-04"
    assert doc.author == "Desk Editor"
    assert "joint training plan" in doc.text
    assert "Home" not in doc.text


def test_ingest_reads_voa_records(voa_records: list[dict]) -> None:
    from tests.conftest import VOA

    docs = read_all(VOA)
    assert len(docs) == len(voa_records) == 89
    first = docs[0]
    assert first.title == voa_records[0]["title"]
    assert first.published == voa_records[0]["published"][:16].replace(" ", "T")
    assert first.url == voa_records[0]["url"]
    assert first.source.endswith("voa_stories.jsonl:1")


def test_ingest_json_records_and_broken_lines(tmp_path: Path) -> None:
    records = [{"title": "A", "text": "First story text."}, {"title": "B"}]
    (tmp_path / "batch.json").write_text(json.dumps(records))
    (tmp_path / "lines.jsonl").write_text('{"text": "Good line."}\n{broken\n')
    results = read_all(tmp_path)
    kinds = [(Path(r.source).name, type(r).__name__) for r in results]
    assert kinds == [
        ("batch.json#0", "RawDocument"),
        ("batch.json#1", "Skipped"),
        ("lines.jsonl:1", "RawDocument"),
        ("lines.jsonl:2", "Skipped"),
    ]


def test_ingest_json_lines_corpus_larger_than_the_file_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, voa_records: list[dict]
) -> None:
    """A JSON Lines corpus is streamed: only a single record over the limit is skipped."""
    from communique.ingest import readers

    lines = [json.dumps(r, ensure_ascii=False) for r in voa_records[:20]]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    longest = max(len(line.encode("utf-8")) for line in lines)
    monkeypatch.setattr(readers, "MAX_BYTES", longest)  # file is 20 records long, every record fits
    assert corpus.stat().st_size > readers.MAX_BYTES
    assert [r.title for r in read_all(corpus)] == [r["title"] for r in voa_records[:20]]
    monkeypatch.setattr(readers, "MAX_BYTES", longest - 1)  # now the longest record does not fit
    skipped = [r for r in read_all(corpus) if isinstance(r, Skipped)]
    assert len(skipped) == 1 and skipped[0].reason.startswith("record too large")


def test_ingest_globs_and_missing_paths(tmp_path: Path, seed_paths: dict[str, Path]) -> None:
    seeds_dir = next(iter(seed_paths.values())).parent
    results = read_all(f"{seeds_dir}/00[01]_*.txt", tmp_path / "nope.txt", f"{tmp_path}/*.xml")
    assert [Path(r.source).name[:3] for r in results if isinstance(r, RawDocument)] == ["000", "001"]
    reasons = [r.reason for r in results if isinstance(r, Skipped)]
    assert reasons == ["no such file or folder", "pattern matched no files"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-03-14 20:30:26Z", "2025-03-14T20:30"), ("2023-02-15", "2023-02-15"), ("", None), ("2023", None)],
)
def test_ingest_normalises_published(value: str, expected: str | None) -> None:
    assert normalise_published(value) == expected


def test_ingest_decode_prefers_utf8_and_bom() -> None:
    assert decode_bytes("Минск".encode()) == ("Минск", "utf_8")
    assert decode_bytes(b"\xef\xbb\xbfhello") == ("hello", "utf_8")


FRENCH = "Le président a déclaré à Genève que la sécurité régionale était une priorité pour tous."


def test_ingest_decodes_by_evidence() -> None:
    """Latin-1 French is not cp1250 (à→ŕ); UTF-8 keeps its text when one byte is bad; UTF-16
    without a byte-order mark is text, not binary."""
    text, encoding = decode_bytes(FRENCH.encode("latin-1"))
    assert text == FRENCH and encoding == "cp1252"
    text, encoding = decode_bytes(FRENCH.encode() + b"\xff " + FRENCH.encode())
    assert encoding == "utf_8" and text == f"{FRENCH}\ufffd {FRENCH}"
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(RUSSIAN.encode(codec)) == (RUSSIAN, codec.replace("-", "_"))
        assert decode_bytes(FRENCH.encode(codec))[0] == FRENCH


def test_ingest_hostile_files_become_reasons(tmp_path: Path) -> None:
    import os

    from communique.bench.hostile import encrypted_pdf, zip_bomb_docx

    (tmp_path / "open.pdf").write_bytes(encrypted_pdf("Ministers met in Astana.", ""))
    (tmp_path / "locked.pdf").write_bytes(encrypted_pdf("Ministers met in Astana.", "secret"))
    (tmp_path / "bomb.docx").write_bytes(zip_bomb_docx())
    (tmp_path / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (tmp_path / "utf16.txt").write_bytes(RUSSIAN.encode("utf-16-le"))
    (tmp_path / "nul.json").write_text(json.dumps({"text": "Talks\x00 resumed.", "title": "A\ud800"}))
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("loop2.txt", tmp_path / "loop1.txt")
    os.symlink("loop1.txt", tmp_path / "loop2.txt")
    os.symlink(".", tmp_path / "again")
    with open(os.fsencode(tmp_path) + b"/bad-\xff-name.txt", "wb") as fh:
        fh.write(b"Ministers met in Minsk.")
    (tmp_path / "line\nbreak.txt").write_text("Troops left the base.", encoding="utf-8")
    results = read_all(tmp_path)
    got = {Path(r.source).name: (r.reason if isinstance(r, Skipped) else r.text) for r in results}
    assert got["open.pdf"] == "Ministers met in Astana."
    assert got["locked.pdf"] == "encrypted PDF: it needs a password"
    assert got["bomb.docx"] == "DOCX unpacks to more than 64 MB (a zip bomb?)"
    assert got["deep.json"] == "JSON nested too deeply to read"
    assert got["utf16.txt"] == RUSSIAN
    assert got["nul.json#0"] == "Talks resumed."
    assert got["pipe.txt"] == "not a regular file (a named pipe)"
    assert got["loop1.txt"] == got["loop2.txt"] == "symbolic link loop"
    assert got["again"] == "symbolic link loop: folder already read"
    assert got["bad-\\xff-name.txt"] == "Ministers met in Minsk."
    assert got["line\\nbreak.txt"] == "Troops left the base."
    title = next(r.title for r in results if isinstance(r, RawDocument) and r.source.endswith("nul.json#0"))
    assert title == "A\ufffd"
