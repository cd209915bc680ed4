"""Automated stance coders: a cue dictionary and a TF-IDF classifier.

Both are scikit-learn classifiers that take raw sentences (an iterable of
``str``) and work unchanged with ``clone``, ``Pipeline``, ``GridSearchCV``
and :func:`analysis.evaluate.cross_validated_predictions`. Any label set
works (``ENGAGE/DISENGAGE/NEUTRAL``, ``FAVOR/AGAINST/NONE``...).

* :class:`DictionaryCoder` counts cue phrases of a lexicon passed in by the
  caller (``read_codebook(...).lexicon()``), matched on the shared tokenizer
  :func:`analysis.tokens.word_tokens` and, by default, on Porter stems. A
  negation before a cue ("do n't cut ties", "never renounce") and a contrast
  marker before it ("rather than disengage", "as opposed to boycotts": the
  rejected option) move the cue to the opposite label; a cue after an
  adversative ("but", "however") weighs more, since the clause after "but"
  carries the writer's point (Polanyi & Zaenen 2006).
  The matching itself is :class:`analysis.cues.CueMatcher` (compiled once
  per fit; stems computed once per word type).
* :func:`tfidf_coder` is a ``Pipeline`` of word (1-2) and character (2-5,
  within word boundaries) TF-IDF features and a class-balanced logistic
  regression; :func:`tuned_tfidf_coder` wraps it in a :class:`TunedCoder`
  that chooses ``C`` by stratified inner cross-validation on the training
  data only and calibrates probabilities when every class has enough
  examples (:mod:`analysis.tuning`).

References
----------
.. [1] Polanyi, L. & Zaenen, A. (2006). Contextual valence shifters. In
   Computing Attitude and Affect in Text (pp. 1-10). Springer.
.. [2] Porter, M. F. (1980). An algorithm for suffix stripping. Program,
   14(3), 130-137.
.. [3] Young, L. & Soroka, S. (2012). Affective news: the automated coding
   of sentiment in political texts. Political Communication, 29(2), 205-231.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from analysis.cues import ADVERSATIVES, CONTRAST_MARKERS, NEGATIONS, as_texts, matcher_for
from analysis.tokens import cached_word_tokens, word_tokens
from analysis.tuning import TRAIN_ONLY, TunedCoder

__all__ = ["TRAIN_ONLY", "NEGATIONS", "CONTRAST_MARKERS", "ADVERSATIVES", "DictionaryCoder", "TunedCoder",
           "tfidf_coder", "tuned_tfidf_coder", "as_texts"]


class DictionaryCoder(ClassifierMixin, BaseEstimator):
    """Code sentences by counting lexicon cues, with negation and contrast.

    Each sentence is tokenized by :func:`analysis.tokens.word_tokens` (and
    Porter-stemmed when ``stem``); cue phrases, negations and markers are
    matched as token sequences, the longest match first. A cue counts for
    its label with weight 1, or ``adversative_weight`` after an adversative;
    it counts for the opposite label when an odd number of negations stand
    at most ``negation_window`` tokens before it in the same clause, or when
    it lies in the scope of a contrast marker (up to the next punctuation),
    but not both. A negated inverted question ("Should n't cities engage
    ...?") asserts the positive and does not reverse its cues. Punctuation,
    markers and "not only ... but also" end a clause. The label with the highest score wins; no
    cue, or a tie, gives ``default``.

    Parameters
    ----------
    lexicon : mapping of str to list of str
        ``{label: [cue, ...]}``, e.g. ``codebook.lexicon()``. Required.
    default : str, default="NEUTRAL"
        Label when no cue fires or the top labels tie.
    negations, contrast_markers, adversatives : tuple of str
        Phrases of each kind (see the module constants).
    opposites : mapping of str to str, optional
        Where a reversed cue goes. Default: when the lexicon has exactly two
        labels besides ``default``, each is the other's opposite; otherwise a
        reversed cue counts for nothing.
    negation_window : int, default=3
        Most tokens allowed between a negation and its cue.
    adversative_weight : float, default=2.0
        Weight of a cue after an adversative.
    stem : bool, default=True
        Match on Porter stems: "suspended" matches "suspend" (but Porter
        keeps derivations apart: list "suspension" as a cue of its own).

    Attributes
    ----------
    classes_ : ndarray of str
        Sorted labels: those of ``y``, or of the lexicon and ``default``.
    lexicon_ : dict
        ``{label: [cue token tuples]}`` as matched.
    matcher_ : analysis.cues.CueMatcher
        The compiled cues.

    References
    ----------
    .. [1] Polanyi, L. & Zaenen, A. (2006). Contextual valence shifters.
    .. [2] Young, L. & Soroka, S. (2012). Affective news. Political
       Communication, 29(2), 205-231.

    Examples
    --------
    >>> coder = DictionaryCoder({"ENGAGE": ["keep ties"], "DISENGAGE": ["cut ties"]}).fit(["x"])
    >>> coder.predict(["Cities should cut ties.", "Do not cut ties.", "Keep ties rather than cut ties."]).tolist()
    ['DISENGAGE', 'ENGAGE', 'ENGAGE']
    """

    def __init__(self, lexicon=None, *, default="NEUTRAL", negations=NEGATIONS, contrast_markers=CONTRAST_MARKERS,
                 adversatives=ADVERSATIVES, opposites=None, negation_window=3, adversative_weight=2.0, stem=True):
        self.lexicon = lexicon
        self.default = default
        self.negations = negations
        self.contrast_markers = contrast_markers
        self.adversatives = adversatives
        self.opposites = opposites
        self.negation_window = negation_window
        self.adversative_weight = adversative_weight
        self.stem = stem

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def fit(self, X, y=None):
        """Check the parameters, compile the cues (:class:`analysis.cues.CueMatcher`) and record ``classes_``; returns self."""
        n_texts = len(as_texts(X))
        matcher = matcher_for(self)  # checks the parameters
        labels = set(matcher.lexicon) | {self.default}
        if y is None:
            classes = np.array(sorted(labels), dtype=object)
        else:
            y = np.asarray(y, dtype=object)
            if y.ndim != 1 or len(y) != n_texts:
                raise ValueError(f"y must be 1-D with one label per text, got shape {y.shape} for {n_texts} texts")
            classes = np.array(sorted(set(y.tolist())), dtype=object)
            absent = sorted(labels - set(classes))
            if absent:
                raise ValueError(f"label(s) {absent} of the lexicon or default are not labels of y {classes.tolist()}")
        unknown = sorted(set(matcher.opposites.values()) - set(classes))
        if unknown:
            raise ValueError(f"opposites name label(s) {unknown} that are not among {classes.tolist()}")
        self.classes_ = classes
        self.lexicon_ = matcher.lexicon
        self.matcher_ = matcher
        return self

    def match_table(self, X) -> pd.DataFrame:
        """Return every cue match: ``row, token_start, token_end, cue, label, negated, contrasted, weight, counted_for``.

        ``row`` is the 0-based position in ``X``; tokens are 0-based
        positions in ``word_tokens(text)``; ``counted_for`` is "" for a
        reversed cue without an opposite. Sorted by ``row``, ``token_start``.
        """
        check_is_fitted(self, "lexicon_")
        rows = []
        for i, text in enumerate(as_texts(X)):
            tokens = word_tokens(text)
            rows += [(i, start, end, " ".join(tokens[start:end]), *rest)
                     for start, end, *rest in self.matcher_.matches(tokens)]
        columns = ["row", "token_start", "token_end", "cue", "label", "negated", "contrasted", "weight", "counted_for"]
        return pd.DataFrame(rows, columns=columns).sort_values(["row", "token_start"]).reset_index(drop=True)

    def predict_proba(self, X) -> np.ndarray:
        """Return normalised cue scores, one column per ``classes_``.

        A row is the weighted cue count per label divided by its sum; a row
        without cues is 1 for ``default``. When the top labels tie, their
        mass moves to ``default`` (the cues cancel), so ``predict`` is
        always the arg-max.
        """
        check_is_fitted(self, "lexicon_")
        proba = self.matcher_.scores(as_texts(X), list(self.classes_))
        default = list(self.classes_).index(self.default)
        for row in proba:
            top = row.max()
            if top == 0:
                row[default] = 1.0
                continue
            tied = np.flatnonzero(row == top)
            if len(tied) > 1:
                moved = row[tied].sum()
                row[tied] = 0.0
                row[default] += moved
            row /= row.sum()
        return proba

    def predict(self, X) -> np.ndarray:
        """Return the label with the highest cue score (``default`` without cues or on a tie)."""
        check_is_fitted(self, "lexicon_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def tfidf_coder(*, C: float = 1.0, min_df: int = 2, word_ngrams: tuple[int, int] = (1, 2),
                char_ngrams: tuple[int, int] = (2, 5), max_iter: int = 2000, random_state: int = 0) -> Pipeline:
    """Return a TF-IDF + logistic regression text classifier (unfitted).

    Steps ``features`` (a ``FeatureUnion`` of ``words``: TF-IDF of word
    n-grams over :func:`analysis.tokens.word_tokens`; and ``chars``: TF-IDF
    of character n-grams within word boundaries, which share evidence
    between "suspend", "suspended" and "suspension") and ``classifier``
    (``LogisticRegression(class_weight="balanced")``, so that rare stances
    are not swamped by NEUTRAL). Both use sublinear tf and ``min_df``, so a
    feature must occur in at least that many training sentences: names and
    phrases of a single sentence do not become features, which helps the
    coder carry over to new texts.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength (tune with :func:`tuned_tfidf_coder`).
    min_df : int, default=2
        Fewest training sentences a feature must occur in.
    word_ngrams, char_ngrams : tuple of int
        n-gram ranges.
    max_iter : int, default=2000
        Iterations of the lbfgs solver.
    random_state : int, default=0
        Seed passed to the classifier.

    Returns
    -------
    sklearn.pipeline.Pipeline

    References
    ----------
    .. [1] Salton, G. & Buckley, C. (1988). Term-weighting approaches in
       automatic text retrieval. Information Processing & Management, 24(5).
    .. [2] King, G. & Zeng, L. (2001). Logistic regression in rare events
       data. Political Analysis, 9(2), 137-163 (class re-weighting).

    Examples
    --------
    >>> coder = tfidf_coder(min_df=1).fit(["keep ties", "cut ties", "keep the ties", "cut the ties"], list("EDED"))
    >>> coder.predict(["we keep ties"]).tolist()
    ['E']
    """
    words = TfidfVectorizer(tokenizer=cached_word_tokens, token_pattern=None, lowercase=False, ngram_range=word_ngrams,
                            min_df=min_df, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=char_ngrams, min_df=min_df, sublinear_tf=True)
    classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=max_iter, random_state=random_state)
    return Pipeline([("features", FeatureUnion([("words", words), ("chars", chars)])), ("classifier", classifier)])


def tuned_tfidf_coder(*, Cs: tuple[float, ...] = (0.1, 1.0, 10.0, 100.0), n_splits: int = 5,
                      calibration: str | None = "sigmoid", min_per_class: int = 10, random_state: int = 0,
                      **options) -> TunedCoder:
    """Return :func:`tfidf_coder` wrapped in a :class:`TunedCoder` that picks ``C`` from ``Cs``.

    ``options`` go to :func:`tfidf_coder`; the rest to :class:`TunedCoder`.
    Tuning inside the training data keeps the outer (document-grouped)
    cross-validation honest (Varma & Simon 2006).

    References
    ----------
    .. [1] Varma, S. & Simon, R. (2006). Bias in error estimation when using
       cross-validation for model selection. BMC Bioinformatics, 7, 91.

    Examples
    --------
    >>> tuned_tfidf_coder(Cs=(1.0, 10.0)).param_grid
    {'classifier__C': [1.0, 10.0]}
    """
    return TunedCoder(tfidf_coder(random_state=random_state, **options), param_grid={"classifier__C": list(Cs)},
                      n_splits=n_splits, calibration=calibration, min_per_class=min_per_class,
                      random_state=random_state)
