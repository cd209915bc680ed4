"""Plots of actor networks and of the sister-city pairs (notebook 05)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from analysis.plots import STANCE_COLOURS, new_axes

__all__ = ["plot_affiliation", "plot_congruence", "plot_sister_cities"]

#: Colours of sister-city statuses: ending ties warm, keeping or starting ties cool.
STATUS_COLOURS = {
    "severed": "#8B0000", "suspended": "#D55E00", "exchange called off": "#E69F00", "urged to end": "#F0B27A",
    "attenuating": "#999999", "existing": "#CCCCCC", "mentioned": "#CCCCCC",
    "kept": "#009E73", "urged to keep": "#8FD3BE", "proposed": "#56B4E9", "new": "#0072B2",
}


def plot_affiliation(graph: nx.Graph, *, labels: dict | None = None, ax: Axes | None = None,
                     title: str = "Actors and the positions they state") -> Axes:
    """Draw the actor x concept network in two columns: actors left, concepts right.

    Actors are ordered by the concepts they state (so actors who agree sit
    together); edges are coloured by stance and widened by weight.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`analysis.compare.networks.affiliation_network`.
    labels : dict, optional
        Display names of actor nodes.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    labels = labels or {}
    concepts = sorted((n for n, d in graph.nodes(data=True) if d.get("bipartite") == 1),
                      key=lambda c: (c.split(":")[0] != "ENGAGE", c))
    actors = [n for n, d in graph.nodes(data=True) if d.get("bipartite") == 0]

    def centre(actor):
        ranks = [concepts.index(c) * graph[actor][c]["weight"] for c in graph[actor]]
        return sum(ranks) / sum(graph[actor][c]["weight"] for c in graph[actor])

    actors = sorted(actors, key=lambda a: (centre(a), a))
    ax = new_axes(ax, figsize=(8.5, max(4.0, 0.34 * len(actors) + 1.2)))
    ya = {a: len(actors) - 1 - i for i, a in enumerate(actors)}
    step = (len(actors) - 1) / max(len(concepts) - 1, 1)
    yc = {c: len(actors) - 1 - i * step for i, c in enumerate(concepts)}
    for a, c, w in sorted(graph.edges(data="weight")):
        actor, concept = (a, c) if a in ya else (c, a)
        colour = STANCE_COLOURS.get(concept.split(":")[0], "grey")
        ax.plot([0, 1], [ya[actor], yc[concept]], color=colour, linewidth=0.8 + 1.2 * math.sqrt(w), alpha=0.6,
                solid_capstyle="round", zorder=1)
    ax.scatter([0] * len(actors), [ya[a] for a in actors], s=30, color="black", zorder=2)
    for a in actors:
        ax.text(-0.03, ya[a], labels.get(a, a), ha="right", va="center", fontsize=8.5)
    for c in concepts:
        stance, target = c.split(":")
        ax.scatter([1], [yc[c]], s=120, color=STANCE_COLOURS.get(stance, "grey"), zorder=2)
        ax.text(1.04, yc[c], f"{stance}\n{target} ties", ha="left", va="center", fontsize=9,
                color=STANCE_COLOURS.get(stance, "black"))
    ax.set_xlim(-1.1, 1.45)
    ax.set_ylim(-0.8, len(actors) - 0.2)
    ax.axis("off")
    ax.set_title(title)
    return ax


def plot_congruence(graph: nx.Graph, *, labels: dict | None = None, net: dict | None = None,
                    ax: Axes | None = None, title: str = "Congruence: actors who state the same positions") -> Axes:
    """Draw the congruence network on a circle, edge width by weight.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`analysis.compare.networks.congruence_network`.
    labels : dict, optional
        Display names of the nodes.
    net : dict, optional
        Actor -> net stance (ENGAGE minus DISENGAGE statements): colours the
        nodes (blue engage, orange disengage, grey mixed).
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    labels, net = labels or {}, net or {}
    nodes = sorted(graph.nodes, key=lambda n: (-np.sign(net.get(n, 0)), n))
    angles = np.linspace(np.pi / 2, np.pi / 2 - 2 * np.pi, len(nodes), endpoint=False)
    pos = {n: (math.cos(t), math.sin(t)) for n, t in zip(nodes, angles)}
    ax = new_axes(ax, figsize=(8.0, 7.0))
    for a, b, w in sorted(graph.edges(data="weight")):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color="#777777", linewidth=0.6 + 1.4 * w, alpha=0.5, zorder=1)
    for n in nodes:
        v = net.get(n, 0)
        colour = STANCE_COLOURS["ENGAGE"] if v > 0 else STANCE_COLOURS["DISENGAGE"] if v < 0 else "#999999"
        x, y = pos[n]
        ax.scatter([x], [y], s=80 + 25 * graph.degree(n), color=colour, zorder=2, edgecolor="white")
        ha = "left" if x > 0.05 else "right" if x < -0.05 else "center"
        ax.text(1.12 * x, 1.12 * y, labels.get(n, n), ha=ha, va="center", fontsize=8.5)
    ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    handles = [Line2D([], [], marker="o", linestyle="", color=STANCE_COLOURS["ENGAGE"], label="mostly ENGAGE"),
               Line2D([], [], marker="o", linestyle="", color=STANCE_COLOURS["DISENGAGE"], label="mostly DISENGAGE"),
               Line2D([], [], color="#777777", linewidth=2, label="line width: shared positions")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.08), ncol=3, frameon=False)
    return ax


def plot_sister_cities(table: pd.DataFrame, *, documents: list[str] | None = None, ax: Axes | None = None,
                       title: str = "Sister-city pairs in the texts, and what each text reports") -> Axes:
    """Draw one row per city pair, one column per text, a coloured mark per reported status.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.compare.sister_cities.read_sister_cities`.
    documents : list of str, optional
        Column order; default: order of first appearance.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    from analysis.compare.sister_cities import STATUSES, pair_status_table

    pairs = pair_status_table(table)
    label = {p: p for p in pairs["pair"]}
    frame = table.assign(pair=[f"{(u or '(' + s + ')')} – {p or '?'}" for u, s, p in
                               zip(table["us_city"], table["us_state"], table["partner_city"])])
    order = list(pairs["pair"])[::-1]
    docs = documents or list(dict.fromkeys(table["doc_id"]))
    ax = new_axes(ax, figsize=(9.0, max(4.0, 0.3 * len(order) + 1.8)))
    y = {p: i for i, p in enumerate(order)}
    x = {d: i for i, d in enumerate(docs)}
    for i in range(len(order)):
        ax.axhline(i, color="#EEEEEE", linewidth=0.8, zorder=0)
    seen = set()
    for (pair, doc), grp in frame.groupby(["pair", "doc_id"], sort=True):
        statuses = sorted(set(grp["status"]), key=STATUSES.index)
        for k, status in enumerate(statuses):
            offset = (k - (len(statuses) - 1) / 2) * 0.18
            ax.scatter(x[doc] + offset, y[pair], s=70, color=STATUS_COLOURS[status], edgecolor="black",
                       linewidth=0.4, zorder=2)
            seen.add(status)
    ax.set_yticks(range(len(order)), [label[p] for p in order], fontsize=8.5)
    ax.set_xticks(range(len(docs)), docs, rotation=25, ha="right", fontsize=8.5)
    ax.set_xlim(-0.6, len(docs) - 0.4)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_title(title)
    handles = [Line2D([], [], marker="o", linestyle="", markerfacecolor=STATUS_COLOURS[s], markeredgecolor="black",
                      markeredgewidth=0.4, color=STATUS_COLOURS[s], label=s) for s in STATUSES if s in seen]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title="status reported")
    ax.text(1.02, 0.0, "? = partner not named in the text", transform=ax.transAxes, fontsize=8, va="bottom")
    return ax
