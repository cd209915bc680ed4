"""Run the numbered notebooks in order, as ``python -m analysis reproduce`` does.

Each notebook is executed in its own folder with a fresh kernel (as nbval
runs it), with ``ANALYSIS_CORPUS`` and ``ANALYSIS_FIGURES`` set when the
caller points the suite at other folders (see :mod:`analysis.paths`).
Notebooks are left unchanged unless ``save=True``, which stores the new
outputs (for maintainers refreshing the nbval reference).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis.errors import CorpusError, Problem, display_path
from analysis.paths import CORPUS_ENV, FIGURES_ENV

__all__ = ["notebook_paths", "run_notebooks"]


def notebook_paths(folder: str | Path) -> list[Path]:
    """Return the notebooks of ``folder`` in reading order (by file name)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError([Problem(display_path(folder), None, "folder", "does not exist")])
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def run_notebooks(
    folder: str | Path = "notebooks",
    *,
    corpus: str | Path | None = None,
    figures: str | Path | None = None,
    save: bool = False,
    timeout: int = 600,
) -> Iterator[str]:
    """Execute every notebook of ``folder`` in order; yield one line per notebook.

    Parameters
    ----------
    folder : str or Path
        Folder of numbered notebooks.
    corpus, figures : str or Path, optional
        Folders the notebooks should use instead of ``corpus/`` and ``figures/``.
    save : bool, default False
        Write the executed notebooks back (outputs included).
    timeout : int
        Seconds allowed per cell.

    Raises
    ------
    CorpusError
        If a notebook fails: names the notebook and the failing cell.
    """
    env = {}
    if corpus is not None:
        env[CORPUS_ENV] = str(Path(corpus).resolve())
    if figures is not None:
        env[FIGURES_ENV] = str(Path(figures).resolve())
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        for path in notebook_paths(folder):
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                record_timing=False,
            )
            try:
                client.execute()
            except CellExecutionError as exc:
                first = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
                raise CorpusError(
                    [Problem(display_path(path), None, "cell", first[-1] if first else "a cell failed")]
                ) from None
            if save:
                nbformat.write(nb, path)
            yield f"ran {display_path(path)}"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
