"""Plots of actor networks and of the sister-city pairs (notebook 05).

Layouts are fixed, never random: the affiliation network is drawn in two
columns (actors left, concepts right) with actors ordered by the barycentre
of the concepts they state, the one-step crossing-reduction heuristic of
Sugiyama, Tagawa & Toda (1981); the congruence network on a circle, actors
ordered by net stance so that camps sit together.

References
----------
.. [1] Sugiyama, K., Tagawa, S. & Toda, M. (1981). Methods for visual
   understanding of hierarchical system structures. IEEE Transactions on
   Systems, Man, and Cybernetics, 11(2), 109-125.
"""

from __future__ import annotations

import math
import textwrap

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.compare.sister_cities import STATUS_DIRECTION, STATUSES
from analysis.plots import STANCE_COLOURS, new_axes

__all__ = ["plot_affiliation", "plot_congruence", "plot_sister_cities"]

#: Concept order top to bottom: engaging first, the Russian ties in the middle.
_CONCEPT_ORDER = ("ENGAGE:ukraine", "ENGAGE:general", "ENGAGE:russia",
                  "DISENGAGE:russia", "DISENGAGE:general", "DISENGAGE:ukraine")
_TARGET_TEXT = {"russia": "ties with Russian cities", "ukraine": "ties with / aid to Ukraine",
                "general": "city ties in general"}
_DIRECTION_COLOURS = {"end": STANCE_COLOURS["DISENGAGE"], "keep": STANCE_COLOURS["ENGAGE"], "neither": "#777777"}
_GREY = "#999999"


def _label(graph: nx.Graph, node, labels: dict | None, width: int = 30) -> str:
    text = (labels or {}).get(node) or graph.nodes[node].get("name") or str(node)
    return "\n".join(textwrap.wrap(str(text), width)) or str(node)


_CONFLICT = "#b2182b"


def _width(weight: float) -> float:
    return 0.8 + 1.3 * math.sqrt(weight)


def plot_affiliation(graph: nx.Graph, *, labels: dict | None = None, ax: Axes | None = None,
                     title: str = "Who states which position: actors and concepts") -> Axes:
    """Draw the actor x concept network in two fixed columns.

    Actors (left) are ordered by the weighted mean rank of the concepts they
    state, ties by name, so that actors who state the same concepts sit
    together; concepts (right, at most six) run from ENGAGE to DISENGAGE.
    Edges are coloured by stance and widened by the number of statements,
    and each actor label ends with its number of statements.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`analysis.compare.networks.affiliation_network` (nodes
        with ``bipartite`` 0/1; edges with ``weight`` and ``stance``).
    labels : dict, optional
        Display names by node id (default: the node's ``name``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure sized to the number of actors if None.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Sugiyama, K., Tagawa, S. & Toda, M. (1981). Methods for visual
       understanding of hierarchical system structures. IEEE Trans. SMC,
       11(2), 109-125.
    """
    concepts = [n for n, d in graph.nodes(data=True) if d.get("bipartite") == 1]
    actors = [n for n, d in graph.nodes(data=True) if d.get("bipartite") == 0]
    rank = {c: i for i, c in enumerate(_CONCEPT_ORDER)}
    concepts.sort(key=lambda c: (rank.get(c, len(rank)), str(c)))
    crank = {c: i for i, c in enumerate(concepts)}

    def barycentre(actor):
        total = sum(d["weight"] for d in graph[actor].values())
        return sum(crank[c] * d["weight"] for c, d in graph[actor].items()) / total if total else 0.0

    actors.sort(key=lambda a: (barycentre(a), str(a)))
    height = max(len(actors) - 1, 1.5 * (len(concepts) - 1), 1)
    ya = dict(zip(actors, np.linspace(height, 0, len(actors)) if len(actors) > 1 else [height / 2]))
    yc = dict(zip(concepts, np.linspace(height, 0, len(concepts)) if len(concepts) > 1 else [height / 2]))
    ax = new_axes(ax, figsize=(9.0, 0.34 * height + 1.9))
    for a, c, d in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        actor, concept = (a, c) if a in ya else (c, a)
        colour = STANCE_COLOURS.get(d.get("stance") or graph.nodes[concept].get("stance"), _GREY)
        ax.plot([0, 1], [ya[actor], yc[concept]], color=colour, linewidth=_width(d.get("weight", 1)),
                alpha=0.55, solid_capstyle="round", zorder=1)
    ax.scatter([0] * len(actors), [ya[a] for a in actors], s=28, color="#333333", zorder=2)
    for a in actors:
        n = int(graph.degree(a, weight="weight"))
        ax.text(-0.04, ya[a], f"{_label(graph, a, labels, 40)} ({n})", ha="right", va="center", fontsize=8.5)
    for c in concepts:
        stance = graph.nodes[c].get("stance", str(c).split(":")[0])
        target = graph.nodes[c].get("target", str(c).split(":")[-1])
        colour = STANCE_COLOURS.get(stance, _GREY)
        ax.scatter([1], [yc[c]], s=140, color=colour, zorder=2)
        ax.text(1.05, yc[c], f"{stance}\n{_TARGET_TEXT.get(target, target)}", ha="left", va="center",
                fontsize=9, color=colour, fontweight="bold")
    weights = sorted({int(d.get("weight", 1)) for _, _, d in graph.edges(data=True)})
    samples = sorted({weights[0], weights[len(weights) // 2], weights[-1]}) if weights else []
    handles = [Line2D([], [], color="#555555", linewidth=_width(w), label=f"{w} statement{'s' * (w != 1)}")
               for w in samples]
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles),
                  frameon=False, title="line width", fontsize=8.5, title_fontsize=8.5)
    ax.set_xlim(-1.25, 1.75)
    ax.set_ylim(-0.6, height + 0.6)
    ax.axis("off")
    ax.set_title(title)
    return ax


def plot_congruence(graph: nx.Graph, *, labels: dict | None = None, net: dict | None = None,
                    ax: Axes | None = None,
                    title: str = "Congruence: actors who take the same stance on the same ties") -> Axes:
    """Draw a one-mode actor network on a circle, line width by weight.

    Positive weights are drawn as solid grey lines, negative ones (a
    subtract network's net conflict) as dashed red lines, in both cases
    wider for a larger absolute weight; the legend gives the widths of the
    smallest and largest weight drawn and the node areas of the fewest and
    most statements.

    Actors with a net ENGAGE stance sit on the right half, net DISENGAGE on
    the left, balanced ones at the bottom; on each side the actor with the
    most statements comes first from the top (ties by id). No actor sits at
    the very top or bottom, where labels would collide.
    Node colour: ENGAGE colour if the actor's net stance is positive,
    DISENGAGE colour if negative, grey if zero; node area grows with the
    number of statements.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`analysis.compare.networks.congruence_network`,
        :func:`~analysis.compare.networks.conflict_network` or
        :func:`~analysis.compare.networks.subtract_network`.
    labels : dict, optional
        Display names by node id (default: the node's ``name``).
    net : dict, optional
        Net stance (ENGAGE minus DISENGAGE statements) by actor; default
        ``n_engage - n_disengage`` from the node attributes, else 0.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 9 x 6.6 inch figure if None.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Leifeld, P. (2013). Reconceptualizing major policy change in the
       advocacy coalition framework. Policy Studies Journal, 41(1), 169-198.
    """
    def net_of(n):
        if net is not None and n in net:
            return net[n]
        d = graph.nodes[n]
        return d.get("n_engage", 0) - d.get("n_disengage", 0)

    def busy(n):
        d = graph.nodes[n]
        return (-(d.get("n_engage", 0) + d.get("n_disengage", 0)), str(n))

    right = sorted((n for n in graph.nodes if net_of(n) > 0), key=busy)
    left = sorted((n for n in graph.nodes if net_of(n) < 0), key=busy)
    middle = sorted((n for n in graph.nodes if net_of(n) == 0), key=busy)
    half = (len(middle) + 1) // 2
    right, left = right + middle[:half], left + middle[half:]  # balanced actors at the bottom
    nodes = right + left
    angles = np.concatenate([np.pi / 2 - np.pi * (np.arange(len(right)) + 0.5) / max(len(right), 1),
                             np.pi / 2 + np.pi * (np.arange(len(left)) + 0.5) / max(len(left), 1)])
    pos = {n: (math.cos(t), math.sin(t)) for n, t in zip(nodes, angles)}
    ax = new_axes(ax, figsize=(9.0, 6.6))
    top = max((abs(w) for _, _, w in graph.edges(data="weight", default=1)), default=1) or 1

    def width(w):  # proportional to |weight|, the heaviest edge 3.6 points wide
        return 0.6 + 3.0 * abs(w) / top

    for a, b, w in sorted(graph.edges(data="weight", default=1), key=lambda e: (str(e[0]), str(e[1]))):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color=_CONFLICT if w < 0 else "#666666", linewidth=width(w),
                linestyle="--" if w < 0 else "-", alpha=0.55, zorder=1)
    for n in nodes:
        v = net_of(n)
        colour = STANCE_COLOURS["ENGAGE"] if v > 0 else STANCE_COLOURS["DISENGAGE"] if v < 0 else _GREY
        x, y = pos[n]
        ax.scatter([x], [y], s=_area(_n_statements(graph, n)), color=colour, edgecolor="white", zorder=2)
        va = "bottom" if y > 0.85 else "top" if y < -0.85 else "center"  # keep top and bottom labels apart
        ax.text(1.1 * x, 1.1 * y, _label(graph, n, labels, 26), ha="left" if x >= 0 else "right",
                va=va, fontsize=8.5, zorder=3)
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-1.4, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    signs = {int(np.sign(net_of(n))) for n in nodes}
    handles = [Line2D([], [], marker="o", linestyle="", color=colour, label=label) for sign, colour, label in
               ((1, STANCE_COLOURS["ENGAGE"], "net ENGAGE"), (-1, STANCE_COLOURS["DISENGAGE"], "net DISENGAGE"),
                (0, _GREY, "balanced")) if sign in signs]
    for sign, colour, style in ((1, "#666666", "-"), (-1, _CONFLICT, "--")):
        drawn = sorted({abs(w) for _, _, w in graph.edges(data="weight", default=1) if np.sign(w) == sign})
        handles += [Line2D([], [], color=colour, linestyle=style, linewidth=width(w),
                           label=f"weight {sign * w:.2g}") for w in sorted({drawn[0], drawn[-1]})] if drawn else []
    sizes = sorted({_n_statements(graph, n) for n in nodes})
    handles += [Line2D([], [], marker="o", linestyle="", color=_GREY, markersize=math.sqrt(_area(k)),
                       label=f"{k} statement{'s' * (k != 1)}") for k in sorted({sizes[0], sizes[-1]})] if sizes else []
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=min(len(handles), 4),
              frameon=False, fontsize=8.5, title="node area: statements by the actor; line width: edge weight",
              title_fontsize=8.5)
    return ax


def _n_statements(graph: nx.Graph, node) -> int:
    return int(graph.nodes[node].get("n_engage", 0) + graph.nodes[node].get("n_disengage", 0))


def _area(n_statements: int) -> float:
    return 60.0 + 12.0 * n_statements


def _source_codes(docs: list[str]) -> dict[str, str]:
    """Return a short distinct code per document: its first letter, more if needed."""
    codes: dict[str, str] = {}
    for d in docs:
        for size in range(1, len(d) + 1):
            code = d[:size].upper()
            if code not in codes.values():
                break
        codes[d] = code
    return codes


def plot_sister_cities(table: pd.DataFrame, *, ax: Axes | None = None,
                       title: str = "Sister-city pairs in the texts: what each text reports") -> Axes:
    """Draw one row per city pair and one column per status, each mark naming its sources.

    Statuses run left to right from ending a tie to starting one (the
    order of :data:`analysis.compare.sister_cities.STATUSES`; only those
    present are drawn). A mark's colour says which way the status moves the
    tie (DISENGAGE colour: ending, ENGAGE colour: keeping or starting, grey:
    neither); its letters name the texts that report it, decoded below the
    plot. Pairs are grouped by partner country; "?" is a partner the text
    does not name.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.compare.sister_cities.read_sister_cities`
        (``pair, partner_country, status, doc_id``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure sized to the number of pairs if None.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Cleveland, W. S. & McGill, R. (1984). Graphical perception.
       JASA, 79(387), 531-554 (position on a common scale is read most
       accurately).
    """
    missing = [c for c in ("pair", "partner_country", "status", "doc_id") if c not in table.columns]
    if missing:
        raise ValueError(f"table needs column(s) {', '.join(missing)} (use read_sister_cities)")
    statuses = [s for s in STATUSES if s in set(table["status"])]
    docs = list(dict.fromkeys(table["doc_id"]))
    codes = _source_codes(docs)
    countries = sorted(set(table["partner_country"]), reverse=True)  # Ukraine above Russia
    rows: list[str] = []
    groups = []
    for country in countries:
        pairs = sorted(set(table.loc[table["partner_country"] == country, "pair"]),
                       key=lambda p: (p.endswith("?"), p))
        groups.append((country, len(rows), len(rows) + len(pairs) - 1))
        rows += pairs
    y = {p: len(rows) - 1 - i for i, p in enumerate(rows)}
    x = {s: i for i, s in enumerate(statuses)}
    ax = new_axes(ax, figsize=(3.6 + 0.8 * len(statuses), 0.27 * len(rows) + 2.4))
    for i in range(len(rows)):
        ax.axhline(i, color="#EEEEEE", linewidth=0.8, zorder=0)
    for s in statuses:  # a faint band per direction behind the columns
        ax.axvspan(x[s] - 0.5, x[s] + 0.5, color=_DIRECTION_COLOURS[STATUS_DIRECTION.get(s, "neither")],
                   alpha=0.06, linewidth=0, zorder=0)
    for (pair, status), grp in table.groupby(["pair", "status"], sort=True):
        direction = STATUS_DIRECTION.get(status, "neither")
        colour = _DIRECTION_COLOURS[direction]
        text = "".join(codes[d] for d in docs if d in set(grp["doc_id"]))
        ax.text(x[status], y[pair], text, ha="center", va="center", fontsize=7.5, color="white",
                fontweight="bold", zorder=2,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": colour, "edgecolor": "none"})
    for country, first, last in groups:
        if first > 0:
            ax.axhline(len(rows) - first - 0.5, color="#555555", linewidth=0.8)
        ax.text(len(statuses) - 0.3, len(rows) - 1 - (first + last) / 2, f"partner in\n{country}",
                ha="left", va="center", fontsize=9, fontweight="bold", color="#333333")
    ax.set_yticks(range(len(rows)), rows[::-1], fontsize=8.5)
    ax.set_xticks(range(len(statuses)), ["\n".join(textwrap.wrap(s, 11)) for s in statuses], fontsize=8.5)
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    ax.tick_params(axis="x", which="both", length=0)
    ax.set_xlim(-0.6, len(statuses) + 0.9)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel("status as the text reports it, from ending a tie to starting one", labelpad=8)
    ax.set_ylabel("US city – partner city (? = partner not named)")
    ax.set_title(title, pad=10)
    key = "   ".join(f"{codes[d]} = {d}" for d in docs)
    handles = [Patch(color=_DIRECTION_COLOURS[k], label=lab) for k, lab in
               (("end", "ending the tie"), ("neither", "neither"), ("keep", "keeping or starting it"))]
    ax.spines["bottom"].set_visible(False)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, frameon=False,
              title="Sources: " + key, title_fontsize=8, fontsize=8.5)
    return ax
