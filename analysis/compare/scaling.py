"""Text scaling: place texts on one dimension from their word counts.

*Wordscores* (Laver, Benoit & Garry 2003, "LBG") is supervised: reference
texts with known positions :math:`A_r` give each word a score
:math:`S_w = \\sum_r P(r|w) A_r`, where :math:`P(r|w) = F_{wr} / \\sum_r F_{wr}`
and :math:`F_{wr}` is the word's relative frequency in reference text *r*.
A virgin text's raw score is the frequency-weighted mean score of its
scored words, :math:`S_v = \\sum_w F_{wv} S_w`, with standard error
:math:`\\sqrt{V_v / N_v}`, :math:`V_v = \\sum_w F_{wv} (S_w - S_v)^2` and
:math:`N_v` the number of scored words. Raw scores bunch near the middle,
so two rescalings are reported: LBG's (mean kept, spread stretched to the
reference scores' standard deviation) and Martin & Vanberg's "relative"
one (the reference texts, scored as if virgin, are mapped back onto their
own positions).

Its unsupervised counterpart, Wordfish, is in :mod:`analysis.compare.wordfish`.

A "doc" is any group of tokens: a document, an author, or a pseudo-document
such as all sentences coded ENGAGE (see :func:`term_counts`).

Counts frame
------------
``doc, term, n``: one row per (doc, term) with ``n > 0`` (int), sorted by
``doc`` then ``term``. Made by :func:`term_counts`; any frame with these
columns and no repeated (doc, term) pair will do.

Word-scores frame (:func:`word_scores`)
---------------------------------------
``term, score, n``: ``n`` is the term's raw count in the reference texts;
sorted by ``score`` then ``term``.

Text-scores frame (:func:`text_scores`, :func:`wordscores`)
-----------------------------------------------------------
One row per doc: ``doc, is_reference, reference_score, n_words,
n_scored_words, score, se, lower, upper, lbg_score, lbg_lower, lbg_upper,
mv_score, mv_lower, mv_upper``; sorted by ``score`` then ``doc``.

References
----------
.. [1] Laver, M., Benoit, K. & Garry, J. (2003). Extracting policy positions
   from political texts using words as data. American Political Science
   Review, 97(2), 311-331.
.. [2] Martin, L. W. & Vanberg, G. (2008). A robust transformation procedure
   for interpreting political text. Political Analysis, 16(1), 93-100.
.. [3] Benoit, K. et al. quanteda.textmodels (R package):
   ``textmodel_wordscores``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis.counts import counted_mask

__all__ = [
    "COUNT_COLUMNS",
    "TEXT_SCORE_COLUMNS",
    "term_counts",
    "word_scores",
    "text_scores",
    "wordscores",
]

COUNT_COLUMNS = ("doc", "term", "n")
TEXT_SCORE_COLUMNS = (
    "doc", "is_reference", "reference_score", "n_words", "n_scored_words", "score", "se", "lower", "upper",
    "lbg_score", "lbg_lower", "lbg_upper", "mv_score", "mv_lower", "mv_upper",
)


def term_counts(
    tokens: pd.DataFrame, *, by: str = "doc_id", term: str = "term", drop_punct: bool = True, drop_stop: bool = False
) -> pd.DataFrame:
    """Return the counts frame of a tokens frame: how often each group uses each term.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame (see :mod:`analysis.tokens`), possibly with extra
        columns (e.g. a stance merged from the coding); needs ``by``,
        ``term`` and, when dropping them, ``is_punct`` / ``is_stop``.
    by : str, default="doc_id"
        Column holding the group (document, author, stance...): its values
        become ``doc``. Rows where it or the term is missing are left out.
    term : str, default="term"
        Column to count (``"stem"`` pools word forms); the output column is
        ``term`` whatever is counted.
    drop_punct : bool, default=True
        Leave out punctuation tokens.
    drop_stop : bool, default=False
        Leave out stop words. LBG (2003) score every word, stop words
        included: their rates differ between authors too.

    Returns
    -------
    pandas.DataFrame
        ``doc, term, n`` (``n`` int > 0), sorted by ``doc`` then ``term``;
        index 0..n-1.

    Raises
    ------
    TypeError
        If ``tokens`` is not a DataFrame.
    ValueError
        If a needed column is missing.

    References
    ----------
    .. [1] Laver, M., Benoit, K. & Garry, J. (2003). Extracting policy
       positions from political texts using words as data. American
       Political Science Review, 97(2), 311-331 (the word frequencies that
       Wordscores works on).

    Examples
    --------
    >>> import pandas as pd
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "term": ["ties", "ties", ".", "cut"],
    ...                      "is_punct": [False, False, True, False], "is_stop": False})
    >>> term_counts(toks).values.tolist()
    [['a', 'ties', 2], ['b', 'cut', 1]]
    """
    keep = counted_mask(tokens, by=by, term=term, drop_punct=drop_punct, drop_stop=drop_stop)
    kept = pd.DataFrame({"doc": tokens.loc[keep, by], "term": tokens.loc[keep, term].astype(str)})
    out = kept.groupby(["doc", "term"], sort=True, observed=True).size().rename("n").reset_index()
    return out.astype({"n": "int64"}).reset_index(drop=True)


def _check_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Validate a counts frame; return it with zero rows dropped and ``n`` as float."""
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(f"counts must be a DataFrame, got {type(counts).__name__}")
    missing = [c for c in COUNT_COLUMNS if c not in counts.columns]
    if missing:
        raise ValueError(f"not a counts frame: missing column(s) {', '.join(missing)}")
    n = pd.to_numeric(counts["n"], errors="coerce")
    if n.isna().any() or (n < 0).any():
        raise ValueError("counts: n must be a non-negative number in every row")
    if counts.duplicated(["doc", "term"]).any():
        raise ValueError("counts: repeated (doc, term) rows; sum them first")
    out = pd.DataFrame({"doc": counts["doc"], "term": counts["term"], "n": n.astype(float)})
    return out[out["n"] > 0].reset_index(drop=True)


def _check_reference(reference_scores: Mapping, docs=None) -> dict:
    if not isinstance(reference_scores, Mapping):
        raise TypeError(f"reference_scores must be a mapping doc -> score, got {type(reference_scores).__name__}")
    refs = {}
    for doc, score in reference_scores.items():
        number = isinstance(score, (int, float, np.integer, np.floating)) and not isinstance(score, bool)
        if not number or not math.isfinite(score):
            raise ValueError(f"reference score of {doc!r} must be a finite number, got {score!r}")
        refs[doc] = float(score)
    absent = [] if docs is None else sorted(str(d) for d in refs if d not in set(docs))
    if absent:
        raise ValueError(f"reference text(s) without counts: {', '.join(absent)}")
    if len(set(refs.values())) < 2:
        raise ValueError("need reference texts with at least two different scores")
    return refs


def _matrix(counts: pd.DataFrame) -> tuple[list, list, np.ndarray]:
    """Docs (sorted), terms (sorted) and the doc x term count matrix."""
    wide = counts.pivot(index="doc", columns="term", values="n").fillna(0.0)
    wide = wide.sort_index(axis=0).sort_index(axis=1)
    return list(wide.index), list(wide.columns), wide.to_numpy(dtype=float)


def word_scores(counts: pd.DataFrame, *, reference_scores: Mapping, smooth: float = 0.0) -> pd.DataFrame:
    """Return the LBG (2003) score of every word used in the reference texts.

    :math:`S_w = \\sum_r P(r|w) A_r` with :math:`P(r|w) = F_{wr} / \\sum_r F_{wr}`
    and :math:`F_{wr}` the relative frequency of *w* in reference text *r*.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts frame (``doc, term, n``, see the module docstring); texts
        not in ``reference_scores`` are ignored, except for ``smooth``.
    reference_scores : mapping
        ``{doc: position}`` of the reference texts (at least two different
        positions), e.g. ``{"madrid-latimes": -1.0, "amiri-cpdblog": 1.0}``.
    smooth : float, default=0.0
        Added to the count of every term of ``counts`` (all texts' vocabulary)
        in every reference text before the frequencies are taken, as
        quanteda's ``smooth``; 0 is LBG's method and scores only words seen
        in a reference text.

    Returns
    -------
    pandas.DataFrame
        ``term, score, n`` (``n``: raw count in the reference texts), sorted
        by ``score`` then ``term``; index 0..n-1.

    Raises
    ------
    TypeError, ValueError
        On a malformed counts frame or reference mapping, a reference text
        without counts, fewer than two distinct reference scores, or a
        negative ``smooth``.

    References
    ----------
    .. [1] Laver, M., Benoit, K. & Garry, J. (2003). Extracting policy
       positions from political texts using words as data. American
       Political Science Review, 97(2), 311-331 (word scores).

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc": ["L", "L", "R", "R"], "term": ["cut", "ties", "keep", "ties"],
    ...                        "n": [3, 1, 3, 1]})
    >>> word_scores(counts, reference_scores={"L": -1, "R": 1}).values.tolist()
    [['cut', -1.0, 3], ['ties', 0.0, 2], ['keep', 1.0, 3]]
    """
    counts = _check_counts(counts)
    if not isinstance(smooth, (int, float)) or isinstance(smooth, bool) or not smooth >= 0:
        raise ValueError(f"smooth must be a number >= 0, got {smooth!r}")
    docs, terms, Y = _matrix(counts)
    refs = _check_reference(reference_scores, docs)
    rows = [docs.index(d) for d in refs]
    raw = Y[rows]
    F = (raw + smooth) / (raw + smooth).sum(axis=1, keepdims=True)
    total = F.sum(axis=0)
    scored = total > 0
    P = F[:, scored] / total[scored]
    A = np.array(list(refs.values()))
    n = raw.sum(axis=0)[scored]
    out = pd.DataFrame({"term": np.array(terms, dtype=object)[scored], "score": A @ P,
                        "n": n.astype("int64") if (n == np.round(n)).all() else n})
    return out.sort_values(["score", "term"], kind="stable").reset_index(drop=True)


def _z(level: float) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise ValueError(f"level must be a number between 0 and 1, got {level!r}")
    return float(norm.ppf(1 - (1 - level) / 2))


def text_scores(
    counts: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    reference_scores: Mapping,
    level: float = 0.95,
    lbg_over: str = "virgin",
) -> pd.DataFrame:
    """Return the Wordscores position of every text in ``counts``, raw and rescaled.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts frame of the texts to score (virgin texts, and the reference
        texts too if they are to be scored as virgin ones).
    scores : pandas.DataFrame
        Word scores ``term, score`` from :func:`word_scores`; other terms
        are unscored.
    reference_scores : mapping
        ``{doc: position}`` the word scores were made from; marks reference
        rows and sets both rescalings.
    level : float, default=0.95
        Coverage of the normal intervals ``lower, upper`` (and rescaled ones).
    lbg_over : {"virgin", "all"}, default="virgin"
        Texts whose mean and standard deviation the LBG rescaling uses: the
        virgin texts, as LBG (2003); or every scored text, as quanteda's
        ``predict(..., rescaling = "lbg")`` on a dfm that holds all texts.

    Returns
    -------
    pandas.DataFrame
        One row per doc (the text-scores frame of the module docstring),
        sorted by ``score`` then ``doc``; index 0..n-1:

        - ``is_reference``, ``reference_score`` (NaN for virgin texts);
        - ``n_words`` (all tokens counted), ``n_scored_words`` (:math:`N_v`);
        - ``score`` :math:`S_v`, ``se`` :math:`\\sqrt{V_v/N_v}`, ``lower`` /
          ``upper`` = score -/+ z se (NaN without a scored word);
        - ``lbg_*``: :math:`(S_v - \\bar S_v) SD_r / SD_v + \\bar S_v` over
          ``lbg_over`` texts (sample SDs; NaN with fewer than two of them);
        - ``mv_*``: :math:`(S_v - P_1)(A_2 - A_1)/(P_2 - P_1) + A_1`, where
          :math:`A_1, A_2` are the lowest and highest reference positions and
          :math:`P_1, P_2` the mean raw scores of the reference texts placed
          there (NaN unless both are in ``counts``).

        Intervals are rescaled with their point estimate.

    Raises
    ------
    TypeError, ValueError
        On malformed frames or arguments.

    References
    ----------
    .. [1] Laver, M., Benoit, K. & Garry, J. (2003). Extracting policy
       positions from political texts using words as data. American
       Political Science Review, 97(2), 311-331 (text score, its variance
       and the rescaling of virgin scores).
    .. [2] Martin, L. W. & Vanberg, G. (2008). A robust transformation
       procedure for interpreting political text. Political Analysis,
       16(1), 93-100.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc": ["L", "L", "R", "R", "V", "V"],
    ...                        "term": ["cut", "ties", "keep", "ties", "keep", "cut"], "n": [3, 1, 3, 1, 1, 3]})
    >>> refs = {"L": -1, "R": 1}
    >>> ws = word_scores(counts, reference_scores=refs)
    >>> text_scores(counts, ws, reference_scores=refs)[["doc", "score", "mv_score"]].round(3).values.tolist()
    [['L', -0.75, -1.0], ['V', -0.5, -0.667], ['R', 0.75, 1.0]]
    """
    counts = _check_counts(counts)
    z = _z(level)
    if lbg_over not in ("virgin", "all"):
        raise ValueError(f"lbg_over must be 'virgin' or 'all', got {lbg_over!r}")
    if not isinstance(scores, pd.DataFrame) or not {"term", "score"} <= set(scores.columns):
        raise ValueError("scores must be a DataFrame with columns term, score")
    if scores["term"].duplicated().any():
        raise ValueError("scores: repeated terms")
    refs = _check_reference(reference_scores)
    scored = counts.merge(scores[["term", "score"]], on="term", how="inner")
    scored["ns"] = scored["n"] * scored["score"]
    per = pd.DataFrame({"n_words": counts.groupby("doc")["n"].sum()})
    g = scored.groupby("doc")
    per["n_scored_words"] = g["n"].sum()
    per["n_scored_words"] = per["n_scored_words"].fillna(0.0)
    per["score"] = g["ns"].sum() / per["n_scored_words"].where(per["n_scored_words"] > 0)
    scored["dev2"] = scored["n"] * (scored["score"] - scored["doc"].map(per["score"])) ** 2
    variance = scored.groupby("doc")["dev2"].sum() / per["n_scored_words"].where(per["n_scored_words"] > 0)
    per["se"] = np.sqrt(variance / per["n_scored_words"])
    per["lower"] = per["score"] - z * per["se"]
    per["upper"] = per["score"] + z * per["se"]
    per = per.reset_index()
    per.insert(1, "is_reference", per["doc"].isin(list(refs)))
    per.insert(2, "reference_score", per["doc"].map(refs).astype(float))

    basis = per["score"].dropna() if lbg_over == "all" else per.loc[~per["is_reference"], "score"].dropna()
    sd_r = float(np.std(list(refs.values()), ddof=1))
    if len(basis) >= 2 and basis.std(ddof=1) > 0:
        mean_v, mult = basis.mean(), sd_r / basis.std(ddof=1)
    else:
        mean_v, mult = np.nan, np.nan
    low, high = min(refs.values()), max(refs.values())
    anchor = per.set_index("doc")["score"]
    p1 = anchor[[d for d, a in refs.items() if a == low and d in anchor.index]].mean()
    p2 = anchor[[d for d, a in refs.items() if a == high and d in anchor.index]].mean()
    for col in ("score", "lower", "upper"):
        per[f"lbg_{col}"] = (per[col] - mean_v) * mult + mean_v
        per[f"mv_{col}"] = (per[col] - p1) * (high - low) / (p2 - p1) + low
    whole = "int64" if (counts["n"] == counts["n"].round()).all() else "float64"
    per = per[list(TEXT_SCORE_COLUMNS)].astype({"n_words": whole, "n_scored_words": whole})
    return per.sort_values(["score", "doc"], kind="stable", na_position="last").reset_index(drop=True)


def wordscores(
    counts: pd.DataFrame,
    *,
    reference_scores: Mapping,
    smooth: float = 0.0,
    level: float = 0.95,
    lbg_over: str = "virgin",
) -> pd.DataFrame:
    """Return the text-scores frame of every text in ``counts`` (Wordscores in one call).

    Equivalent to ``text_scores(counts, word_scores(counts, ...), ...)``
    with the same arguments: the reference texts are scored too, which the
    Martin-Vanberg rescaling needs.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts frame of the reference and virgin texts.
    reference_scores : mapping
        ``{doc: position}`` of the reference texts.
    smooth, level, lbg_over
        See :func:`word_scores` and :func:`text_scores`.

    Returns
    -------
    pandas.DataFrame
        The text-scores frame (see :func:`text_scores`).

    References
    ----------
    .. [1] Laver, M., Benoit, K. & Garry, J. (2003). APSR 97(2), 311-331.
    .. [2] Martin, L. W. & Vanberg, G. (2008). Political Analysis, 16(1), 93-100.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc": ["L", "L", "R", "R", "V"], "term": ["cut", "ties", "keep", "ties", "ties"],
    ...                        "n": [3, 1, 3, 1, 2]})
    >>> wordscores(counts, reference_scores={"L": -1, "R": 1})["doc"].tolist()
    ['L', 'V', 'R']
    """
    scores = word_scores(counts, reference_scores=reference_scores, smooth=smooth)
    return text_scores(counts, scores, reference_scores=reference_scores, level=level, lbg_over=lbg_over)
