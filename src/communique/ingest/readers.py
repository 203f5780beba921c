"""Readers: turn files, records and stdin into ``RawDocument`` objects.

Every input either becomes a ``RawDocument`` or a ``Skipped`` with a
one-line reason; a bad file never stops a run.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from communique.clean.encoding import UndecodableError, decode_bytes
from communique.dates import parse_published
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
# Seconds reading one file (a 10 MB page of tables keeps trafilatura busy for minutes); the
# analysis of its text has a budget of its own (``communique.ingest.budget``).
READ_SECONDS = 15.0
# Memory reading one file may add, MB: within its 15 s a 5 MB page of tables grew the process by
# 600 MB on a quiet machine (less on a busy one, which gets less done before the time is up).
READ_MEMORY_MB = 300.0
# Metadata fields longer than this are not metadata (a title is a line, a url a few hundred chars).
MAX_FIELD_CHARS = 4096
# A .docx is a zip: its parts may unpack to at most this many bytes (a zip bomb unpacks to GBs).
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
# Control characters that have no place in text (all C0 but tab, line feed, form feed, carriage
# return; DEL): NUL breaks databases and C libraries, the rest only confuse the stages.
SURROGATES = re.compile(r"[\ud800-\udfff]")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class Skipped:
    """An input that produced no document, and why."""

    source: str
    reason: str
    stage: str = "read"


class ReadError(Exception):
    """A reader could not produce text; the message is the one-line reason."""


Result = RawDocument | Skipped


def read_text_file(path: Path, data: bytes) -> RawDocument:
    """Decode a text file in whatever encoding it uses (``decode_bytes``: by evidence)."""
    text, encoding = decode_text(data)
    return RawDocument(source=source_name(path), text=text, kind="txt", encoding=encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """``decode_bytes`` with control characters taken out; no fit is a ``ReadError``."""
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        raise ReadError(str(exc)) from exc
    return clean_chars(text), encoding


def clean_chars(text: str) -> str:
    """Text without NUL and other control characters; a lone surrogate (from a JSON ``\\ud800``,
    which no encoder accepts) becomes U+FFFD."""
    return SURROGATES.sub("\ufffd", CONTROL_CHARS.sub("", text))


def source_name(path: Path | str) -> str:
    """A file's name as one printable line of valid UTF-8, whatever bytes the file system holds.

    A name that is not UTF-8 shows its bad bytes as ``\\xNN``; line breaks and other control
    characters show as escapes, so a name can neither break a summary line nor a database insert.
    """
    raw = os.fsencode(path)
    name = raw.decode("utf-8", errors="backslashreplace")
    return (
        CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", name)
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any 8-bit or UTF-16 encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return _not_utf16(data)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > BINARY_CONTROL_SHARE * max(1, len(sample))


def _not_utf16(data: bytes) -> bool:
    from communique.clean.encoding import _utf16_without_bom

    return _utf16_without_bom(data) is None


def read_html(path: Path, data: bytes) -> RawDocument:
    """Extract the article text and metadata of an HTML page with trafilatura."""
    import trafilatura

    html, encoding = decode_text(data)
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, favor_precision=True
        )
    except RecursionError as exc:
        raise ReadError("HTML nested too deeply to read") from exc
    if result is None:
        raise ReadError("no article text found in the HTML page")
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (meta.get("text") or "").strip()
    if not text:
        raise ReadError("no article text found in the HTML page")
    title = _field(meta.get("title"))
    return RawDocument(
        source=source_name(path),
        text=clean_chars(f"{title}\n\n{text}" if title else text),
        kind="html",
        encoding=encoding,
        title=title,
        published=parse_published(meta.get("date")),
        author=_field(meta.get("author")),
        url=_field(meta.get("url")),
        meta={"sitename": _field(meta.get("sitename"))},
    )


def read_pdf(path: Path, data: bytes) -> RawDocument:
    """Read a PDF's text layer with pypdf."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs every repair it makes ("EOF marker not found"); the skip reason says enough
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("encrypted PDF: it needs a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ReadError(f"broken PDF: {_one_line(exc)}") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many unrelated types on damaged files
        raise ReadError(f"broken PDF: {type(exc).__name__}: {_one_line(exc)}") from exc
    text = clean_chars("\n\n".join(p.strip() for p in pages if p.strip()))
    if not text.strip():
        raise ReadError(f"PDF has no text layer ({len(pages)} image-only page(s)); run OCR on it first")
    return RawDocument(source=source_name(path), text=text, kind="pdf", title=_field(title))


def read_docx(path: Path, data: bytes) -> RawDocument:
    """Read the paragraphs of a Word document."""
    import docx

    check_unzipped_size(data, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())
        title = document.core_properties.title or None
    except Exception as exc:  # noqa: BLE001 - python-docx raises several unrelated types for broken zips
        raise ReadError(f"broken DOCX: {_one_line(exc)}") from exc
    return RawDocument(source=source_name(path), text=clean_chars(text), kind="docx", title=_field(title))


def check_unzipped_size(data: bytes, kind: str) -> None:
    """Refuse a zip whose parts unpack to more than ``MAX_UNZIPPED_BYTES`` (a zip bomb).

    The sizes a zip declares can lie, so every part is unpacked (and thrown away) in chunks,
    counting what really comes out; the cost is bounded by the limit.
    """
    import zipfile

    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNZIPPED_BYTES:
                            raise ReadError(
                                f"{kind} unpacks to more than {MAX_UNZIPPED_BYTES // 2**20} MB (a zip bomb?)"
                            )
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile raises several types on damaged archives
        raise ReadError(f"broken {kind}: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _field(value: object) -> str | None:
    """A metadata string as one clean line, or None (wrong type, empty, or too long to be metadata)."""
    if not isinstance(value, str):
        return None
    value = " ".join(clean_chars(value).split())
    return value if value and len(value) <= MAX_FIELD_CHARS else None


def _first(record: dict, fields: tuple[str, ...]) -> str | None:
    for name in fields:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def normalise_published(value: object) -> str | None:
    """'2025-03-14 20:30:26Z' → '2025-03-14T20:30'; a bare date stays a date; no date → None."""
    return parse_published(value)


def _scalar_meta(value: object) -> object:
    """Metadata kept as given only when flat: a string, number, or list of them (else dropped)."""
    import math

    if isinstance(value, str):
        return _field(value)
    if isinstance(value, bool | int):
        return value if abs(value) < 2**63 else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list) and len(value) <= 100:
        return [v for v in (_field(x) for x in value) if v] or None
    return None


def record_to_raw(record: dict, source: str) -> RawDocument | Skipped:
    """One JSON record with text/title/url/published fields."""
    text = _first(record, JSON_TEXT_FIELDS)
    text = clean_chars(text) if text else text
    if not text or not text.strip():
        return Skipped(source, f"record has no text field ({', '.join(JSON_TEXT_FIELDS)})")
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        return Skipped(source, f"record text too large: over {MAX_BYTES // 2**20} MB")
    meta = {k: _scalar_meta(record[k]) for k in ("id", "section", "keywords") if k in record}
    return RawDocument(
        source=source,
        text=text,
        kind="json",
        title=_field(_first(record, JSON_TITLE_FIELDS)),
        published=parse_published(_first(record, JSON_DATE_FIELDS)),
        author=_field(_first(record, ("author",))),
        url=_field(_first(record, ("url", "link"))),
        meta={k: v for k, v in meta.items() if v is not None},
    )


def read_json_records(path: Path, data: bytes) -> Iterator[Result]:
    """A JSON array of records, one JSON record, or JSON Lines in a small ``.json`` file."""
    text, _ = decode_text(data)
    name = source_name(path)
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")) and not _is_json_lines(stripped):
        try:
            value = load_json(text)
        except json.JSONDecodeError as exc:
            yield Skipped(name, f"invalid JSON at line {exc.lineno}: {exc.msg}")
            return
        except ReadError as exc:
            yield Skipped(name, str(exc))
            return
        records = value if isinstance(value, list) else [value]
        for i, record in enumerate(records):
            yield _record_or_skip(record, f"{name}#{i}")
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        yield from _json_line(path, lineno, line)


def load_json(text: str) -> object:
    """``json.loads`` whose failures on hostile input are ``ReadError`` with a reason."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ReadError("JSON nested too deeply to read") from exc
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise ReadError(f"unreadable JSON value: {_one_line(exc)}") from exc


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
    name = source_name(path)
    with open_regular(path) as fh:
        lineno = 0
        while True:
            # read at most one record over the limit: a 5 GB file with no line break is
            # read in pieces, never held whole
            line = fh.readline(MAX_BYTES + 2)
            if not line:
                break
            lineno += 1
            if not line.endswith(b"\n") and len(line) > MAX_BYTES:
                size = len(line)
                while line and not line.endswith(b"\n"):
                    line = fh.readline(1 << 20)
                    size += len(line)
                yield Skipped(f"{name}:{lineno}", f"record too large: {size / 2**20:.1f} MB")
                continue
            size = len(line.rstrip(b"\r\n"))
            if size > MAX_BYTES:
                yield Skipped(f"{name}:{lineno}", f"record too large: {size / 2**20:.1f} MB")
                continue
            try:
                decoded = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                yield Skipped(f"{name}:{lineno}", "line is not UTF-8")
                continue
            yield from _json_line(path, lineno, decoded)


def _json_line(path: Path, lineno: int, line: str) -> Iterator[Result]:
    if not line.strip():
        return
    name = f"{source_name(path)}:{lineno}"
    try:
        record = load_json(line)
    except json.JSONDecodeError as exc:
        yield Skipped(name, f"invalid JSON line: {exc.msg}")
        return
    except ReadError as exc:
        yield Skipped(name, str(exc))
        return
    yield _record_or_skip(record, name)


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
    """Read one file into documents, or a skip with its reason; no input stops the run."""
    name = source_name(path)
    suffix = path.suffix.lower()
    if suffix not in READERS and suffix not in RECORD_SUFFIXES:
        yield Skipped(name, f"unsupported file type '{source_name(suffix) or 'no extension'}'")
        return
    try:
        if suffix in LINE_SUFFIXES:
            yield from read_json_lines(path)
            return
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size == 0:
                yield Skipped(name, "empty file")
                return
            if size > MAX_BYTES:
                yield Skipped(name, f"file too large: {size / 2**20:.1f} MB > {MAX_BYTES // 2**20} MB limit")
                return
            data = fh.read(MAX_BYTES + 1)
    except ReadError as exc:
        yield Skipped(name, str(exc))
        return
    except OSError as exc:
        yield Skipped(name, f"cannot read: {exc.strerror or exc}")
        return
    from communique.ingest.budget import Budget, BudgetExceeded

    try:
        with Budget(READ_SECONDS, READ_MEMORY_MB).watch("read"):
            if suffix in RECORD_SUFFIXES:
                results = list(read_json_records(path, data))
            elif suffix not in (".pdf", ".docx") and looks_binary(data):
                results = [Skipped(name, f"binary content in a '{suffix}' file")]
            else:
                results = [READERS[suffix](path, data)]
        if suffix in RECORD_SUFFIXES or isinstance(results[0], Skipped):
            yield from results
            return
        raw = results[0]
    except BudgetExceeded as exc:
        yield Skipped(name, str(exc))
        return
    except ReadError as exc:
        yield Skipped(name, str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - a reader bug on one file is that file's skip, not the run's end
        yield Skipped(name, f"{suffix[1:]} reader failed: {type(exc).__name__}: {_one_line(exc)}")
        return
    if not raw.text.strip():
        yield Skipped(name, "no text after decoding")
        return
    yield raw


def open_regular(path: Path) -> io.BufferedReader:
    """Open a regular file for reading; a FIFO, socket, device or link loop is a ``ReadError``.

    Opened non-blocking and checked on the open descriptor: opening a FIFO for reading would
    otherwise wait forever for a writer, and a check before opening could be raced.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            raise ReadError("symbolic link loop") from exc
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ReadError(f"not a regular file ({_file_kind(mode)})")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _file_kind(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "a named pipe",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISDIR: "a folder",
    }
    return next((label for test, label in kinds.items() if test(mode)), "not a file")


def read_stdin(stream: io.TextIOBase | None = None) -> Iterator[Result]:
    """Read one document from standard input."""
    stream = stream or sys.stdin
    limit = MAX_BYTES + 1
    data = stream.buffer.read(limit) if hasattr(stream, "buffer") else stream.read(limit).encode("utf-8")
    if not data.strip():
        yield Skipped("-", "empty input on stdin")
        return
    try:
        text, encoding = decode_text(data[: MAX_BYTES + 1])
    except ReadError as exc:
        yield Skipped("-", str(exc))
        return
    if len(data) > MAX_BYTES:
        yield Skipped("-", f"input too large: over {MAX_BYTES // 2**20} MB")
        return
    yield RawDocument(source="-", text=text, kind="stdin", encoding=encoding)
