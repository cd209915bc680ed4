"""Plot where in each text the reused passages lie.

:func:`plot_reuse` draws the frame of
:func:`analysis.compare.reuse.sentence_reuse`: one row per document, each
sentence a segment as wide as its words, filled from the bottom to the share
of its words found in another document, in that document's colour.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from analysis.plots import new_axes

__all__ = ["SOURCE_COLOURS", "plot_reuse"]

#: Okabe & Ito (2008) colours not used for stances (yellow last: it is faint
#: on grey), then tab10 colours that are neither grey nor stance-like.
SOURCE_COLOURS = (
    "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#000000", "#8C564B",
    "#9467BD", "#17BECF", "#BCBD22", "#F0E442",
)
_UNUSED = "#E3E3E3"
_ROW = 0.62


def plot_reuse(
    coverage: pd.DataFrame,
    *,
    ax: Axes | None = None,
    labels: dict[str, str] | None = None,
    colours: dict[str, str] | None = None,
) -> Axes:
    """Draw, per document, which stretches of its text another document shares.

    Parameters
    ----------
    coverage : pandas.DataFrame
        Output of :func:`analysis.compare.reuse.sentence_reuse`: ``doc_id,
        n_tokens, share, source``, sentences in text order. Documents are
        drawn top to bottom in their order of first appearance.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default: a new figure sized to the documents.
    labels : dict, optional
        Display names for document ids (rows and legend); default: the ids.
    colours : dict, optional
        Colour of each source document; default: :data:`SOURCE_COLOURS` in
        the sorted order of the sources.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``coverage`` lacks a column or is empty.

    References
    ----------
    .. [1] Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to
       make figures and presentations that are friendly to colorblind people.

    Examples
    --------
    >>> import pandas as pd
    >>> cov = pd.DataFrame({"doc_id": ["a", "a", "b"], "n_tokens": [5, 8, 6],
    ...                     "share": [0.0, 1.0, 0.5], "source": ["", "b", "a"]})
    >>> ax = plot_reuse(cov)
    >>> [t.get_text() for t in ax.get_yticklabels()]  # bottom to top
    ['b', 'a']
    """
    missing = [c for c in ("doc_id", "n_tokens", "share", "source") if c not in coverage.columns]
    if missing:
        raise ValueError(f"coverage lacks column(s) {', '.join(missing)} (use sentence_reuse)")
    if coverage.empty:
        raise ValueError("coverage is empty: nothing to draw")
    labels = labels or {}
    docs = list(dict.fromkeys(coverage["doc_id"]))
    sources = sorted(s for s in set(coverage.loc[coverage["share"] > 0, "source"]) if s)
    palette = dict(colours or {})
    spare = [c for c in SOURCE_COLOURS if c not in palette.values()]
    for i, src in enumerate(s for s in sources if s not in palette):
        palette[src] = spare[i % len(spare)]
    ax = new_axes(ax, figsize=(8.0, 1.9 + 0.55 * len(docs)))
    longest = 1
    for k, doc in enumerate(docs):
        y = len(docs) - 1 - k
        rows = coverage[coverage["doc_id"] == doc]
        width = rows["n_tokens"].to_numpy(dtype=float)
        left = np.concatenate([[0.0], np.cumsum(width)[:-1]])
        longest = max(longest, width.sum())
        ax.barh(y, width, left=left, height=_ROW, color=_UNUSED, edgecolor="white", linewidth=0.4)
        share = rows["share"].to_numpy(dtype=float)
        used = share > 0
        if used.any():
            heights = _ROW * share[used]
            ax.barh(
                y - _ROW / 2 + heights / 2, width[used], left=left[used], height=heights,
                color=[palette[s] for s in rows["source"].to_numpy()[used]], edgecolor="white", linewidth=0.4,
            )
    ax.set_yticks(range(len(docs)), [labels.get(d, d) for d in reversed(docs)])
    ax.set_ylim(-0.6, len(docs) - 0.4)
    ax.set_xlim(0, longest * 1.01)
    ax.set_xlabel("Position in the text (words; one segment per sentence)")
    ax.set_title("Where each text shares passages with another\n"
                 "(segment filled to the share of the sentence's words found in the source)")
    handles = [Patch(color=palette[s], label=labels.get(s, s)) for s in sources]
    handles.append(Patch(color=_UNUSED, label="(not shared)"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.5 / (len(docs) + 1) - 0.12),
              ncol=min(3, len(handles)), frameon=False, title="Words shared with")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return ax
