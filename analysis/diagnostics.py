"""Coder diagnostics beyond a score: learning curves and what a linear coder learnt.

:func:`learning_curve_table` scores a coder, by the same leave-one-group-out
folds as :func:`analysis.evaluate.cross_validated_predictions`, against the
number of training sentences; :func:`informative_features` lists the
features a fitted linear coder weighs most for each class. Plot the first
with :func:`analysis.plots.evaluate.plot_learning_curve`.

References
----------
.. [1] Figueroa, R. L. et al. (2012). Predicting sample size required for
   classification performance. BMC Medical Informatics and Decision
   Making, 12, 8.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import LeaveOneGroupOut

from analysis.evaluate import _check_data, _extra_data, _fold, _seeded
from analysis.scores import classification_scores

__all__ = ["learning_curve_table", "informative_features"]


def _subsample(train: np.ndarray, labels: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` training rows: one random row of each label, the rest at random."""
    present = sorted(set(labels[train].tolist()), key=str)
    if size < len(present) or size > len(train):
        raise ValueError(f"size {size} must lie between {len(present)} (labels) and {len(train)} (training rows)")
    first = [rng.choice(train[labels[train] == label]) for label in present]
    rest = rng.choice(np.setdiff1d(train, first), size=size - len(first), replace=False)
    return np.sort(np.concatenate([first, rest]).astype(int))


def learning_curve_table(coder, texts, labels, groups, *, sizes: Sequence[int] | None = None, n_repeats: int = 5,
                         random_state: int = 0, extra=None, n_jobs: int | None = None) -> pd.DataFrame:
    """Return held-out macro-F1, kappa and accuracy by number of training sentences.

    For each repeat and size, every leave-one-group-out fold trains a clone
    of ``coder`` on ``size`` sentences drawn from its training groups (one
    of each label present, the rest at random) and codes the held-out
    group; the pooled predictions are scored with
    :func:`analysis.scores.classification_scores` over all labels. Any tuning inside
    ``coder`` (a :class:`analysis.tuning.TunedCoder`) runs on the draw
    alone, with the draw's groups for its inner folds, so no setting is
    chosen with the held-out group's help.

    Parameters
    ----------
    coder : estimator
        Any classifier taking texts.
    texts, labels, groups : sequence
        As for :func:`analysis.evaluate.cross_validated_predictions`.
    sizes : sequence of int, optional
        Training set sizes, each at most the smallest fold's training set.
        Default: five sizes evenly spaced from a fifth of that up to it.
    n_repeats : int, default=5
        Draws per size.
    random_state : int, default=0
        Seed of the draws and of the coder's ``random_state`` parameters.
    extra : pandas.DataFrame or (texts, labels), optional
        Extra training data added to every draw, never scored (not counted
        in ``n_train``).
    n_jobs : int, optional
        Fits run in parallel (joblib); results do not depend on it.

    Returns
    -------
    pandas.DataFrame
        ``n_train, metric, mean, sd, min, max, n_repeats`` (``sd`` with
        ddof=1, 0 for one repeat), metrics ``macro_f1, kappa, accuracy``
        in that order, then ``n_train`` ascending; index 0..n-1.

    References
    ----------
    .. [1] Figueroa, R. L. et al. (2012). Predicting sample size required for
       classification performance. BMC Medical Informatics and Decision
       Making, 12, 8.
    """
    texts, labels, groups = _check_data(texts, labels, groups)
    if n_repeats < 1:
        raise ValueError(f"n_repeats must be >= 1, got {n_repeats}")
    splits = list(LeaveOneGroupOut().split(texts, labels, groups))
    smallest = min(len(train) for train, _ in splits)
    if sizes is None:
        sizes = np.linspace(max(smallest // 5, len(set(labels.tolist()))), smallest, 5)
    sizes = sorted({int(round(s)) for s in sizes})
    all_labels = sorted(set(labels.tolist()), key=str)
    coder, extra = _seeded(coder, random_state), _extra_data(extra)
    rng = np.random.default_rng(random_state)
    draws = [(repeat, size, [(_subsample(train, labels, size, rng), test) for train, test in splits])
             for repeat in range(n_repeats) for size in sizes]
    jobs = (delayed(_fold)(coder, texts, labels, groups, sub, test, extra, frozenset(), None)
            for _, _, folds in draws for sub, test in folds)
    results = iter(Parallel(n_jobs=n_jobs)(jobs))
    records = []
    for repeat, size, folds in draws:
        predicted = np.empty(len(texts), dtype=object)
        for _ in folds:
            test, pred, _conf = next(results)
            predicted[test] = pred
        scores = classification_scores(labels, predicted, labels=all_labels).set_index(["label", "metric"])
        records += [(size, m, repeat, scores.at[("all", m), "value"]) for m in ("macro_f1", "kappa", "accuracy")]
    runs = pd.DataFrame(records, columns=["n_train", "metric", "repeat", "value"])
    table = runs.groupby(["metric", "n_train"], sort=False)["value"].agg(
        mean="mean", sd=lambda v: float(v.std(ddof=1)) if len(v) > 1 else 0.0, min="min", max="max", n_repeats="size")
    table = table.reset_index()
    table["metric"] = pd.Categorical(table["metric"], ["macro_f1", "kappa", "accuracy"], ordered=True)
    table = table.sort_values(["metric", "n_train"]).astype({"metric": str})
    return table[["n_train", "metric", "mean", "sd", "min", "max", "n_repeats"]].reset_index(drop=True)


def informative_features(model, *, n: int = 10, kind: str | None = None) -> pd.DataFrame:
    """Return the features with the largest positive coefficients for each class.

    Parameters
    ----------
    model : Pipeline, TunedCoder or GridSearchCV
        A fitted :func:`analysis.coders.tfidf_coder` (or a search whose
        ``best_estimator_`` is one): a pipeline ending in a linear model.
    n : int, default=10
        Features per class.
    kind : {"words", "chars"}, optional
        Only features of this part of the ``FeatureUnion``.

    Returns
    -------
    pandas.DataFrame
        ``label, rank, kind, feature, coefficient``: labels in ``classes_``
        order, coefficient descending, ties by ``feature``. For two classes
        the model has one coefficient vector, pointing to ``classes_[1]``;
        the first class's list is its negation.

    References
    ----------
    .. [1] Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin'
       words. Political Analysis, 16(4), 372-403 (reading a classifier's
       weights as evidence of what separates the groups).
    """
    pipe = getattr(model, "best_estimator_", model)
    final = pipe.steps[-1][1] if hasattr(pipe, "steps") else None
    if final is None or not hasattr(final, "coef_"):
        raise TypeError("model must be a fitted Pipeline ending in a linear model (e.g. tfidf_coder())")
    names = np.asarray(pipe[:-1].get_feature_names_out(), dtype=object)
    coef, classes = np.asarray(final.coef_), list(final.classes_)
    vectors = [(classes[1], coef[0]), (classes[0], -coef[0])][::-1] if coef.shape[0] == 1 else list(zip(classes, coef))
    parts = [name.split("__", 1) if "__" in name else ["", name] for name in names]
    frames = []
    for label, w in vectors:
        f = pd.DataFrame({"label": label, "kind": [p[0] for p in parts], "feature": [p[1] for p in parts],
                          "coefficient": w})
        if kind is not None:
            if kind not in set(f["kind"]):
                raise ValueError(f"kind must be one of {sorted(set(f['kind']))}, got {kind!r}")
            f = f[f["kind"] == kind]
        f = f.sort_values(["coefficient", "feature"], ascending=[False, True]).head(n)
        frames.append(f.assign(rank=np.arange(1, len(f) + 1)))
    out = pd.concat(frames, ignore_index=True)
    return out[["label", "rank", "kind", "feature", "coefficient"]]
