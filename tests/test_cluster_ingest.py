"""The pipeline on Dask gives the same knowledge base as one process, on SQLite and PostgreSQL.

The corpus is the five seeds and the first VOA stories: small enough for two
cores, big enough to make several partitions per worker. The single-process
SQLite build is the reference; every other build must hold exactly its rows
(``tests/store_snapshot.py`` says what "exactly" allows: database-made ids
and ingest timestamps). The last test runs a real cluster — a scheduler and
two workers as separate processes — and kills a worker while it works.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.store import open_store
from tests.backends import postgres_database
from tests.conftest import SEEDS
from tests.store_snapshot import differences, snapshot

VOA_STORIES = 12  # with the 5 seeds: 17 documents, 3 partitions of ≤ 8
BIN = Path(sys.executable).parent
runner = CliRunner()


def _ingest(corpus: list[str], db: str, *extra: str) -> None:
    result = runner.invoke(app, ["ingest", *corpus, "--db", db, *extra])
    assert result.exit_code == 0, result.output
    assert re.search(r"stored\W+17\b", result.output), result.output


def _snapshot(db: str) -> dict[str, Counter]:
    engine = open_store(db, create=False)
    try:
        return snapshot(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, voa_records: list[dict]) -> list[str]:
    path = tmp_path_factory.mktemp("cluster-corpus") / "voa.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for record in voa_records[:VOA_STORIES]:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [str(SEEDS), str(path)]


@pytest.fixture(scope="module")
def reference(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Counter]:
    """The single-process build into SQLite."""
    db = str(tmp_path_factory.mktemp("reference") / "kb.db")
    _ingest(corpus, db)
    shot = _snapshot(db)
    assert sum(shot["documents"].values()) == 17
    assert all(
        sum(shot[t].values()) > 0 for t in ("entities", "mentions", "quotes", "events", "facts", "stories")
    )
    return shot


@pytest.mark.slow
def test_cluster_ingest_equals_single_process_on_sqlite_and_postgresql(
    corpus: list[str], reference: dict[str, Counter], pg_url: str, tmp_path: Path
) -> None:
    sqlite_db = str(tmp_path / "cluster.db")
    _ingest(corpus, sqlite_db, "--cluster", "local:2")
    assert differences(reference, _snapshot(sqlite_db)) == []
    # the same run again finds everything stored: nothing analysed, nothing added
    again = runner.invoke(app, ["ingest", *corpus, "--db", sqlite_db, "--cluster", "local:2"])
    assert again.exit_code == 0 and "nothing new: all 17 document(s)" in again.output, again.output
    assert "cluster:" not in again.output
    assert differences(reference, _snapshot(sqlite_db)) == []
    with postgres_database(pg_url) as pg_db:
        _ingest(corpus, pg_db, "--cluster", "local:2")
        assert differences(reference, _snapshot(pg_db)) == []


def test_cluster_option_rejects_what_is_not_a_cluster(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(SEEDS), "--db", str(tmp_path / "kb.db"), "--cluster", "local:0"]
    )
    assert result.exit_code == 2
    assert "local:N" in result.output
    result = runner.invoke(
        app, ["ingest", str(SEEDS), "--db", str(tmp_path / "kb.db"), "--cluster", "nowhere"]
    )
    assert result.exit_code == 2
    assert "scheduler file" in result.output


@pytest.mark.slow
def test_local_cluster_workers_run_with_the_settings_that_were_measured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The settings in communique.cluster.CLUSTER_CONFIG reach the worker processes: no profiler,
    glibc's own memory trimming (even when an earlier nanny in this process set the variable),
    event loops ticking every second, and the model loaded when the worker joined."""
    from communique.cluster import ClusterSpec, connect

    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")  # as a nanny started before leaves it

    def seen() -> dict:
        import dask

        from communique.nlp import load_pipeline

        return {
            "trim": os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            "profile": dask.config.get("distributed.worker.profile.enabled"),
            "tick": dask.config.get("distributed.admin.tick.interval"),
            "model": load_pipeline.cache_info().currsize,
        }

    with connect(ClusterSpec(local_workers=1)) as client:
        (worker,) = client.run(seen).values()
    assert worker == {"trim": None, "profile": False, "tick": "1s", "model": 1}
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # this process's environment is given back


def _start(cmd: list[str], log: Path) -> subprocess.Popen:
    # own process group, so that the test can stop a process and everything it started
    return subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def _wait_for(condition, timeout: float, what: str):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@pytest.mark.slow
def test_real_cluster_with_a_killed_worker_gives_the_same_knowledge_base(
    corpus: list[str], reference: dict[str, Counter], tmp_path: Path
) -> None:
    from distributed import Client

    scheduler_file = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    procs = {
        "scheduler": _start(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--scheduler-file", str(scheduler_file), *common],
            tmp_path / "scheduler.log",
        )
    }  # fmt: skip
    try:
        _wait_for(scheduler_file.exists, 60, "the scheduler file")
        for name in ("keeper", "victim"):
            procs[name] = _start(
                [str(BIN / "dask"), "worker", "--scheduler-file", str(scheduler_file), "--name", name,
                 "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1", *common,
                 "--local-directory", str(tmp_path / name)],
                tmp_path / f"{name}.log",
            )  # fmt: skip
        with Client(scheduler_file=str(scheduler_file), timeout="60s") as watcher:
            watcher.wait_for_workers(2, timeout=120)
            db = tmp_path / "kb.db"
            ingest = _start(
                [
                    str(BIN / "communique"),
                    "ingest",
                    *corpus,
                    "--db",
                    str(db),
                    "--cluster",
                    str(scheduler_file),
                ],
                tmp_path / "ingest.log",
            )
            procs["ingest"] = ingest

            def victim_busy() -> bool:
                by_name = {w["name"]: a for a, w in watcher.scheduler_info()["workers"].items()}
                tasks = watcher.processing().get(by_name.get("victim"), [])
                return any("analyze_partition" in str(key) for key in tasks)

            _wait_for(victim_busy, 180, "a partition on the victim worker")
            time.sleep(1.0)  # let it get into the partition's documents
            assert ingest.poll() is None, "the ingest finished before the worker could be killed"
            os.kill(procs["victim"].pid, signal.SIGKILL)
            assert ingest.wait(timeout=300) == 0, (tmp_path / "ingest.log").read_text()
        output = (tmp_path / "ingest.log").read_text()
        assert "cluster: the scheduler at" in output
        assert differences(reference, _snapshot(str(db))) == []
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
