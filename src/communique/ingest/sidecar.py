"""What an analyst knows about saved files: dates in file names and a sidecar metadata file.

An analyst who saves pages into a folder usually knows where each came from and when: the file
name may carry the date (``2023-11-23_minsk.txt``, ``20231123-summit.html``) and a sidecar file
beside them may list ``path, title, url, published, source`` (``metadata.csv`` or
``metadata.jsonl``). ``with_file_metadata`` puts that onto each document read, so the clean
stage ranks it above what the page itself shows:

- a date given on the command line (``--date``) is the user's date for every file;
- the sidecar's ``published``, ``title`` and ``url`` are the container's metadata for its file;
- a date in the file name is the analyst's date for that file.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from communique.model import RawDocument

# Sidecar files looked for in each folder given (and beside each file given).
SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")
FIELDS = ("path", "title", "url", "published", "source")
# "2023-11-23_minsk.txt", "2023_11_23-x", "20231123-summit.html": a date opening the name or
# standing between separators.
NAME_DATE = re.compile(
    r"(?:^|[_\-. ])(?P<y>(?:19|20)\d\d)(?P<sep>[-_.]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?=$|[_\-. T])"
)
RECORD_SUFFIX = re.compile(r"^(?P<file>.+?)(?:#|:)\d+$")
PUBLISHED = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}))?")


class SidecarError(ValueError):
    """A sidecar file that cannot be read: names the file and the line."""


@dataclass(frozen=True)
class FileMeta:
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None


def date_from_name(name: str) -> str | None:
    """The date a file name carries, as YYYY-MM-DD, or None."""
    stem = Path(name).name
    for m in NAME_DATE.finditer(stem):
        try:
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
        except ValueError:
            continue
    return None


def load_sidecar(path: Path) -> dict[Path, FileMeta]:
    """Rows of one sidecar file, keyed by the resolved path of the file they describe."""
    rows = _jsonl_rows(path) if path.suffix == ".jsonl" else _csv_rows(path)
    out: dict[Path, FileMeta] = {}
    for line, row in rows:
        name = (row.get("path") or "").strip()
        if not name:
            raise SidecarError(f"{path}:{line}: no path")
        published = (row.get("published") or "").strip() or None
        if published and not PUBLISHED.match(published):
            raise SidecarError(f"{path}:{line}: published {published!r} is not YYYY-MM-DD[THH:MM]")
        out[(path.parent / name).resolve()] = FileMeta(
            title=(row.get("title") or "").strip() or None,
            url=(row.get("url") or "").strip() or None,
            published=_iso_published(published),
            source=(row.get("source") or "").strip() or None,
        )
    return out


def _iso_published(value: str | None) -> str | None:
    if not value:
        return None
    m = PUBLISHED.match(value)
    return f"{m.group('day')}T{m.group('time')}" if m and m.group("time") else m.group("day") if m else None


def _csv_rows(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "path" not in reader.fieldnames:
            raise SidecarError(f"{path}:1: the header must name a 'path' column ({', '.join(FIELDS)})")
        for row in reader:
            yield reader.line_num, row


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict]]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SidecarError(f"{path}:{n}: invalid JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise SidecarError(f"{path}:{n}: expected an object with {', '.join(FIELDS)}")
        yield n, row


def find_sidecars(inputs: Iterable[str]) -> list[Path]:
    """Sidecar files in the folders given and beside the files given."""
    folders: set[Path] = set()
    for item in inputs:
        if item == "-":
            continue
        path = Path(item)
        folders.add(path if path.is_dir() else path.parent)
    return sorted({f / name for f in folders for name in SIDECAR_NAMES if (f / name).is_file()})


def with_file_metadata(items: Iterable, inputs: Iterable[str], user_date: str | None = None) -> Iterator:
    """Documents (and skips, passed through) with what the analyst knows put on them.

    items: what ``read_paths`` yields (``RawDocument`` or ``Skipped``).
    inputs: the paths given on the command line (where sidecar files are looked for).
    user_date: ``--date``, a YYYY-MM-DD date for every document.
    """
    from communique.ingest.readers import Skipped

    inputs = list(inputs)
    meta: dict[Path, FileMeta] = {}
    sidecars = find_sidecars(inputs)
    for sidecar in sidecars:
        try:
            meta.update(load_sidecar(sidecar))
        except (SidecarError, OSError, UnicodeDecodeError) as exc:
            # A broken sidecar is named like any unreadable input; the files are still read.
            yield Skipped(str(sidecar), f"metadata file not used: {exc}")
    sidecar_paths = {p.resolve() for p in sidecars}
    for item in items:
        if isinstance(item, RawDocument | Skipped) and _path_of(item.source) in sidecar_paths:
            continue  # the sidecar itself is no document
        if isinstance(item, RawDocument):
            annotate(item, meta, user_date)
        yield item


def annotate(raw: RawDocument, meta: dict[Path, FileMeta], user_date: str | None) -> RawDocument:
    """Put the user's date, the sidecar's row and the file name's date on one document."""
    row = meta.get(_source_path(raw))
    if row:
        raw.title = raw.title or row.title
        raw.url = raw.url or row.url
        raw.published = row.published or raw.published
        if row.source:
            raw.meta["source"] = row.source
    named = date_from_name(raw.source) if raw.source not in ("-", "") else None
    raw.date_hint = user_date or raw.date_hint or (None if row and row.published else named)
    return raw


def _source_path(raw: RawDocument) -> Path | None:
    return _path_of(raw.source)


def _path_of(source: str) -> Path | None:
    if not source or source == "-" or "://" in source:
        return None
    # Records of a JSON file are named "file.json#3" or "file.jsonl:3": the file is what a
    # sidecar names.
    record = RECORD_SUFFIX.match(source)
    try:
        return Path(record.group("file") if record else source).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: no sidecar row can name it
        return None
