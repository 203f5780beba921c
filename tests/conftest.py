"""Shared fixtures: the shared data folder beside the repository, seeds and gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.backends import pg_url, store_url  # noqa: F401 (fixtures: SQLite and PostgreSQL stores)

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared").resolve()
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.gold.json"
VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"


def pytest_configure(config: pytest.Config) -> None:
    # The suite reads real documents; a missing ../shared is an error, not a skip.
    if not SEEDS.is_dir() or not GOLD.is_file():
        raise pytest.UsageError(f"shared data not found at {SHARED}: clone the project beside shared/")


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    return {p.name: p for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def voa_records() -> list[dict]:
    with VOA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
