"""Where the notebooks read the corpus and write figures.

The notebooks call :func:`corpus_dir` and :func:`figures_dir` in their first
cell. By default they use the repository's ``corpus/`` and ``figures/``; set
``ANALYSIS_CORPUS`` / ``ANALYSIS_FIGURES`` (or run ``python -m analysis
reproduce --corpus DIR --figures DIR``) to point them at your own folders.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CORPUS_ENV", "FIGURES_ENV", "corpus_dir", "figures_dir"]

CORPUS_ENV = "ANALYSIS_CORPUS"
FIGURES_ENV = "ANALYSIS_FIGURES"


def corpus_dir(default: str | Path = "../corpus") -> Path:
    """Return the corpus folder: ``$ANALYSIS_CORPUS`` if set, else ``default``."""
    return Path(os.environ.get(CORPUS_ENV) or default)


def figures_dir(default: str | Path = "../figures") -> Path:
    """Return the figures folder: ``$ANALYSIS_FIGURES`` if set, else ``default``."""
    return Path(os.environ.get(FIGURES_ENV) or default)
