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
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis.errors import CorpusError, Problem, display_path
from analysis.paths import CORPUS_ENV, FIGURES_ENV

__all__ = ["notebook_paths", "run_notebooks", "normalise_notebook", "LAB_METADATA"]

#: The notebook-level metadata JupyterLab writes on save for the ``python3``
#: kernel; stored notebooks carry exactly this, so saving in Lab changes nothing.
LAB_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
    },
}


def _kernel_config(sockets: str):
    """Kernel on local IPC sockets (no TCP port, hence no "without encryption" warning); TCP on Windows."""
    from traitlets.config import Config

    if os.name == "nt":  # no IPC transport on Windows
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}})


def normalise_notebook(nb):
    """Return ``nb`` with the metadata JupyterLab writes on save, so saving it in Lab leaves it unchanged.

    Sets the notebook metadata to :data:`LAB_METADATA` (keeping any other
    notebook-level keys), with ``language_info.version`` the running
    Python's, drops the per-cell ``execution`` timings Lab does not keep,
    and sets nbformat 4.5 (cells keep their ids).
    """
    import platform

    meta = dict(nb.metadata)
    meta.update({k: dict(v) for k, v in LAB_METADATA.items()})
    meta["language_info"]["version"] = platform.python_version()
    nb.metadata = nbformat.from_dict(dict(sorted(meta.items())))
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.nbformat, nb.nbformat_minor = 4, max(5, nb.get("nbformat_minor", 5))
    return nb


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
    progress: Callable[[str], None] | None = None,
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
    progress : callable, optional
        Called with a line before each notebook starts (the yielded lines
        say when it ended).

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
    sockets = tempfile.mkdtemp(prefix="analysis-kernel-")
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    paths = notebook_paths(folder)
    try:
        for i, path in enumerate(paths, start=1):
            if progress is not None:
                progress(f"[{i}/{len(paths)}] running {display_path(path)} ...")
            started = time.monotonic()
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                record_timing=False, config=_kernel_config(sockets),
            )
            try:
                client.execute()
            except CellExecutionError as exc:
                first = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
                raise CorpusError(
                    [Problem(display_path(path), None, "cell", first[-1] if first else "a cell failed")]
                ) from None
            if save:
                nbformat.write(normalise_notebook(nb), path)
            yield f"[{i}/{len(paths)}] ran {display_path(path)} ({time.monotonic() - started:.0f} s)"
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
