"""Hostile-input benchmark: every kind of bad or odd input in one folder with good documents.

``make_hostile_folder`` writes one input per kind (bad dates and numbers in every metadata
field, empty and huge fields, wrong types, broken encodings, truncated and encrypted PDFs, a
zip bomb in a .docx, a 5 MB single line, 160 KB of quotation marks, deeply nested HTML and
JSON, NUL bytes, file names with line breaks and invalid UTF-8, link loops, a named pipe ...)
beside copies of good documents. ``run_hostile`` then

1. reads and analyses each input alone, in this process, under the ingest budget, timing it
   and sampling memory (the per-kind table);
2. ingests the whole folder in one ``communique ingest`` run in a child process, and checks
   that the run was not stopped, that every good document was stored and that every input
   left out is named in the output with its reason.

Everything is generated here by code; nothing is read from the network.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A paragraph of our own; each kind that should be stored gets its own variant of it
# (different content hashes, so no input counts as a repeat of another).
GOOD_TEXT = (
    "Defence ministers of the member states met in Minsk on Thursday to discuss joint exercises. "
    'The secretary general said the meeting was "constructive" and that the next session would '
    "take place in Astana in the autumn."
)
PROSE = "The council reviewed the situation on the border and agreed to send observers. "
STORED, LEFT_OUT, EITHER = "stored", "left out", "either"
# Seconds one input may take, read to stored (the issue's figure).
MAX_SECONDS = 60.0
# Peak memory of the ingest run (PSS summed over its processes), MB.
MAX_PEAK_MB = 1024.0


@dataclass
class Kind:
    """One kind of hostile input: how to write it and what must become of it."""

    name: str
    expect: str  # stored | left out | either
    write: Callable[[Path], Path]  # writes into the folder, returns the path written
    slow: bool = False  # large inputs: left out of the fast subset the test suite runs


@dataclass
class Outcome:
    kind: str
    path: str
    expect: str
    outcome: str = ""
    reason: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0
    ok: bool = True


@dataclass
class HostileReport:
    outcomes: list[Outcome] = field(default_factory=list)
    good: int = 0
    good_stored: int = 0
    run_status: int | None = None
    run_seconds: float = 0.0
    run_peak_mb: float = 0.0
    unnamed: list[str] = field(default_factory=list)
    output: str = ""

    @property
    def stopped(self) -> int:
        return 0 if self.run_status in (0, 3) else 1

    @property
    def slowest(self) -> float:
        return max((o.seconds for o in self.outcomes), default=0.0)


# --- writers --------------------------------------------------------------------------------------


def _text(kind: str) -> str:
    return f"{GOOD_TEXT} Reference {kind}."


def _record_file(name: str, record: object, suffix: str = ".json") -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / f"{name}{suffix}"
        path.write_text(json.dumps(record), encoding="utf-8")  # \uXXXX escapes: lone surrogates too
        return path

    return write


def _meta(name: str, **fields: object) -> Kind:
    """A JSON record with good text and one odd metadata field: stored, the field dropped."""
    return Kind(name, STORED, _record_file(name, {"text": _text(name), **fields}))


def _bytes_file(name: str, data: bytes | Callable[[], bytes], expect: str, slow: bool = False) -> Kind:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return Kind(name, expect, write, slow)


def make_pdf(text: str | None) -> bytes:
    """A one-page PDF with a text layer when ``text`` is given (built by hand: no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_pdf(text: str, password: str) -> bytes:
    """The PDF above, AES-encrypted with ``password`` as the user password ('' opens it)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(text))))
    writer.encrypt(user_password=password, owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for para in paragraphs:
        document.add_paragraph(para)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx whose document part unpacks to 1 GB of zeros (a few MB packed)."""
    good = zipfile.ZipFile(io.BytesIO(make_docx(["x"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in good.infolist():
            if info.filename == "word/document.xml":
                with bomb.open("word/document.xml", "w", force_zip64=True) as member:
                    block = b"\x00" * (1 << 20)
                    for _ in range(1024):
                        member.write(block)
            else:
                bomb.writestr(info, good.read(info))
    return out.getvalue()


def _special(name: str, expect: str, make: Callable[[Path], Path]) -> Kind:
    return Kind(name, expect, make)


def _newline_name(folder: Path) -> Path:
    path = folder / "line\nbreak.txt"
    path.write_text(_text("newline-name"), encoding="utf-8")
    return path


def _invalid_utf8_name(folder: Path) -> Path:
    raw = os.fsencode(folder) + b"/bad-\xff\xfe-name.txt"
    with open(raw, "wb") as fh:
        fh.write(_text("invalid-utf8-name").encode())
    return Path(os.fsdecode(raw))


def _symlink_loop(folder: Path) -> Path:
    a, b = folder / "loop-a.txt", folder / "loop-b.txt"
    os.symlink(b.name, a)
    os.symlink(a.name, b)
    return a


def _folder_loop(folder: Path) -> Path:
    sub = folder / "sub"
    sub.mkdir(exist_ok=True)
    (sub / "inner.txt").write_text(_text("inner"), encoding="utf-8")
    os.symlink(".", sub / "itself")
    return sub


def _broken_link(folder: Path) -> Path:
    link = folder / "dangling.txt"
    os.symlink("does-not-exist.txt", link)
    return link


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _nested_html(depth: int) -> bytes:
    return b"<html><body>" + b"<div>" * depth + GOOD_TEXT.encode() + b"</div>" * depth + b"</body></html>"


def _html(body: str, head: str = "") -> bytes:
    para = f"<p>{GOOD_TEXT}</p>" * 4
    return f"<html><head>{head}</head><body><article>{body}{para}</article></body></html>".encode()


def kinds() -> list[Kind]:
    """Every kind of hostile input, in a stable order."""
    fr = "Le président a déclaré à Genève que la sécurité régionale était une priorité. " * 5
    ru = "Министры обороны государств-членов встретились в Минске и обсудили учения. " * 5
    mb = 1 << 20
    return [
        # dates and numbers in every metadata field
        _meta("published-dmy-slashes", published="12/05/2024"),
        _meta("published-feb-30", published="2024-02-30"),
        _meta("published-month-name", published="March 14, 2025"),
        _meta("published-dotted", published="14.03.2025"),
        _meta("published-relative", published="yesterday"),
        _meta("published-zeros", published="0000-00-00"),
        _meta("published-far-future", published="9999-12-31T23:59"),
        _meta("published-epoch-number", published=1710000000),
        _meta("published-null", published=None),
        _meta("published-list", published=["2024-01-01"]),
        _meta("published-object", published={"y": 2024}),
        _meta("published-empty", published=""),
        _meta("published-huge", published="2024-" * 20000),
        _meta("published-25-hours", published="2024-02-29T25:00"),
        _meta("published-russian", published="14 марта 2025"),
        _meta("date-field-number", date=3.5e300),
        _meta("title-number", title=12345),
        _meta("title-object", title={"a": [1, 2]}),
        _meta("title-huge", title="T" * (2 * mb)),
        _meta("title-nul", title="Minsk\x00talks"),
        _meta("url-javascript", url="javascript:alert(document.cookie)"),
        _meta("url-huge", url="http://x/" + "a" * 200_000),
        _meta("author-list", author=["A", "B"]),
        _meta("id-bool", id=True),
        _meta("keywords-nested", keywords=[[["deep"]]]),
        _meta("lone-surrogate-title", title="\ud800broken"),
        # wrong types and empty fields
        Kind("text-number", LEFT_OUT, _record_file("text-number", {"text": 42})),
        Kind("text-empty", LEFT_OUT, _record_file("text-empty", {"text": ""})),
        Kind("text-whitespace", LEFT_OUT, _record_file("text-whitespace", {"text": " \n\t "})),
        Kind("text-list", LEFT_OUT, _record_file("text-list", {"text": ["a", "b"]})),
        Kind("text-null", LEFT_OUT, _record_file("text-null", {"text": None})),
        Kind("record-array-of-numbers", LEFT_OUT, _record_file("record-array-of-numbers", [1, 2, 3])),
        Kind("record-null", LEFT_OUT, _record_file("record-null", None)),
        Kind("record-empty-object", LEFT_OUT, _record_file("record-empty-object", {})),
        Kind("text-nul-bytes", STORED, _record_file("text-nul-bytes", {"text": _text("nul") + "\x00" * 50})),
        Kind(
            "text-lone-surrogates",
            STORED,
            _record_file("text-lone-surrogates", {"text": _text("sur") + "\udc80"}),
        ),
        Kind(
            "text-control-chars",
            STORED,
            _record_file("text-control-chars", {"text": "\x01\x02\x1b" + _text("ctl")}),
        ),
        # broken JSON
        _bytes_file("nested-array.json", b"[" * 100_000 + b"]" * 100_000, LEFT_OUT),
        _bytes_file("nested-object.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, LEFT_OUT),
        _bytes_file("truncated.json", json.dumps({"text": _text("trunc")}).encode()[:30], LEFT_OUT),
        _bytes_file("huge-int.json", b'{"text": "x", "id": ' + b"9" * 10_000 + b"}", LEFT_OUT),
        _bytes_file(
            "nan.json",
            b'{"text": ' + json.dumps(_text("nan")).encode() + b', "id": NaN, "x": Infinity}',
            STORED,
        ),
        _bytes_file("bom.json", b"\xef\xbb\xbf" + json.dumps({"text": _text("bom-json")}).encode(), STORED),
        _bytes_file(
            "mixed-lines.jsonl",
            (json.dumps({"text": _text("line1")}) + "\n{broken\n\n" + json.dumps([1]) + "\n").encode(),
            EITHER,
        ),
        _bytes_file(
            "latin1-line.jsonl", json.dumps({"text": fr}, ensure_ascii=False).encode("latin-1"), LEFT_OUT
        ),
        _bytes_file("crlf.ndjson", (json.dumps({"text": _text("crlf")}) + "\r\n").encode(), STORED),
        _bytes_file("nested-line.jsonl", b"[" * 100_000 + b"\n", LEFT_OUT),
        _bytes_file(
            "record-over-limit.jsonl", lambda: b'{"text": "' + b"a " * (6 * mb) + b'"}\n', LEFT_OUT, True
        ),
        _bytes_file("no-newline-12mb.jsonl", lambda: b"x" * (12 * mb), LEFT_OUT, True),
        # encodings
        _bytes_file("latin1-french.txt", fr.encode("latin-1"), STORED),
        _bytes_file("cp1251-russian.txt", ru.encode("cp1251"), STORED),
        _bytes_file("koi8r-russian.txt", (ru + "КОИ-8.").encode("koi8_r"), STORED),
        _bytes_file("utf16le-no-bom.txt", (ru + "UTF-16.").encode("utf-16-le"), STORED),
        _bytes_file("utf16be-no-bom.txt", (GOOD_TEXT + " u16be").encode("utf-16-be"), STORED),
        _bytes_file("utf8-one-bad-byte.txt", (fr + " ").encode() + b"\xff" + fr.encode(), STORED),
        _bytes_file("utf8-bom.txt", b"\xef\xbb\xbf" + _text("bom").encode(), STORED),
        _bytes_file("mixed-encodings.txt", fr.encode() + ru.encode("cp1251"), EITHER),
        _bytes_file("nul-bytes.txt", _text("nul-file").encode() + b"\x00\x00\x00" + b"end.", EITHER),
        _bytes_file("binary.txt", bytes(range(256)) * 64, LEFT_OUT),
        _bytes_file("empty.txt", b"", LEFT_OUT),
        _bytes_file("whitespace.txt", b" \n\t\r\n " * 100, LEFT_OUT),
        _bytes_file("control-only.txt", b"\x01\x02\x03\x04\x05" * 200, LEFT_OUT),
        _bytes_file("rich-markup-[bold]x[red].txt", _text("markup-name").encode(), STORED),
        _bytes_file("emoji-rtl-zero-width.txt", ("\u202e\u200b🙂 " + _text("rtl")).encode(), STORED),
        _bytes_file("over-size-limit.txt", lambda: PROSE.encode() * (11 * mb // len(PROSE)), LEFT_OUT, True),
        _bytes_file("single-line-5mb.txt", lambda: PROSE.encode() * (5 * mb // len(PROSE)), EITHER, True),
        _bytes_file("quote-marks-160kb.txt", "“”".encode() * (160_000 // 6), EITHER, True),
        _bytes_file("straight-quotes-160kb.txt", b'"' * 160_000, EITHER, True),
        _bytes_file(
            "prose-9mb.txt",
            lambda: (PROSE * 12 + "\n\n").encode() * (9 * mb // (len(PROSE) * 12 + 2)),
            EITHER,
            True,
        ),
        _bytes_file("one-word-100kb.txt", b"a" * 100_000, EITHER),
        _bytes_file("many-short-lines.txt", b"a\n" * 200_000, EITHER, True),
        # HTML
        _bytes_file("nested-div.html", _nested_html(20_000), EITHER),
        _bytes_file(
            "scripts-only.html", b"<html><body>" + b"<script>x()</script>" * 50 + b"</body></html>", LEFT_OUT
        ),
        _bytes_file(
            "javascript-links.html",
            _html('<a href="javascript:alert(1)">x</a>', '<link rel="canonical" href="javascript:alert(1)">'),
            STORED,
        ),
        _bytes_file(
            "bad-meta-date.html",
            _html("", '<meta property="article:published_time" content="March 14, 2025">'),
            STORED,
        ),
        _bytes_file(
            "latin1.html",
            _html(fr)
            .replace(b"<head>", b'<head><meta charset="iso-8859-1">')
            .decode()
            .encode("latin-1", "replace"),
            STORED,
        ),
        _bytes_file("truncated.html", _html("")[:150], EITHER),
        _bytes_file(
            "table-5mb.html",
            lambda: (
                b"<html><body><table>"
                + b"<tr><td>cell</td></tr>" * (5 * mb // 22)
                + b"</table></body></html>"
            ),
            EITHER,
            True,
        ),
        # PDF
        _bytes_file("truncated.pdf", make_pdf("Ministers met in Astana.")[:120], LEFT_OUT),
        _bytes_file(
            "encrypted-empty-password.pdf",
            lambda: encrypted_pdf("Ministers met in Astana on Monday.", ""),
            STORED,
        ),
        _bytes_file(
            "encrypted-password.pdf", lambda: encrypted_pdf("Ministers met in Astana.", "secret"), LEFT_OUT
        ),
        _bytes_file("image-only.pdf", make_pdf(None), LEFT_OUT),
        _bytes_file("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, LEFT_OUT),
        _bytes_file("html-named.pdf", _html(""), LEFT_OUT),
        # DOCX
        _bytes_file("zip-bomb.docx", zip_bomb_docx, LEFT_OUT, True),
        _bytes_file("truncated.docx", lambda: make_docx([GOOD_TEXT])[:400], LEFT_OUT),
        _bytes_file("not-a-zip.docx", b"PK\x03\x04 this is no zip", LEFT_OUT),
        _bytes_file("empty-body.docx", lambda: make_docx([]), LEFT_OUT),
        # names and the file system
        _special("newline-in-name", STORED, _newline_name),
        _special("invalid-utf8-name", STORED, _invalid_utf8_name),
        _special("symlink-loop", LEFT_OUT, _symlink_loop),
        _special("folder-link-loop", EITHER, _folder_loop),
        _special("broken-symlink", LEFT_OUT, _broken_link),
        _special("fifo", LEFT_OUT, _fifo),
        _bytes_file("unsupported.exe", b"MZ" + bytes(100), LEFT_OUT),
        _bytes_file("no-extension", _text("noext").encode(), LEFT_OUT),
        _bytes_file("n" * 240 + ".txt", _text("long-name").encode(), STORED),
    ]


def make_hostile_folder(
    folder: Path, good: list[Path], *, fast: bool = False
) -> tuple[list[Path], dict[str, tuple[Kind, Path]]]:
    """Write every kind (or the fast ones) and copies of the good documents into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for path in good:
        target = folder / f"good-{path.name}"
        shutil.copyfile(path, target)
        copies.append(target)
    written = {}
    for kind in kinds():
        if fast and kind.slow:
            continue
        written[kind.name] = (kind, kind.write(folder))
    return copies, written


# --- running ---------------------------------------------------------------------------------------


class PeakSampler:
    """Samples the memory of a process tree (this process, or a child, with their children) in a thread.

    Proportional set size (PSS), summed: pages that forked parse workers share with their parent
    count once over the tree, where summed resident sizes count the loaded model once per process.
    """

    def __init__(self, pid: int | None = None, every: float = 0.05) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def reset(self) -> None:
        self.peak = 0

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(_pss(p) for p in tree))
            except psutil.Error:
                pass
            time.sleep(self.every)


def _pss(process) -> int:  # noqa: ANN001 (a psutil.Process)
    """A process's proportional set size; its resident size where the system gives no PSS."""
    import psutil

    try:
        return process.memory_full_info().pss
    except (psutil.AccessDenied, AttributeError):
        return process.memory_info().rss


def analyse_alone(path: Path, sampler: PeakSampler) -> tuple[str, str, float, float]:
    """Read and analyse one input under the ingest budget: (outcome, reason, seconds, peak MB)."""
    from communique.ingest import Skipped, read_paths
    from communique.ingest.budget import Budget
    from communique.pipeline import analyze as run_pipeline
    from communique.pipeline import collect_failures

    sampler.reset()
    started = time.monotonic()
    results = list(read_paths([os.fsdecode(path)]))
    raws = [r for r in results if not isinstance(r, Skipped)]
    reasons = [f"{r.reason}" for r in results if isinstance(r, Skipped)]
    failures: list = []
    docs = run_pipeline(raws, on_error=collect_failures(failures), budget=Budget()) if raws else []
    reasons += [f.reason for f in failures]
    seconds = time.monotonic() - started
    if docs and not reasons:
        outcome = STORED
    elif docs:
        outcome = f"{len(docs)} stored, {len(reasons)} left out"
    else:
        outcome = LEFT_OUT
    return outcome, "; ".join(dict.fromkeys(reasons))[:160], seconds, sampler.peak / 2**20


def run_hostile(workdir: Path, good: list[Path], *, fast: bool = False, alone: bool = True) -> HostileReport:
    """Build the folder, analyse each input alone (``alone``), then ingest the whole folder once."""
    from communique.ingest.readers import source_name

    folder = workdir / "inputs"
    copies, written = make_hostile_folder(folder, good, fast=fast)
    report = HostileReport(good=len(copies))
    if alone:
        from communique.nlp import load_pipeline

        load_pipeline()
        with PeakSampler() as sampler:
            for name, (kind, path) in written.items():
                outcome, reason, seconds, peak = analyse_alone(path, sampler)
                ok = (
                    kind.expect == EITHER
                    or outcome == kind.expect
                    or (kind.expect == STORED and outcome.endswith("left out") and "stored" in outcome)
                )
                report.outcomes.append(
                    Outcome(name, source_name(path.name), kind.expect, outcome, reason, seconds, peak, ok)
                )
    db = workdir / "kb.db"
    cmd = [
        sys.executable,
        "-m",
        "communique",
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--show-skipped",
        "100000",
    ]
    env = {**os.environ, "COLUMNS": "4000", "NO_COLOR": "1"}
    started = time.monotonic()
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env) as proc:
        with PeakSampler(proc.pid, every=0.1) as sampler:
            output = proc.communicate()[0].decode("utf-8", errors="replace")
    report.run_seconds = time.monotonic() - started
    report.run_peak_mb = sampler.peak / 2**20
    report.run_status = proc.returncode
    report.output = output
    report.good_stored = _stored_count(db, copies)
    for name, (kind, path) in written.items():
        named = source_name(path) in output or source_name(path.name) in output
        alone_outcome = next((o.outcome for o in report.outcomes if o.kind == name), None)
        must_be_named = kind.expect == LEFT_OUT or (alone_outcome is not None and alone_outcome != STORED)
        if must_be_named and not named:
            if kind.expect != LEFT_OUT and _stored_count(db, [path]):
                continue  # left out alone (a time budget, at that moment's load), stored in this run
            report.unnamed.append(name)
    return report


def _stored_count(db: Path, good: list[Path]) -> int:
    from communique.ingest import RawDocument, read_paths
    from communique.store import known_ids, open_store

    if not db.exists():
        return 0
    hashes = [r.content_hash for r in read_paths([str(p) for p in good]) if isinstance(r, RawDocument)]
    return len(known_ids(open_store(db, create=False), hashes))


def render(report: HostileReport):  # noqa: ANN201 (a rich Table)
    from rich.table import Table

    table = Table(title=f"hostile inputs: {len(report.outcomes)} kinds, each read and analysed alone")
    for col in ("kind", "expected", "outcome", "reason", "s", "peak MB"):
        table.add_column(col, justify="right" if col in ("s", "peak MB") else "left", overflow="fold")
    for o in report.outcomes:
        mark = "" if o.ok else " ✗"
        table.add_row(o.kind, o.expect, o.outcome + mark, o.reason, f"{o.seconds:.1f}", f"{o.peak_mb:.0f}")
    return table


def summary_lines(report: HostileReport) -> list[str]:
    wrong = [o.kind for o in report.outcomes if not o.ok]
    slow = [o.kind for o in report.outcomes if o.seconds > MAX_SECONDS]
    return [
        f"kinds: {len(report.outcomes)}; outcome as expected: {len(report.outcomes) - len(wrong)}"
        + (f" (not: {', '.join(wrong)})" if wrong else ""),
        f"slowest input alone: {report.slowest:.1f} s (limit {MAX_SECONDS:g} s)"
        + (f"; over: {', '.join(slow)}" if slow else ""),
        f"peak memory alone: {max((o.peak_mb for o in report.outcomes), default=0):.0f} MB",
        f"one run over the whole folder: exit status {report.run_status}, runs stopped {report.stopped}, "
        f"{report.run_seconds:.0f} s, peak memory {report.run_peak_mb:.0f} MB (limit {MAX_PEAK_MB:g} MB)",
        f"good documents stored: {report.good_stored} of {report.good} (lost {report.good - report.good_stored})",
        f"inputs left out without their name and reason in the output: {len(report.unnamed)}"
        + (f" ({', '.join(report.unnamed)})" if report.unnamed else ""),
    ]
