"""Plots of the coded corpus (notebook 02): profiles, codelines, actors, positions."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from analysis.plots import STANCE_COLOURS, new_axes
from analysis.stance import STANCES

__all__ = ["plot_stance_profile", "plot_codeline", "plot_actor_stances", "plot_document_positions"]


def plot_stance_profile(profile: pd.DataFrame, *, by: str = "doc_id", ax: Axes | None = None,
                        title: str = "Stance of the sentences in each document") -> Axes:
    """Draw a stacked horizontal bar per group: share of sentences by stance.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`analysis.stance.stance_profile`.
    by : str
        The group column of ``profile``.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, figsize=(8.0, 3.6))
    wide = profile.pivot(index=by, columns="stance", values="share")
    counts = profile.pivot(index=by, columns="stance", values="n")
    order = list(dict.fromkeys(profile[by]))[::-1]
    wide, counts = wide.reindex(order), counts.reindex(order)
    left = np.zeros(len(order))
    for stance in STANCES:
        values = wide[stance].to_numpy()
        ax.barh(order, values, left=left, color=STANCE_COLOURS[stance], label=stance, edgecolor="white")
        for y, (x0, w, n) in enumerate(zip(left, values, counts[stance])):
            if w >= 0.06:
                colour = "white" if stance != "NEUTRAL" else "black"
                ax.text(x0 + w / 2, y, f"{int(n)}", ha="center", va="center", fontsize=8, color=colour)
        left += values
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the document's coded sentences (numbers: sentences)")
    ax.set_title(title)
    ax.legend(ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.22), frameon=False)
    return ax


def plot_codeline(codeline: pd.DataFrame, *, ax: Axes | None = None,
                  title: str = "Codeline: where each stance falls along each text") -> Axes:
    """Draw one line per document with a mark per sentence, coloured by stance.

    Author-voice statements are filled circles, reported (actor-voice)
    statements open triangles, NEUTRAL sentences small grey ticks. The x axis
    is the sentence position (first to last sentence of each text).

    Parameters
    ----------
    codeline : pandas.DataFrame
        From :func:`analysis.stance.codeline_table`.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, figsize=(9.0, 3.8))
    docs = list(dict.fromkeys(codeline["doc_id"]))
    ys = {d: len(docs) - 1 - i for i, d in enumerate(docs)}
    for doc in docs:
        ax.hlines(ys[doc], 0, 1, color="#DDDDDD", linewidth=1, zorder=0)
    y = codeline["doc_id"].map(ys)
    x = codeline["relative_position"]
    neutral = codeline["stance"] == "NEUTRAL"
    ax.scatter(x[neutral], y[neutral], marker="|", s=60, color=STANCE_COLOURS["NEUTRAL"], zorder=1)
    for stance in ("ENGAGE", "DISENGAGE"):
        colour = STANCE_COLOURS[stance]
        own = (codeline["stance"] == stance) & (codeline["voice"] == "author")
        rep = (codeline["stance"] == stance) & (codeline["voice"] != "author")
        ax.scatter(x[own], y[own], marker="o", s=46, color=colour, zorder=3)
        ax.scatter(x[rep], y[rep] + 0.18, marker="^", s=42, facecolor="white", edgecolor=colour, linewidth=1.4,
                   zorder=3)
    ax.set_yticks(list(ys.values()), list(ys.keys()))
    ax.set_ylim(-0.6, len(docs) - 0.3)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["first", "", "middle", "", "last sentence"])
    ax.set_title(title)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=STANCE_COLOURS["ENGAGE"], label="ENGAGE, author"),
        Line2D([], [], marker="^", linestyle="", markerfacecolor="white", color=STANCE_COLOURS["ENGAGE"],
               label="ENGAGE, reported"),
        Line2D([], [], marker="o", linestyle="", color=STANCE_COLOURS["DISENGAGE"], label="DISENGAGE, author"),
        Line2D([], [], marker="^", linestyle="", markerfacecolor="white", color=STANCE_COLOURS["DISENGAGE"],
               label="DISENGAGE, reported"),
        Line2D([], [], marker="|", linestyle="", color=STANCE_COLOURS["NEUTRAL"], markersize=10, label="NEUTRAL"),
    ]
    ax.legend(handles=handles, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False,
              fontsize=8, handletextpad=0.3, columnspacing=1.0)
    return ax


def plot_actor_stances(table: pd.DataFrame, *, ax: Axes | None = None,
                       title: str = "Who says what: statements per actor") -> Axes:
    """Draw diverging bars per actor: DISENGAGE statements left, ENGAGE right.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.stance.actor_stance_table`.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, figsize=(8.0, max(3.0, 0.32 * len(table) + 1.2)))
    labels = [f"{n} ({k})" for n, k in zip(table["name"], table["kind"])]
    y = np.arange(len(table))
    ax.barh(y, -table["DISENGAGE"], color=STANCE_COLOURS["DISENGAGE"], label="DISENGAGE")
    ax.barh(y, table["ENGAGE"], color=STANCE_COLOURS["ENGAGE"], label="ENGAGE")
    for yi, (d, e) in enumerate(zip(table["DISENGAGE"], table["ENGAGE"])):
        if d:
            ax.text(-d - 0.2, yi, str(int(d)), ha="right", va="center", fontsize=8)
        if e:
            ax.text(e + 0.2, yi, str(int(e)), ha="left", va="center", fontsize=8)
    ax.set_yticks(y, labels)
    lim = max(table["DISENGAGE"].max(), table["ENGAGE"].max()) + 2.5
    ax.set_xlim(-lim, lim)
    ax.axvline(0, color="black", linewidth=0.8)
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [str(abs(int(t))) for t in ticks])
    ax.set_xlim(-lim, lim)
    ax.set_xlabel("statements (sentences)")
    ax.set_title(title)
    ax.legend(loc="upper left", frameon=False)
    return ax


def plot_document_positions(positions: pd.DataFrame, *, by: str = "doc_id", ax: Axes | None = None,
                            title: str = "Each text's own position (author-voice sentences)") -> Axes:
    """Draw each group's position from -1 (disengage) to +1 (engage) with its interval.

    Parameters
    ----------
    positions : pandas.DataFrame
        From :func:`analysis.stance.document_positions`.
    by : str
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, figsize=(8.0, 3.4))
    frame = positions.iloc[::-1].reset_index(drop=True)
    y = np.arange(len(frame))
    ax.axvline(0, color="#999999", linestyle="--", linewidth=0.8)
    ax.hlines(y, frame["lower"], frame["upper"], color="black", linewidth=1.5)
    colours = [STANCE_COLOURS["ENGAGE"] if p > 0 else STANCE_COLOURS["DISENGAGE"] if p < 0 else "black"
               for p in frame["position"].fillna(0)]
    ax.scatter(frame["position"], y, color=colours, s=50, zorder=3)
    for yi, n in enumerate(frame["n"]):
        if n == 0:
            ax.text(0, yi, "no statements of this voice", ha="center", va="center", fontsize=8, color="#666666",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    labels = [f"{g}  (n = {n})" for g, n in zip(frame[by], frame["n"])]
    ax.set_yticks(y, labels)
    ax.set_xlim(-1.1, 1.1)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["-1\nall DISENGAGE", "-0.5", "0", "0.5", "+1\nall ENGAGE"])
    ax.set_xlabel("(ENGAGE - DISENGAGE) / (ENGAGE + DISENGAGE), with 95% Wilson interval")
    ax.set_title(title)
    return ax
