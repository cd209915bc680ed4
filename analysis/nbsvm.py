"""NB-SVM: naive Bayes log-count ratios as feature weights of a linear classifier.

One of the candidate learners of :mod:`analysis.learners` (``nbsvm``).

References
----------
.. [1] Wang, S. & Manning, C. D. (2012). Baselines and bigrams: simple, good
   sentiment and topic classification. Proceedings of ACL, 90-94.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["NBSVM"]


class NBSVM(ClassifierMixin, BaseEstimator):
    """NB-SVM: a linear model on features scaled by naive Bayes log-count ratios (Wang & Manning 2012).

    For each class *k* (one-vs-rest; for two classes only ``classes_[1]``)
    the log-count ratio is r = log((p / |p|_1) / (q / |q|_1)), with p =
    ``alpha`` + the feature sums of class *k* and q = ``alpha`` + those of
    the rest; a binary linear model (``base``) is fitted on X scaled by r,
    and its weights w are interpolated with their mean magnitude, w' =
    (1 - ``beta``) mean(|w|) + ``beta`` w. The effective weights on X are
    ``coef_`` = w' * r, so the model is linear in X. The paper binarises
    word counts; here r is computed from whatever non-negative features come
    in (TF-IDF in :func:`analysis.learners.text_features`), a common variant.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of the base model.
    alpha : float, default=1.0
        Smoothing of the counts.
    beta : float, default=0.25
        Interpolation weight (the paper's 0.25; 1 keeps w as fitted).
    base : {"svm", "logreg"}, default="svm"
        ``LinearSVC`` (squared hinge) or ``LogisticRegression``.
    class_weight : "balanced" or None, default="balanced"
        Class weights of each binary model.
    max_iter : int, default=5000
    random_state : int, default=0

    Attributes
    ----------
    classes_, coef_ (n_models x n_features), intercept_, r_ (log-count ratios)

    References
    ----------
    .. [1] Wang, S. & Manning, C. D. (2012). Baselines and bigrams: simple,
       good sentiment and topic classification. Proceedings of ACL, 90-94.

    Examples
    --------
    >>> X = sparse.csr_matrix([[1, 0], [2, 0], [0, 1], [0, 3]])
    >>> NBSVM().fit(X, ["a", "a", "b", "b"]).predict(sparse.csr_matrix([[0, 2], [3, 0]])).tolist()
    ['b', 'a']
    """

    def __init__(self, C=1.0, *, alpha=1.0, beta=0.25, base="svm", class_weight="balanced", max_iter=5000,
                 random_state=0):
        self.C = C
        self.alpha = alpha
        self.beta = beta
        self.base = base
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.positive_only = True
        return tags

    def _base(self):
        if self.base == "svm":
            return LinearSVC(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                             random_state=self.random_state)
        if self.base == "logreg":
            return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                      random_state=self.random_state)
        raise ValueError(f"base must be 'svm' or 'logreg', got {self.base!r}")

    def fit(self, X, y):
        """Fit one scaled linear model per class; returns self."""
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64)
        check_classification_targets(y)
        if (X.data if sparse.issparse(X) else X).min(initial=0.0) < 0:
            raise ValueError("NBSVM needs non-negative features (counts or TF-IDF)")
        if not self.alpha > 0 or not 0 <= self.beta <= 1:
            raise ValueError(f"alpha must be > 0 and beta in [0, 1], got {self.alpha!r}, {self.beta!r}")
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"NBSVM needs at least two classes, got {self.classes_.tolist()}")
        targets = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        X = sparse.csr_matrix(X)
        rs, coefs, intercepts = [], [], []
        for k in targets:
            positive = np.asarray(y == k)
            p = self.alpha + np.asarray(X[positive].sum(axis=0)).ravel()
            q = self.alpha + np.asarray(X[~positive].sum(axis=0)).ravel()
            r = np.log((p / p.sum()) / (q / q.sum()))
            model = self._base().fit(X.multiply(r).tocsr(), positive)
            w = model.coef_.ravel()
            w = (1 - self.beta) * np.abs(w).mean() + self.beta * w
            rs.append(r)
            coefs.append(w * r)
            intercepts.append(float(model.intercept_[0]))
        self.r_, self.coef_, self.intercept_ = np.array(rs), np.array(coefs), np.array(intercepts)
        return self

    def decision_function(self, X) -> np.ndarray:
        """Return X @ coef_.T + intercept_ (one column per class; 1-D for two classes)."""
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, accept_sparse="csr", dtype=np.float64, reset=False)
        scores = np.asarray(X @ self.coef_.T) + self.intercept_
        return scores.ravel() if len(self.classes_) == 2 else scores

    def predict(self, X) -> np.ndarray:
        """Return the class with the highest decision value."""
        scores = self.decision_function(X)
        index = (scores > 0).astype(int) if scores.ndim == 1 else scores.argmax(axis=1)
        return self.classes_[index]
