"""Plots of the corpus layer (notebook 01): sentence kinds and document lengths."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from analysis.clean import BLOCK_KINDS
from analysis.plots import new_axes

__all__ = ["plot_sentence_kinds", "plot_document_lengths"]

_KIND_COLOURS = {
    "title": "#332288",
    "heading": "#88CCEE",
    "byline": "#44AA99",
    "metadata": "#DDCC77",
    "body": "#0072B2",
    "pull_quote": "#CC6677",
    "bio": "#AA4499",
    "boilerplate": "#999999",
}


def plot_sentence_kinds(sentences: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw stacked horizontal bars: sentences per document, by kind.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences frame (:mod:`analysis.sentences`); documents keep its order.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, figsize=(8.0, 3.6))
    order = list(dict.fromkeys(sentences["doc_id"]))[::-1]
    counts = pd.crosstab(sentences["doc_id"], sentences["kind"]).reindex(order).fillna(0)
    left = pd.Series(0.0, index=order)
    for kind in BLOCK_KINDS:
        if kind not in counts:
            continue
        ax.barh(order, counts[kind], left=left, color=_KIND_COLOURS[kind], label=kind.replace("_", " "),
                edgecolor="white", linewidth=0.5)
        left += counts[kind]
    for y, total in enumerate(left):
        ax.text(total + 0.8, y, f"{int(total)}", va="center", fontsize=9)
    ax.set_xlabel("sentences")
    ax.set_xlim(0, left.max() * 1.12)
    ax.set_title("Sentences per document, by kind of line")
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.22), frameon=False)
    return ax


def plot_document_lengths(lengths: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw words per document, split into content words and stop words.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`analysis.counts.document_lengths`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, figsize=(8.0, 3.6))
    frame = lengths.iloc[::-1]
    content = frame["content_words"]
    stop = frame["words"] - frame["content_words"]
    ax.barh(frame["doc_id"], content, color="#0072B2", label="content words")
    ax.barh(frame["doc_id"], stop, left=content, color="#BBBBBB", label="stop words")
    for y, total in enumerate(frame["words"]):
        ax.text(total + 8, y, f"{int(total)}", va="center", fontsize=9)
    ax.set_xlabel("words (tokens with a letter or digit; pull quotes not counted)")
    ax.set_xlim(0, frame["words"].max() * 1.12)
    ax.set_title("Document length in words")
    ax.legend(ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    return ax
