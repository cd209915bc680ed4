"""Plots of coder evaluation: scores beside a baseline, learning curves, confusion.

Each takes a frame made by :mod:`analysis.evaluate` and draws it as it is:
:func:`plot_scores` a :func:`~analysis.scores.scores_table`,
:func:`plot_learning_curve` a :func:`~analysis.diagnostics.learning_curve_table`,
:func:`plot_confusion` a :func:`~analysis.scores.confusion_frame` (with the
heatmap of :mod:`analysis.plots.reliability`).

References
----------
.. [1] Grimmer, J. & Stewart, B. M. (2013). Text as data. Political
   Analysis, 21(3), 267-297 (compare coders with a reference coding and baselines).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from analysis.plots import new_axes
from analysis.plots import reliability as _reliability

__all__ = ["METRIC_LABELS", "METRIC_COLOURS", "plot_scores", "plot_learning_curve", "plot_confusion"]

#: Axis and legend label of each overall metric.
METRIC_LABELS = {"macro_f1": "macro-F1", "kappa": "Cohen's kappa", "accuracy": "accuracy",
                 "macro_precision": "macro precision", "macro_recall": "macro recall"}
#: Metric colours (Okabe & Ito 2008), distinct from the stance colours.
METRIC_COLOURS = {"macro_f1": "#E69F00", "kappa": "#009E73", "accuracy": "#CC79A7",
                  "macro_precision": "#56B4E9", "macro_recall": "#F0E442"}


def _check_metrics(metrics: Sequence[str], present) -> list[str]:
    metrics = list(metrics)
    unknown = [m for m in metrics if m not in METRIC_LABELS or m not in set(present)]
    if unknown or not metrics:
        raise ValueError(f"metrics {unknown} are unknown or absent; choose from {sorted(set(present) & set(METRIC_LABELS))}")
    return metrics


def plot_scores(scores: pd.DataFrame, *, ax: Axes | None = None, metrics: Sequence[str] = ("macro_f1", "kappa"),
                baseline: str | None = "majority", reference: Mapping[str, float] | None = None,
                reference_label: str = "inter-coder agreement (coder A vs B, LLM coders)",
                title: str | None = None) -> Axes:
    """Draw overall scores per coder as grouped bars, with reference lines.

    Parameters
    ----------
    scores : pandas.DataFrame
        A :func:`analysis.scores.scores_table`; its ``label == "all"`` rows
        are drawn, coders top to bottom in table order.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure sized to the number of coders when None.
    metrics : sequence of str, default=("macro_f1", "kappa")
        Overall metrics to draw, one bar each per coder.
    baseline : str or None, default="majority"
        Coder drawn hatched and pale, as the floor to beat.
    reference : mapping of str to float, optional
        Inter-coder agreement per metric (e.g. ``{"kappa": 0.95}``: coder A
        vs coder B from the reliability table; in the sample both are LLM
        coders), drawn as a dashed line in the metric's colour and named in
        the legend with ``reference_label``.
    reference_label : str, default="inter-coder agreement (coder A vs B, LLM coders)"
        Legend name of the reference lines.
    title : str, optional
        Default ``"Coders against the consensus coding (held-out documents)"``.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Artstein, R. & Poesio, M. (2008). Inter-coder agreement for
       computational linguistics. Computational Linguistics, 34(4), 555-596
       (inter-coder agreement as the ceiling for a coder).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"coder": ["tfidf", "tfidf", "majority", "majority"], "label": "all",
    ...                   "metric": ["macro_f1", "kappa"] * 2, "value": [0.6, 0.4, 0.26, 0.0]})
    >>> [t.get_text() for t in plot_scores(s, reference={"kappa": 0.7}).get_yticklabels()]
    ['tfidf', 'majority (baseline)']
    """
    absent = [c for c in ("coder", "label", "metric", "value") if c not in scores.columns]
    if absent:
        raise ValueError(f"scores lacks column(s) {absent}; pass a scores_table()")
    overall = scores[scores["label"] == "all"]
    metrics = _check_metrics(metrics, overall["metric"])
    coders = list(dict.fromkeys(overall["coder"]))
    values = overall.pivot_table(index="coder", columns="metric", values="value", aggfunc="first")
    ax = new_axes(ax, figsize=(7.0, 0.4 * len(coders) * len(metrics) + 1.8))
    height = 0.8 / len(metrics)
    y = np.arange(len(coders))[::-1].astype(float)
    for k, metric in enumerate(metrics):
        offset = (len(metrics) - 1) / 2 * height - k * height
        for coder, yy in zip(coders, y):
            v = float(values.at[coder, metric])
            pale = coder == baseline
            ax.barh(yy + offset, v, height=height * 0.92, color=METRIC_COLOURS[metric], alpha=0.45 if pale else 1.0,
                    hatch="//" if pale else None, edgecolor="white", label=METRIC_LABELS[metric] if coder == coders[0] else None)
            ax.text(max(v, 0) + 0.01, yy + offset, f"{v:.2f}", va="center", ha="left", fontsize=8)
    for metric in metrics:
        if reference and metric in reference:
            ax.axvline(reference[metric], color=METRIC_COLOURS[metric], linestyle="--", linewidth=1.4,
                       label=f"{reference_label}:\n{METRIC_LABELS[metric]} {reference[metric]:.2f}")
    ax.set_yticks(y, [f"{c} (baseline)" if c == baseline else c for c in coders])
    low = min(0.0, float(np.nanmin(values[metrics].to_numpy())) - 0.05)
    ax.set_xlim(low, 1.08)
    ax.axvline(0, color="#888888", linewidth=0.8)
    ax.set_xlabel("score on held-out documents")
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    below = offset_copy(ax.transAxes, fig=ax.figure, y=-36, units="points")
    handles, names = ax.get_legend_handles_labels()
    order = sorted(range(len(handles)), key=lambda i: isinstance(handles[i], Line2D))  # bars, then reference lines
    ax.legend([handles[i] for i in order], [names[i] for i in order], loc="upper center", bbox_to_anchor=(0.5, 0.0),
              bbox_transform=below, ncol=2, frameon=False)
    ax.set_title(title or "Coders against the consensus coding (held-out documents)", pad=10)
    return ax


def plot_learning_curve(table: pd.DataFrame, *, ax: Axes | None = None, metrics: Sequence[str] = ("macro_f1", "kappa"),
                        baseline: Mapping[str, float] | None = None, title: str | None = None) -> Axes:
    """Draw held-out scores against the number of training sentences.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`analysis.diagnostics.learning_curve_table`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 6.5 x 4 inch figure when None.
    metrics : sequence of str, default=("macro_f1", "kappa")
        Metrics to draw: the mean as a line with dots, min to max as a band.
    baseline : mapping of str to float, optional
        Score of a baseline per metric (e.g. the majority coder's), drawn dotted.
    title : str, optional
        Default ``"Learning curve (mean and range over N draws)"``.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Figueroa, R. L. et al. (2012). Predicting sample size required for
       classification performance. BMC Med. Inform. Decis. Mak., 12, 8.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"n_train": [10, 20], "metric": "kappa", "mean": [0.2, 0.4], "sd": 0.1,
    ...                   "min": [0.1, 0.3], "max": [0.3, 0.5], "n_repeats": 3})
    >>> plot_learning_curve(t, metrics=["kappa"]).get_xlabel()
    'training sentences'
    """
    absent = [c for c in ("n_train", "metric", "mean", "min", "max", "n_repeats") if c not in table.columns]
    if absent:
        raise ValueError(f"table lacks column(s) {absent}; pass a learning_curve_table()")
    metrics = _check_metrics(metrics, table["metric"])
    ax = new_axes(ax, figsize=(6.5, 4.0))
    for metric in metrics:
        rows = table[table["metric"] == metric].sort_values("n_train")
        colour = METRIC_COLOURS[metric]
        ax.fill_between(rows["n_train"], rows["min"], rows["max"], color=colour, alpha=0.2, linewidth=0)
        ax.plot(rows["n_train"], rows["mean"], marker="o", color=colour, label=METRIC_LABELS[metric])
        if baseline and metric in baseline:
            ax.axhline(baseline[metric], color=colour, linestyle=":", linewidth=1.2,
                       label=f"baseline {METRIC_LABELS[metric]}")
    ax.set_xlabel("training sentences")
    ax.set_ylabel("score on held-out documents")
    ax.set_ylim(min(0.0, float(table.loc[table["metric"].isin(metrics), "min"].min()) - 0.05), 1.0)
    ax.grid(color="#eeeeee")
    ax.legend(loc="upper left", frameon=False, ncol=2)
    n = int(table["n_repeats"].max())
    ax.set_title(title or f"Learning curve (mean and range over {n} draws)")
    return ax


def plot_confusion(table: pd.DataFrame, *, ax: Axes | None = None, cmap: str = "Blues",
                   title: str | None = None) -> Axes:
    """Draw a coder's confusion table: reference codes in rows, predictions in columns.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`analysis.scores.confusion_frame`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.
    cmap : str, default="Blues"
        Sequential colour map.
    title : str, optional
        Default ``"<coder> vs <reference> (n = N units)"``.

    Returns
    -------
    matplotlib.axes.Axes
        The heatmap of :func:`analysis.plots.reliability.plot_confusion`
        with axes named "predicted by <coder>" and "coded by <reference>".

    References
    ----------
    .. [1] Stehman, S. V. (1997). Selecting and interpreting measures of
       thematic classification accuracy. Remote Sensing of Environment,
       62(1), 77-89 (the confusion matrix).

    Examples
    --------
    >>> from analysis.scores import confusion_frame
    >>> plot_confusion(confusion_frame(["A", "B"], ["A", "A"], coder="dict")).get_xlabel()
    'predicted by dict'
    """
    ax = _reliability.plot_confusion(table, ax=ax, cmap=cmap, title=title)
    reference, coder = table["coder_a"].iloc[0], table["coder_b"].iloc[0]
    ax.set_xlabel(f"predicted by {coder}", labelpad=8)
    ax.set_ylabel(f"coded by {reference}")
    if title is None:
        ax.set_title(f"{coder} vs {reference} (n = {int(table['n'].sum()):,} units)", pad=12)
    return ax
