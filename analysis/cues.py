"""Cue matching: codebook cue phrases found in sentences, with negation, contrast and adversatives.

:class:`CueMatcher` compiles a lexicon ``{label: [cue, ...]}`` once: every
cue, negation and marker becomes a token sequence (Porter stems by
default), indexed by its first term, longest first. Matching a sentence
then costs one dictionary look-up per token, and each word type is stemmed
once per matcher, not once per token. The rules are those of
:class:`analysis.coders.DictionaryCoder`, which uses this matcher:

* a cue counts for its label with weight 1, or ``adversative_weight`` after
  an adversative ("but", "however"): the clause after "but" carries the
  writer's point (Polanyi & Zaenen 2006);
* it counts for the opposite label when an odd number of negations stand at
  most ``negation_window`` tokens before it in the same clause ("do n't cut
  ties", "never renounce"), or when it lies in the scope of a contrast
  marker ("rather than disengage": the rejected option), but not both;
* a negated inverted question ("Should n't cities engage ...?") asserts the
  positive and does not reverse its cues;
* punctuation, markers and "not only ... but also" end a clause.

:class:`CueFeatures` turns the matches into features for a learner: one
column per label, the number of cues that count for it after these flips,
so that "we will not suspend ties" is evidence for ENGAGE.

Match tuples
------------
:meth:`CueMatcher.matches` returns, in text order, tuples
``(token_start, token_end, label, negated, contrasted, weight, counted_for)``:
0-based token positions in :func:`analysis.tokens.word_tokens`, the cue's
own label, whether it was negated / in a contrast scope, its weight, and
the label it counts for ("" when reversed without an opposite).

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

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from nltk.stem.porter import PorterStemmer
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from analysis.tokens import cached_word_tokens, word_tokens

__all__ = ["NEGATIONS", "CONTRAST_MARKERS", "ADVERSATIVES", "CueMatcher", "CueFeatures", "as_texts"]

#: Words that reverse a following cue (tokens as ``word_tokens`` makes them: "don't" -> "do", "n't").
NEGATIONS = ("not", "n't", "never", "no", "nor", "neither", "without", "refuse", "refuses", "refused",
             "refusing", "reject", "rejects", "rejected", "rejecting", "oppose", "opposes", "opposed", "opposing")
#: Markers after which a cue names the rejected option.
CONTRAST_MARKERS = ("rather than", "instead of", "as opposed to", "in place of", "in lieu of")
#: Adversatives after which cues weigh ``adversative_weight``.
ADVERSATIVES = ("but", "however", "nevertheless", "nonetheless")
_BOUNDARIES = frozenset({",", ";", ":", ".", "!", "?", "—", "–", "--", "(", ")"})
#: Fixed phrases that are neither negation nor contrast: "not only X but also Y".
_ADDITIVES = ("not only", "not just", "but also")
_QUESTION_OPENERS = frozenset({"do", "does", "did", "should", "would", "could", "can", "will", "shall", "must",
                               "is", "are", "was", "were", "have", "has", "had", "why", "how", "ought"})
_BOUNDARY_HIT = ("boundary", "")
_CLAUSE_ENDS = frozenset({"boundary", "adversative", "contrast", "additive"})
#: Most word types whose stems a matcher remembers (a bound on its memory).
MAX_STEM_CACHE = 500_000


def as_texts(X) -> list[str]:
    """Return ``X`` (list, array or Series of str) as a list of str, or raise TypeError."""
    if isinstance(X, (str, bytes)):
        raise TypeError("X must be an iterable of texts, not a single string; wrap it in a list")
    if isinstance(X, pd.DataFrame) or (isinstance(X, np.ndarray) and X.ndim != 1):
        raise TypeError("X must be one-dimensional (one text per sample); pass a column, e.g. frame['text']")
    texts = list(X)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"X[{i}] is {type(text).__name__} ({text!r}), expected str")
    return texts


def default_opposites(labels: Iterable[str], default) -> dict[str, str]:
    """Return where a reversed cue goes: with exactly two labels besides ``default``, each other's; else none."""
    others = sorted(set(labels) - {default})
    return {others[0]: others[1], others[1]: others[0]} if len(others) == 2 else {}


def matcher_for(estimator) -> "CueMatcher":
    """Compile the :class:`CueMatcher` that an estimator's cue parameters describe.

    Shared by :class:`analysis.coders.DictionaryCoder` and :class:`CueFeatures`,
    which take the same parameters (``lexicon``, ``negations``,
    ``contrast_markers``, ``adversatives``, ``opposites``, ``default``,
    ``negation_window``, ``adversative_weight``, ``stem``).
    """
    e = estimator
    return CueMatcher(e.lexicon, negations=e.negations, contrast_markers=e.contrast_markers,
                      adversatives=e.adversatives, opposites=e.opposites, default=e.default,
                      negation_window=e.negation_window, adversative_weight=e.adversative_weight, stem=e.stem)


class CueMatcher:
    """A lexicon compiled for fast, negation- and contrast-aware matching.

    Parameters
    ----------
    lexicon : mapping of str to list of str
        ``{label: [cue, ...]}``, e.g. ``codebook.lexicon()``.
    negations, contrast_markers, adversatives : sequence of str
        Phrases of each kind (see the module constants).
    opposites : mapping of str to str, optional
        Where a reversed cue goes; default :func:`default_opposites` of the
        lexicon's labels and ``default``.
    default : str, optional
        The label of "no position" (only used to find ``opposites``).
    negation_window : int, default=3
        Most tokens allowed between a negation and its cue.
    adversative_weight : float, default=2.0
        Weight of a cue after an adversative.
    stem : bool, default=True
        Match on Porter stems.

    Attributes
    ----------
    lexicon : dict
        ``{label: [cue term tuples]}`` in lexicon order, labels sorted.
    opposites : dict
        As resolved.

    Raises
    ------
    ValueError
        For a lexicon that is not a mapping of label to cue list, a cue without
        tokens, a cue listed under two labels, or a cue that is also a marker.

    Examples
    --------
    >>> m = CueMatcher({"ENGAGE": ["keep ties"], "DISENGAGE": ["cut ties"]})
    >>> [(label, counted) for _, _, label, _, _, _, counted in m.matches(word_tokens("Do not cut ties."))]
    [('DISENGAGE', 'ENGAGE')]
    """

    def __init__(self, lexicon: Mapping[str, Iterable[str]], *, negations=NEGATIONS, contrast_markers=CONTRAST_MARKERS,
                 adversatives=ADVERSATIVES, opposites: Mapping[str, str] | None = None, default=None,
                 negation_window: int = 3, adversative_weight: float = 2.0, stem: bool = True):
        if not isinstance(lexicon, Mapping) or not lexicon:
            raise ValueError("lexicon must be a non-empty mapping {label: [cue, ...]}, e.g. codebook.lexicon()")
        if isinstance(negation_window, bool) or not isinstance(negation_window, (int, np.integer)) \
                or negation_window < 0:
            raise ValueError(f"negation_window must be an int >= 0, got {negation_window!r}")
        if not np.isfinite(adversative_weight) or adversative_weight <= 0:
            raise ValueError(f"adversative_weight must be > 0, got {adversative_weight!r}")
        self.negation_window = int(negation_window)
        self.adversative_weight = float(adversative_weight)
        self._stemmer = PorterStemmer() if stem else None
        self._stems: dict[str, str] = {}
        index: dict[tuple, tuple[str, str]] = {}
        self.lexicon: dict[str, list[tuple]] = {}
        for label in sorted(lexicon):
            cues = lexicon[label]
            if isinstance(cues, str) or not isinstance(cues, Iterable):
                raise ValueError(f"lexicon[{label!r}] must be a list of cues, got {cues!r}")
            self.lexicon[label] = []
            for cue in cues:
                key = tuple(self.terms(word_tokens(cue)))
                if not key:
                    raise ValueError(f"cue {cue!r} of {label!r} has no tokens")
                if key in index and index[key] != ("cue", label):
                    raise ValueError(f"cue {cue!r} of {label!r} also matches a cue of {index[key][1]!r}")
                index[key] = ("cue", label)
                self.lexicon[label].append(key)
        for kind, phrases in (("negation", negations), ("adversative", adversatives),
                              ("contrast", contrast_markers), ("additive", _ADDITIVES)):
            for phrase in phrases:
                key = tuple(self.terms(word_tokens(phrase)))
                if index.get(key, (kind,))[0] != kind:
                    raise ValueError(f"{kind} {phrase!r} is also a {index[key][0]} ({index[key][1]!r})")
                index[key] = (kind, phrase)
        self.opposites = dict(opposites) if opposites is not None else default_opposites(self.lexicon, default)
        # first term -> [(length, terms, hit)], longest first: the first that fits is the longest match
        first: dict[str, list] = {}
        for key, hit in index.items():
            first.setdefault(key[0], []).append((len(key), key, hit))
        self._first = {term: sorted(c, key=lambda e: -e[0]) for term, c in first.items()}

    def terms(self, tokens: list[str]) -> list[str]:
        """Return the matched form of each token: its Porter stem (``stem``), punctuation as is."""
        if self._stemmer is None:
            return tokens
        stems, out = self._stems, []
        for t in tokens:
            s = stems.get(t)
            if s is None:
                s = self._stemmer.stem(t) if any(c.isalnum() for c in t) else t
                if len(stems) < MAX_STEM_CACHE:
                    stems[t] = s
            out.append(s)
        return out

    def _events(self, terms: list[str]) -> list[tuple]:
        """Longest-first phrase matches and clause boundaries, left to right, without overlap."""
        first, events, i, n = self._first, [], 0, len(terms)
        while i < n:
            term = terms[i]
            for size, key, hit in first.get(term, ()):
                if i + size <= n and (size == 1 or tuple(terms[i:i + size]) == key):
                    events.append((i, i + size, *hit))
                    i += size
                    break
            else:
                if term in _BOUNDARIES:
                    events.append((i, i + 1, *_BOUNDARY_HIT))
                i += 1
        return events

    def matches(self, tokens: list[str]) -> list[tuple]:
        """Return the cue matches of one tokenized sentence (see "Match tuples" above)."""
        events = self._events(self.terms(tokens))
        question = bool(tokens) and tokens[-1] == "?"
        clause_start, negs, contrast, weighted, out = 0, [], False, False, []
        window, opposites = self.negation_window, self.opposites
        for start, end, kind, value in events:
            if kind == "cue":
                negated = sum(start - e <= window for e in negs) % 2 == 1
                counted = opposites.get(value) if negated != contrast else value
                out.append((start, end, value, negated, contrast,
                            self.adversative_weight if weighted else 1.0, counted or ""))
            elif kind in _CLAUSE_ENDS:
                clause_start, negs, contrast = end, [], kind == "contrast"
                weighted = weighted or kind == "adversative"
            elif kind == "negation":
                opener = start > clause_start and all(t in _QUESTION_OPENERS for t in tokens[clause_start:start])
                if not (question and opener and value in ("not", "n't")):
                    negs.append(end)
        return out

    def scores(self, texts: Iterable[str], labels: list[str], *, weighted: bool = True) -> np.ndarray:
        """Return, per text, the (weighted) number of cues counting for each of ``labels``."""
        column = {label: j for j, label in enumerate(labels)}
        texts = list(texts)
        out = np.zeros((len(texts), len(labels)))
        for i, text in enumerate(texts):
            for m in self.matches(cached_word_tokens(text)):
                if m[6]:
                    out[i, column[m[6]]] += m[5] if weighted else 1.0
        return out


class CueFeatures(TransformerMixin, BaseEstimator):
    """Per-sentence counts of each label's cues after negation and contrast, as features.

    For a ``FeatureUnion`` beside TF-IDF: the learner can then rely on
    codebook cues ("suspend", "keep ties") in texts by authors it never saw,
    and a negated cue ("we will not suspend ties") counts for the opposite
    label. Use cues that follow from the codebook's definitions, not cues
    copied from the coded texts (``codebook.lexicon(sources=("general",))``),
    or the features repeat what the evaluation should test.

    Parameters
    ----------
    lexicon : mapping of str to list of str
        ``{label: [cue, ...]}``. Required.
    default : str, default="NEUTRAL"
        The label of "no position" (decides the default ``opposites``).
    negations, contrast_markers, adversatives, opposites, negation_window, adversative_weight, stem
        As for :class:`CueMatcher`.
    weighted : bool, default=False
        Count a cue after an adversative as ``adversative_weight``.
    scale : float, default=1.0
        Multiplies every count (its weight beside TF-IDF values in [0, 1]).

    Attributes
    ----------
    labels_ : list of str
        The labels, one column each, sorted.
    matcher_ : CueMatcher

    References
    ----------
    .. [1] Polanyi, L. & Zaenen, A. (2006). Contextual valence shifters.
    .. [2] Wilson, T., Wiebe, J. & Hoffmann, P. (2005). Recognizing
       contextual polarity in phrase-level sentiment analysis. Proceedings
       of HLT/EMNLP, 347-354 (polarity after negation as classifier features).

    Examples
    --------
    >>> f = CueFeatures({"ENGAGE": ["keep ties"], "DISENGAGE": ["suspend"]}).fit(["x"])
    >>> f.get_feature_names_out().tolist()
    ['cue_DISENGAGE', 'cue_ENGAGE']
    >>> f.transform(["We will suspend ties.", "We will not suspend ties."]).toarray().tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """

    def __init__(self, lexicon=None, *, default="NEUTRAL", negations=NEGATIONS, contrast_markers=CONTRAST_MARKERS,
                 adversatives=ADVERSATIVES, opposites=None, negation_window=3, adversative_weight=2.0, stem=True,
                 weighted=False, scale=1.0):
        self.lexicon = lexicon
        self.default = default
        self.negations = negations
        self.contrast_markers = contrast_markers
        self.adversatives = adversatives
        self.opposites = opposites
        self.negation_window = negation_window
        self.adversative_weight = adversative_weight
        self.stem = stem
        self.weighted = weighted
        self.scale = scale

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def fit(self, X, y=None):
        """Compile the cues; returns self."""
        as_texts(X)
        self.matcher_ = matcher_for(self)
        self.labels_ = sorted(set(self.matcher_.lexicon) | set(self.matcher_.opposites.values()))
        return self

    def transform(self, X):
        """Return a sparse matrix: one row per text, one column per ``labels_``."""
        check_is_fitted(self, "matcher_")
        counts = self.matcher_.scores(as_texts(X), self.labels_, weighted=self.weighted)
        return sparse.csr_matrix(counts * float(self.scale))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return ``cue_LABEL`` for each column."""
        check_is_fitted(self, "matcher_")
        return np.array([f"cue_{label}" for label in self.labels_], dtype=object)
