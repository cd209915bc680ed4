"""Label placement for scatter plots: labels that neither overlap nor leave the axes.

Used by :func:`analysis.plots.keyness.plot_fightin_words`. A small
deterministic search (no extra dependency): each label, in the order given,
takes the first of a fixed list of positions around its point, at growing
distances, whose box stays inside the axes and overlaps neither an earlier
label, a labelled point nor the legend; a leader line joins labels set away
from their point. The search runs each time the figure is drawn, so the
labels fit the size and layout the figure has when it is shown or saved.
Split from :mod:`analysis.plots.keyness`.

References
----------
.. [1] Imhof, E. (1975). Positioning names on maps. The American
   Cartographer, 2(2), 128-144 (the rules of label placement the search
   follows: close to the point, no overlaps).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.text import Text

__all__ = ["place_labels", "joined_label"]

_HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]

# Positions tried around a point: angles (degrees; mirrored below the zero
# line) at each distance (points between the point and the nearest label edge).
_ANGLES = (0, 180, 30, -30, 150, -150, 60, -60, 120, -120, 90, -90, 15, -15, 165, -165)
_RADII = (3, 7, 13, 20, 29, 39, 50, 63, 78, 94, 112)
_LEADER = 9  # draw a leader line beyond this distance (points)


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


def place_labels(ax: Axes, xy: np.ndarray, labels, colours, shared, *, fontsize: float, legend, hlines=()) -> list:
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


def joined_label(terms, per_line: int = 3) -> str:
    """Terms sharing one point, as one label of ``per_line`` terms a line."""
    terms = sorted(terms)
    return "\n".join(", ".join(terms[i : i + per_line]) for i in range(0, len(terms), per_line))
