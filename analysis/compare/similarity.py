"""Similarity: cosine similarity of TF-IDF vectors between documents or groups.

Each group (a document by default, or any column such as ``stance``)
becomes one bag of terms, weighted by TF-IDF as scikit-learn's
:class:`~sklearn.feature_extraction.text.TfidfVectorizer` does (raw counts
times the smoothed idf ``ln((1 + n) / (1 + df)) + 1``, each row scaled to
unit length), and compared by cosine (Salton & McGill 1983), which for unit
vectors is their dot product.

Terms come from the suite's one tokenizer,
:func:`analysis.tokens.word_tokens`, applied sentence by sentence (the
``term`` column of the tokens frame holds the same terms). Counting is done
by scikit-learn's ``CountVectorizer(tokenizer=word_tokens, token_pattern=None,
lowercase=False)``, followed by its ``TfidfTransformer``: together they are
``TfidfVectorizer`` with that tokenizer, fitted on one document per group,
except that sentences are tokenized one by one. (The Treebank rules split a
full stop from a word only at the end of their input, so tokenizing a whole
document would glue sentence-final stops to words.)

References
----------
.. [1] Salton, G. & McGill, M. J. (1983). Introduction to Modern Information
   Retrieval. McGraw-Hill (tf-idf weighting, cosine measure).
.. [2] Pedregosa, F. et al. (2011). Scikit-learn: machine learning in Python.
   JMLR, 12, 2825-2830 (``TfidfVectorizer``, smoothed idf).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis.tokens import word_tokens

__all__ = ["similarity_table"]


def _pair_columns(by: str) -> tuple[str, str]:
    return ("doc_a", "doc_b") if by == "doc_id" else (f"{by}_a", f"{by}_b")


def _group_counts(frame: pd.DataFrame, by: str) -> tuple[list, sparse.csr_matrix, np.ndarray]:
    """Return the sorted groups, their term counts and the vocabulary."""
    groups_of_rows = frame[by].astype(str).to_numpy()
    groups = sorted(set(groups_of_rows))
    row_group = pd.Index(groups).get_indexer(groups_of_rows)
    if "term" in frame.columns:
        terms = frame["term"].astype(str).to_numpy()
        vocab, term_idx = np.unique(terms, return_inverse=True)
        counts = sparse.csr_matrix(
            (np.ones(len(terms)), (row_group, term_idx)), shape=(len(groups), len(vocab))
        )
        return groups, counts, vocab
    vectorizer = CountVectorizer(tokenizer=word_tokens, token_pattern=None, lowercase=False)
    per_sentence = vectorizer.fit_transform(frame["text"].astype(str))
    indicator = sparse.csr_matrix(
        (np.ones(len(frame)), (row_group, np.arange(len(frame)))), shape=(len(groups), len(frame))
    )
    return groups, (indicator @ per_sentence).tocsr(), vectorizer.get_feature_names_out()


def similarity_table(
    frame: pd.DataFrame,
    *,
    by: str = "doc_id",
    drop_punct: bool = True,
    stop_words: frozenset[str] | None = None,
    sublinear_tf: bool = False,
) -> pd.DataFrame:
    """Return the cosine similarity of the TF-IDF vectors of every pair of groups.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sentences frame (``text``; see :mod:`analysis.sentences`) or a
        tokens frame (``term``; see :mod:`analysis.tokens`), with the column
        ``by``. A tokens frame is used when both ``term`` and ``text`` exist.
        Filter first what should not count, e.g. pull quotes that repeat a
        body sentence (``sentences[sentences["duplicate_of"] == ""]``).
    by : str, default="doc_id"
        Column holding the group: each distinct value is one TF-IDF vector.
    drop_punct : bool, default=True
        Leave out terms without a letter or digit (".", ",", quotes), which
        occur everywhere and would inflate every similarity.
    stop_words : frozenset of str, optional
        Terms to leave out, e.g. :data:`analysis.tokens.STOP_WORDS`.
    sublinear_tf : bool, default=False
        Use ``1 + ln(tf)`` instead of raw counts (as scikit-learn).

    Returns
    -------
    pandas.DataFrame
        One row per ordered pair of groups, the diagonal included:
        ``doc_a, doc_b, cosine`` (for another ``by``: ``<by>_a, <by>_b,
        cosine``), sorted by the first then the second group (as strings);
        index 0..n-1. ``cosine`` lies in [0, 1]; a group without terms has 0
        with every group, itself included.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        If ``by`` or both ``term`` and ``text`` are missing, ``by`` has
        missing values, ``frame`` is empty or no term is left to compare.

    References
    ----------
    .. [1] Salton, G. & McGill, M. J. (1983). Introduction to Modern
       Information Retrieval. McGraw-Hill.
    .. [2] Pedregosa, F. et al. (2011). Scikit-learn: machine learning in
       Python. JMLR, 12, 2825-2830.

    Examples
    --------
    >>> import pandas as pd
    >>> sents = pd.DataFrame({"doc_id": ["x", "y"], "text": ["Keep ties.", "Cut ties."]})
    >>> similarity_table(sents).round(3).values.tolist()
    [['x', 'x', 1.0], ['x', 'y', 0.336], ['y', 'x', 0.336], ['y', 'y', 1.0]]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a DataFrame, got {type(frame).__name__}")
    if by not in frame.columns:
        raise ValueError(f"frame has no column {by!r} to group by")
    if "term" not in frame.columns and "text" not in frame.columns:
        raise ValueError("frame needs a 'term' column (tokens frame) or a 'text' column (sentences frame)")
    if frame.empty:
        raise ValueError("frame is empty")
    if frame[by].isna().any():
        raise ValueError(f"column {by!r} has missing values")
    groups, counts, vocab = _group_counts(frame, by)
    keep = np.ones(len(vocab), dtype=bool)
    if drop_punct:
        keep &= np.array([any(ch.isalnum() for ch in t) for t in vocab], dtype=bool)
    if stop_words:
        keep &= ~np.isin(vocab, sorted(stop_words))
    if not keep.any():
        raise ValueError("no terms left to compare (every term is punctuation or a stop word)")
    weights = TfidfTransformer(sublinear_tf=sublinear_tf).fit_transform(counts[:, keep])
    cosine = np.clip((weights @ weights.T).toarray(), 0.0, 1.0)
    col_a, col_b = _pair_columns(by)
    k = len(groups)
    out = pd.DataFrame(
        {col_a: np.repeat(groups, k), col_b: np.tile(groups, k), "cosine": cosine.ravel()}
    )
    return out.sort_values([col_a, col_b]).reset_index(drop=True)
