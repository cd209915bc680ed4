"""Plots of text positions: one row per text, a point and its interval.

:func:`plot_positions` draws a frame made by :mod:`analysis.compare.scaling`
(:func:`~analysis.compare.scaling.wordscores`,
:func:`~analysis.compare.scaling.text_scores`,
:func:`~analysis.compare.wordfish.wordfish_positions`) or any frame with a
label, a position and interval bounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from analysis.plots import STANCE_COLOURS, new_axes

__all__ = ["plot_positions"]

_REFERENCE = {"marker": "s", "color": "#000000", "markerfacecolor": "#000000", "label": "reference text"}
_VIRGIN = {"marker": "o", "color": "#333333", "markerfacecolor": "#FFFFFF", "label": "virgin text"}
_TEXT = {**_VIRGIN, "label": "text"}
_INTERVAL_COLOUR = "#7F7F7F"


def plot_positions(
    scores: pd.DataFrame,
    *,
    ax: Axes | None = None,
    x: str = "score",
    lower: str | None = "lower",
    upper: str | None = "upper",
    label: str = "doc",
    reference: str | None = "is_reference",
    poles: tuple[str, str] | None = None,
    xlabel: str | None = None,
    title: str = "Text positions",
    interval_label: str = "95% interval",
) -> Axes:
    """Draw a dot-and-interval plot of text positions, one row per text.

    Rows are drawn top to bottom in frame order (the scaling frames come
    sorted by position, lowest first). Reference texts are black squares,
    virgin texts open circles; a dashed vertical line marks 0, and the x
    limits are symmetric about it. The legend sits right of the axes.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per text, e.g. from
        :func:`analysis.compare.scaling.wordscores` or
        :func:`~analysis.compare.wordfish.wordfish_positions`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure sized to the number of rows otherwise.
    x : str, default="score"
        Column with the point estimate: ``"score"``, ``"lbg_score"``,
        ``"mv_score"`` (Wordscores) or ``"theta"`` (Wordfish).
    lower, upper : str or None, default="lower", "upper"
        Columns with the interval bounds (``"mv_lower"``, ``"mv_upper"``...);
        ``None`` draws points only. A missing (NaN) bound draws no interval.
    label : str, default="doc"
        Column with the row labels.
    reference : str or None, default="is_reference"
        Boolean column marking reference texts; when ``None`` or absent
        (Wordfish frames) every text is drawn alike, as "text".
    poles : tuple of two str, optional
        What the low and high ends of the scale mean, e.g.
        ``("DISENGAGE", "ENGAGE")``: written under the axis ends with
        arrows, in the stance colours where the names are stance codes.
    xlabel : str, optional
        Axis label; defaults to the name of ``x``.
    title : str, default="Text positions"
        Axes title.
    interval_label : str, default="95% interval"
        Legend entry of the interval lines (say "90% interval" when the
        frame was made with ``level=0.9``).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError
        If ``scores`` is not a DataFrame.
    ValueError
        If a named column is missing, the frame is empty, or ``poles`` is
        not two strings.

    References
    ----------
    .. [1] Cleveland, W. S. & McGill, R. (1984). Graphical perception:
       theory, experimentation, and application to the development of
       graphical methods. Journal of the American Statistical Association,
       79(387), 531-554 (dot plots: position along a common scale).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"doc": ["a", "b"], "score": [-0.5, 0.4], "lower": [-0.7, 0.3],
    ...                       "upper": [-0.3, 0.5], "is_reference": [True, False]})
    >>> ax = plot_positions(frame, poles=("DISENGAGE", "ENGAGE"))
    >>> [(t.get_text(), float(t.get_position()[1])) for t in ax.get_yticklabels()]
    [('a', 1.0), ('b', 0.0)]
    """
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(f"scores must be a DataFrame, got {type(scores).__name__}")
    needed = [c for c in (label, x, lower, upper) if c is not None]
    missing = [c for c in needed if c not in scores.columns]
    if missing:
        raise ValueError(f"scores lacks column(s) {', '.join(missing)}")
    if scores.empty:
        raise ValueError("scores has no rows to plot")
    if poles is not None and not (len(poles) == 2 and all(isinstance(p, str) for p in poles)):
        raise ValueError(f"poles must be two strings (low, high), got {poles!r}")

    n = len(scores)
    ax = new_axes(ax, figsize=(7.0, 1.9 + 0.34 * n))
    y = np.arange(n, dtype=float)[::-1]
    xs = scores[x].to_numpy(dtype=float)
    lo = scores[lower].to_numpy(dtype=float) if lower is not None else np.full(n, np.nan)
    hi = scores[upper].to_numpy(dtype=float) if upper is not None else np.full(n, np.nan)
    has_reference = reference is not None and reference in scores.columns
    is_ref = scores[reference].fillna(False).astype(bool).to_numpy() if has_reference else np.zeros(n, dtype=bool)
    virgin = _VIRGIN if has_reference else _TEXT

    ok = np.isfinite(lo) & np.isfinite(hi)
    ax.hlines(y[ok], lo[ok], hi[ok], color=_INTERVAL_COLOUR, linewidth=1.6, zorder=2)
    kinds = [(s, rows) for s, rows in ((_REFERENCE, is_ref), (virgin, ~is_ref)) if rows.any()]
    for style, rows in kinds:
        ax.plot(xs[rows], y[rows], linestyle="none", markersize=6.5, markeredgewidth=1.4, zorder=3,
                **{k: v for k, v in style.items() if k != "label"})
    ax.axvline(0.0, color="#4D4D4D", linestyle="--", linewidth=0.8, zorder=1)

    values = np.abs(np.concatenate([xs, lo[ok], hi[ok]]))
    values = values[np.isfinite(values)]
    extent = 1.0 if values.size == 0 or values.max() == 0 else float(values.max()) * 1.12
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_yticks(y, scores[label].astype(str).tolist())
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.set_title(title)

    if poles is not None:
        for text, xpos, ha in ((f"\u2190 {poles[0]}", 0.0, "left"), (f"{poles[1]} \u2192", 1.0, "right")):
            ax.annotate(text, xy=(xpos, 0.0), xycoords="axes fraction", xytext=(0, -22),
                        textcoords="offset points", ha=ha, va="top", fontsize=9, fontweight="bold",
                        color=STANCE_COLOURS.get(text.strip("\u2190\u2192 "), "#000000"))
    ax.set_xlabel(xlabel if xlabel is not None else x, labelpad=18 if poles is not None else 4)

    handles = [Line2D([], [], linestyle="none", markersize=6.5, markeredgewidth=1.4, **s) for s, _ in kinds]
    if ok.any():
        handles.append(Line2D([], [], color=_INTERVAL_COLOUR, linewidth=1.6, label=interval_label))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, borderaxespad=0)
    return ax
