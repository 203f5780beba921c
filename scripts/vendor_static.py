#!/usr/bin/env python3
"""Refresh the browser libraries the workbench serves itself, from the npm registry.

    python3 scripts/vendor_static.py

Reads the pinned versions in package.json, fetches each package with ``npm pack``
and copies the built files (and the licence) into src/communique/api/static/vendor/.
The copies are committed, so neither set-up nor the tests need npm; run this only
to move to a new version (then bump package.json and commit the result).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "communique" / "api" / "static" / "vendor"
# package -> (folder under vendor/, files inside the npm tarball's package/ folder)
FILES = {
    "swagger-ui-dist": ("swagger-ui", ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE", "NOTICE"]),
    "cytoscape": ("cytoscape", ["dist/cytoscape.min.js", "LICENSE"]),
}  # fmt: skip


def main() -> int:
    pins = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, (folder, files) in FILES.items():
            spec = f"{name}@{pins[name]}"
            out = subprocess.run(
                ["npm", "pack", spec, "--silent"], cwd=tmp, check=True, capture_output=True, text=True
            )
            tarball = Path(tmp) / out.stdout.strip().splitlines()[-1]
            unpacked = Path(tmp) / name
            with tarfile.open(tarball) as tar:
                tar.extractall(unpacked, filter="data")
            target = VENDOR / folder
            target.mkdir(parents=True, exist_ok=True)
            for rel in files:
                shutil.copy2(unpacked / "package" / rel, target / Path(rel).name)
            print(f"{spec} -> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
