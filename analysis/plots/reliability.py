"""Plots of inter-coder reliability: a confusion heatmap and a reliability chart.

Both take frames made by :mod:`analysis.reliability` and draw them as they
are: :func:`plot_confusion` a :func:`~analysis.reliability.confusion_table`,
:func:`plot_reliability` a :func:`~analysis.reliability.reliability_table`.

References
----------
.. [1] Krippendorff, K. (2004). Content Analysis: An Introduction to Its
   Methodology (2nd ed.), section 11.4: rely on variables with alpha >= .800,
   draw tentative conclusions from .667 <= alpha < .800.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle

from analysis.plots import new_axes
from analysis.reliability import ALL_CODERS

__all__ = ["plot_confusion", "plot_reliability", "EMPTY_LABEL"]

#: How the empty code ("not applicable") is labelled on an axis.
EMPTY_LABEL = "(none)"

#: Krippendorff's (2004) thresholds for alpha: tentative and reliable.
ALPHA_THRESHOLDS = (0.667, 0.8)

#: Axis label of each statistic of a reliability table.
STATISTIC_LABELS = {
    "krippendorff_alpha": "Krippendorff's alpha",
    "cohen_kappa": "Cohen's kappa",
    "percent_agreement": "agreement (share of units)",
}


def _label(value) -> str:
    return EMPTY_LABEL if value == "" else str(value)


def plot_confusion(
    table: pd.DataFrame, *, ax: Axes | None = None, cmap: str = "Blues", title: str | None = None
) -> Axes:
    """Draw a confusion table as a heatmap with the count in each cell.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`analysis.reliability.confusion_table`: ``variable, coder_a,
        coder_b, value_a, value_b, n``; categories are drawn in the order of
        their first appearance (the table's category order).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 4.5 x 4 inch figure when None.
    cmap : str, default="Blues"
        Sequential matplotlib colour map; counts are written in white on
        dark cells and black on light ones.
    title : str, optional
        Title; default ``"<variable>: <coder_a> vs <coder_b> (n = N units)"``.

    Returns
    -------
    matplotlib.axes.Axes
        Rows are ``coder_a``'s codes, columns ``coder_b``'s; agreements lie on
        the diagonal, which is outlined.

    Raises
    ------
    ValueError
        If ``table`` lacks a column or holds several variables or coder pairs.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
       Departmental Papers (ASC) 43, University of Pennsylvania.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.reliability import confusion_table
    >>> codings = pd.DataFrame({"coder": ["ann", "ann", "bob", "bob"], "unit": ["s1", "s2"] * 2,
    ...                         "variable": "stance", "value": ["ENGAGE", "NEUTRAL", "ENGAGE", "ENGAGE"]})
    >>> ax = plot_confusion(confusion_table(codings, variable="stance", coder_a="ann", coder_b="bob"))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('coded by bob', 'coded by ann')
    """
    needed = ["variable", "coder_a", "coder_b", "value_a", "value_b", "n"]
    absent = [c for c in needed if c not in table.columns]
    if absent:
        raise ValueError(f"table lacks column(s) {absent}; pass a confusion_table()")
    ids = table[["variable", "coder_a", "coder_b"]].drop_duplicates()
    if len(ids) != 1:
        raise ValueError(f"table must hold one variable and coder pair, got {len(ids)}")
    variable, coder_a, coder_b = ids.iloc[0].tolist()
    categories = list(dict.fromkeys([*table["value_a"], *table["value_b"]]))
    counts = (
        table.pivot_table(index="value_a", columns="value_b", values="n", aggfunc="sum", fill_value=0)
        .reindex(index=categories, columns=categories, fill_value=0)
        .to_numpy()
    )
    k = len(categories)
    ax = new_axes(ax, figsize=(1.2 * k + 2.2, 1.1 * k + 1.6))
    image = ax.imshow(counts, cmap=cmap, vmin=0, vmax=max(int(counts.max()), 1))
    for i in range(k):
        for j in range(k):
            rgb = to_rgb(image.cmap(image.norm(counts[i, j])))
            dark = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 0.5
            ax.text(j, i, f"{counts[i, j]:,}", ha="center", va="center", color="white" if dark else "black")
        ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#333333", linewidth=1.2, clip_on=False))
    labels = [_label(v) for v in categories]
    rotate = max(map(len, labels), default=0) > 8
    ax.set_xticks(range(k), labels, rotation=30 if rotate else 0, ha="left" if rotate else "center")
    ax.set_yticks(range(k), labels)
    ax.set_xlabel(f"coded by {coder_b}", labelpad=8)
    ax.set_ylabel(f"coded by {coder_a}")
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    if title is None:
        title = f"{variable}: {coder_a} vs {coder_b} (n = {int(counts.sum()):,} units)"
    ax.set_title(title, pad=12)
    return ax


def plot_reliability(
    table: pd.DataFrame, *, ax: Axes | None = None, statistic: str = "krippendorff_alpha", title: str | None = None
) -> Axes:
    """Draw one reliability statistic per variable and coder pair as a dot chart.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`analysis.reliability.reliability_table`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure sized to the number of rows when None.
    statistic : {"krippendorff_alpha", "cohen_kappa", "percent_agreement"}
        Column to plot.
    title : str, optional
        Title; default names the statistic.

    Returns
    -------
    matplotlib.axes.Axes
        One row per table row (``"all"`` rows as filled diamonds), grouped by
        variable; for alpha, dashed lines at Krippendorff's .667 and .800.

    Raises
    ------
    ValueError
        If ``statistic`` is not a column of ``table``.

    References
    ----------
    .. [1] Krippendorff, K. (2004). Content Analysis: An Introduction to Its
       Methodology (2nd ed.). Sage. Section 11.4 (thresholds .667 and .800).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"variable": ["stance"], "coder_a": ["ann"], "coder_b": ["bob"], "n_units": [3],
    ...                       "percent_agreement": [0.67], "cohen_kappa": [0.5], "krippendorff_alpha": [0.55]})
    >>> plot_reliability(table).get_xlabel()
    "Krippendorff's alpha"
    """
    if statistic not in STATISTIC_LABELS or statistic not in table.columns:
        raise ValueError(f"statistic must be one of {list(STATISTIC_LABELS)} and a column of table, got {statistic!r}")
    rows = table.reset_index(drop=True)
    n = len(rows)
    ax = new_axes(ax, figsize=(6.5, 0.35 * n + 1.4))
    y = np.arange(n)[::-1]
    is_all = (rows["coder_a"] == ALL_CODERS).to_numpy()
    values = rows[statistic].to_numpy(dtype=float)
    ax.scatter(values[~is_all], y[~is_all], color="#0072B2", zorder=3, label="coder pair")
    if is_all.any():
        ax.scatter(values[is_all], y[is_all], color="#D55E00", marker="D", zorder=3, label="all coders")
    for threshold in ALPHA_THRESHOLDS if statistic == "krippendorff_alpha" else ():
        ax.axvline(threshold, color="#888888", linestyle="--", linewidth=0.8, zorder=1)
        ax.text(threshold, 1.0, f"{threshold:.3f}".lstrip("0"), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=8, color="#555555")
    variables = rows["variable"].to_numpy()
    for i in range(1, n):
        if variables[i] != variables[i - 1]:
            ax.axhline(y[i] + 0.5, color="#cccccc", linewidth=0.8, zorder=1)
    labels = [
        f"{r.variable}: all coders" if r.coder_a == ALL_CODERS else f"{r.variable}: {r.coder_a} vs {r.coder_b}"
        for r in rows.itertuples()
    ]
    ax.set_yticks(y, labels)
    ax.set_xlim(np.nanmin(values, initial=0.0) - 0.05, 1.02)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel(STATISTIC_LABELS[statistic])
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    if is_all.any():
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1 - 0.6 / (n + 4)), ncol=2, frameon=False)
    ax.set_title(title or f"Inter-coder reliability: {STATISTIC_LABELS[statistic]}", pad=14)
    return ax
