"""A document's budget: more time for a long text, up to a cap; memory counted over the
process and the children that parse for it, what they share counted once."""

from __future__ import annotations

import subprocess
import sys

import pytest

from communique.ingest.budget import SETTINGS, Budget


def test_time_budget_grows_with_the_text_up_to_its_cap() -> None:
    assert (SETTINGS.doc_seconds_per_mb, SETTINGS.doc_max_seconds) == (27.5, 55.0)
    budget = Budget(45.0, 400.0)
    assert budget.for_text(100_000).seconds == 45.0  # short texts: --doc-timeout
    assert budget.for_text(1_000_000).seconds == 45.0
    assert budget.for_text(1_800_000).seconds == pytest.approx(49.5)
    assert budget.for_text(2_000_000).seconds == 55.0
    assert budget.for_text(5_000_000).seconds == 55.0  # a 5 MB single line is still stopped
    assert Budget(120.0, None).for_text(5_000_000).seconds == 120.0  # a larger --doc-timeout wins
    assert Budget(None, None).for_text(5_000_000).seconds is None  # no limit stays none


def test_memory_budget_grows_with_the_text_within_a_total() -> None:
    assert (SETTINGS.doc_memory_per_mb, SETTINGS.doc_max_memory_mb) == (350.0, 1000.0)
    budget = Budget(45.0, 400.0)
    assert budget.for_text(1_000_000).memory_mb == 400.0
    assert budget.for_text(1_000_000).memory_total_mb is None
    long = budget.for_text(2_000_000)
    assert (long.memory_mb, long.memory_floor_mb, long.memory_total_mb) == (700.0, 400.0, 1000.0)
    mb = 2**20
    assert long._memory_limit(200 * mb) == 900 * mb  # 700 MB more, 900 in all
    assert long._memory_limit(400 * mb) == 1000 * mb  # no more than 1000 in all
    assert long._memory_limit(700 * mb) == 1100 * mb  # the plain 400 MB always
    assert long.fresh()._memory_limit(400 * mb) == 1000 * mb
    assert Budget(45.0, 1000.0).for_text(2_000_000).memory_mb == 1000.0
    assert Budget(45.0, None).for_text(5_000_000).memory_mb is None


def test_a_used_budget_is_not_carried_to_the_next_document() -> None:
    budget = Budget(45.0, None)
    budget.spent = 44.0
    assert budget.for_text(10).spent == 0.0


# Fresh interpreters: the figures are growth of the memory of a process and its children.
SHARED_NOT_COUNTED = """
import os, time
from communique.ingest.budget import tree_bytes
block = bytearray(300 * 2**20)  # this process's own, touched
before = tree_bytes(fresh=True)
pid = os.fork()
if pid == 0:
    if os.environ.get("WRITE"):
        block[:: 4096] = b"x" * len(block[:: 4096])  # every page copied into the child
    time.sleep(3)
    os._exit(0)
time.sleep(1.5)
grown = tree_bytes(fresh=True) - before
os.kill(pid, 9)
os.waitpid(pid, 0)
print(grown // 2**20)
"""


@pytest.mark.parametrize(("write", "low", "high"), [("", 0, 40), ("1", 290, 340)])
def test_children_count_with_what_they_hold_alone(write: str, low: int, high: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SHARED_NOT_COUNTED],
        capture_output=True,
        text=True,
        timeout=60,
        env={"WRITE": write, "PATH": ""},
        check=True,
    )
    assert low <= int(done.stdout) <= high


CHILD_GROWS = """
import multiprocessing, time
from communique.ingest.budget import Budget, BudgetExceeded

def grow():
    block = bytearray(400 * 2**20)
    block[:: 4096] = b"x" * len(block[:: 4096])
    time.sleep(30)

child = multiprocessing.get_context("fork").Process(target=grow, daemon=True)
try:
    with Budget(seconds=None, memory_mb=128).watch("nlp"):
        child.start()
        child.join()
except BudgetExceeded as exc:
    print(exc)
finally:
    child.kill()
"""


def test_memory_budget_watches_the_children() -> None:
    """A parse worker that grows past the budget stops its document, as the process itself would."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD_GROWS], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "memory budget of 128 MB exceeded in nlp"
