"""Plots of word-level comparisons: keyness bars and the fightin'-words plot.

:func:`plot_keyness` draws a :func:`analysis.compare.keyness.keyness_table`
as diverging horizontal bars; :func:`plot_fightin_words` draws a
:func:`analysis.compare.fightin_words.fightin_words` frame in the manner of
Monroe, Colaresi & Quinn (2008): every word as a grey point at (total
frequency, z-score), the top words of each side coloured and labelled.

Group names come from the frame's ``attrs`` (set by the compare functions)
unless given. A group named like a stance code takes its colour from
:data:`analysis.plots.STANCE_COLOURS`; other pairs get vermillion (first
group) and blue (second), from the same colour-blind-safe palette.

Labels of the fightin'-words plot are placed, in order of ``|z|``, by
:func:`analysis.plots.labels.place_labels` (no overlaps, inside the axes).

References
----------
.. [1] Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin'
   words. Political Analysis, 16(4), 372-403.
.. [2] Okabe, M. & Ito, K. (2008). Color universal design (CUD): how to make
   figures and presentations that are friendly to colorblind people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from analysis.plots import STANCE_COLOURS, new_axes
from analysis.plots.labels import joined_label, place_labels

__all__ = ["plot_keyness", "plot_fightin_words"]

_PAIR = ("#D55E00", "#0072B2")  # Okabe-Ito vermillion and blue
_GREY = "#BBBBBB"



def _colours(labels: tuple[str, str], colours) -> tuple[str, str]:
    if colours is not None:
        if len(colours) != 2:
            raise ValueError(f"colours must be a pair, got {colours!r}")
        return tuple(colours)
    return tuple(STANCE_COLOURS.get(str(lab), default) for lab, default in zip(labels, _PAIR))


def _need(table: pd.DataFrame, columns) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks column(s) {', '.join(missing)}")
    if table.empty:
        raise ValueError("table is empty: nothing to plot")


def _check_n(n, name: str) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{name} must be a positive int, got {n!r}")


def _reference_label(refs) -> str:
    if refs is None:
        return "reference"
    refs = list(refs) if isinstance(refs, (list, tuple)) else [refs]
    return str(refs[0]) if len(refs) == 1 else "other groups"


def plot_keyness(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    n: int = 15,
    value: str = "g2",
    target_label: str | None = None,
    reference_label: str | None = None,
    colours: tuple[str, str] | None = None,
    level: float = 0.05,
    p_column: str | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the top key terms of each side as diverging horizontal bars.

    The ``n`` terms with the largest positive ``value`` (key in the target)
    are drawn to the right, largest at the top; the ``n`` most negative (key
    in the reference) to the left, largest at the bottom. Each term is
    written next to the zero line on the empty side of its bar. Bars whose
    ``p_adj`` (or ``p``) is not below ``level`` are drawn pale.

    Parameters
    ----------
    table : pandas.DataFrame
        A keyness frame (:func:`analysis.compare.keyness.keyness_table`).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized to the number of bars otherwise.
    n : int, default=15
        Terms shown per side.
    value : {"g2", "log_ratio"}, default="g2"
        Column giving the bar length.
    target_label, reference_label : str, optional
        Group names for the legend; default from ``table.attrs``.
    colours : (str, str), optional
        Colours of target and reference bars; default from the group names.
    level : float, default=0.05
        Significance level for the pale bars.
    p_column : str, optional
        Column of p-values for the pale bars, e.g. ``"p_perm_adj"`` of
        :func:`analysis.compare.permutation.permutation_test`; default
        ``p_adj``, else ``p``.
    title : str, optional
        Axes title; default "Key terms: <target> vs <reference>".

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Dunning, T. (1993). Accurate methods for the statistics of
       surprise and coincidence. Computational Linguistics, 19(1), 61-74.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"term": ["cut", "ties"], "g2": [4.2, -3.1], "p": [0.04, 0.08]})
    >>> ax = plot_keyness(table, target_label="DISENGAGE", reference_label="ENGAGE")
    >>> [t.get_text() for t in ax.texts]
    ['cut', 'ties']
    """
    _need(table, ["term", value])
    _check_n(n, "n")
    target_label = str(target_label if target_label is not None else table.attrs.get("target", "target"))
    if reference_label is None:
        reference_label = _reference_label(table.attrs.get("reference"))
    colour_t, colour_r = _colours((target_label, reference_label), colours)
    p_col = p_column or ("p_adj" if "p_adj" in table.columns else ("p" if "p" in table.columns else None))
    if p_col is not None:
        _need(table, [p_col])

    pos = table[table[value] > 0].sort_values([value, "term"], ascending=[False, True], kind="stable").head(n)
    neg = table[table[value] < 0].sort_values([value, "term"], ascending=[True, True], kind="stable").head(n)
    rows = pd.concat([pos, neg.iloc[::-1]], ignore_index=True)
    if rows.empty:
        raise ValueError(f"no term has a non-zero {value!r}")
    ax = new_axes(ax, figsize=(7.0, max(3.0, 0.24 * len(rows) + 1.4)))

    y = np.arange(len(rows))[::-1].astype(float)
    y[: len(pos)] += 0.6  # a gap between the two sides
    vals = rows[value].to_numpy(dtype=float)
    signif = np.ones(len(rows), dtype=bool) if p_col is None else rows[p_col].to_numpy() < level
    colours_ = np.where(vals > 0, colour_t, colour_r)
    ax.barh(y, vals, color=colours_, alpha=None, height=0.75, edgecolor="none")
    for bar, ok in zip(ax.patches, signif):
        bar.set_alpha(1.0 if ok else 0.35)
    span = float(np.max(np.abs(vals)))
    pad = 0.015 * span
    for yi, v, term in zip(y, vals, rows["term"]):
        ax.text(-pad if v > 0 else pad, yi, term, ha="right" if v > 0 else "left", va="center", fontsize=8.5)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1.08 * span, 1.08 * span)
    ax.set_ylim(y.min() - 0.7, y.max() + 0.7)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    names = {"g2": "signed log-likelihood G²", "log_ratio": "Log Ratio (log₂ of relative frequencies)"}
    name = names.get(value, value)
    ax.set_xlabel(f"{name}  (positive: more in {target_label})")
    handles = [
        Patch(color=colour_t, label=f"more in {target_label}"),
        Patch(color=colour_r, label=f"more in {reference_label}"),
    ]
    if p_col is not None and not signif.all():
        handles.append(Patch(color="0.55", alpha=0.35, label=f"pale: {p_col} ≥ {level:g}"))
    ax.legend(handles=handles, loc="lower right", frameon=False)
    ax.set_title(title if title is not None else f"Key terms: {target_label} vs {reference_label}")
    return ax


def plot_fightin_words(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    n_labels: int = 10,
    label_a: str | None = None,
    label_b: str | None = None,
    colours: tuple[str, str] | None = None,
    threshold: float = 1.96,
    level: float = 0.05,
    title: str | None = None,
) -> Axes:
    """Draw Monroe et al.'s fightin'-words plot: z-score against frequency.

    Every word is a small grey point at (``n_total`` on a log axis, ``z``);
    the ``n_labels`` words with the highest ``z`` (used more by group a) and
    the ``n_labels`` with the lowest (group b) are coloured and labelled, the
    labels placed without overlap (see the module docstring); words that
    share a point (same frequency and z, common in a small corpus) share one
    label. Dashed lines mark ``z = ±threshold`` (1.96: two-sided 5 % under
    the model).

    Parameters
    ----------
    table : pandas.DataFrame
        A fightin'-words frame (:func:`analysis.compare.fightin_words.fightin_words`).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new 7 x 5.5 inch figure otherwise.
    n_labels : int, default=10
        Words labelled on each side.
    label_a, label_b : str, optional
        Group names for the legend; default from ``table.attrs``.
    colours : (str, str), optional
        Colours of group a and b; default from the group names.
    threshold : float, default=1.96
        Where to draw the dashed significance lines.
    level : float, default=0.05
        When the table has ``p_perm_adj`` (a
        :func:`analysis.compare.permutation.permutation_test` frame), words
        with ``p_perm_adj < level`` are ringed in black.
    title : str, optional
        Axes title; default "Fightin' words: <a> vs <b>".

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin'
       words: Lexical feature selection and evaluation for identifying the
       content of political conflict. Political Analysis, 16(4), 372-403.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"term": ["cut", "now", "ties"], "n_total": [2, 1, 3],
    ...                       "z": [1.1, 0.6, -0.5]})
    >>> ax = plot_fightin_words(table, n_labels=1, label_a="a", label_b="b")
    >>> sorted(t.get_text() for t in ax.texts)
    ['cut', 'ties']
    """
    _need(table, ["term", "z"])
    _check_n(n_labels, "n_labels")
    label_a = str(label_a if label_a is not None else table.attrs.get("group_a", "group a"))
    label_b = str(label_b if label_b is not None else table.attrs.get("group_b", "group b"))
    colour_a, colour_b = _colours((label_a, label_b), colours)
    if "n_total" in table.columns:
        freq = table["n_total"].to_numpy(dtype=float)
    elif {"n_a", "n_b"} <= set(table.columns):
        freq = (table["n_a"] + table["n_b"]).to_numpy(dtype=float)
    else:
        raise ValueError("table lacks n_total (or n_a and n_b)")
    z = table["z"].to_numpy(dtype=float)
    ax = new_axes(ax, figsize=(7.0, 5.5))

    grey = ax.scatter(freq, z, s=9, color=_GREY, linewidths=0, zorder=2, label="other words")
    order = table.assign(_freq=freq)
    top_a = order[order["z"] > 0].sort_values(["z", "term"], ascending=[False, True], kind="stable").head(n_labels)
    top_b = order[order["z"] < 0].sort_values(["z", "term"], ascending=[True, True], kind="stable").head(n_labels)
    dots_a = ax.scatter(top_a["_freq"], top_a["z"], s=22, color=colour_a, zorder=3, label=f"more used by {label_a}")
    dots_b = ax.scatter(top_b["_freq"], top_b["z"], s=22, color=colour_b, zorder=3, label=f"more used by {label_b}")
    for yline in (threshold, -threshold):
        ax.axhline(yline, color="0.35", linestyle="--", linewidth=0.8, zorder=1)
    ax.axhline(0, color="0.75", linewidth=0.6, zorder=1)

    ax.set_xscale("log")
    lo, hi = float(np.nanmin(freq)), float(np.nanmax(freq))
    ax.set_xlim(lo / 1.8, hi * 1.8)
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    zmax = max(float(np.nanmax(np.abs(z))), threshold) * 1.25
    ax.set_ylim(-zmax, zmax)
    ax.set_xlabel("frequency in the corpus (log scale)")
    ax.set_ylabel(f"z-score of log-odds ratio  (+: {label_a}, −: {label_b})")
    ax.set_title(title if title is not None else f"Fightin' words: {label_a} vs {label_b}")
    line = Line2D([], [], color="0.35", linestyle="--", linewidth=0.8, label=f"z = ±{threshold:g}")
    handles = [dots_a, dots_b, grey, line]
    if "p_perm_adj" in table.columns:
        passed = table["p_perm_adj"].to_numpy(dtype=float) < level
        handles.append(ax.scatter(freq[passed], z[passed], s=70, facecolors="none", edgecolors="black",
                                  linewidths=0.9, zorder=4, label=f"permutation test, BH-adjusted p < {level:g}"))
    legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False)

    # Words at the same point share one label; the largest |z| is placed first.
    labelled = pd.concat([top_a, top_b])
    groups = (
        labelled.assign(_abs=labelled["z"].abs())
        .groupby(["_freq", "z"], sort=False)
        .agg(terms=("term", list), _abs=("_abs", "first"), first=("term", "min"))
        .reset_index()
        .sort_values(["_abs", "first"], ascending=[False, True], kind="stable")
    )
    place_labels(
        ax,
        groups[["_freq", "z"]].to_numpy(dtype=float),
        [joined_label(t) for t in groups["terms"]],
        np.where(groups["z"] > 0, colour_a, colour_b),
        [len(t) > 1 for t in groups["terms"]],
        fontsize=8.5,
        legend=legend,
        hlines=(threshold, -threshold),
    )
    return ax
