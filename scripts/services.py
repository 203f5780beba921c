#!/usr/bin/env python3
"""Services the test suite needs, started on loopback: PostgreSQL.

    python3 scripts/services.py postgres     install (Debian) and start a test server,
                                             create the test database, print its URL

The server is a private cluster (its own data folder and port, trust
authentication, listening on 127.0.0.1 only), so it neither needs nor touches
the machine's own PostgreSQL configuration. It is built for throw-away test
data: fsync is off. Calling this again reuses the running server.

Standard library only: ``bootstrap.py`` runs it before the virtualenv exists,
and ``tests/backends.py`` imports it when pytest runs on its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PORT = int(os.environ.get("COMMUNIQUE_TEST_PG_PORT", "55432"))
DATA = Path(os.environ.get("COMMUNIQUE_TEST_PG_DATA", f"/tmp/communique-postgres-{PORT}"))
DATABASE = "communique_test"
USER = "postgres"
URL = f"postgresql+psycopg://{USER}@127.0.0.1:{PORT}/{DATABASE}"
# what the server is tuned for: test data nobody needs after a crash, many short-lived databases
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "port": str(PORT),
    "unix_socket_directories": f"'{DATA}'",
    "max_connections": "300",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


class ServiceError(RuntimeError):
    """A service could not be installed or started; the message says why."""


def _log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def _bindir() -> Path | None:
    """Debian keeps the server binaries per major version, off PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _apt_install(package: str) -> None:
    """apt-get install, waiting for (and retrying after) another dpkg run holding the lock."""
    if not shutil.which("apt-get"):
        raise ServiceError(f"{package} is not installed and this machine has no apt-get")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock_wait = ["-o", "DPkg::Lock::Timeout=300"]
    update = sudo + ["apt-get", *lock_wait, "update", "-qq"]
    install = sudo + ["apt-get", *lock_wait, "install", "-y", "-qq", "--no-install-recommends", package]
    for attempt in range(4):
        _log(f"installing {package} (attempt {attempt + 1})")
        if subprocess.run(install, env=env, check=False).returncode == 0:
            return
        subprocess.run(update, env=env, check=False)
        time.sleep(5 * (attempt + 1))
    raise ServiceError(f"apt-get could not install {package}")


def _as_owner(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; root runs it as the 'postgres' system user."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def _ready(bindir: Path) -> bool:
    probe = [str(bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(PORT), "-U", USER]
    return subprocess.run(probe, check=False).returncode == 0


def _psql(bindir: Path, sql: str, database: str = "postgres") -> str:
    cmd = [str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(PORT), "-U", USER, "-d", database]
    done = subprocess.run([*cmd, "-tAc", sql], capture_output=True, text=True, check=False)
    if done.returncode:
        raise ServiceError(f"psql failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _init_cluster(bindir: Path) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(DATA, "postgres", "postgres")
    DATA.chmod(0o700)
    cmd = [str(bindir / "initdb"), "-D", str(DATA), "-U", USER, "--auth=trust", "-E", "UTF8"]
    done = subprocess.run(_as_owner([*cmd, "--locale=C.UTF-8"]), capture_output=True, text=True)
    if done.returncode:
        raise ServiceError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
    with (DATA / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\n# communique test server\n")
        conf.writelines(f"{key} = {value}\n" for key, value in SETTINGS.items())


def _start(bindir: Path) -> None:
    log = DATA / "server.log"
    cmd = [str(bindir / "pg_ctl"), "-D", str(DATA), "-l", str(log), "-w", "-t", "60", "start"]
    done = subprocess.run(_as_owner(cmd), capture_output=True, text=True)
    if done.returncode and not _ready(bindir):
        tail = log.read_text(errors="replace").splitlines()[-5:] if log.exists() else []
        raise ServiceError(f"PostgreSQL did not start on 127.0.0.1:{PORT}: {' | '.join(tail) or done.stderr}")


@contextlib.contextmanager
def _machine_lock():
    """One starter at a time: several test runs may share this machine."""
    with open(f"/tmp/communique-postgres-{PORT}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_postgres() -> str:
    """Make sure a test server runs on 127.0.0.1 with the test database; return its SQLAlchemy URL."""
    with _machine_lock():
        bindir = _bindir()
        if bindir is None:
            _apt_install("postgresql")
            bindir = _bindir()
        if bindir is None:
            raise ServiceError("PostgreSQL is installed but initdb was not found")
        if not _ready(bindir):
            if not (DATA / "PG_VERSION").exists():
                _log(f"creating a test cluster in {DATA}")
                _init_cluster(bindir)
            _log(f"starting PostgreSQL on 127.0.0.1:{PORT}")
            _start(bindir)
        if _psql(bindir, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") != "1":
            _psql(bindir, f"CREATE DATABASE {DATABASE}")
    return URL


def main(argv: list[str]) -> int:
    if argv != ["postgres"]:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        print(ensure_postgres())
    except (ServiceError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
