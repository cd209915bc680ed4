"""The reprint policy: which documents count.

A reprint (``reprint_of`` in the documents table, see :mod:`analysis.corpus`)
repeats another text of the corpus: counted as well, its sentences, words
and positions would weigh twice in any total over documents (the repost in
the sample is three-quarters Madrid's op-ed word for word, so Madrid's
statements and Zelensky's appeal would be counted twice). The policy of the
suite: **reprints are left out of every count of statements, words and
positions** (actor tables, networks, keyness, Fightin' Words, Wordscores
poles, Wordfish) **unless the caller asks for them** with
``include_reprints=True``, and a figure built from such counts says which
(:func:`reprint_note`). Per-document views (a stance profile or codeline per
text) may still show a reprint as a text of its own: nothing is summed over
it.

This module is the one place that applies the policy; every count goes
through :func:`counted_documents` or :func:`counted_rows`.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["counted_documents", "counted_rows", "reprint_note"]


def counted_documents(documents: pd.DataFrame, *, include_reprints: bool = False) -> list[str]:
    """Return the doc ids that counts over documents use, in table order.

    Parameters
    ----------
    documents : pandas.DataFrame
        Documents frame with ``doc_id`` and ``reprint_of`` (empty or missing
        for an original text).
    include_reprints : bool, default=False
        Keep reprints too (the policy leaves them out).

    Returns
    -------
    list of str

    Raises
    ------
    ValueError
        If ``documents`` lacks ``doc_id`` or ``reprint_of``.
    TypeError
        If ``include_reprints`` is not a bool.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["op-ed", "repost", "reply"], "reprint_of": ["", "op-ed", ""]})
    >>> counted_documents(docs)
    ['op-ed', 'reply']
    >>> counted_documents(docs, include_reprints=True)
    ['op-ed', 'repost', 'reply']
    """
    if not isinstance(include_reprints, bool):
        raise TypeError(f"include_reprints must be True or False, got {include_reprints!r}")
    missing = [c for c in ("doc_id", "reprint_of") if c not in documents.columns]
    if missing:
        raise ValueError(f"documents frame lacks column(s) {', '.join(missing)}")
    if include_reprints:
        return [str(d) for d in documents["doc_id"]]
    original = documents["reprint_of"].fillna("").astype(str).str.strip() == ""
    return [str(d) for d in documents.loc[original, "doc_id"]]


def counted_rows(
    frame: pd.DataFrame, documents: pd.DataFrame, *, include_reprints: bool = False, column: str = "doc_id"
) -> pd.DataFrame:
    """Return the rows of ``frame`` (sentences, tokens, codings...) whose document counts.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any frame with a document column.
    documents : pandas.DataFrame
        Documents frame (``doc_id, reprint_of``).
    include_reprints : bool, default=False
        Keep the rows of reprints too.
    column : str, default="doc_id"
        The document column of ``frame``.

    Returns
    -------
    pandas.DataFrame
        The kept rows, in their order (index reset), with
        ``attrs["reprints"]`` set to ``"included"`` or ``"excluded"``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["op-ed", "repost"], "reprint_of": ["", "op-ed"]})
    >>> rows = pd.DataFrame({"doc_id": ["op-ed", "repost", "op-ed"], "stance": ["E", "E", "D"]})
    >>> kept = counted_rows(rows, docs)
    >>> kept["stance"].tolist(), kept.attrs["reprints"]
    (['E', 'D'], 'excluded')
    """
    if column not in frame.columns:
        raise ValueError(f"frame lacks the document column {column!r}")
    keep = set(counted_documents(documents, include_reprints=include_reprints))
    out = frame[frame[column].astype(str).isin(keep)].reset_index(drop=True)
    out.attrs = dict(frame.attrs, reprints="included" if include_reprints else "excluded")
    return out


def reprint_note(include_reprints: bool = False) -> str:
    """Return the words a caption or title uses to say how reprints were counted.

    Examples
    --------
    >>> reprint_note(), reprint_note(True)
    ('reprints excluded', 'reprints included')
    """
    return "reprints included" if include_reprints else "reprints excluded"
