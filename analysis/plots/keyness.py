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

Labels of the fightin'-words plot are placed by a small deterministic
search (no extra dependency): each label, in order of ``|z|``, takes the
first of a fixed list of positions around its point, at growing distances,
whose box stays inside the axes and overlaps neither an earlier label, a
labelled point nor the legend; a leader line joins labels set away from
their point. The search runs each time the figure is drawn, so the labels
fit the size and layout the figure has when it is shown or saved.

References
----------
.. [1] Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin'
   words. Political Analysis, 16(4), 372-403.
.. [2] Okabe, M. & Ito, K. (2008). Color universal design (CUD): how to make
   figures and presentations that are friendly to colorblind people.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from analysis.plots import STANCE_COLOURS, new_axes

__all__ = ["plot_keyness", "plot_fightin_words"]

_PAIR = ("#D55E00", "#0072B2")  # Okabe-Ito vermillion and blue
_GREY = "#BBBBBB"
_HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]

# Positions tried around a point: angles (degrees; mirrored below the zero
# line) at each distance (points between the point and the nearest label edge).
_ANGLES = (0, 180, 30, -30, 150, -150, 60, -60, 120, -120, 90, -90, 15, -15, 165, -165)
_RADII = (3, 7, 13, 20, 29, 39, 50, 63, 78, 94, 112)
_LEADER = 9  # draw a leader line beyond this distance (points)


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


def _overlap(box, others, pad: tuple[float, float] = (4.0, 1.0)) -> float:
    """Overlap area of ``box`` with ``others``, padded wider in x so that two labels never read as one."""
    x0, y0, x1, y1 = box
    px, py = pad
    total = 0.0
    for a0, b0, a1, b1 in others:
        w = min(x1, a1 + px) - max(x0, a0 - px)
        h = min(y1, b1 + py) - max(y0, b0 - py)
        if w > 0 and h > 0:
            total += w * h
    return total


def _leader_end(start, box) -> tuple[float, float]:
    """The point of ``box`` nearest to ``start`` (where a leader line ends)."""
    (x, y), (x0, y0, x1, y1) = start, box
    return min(max(x, x0), x1), min(max(y, y0), y1)


def _crossings(start, end, boxes) -> int:
    """How many ``boxes`` the segment from ``start`` to ``end`` runs through."""
    steps = np.linspace(0.05, 0.95, 13)
    xs, ys = start[0] + steps * (end[0] - start[0]), start[1] + steps * (end[1] - start[1])
    return sum(bool(np.any((xs > a0) & (xs < a1) & (ys > b0) & (ys < b1))) for a0, b0, a1, b1 in boxes)


def _segments_cross(p1, p2, q1, q2) -> bool:
    """Whether segments p1-p2 and q1-q2 properly intersect."""
    turn = lambda a, b, c: (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])  # noqa: E731
    return turn(q1, q2, p1) * turn(q1, q2, p2) < 0 and turn(p1, p2, q1) * turn(p1, p2, q2) < 0


def _layout(points, sizes, shared, avoid, inner) -> list[tuple[float, float, bool]]:
    """Label centres (offsets from their points) and whether to draw a leader line.

    All in points (1/72 inch), so the layout does not depend on dpi. In the
    order given, each label takes the first of ``_RADII`` x ``_ANGLES`` that
    stays inside ``inner`` and clear of earlier labels, leader lines, the
    ``avoid`` boxes and the labelled points (further from other points than
    from its own); else the least bad. Leader lines are drawn beyond
    ``_LEADER``, or beyond the first ring for a label ``shared`` by words.
    """
    own, other = 2.5, 6.5  # points
    dots = [(x - other, y - other, x + other, y + other) for x, y in points]
    placed = list(avoid)
    labels_only: list[tuple] = []
    leaders: list[tuple] = []
    out = []
    for i, ((x, y), (w, h), many) in enumerate(zip(points, sizes, shared)):
        obstacles = placed + dots[:i] + dots[i + 1 :] + [(x - own, y - own, x + own, y + own)]
        leader_from = _RADII[0] if many else _LEADER
        away = 1.0 if y >= inner[4] else -1.0  # try away from the zero line first
        best, best_cost = None, math.inf
        for r in _RADII:
            for angle in _ANGLES:
                c, s = math.cos(math.radians(angle)), away * math.sin(math.radians(angle))
                cx, cy = x + c * (r + w / 2), y + s * (r + h / 2)
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                outside = (max(0, inner[0] - box[0]) + max(0, box[2] - inner[2])
                           + max(0, inner[1] - box[1]) + max(0, box[3] - inner[3]))
                cost = _overlap(box, obstacles) + 1000.0 * outside
                cost += 50.0 * sum(_crossings(a, b, [box]) for a, b in leaders)  # through this box
                if r > leader_from:
                    end = _leader_end((x, y), box)
                    cost += 50.0 * _crossings((x, y), end, labels_only)
                    cost += 50.0 * sum(_segments_cross((x, y), end, a, b) for a, b in leaders)
                if cost < best_cost:
                    best, best_cost = (cx, cy, box, r), cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        cx, cy, box, r = best
        placed.append(box)
        labels_only.append(box)
        if r > leader_from:
            leaders.append(((x, y), _leader_end((x, y), box)))
        out.append((cx - x, cy - y, r > leader_from))
    return out


class _LabelPlacer(Artist):
    """Places a set of annotations just before they are drawn.

    Drawn before the labels (lower ``zorder``), it lays them out for the
    figure's size and dpi at that moment, so the labels stay clear of each
    other however the figure is later resized or laid out.
    """

    def __init__(self, annotations, xy, sizes_pt, shared, legend, hlines):
        super().__init__()
        self.set_zorder(3.9)
        self.set_in_layout(False)
        self._annotations, self._xy, self._sizes_pt = annotations, xy, sizes_pt
        self._shared, self._legend, self._hlines = shared, legend, hlines

    def place(self, renderer) -> None:
        ax, fig = self.axes, self.figure
        scale = fig.dpi / 72.0  # display pixels per point
        pts = ax.transData.transform(self._xy) / scale
        frame = ax.get_window_extent(renderer)
        zero_y = ax.transData.transform((1.0, 0.0))[1] / scale
        inner = (frame.x0 / scale + 1.5, frame.y0 / scale + 1.5, frame.x1 / scale - 1.5, frame.y1 / scale - 1.5, zero_y)
        legend = self._legend.get_window_extent(renderer)
        avoid = [(legend.x0 / scale, legend.y0 / scale, legend.x1 / scale, legend.y1 / scale)]
        for yline in self._hlines:  # keep text off the dashed lines too
            y = ax.transData.transform((1.0, yline))[1] / scale
            avoid.append((inner[0], y - 1.0, inner[2], y + 1.0))
        for ann, (dx, dy, leader) in zip(self._annotations, _layout(pts, self._sizes_pt, self._shared, avoid, inner)):
            ann.xyann = (dx, dy)
            ann.arrow_patch.set_visible(leader)

    def draw(self, renderer) -> None:
        if self.get_visible():
            self.place(renderer)


def _place_labels(ax: Axes, xy: np.ndarray, labels, colours, shared, *, fontsize: float, legend, hlines=()) -> list:
    """Annotate each point of ``xy`` (data units); the labels are laid out at draw time."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    sizes_pt = []
    annotations = []
    for (x, y), label, colour in zip(xy, labels, colours):
        ann = ax.annotate(
            label, xy=(x, y), xytext=(0, 0), textcoords="offset points", ha="center", va="center",
            fontsize=fontsize, linespacing=1.1, color=colour, path_effects=_HALO, zorder=4,
            arrowprops=dict(arrowstyle="-", color="0.45", linewidth=0.6, shrinkA=1, shrinkB=3),
        )
        ext = Text.get_window_extent(ann, renderer)  # text only, whatever its position
        sizes_pt.append(((ext.width + 2) * 72.0 / fig.dpi, ext.height * 72.0 / fig.dpi))
        annotations.append(ann)
    placer = _LabelPlacer(annotations, np.asarray(xy, dtype=float), sizes_pt, list(shared), legend, tuple(hlines))
    ax.add_artist(placer)
    placer.place(renderer)  # right away too, for code that reads positions before drawing
    return annotations


def _joined(terms, per_line: int = 3) -> str:
    """Terms sharing one point, as one label of ``per_line`` terms a line."""
    terms = sorted(terms)
    return "\n".join(", ".join(terms[i : i + per_line]) for i in range(0, len(terms), per_line))


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
    _place_labels(
        ax,
        groups[["_freq", "z"]].to_numpy(dtype=float),
        [_joined(t) for t in groups["terms"]],
        np.where(groups["z"] > 0, colour_a, colour_b),
        [len(t) > 1 for t in groups["terms"]],
        fontsize=8.5,
        legend=legend,
        hlines=(threshold, -threshold),
    )
    return ax
