#!/usr/bin/env python3
"""Set Communique up on a fresh machine (only python3 needed) and run it.

    python3 bootstrap.py start [--port N] [PATH ...]
                                            set up, build the knowledge base from PATH
                                            (default ../shared/seeds), serve the workbench on
                                            port N (default 8000; a free port when it is taken)
    python3 bootstrap.py test               set up, run the whole test suite (ruff + pytest)
    python3 bootstrap.py setup              only set up .venv

Set-up is idempotent: .venv is reused while pyproject.toml is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".setup-stamp"
CHROMIUM = Path("/usr/bin/chromium")


def run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


def setup(extras: str = "test") -> None:
    """Create .venv and install the project with its extras, unless already done."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        run(sys.executable, "-m", "venv", VENV)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", f".[{extras}]")
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium, the brief test reads PDFs with poppler-utils;
    install them when we can."""
    missing = [pkg for pkg, tool in (("chromium", CHROMIUM), ("poppler-utils", Path("/usr/bin/pdftoppm")))
               if not tool.exists()]  # fmt: skip
    if not missing or not shutil.which("apt-get"):
        return
    apt(["update", "-qq"])
    apt(["install", "-y", "-qq", *missing])


# How long to wait for another package manager run (unattended upgrades, a parallel set-up) to finish.
APT_LOCK_WAIT_S = 600
APT_TRIES = 4


def apt(args: list[str]) -> int:
    """Run apt-get, waiting for the dpkg/apt locks another process holds, and retrying on failure."""
    import time

    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # apt-get itself waits up to this long for the dpkg frontend lock (apt >= 1.9.11).
    wait = ["-o", f"DPkg::Lock::Timeout={APT_LOCK_WAIT_S}"]
    code = 1
    for attempt in range(1, APT_TRIES + 1):
        code = subprocess.run(sudo + ["apt-get", *wait, *args], cwd=ROOT, env=env, check=False).returncode
        if code == 0:
            return 0
        print(f"apt-get {' '.join(args)} failed (exit {code}), try {attempt} of {APT_TRIES}", flush=True)
        time.sleep(10 * attempt)  # another package manager may still hold the lock
    return code


def ensure_postgres() -> None:
    """The PostgreSQL tests need a server on loopback: scripts/services.py installs and starts one.

    On failure the variable stays unset and those tests fail with the reason (never skip).
    """
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "services.py"), "postgres"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode == 0:
        os.environ["COMMUNIQUE_TEST_PG_URL"] = done.stdout.strip().splitlines()[-1]
    else:
        print(done.stderr, file=sys.stderr, flush=True)


def start(args: list[str]) -> int:
    port, paths = "8000", []
    rest = iter(args)
    for arg in rest:
        if arg == "--port" or arg.startswith("--port="):
            port = arg.partition("=")[2] or next(rest, "")
            if not port.isdigit() or not 0 <= int(port) <= 65535:
                print(f"--port wants a number from 0 to 65535, not '{port}'", file=sys.stderr)
                return 2
        else:
            paths.append(arg)
    setup()
    db = os.environ.get("COMMUNIQUE_DB", str(ROOT / "communique.db"))
    targets = paths or [str(ROOT.parent / "shared" / "seeds")]
    run(BIN / "communique", "ingest", *targets, "--db", db)
    run(BIN / "communique", "stats", "--db", db)
    # serve says which port it uses, and picks a free one when this one is taken
    return run(BIN / "communique", "serve", "--db", db, "--port", port, check=False)


def test(args: list[str]) -> int:
    setup()
    ensure_chromium()
    ensure_postgres()
    lint = ["src", "tests", "scripts", "bootstrap.py"]
    if run(BIN / "ruff", "check", *lint, check=False):
        return 1
    if run(BIN / "ruff", "format", "--check", *lint, check=False):
        return 1
    return run(BIN / "python", "-m", "pytest", *args, check=False)


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "setup":
        setup()
    elif command == "start":
        return start(rest)
    elif command == "test":
        return test(rest)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
