"""Plot of the active-learning simulation: agreement against sentences coded, by ordering strategy.

Takes :func:`analysis.active.curve_summary` of an
:func:`analysis.active.active_learning_curve` and draws it as it is.

References
----------
.. [1] Settles, B. (2009). Active learning literature survey. Computer
   Sciences Technical Report 1648, University of Wisconsin-Madison
   (learning curves of query strategies against random sampling).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from analysis.plots import new_axes
from analysis.plots.evaluate import METRIC_LABELS

__all__ = ["STRATEGY_STYLES", "plot_active_learning"]

#: Colour and label of each strategy (Okabe & Ito 2008 colours).
STRATEGY_STYLES = {"uncertainty": ("#009E73", "uncertainty order"), "random": ("#999999", "random order")}


def plot_active_learning(summary: pd.DataFrame, *, metric: str = "kappa", ax: Axes | None = None,
                         title: str | None = None) -> Axes:
    """Draw held-out agreement against the number of coded sentences, one line per strategy.

    Parameters
    ----------
    summary : pandas.DataFrame
        An :func:`analysis.active.curve_summary`: the mean over seeds as a
        line with dots, min to max as a band.
    metric : {"kappa", "macro_f1"}, default="kappa"
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 6.5 x 4 inch figure when None.
    title : str, optional
        Default ``"Active learning simulation (mean and range over N seeds)"``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> s = pd.DataFrame({"strategy": "random", "n_coded": [10, 20], "metric": "kappa", "mean": [0.1, 0.3],
    ...                   "sd": 0.1, "min": [0.0, 0.2], "max": [0.2, 0.4], "n_seeds": 3})
    >>> plot_active_learning(s).get_xlabel()
    'sentences coded (training documents of each fold)'
    """
    absent = [c for c in ("strategy", "n_coded", "metric", "mean", "min", "max", "n_seeds") if c not in summary]
    if absent:
        raise ValueError(f"summary lacks column(s) {absent}; pass analysis.active.curve_summary(...)")
    rows = summary[summary["metric"] == metric]
    if rows.empty:
        raise ValueError(f"metric {metric!r} is not in the summary; it has {sorted(set(summary['metric']))}")
    ax = new_axes(ax, figsize=(6.5, 4.0))
    for strategy in [s for s in STRATEGY_STYLES if s in set(rows["strategy"])]:
        part = rows[rows["strategy"] == strategy].sort_values("n_coded")
        colour, label = STRATEGY_STYLES[strategy]
        ax.fill_between(part["n_coded"], part["min"], part["max"], color=colour, alpha=0.2, linewidth=0)
        ax.plot(part["n_coded"], part["mean"], marker="o", markersize=3, color=colour, label=label)
    ax.set_xlabel("sentences coded (training documents of each fold)")
    ax.set_ylabel(f"{METRIC_LABELS.get(metric, metric)} on held-out documents")
    ax.set_ylim(min(0.0, float(rows["min"].min()) - 0.05), 1.0)
    ax.grid(color="#eeeeee")
    ax.legend(loc="upper left", frameon=False)
    n = int(rows["n_seeds"].max())
    ax.set_title(title or f"Active learning simulation (mean and range over {n} seeds)")
    return ax
