"""Sentences: split clean blocks with NLTK's Punkt, keeping exact offsets.

Punkt (Kiss & Strunk 2006) is built from :class:`PunktParameters` with the
abbreviation list this package ships (``analysis/data/abbreviations.txt``:
``U.S.``, ``St.``, ``Mr.``, ``L.A.``, ``Aug.``, ``pop.``, initials, months...),
so nothing is downloaded and nothing is unpickled. Each clean block (see
:mod:`analysis.clean`) is split on its own: a paragraph break is always a
sentence break, and a title, heading, byline or metadata line is one unit
however many full stops it holds. A citation in parentheses that Punkt leaves on its own,
such as "(Eisenhower, 1956.)", is joined to the sentence it cites.

Sentences frame
---------------
One row per sentence, documents in corpus order, sentences in text order.

================  ===========================================================
``doc_id``        document id (str)
``sent_id``       ``<doc_id>-<position, 3 digits>``, e.g. ``madrid-latimes-004``
``position``      1-based position in the document (int)
``kind``          block kind (``title``, ``byline``, ``body``, ``pull_quote``...;
                  see :data:`analysis.clean.BLOCK_KINDS`)
``start, end``    offsets in the document's clean text: ``clean[start:end] == text``
``line, line_end``  1-based raw lines where the sentence starts and ends
``raw_start, raw_end``  offsets of the sentence in the raw file
``duplicate_of``  for a pull quote, the ``sent_id`` of the body sentence it
                  repeats ("" otherwise): count only rows where it is ""
``text``          the sentence
================  ===========================================================

References
----------
.. [1] Kiss, T. & Strunk, J. (2006). Unsupervised multilingual sentence
   boundary detection. Computational Linguistics, 32(4), 485-525.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.clean import CleanText, clean_text, line_of, match_key
from analysis.errors import display_path

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = [
    "SENTENCE_COLUMNS",
    "read_abbreviations",
    "sentence_splitter",
    "split_sentences",
    "document_sentences",
    "sentence_columns",
    "iter_sentences",
    "sentence_table",
    "check_sentences",
]

SENTENCE_COLUMNS = (
    "doc_id",
    "sent_id",
    "position",
    "kind",
    "start",
    "end",
    "line",
    "line_end",
    "raw_start",
    "raw_end",
    "duplicate_of",
    "text",
)

#: Block kinds kept whole: a headline with a subtitle is one unit.
UNSPLIT_KINDS = ("title", "heading", "byline", "metadata")

_RE_CITATION = re.compile(r"^\([^()]{1,80}\)[.!?]?$")


def read_abbreviations(path: str | Path | None = None) -> frozenset[str]:
    """Read an abbreviation list: one per line, ``#`` comments, no final stop.

    Parameters
    ----------
    path : str or Path, optional
        A list of your own; by default the one shipped with the package.

    Returns
    -------
    frozenset of str
        Lower-cased abbreviations, as Punkt expects them (``"u.s"``, ``"st"``).
    """
    if path is None:
        text = resources.files("analysis").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    items = (line.split("#", 1)[0].strip().lower().rstrip(".") for line in text.splitlines())
    return frozenset(item for item in items if item)


def sentence_splitter(abbreviations: frozenset[str] | None = None) -> PunktSentenceTokenizer:
    """Return a Punkt sentence tokenizer that knows ``abbreviations``.

    Parameters
    ----------
    abbreviations : frozenset of str, optional
        Defaults to :func:`read_abbreviations` ``()``.
    """
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer  # NLTK loads SciPy: import when needed

    if abbreviations is None:
        return _default_splitter()
    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    return PunktSentenceTokenizer(params)


@lru_cache(maxsize=1)
def _default_splitter() -> PunktSentenceTokenizer:
    return sentence_splitter(read_abbreviations())


def _block_spans(splitter: PunktSentenceTokenizer, text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in splitter.span_tokenize(text):
        if spans and _RE_CITATION.match(text[start:end]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def split_sentences(
    clean: CleanText, doc_id: str, *, splitter: PunktSentenceTokenizer | None = None
) -> pd.DataFrame:
    """Split one cleaned document into its sentences frame.

    Parameters
    ----------
    clean : CleanText
        Output of :func:`analysis.clean.clean_text`.
    doc_id : str
        Id of the document.
    splitter : PunktSentenceTokenizer, optional
        Defaults to :func:`sentence_splitter` ``()``.

    Returns
    -------
    pandas.DataFrame
        The sentences frame of this document (see the module docstring).

    Examples
    --------
    >>> from analysis.clean import clean_text
    >>> ct = clean_text("Mayor Lori E. Lightfoot spoke in the U.S. Senate. Then she left.")
    >>> list(split_sentences(ct, "doc")["text"])
    ['Mayor Lori E. Lightfoot spoke in the U.S. Senate.', 'Then she left.']
    """
    data = sentence_columns(clean, doc_id, splitter=splitter)
    if not data["text"]:
        frame = pd.DataFrame([], columns=["doc_id", "kind", "start", "end", "line", "line_end", "raw_start",
                                          "raw_end", "text"])
        frame.insert(1, "position", range(1, 1))
        frame.insert(1, "sent_id", [])
        frame["duplicate_of"] = []
        return frame[list(SENTENCE_COLUMNS)]
    return pd.DataFrame(data)


def sentence_columns(
    clean: CleanText, doc_id: str, *, splitter: PunktSentenceTokenizer | None = None
) -> dict[str, list]:
    """Return the columns of :func:`split_sentences` as lists (no DataFrame is built)."""
    splitter = splitter or sentence_splitter()
    rows = []
    text, starts = clean.text, clean.raw_line_starts
    blocks = clean.blocks
    for kind, b_start, b_end in zip(blocks["kind"].tolist(), blocks["start"].tolist(), blocks["end"].tolist()):
        block_text = text[b_start:b_end]
        spans = [(0, len(block_text))] if kind in UNSPLIT_KINDS else _block_spans(splitter, block_text)
        for s, e in spans:
            start, end = b_start + s, b_start + e
            raw_start, raw_end = clean.raw_span(start, end)
            rows.append((kind, start, end, line_of(starts, raw_start), line_of(starts, max(raw_end - 1, raw_start)),
                         raw_start, raw_end, text[start:end]))
    columns = ["kind", "start", "end", "line", "line_end", "raw_start", "raw_end", "text"]
    data = dict(zip(columns, map(list, zip(*rows)))) if rows else {c: [] for c in columns}
    n = len(rows)
    data["doc_id"] = [doc_id] * n
    data["position"] = list(range(1, n + 1))
    data["sent_id"] = [f"{doc_id}-{i:03d}" for i in range(1, n + 1)]
    data["duplicate_of"] = _pull_quote_sources(data["sent_id"], data["text"], data["kind"])
    return {c: data[c] for c in SENTENCE_COLUMNS}


def _pull_quote_sources(sent_ids: list[str], texts: list[str], kinds: list[str]) -> list[str]:
    """For each pull quote, the body sentence that contains its words ('' if none)."""
    out = [""] * len(texts)
    if "pull_quote" not in kinds:
        return out
    body = [(sid, match_key(t)) for sid, t, k in zip(sent_ids, texts, kinds) if k == "body"]
    for i, (text, kind) in enumerate(zip(texts, kinds)):
        if kind != "pull_quote":
            continue
        quote = match_key(text)
        for sid, norm in body:
            if quote and (quote in norm or norm in quote):
                out[i] = sid
                break
    return out


def document_sentences(
    doc_id: str, raw: str, title: str = "", author: str = "", abbreviations: frozenset[str] | None = None
) -> pd.DataFrame:
    """Clean one raw text and return its sentences frame.

    The per-document work of :func:`sentence_table` (see
    :func:`analysis.clean.clean_text` and :func:`split_sentences`).
    """
    clean = clean_text(raw, title=title, author=author)
    return split_sentences(clean, doc_id, splitter=sentence_splitter(abbreviations))


def document_sentence_columns(
    doc_id: str, raw: str, title: str = "", author: str = "", abbreviations: frozenset[str] | None = None
) -> dict[str, list]:
    """:func:`document_sentences` as a dict of column lists (see :func:`sentence_columns`)."""
    clean = clean_text(raw, title=title, author=author)
    return sentence_columns(clean, doc_id, splitter=sentence_splitter(abbreviations))


def sentence_tasks(corpus, abbreviations: frozenset[str] | None = None, *, keyed: bool = True):
    """Yield ``(args, key)`` for :func:`document_sentences`, one per document, in corpus order.

    Texts are read here, one at a time; the key (see :mod:`analysis.cache`)
    hashes the raw text, its title, author and the abbreviations.
    """
    from analysis.cache import content_key

    from analysis.corpus import decode_text

    abbrev = "|".join(sorted(abbreviations)) if abbreviations is not None else "default"
    docs = corpus.documents
    for doc_id, file, title, author in zip(docs["doc_id"], docs["file"], docs["title"], docs["author"]):
        # Corpus.text, without looking the row up again (linear, not quadratic, in documents)
        path = corpus.root / file
        raw = decode_text(path.read_bytes(), display_path(path))
        title, author = str(title), str(author)
        key = content_key("sentences", doc_id, title, author, abbrev, raw) if keyed else None
        yield (doc_id, raw, title, author, abbreviations), key


def iter_sentences(corpus, *, abbreviations=None, n_jobs: int | None = None, cache=None, progress=None):
    """Yield the sentences frame of each document of ``corpus``, in corpus order.

    Documents flow one at a time from reading to the caller (who may write
    them out at once), so memory does not grow with the corpus. Parameters
    as :func:`sentence_table`.
    """
    from analysis.cache import document_cache, map_documents

    store = document_cache(cache)
    yield from map_documents(
        document_sentences,
        sentence_tasks(corpus, abbreviations, keyed=store is not None),
        step="sentences",
        n_jobs=n_jobs,
        store=store,
        progress=progress,
        total=len(corpus.documents),
    )


def sentence_table(
    corpus,
    *,
    abbreviations: frozenset[str] | None = None,
    n_jobs: int | None = None,
    cache=None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Return the sentences frame of a whole corpus.

    Documents are cleaned and split one at a time (``n_jobs`` runs them in
    parallel through joblib; any joblib backend, Dask's included, works),
    and a document seen before is taken from the cache.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
        A loaded corpus.
    abbreviations : frozenset of str, optional
        Abbreviations for Punkt; default: the shipped list.
    n_jobs : int, optional
        Number of parallel jobs (joblib semantics); default one, or what an
        enclosing ``joblib.parallel_config`` says. The result is the same
        for any number.
    cache : bool, str or Path, optional
        Reuse unchanged documents' sentences (:mod:`analysis.cache`);
        ``False`` recomputes everything; default: the cache's default.
    progress : bool, optional
        Progress bar (:mod:`analysis.progress`); default: where one is watched.

    Returns
    -------
    pandas.DataFrame
        The sentences frame (see the module docstring), index 0..n-1.
    """
    from analysis.cache import cached_call, content_key, document_cache

    def whole():
        frames = list(iter_sentences(corpus, abbreviations=abbreviations, n_jobs=n_jobs,
                                     cache=store if store is not None else False, progress=progress))
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in SENTENCE_COLUMNS})
        return pd.concat(frames, ignore_index=True)

    store = document_cache(cache)
    if store is None or corpus.documents.empty:
        return whole()
    # The whole table is kept too (one file to read back), under the keys of all its documents.
    keys = [key for _, key in sentence_tasks(corpus, abbreviations)]
    return cached_call(whole, (), "sentence-table", content_key("sentence-table", *keys), store)


def check_sentences(frame: pd.DataFrame) -> None:
    """Raise ``ValueError`` unless ``frame`` is a sentences frame.

    Checks the columns and that ``sent_id`` is unique.
    """
    missing = [c for c in SENTENCE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"not a sentences frame: missing column(s) {', '.join(missing)}")
    dup = frame["sent_id"][frame["sent_id"].duplicated()]
    if not dup.empty:
        raise ValueError(f"sent_id not unique: {dup.iloc[0]!r}")
