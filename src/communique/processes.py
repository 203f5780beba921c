"""What every worker process of Communique does on start, whoever forks it.

Kept apart from the pipeline so that the parser's own worker processes (``communique.nlp``)
and the document pool (``communique.pipeline``) share it without importing each other.
"""

from __future__ import annotations

import os
import signal


def die_with_parent() -> None:
    """Ask the kernel to kill this worker when its parent dies (Linux ``PR_SET_PDEATHSIG``).

    Without it, a parent killed with SIGKILL leaves its workers analysing for nobody.
    Elsewhere, a thread polls for the parent instead.
    """
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="communique-parent-watch", daemon=True).start()
