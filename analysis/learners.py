"""Candidate learners for the automated coder, and the default of ``python -m analysis code``.

Every candidate is a ``Pipeline`` of the same features and one linear
classifier, wrapped in a :class:`analysis.tuning.TunedCoder` that picks its
regularisation by inner cross-validation on the training data only (by
groups, when ``fit`` gets ``groups``) and calibrates its probabilities:

* features (:func:`text_features`): TF-IDF of word 1-3-grams over
  :func:`analysis.tokens.word_tokens` and of character 2-5-grams within
  word boundaries, sublinear tf, ``min_df=2``; optionally
  :class:`analysis.cues.CueFeatures`, the codebook's cues counted after
  negation and contrast;
* classifiers (:data:`LEARNERS`): class-balanced logistic regression
  (``logreg``), a linear SVM (``linear_svc``), NB-SVM (``nbsvm``, Wang &
  Manning 2012, :class:`analysis.nbsvm.NBSVM`) and complement naive Bayes
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # scikit-learn is imported when a coder is built, so the command line starts quickly
    from sklearn.pipeline import FeatureUnion

    from analysis.tuning import TunedCoder

__all__ = ["LEARNERS", "DEFAULT_CODER", "text_features", "classifier", "make_coder", "fit_coder",
           "general_lexicon"]

#: The candidate learners :func:`make_coder` knows, and ``select`` (a grid over the first three).
LEARNERS = ("logreg", "linear_svc", "nbsvm", "complement_nb", "select")
#: The learner of ``python -m analysis code``: the best by out-of-sample evaluation (module docstring, MODEL_CARD.md).
DEFAULT_CODER = "linear_svc"
#: Default grid of ``C`` (``alpha`` for complement_nb: its inverse, so larger C = less smoothing).
DEFAULT_CS = (0.1, 1.0, 10.0)


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
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    from analysis.cues import CueFeatures
    from analysis.tokens import cached_word_tokens

    words = TfidfVectorizer(tokenizer=cached_word_tokens, token_pattern=None, lowercase=False, ngram_range=word_ngrams,
                            min_df=min_df, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=char_ngrams, min_df=min_df, sublinear_tf=True)
    parts = [("words", words), ("chars", chars)]
    if cues is not None:
        parts.append(("cues", CueFeatures(dict(cues), default=default, scale=cue_scale)))
    return FeatureUnion(parts)


def classifier(name: str, *, C: float = 1.0, random_state: int = 0):
    """Return the unfitted classifier of learner ``name`` (see :data:`LEARNERS`; not ``select``)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    from analysis.nbsvm import NBSVM

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
        As for :class:`analysis.tuning.TunedCoder`.
    **feature_options
        Passed to :func:`text_features`.

    Returns
    -------
    analysis.tuning.TunedCoder
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
    from sklearn.pipeline import Pipeline

    from analysis.tuning import TunedCoder

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
