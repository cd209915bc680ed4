"""Shared fixtures: the sample corpus, and a small hand-made corpus to break."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (a failure in CI reproduces on any machine) and
# keep no example database in the checkout.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

# The cache (analysis.cache): a fresh folder for each test session, so no test reads what an earlier run
# left behind. Made once, by the process that starts the session: pytest-xdist's workers, the notebooks'
# kernels and JupyterLab inherit it, so what one notebook run computed the other reuses.
if "CITY_TIES_CACHE" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="city-ties-test-cache-")
    os.environ["CITY_TIES_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus"

#: Three short hand-written texts (not from the sample corpus) with the
#: artifacts the cleaner must handle.
FIXTURE_TEXTS = {
    "alpha.txt": (
        "**Thumbnail Image:**\n\n \n\nMar 3, 2022 by [Ann Writer](#)\n\n"
        "## Should Towns Keep Their Twins? <sup>[1]</sup>\n\n"
        "Mayor Jo A. Smith of St. Albans met Mr. Lee in the U.S. capital. She said the town would keep its\n\n"
        " \nties with its twin. A [recent post](#) disagreed.\n\n---\n\n"
        "***She said the town would keep its ties with its twin.***\n\n"
        "Ann Writer is a columnist.\n\nThis story originally appeared in The Daily Example.\n"
    ),
    "beta.txt": "Towns cut ties. “We will not wait,” he said. Others agreed.\n",
    "gamma.txt": "Short headline without stop\n\nThe body follows here. It ends.\n",
}


def make_corpus(folder: Path, *, table: bool = True, rows: list[dict] | None = None) -> Path:
    """Write the fixture texts (and a documents table) into ``folder``."""
    raw = folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name, text in FIXTURE_TEXTS.items():
        (raw / name).write_text(text, encoding="utf-8")
    if table:
        if rows is None:
            rows = [
                {"doc_id": "alpha", "file": "raw/alpha.txt", "author": "Ann Writer", "date": "2022-03-03"},
                {"doc_id": "beta", "file": "raw/beta.txt", "reply_to": "alpha"},
                {"doc_id": "gamma", "file": "raw/gamma.txt"},
            ]
        for r in rows:
            p = folder / r["file"] if r.get("file") and not r["file"].startswith(("/", "..")) else None
            if p is not None and p.exists() and "sha256" not in r:
                r["sha256"] = hashlib.sha256(p.read_bytes()).hexdigest()
        cols = ["doc_id", "file", "title", "author", "date", "reply_to", "reprint_of", "sha256"]
        lines = [",".join(cols)]
        for r in rows:
            lines.append(",".join(str(r.get(c, "")) for c in cols))
        (folder / "documents.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def fixture_corpus(tmp_path) -> Path:
    return make_corpus(tmp_path / "fixture")


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A writable copy of the sample corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(SAMPLE, dest)
    return dest


@pytest.fixture(scope="session")
def sample_corpus():
    from analysis.corpus import read_corpus

    return read_corpus(SAMPLE)


@pytest.fixture(scope="session")
def sample_sentences(sample_corpus):
    from analysis.sentences import sentence_table

    return sentence_table(sample_corpus)


@pytest.fixture(scope="session")
def sample_tokens(sample_sentences):
    from analysis.tokens import token_table

    return token_table(sample_sentences)
