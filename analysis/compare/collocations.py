"""Collocations: word pairs and triples that occur together more than chance.

Counts and scores come from NLTK's collocation finders
(:class:`nltk.collocations.BigramCollocationFinder`,
:class:`~nltk.collocations.TrigramCollocationFinder`) and association
measures (:class:`nltk.metrics.BigramAssocMeasures`,
:class:`~nltk.metrics.TrigramAssocMeasures`), which need no NLTK data.

Sentences are kept apart: each sentence of the tokens frame is one NLTK
"document", padded so that no window reaches into the next sentence
(what ``from_documents`` does for adjacent n-grams). Every token counts
towards the word frequencies and ``N``; stop words and punctuation are then
removed as *candidates* with ``apply_word_filter``, as NLTK's collocation
guide does, so the words of an n-gram are truly adjacent in the text.

Collocations frame
------------------
One row per candidate n-gram, sorted by ``score`` descending, ties by
``ngram``.

============  ================================================================
``ngram``     the words joined by one space, e.g. ``"sister cities"``
``w1, w2``    the words (and ``w3`` for trigrams)
``freq``      n-gram count (for bigrams with ``window`` > 2: the number of
              times ``w2`` follows ``w1`` within the window)
``score``     the association measure
============  ================================================================

References
----------
.. [1] Church, K. W. & Hanks, P. (1990). Word association norms, mutual
   information, and lexicography. Computational Linguistics, 16(1), 22-29.
.. [2] Dunning, T. (1993). Accurate methods for the statistics of surprise
   and coincidence. Computational Linguistics, 19(1), 61-74.
.. [3] Manning, C. D. & Schuetze, H. (1999). Foundations of Statistical
   Natural Language Processing, ch. 5 (Collocations). MIT Press.
.. [4] Bird, S., Klein, E. & Loper, E. (2009). Natural Language Processing
   with Python. O'Reilly (NLTK's collocation finders).
"""

from __future__ import annotations

import itertools

import pandas as pd
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics import BigramAssocMeasures, TrigramAssocMeasures

__all__ = ["MEASURES", "collocation_table"]

#: Association measures accepted by :func:`collocation_table`.
MEASURES = ("pmi", "likelihood_ratio")

_NEEDS = ("sent_id", "is_stop", "is_punct")


def _sentence_terms(tokens: pd.DataFrame, term: str) -> list[list[str]]:
    """Terms of each sentence, sentences in order of appearance, tokens by ``token_id``."""
    order = ["token_id"] if "token_id" in tokens.columns else []
    frame = tokens.sort_values(order, kind="stable") if order else tokens
    groups = frame.groupby("sent_id", sort=False)[term]
    return [list(terms) for _, terms in groups]


def _padded(sentences: list[list[str]], window: int):
    """Chain the sentences with ``window - 1`` Nones between them (NLTK's padding)."""
    pad = (None,) * (window - 1)
    return itertools.chain.from_iterable(itertools.chain(s, pad) for s in sentences)


def collocation_table(
    tokens: pd.DataFrame,
    *,
    n: int = 2,
    measure: str = "pmi",
    window: int | None = None,
    min_freq: int = 2,
    drop_stop: bool = True,
    drop_punct: bool = True,
    term: str = "term",
) -> pd.DataFrame:
    """Score the bigrams or trigrams of ``tokens`` by an association measure.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame (see :mod:`analysis.tokens`); uses ``sent_id``,
        ``token_id`` (for order, if present), ``is_stop``, ``is_punct`` and
        ``term``. Filter it first to compare a subset (e.g. one stance, or
        without pull quotes).
    n : {2, 3}, default=2
        Bigrams or trigrams.
    measure : {"pmi", "likelihood_ratio"}, default="pmi"
        Pointwise mutual information in bits (Church & Hanks 1990) or
        Dunning's (1993) log-likelihood ratio G2, as NLTK computes them.
    window : int, optional
        Bigrams: count ``w2`` up to ``window - 1`` tokens after ``w1``
        (Church & Hanks' window; NLTK divides the count by ``window - 1``
        before scoring). Trigrams need ``window=3``. Default: ``n``
        (adjacent words only).
    min_freq : int, default=2
        Drop n-grams seen fewer times (PMI overrates rare pairs).
    drop_stop : bool, default=True
        Drop n-grams that contain a stop word (``is_stop``).
    drop_punct : bool, default=True
        Drop n-grams that contain punctuation (``is_punct``).
    term : str, default="term"
        Column holding the unit counted (``"stem"`` to pool word forms).

    Returns
    -------
    pandas.DataFrame
        ``ngram, w1, w2`` (and ``w3``), ``freq, score``; sorted by
        ``score`` descending, then ``ngram``; index 0..n-1.

    Raises
    ------
    TypeError
        If ``tokens`` is not a DataFrame.
    ValueError
        If ``n``, ``measure``, ``window`` or ``min_freq`` is out of range,
        or a needed column is missing.

    References
    ----------
    .. [1] Church, K. W. & Hanks, P. (1990). Word association norms, mutual
       information, and lexicography. Computational Linguistics, 16(1),
       22-29. PMI = log2(f(w1 w2) N / (f(w1) f(w2))).
    .. [2] Dunning, T. (1993). Accurate methods for the statistics of
       surprise and coincidence. Computational Linguistics, 19(1), 61-74.
       G2 = 2 sum O ln(O / E) over the 2x2 (or 2x2x2) contingency table.
    .. [3] Bird, S., Klein, E. & Loper, E. (2009). Natural Language
       Processing with Python. O'Reilly (``nltk.collocations``).

    Examples
    --------
    >>> import pandas as pd
    >>> words = [["sister", "cities", "cut", "ties"], ["sister", "cities", "keep", "ties"]]
    >>> toks = pd.DataFrame([(f"s{i}", j, w, False, False) for i, s in enumerate(words)
    ...                      for j, w in enumerate(s, 1)],
    ...                     columns=["sent_id", "token_id", "term", "is_stop", "is_punct"])
    >>> collocation_table(toks).round(3)
               ngram      w1      w2  freq  score
    0  sister cities  sister  cities     2    2.0
    """
    if not isinstance(tokens, pd.DataFrame):
        raise TypeError(f"tokens must be a DataFrame, got {type(tokens).__name__}")
    if n not in (2, 3) or isinstance(n, bool):
        raise ValueError(f"n must be 2 or 3, got {n!r}")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, got {measure!r}")
    window = n if window is None else window
    if isinstance(window, bool) or not isinstance(window, int) or window < n or (n == 3 and window != 3):
        raise ValueError(f"window must be an int >= 2 for bigrams and 3 for trigrams, got {window!r}")
    if isinstance(min_freq, bool) or not isinstance(min_freq, int) or min_freq < 1:
        raise ValueError(f"min_freq must be an int >= 1, got {min_freq!r}")
    missing = [c for c in (*_NEEDS, term) if c not in tokens.columns]
    if missing:
        raise ValueError(f"not a tokens frame: missing column(s) {', '.join(missing)}")

    words = _padded(_sentence_terms(tokens, term), window)
    if n == 2:
        finder = BigramCollocationFinder.from_words(words, window_size=window)
        measures = BigramAssocMeasures
    else:
        finder = TrigramCollocationFinder.from_words(words, window_size=window)
        measures = TrigramAssocMeasures
    dropped = set()
    if drop_stop:
        dropped |= set(tokens.loc[tokens["is_stop"].astype(bool), term])
    if drop_punct:
        dropped |= set(tokens.loc[tokens["is_punct"].astype(bool), term])
    if dropped:
        finder.apply_word_filter(dropped.__contains__)
    finder.apply_freq_filter(min_freq)

    word_cols = [f"w{i}" for i in range(1, n + 1)]
    rows = [
        (" ".join(ngram), *ngram, finder.ngram_fd[ngram], float(score))
        for ngram, score in finder.score_ngrams(getattr(measures, measure))
    ]
    frame = pd.DataFrame(rows, columns=["ngram", *word_cols, "freq", "score"])
    frame = frame.astype({"freq": "int64", "score": "float64"})
    return frame.sort_values(["score", "ngram"], ascending=[False, True], kind="stable").reset_index(drop=True)
