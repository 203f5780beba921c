"""Per-document budgets: a document that takes too long or grows memory too far is stopped.

``Budget.watch(stage)`` runs a block under the budget left for one document. Time is
enforced with ``SIGALRM`` (``setitimer``); memory by a watchdog thread that samples the
process's resident memory and, past the limit, sends the same signal to the main thread. The
signal handler raises ``BudgetExceeded`` there, so the document's stage stops at its next
Python instruction and the run goes on with the next document.

Why signals rather than a thread or a subprocess per document: the stages are pure Python
over a large shared model, which cannot be stopped from another thread, and a process per
document would reload the model each time. Signals only reach the main thread of a process;
elsewhere (a web server's worker thread) the budget is checked between stages instead.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# Defaults for one document: the issue of a run is "no input takes more than a minute";
# 45 s of analysis leaves room for reading and storing.
DEFAULT_SECONDS = 45.0
# Growth of resident memory over what the process held when the stage started: with the model
# and packs loaded (about 500 MB) a run stays under 1 GB.
DEFAULT_MEMORY_MB = 400
# How often the watchdog samples memory.
SAMPLE_SECONDS = 0.05


def budget_from_options(seconds: float, memory_mb: float) -> Budget:
    """The ``--doc-timeout``/``--doc-memory`` options as a budget; 0 means no limit."""
    return Budget(seconds or None, memory_mb or None)


class BudgetExceeded(Exception):
    """A document used up its time or memory budget; the message says which and where."""


def rss_bytes() -> int:
    """Resident memory of this process (Linux /proc; psutil elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import psutil

        return psutil.Process().memory_info().rss


@dataclass
class Budget:
    """Time and memory one document may use across its stages (None: no limit)."""

    seconds: float | None = DEFAULT_SECONDS
    memory_mb: float | None = DEFAULT_MEMORY_MB
    spent: float = field(default=0.0, init=False)

    def fresh(self) -> Budget:
        """The same limits, nothing spent: one per document."""
        return Budget(self.seconds, self.memory_mb)

    @contextmanager
    def watch(self, stage: str) -> Iterator[None]:
        """Run a block within what is left of the budget; past it, ``BudgetExceeded`` is raised."""
        started = time.monotonic()
        enforce = _can_signal()
        left = None if self.seconds is None else max(0.001, self.seconds - self.spent)
        if self.seconds is not None and self.spent >= self.seconds:
            raise BudgetExceeded(f"time budget of {self.seconds:g} s used up before {stage}")
        if not enforce or (self.seconds is None and self.memory_mb is None):
            try:
                yield
            finally:
                self.spent += time.monotonic() - started
            self._check_after(stage)
            return
        _WATCH.reason = f"time budget of {self.seconds or 0:g} s exceeded in {stage}"
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        if left is not None:
            signal.setitimer(signal.ITIMER_REAL, left)
        if self.memory_mb is not None:
            _WATCHDOG.arm(rss_bytes() + int(self.memory_mb * 2**20), self.memory_mb, stage)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _WATCHDOG.disarm()
            signal.signal(signal.SIGALRM, previous)
            self.spent += time.monotonic() - started

    def _check_after(self, stage: str) -> None:
        if self.seconds is not None and self.spent > self.seconds:
            raise BudgetExceeded(f"time budget of {self.seconds:g} s exceeded in {stage}")


class _WatchState:
    reason = ""


_WATCH = _WatchState()


def _on_alarm(signum: int, frame: object) -> None:
    raise BudgetExceeded(_WATCH.reason)


def _can_signal() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class _Watchdog:
    """One daemon thread per process that samples memory while a document is watched."""

    def __init__(self) -> None:
        self.limit: int | None = None
        self.armed = threading.Event()
        self.thread: threading.Thread | None = None
        self.pid = 0

    def arm(self, limit: int, memory_mb: float, stage: str) -> None:
        self.limit = limit
        self.message = f"memory budget of {memory_mb:g} MB exceeded in {stage}"
        if self.thread is None or self.pid != os.getpid() or not self.thread.is_alive():
            # a forked worker inherits the object but not the thread
            self.pid = os.getpid()
            self.armed = threading.Event()
            self.thread = threading.Thread(target=self._run, name="communique-budget", daemon=True)
            self.thread.start()
        self.armed.set()

    def disarm(self) -> None:
        self.armed.clear()
        self.limit = None

    def _run(self) -> None:
        main = threading.main_thread().ident
        while True:
            self.armed.wait()
            limit = self.limit
            if limit is not None and rss_bytes() > limit:
                _WATCH.reason = self.message
                self.disarm()
                if main is not None:
                    signal.pthread_kill(main, signal.SIGALRM)
            time.sleep(SAMPLE_SECONDS)


_WATCHDOG = _Watchdog()
