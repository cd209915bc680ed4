"""Frequent and distinctive terms per document (or any other group).

:func:`top_terms` counts terms: what each text talks about most.
:func:`distinctive_terms` weighs the counts by TF-IDF (scikit-learn's
:class:`~sklearn.feature_extraction.text.TfidfVectorizer`): what a text
talks about that the others do not.

Both count the ``term`` column of the tokens frame (see
:mod:`analysis.tokens`): the project tokenizer's lower-cased word tokens,
by default without stop words and punctuation. Groups (``by``) keep the
order in which they first appear in the input, i.e. corpus order for
``doc_id``; rows with a missing group are left out.

Top-terms frame
---------------
``<by>, rank, term, count, share``: ``rank`` 1..n within the group (count
descending, ties alphabetical), ``share`` = count / number of tokens counted
in the group (after the stop-word and punctuation filters).

Distinctive-terms frame
-----------------------
``<by>, rank, term, tfidf, count``: ``rank`` 1..n within the group (tf-idf
descending, ties alphabetical), ``count`` the raw count in the group.

References
----------
.. [1] Sparck Jones, K. (1972). A statistical interpretation of term
   specificity and its application in retrieval. Journal of Documentation,
   28(1), 11-21.
.. [2] Salton, G. & Buckley, C. (1988). Term-weighting approaches in
   automatic text retrieval. Information Processing & Management, 24(5),
   513-523.
.. [3] Pedregosa, F. et al. (2011). Scikit-learn: Machine learning in
   Python. JMLR, 12, 2825-2830 (``TfidfVectorizer``, smooth idf).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.counts import counted_mask
from analysis.tokens import token_table

__all__ = ["top_terms", "distinctive_terms"]


def _check_n(n) -> None:
    if n is None:
        return
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1 or None, got {n!r}")


def _counted(tokens: pd.DataFrame, *, by: str | None, term: str, drop_stop: bool, drop_punct: bool) -> pd.DataFrame:
    """The tokens to count: columns ``_group`` (ordered categorical) and ``term``."""
    keep = counted_mask(tokens, by=by, term=term, drop_punct=drop_punct, drop_stop=drop_stop)
    if by is None:
        group = pd.Series("", index=tokens.index)
    else:
        group = tokens[by]
    group = group[keep]
    levels = list(pd.unique(group))
    return pd.DataFrame(
        {"_group": pd.Categorical(group, categories=levels, ordered=True), "term": tokens.loc[keep, term].astype(str)}
    )


def _ranked(frame: pd.DataFrame, *, value: str, by: str | None, n: int | None) -> pd.DataFrame:
    """Sort by group, ``value`` descending, term; add ``rank``; keep the top ``n``."""
    frame = frame.sort_values(["_group", value, "term"], ascending=[True, False, True], kind="stable")
    frame["rank"] = frame.groupby("_group", observed=True).cumcount() + 1
    if n is not None:
        frame = frame[frame["rank"] <= n]
    if by is None:
        frame = frame.drop(columns="_group")
    else:
        frame = frame.rename(columns={"_group": by})
        frame[by] = frame[by].astype(frame[by].cat.categories.dtype)
    return frame.reset_index(drop=True)


def top_terms(
    tokens: pd.DataFrame,
    *,
    by: str | None = "doc_id",
    n: int | None = 10,
    drop_stop: bool = True,
    drop_punct: bool = True,
    term: str = "term",
) -> pd.DataFrame:
    """Return the ``n`` most frequent terms of each group.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame (see :mod:`analysis.tokens`) with ``term``,
        ``is_stop``, ``is_punct`` and the ``by`` column.
    by : str or None, default="doc_id"
        Column holding the group; ``None`` counts the whole frame as one
        group and leaves the group column out.
    n : int or None, default=10
        Terms per group; ``None`` keeps all.
    drop_stop, drop_punct : bool, default=True
        Leave out stop words / punctuation (``is_stop`` / ``is_punct``).
    term : str, default="term"
        Column to count (``"stem"`` pools word forms); the output column is
        called ``term`` whatever is counted.

    Returns
    -------
    pandas.DataFrame
        ``<by>, rank, term, count, share``, groups in order of first
        appearance, then ``rank`` (count descending, ties alphabetical);
        ``share`` is count / tokens counted in the group; index 0..n-1.

    Raises
    ------
    TypeError
        If ``tokens`` is not a DataFrame.
    ValueError
        If a column is missing or ``n`` is not a positive int or None.

    References
    ----------
    .. [1] Manning, C. D., Raghavan, P. & Schuetze, H. (2008). Introduction
       to Information Retrieval, sec. 6.2 (term frequency). Cambridge
       University Press.

    Examples
    --------
    >>> import pandas as pd
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 5 + ["b"] * 2,
    ...                      "term": ["ties", "the", "ties", "cut", ".", "keep", "ties"],
    ...                      "is_stop": [False, True, False, False, False, False, False],
    ...                      "is_punct": [False, False, False, False, True, False, False]})
    >>> top_terms(toks, n=2)
      doc_id  rank  term  count     share
    0      a     1  ties      2  0.666667
    1      a     2   cut      1  0.333333
    2      b     1  keep      1  0.500000
    3      b     2  ties      1  0.500000
    """
    _check_n(n)
    counted = _counted(tokens, by=by, term=term, drop_stop=drop_stop, drop_punct=drop_punct)
    counts = counted.groupby(["_group", "term"], observed=True).size().rename("count").reset_index()
    totals = counts.groupby("_group", observed=True)["count"].transform("sum")
    counts["share"] = counts["count"] / totals
    out = _ranked(counts, value="count", by=by, n=n)
    cols = ([by] if by is not None else []) + ["rank", "term", "count", "share"]
    return out[cols].astype({"rank": "int64", "count": "int64", "share": "float64"})


def _identity(terms):
    """Analyzer for pre-tokenized documents: the document is its term list."""
    return list(terms)


def distinctive_terms(
    frame: pd.DataFrame,
    *,
    by: str = "doc_id",
    n: int | None = 10,
    drop_stop: bool = True,
    drop_punct: bool = True,
    sublinear_tf: bool = False,
    term: str = "term",
) -> pd.DataFrame:
    """Return the ``n`` terms with the highest TF-IDF in each group.

    Each group (by default each document) is one TF-IDF document. Weights
    are scikit-learn's defaults: raw count ``tf`` (or ``1 + ln(tf)`` with
    ``sublinear_tf``), smooth ``idf(t) = ln((1 + N) / (1 + df(t))) + 1``
    over the ``N`` groups, and each group's vector scaled to unit length
    (L2). A term used in every group still gets weight (idf >= 1), but
    less than a term of the same count used in one group only.

    Parameters
    ----------
    frame : pandas.DataFrame
        A tokens frame (see :mod:`analysis.tokens`), or a sentences frame
        (see :mod:`analysis.sentences`; detected by its ``text`` column),
        which is first tokenized with :func:`analysis.tokens.token_table`,
        i.e. :func:`analysis.tokens.word_tokens` sentence by sentence.
    by : str, default="doc_id"
        Column holding the group (e.g. ``"stance"`` after merging a coding).
    n : int or None, default=10
        Terms per group; ``None`` keeps every term the group uses.
    drop_stop, drop_punct : bool, default=True
        Leave out stop words / punctuation before weighting.
    sublinear_tf : bool, default=False
        Use ``1 + ln(tf)`` instead of the raw count.
    term : str, default="term"
        Column to count (``"stem"`` pools word forms); the output column is
        called ``term`` whatever is counted.

    Returns
    -------
    pandas.DataFrame
        ``<by>, rank, term, tfidf, count``: groups in order of first
        appearance, then ``rank`` (tf-idf descending, ties alphabetical);
        ``count`` is the raw count in the group; index 0..n-1.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        If a column is missing or ``n`` is not a positive int or None.

    Notes
    -----
    The vectorizer gets each group's terms already tokenized
    (``analyzer`` = the term list): NLTK's Treebank rules split a
    sentence-final full stop only at the end of a string, so a whole
    document passed to ``TfidfVectorizer(tokenizer=word_tokens)`` would
    yield terms such as ``"ties."``. Tokenizing sentence by sentence, as
    the tokens frame does, avoids that.

    References
    ----------
    .. [1] Sparck Jones, K. (1972). A statistical interpretation of term
       specificity and its application in retrieval. Journal of
       Documentation, 28(1), 11-21.
    .. [2] Salton, G. & Buckley, C. (1988). Term-weighting approaches in
       automatic text retrieval. Information Processing & Management,
       24(5), 513-523.
    .. [3] scikit-learn user guide, "Tf-idf term weighting" (smooth idf,
       L2 normalisation), https://scikit-learn.org/stable/modules/feature_extraction.html

    Examples
    --------
    >>> import pandas as pd
    >>> sents = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": ["a-001", "b-001"],
    ...                       "start": [0, 0],
    ...                       "text": ["Cut the ties, cut them.", "Sister cities need ties."]})
    >>> distinctive_terms(sents, n=2).round(3)
      doc_id  rank    term  tfidf  count
    0      a     1     cut  0.942      2
    1      a     2    ties  0.335      1
    2      b     1  cities  0.534      1
    3      b     2    need  0.534      1
    """
    _check_n(n)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a DataFrame, got {type(frame).__name__}")
    if "text" in frame.columns and term not in frame.columns:
        frame = _tokens_of_sentences(frame, by=by)
    counted = _counted(frame, by=by, term=term, drop_stop=drop_stop, drop_punct=drop_punct)
    groups = counted.groupby("_group", observed=True)["term"]
    labels = list(groups.groups)
    docs = [list(groups.get_group(g)) for g in labels]
    empty = pd.DataFrame({by: pd.Series(dtype=str), "rank": pd.Series(dtype="int64"), "term": pd.Series(dtype=str),
                          "tfidf": pd.Series(dtype="float64"), "count": pd.Series(dtype="int64")})
    if not any(docs):
        return empty
    vectorizer = TfidfVectorizer(analyzer=_identity, lowercase=False, sublinear_tf=sublinear_tf)
    weights = vectorizer.fit_transform(docs).tocoo()
    vocabulary = vectorizer.get_feature_names_out()
    counts = counted.groupby(["_group", "term"], observed=True).size()
    rows = pd.DataFrame(
        {
            "_group": pd.Categorical(np.asarray(labels, dtype=object)[weights.row], categories=labels, ordered=True),
            "term": vocabulary[weights.col].astype(str),
            "tfidf": weights.data.astype("float64"),
        }
    )
    rows["count"] = counts.reindex(pd.MultiIndex.from_arrays([rows["_group"], rows["term"]])).to_numpy()
    out = _ranked(rows, value="tfidf", by=by, n=n)
    return out[[by, "rank", "term", "tfidf", "count"]].astype({"rank": "int64", "count": "int64", "tfidf": "float64"})


def _tokens_of_sentences(sentences: pd.DataFrame, *, by: str) -> pd.DataFrame:
    """Tokens frame of a sentences frame, carrying the ``by`` column along."""
    missing = [c for c in ("doc_id", "sent_id", "start", "text") if c not in sentences.columns]
    if missing:
        raise ValueError(f"not a sentences frame: missing column(s) {', '.join(missing)}")
    tokens = token_table(sentences)
    if by not in tokens.columns:
        if by not in sentences.columns:
            raise ValueError(f"sentences frame lacks column {by!r}")
        tokens = tokens.merge(sentences[["sent_id", by]], on="sent_id", how="left", validate="many_to_one")
    return tokens
