"""Tuning and calibrating a text classifier inside its training data.

:class:`TunedCoder` wraps any scikit-learn text classifier: it picks the
classifier's settings by inner cross-validation that keeps groups (a
document and its copies) apart, refits, and calibrates probabilities where
every class has enough examples. :data:`TRAIN_ONLY` marks training rows
(e.g. synthetic sentences) that are never scored in the inner folds.

References
----------
.. [1] Platt, J. (1999). Probabilistic outputs for support vector machines.
   Advances in Large Margin Classifiers, 61-74.
.. [2] Varma, S. & Simon, R. (2006). Bias in error estimation when using
   cross-validation for model selection. BMC Bioinformatics, 7, 91.
"""

from __future__ import annotations

import inspect
from collections import Counter

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import GridSearchCV, StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from analysis.cues import as_texts

__all__ = ["TRAIN_ONLY", "TunedCoder"]

#: Group of training rows that are never scored in inner CV (e.g. synthetic sentences): always in the training folds.
TRAIN_ONLY = "__train_only__"


class _FeatureFits:
    """``joblib.Memory``'s ``cache`` interface, kept in memory for one ``fit``.

    A ``Pipeline`` given this as ``memory`` looks each transformer fit up
    by ``joblib.hash`` of the function and its arguments (the unfitted
    transformer, the training texts and labels), as ``joblib.Memory`` does,
    but keeps the fitted transformer and its output in a dict instead of
    pickling them to disk. Copies (``clone`` deep-copies parameters) share
    the one dict; a copy sent to another process starts its own.
    """

    def __init__(self):
        self._fits = {}

    def __deepcopy__(self, memo):
        return self

    def cache(self, func, ignore=()):
        """Return ``func`` looked up by its arguments (those named in ``ignore`` left out of the key)."""
        from joblib import hash as joblib_hash

        signature = inspect.signature(func)

        def cached(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            kept = {name: value for name, value in bound.arguments.items() if name not in ignore}
            key = joblib_hash((func.__module__, func.__qualname__, kept))
            if key not in self._fits:
                self._fits[key] = func(*args, **kwargs)
            return self._fits[key]

        return cached


def _with_feature_fits(estimator):
    """Return a clone of ``estimator``; a ``Pipeline`` without memory gets a fresh :class:`_FeatureFits`.

    scikit-learn's ``Pipeline(memory=...)`` looks each transformer fit up
    by its parameters and training data, so fits that differ only in the
    last step (a grid over ``C``, the calibration folds) share one feature
    fit.
    """
    estimator = clone(estimator)
    if isinstance(estimator, Pipeline) and estimator.memory is None:
        estimator.set_params(memory=_FeatureFits())
    return estimator


def _forget_memory(coder: TunedCoder) -> None:
    """Set ``memory=None`` on every pipeline a fitted ``coder`` keeps (the fit's feature cache is dropped)."""
    pipelines = [coder.best_estimator_]
    if coder.search_ is not None:
        pipelines.append(coder.search_.estimator)
    if coder.calibrator_ is not None:
        pipelines += [coder.calibrator_.estimator, *(c.estimator for c in coder.calibrator_.calibrated_classifiers_)]
    for pipeline in pipelines:
        if isinstance(pipeline, Pipeline):
            pipeline.set_params(memory=None)


class TunedCoder(ClassifierMixin, BaseEstimator):
    """Tune a text classifier by inner cross-validation, then calibrate it.

    ``fit`` runs a ``GridSearchCV`` over ``param_grid`` on the training
    data only, with inner folds that keep groups apart when ``fit`` gets
    ``groups`` (a shuffled ``StratifiedGroupKFold``: a sentence and its
    copies are never on both sides of an inner split) and a shuffled
    ``StratifiedKFold`` of ``min(n_splits, smallest class size)`` folds
    otherwise; it refits the best setting on all of it, and, when every
    class has at least ``min_per_class`` examples, fits a ``CalibratedClassifierCV``
    (``method=calibration``) with the same folds.

    Fallbacks: with fewer than 2 examples in some class, fewer than 2
    groups, or an inner training fold that lacks a class, no tuning is done
    (the estimator keeps its own parameters, ``best_params_`` is ``{}``);
    without calibration ``predict_proba`` is the estimator's own.
    ``predict`` is always the tuned estimator's (class-balanced) decision;
    calibrated probabilities only say how sure it is, so their arg-max may
    differ from ``predict`` for rare classes.

    The grid and the calibration fit the same estimator on the same inner
    training folds again and again, changing only the classifier. When the
    estimator is a ``Pipeline`` without a ``memory`` of its own, ``fit``
    gives it a cache in memory for the length of the fit (sklearn's
    transformer caching, ``Pipeline(memory=...)``), so the feature steps
    are fitted once per training fold instead of once per setting and
    fold: the same models, about twice as fast for the default coder. The
    fitted pipelines keep ``memory=None``.

    Parameters
    ----------
    estimator : estimator
        A classifier taking texts, e.g. :func:`tfidf_coder` ``()``.
    param_grid : dict
        Grid for ``GridSearchCV``, e.g. ``{"classifier__C": [0.1, 1, 10]}``.
    n_splits : int, default=5
        Most inner folds.
    scoring : str, default="f1_macro"
        Score that picks the setting.
    calibration : {"sigmoid", "isotonic", None}, default="sigmoid"
        Calibration method (Platt 1999 sigmoid), or None for none.
    min_per_class : int, default=10
        Fewest examples per class for calibrating.
    random_state : int, default=0
        Seed of the inner folds' shuffling.

    Attributes
    ----------
    classes_, best_estimator_, best_params_, calibrator_ (None if not calibrated), search_ (None if not tuned)

    References
    ----------
    .. [1] Platt, J. (1999). Probabilistic outputs for support vector
       machines. Advances in Large Margin Classifiers, 61-74.
    .. [2] Varma, S. & Simon, R. (2006). Bias in error estimation when using
       cross-validation for model selection. BMC Bioinformatics, 7, 91.
    """

    def __init__(self, estimator=None, *, param_grid=None, n_splits=5, scoring="f1_macro", calibration="sigmoid",
                 min_per_class=10, random_state=0):
        self.estimator = estimator
        self.param_grid = param_grid
        self.n_splits = n_splits
        self.scoring = scoring
        self.calibration = calibration
        self.min_per_class = min_per_class
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _splits(self, y: np.ndarray, groups) -> list | None:
        """Inner folds as ``(train, test)`` index pairs, or None when the data allow no tuning."""
        if groups is None:
            smallest = min(Counter(y.tolist()).values())
            k = min(int(self.n_splits), smallest)
            if k < 2:
                return None
            return list(StratifiedKFold(k, shuffle=True, random_state=self.random_state).split(np.zeros(len(y)), y))
        groups = np.asarray(groups, dtype=object)
        if len(groups) != len(y):
            raise ValueError(f"groups must have one entry per text: {len(groups)} for {len(y)} texts")
        always = np.flatnonzero(groups == TRAIN_ONLY)
        scored = np.flatnonzero(groups != TRAIN_ONLY)
        k = min(int(self.n_splits), len(set(groups[scored].tolist())))
        if k < 2:
            return None
        folds = StratifiedGroupKFold(k, shuffle=True, random_state=self.random_state)
        return [(np.sort(np.concatenate([scored[train], always])), scored[test])
                for train, test in folds.split(np.zeros(len(scored)), y[scored], groups[scored])]

    def fit(self, X, y, groups=None):
        """Tune, refit and (where data allow) calibrate; returns self.

        Parameters
        ----------
        X : iterable of str
            Training texts.
        y : array-like
            One label per text.
        groups : array-like, optional
            Group of each text (document, copies merged: see
            :func:`analysis.evaluate.document_groups`). When given, the inner
            folds are a shuffled ``StratifiedGroupKFold`` of ``min(n_splits,
            number of groups)`` folds, so a group is never on both sides of an
            inner split; rows whose group is :data:`TRAIN_ONLY` (e.g. synthetic
            training sentences) are in every inner training fold and never
            scored. Without groups, a ``StratifiedKFold`` of the rows.
        """
        texts, y = as_texts(X), np.asarray(y, dtype=object)
        if self.estimator is None or len(texts) != len(y):
            raise ValueError("pass an estimator, and one label per text")
        if self.calibration not in ("sigmoid", "isotonic", None):
            raise ValueError(f"calibration must be 'sigmoid', 'isotonic' or None, got {self.calibration!r}")
        folds = self._splits(y, groups)
        if folds is not None and any(len(set(y[train].tolist())) < len(set(y.tolist())) for train, _ in folds):
            folds = None  # an inner training fold without some class: tuning could not weigh that class
        smallest = min(Counter(y.tolist()).values())
        self.search_ = None
        self.calibrator_ = None
        estimator = _with_feature_fits(self.estimator)
        if folds is not None and self.param_grid:
            self.search_ = GridSearchCV(estimator, self.param_grid, scoring=self.scoring, cv=folds,
                                        error_score="raise").fit(texts, y)
            self.best_estimator_, self.best_params_ = self.search_.best_estimator_, dict(self.search_.best_params_)
        else:
            self.best_estimator_, self.best_params_ = clone(estimator).fit(texts, y), {}
        if self.calibration is not None and folds is not None and smallest >= self.min_per_class:
            self.calibrator_ = CalibratedClassifierCV(clone(self.best_estimator_), method=self.calibration,
                                                      cv=folds).fit(texts, y)
        if isinstance(estimator, Pipeline) and isinstance(estimator.memory, _FeatureFits):
            _forget_memory(self)
        self.classes_ = self.best_estimator_.classes_
        return self

    def predict(self, X) -> np.ndarray:
        """Return the tuned estimator's labels."""
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.predict(as_texts(X))

    def predict_proba(self, X) -> np.ndarray:
        """Return calibrated probabilities (the estimator's own, or a softmax of its decision values, when not calibrated)."""
        check_is_fitted(self, "best_estimator_")
        model = self.calibrator_ if self.calibrator_ is not None else self.best_estimator_
        if hasattr(model, "predict_proba"):
            return model.predict_proba(as_texts(X))
        d = np.asarray(model.decision_function(as_texts(X)), dtype=float)
        d = np.column_stack([-d / 2, d / 2]) if d.ndim == 1 else d
        p = np.exp(d - d.max(axis=1, keepdims=True))
        return p / p.sum(axis=1, keepdims=True)
