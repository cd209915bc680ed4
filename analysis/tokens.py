"""Tokens: NLTK word tokens with offsets, terms, stems and stop-word flags.

Words come from NLTK's :class:`~nltk.tokenize.NLTKWordTokenizer` (the
Treebank rules that ``nltk.word_tokenize`` uses, without Punkt or any data
download), run sentence by sentence with ``span_tokenize`` so every token
keeps its offsets. Curly apostrophes are read as straight ones for the
rules only ("don’t" -> "do", "n’t"); the token keeps its printed form.

Stop words are scikit-learn's ``ENGLISH_STOP_WORDS`` (the Glasgow
Information Retrieval Group list, BSD licence; a copy is shipped as
``analysis/data/stop-words-en.txt`` and checked against scikit-learn by the
tests), less a few content words that carry stance here (``keep``, ``call``,
``show``...: :data:`KEPT_WORDS`), so no NLTK corpus is needed. Stems are NLTK's Porter stemmer (no data).
NLTK is imported when the first text is tokenized (importing it loads
SciPy and scikit-learn), so reading cached tokens does not pay for it.

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

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from nltk.stem.porter import PorterStemmer
    from nltk.tokenize import NLTKWordTokenizer

__all__ = [
    "TOKEN_COLUMNS",
    "STOP_WORDS",
    "word_tokens",
    "cached_word_tokens",
    "token_spans",
    "normalise_term",
    "token_table",
    "document_tokens",
    "iter_tables",
    "check_tokens",
]

TOKEN_COLUMNS = ("doc_id", "sent_id", "token_id", "start", "end", "token", "term", "stem", "is_punct", "is_stop")

#: Content words in scikit-learn's list that carry meaning in debates about
#: ties ("keep ties", "call for", "show support"); they are not stop words here.
#: On the problems of that list see Nothman, Qin & Yurchak (2018).
KEPT_WORDS = frozenset({
    "keep", "call", "move", "show", "give", "take", "find", "found", "fire", "made", "put", "full", "part",
    "interest", "serious", "system", "bill", "describe", "cry", "detail", "side", "front", "back",
})


def _read_word_list(name: str) -> frozenset[str]:
    """The words of a list shipped in ``analysis/data/``: one per line, ``#`` comments."""
    text = resources.files("analysis").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(w for w in (line.split("#", 1)[0].strip() for line in text.splitlines()) if w)


#: scikit-learn's ``ENGLISH_STOP_WORDS``, read from the copy ``analysis/data/stop-words-en.txt``.
ENGLISH_STOP_WORDS = _read_word_list("stop-words-en.txt")

#: Stop words: scikit-learn's English list less :data:`KEPT_WORDS`, plus the
#: clitics the tokenizer makes.
STOP_WORDS = (ENGLISH_STOP_WORDS - KEPT_WORDS) | {"'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "s"}

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@lru_cache(maxsize=1)
def _tokenizer() -> NLTKWordTokenizer:
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


@lru_cache(maxsize=1)
def _stemmer() -> PorterStemmer:
    from nltk.stem.porter import PorterStemmer

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
    >>> word_tokens("They said “keep the ties” and don’t cut them.")
    ['they', 'said', '"', 'keep', 'the', 'ties', '"', 'and', 'do', "n't", 'cut', 'them', '.']
    """
    plain = text.translate(_QUOTES)
    if '"' not in plain and "''" not in plain:
        # NLTK changes only double quotes into `` and ''; otherwise its tokens are the spans' text
        # (what span_tokenize checks), so the spans need not be found again.
        return [token.lower() for token in _tokenizer().tokenize(plain)]
    return [normalise_term(text[s:e]) for s, e in token_spans(text)]


@lru_cache(maxsize=1 << 15)
def cached_word_tokens(text: str) -> tuple[str, ...]:
    """Return :func:`word_tokens` of ``text`` as a tuple, remembered for the 32,768 texts used last.

    For the coders: cross-validation fits the features of the same training
    sentences again and again (every fold, setting and calibration fold),
    and tokenizing is half of that work. The tuple cannot be changed by the
    caller, so every caller gets the same tokens.

    Examples
    --------
    >>> cached_word_tokens("Keep the ties.")
    ('keep', 'the', 'ties', '.')
    """
    return tuple(word_tokens(text))


@lru_cache(maxsize=1 << 17)
def _is_punct(token: str) -> bool:
    return not any(ch.isalnum() for ch in token)


@lru_cache(maxsize=1 << 17)
def _stem(term: str) -> str:
    """Porter stem of ``term``, computed once per distinct term."""
    return _stemmer().stem(term)


_KEY_COLUMNS = ["doc_id", "sent_id", "start", "text"]


def _token_key(sentences: pd.DataFrame) -> str:
    from analysis.cache import content_key

    return content_key("tokens", sentences[_KEY_COLUMNS])


def token_table(sentences: pd.DataFrame, *, n_jobs: int | None = None, cache=None, progress=None) -> pd.DataFrame:
    """Return the tokens frame of a sentences frame.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences frame (see :mod:`analysis.sentences`); uses ``doc_id``,
        ``sent_id``, ``start`` and ``text``.
    n_jobs : int, optional
        Parallel jobs over documents (joblib semantics; default one, or what
        an enclosing ``joblib.parallel_config`` says). The result is the same
        for any number.
    cache : bool, str or Path, optional
        Reuse the tokens of documents whose sentences are unchanged
        (:mod:`analysis.cache`); ``False`` recomputes them.
    progress : bool, optional
        Progress bar (:mod:`analysis.progress`).

    Returns
    -------
    pandas.DataFrame
        The tokens frame (see the module docstring), index 0..n-1.

    Examples
    --------
    >>> import pandas as pd
    >>> sents = pd.DataFrame({"doc_id": ["d"], "sent_id": ["d-001"], "start": [10],
    ...                       "text": ["Keep the ties."]})
    >>> token_table(sents, cache=False)[["token", "start", "end", "is_stop"]].values.tolist()
    [['Keep', 10, 14, False], ['the', 15, 18, True], ['ties', 19, 23, False], ['.', 23, 24, False]]
    """
    from analysis.cache import document_cache, map_documents

    from analysis.cache import cached_call, content_key

    store = document_cache(cache)
    if sentences.empty:
        return document_tokens(sentences)

    def whole():
        doc_ids = sentences["doc_id"]
        runs = (doc_ids != doc_ids.shift()).cumsum()  # each document's run of rows, kept in row order
        groups = sentences[_KEY_COLUMNS].groupby(runs.to_numpy(), sort=False)
        items = (((frame,), _token_key(frame) if store else None) for _, frame in groups)
        frames = list(map_documents(document_tokens, items, step="tokens", n_jobs=n_jobs, store=store,
                                    progress=progress, total=groups.ngroups))
        return pd.concat(frames, ignore_index=True)

    if store is None:
        return whole()
    # The whole table is kept too (one file to read back), under the hash of all its sentences.
    return cached_call(whole, (), "token-table", content_key("token-table", sentences[_KEY_COLUMNS]), store)


def document_tokens(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return the tokens frame of some sentences (usually one document's).

    The work of :func:`token_table`, without parallel jobs or cache: stems
    and punctuation tests are computed once per distinct term.
    """
    data = token_columns(sentences["doc_id"].tolist(), sentences["sent_id"].tolist(),
                         sentences["start"].tolist(), sentences["text"].tolist())
    if not data["token"]:
        return pd.DataFrame([], columns=list(TOKEN_COLUMNS))
    return pd.DataFrame(data)


def token_columns(doc_ids: list, sent_ids: list, offsets: list, texts: list) -> dict[str, list]:
    """Return the columns of :func:`document_tokens` as lists, from the sentences' columns."""
    spans = _tokenizer().span_tokenize
    out_docs, out_sents, token_ids, starts, ends, toks, terms = [], [], [], [], [], [], []
    for doc_id, sent_id, offset, text in zip(doc_ids, sent_ids, offsets, texts):
        offset = int(offset)
        plain = text.translate(_QUOTES)  # one to one, so offsets agree with ``text``
        lower = plain.lower()
        same = len(lower) == len(plain) and "Σ" not in plain  # final sigma depends on context
        n = 0
        for s, e in spans(plain):
            toks.append(text[s:e])
            terms.append(lower[s:e] if same else plain[s:e].lower())
            starts.append(offset + s)
            ends.append(offset + e)
            n += 1
        out_docs.extend([doc_id] * n)
        out_sents.extend([sent_id] * n)
        token_ids.extend(range(1, n + 1))
    punct = [_is_punct(t) for t in toks]
    return {
        "doc_id": out_docs,
        "sent_id": out_sents,
        "token_id": token_ids,
        "start": starts,
        "end": ends,
        "token": toks,
        "term": terms,
        "stem": [t if p else _stem(t) for t, p in zip(terms, punct)],
        "is_punct": punct,
        "is_stop": [t in STOP_WORDS for t in terms],
    }


def _document_tables(args: tuple, key: str | None, store) -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.cache import cached_call
    from analysis.sentences import document_sentences

    sentences = cached_call(document_sentences, args, "sentences", key, store)
    tokens = cached_call(document_tokens, (sentences[_KEY_COLUMNS],), "tokens",
                         _token_key(sentences) if store else None, store)
    return sentences, tokens


def _document_token_frame(args: tuple, key: str | None, store) -> pd.DataFrame | dict[str, list]:
    if store is None:  # no cache: plain lists, no DataFrame built only to be written out
        from analysis.sentences import document_sentence_columns

        sc = document_sentence_columns(*args)
        return token_columns(sc["doc_id"], sc["sent_id"], sc["start"], sc["text"])
    return _document_tables(args, key, store)[1]


def _document_token_csv(args: tuple, key: str | None, store) -> str:
    """The CSV rows (no header) of one document's tokens, cached as text."""
    from analysis.cache import cached_call, content_key

    def rows() -> str:
        from analysis.sentences import document_sentence_columns

        sc = document_sentence_columns(*args)
        columns = token_columns(sc["doc_id"], sc["sent_id"], sc["start"], sc["text"])
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(zip(*columns.values()))
        return buffer.getvalue()

    return cached_call(rows, (), "doc-tokens-csv", key and content_key("doc-tokens-csv", key), store)


def iter_tables(corpus, *, abbreviations=None, n_jobs: int | None = None, cache=None, progress=None,
                tokens_only=False, as_csv=False):
    """Yield ``(sentences, tokens)`` frames for each document of ``corpus``, in order.

    Reading, cleaning, splitting and tokenizing one document is one task, so
    ``n_jobs`` parallel jobs share all the work and results stream out one
    document at a time. The frames are those of
    :func:`analysis.sentences.sentence_table` and :func:`token_table`, split
    by document. Parameters as :func:`analysis.sentences.sentence_table`;
    with ``tokens_only`` only the tokens frames are yielded (a cached
    document then costs one read), and with ``as_csv`` too, their CSV rows
    as text (see :class:`analysis.output.TableWriter`; cached as text).
    """
    from analysis.cache import content_key, document_cache, map_documents
    from analysis.sentences import sentence_tasks

    store = document_cache(cache)
    tasks = sentence_tasks(corpus, abbreviations, keyed=store is not None)
    if tokens_only and as_csv:
        items = (((args, key, store), None) for args, key in tasks)
        func, step = _document_token_csv, "doc-tokens-csv"
    elif tokens_only:
        items = (((args, key, store), key and content_key("doc-tokens", key)) for args, key in tasks)
        func, step = _document_token_frame, "doc-tokens"
    else:
        items = (((args, key, store), None) for args, key in tasks)
        func, step = _document_tables, "tables"
    yield from map_documents(func, items, step=step, n_jobs=n_jobs, store=store, progress=progress,
                             total=len(corpus.documents))


def check_tokens(frame: pd.DataFrame) -> None:
    """Raise ``ValueError`` unless ``frame`` has the tokens frame's columns."""
    missing = [c for c in TOKEN_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"not a tokens frame: missing column(s) {', '.join(missing)}")
