#!/usr/bin/env python3
"""Set up, reproduce and test the suite with nothing but Python 3.11+ and pip.

    python3 tasks.py reproduce   # create .venv, install, run every notebook, write figures/
    python3 tasks.py test        # create .venv, install, run every test (unit, doctests, strict nbval,
                                 # the notebooks in JupyterLab through a real browser)
    python3 tasks.py lab         # open the notebooks in JupyterLab
    python3 tasks.py setup       # only create/refresh .venv

Uses only the standard library, so it runs before anything is installed.
Installs exactly the versions in constraints.txt, which the stored notebook
outputs were made with.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def _run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    start = time.monotonic()
    rc = subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode
    print(f"  ({time.monotonic() - start:.0f} s)", flush=True)
    return rc


def _fingerprint() -> str:
    h = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def setup() -> None:
    """Create .venv and install the package with its test extras (once per change)."""
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed (found %d.%d)" % sys.version_info[:2])
    if not PY.exists():
        print(f"creating {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("installing the exact versions of constraints.txt into .venv/ (about 150 packages; "
          "3-5 minutes on a fresh machine, seconds when they are cached)...", flush=True)
    _run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    # --no-compile, then compileall on every core: pip compiles one file at a time (twice as long)
    _run(PY, "-m", "pip", "install", "--quiet", "--progress-bar", "off", "--no-compile", "-c", "constraints.txt",
         "-e", ".[test,lab,browser,cluster]")
    # Compiled once here, the modules load fast in every later process: where PYTHONDONTWRITEBYTECODE is set
    # (as on many CI machines) Python would otherwise compile pandas, SciPy, scikit-learn... from source in
    # every process, about 5 s each time. Packages' own test suites are never imported and are skipped.
    print("compiling the installed modules once (about 15 s)...", flush=True)
    packages = subprocess.run([str(PY), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    _run(PY, "-m", "compileall", "-qq", "-j", "0", "-x", r"[/\\]tests?[/\\]", packages, check=False)
    print("installed; .venv/ is ready", flush=True)
    STAMP.write_text(_fingerprint())


def reproduce() -> None:
    """Run every notebook in order and regenerate figures/."""
    setup()
    _run(PY, "-m", "analysis", "validate", "corpus")
    _run(PY, "-m", "analysis", "reproduce")
    print("figures written to figures/", flush=True)


def test() -> int:
    """Run unit tests and doctests, every notebook under strict nbval, and every notebook in JupyterLab."""
    setup()
    print("tests: unit tests and doctests; every notebook under strict nbval (every stored output must match); "
          "every notebook run in JupyterLab through chromium (tests/test_browser.py)", flush=True)
    # One pytest run on every core (pytest-xdist), so no core idles between stages. --dist loadgroup keeps
    # each notebook's nbval cells together on one worker, in order; the browser runs and notebooks are
    # queued first, as the longest (conftest.py). -m "" includes the browser tests that a plain
    # `pytest` leaves out.
    rc = _run(PY, "-m", "pytest", "-q", "-p", "no:randomly", "-n", "auto", "--dist", "loadgroup",
              "--no-loadscope-reorder", "-m", "", "--nbval", "--nbval-current-env", "notebooks", "tests", "analysis",
              check=False)
    if rc:
        return rc
    return _check_clean()


def _check_clean() -> int:
    """Fail when running the tests changed a tracked file (figures must be byte-stable)."""
    if not (ROOT / ".git").exists():
        return 0
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                         capture_output=True, text=True, check=False).stdout
    if out.strip():
        print("The tests changed tracked files (figures or notebooks must be byte-stable):", flush=True)
        print(out, flush=True)
        subprocess.run(["git", "--no-pager", "diff", "--stat"], cwd=ROOT, check=False)
        return 1
    print("git status: clean (figures re-drawn byte for byte)", flush=True)
    return 0


def lab() -> None:
    """Open JupyterLab on the notebooks folder."""
    setup()
    os.execv(str(BIN / "jupyter"), [str(BIN / "jupyter"), "lab", "notebooks"])


def main(argv: list[str]) -> int:
    commands = {"setup": setup, "reproduce": reproduce, "test": test, "lab": lab}
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__)
        return 2
    rc = commands[argv[0]]()
    return rc or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
