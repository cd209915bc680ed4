"""Candidate learners for the automated coder, and the default of ``python -m analysis code``.

Every candidate is a ``Pipeline`` of the same features and one linear
classifier, wrapped in a :class:`analysis.coders.TunedCoder` that picks its
regularisation by inner cross-validation on the training data only (by
groups, when ``fit`` gets ``groups``) and calibrates its probabilities:

* features (:func:`text_features`): TF-IDF of word 1-3-grams over
  :func:`analysis.tokens.word_tokens` and of character 2-5-grams within
  word boundaries, sublinear tf, ``min_df=2``; optionally
  :class:`analysis.cues.CueFeatures`, the codebook's cues counted after
  negation and contrast;
* classifiers (:data:`LEARNERS`): class-balanced logistic regression
  (``logreg``), a linear SVM (``linear_svc``), NB-SVM (``nbsvm``, Wang &
  Manning 2012, :class:`NBSVM`) and complement naive Bayes
  (``complement_nb``, Rennie et al. 2003);
* ``select``: one grid over ``logreg``, ``linear_svc`` and ``nbsvm`` and
  their ``C``, so the inner cross-validation chooses the learner as well.
  On any labelled data it is therefore chosen against a tuned linear SVM on
  the same features and folds, and is as good as one where that SVM is best.

:data:`DEFAULT_CODER` is ``linear_svc``: with the general cue features and
the synthetic training sentences it scored best out of sample on the
shipped corpus (held-out reuse-aware groups, consensus-coded sentences
only; macro-F1 0.650, kappa 0.464; logistic regression 0.649 / 0.465,
``select`` 0.641 / 0.456, complement NB 0.624 / 0.429, NB-SVM 0.330 /
0.102), and it is the fastest of the close ones: ``benchmarks/
coder_ingredients.py``, notebook 03 and ``analysis/data/MODEL_CARD.md``.

:func:`make_coder` builds any of them; :func:`fit_coder` fits one with
groups where the coder accepts them.

References
----------
.. [1] Wang, S. & Manning, C. D. (2012). Baselines and bigrams: simple, good
   sentiment and topic classification. Proceedings of ACL, 90-94.
.. [2] Rennie, J. D. M., Shih, L., Teevan, J. & Karger, D. R. (2003).
   Tackling the poor assumptions of naive Bayes text classifiers.
   Proceedings of ICML, 616-623.
.. [3] Fan, R.-E., Chang, K.-W., Hsieh, C.-J., Wang, X.-R. & Lin, C.-J.
   (2008). LIBLINEAR: a library for large linear classification. JMLR, 9,
   1871-1874.
.. [4] Varma, S. & Simon, R. (2006). Bias in error estimation when using
   cross-validation for model selection. BMC Bioinformatics, 7, 91.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from analysis.coders import TunedCoder
from analysis.cues import CueFeatures
from analysis.tokens import word_tokens

__all__ = ["LEARNERS", "DEFAULT_CODER", "NBSVM", "text_features", "classifier", "make_coder", "fit_coder",
           "general_lexicon"]

#: The candidate learners :func:`make_coder` knows, and ``select`` (a grid over the first three).
LEARNERS = ("logreg", "linear_svc", "nbsvm", "complement_nb", "select")
#: The learner of ``python -m analysis code``: the best by out-of-sample evaluation (module docstring, MODEL_CARD.md).
DEFAULT_CODER = "linear_svc"
#: Default grid of ``C`` (``alpha`` for complement_nb: its inverse, so larger C = less smoothing).
DEFAULT_CS = (0.1, 1.0, 10.0)


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
    in (TF-IDF in :func:`text_features`), a common variant.

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


def general_lexicon(codebook) -> dict[str, tuple[str, ...]]:
    """Return the codebook's general cues: ``codebook.lexicon(sources=("general",))``.

    Cues taken from the coded texts are left out, so cue features do not
    carry those texts' wording into an evaluation on them.

    Raises
    ------
    TypeError
        If the codebook has no cue provenance (``lexicon`` takes no ``sources``).
    """
    return {label: tuple(cues) for label, cues in codebook.lexicon(sources=("general",)).items() if cues}


def text_features(*, cues: Mapping[str, Sequence[str]] | None = None, word_ngrams=(1, 3), char_ngrams=(2, 5),
                  min_df: int = 2, cue_scale: float = 1.0, default: str = "NEUTRAL") -> FeatureUnion:
    """Return the features of every learner: word and character TF-IDF, and cue counts when ``cues`` is given.

    Parameters
    ----------
    cues : mapping of str to list of str, optional
        A lexicon for :class:`analysis.cues.CueFeatures` (use
        :func:`general_lexicon`); None for TF-IDF only.
    word_ngrams, char_ngrams : tuple of int
        n-gram ranges (words over :func:`analysis.tokens.word_tokens`;
        characters within word boundaries).
    min_df : int, default=2
        Fewest training sentences a TF-IDF feature must occur in.
    cue_scale : float, default=1.0
        Weight of a cue count beside TF-IDF values.
    default : str, default="NEUTRAL"
        The "no position" label of the cue lexicon.

    Returns
    -------
    sklearn.pipeline.FeatureUnion
        Parts ``words``, ``chars`` and, with cues, ``cues``.

    References
    ----------
    .. [1] Salton, G. & Buckley, C. (1988). Term-weighting approaches in
       automatic text retrieval. Information Processing & Management, 24(5).
    """
    words = TfidfVectorizer(tokenizer=word_tokens, token_pattern=None, lowercase=False, ngram_range=word_ngrams,
                            min_df=min_df, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=char_ngrams, min_df=min_df, sublinear_tf=True)
    parts = [("words", words), ("chars", chars)]
    if cues is not None:
        parts.append(("cues", CueFeatures(dict(cues), default=default, scale=cue_scale)))
    return FeatureUnion(parts)


def classifier(name: str, *, C: float = 1.0, random_state: int = 0):
    """Return the unfitted classifier of learner ``name`` (see :data:`LEARNERS`; not ``select``)."""
    if name == "logreg":
        return LogisticRegression(C=C, class_weight="balanced", solver="newton-cg", max_iter=5000,
                                  random_state=random_state)
    if name == "linear_svc":
        return LinearSVC(C=C, class_weight="balanced", max_iter=10000, random_state=random_state)
    if name == "nbsvm":
        return NBSVM(C=C, random_state=random_state)
    if name == "complement_nb":
        return ComplementNB(alpha=1.0 / C)
    raise ValueError(f"learner must be one of {LEARNERS}, got {name!r}")


def _grid(name: str, Cs: Sequence[float], random_state: int) -> dict | list[dict]:
    if name == "complement_nb":
        return {"classifier__alpha": [1.0 / c for c in Cs]}
    if name == "select":
        return [{"classifier": [classifier(n, random_state=random_state)], "classifier__C": list(Cs)}
                for n in ("linear_svc", "logreg", "nbsvm")]
    return {"classifier__C": list(Cs)}


def make_coder(name: str = DEFAULT_CODER, *, cues: Mapping[str, Sequence[str]] | None = None,
               Cs: Sequence[float] = DEFAULT_CS, n_splits: int = 5, calibration: str | None = "sigmoid",
               min_per_class: int = 10, random_state: int = 0, **feature_options) -> TunedCoder:
    """Return learner ``name`` on :func:`text_features`, tuned by inner CV and calibrated.

    Parameters
    ----------
    name : str, default=DEFAULT_CODER
        One of :data:`LEARNERS`.
    cues : mapping of str to list of str, optional
        Lexicon for cue features (:func:`general_lexicon`); None: none.
    Cs : sequence of float
        Grid of ``C`` (for ``complement_nb``, ``alpha = 1 / C``).
    n_splits, calibration, min_per_class, random_state
        As for :class:`analysis.coders.TunedCoder`.
    **feature_options
        Passed to :func:`text_features`.

    Returns
    -------
    analysis.coders.TunedCoder
        Unfitted; its estimator is ``Pipeline([("features", ...), ("classifier", ...)])``.

    References
    ----------
    .. [1] Varma, S. & Simon, R. (2006). Bias in error estimation when using
       cross-validation for model selection. BMC Bioinformatics, 7, 91.

    Examples
    --------
    >>> coder = make_coder("nbsvm", Cs=(1.0,), calibration=None, min_df=1)
    >>> texts = ["keep ties", "cut ties", "keep the ties", "cut the ties"]
    >>> coder.fit(texts, list("EDED")).predict(["we keep ties"]).tolist()
    ['E']
    """
    first = "linear_svc" if name == "select" else name
    pipe = Pipeline([("features", text_features(cues=cues, **feature_options)),
                     ("classifier", classifier(first, random_state=random_state))])
    return TunedCoder(pipe, param_grid=_grid(name, Cs, random_state), n_splits=n_splits, calibration=calibration,
                      min_per_class=min_per_class, random_state=random_state)


def fit_coder(coder, texts, labels, groups=None):
    """Fit ``coder`` on ``texts`` and ``labels``, passing ``groups`` where its ``fit`` takes them; returns it."""
    if groups is not None and "groups" in inspect.signature(coder.fit).parameters:
        return coder.fit(texts, labels, groups=groups)
    return coder.fit(texts, labels)
