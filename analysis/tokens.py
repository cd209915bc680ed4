"""Tokens: NLTK word tokens with offsets, terms, stems and stop-word flags.

Words come from NLTK's :class:`~nltk.tokenize.NLTKWordTokenizer` (the
Treebank rules that ``nltk.word_tokenize`` uses, without Punkt or any data
download), run sentence by sentence with ``span_tokenize`` so every token
keeps its offsets. Curly apostrophes are read as straight ones for the
rules only ("don’t" -> "do", "n’t"); the token keeps its printed form.

Stop words are scikit-learn's ``ENGLISH_STOP_WORDS`` (the Glasgow
Information Retrieval Group list, BSD licence, shipped with scikit-learn),
less a few content words that carry stance here (``keep``, ``call``,
``show``...: :data:`KEPT_WORDS`), so no NLTK corpus is needed. Stems are NLTK's Porter stemmer (no data).

Tokens frame
------------
One row per token, in sentence order then text order.

============  ===============================================================
``doc_id``    document id
``sent_id``   sentence id (see :mod:`analysis.sentences`)
``token_id``  1-based position in the sentence (int)
``start, end``  offsets in the document's clean text
``token``     the token as printed
``term``      lower case, curly quotes straightened: the unit counted
``stem``      Porter stem of ``term`` (``term`` itself for punctuation)
``is_punct``  True when the token has no letter or digit
``is_stop``   True when ``term`` is a stop word
============  ===============================================================

References
----------
.. [1] Porter, M. F. (1980). An algorithm for suffix stripping. Program,
   14(3), 130-137.
.. [2] Nothman, J., Qin, H. & Yurchak, R. (2018). Stop word lists in free
   open-source software packages. Proceedings of NLP-OSS, 7-12.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from nltk.stem.porter import PorterStemmer
from nltk.tokenize import NLTKWordTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = [
    "TOKEN_COLUMNS",
    "STOP_WORDS",
    "word_tokens",
    "token_spans",
    "normalise_term",
    "token_table",
    "check_tokens",
    "document_lengths",
    "counted_mask",
]

TOKEN_COLUMNS = ("doc_id", "sent_id", "token_id", "start", "end", "token", "term", "stem", "is_punct", "is_stop")

#: Content words in scikit-learn's list that carry meaning in debates about
#: ties ("keep ties", "call for", "show support"); they are not stop words here.
#: On the problems of that list see Nothman, Qin & Yurchak (2018).
KEPT_WORDS = frozenset({
    "keep", "call", "move", "show", "give", "take", "find", "found", "fire", "made", "put", "full", "part",
    "interest", "serious", "system", "bill", "describe", "cry", "detail", "side", "front", "back",
})

#: Stop words: scikit-learn's English list less :data:`KEPT_WORDS`, plus the
#: clitics the tokenizer makes.
STOP_WORDS = (frozenset(ENGLISH_STOP_WORDS) - KEPT_WORDS) | {"'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "s"}

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@lru_cache(maxsize=1)
def _tokenizer() -> NLTKWordTokenizer:
    return NLTKWordTokenizer()


@lru_cache(maxsize=1)
def _stemmer() -> PorterStemmer:
    return PorterStemmer()


def token_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the word tokens of ``text``.

    Examples
    --------
    >>> text = "Don’t cut ties."
    >>> [text[s:e] for s, e in token_spans(text)]
    ['Do', 'n’t', 'cut', 'ties', '.']
    """
    return list(_tokenizer().span_tokenize(text.translate(_QUOTES)))


def normalise_term(token: str) -> str:
    """Return the counted form of a token: lower case, straight quotes."""
    return token.translate(_QUOTES).lower()


def word_tokens(text: str) -> list[str]:
    """Return the terms of ``text`` (lower-cased word tokens, punctuation kept).

    This is the one tokenizer shared by the coders and the comparisons.

    Examples
    --------
    >>> word_tokens("Renounce the U.S.-Russia ties!")
    ['renounce', 'the', 'u.s.-russia', 'ties', '!']
    """
    return [normalise_term(text[s:e]) for s, e in token_spans(text)]


def _is_punct(token: str) -> bool:
    return not any(ch.isalnum() for ch in token)


def token_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return the tokens frame of a sentences frame.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences frame (see :mod:`analysis.sentences`); uses ``doc_id``,
        ``sent_id``, ``start`` and ``text``.

    Returns
    -------
    pandas.DataFrame
        The tokens frame (see the module docstring), index 0..n-1.

    Examples
    --------
    >>> import pandas as pd
    >>> sents = pd.DataFrame({"doc_id": ["d"], "sent_id": ["d-001"], "start": [10],
    ...                       "text": ["Keep the ties."]})
    >>> token_table(sents)[["token", "start", "end", "is_stop"]].values.tolist()
    [['Keep', 10, 14, False], ['the', 15, 18, True], ['ties', 19, 23, False], ['.', 23, 24, False]]
    """
    stem = _stemmer().stem
    rows = []
    for doc_id, sent_id, offset, text in zip(sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"]):
        for i, (s, e) in enumerate(token_spans(text), start=1):
            token = text[s:e]
            term = normalise_term(token)
            punct = _is_punct(token)
            rows.append(
                (doc_id, sent_id, i, int(offset) + s, int(offset) + e, token, term,
                 term if punct else stem(term), punct, term in STOP_WORDS)
            )
    return pd.DataFrame(rows, columns=list(TOKEN_COLUMNS))


def check_tokens(frame: pd.DataFrame) -> None:
    """Raise ``ValueError`` unless ``frame`` has the tokens frame's columns."""
    missing = [c for c in TOKEN_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"not a tokens frame: missing column(s) {', '.join(missing)}")


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
