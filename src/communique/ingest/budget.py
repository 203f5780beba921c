"""Per-document budgets: a document that takes too long or grows memory too far is stopped.

``Budget.watch(stage)`` runs a block under the budget left for one document. Past its time or
memory, ``BudgetExceeded`` is raised in the thread that runs the block, at its next Python
instruction, and the run goes on with the next document:

- in the main thread, time is enforced with ``SIGALRM`` (``setitimer``), which also cuts a
  blocking system call short; memory by a watchdog thread that samples the memory of the process
  and of its children (the workers that parse a long text's pieces: ``tree_bytes``) and, past
  the limit, sends the same signal;
- in any other thread (a Dask worker runs its tasks in a thread pool; a web server's request
  threads), the same watchdog thread checks the deadline and memory every 50 ms and raises the
  exception in the watched thread with CPython's ``PyThreadState_SetAsyncExc``.

Why not a subprocess per document: the stages are pure Python over a large shared model, and a
process per document would reload the model each time. Both ways stop Python code only: a long
call into compiled code (one spaCy batch) finishes first, which is why long texts are parsed in
pieces. Where neither way is available (no ``setitimer``, an interpreter without the CPython
API), the budget is checked between stages instead.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from communique.settings import setting, stage_settings

# Defaults for one document: the issue of a run is "no input takes more than a minute";
# 45 s of analysis leaves room for reading and storing.
DEFAULT_SECONDS = 45.0
# Growth of the memory of the process and its parse workers (``tree_bytes``) over what they held
# when the stage started: with the model and packs loaded (about 500 MB) a run stays under 1 GB.
DEFAULT_MEMORY_MB = 400
# How often the watchdog samples memory (and, off the main thread, the clock).
SAMPLE_SECONDS = 0.05
# How often it reads the memory of the process's children: reading a child's
# /proc/PID/smaps_rollup walks its page tables (3-12 ms for a parse worker), so every 50 ms
# for two workers would take a tenth of a core or more.
CHILD_SAMPLE_SECONDS = 0.5


@dataclass(frozen=True)
class BudgetSettings:
    """How a document's time and memory budgets grow with its length."""

    doc_seconds_per_mb: float = setting(
        27.5,
        "A long text's time budget: this many seconds per million characters when that is more than "
        "--doc-timeout (45 s), so that a text of 2 MB that the machine analyses in under a minute is "
        "not left out; never below --doc-timeout, and at most doc_max_seconds.",
    )
    doc_max_seconds: float = setting(
        55.0,
        "The most a time budget grows to with the text's length: with reading, no input takes more "
        "than a minute (a 5 MB single line is still stopped, at this many seconds). A --doc-timeout "
        "above it wins.",
    )
    doc_memory_per_mb: float = setting(
        350.0,
        "A long text's memory budget: this many MB per million characters when that is more than "
        "--doc-memory (400 MB), as long as the process and its workers hold at most doc_max_memory_mb "
        "in all. A text of 200,000 characters or more is parsed by two worker processes and the budget "
        "counts their own memory too (each holds up to about 270 MB while it parses a piece): a 2 MB "
        "text grew the process and its workers by about 600 MB while parsed.",
    )
    doc_max_memory_mb: float = setting(
        1000.0,
        "The most the process and its workers may hold in all (resident memory of the process, the "
        "workers' own memory; their PSS summed is less) while a long text uses more than --doc-memory: "
        "a run stays within 1 GB. "
        "The --doc-memory growth itself is always allowed.",
    )


SETTINGS = stage_settings(BudgetSettings, "ingest")  # with COMMUNIQUE_SETTING_INGEST__* applied


def budget_from_options(seconds: float, memory_mb: float) -> Budget:
    """The ``--doc-timeout``/``--doc-memory`` options as a budget; 0 means no limit."""
    return Budget(seconds or None, memory_mb or None)


class BudgetExceeded(Exception):
    """A document used up its time or memory budget; the message says which and where."""


# Why the watchdog stopped a thread, by thread id: CPython creates an exception raised with
# ``PyThreadState_SetAsyncExc`` from its class alone, in the target thread, so the message
# is looked up there.
_THREAD_REASONS: dict[int, str] = {}


class _ThreadBudgetExceeded(BudgetExceeded):
    """``BudgetExceeded`` as the watchdog raises it in a thread other than the main one."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(args or (_THREAD_REASONS.pop(threading.get_ident(), "budget exceeded"),)))


def rss_bytes() -> int:
    """Resident memory of this process (Linux /proc; psutil elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import psutil

        return psutil.Process().memory_info().rss


def child_pids() -> list[int]:
    """The processes this one started and that still run (Linux /proc; psutil elsewhere)."""
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        import psutil

        return [child.pid for child in psutil.Process().children()]
    pids: list[int] = []
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children", "rb") as fh:
                pids += [int(pid) for pid in fh.read().split()]
        except (OSError, ValueError):
            continue
    return pids


def private_bytes(pid: int) -> int:
    """Memory a child holds on its own: what it shares with this process (a forked parse
    worker shares the loaded model) counted once, in this process's resident memory."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith((b"Private_Clean:", b"Private_Dirty:")):
                    total += int(line.split()[1]) * 1024
    except FileNotFoundError:
        return 0  # ended since it was listed
    except (OSError, ValueError, IndexError):
        import psutil

        try:
            return psutil.Process(pid).memory_full_info().uss
        except psutil.Error:
            return 0
    return total


_CHILDREN = {"at": -1e9, "bytes": 0}  # the children's memory as last read, and when


def tree_bytes(fresh: bool = False) -> int:
    """Memory of this process and its children: its resident memory, read on every call, plus
    its children's own, read at most every ``CHILD_SAMPLE_SECONDS`` (or now with ``fresh``)."""
    now = time.monotonic()
    if fresh or now - _CHILDREN["at"] >= CHILD_SAMPLE_SECONDS:
        _CHILDREN["bytes"] = sum(private_bytes(pid) for pid in child_pids())
        _CHILDREN["at"] = now
    return rss_bytes() + _CHILDREN["bytes"]


@dataclass
class Budget:
    """Time and memory one document may use across its stages (None: no limit)."""

    seconds: float | None = DEFAULT_SECONDS
    memory_mb: float | None = DEFAULT_MEMORY_MB
    # set by ``for_text`` when a long text may grow more than ``memory_mb`` did: growth always
    # allowed (the plain budget), and the total past which the rest is not (MB)
    memory_floor_mb: float | None = None
    memory_total_mb: float | None = None
    spent: float = field(default=0.0, init=False)

    def fresh(self) -> Budget:
        """The same limits, nothing spent: one per document."""
        return Budget(self.seconds, self.memory_mb, self.memory_floor_mb, self.memory_total_mb)

    def for_text(self, chars: int) -> Budget:
        """One document's budget, nothing spent: for a long text, more time and memory
        (``ingest.doc_seconds_per_mb`` and ``ingest.doc_memory_per_mb`` per million characters; time
        up to ``ingest.doc_max_seconds``, memory while the process and its workers hold at most
        ``ingest.doc_max_memory_mb`` in all), never less than these limits."""
        seconds, memory_mb = self.seconds, self.memory_mb
        if seconds is not None:
            seconds = max(seconds, min(SETTINGS.doc_max_seconds, SETTINGS.doc_seconds_per_mb * chars / 1e6))
        if memory_mb is not None and SETTINGS.doc_memory_per_mb * chars / 1e6 > memory_mb:
            return Budget(
                seconds, SETTINGS.doc_memory_per_mb * chars / 1e6, memory_mb, SETTINGS.doc_max_memory_mb
            )
        return Budget(seconds, memory_mb)

    @contextmanager
    def watch(self, stage: str) -> Iterator[None]:
        """Run a block within what is left of the budget; past it, ``BudgetExceeded`` is raised."""
        started = time.monotonic()
        left = None if self.seconds is None else max(0.001, self.seconds - self.spent)
        if self.seconds is not None and self.spent >= self.seconds:
            raise BudgetExceeded(f"time budget of {self.seconds:g} s used up before {stage}")
        how = _enforcement() if self.seconds is not None or self.memory_mb is not None else None
        if how is None:
            try:
                yield
            finally:
                self.spent += time.monotonic() - started
            self._check_after(stage)
            return
        time_reason = f"time budget of {self.seconds or 0:g} s exceeded in {stage}"
        memory_limit = None if self.memory_mb is None else self._memory_limit(tree_bytes(fresh=True))
        memory_reason = f"memory budget of {self.memory_mb or 0:g} MB exceeded in {stage}"
        if self.memory_total_mb is not None:
            memory_reason = (
                f"memory budget of {self.memory_mb or 0:g} MB (at most {self.memory_total_mb:g} MB in all) "
                f"exceeded in {stage}"
            )
        if how == "signal":
            _WATCH.reason = time_reason
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            if left is not None:
                signal.setitimer(signal.ITIMER_REAL, left)
            deadline = None  # the interval timer keeps time
        else:
            deadline = None if left is None else started + left
        ident = threading.get_ident()
        if memory_limit is not None or deadline is not None:
            _WATCHDOG.arm(ident, _Watch(how == "signal", deadline, time_reason, memory_limit, memory_reason))
        try:
            yield
        finally:
            _WATCHDOG.disarm(ident)
            if how == "signal":
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            self.spent += time.monotonic() - started

    def _memory_limit(self, start: int) -> int:
        """Bytes of ``tree_bytes`` past which the document is stopped, from what it was at the start."""
        limit = start + int((self.memory_mb or 0) * 2**20)
        if self.memory_total_mb is not None:
            floor = start + int((self.memory_floor_mb or 0) * 2**20)
            limit = max(floor, min(limit, int(self.memory_total_mb * 2**20)))
        return limit

    def _check_after(self, stage: str) -> None:
        if self.seconds is not None and self.spent > self.seconds:
            raise BudgetExceeded(f"time budget of {self.seconds:g} s exceeded in {stage}")


class _WatchState:
    reason = ""


_WATCH = _WatchState()


def _on_alarm(signum: int, frame: object) -> None:
    raise BudgetExceeded(_WATCH.reason)


def _enforcement() -> str | None:
    """How a budget can stop this thread: "signal" (main thread), "thread", or None."""
    if threading.current_thread() is threading.main_thread():
        if hasattr(signal, "setitimer"):
            return "signal"
    if _set_async_exc() is not None:
        return "thread"
    return None


def _set_async_exc():  # noqa: ANN202 (a ctypes function or None)
    """CPython's ``PyThreadState_SetAsyncExc``, typed; None on other interpreters."""
    global _ASYNC_EXC
    if _ASYNC_EXC is False:
        try:
            import ctypes

            func = ctypes.pythonapi.PyThreadState_SetAsyncExc
            func.argtypes = [ctypes.c_ulong, ctypes.py_object]
            func.restype = ctypes.c_int
            _ASYNC_EXC = func
        except (ImportError, AttributeError):
            _ASYNC_EXC = None
    return _ASYNC_EXC


_ASYNC_EXC: object = False  # not looked up yet


@dataclass
class _Watch:
    """What the watchdog checks for one watched thread."""

    main: bool  # the main thread: stopped with SIGALRM; any other: with an asynchronous exception
    deadline: float | None  # monotonic time; None for the main thread (its timer keeps time)
    time_reason: str
    memory_limit: int | None  # bytes of the process and its children (tree_bytes)
    memory_reason: str
    fired: bool = False


class _Watchdog:
    """One daemon thread per process that samples memory and clocks while documents are watched."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Start over; also in a forked child, which inherits this state (perhaps a held lock)
        but not the thread."""
        self.watches: dict[int, _Watch] = {}
        self.lock = threading.Lock()
        self.armed = threading.Event()
        self.thread: threading.Thread | None = None

    def arm(self, ident: int, watch: _Watch) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="communique-budget", daemon=True)
                self.thread.start()
            self.watches[ident] = watch
            self.armed.set()

    def disarm(self, ident: int) -> None:
        with self.lock:
            watch = self.watches.pop(ident, None)
            if not self.watches:
                self.armed.clear()
            if watch is not None and watch.fired and not watch.main:
                # fired but perhaps not raised yet: it must not land after the block
                import ctypes

                _set_async_exc()(ident, ctypes.py_object())  # NULL: clear what is pending
                _THREAD_REASONS.pop(ident, None)

    def _run(self) -> None:
        while True:
            self.armed.wait()
            with self.lock:
                if self.watches:
                    rss = tree_bytes()
                    now = time.monotonic()
                    for ident, watch in self.watches.items():
                        if watch.fired:
                            continue
                        if watch.memory_limit is not None and rss > watch.memory_limit:
                            self._fire(ident, watch, watch.memory_reason)
                        elif watch.deadline is not None and now >= watch.deadline:
                            self._fire(ident, watch, watch.time_reason)
            time.sleep(SAMPLE_SECONDS)

    def _fire(self, ident: int, watch: _Watch, reason: str) -> None:
        """Stop the watched thread (the lock is held); nothing more is checked for it."""
        watch.fired = True
        if watch.main:
            _WATCH.reason = reason
            signal.pthread_kill(ident, signal.SIGALRM)
        else:
            _THREAD_REASONS[ident] = reason
            _set_async_exc()(ident, _ThreadBudgetExceeded)


_WATCHDOG = _Watchdog()


def _after_fork_in_child() -> None:
    _WATCHDOG.reset()
    _CHILDREN.update(at=-1e9, bytes=0)  # the parent's children are not this process's


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
