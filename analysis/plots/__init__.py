"""Plots: one module per analysis family, and the one function that saves.

Every ``plot_*`` function takes a prepared frame (computed elsewhere) and an
optional matplotlib ``ax``, draws, and returns the ``Axes``; it computes
nothing beyond layout. Only :func:`save_figure` writes to ``figures/``, at a
fixed size and dpi and without a timestamp or software tag, so re-running a
notebook rewrites the same bytes.

Notebooks start with ``plt.style.use(STYLE)`` so that every figure uses the
same fonts and sizes (matplotlib's own DejaVu Sans, shipped with it).
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.output import replace_file

__all__ = ["STYLE", "DPI", "STANCE_COLOURS", "save_figure", "new_axes"]

DPI = 150

#: Colours for the three stance codes, kept the same in every figure
#: (colour-blind safe: Okabe & Ito 2008).
STANCE_COLOURS = {"ENGAGE": "#0072B2", "DISENGAGE": "#D55E00", "NEUTRAL": "#BBBBBB"}

#: rcParams for every figure of the suite.
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "figure.autolayout": False,
}


def new_axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """Return ``ax``, or the axes of a new figure of ``figsize`` inches."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def save_figure(fig: Figure, name: str, directory: str | Path) -> Path:
    """Save ``fig`` as ``directory/name.png``, byte-stable, and return the path.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (``ax.figure`` from a ``plot_*`` function).
    name : str
        File name without extension, starting with the notebook's number,
        e.g. ``"01-document-length"``.
    directory : str or Path
        Folder to write to (created if missing).

    Notes
    -----
    PNG is written with ``metadata={"Software": None}`` (no matplotlib
    version tag) at :data:`DPI`, after ``tight_layout``; matplotlib writes no
    date into PNGs, so the same figure gives the same bytes. The file is
    replaced whole (written beside it, then renamed), and only when its
    bytes change, so two runs of a notebook at once leave a whole figure.
    """
    if "/" in name or name.endswith(".png"):
        raise ValueError(f"name is a bare file name without extension, got {name!r}")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    fig.tight_layout()
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None})
    if not path.is_file() or path.read_bytes() != png.getvalue():
        replace_file(path, png.getvalue())
    return path
