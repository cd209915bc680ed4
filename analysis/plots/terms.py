"""Plots of term tables: small multiples of horizontal bars, one panel per group.

Both functions draw a frame made by :mod:`analysis.compare.distinctive`
(:func:`~analysis.compare.distinctive.top_terms`,
:func:`~analysis.compare.distinctive.distinctive_terms`), one panel per
group (document, stance...) titled with the group's id, rank 1 at the top.

Unlike single-panel ``plot_*`` functions they take ``axes`` (plural): pass
``None`` to get a new grid of ``ncols`` columns (see :func:`panel_axes`), or
your own Axes (one per group, e.g. from :func:`matplotlib.pyplot.subplots`).
They return the 1-D array of Axes; the figure is ``axes[0].figure``. Unused
cells of a new grid are hidden.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from analysis.plots import STANCE_COLOURS

__all__ = ["panel_axes", "plot_top_terms", "plot_distinctive_terms"]

_BAR_COLOUR = "#4D4D4D"


def panel_axes(n_panels: int, *, ncols: int = 3, panel_size: tuple[float, float] = (3.2, 3.0)) -> np.ndarray:
    """Return a 1-D array of Axes on a new figure: ``n_panels`` cells, ``ncols`` wide.

    Cells beyond ``n_panels`` (the end of the last row) are hidden.

    Parameters
    ----------
    n_panels : int
        Number of panels wanted (>= 1).
    ncols : int, default=3
        Panels per row (fewer if there are fewer panels).
    panel_size : (float, float), default=(3.2, 3.0)
        Width and height of one panel in inches.

    Returns
    -------
    numpy.ndarray of Axes
        The first ``n_panels`` Axes, row by row.
    """
    if isinstance(n_panels, bool) or not isinstance(n_panels, int) or n_panels < 1:
        raise ValueError(f"n_panels must be an int >= 1, got {n_panels!r}")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be an int >= 1, got {ncols!r}")
    ncols = min(ncols, n_panels)
    nrows = math.ceil(n_panels / ncols)
    fig, grid = plt.subplots(
        nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows), squeeze=False
    )
    cells = grid.ravel()
    for ax in cells[n_panels:]:
        ax.set_visible(False)
    return cells[:n_panels]


def _as_axes(axes, n_panels: int, *, ncols: int, panel_height: float) -> tuple[np.ndarray, bool]:
    if axes is None:
        return panel_axes(n_panels, ncols=ncols, panel_size=(3.2, panel_height)), True
    cells = np.ravel(np.asarray([axes], dtype=object) if isinstance(axes, Axes) else np.asarray(axes, dtype=object))
    if len(cells) < n_panels or not all(isinstance(a, Axes) for a in cells):
        raise ValueError(f"axes must hold at least {n_panels} matplotlib Axes (one per group), got {len(cells)}")
    return cells[:n_panels], False


def _bar_panels(
    table: pd.DataFrame,
    *,
    by: str | None,
    value: str,
    xlabel: str,
    axes,
    ncols: int,
    colour: str | None,
    sharex: bool,
    title: str | None,
    value_format: str,
) -> np.ndarray:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    needs = ["rank", "term", value] + ([by] if by is not None else [])
    missing = [c for c in needs if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks column(s) {', '.join(missing)}")
    if table.empty:
        raise ValueError("table is empty: nothing to plot")
    groups = list(pd.unique(table[by])) if by is not None else [None]
    n_terms = int(table.groupby(by, sort=False).size().max()) if by is not None else len(table)
    axes, created = _as_axes(axes, len(groups), ncols=ncols, panel_height=0.6 + 0.24 * n_terms)
    xmax = float(table[value].max())
    for ax, group in zip(axes, groups):
        rows = table if group is None else table[table[by] == group]
        rows = rows.sort_values("rank", kind="stable")
        y = np.arange(len(rows))
        bar_colour = colour or STANCE_COLOURS.get(str(group), _BAR_COLOUR)
        ax.barh(y, rows[value], color=bar_colour, height=0.7)
        ax.set_yticks(y, labels=list(rows["term"]))
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        for yi, v in zip(y, rows[value]):
            ax.annotate(format(v, value_format), (v, yi), xytext=(2, 0), textcoords="offset points",
                        va="center", ha="left", fontsize=8, color="#333333")
        limit = xmax if sharex else float(rows[value].max())
        ax.set_xlim(0, limit * 1.22 if limit > 0 else 1)
        ax.set_xlabel(xlabel)
        if value_format == "d":
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        if group is not None:
            ax.set_title(str(group))
    if created:
        fig = axes[0].figure
        if title:
            fig.suptitle(title)
        fig.tight_layout()
    return axes


def plot_top_terms(
    table: pd.DataFrame,
    *,
    axes=None,
    by: str | None = "doc_id",
    value: str = "count",
    ncols: int = 3,
    colour: str | None = None,
    sharex: bool = False,
    title: str | None = None,
) -> np.ndarray:
    """Draw the most frequent terms of each group as horizontal bars.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`analysis.compare.distinctive.top_terms`:
        ``<by>, rank, term, count, share``.
    axes : matplotlib Axes or array of Axes, optional
        One Axes per group; by default a new grid (see :func:`panel_axes`).
    by : str or None, default="doc_id"
        Column holding the group, one panel each; ``None`` (for a table made
        with ``top_terms(..., by=None)``) draws one untitled panel.
    value : {"count", "share"}, default="count"
        Bar length; ``"share"`` is drawn in percent.
    ncols : int, default=3
        Panels per row of a new grid.
    colour : str, optional
        Bar colour; by default the stance colour when the group is a stance
        code, else dark grey.
    sharex : bool, default=False
        Give every panel the same x range (compare lengths across panels).
    title : str, optional
        Figure title (only on a new grid).

    Returns
    -------
    numpy.ndarray of Axes
        One Axes per group, in the table's group order.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame.
    ValueError
        If a column is missing, ``table`` is empty, or ``axes`` holds fewer
        Axes than groups.

    References
    ----------
    .. [1] Tufte, E. R. (1983). The Visual Display of Quantitative
       Information, ch. 4 (small multiples). Graphics Press.
    """
    if value not in ("count", "share"):
        raise ValueError(f"value must be 'count' or 'share', got {value!r}")
    if value == "share" and isinstance(table, pd.DataFrame) and "share" in table.columns:
        table = table.assign(share=table["share"] * 100)
    return _bar_panels(
        table, by=by, value=value, xlabel="count" if value == "count" else "share of tokens (%)",
        axes=axes, ncols=ncols, colour=colour, sharex=sharex, title=title,
        value_format="d" if value == "count" else ".1f",
    )


def plot_distinctive_terms(
    table: pd.DataFrame,
    *,
    axes=None,
    by: str | None = "doc_id",
    ncols: int = 3,
    colour: str | None = None,
    sharex: bool = True,
    title: str | None = None,
) -> np.ndarray:
    """Draw the terms with the highest TF-IDF in each group as horizontal bars.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`analysis.compare.distinctive.distinctive_terms`:
        ``<by>, rank, term, tfidf, count``.
    axes : matplotlib Axes or array of Axes, optional
        One Axes per group; by default a new grid (see :func:`panel_axes`).
    by : str or None, default="doc_id"
        Column holding the group, one panel each; ``None`` draws the whole
        table in one untitled panel.
    ncols : int, default=3
        Panels per row of a new grid.
    colour : str, optional
        Bar colour; by default the stance colour when the group is a stance
        code, else dark grey.
    sharex : bool, default=True
        Give every panel the same x range (TF-IDF vectors are unit length,
        so weights are comparable across groups).
    title : str, optional
        Figure title (only on a new grid).

    Returns
    -------
    numpy.ndarray of Axes
        One Axes per group, in the table's group order.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame.
    ValueError
        If a column is missing, ``table`` is empty, or ``axes`` holds fewer
        Axes than groups.

    References
    ----------
    .. [1] Salton, G. & Buckley, C. (1988). Term-weighting approaches in
       automatic text retrieval. Information Processing & Management,
       24(5), 513-523.
    .. [2] Tufte, E. R. (1983). The Visual Display of Quantitative
       Information, ch. 4 (small multiples). Graphics Press.
    """
    return _bar_panels(
        table, by=by, value="tfidf", xlabel="TF-IDF weight", axes=axes, ncols=ncols,
        colour=colour, sharex=sharex, title=title, value_format=".2f",
    )
