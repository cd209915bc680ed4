"""Counts over a tokens frame: which tokens a count uses, and how long each document is.

:func:`counted_mask` is the one filter every comparison applies to the
tokens frame (:mod:`analysis.tokens`) before counting terms (keyness,
Fightin' Words, distinctive terms, scaling); :func:`document_lengths` counts
sentences, tokens, words and content words per document (notebook 01).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["counted_mask", "document_lengths"]


def document_lengths(sentences: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Return sentence and token counts per document.

    Pull quotes (sentences with a ``duplicate_of``) are not counted.

    Parameters
    ----------
    sentences, tokens : pandas.DataFrame
        Sentences and tokens frames of the same corpus.

    Returns
    -------
    pandas.DataFrame
        One row per document, in the sentences frame's order: ``doc_id,
        sentences, body_sentences, tokens, words, content_words`` (words are
        tokens with a letter or digit; content words are words that are not
        stop words).
    """
    counted = sentences[sentences["duplicate_of"] == ""]
    order = list(dict.fromkeys(sentences["doc_id"]))
    toks = tokens[tokens["sent_id"].isin(set(counted["sent_id"]))]
    words = toks[~toks["is_punct"]]
    frame = pd.DataFrame({
        "sentences": counted.groupby("doc_id").size(),
        "body_sentences": counted[counted["kind"] == "body"].groupby("doc_id").size(),
        "tokens": toks.groupby("doc_id").size(),
        "words": words.groupby("doc_id").size(),
        "content_words": words[~words["is_stop"]].groupby("doc_id").size(),
    }).reindex(order).fillna(0).astype(int)
    return frame.rename_axis("doc_id").reset_index()


def counted_mask(
    tokens: pd.DataFrame,
    *,
    by: str | None = None,
    term: str = "term",
    drop_punct: bool = True,
    drop_stop: bool = True,
) -> pd.Series:
    """Return which tokens a count uses: the one filter shared by every comparison.

    A token is counted when its ``term`` (and its ``by`` group, if given) is
    present, and it is not punctuation or a stop word when those are dropped.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame (see the module docstring) with ``term`` and ``by``.
    by : str, optional
        Group column whose missing values also drop a token.
    term : str, default "term"
        The counted column (``"stem"`` counts stems).
    drop_punct, drop_stop : bool, default True
        Leave out punctuation and stop words (``is_punct``, ``is_stop``).

    Returns
    -------
    pandas.Series of bool
        Aligned with ``tokens.index``.

    Raises
    ------
    TypeError
        If ``tokens`` is not a DataFrame.
    ValueError
        If a needed column is missing (named in the message).

    Examples
    --------
    >>> toks = pd.DataFrame({"term": ["keep", "the", ","], "is_punct": [False, False, True],
    ...                      "is_stop": [False, True, False]})
    >>> counted_mask(toks).tolist()
    [True, False, False]
    """
    if not isinstance(tokens, pd.DataFrame):
        raise TypeError(f"tokens must be a pandas DataFrame, got {type(tokens).__name__}")
    needs = ([by] if by is not None else []) + [term] + ["is_punct"] * drop_punct + ["is_stop"] * drop_stop
    missing = [c for c in dict.fromkeys(needs) if c not in tokens.columns]
    if missing:
        raise ValueError(
            f"tokens frame lacks column(s) {', '.join(map(repr, missing))} "
            "(is_punct/is_stop are needed only with drop_punct/drop_stop)"
        )
    keep = tokens[term].notna()
    if by is not None:
        keep &= tokens[by].notna()
    if drop_punct:
        keep &= ~tokens["is_punct"].astype(bool)
    if drop_stop:
        keep &= ~tokens["is_stop"].astype(bool)
    return keep
