"""Plot a similarity table as a labelled heatmap.

:func:`plot_similarity` draws the long frame of
:func:`analysis.compare.similarity.similarity_table` as a square matrix,
each cell printed with its value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis.plots import new_axes

__all__ = ["plot_similarity"]


def plot_similarity(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    labels: dict[str, str] | None = None,
    cmap: str = "Blues",
) -> Axes:
    """Draw a similarity table as a heatmap with the value in each cell.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`analysis.compare.similarity.similarity_table`: two
        group columns then ``cosine``. Rows and columns keep the table's
        (sorted) order of the first group column.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default: a new square figure sized to the groups.
    labels : dict, optional
        Display names for group ids; default: the ids.
    cmap : str, default="Blues"
        A sequential matplotlib colour map; 0 is its lightest colour, 1 its darkest.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``table`` lacks ``cosine`` or a group pair, or is empty.

    References
    ----------
    .. [1] Salton, G. & McGill, M. J. (1983). Introduction to Modern
       Information Retrieval. McGraw-Hill (cosine measure).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"doc_a": ["x", "x", "y", "y"], "doc_b": ["x", "y", "x", "y"],
    ...                       "cosine": [1.0, 0.25, 0.25, 1.0]})
    >>> ax = plot_similarity(table)
    >>> [t.get_text() for t in ax.texts]
    ['1.00', '0.25', '0.25', '1.00']
    """
    if "cosine" not in table.columns or len(table.columns) < 3:
        raise ValueError("table must hold two group columns and 'cosine' (use similarity_table)")
    if table.empty:
        raise ValueError("table is empty: nothing to draw")
    col_a, col_b = [c for c in table.columns if c != "cosine"][:2]
    groups = list(dict.fromkeys(table[col_a]))
    matrix = table.pivot(index=col_a, columns=col_b, values="cosine").reindex(index=groups, columns=groups)
    if matrix.isna().to_numpy().any():
        raise ValueError("table must hold every ordered pair of groups")
    values = matrix.to_numpy(dtype=float)
    labels = labels or {}
    names = [labels.get(g, g) for g in groups]
    side = 2.6 + 0.75 * len(groups)
    ax = new_axes(ax, figsize=(side + 1.2, side))
    image = ax.imshow(values, cmap=cmap, vmin=0.0, vmax=1.0)
    size = 9 if len(groups) <= 8 else 7
    for i in range(len(groups)):
        for j in range(len(groups)):
            v = values[i, j]
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=size,
                    color="white" if v > 0.6 else "black")
    ticks = np.arange(len(groups))
    ax.set_xticks(ticks, names, rotation=35, ha="right", rotation_mode="anchor")
    ax.set_yticks(ticks, names)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(ticks[:-1] + 0.5, minor=True)
    ax.set_yticks(ticks[:-1] + 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.03, label="cosine similarity")
    ax.set_title("Cosine similarity of TF-IDF vectors")
    return ax
