"""Readers: turn files, records and stdin into ``RawDocument`` objects.

Every input either becomes a ``RawDocument`` or a ``Skipped`` with a
one-line reason; a bad file never stops a run.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from communique.model import RawDocument

# Inputs larger than this are skipped: a news document is rarely over 1 MB,
# and a 50 MB "text" is almost always a dump or a log, not an article.
MAX_BYTES = 10 * 1024 * 1024
# Share of control bytes above which a file counts as binary.
BINARY_CONTROL_SHARE = 0.10
# Fields a JSON record may carry its text under, in order of preference.
JSON_TEXT_FIELDS = ("text", "body", "content", "article")
JSON_TITLE_FIELDS = ("title", "headline")
JSON_DATE_FIELDS = ("published", "date", "publish_date", "datetime")


@dataclass
class Skipped:
    """An input that produced no document, and why."""

    source: str
    reason: str


class ReadError(Exception):
    """A reader could not produce text; the message is the one-line reason."""


Result = RawDocument | Skipped


def read_text_file(path: Path, data: bytes) -> RawDocument:
    """Decode a text file in whatever encoding it uses (charset-normalizer)."""
    text, encoding = decode_bytes(data)
    return RawDocument(source=str(path), text=text, kind="txt", encoding=encoding)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes, trusting a BOM, then UTF-8, then charset-normalizer's best guess."""
    from charset_normalizer import from_bytes

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf_16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf_8"
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ReadError("undecodable text: no encoding fits its bytes")
    return str(best), best.encoding


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any 8-bit or UTF-16 encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > BINARY_CONTROL_SHARE * max(1, len(sample))


def read_html(path: Path, data: bytes) -> RawDocument:
    """Extract the article text and metadata of an HTML page with trafilatura."""
    import trafilatura

    html, encoding = decode_bytes(data)
    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=True
    )
    if result is None:
        raise ReadError("no article text found in the HTML page")
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (meta.get("text") or "").strip()
    if not text:
        raise ReadError("no article text found in the HTML page")
    title = meta.get("title")
    return RawDocument(
        source=str(path),
        text=(f"{title}\n\n{text}" if title else text),
        kind="html",
        encoding=encoding,
        title=title,
        published=meta.get("date"),
        author=meta.get("author"),
        url=meta.get("url"),
        meta={"sitename": meta.get("sitename")},
    )


def read_pdf(path: Path, data: bytes) -> RawDocument:
    """Read a PDF's text layer with pypdf."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ReadError(f"broken PDF: {exc}") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ReadError(f"PDF has no text layer ({len(pages)} image-only page(s)); run OCR on it first")
    title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    return RawDocument(source=str(path), text=text, kind="pdf", title=title or None)


def read_docx(path: Path, data: bytes) -> RawDocument:
    """Read the paragraphs of a Word document."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken zips
        raise ReadError(f"broken DOCX: {exc}") from exc
    text = "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())
    title = document.core_properties.title or None
    return RawDocument(source=str(path), text=text, kind="docx", title=title)


def _first(record: dict, fields: tuple[str, ...]) -> str | None:
    for name in fields:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def normalise_published(value: str | None) -> str | None:
    """'2025-03-14 20:30:26Z' → '2025-03-14T20:30'; a bare date stays a date."""
    if not value:
        return None
    value = value.strip().replace(" ", "T", 1)
    if len(value) >= 16 and value[10] == "T":
        return value[:16]
    return value[:10] if len(value) >= 10 else None


def record_to_raw(record: dict, source: str) -> RawDocument | Skipped:
    """One JSON record with text/title/url/published fields."""
    text = _first(record, JSON_TEXT_FIELDS)
    if not text:
        return Skipped(source, f"record has no text field ({', '.join(JSON_TEXT_FIELDS)})")
    return RawDocument(
        source=source,
        text=text,
        kind="json",
        title=_first(record, JSON_TITLE_FIELDS),
        published=normalise_published(_first(record, JSON_DATE_FIELDS)),
        author=_first(record, ("author",)),
        url=_first(record, ("url", "link")),
        meta={k: record[k] for k in ("id", "section", "keywords") if k in record},
    )


def read_json_records(path: Path, data: bytes) -> Iterator[Result]:
    """A JSON array of records, one JSON record, or JSON Lines in a small ``.json`` file."""
    text, _ = decode_bytes(data)
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")) and not _is_json_lines(stripped):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Skipped(str(path), f"invalid JSON at line {exc.lineno}: {exc.msg}")
            return
        records = value if isinstance(value, list) else [value]
        for i, record in enumerate(records):
            yield _record_or_skip(record, f"{path}#{i}")
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        yield from _json_line(path, lineno, line)


def _is_json_lines(text: str) -> bool:
    """Several lines that each hold a whole object: JSON Lines, whatever the file is called."""
    lines = [line for line in text.splitlines()[:3] if line.strip()]
    if len(lines) < 2 or not text.startswith("{"):
        return False
    try:
        json.loads(lines[0])
    except json.JSONDecodeError:
        return False
    return True


def read_json_lines(path: Path) -> Iterator[Result]:
    """JSON Lines, streamed: a corpus file may be any size, each record at most ``MAX_BYTES``.

    JSON Lines is UTF-8 by definition (jsonlines.org); a line that is not is skipped.
    """
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, 1):
            size = len(line.rstrip(b"\r\n"))
            if size > MAX_BYTES:
                yield Skipped(f"{path}:{lineno}", f"record too large: {size / 2**20:.1f} MB")
                continue
            try:
                decoded = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                yield Skipped(f"{path}:{lineno}", "line is not UTF-8")
                continue
            yield from _json_line(path, lineno, decoded)


def _json_line(path: Path, lineno: int, line: str) -> Iterator[Result]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Skipped(f"{path}:{lineno}", f"invalid JSON line: {exc.msg}")
        return
    yield _record_or_skip(record, f"{path}:{lineno}")


def _record_or_skip(record: object, source: str) -> Result:
    if not isinstance(record, dict):
        return Skipped(source, "JSON value is not an object with a text field")
    return record_to_raw(record, source)


SingleReader = Callable[[Path, bytes], RawDocument]

# Which reader handles which file extension.
READERS: dict[str, SingleReader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".md": read_text_file,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}
RECORD_SUFFIXES = {".jsonl", ".json", ".ndjson"}
LINE_SUFFIXES = {".jsonl", ".ndjson"}


def read_file(path: Path) -> Iterator[Result]:
    """Read one file into documents, or a skip with its reason."""
    suffix = path.suffix.lower()
    if suffix not in READERS and suffix not in RECORD_SUFFIXES:
        yield Skipped(str(path), f"unsupported file type '{suffix or 'no extension'}'")
        return
    try:
        size = path.stat().st_size
        if size == 0:
            yield Skipped(str(path), "empty file")
            return
        if suffix in LINE_SUFFIXES:
            yield from read_json_lines(path)
            return
        if size > MAX_BYTES:
            yield Skipped(str(path), f"file too large: {size / 2**20:.1f} MB > {MAX_BYTES // 2**20} MB limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if suffix in RECORD_SUFFIXES:
        yield from read_json_records(path, data)
        return
    if suffix not in (".pdf", ".docx") and looks_binary(data):
        yield Skipped(str(path), f"binary content in a '{suffix}' file")
        return
    try:
        raw = READERS[suffix](path, data)
    except ReadError as exc:
        yield Skipped(str(path), str(exc))
        return
    if not raw.text.strip():
        yield Skipped(str(path), "no text after decoding")
        return
    yield raw


def read_stdin(stream: io.TextIOBase | None = None) -> Iterator[Result]:
    """Read one document from standard input."""
    stream = stream or sys.stdin
    data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
    if not data.strip():
        yield Skipped("-", "empty input on stdin")
        return
    text, encoding = decode_bytes(data)
    yield RawDocument(source="-", text=text, kind="stdin", encoding=encoding)
