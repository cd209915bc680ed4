"""Scores: how well predicted codes agree with the reference (consensus) codes.

:func:`classification_scores` scores one coder's predictions per class and
overall (precision, recall, F1, macro-F1, Cohen's kappa), :func:`scores_table`
several coders' predictions frames (see :mod:`analysis.evaluate`), and
:func:`confusion_frame` tabulates them against the reference.

References
----------
.. [1] van Rijsbergen, C. J. (1979). Information Retrieval (2nd ed.), ch. 7 (F-measure).
.. [2] Cohen, J. (1960). A coefficient of agreement for nominal scales.
   Educational and Psychological Measurement, 20(1), 37-46.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

from analysis.reliability import cohen_kappa, confusion_table

__all__ = ["classification_scores", "scores_table", "confusion_frame"]

_OVERALL = ("accuracy", "macro_precision", "macro_recall", "macro_f1", "kappa", "n")


def classification_scores(y_true, y_pred, *, labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Return per-class and overall agreement of predictions with the reference (consensus) codes.

    Per label: ``precision``, ``recall``, ``f1`` (0 where undefined) and
    ``support``; for label ``"all"``: ``accuracy``, the unweighted means
    ``macro_precision``, ``macro_recall``, ``macro_f1`` over ``labels``,
    Cohen's ``kappa`` (:func:`analysis.reliability.cohen_kappa`) and ``n``.

    Parameters
    ----------
    y_true, y_pred : sequence
        Reference (consensus) and predicted codes, aligned.
    labels : sequence of str, optional
        Labels in display order; must include every label used. Default:
        all labels used, sorted.

    Returns
    -------
    pandas.DataFrame
        Long: ``label, metric, value``; labels in ``labels`` order, then
        ``"all"``; metrics in the order above; index 0..n-1.

    References
    ----------
    .. [1] van Rijsbergen, C. J. (1979). Information Retrieval (2nd ed.), ch. 7 (F-measure).
    .. [2] Cohen, J. (1960). A coefficient of agreement for nominal scales.

    Examples
    --------
    >>> s = classification_scores([0, 1, 2, 2, 2], [0, 0, 2, 2, 1])
    >>> round(s.set_index(["label", "metric"]).at[("all", "macro_f1"), "value"], 2)
    np.float64(0.49)
    """
    y_true, y_pred = list(y_true), list(y_pred)
    if len(y_true) != len(y_pred) or not y_true:
        raise ValueError(f"y_true and y_pred must be non-empty and aligned, got {len(y_true)} and {len(y_pred)}")
    used = sorted(set(y_true) | set(y_pred), key=str)
    labels = used if labels is None else list(labels)
    missing = [v for v in used if v not in labels]
    if missing or len(set(labels)) != len(labels):
        raise ValueError(f"labels {labels} repeat a label or lack label(s) {missing} used in y_true/y_pred")
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0.0)
    rows = [(label, m, float(v)) for j, label in enumerate(labels)
            for m, v in (("precision", p[j]), ("recall", r[j]), ("f1", f[j]), ("support", s[j]))]
    overall = (np.mean([a == b for a, b in zip(y_true, y_pred)]), p.mean(), r.mean(), f.mean(),
               cohen_kappa(y_true, y_pred), len(y_true))
    rows += [("all", m, float(v)) for m, v in zip(_OVERALL, overall)]
    return pd.DataFrame(rows, columns=["label", "metric", "value"])


def scores_table(predictions: Mapping[str, pd.DataFrame], *, labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Return :func:`classification_scores` of several coders' predictions frames.

    Returns ``coder, label, metric, value``, coders in mapping order. With
    ``labels`` None, every coder is scored over the labels used by any.

    References
    ----------
    .. [1] As :func:`classification_scores`.

    Examples
    --------
    >>> p = pd.DataFrame({"label": ["A", "B"], "predicted": ["A", "A"]})
    >>> scores_table({"x": p}).query("metric == 'kappa'")["value"].tolist()
    [0.0]
    """
    if labels is None:
        labels = sorted({v for f in predictions.values() for v in [*f["label"], *f["predicted"]]}, key=str)
    frames = [classification_scores(f["label"], f["predicted"], labels=labels).assign(coder=name)
              for name, f in predictions.items()]
    return pd.concat(frames, ignore_index=True)[["coder", "label", "metric", "value"]]


def confusion_frame(y_true, y_pred, *, labels: Sequence[str] | None = None, coder: str = "coder",
                    reference: str = "consensus", variable: str = "stance") -> pd.DataFrame:
    """Return the confusion table of reference codes (rows) and predictions (columns).

    Built by :func:`analysis.reliability.confusion_table`, so it has that
    frame's columns ``variable, coder_a, coder_b, value_a, value_b, n``
    (``coder_a`` = ``reference``, ``coder_b`` = ``coder``), every pair of
    ``labels`` (zeros included) in label order; plot it with
    :func:`analysis.plots.evaluate.plot_confusion`.

    References
    ----------
    .. [1] Stehman, S. V. (1997). Selecting and interpreting measures of
       thematic classification accuracy. Remote Sensing of Environment,
       62(1), 77-89.

    Examples
    --------
    >>> confusion_frame(["A", "B"], ["A", "A"])[["value_a", "value_b", "n"]].values.tolist()
    [['A', 'A', 1], ['A', 'B', 0], ['B', 'A', 1], ['B', 'B', 0]]
    """
    y_true, y_pred = list(y_true), list(y_pred)
    if len(y_true) != len(y_pred) or coder == reference:
        raise ValueError("y_true and y_pred must be aligned, and coder and reference differ")
    units = [f"u{i}" for i in range(len(y_true))]
    codings = pd.DataFrame({"coder": [reference] * len(units) + [coder] * len(units), "unit": units * 2,
                            "variable": variable, "value": y_true + y_pred})
    return confusion_table(codings, variable=variable, coder_a=reference, coder_b=coder, categories=labels,
                           missing_values=())
