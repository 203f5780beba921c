"""One document's failure is that document's alone: any stage, any error, a used-up budget."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.dates import parse_published
from communique.ingest import RawDocument, read_paths
from communique.ingest.budget import Budget, BudgetExceeded
from communique.pipeline import Failure, analyze, collect_failures
from tests.conftest import SEEDS

runner = CliRunner()
GOOD = "Defence ministers met in Minsk on Thursday. The secretary general said the talks were useful."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-14 20:30:26Z", "2025-03-14T20:30"),
        ("2025-03-14T20:30:26.123+05:00", "2025-03-14T20:30"),
        ("2023-02-15", "2023-02-15"),
        ("12/05/2024", "2024-05-12"),  # day first, by the explicit setting
        ("March 14, 2025", "2025-03-14"),
        ("14 марта 2025", "2025-03-14"),
        ("Fri, 14 Mar 2025 20:30:00 +0300", "2025-03-14T20:30"),
        ("2024-02-30", None),
        ("2024-02-29T25:00", None),
        ("0000-00-00", None),
        ("2023", None),
        ("yesterday", None),
        ("2024-" * 1000, None),
        (1710000000, None),
        (None, None),
        (["2024-01-01"], None),
    ],
)
def test_ingest_published_one_parser(value: object, expected: str | None) -> None:
    assert parse_published(value) == expected


def test_ingest_odd_published_never_breaks_a_batch() -> None:
    """Non-ISO dates once raised in the events stage and took the whole batch with them."""
    raws = [
        RawDocument(source=f"r{i}", text=f"{GOOD} Item {i}.", published=parse_published(value), kind="json")
        for i, value in enumerate(["12/05/2024", "2024-02-30", "March 14, 2025", "2024-05-01"])
    ]
    failures: list[Failure] = []
    docs = analyze(raws, on_error=collect_failures(failures))
    assert failures == []
    assert [d.published for d in docs] == ["2024-05-12", None, "2025-03-14", "2024-05-01"]


def test_ingest_a_failing_stage_leaves_out_that_document_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import communique.quotes as quotes_module

    real = quotes_module.find_quotes

    def breaks_on_marker(doc):  # noqa: ANN001, ANN202
        if "BREAK" in doc.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc)

    monkeypatch.setattr(quotes_module, "find_quotes", breaks_on_marker)
    raws = [
        RawDocument(source=f"doc{i}", text=f"{GOOD} {'BREAK' if i == 1 else 'Fine'} {i}.") for i in range(3)
    ]
    failures: list[Failure] = []
    docs = analyze(raws, on_error=collect_failures(failures))
    assert [d.raw.source for d in docs] == ["doc0", "doc2"]
    assert failures == [Failure("doc1", "quotes", "RecursionError: maximum recursion depth exceeded")]
    with pytest.raises(RecursionError):  # without a handler the error is raised, as before
        analyze(raws[1:2])


def test_ingest_time_budget_stops_a_document_and_the_next_goes_on() -> None:
    budget = Budget(seconds=0.3, memory_mb=None)
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match="time budget of 0.3 s exceeded in spin"):
        with budget.fresh().watch("spin"):
            while True:
                pass
    assert time.monotonic() - started < 2
    with budget.fresh().watch("next"):
        assert sum(range(1000)) == 499500


def _in_thread(work) -> dict:  # noqa: ANN001 (a function filling the dict)
    """Run ``work(outcome)`` in a thread other than the main one, as a Dask worker runs its tasks."""
    outcome: dict = {}
    thread = threading.Thread(target=work, args=(outcome,))
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    return outcome


def test_ingest_time_budget_stops_a_document_off_the_main_thread() -> None:
    def work(outcome: dict) -> None:
        budget = Budget(seconds=0.3, memory_mb=None)
        started = time.monotonic()
        try:
            with budget.fresh().watch("spin"):
                while True:
                    pass
        except BudgetExceeded as exc:
            outcome["stopped"] = (str(exc), time.monotonic() - started < 2)
        with budget.fresh().watch("next"):
            outcome["next"] = sum(range(1000))
        time.sleep(0.5)  # nothing fired for the finished block lands later
        outcome["after"] = True

    assert _in_thread(work) == {
        "stopped": ("time budget of 0.3 s exceeded in spin", True),
        "next": 499500,
        "after": True,
    }


def test_ingest_budget_off_the_main_thread_leaves_out_that_document_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pipeline in a worker thread, as on a Dask worker: a document whose quotes stage never
    ends is stopped by its budget and left out with the reason; the next one is analysed."""
    from communique import quotes

    real = quotes.find_quotes

    def find_quotes(doc):  # noqa: ANN001, ANN202
        if doc.raw.source == "spin.txt":
            while True:  # a stage that never ends, as a pathological input can make one
                pass
        return real(doc)

    monkeypatch.setattr(quotes, "find_quotes", find_quotes)
    analyze([RawDocument(source="warm.txt", text=GOOD, kind="text")])  # model and packs loaded outside
    raws = [RawDocument(source=name, text=GOOD, kind="text") for name in ("spin.txt", "good.txt")]

    def work(outcome: dict) -> None:
        failures: list[Failure] = []
        docs = analyze(raws, on_error=collect_failures(failures), budget=Budget(5.0, None))
        outcome["docs"] = [d.raw.source for d in docs]
        outcome["failures"] = [(f.source, f.error) for f in failures]

    assert _in_thread(work) == {
        "docs": ["good.txt"],
        "failures": [("spin.txt", "time budget of 5 s exceeded in quotes")],
    }


# Run in a fresh interpreter: the budget counts growth of resident memory, and in a process
# that has already run the suite, memory freed earlier can be reused without any growth.
_HOARD = """
import time
from communique.ingest.budget import Budget, BudgetExceeded
try:
    with Budget(seconds=None, memory_mb=64).watch("grow"):
        hoard = []
        for _ in range(400):  # up to 400 MB, 1 MB at a time: the guard stops it long before
            hoard.append(bytearray(1 << 20))
            time.sleep(0.002)
    print("not stopped")
except BudgetExceeded as exc:
    print(exc)
"""


@pytest.mark.parametrize("where", ["main thread", "worker thread"])
def test_ingest_memory_budget_stops_a_document(where: str) -> None:
    code = _HOARD
    if where == "worker thread":
        code = "import threading\ndef hoard():\n" + "".join(f"    {line}\n" for line in _HOARD.splitlines())
        code += "thread = threading.Thread(target=hoard)\nthread.start()\nthread.join()\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "memory budget of 64 MB exceeded in grow"


def test_ingest_long_text_analysed_whole_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the piece size a text is parsed in pieces cut at paragraph ends and joined into one
    Doc: nothing is cut off, and a seed finds the same quotes and entities as when parsed whole."""
    from communique import nlp

    [raw] = list(read_paths([str(SEEDS / "001_4a0eafa0af06f748.txt")]))
    [whole] = analyze([raw])
    monkeypatch.setattr(nlp, "PIECE_CHARS", 1500)
    assert len(whole.text) > 3 * 1500
    assert "".join(nlp.split_pieces(whole.text)) == whole.text
    [pieced] = analyze([raw])
    assert pieced.spacy_doc.text == pieced.text == whole.text
    assert [(q.start, q.end, q.speaker and q.speaker.id) for q in pieced.quotes] == [
        (q.start, q.end, q.speaker and q.speaker.id) for q in whole.quotes
    ]
    assert sorted(e.id for e in pieced.entities) == sorted(e.id for e in whole.entities)


def test_cli_ingest_names_failures_and_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import communique.events as events_module

    real = events_module.code_events

    def breaks(doc):  # noqa: ANN001, ANN202
        if "BREAK" in doc.text:
            raise ValueError("bad date 'MarchT14, '")
        return real(doc)

    monkeypatch.setattr(events_module, "code_events", breaks)
    corpus = tmp_path / "corpus.jsonl"
    records = [
        {"text": f"{GOOD} {'BREAK' if i == 2 else 'Item'} {i}.", "published": "March 14, 2025"}
        for i in range(4)
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert f"failed in events {corpus}:3: ValueError: bad date 'MarchT14, '" in result.output
    assert "1 input(s) left out; exit status 3" in result.output
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert again.exit_code == 3 and "stored" in again.output


def test_cli_ingest_workers_die_with_their_parent(tmp_path: Path, voa_records: list[dict]) -> None:
    """SIGKILL to the parent of --workers 2: both workers are gone within seconds."""
    import os
    import signal
    import subprocess
    import sys

    import psutil

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in voa_records[:40]), encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "communique",
        "ingest",
        str(corpus),
        "--db",
        str(tmp_path / "kb.db"),
        "-w",
        "2",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 240
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = [c for c in parent.children(recursive=True) if "python" in c.name().lower()]
        time.sleep(0.2)  # polling for the pool to start, not timing a result
    assert len(workers) >= 2, "the worker pool did not start"
    time.sleep(3)  # let the workers load the model and start on a batch
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert alive == [], [p.pid for p in alive]


def test_cli_ingest_seeds_stored_beside_hostile_inputs(tmp_path: Path) -> None:
    """The fast subset of ``bench hostile``: every kind of small bad input in one folder with the
    seeds, one ingest run: not stopped, no seed lost, every input left out named with its reason."""
    from communique.bench.hostile import LEFT_OUT, make_hostile_folder
    from communique.ingest.readers import source_name

    good = sorted(SEEDS.glob("*.txt"))[:2]
    folder = tmp_path / "inputs"
    copies, written = make_hostile_folder(folder, good, fast=True)
    assert len(written) >= 70
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--show-skipped", "100000"])
    assert result.exit_code == 3, result.output
    from communique.store import known_ids, open_store

    hashes = [r.content_hash for r in read_paths([str(p) for p in copies])]
    assert len(known_ids(open_store(db, create=False), hashes)) == len(copies)
    output = result.output
    unnamed = [
        name
        for name, (kind, path) in written.items()
        if kind.expect == LEFT_OUT and source_name(path) not in output
    ]
    assert unnamed == []
    assert "Traceback" not in output
