"""Keyword in context: every match of a word, phrase or regex, with its context.

A concordance shows each occurrence of a search pattern on its own line,
with the words to its left and right, so a reader can see how both sides
use the same word ("ties", "sister cities", "citizen diplomacy"). Lines
come from the sentences frame (see :mod:`analysis.sentences`) and never
cross a sentence: a sentence is the unit the coders code, so each line can
carry its sentence's stance.

KWIC frame
----------
One row per match, documents in the order they first appear in the
sentences frame, then by ``start`` (then ``end``) within a document.

=============  ==============================================================
``doc_id``     document id
``sent_id``    sentence id
``start, end`` offsets of the match in the document's clean text, so
               ``clean[start:end] == keyword``
``left``       up to ``window`` word tokens before the match, as printed
``keyword``    the matched text, as printed
``right``      up to ``window`` word tokens after the match, as printed
``stance`` ... with ``coding``: the sentence's code for each of
               ``coding_columns`` (missing when the sentence is not coded)
=============  ==============================================================

References
----------
.. [1] Luhn, H. P. (1960). Keyword-in-context index for technical
   literature (KWIC index). American Documentation, 11(4), 288-295.
.. [2] Sinclair, J. (1991). Corpus, Concordance, Collocation. Oxford
   University Press.
.. [3] Benoit, K. et al. (2018). quanteda: An R package for the
   quantitative analysis of textual data. Journal of Open Source Software,
   3(30), 774 (``kwic()``: pattern, window in tokens, ``valuetype``).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.tokens import token_spans

__all__ = ["KWIC_COLUMNS", "phrase_regex", "kwic_table"]

KWIC_COLUMNS = ("doc_id", "sent_id", "start", "end", "left", "keyword", "right")

_SENTENCE_NEEDS = ("doc_id", "sent_id", "start", "text")

# Plain patterns match either form of a quote mark.
_QUOTE_CLASSES = {"'": "['\u2018\u2019]", "\u2019": "['\u2018\u2019]", "\u2018": "['\u2018\u2019]",
                  '"': '["\u201c\u201d]', "\u201c": '["\u201c\u201d]', "\u201d": '["\u201c\u201d]'}


def phrase_regex(phrase: str) -> str:
    """Return the regular expression that :func:`kwic_table` uses for a plain phrase.

    The words of ``phrase`` (split on whitespace) must appear in order,
    separated by any run of whitespace, and the match must start and end
    on a word boundary: it is neither preceded nor followed by a letter,
    digit or underscore. Straight and curly quote marks match each other.

    Parameters
    ----------
    phrase : str
        One word or several, e.g. ``"sister cities"``.

    Returns
    -------
    str
        A pattern for :func:`re.compile`.

    Raises
    ------
    ValueError
        If ``phrase`` holds no word.

    Examples
    --------
    >>> import re
    >>> bool(re.search(phrase_regex("sister  cities"), "our sister\\ncities program"))
    True
    >>> bool(re.search(phrase_regex("tie"), "cut ties"))
    False
    """
    words = phrase.split()
    if not words:
        raise ValueError("pattern is empty: give a word or phrase")
    escaped = ["".join(_QUOTE_CLASSES.get(ch, re.escape(ch)) for ch in word) for word in words]
    return r"(?<!\w)" + r"\s+".join(escaped) + r"(?!\w)"


def _compile(pattern: str, *, regex: bool, case_sensitive: bool) -> re.Pattern:
    if not isinstance(pattern, str):
        raise TypeError(f"pattern must be a str, got {type(pattern).__name__}")
    flags = 0 if case_sensitive else re.IGNORECASE
    source = pattern if regex else phrase_regex(pattern)
    if regex and not pattern:
        raise ValueError("pattern is empty: give a regular expression")
    try:
        return re.compile(source, flags)
    except re.error as err:
        raise ValueError(f"pattern is not a valid regular expression: {err}") from None


def _context(text: str, spans: list[tuple[int, int]], start: int, end: int, window: int | None) -> tuple[str, str]:
    """Left and right context of ``text[start:end]``: up to ``window`` tokens each side."""
    before = [s for s, e in spans if e <= start]
    after = [e for s, e in spans if s >= end]
    if window is None:
        left_from, right_to = 0, len(text)
    else:
        left_from = before[-min(window, len(before))] if window and before else start
        right_to = after[min(window, len(after)) - 1] if window and after else end
    return text[left_from:start].rstrip(), text[end:right_to].lstrip()


def _check_window(window) -> None:
    if window is None:
        return
    if isinstance(window, bool) or not isinstance(window, int):
        raise TypeError(f"window must be an int or None, got {type(window).__name__}")
    if window < 0:
        raise ValueError(f"window must be >= 0, got {window}")


def _coding_columns(coding: pd.DataFrame, columns) -> list[str]:
    if not isinstance(coding, pd.DataFrame):
        raise TypeError(f"coding must be a DataFrame, got {type(coding).__name__}")
    columns = [columns] if isinstance(columns, str) else list(columns)
    missing = [c for c in ["sent_id", *columns] if c not in coding.columns]
    if missing:
        raise ValueError(f"coding frame lacks column(s) {', '.join(missing)}")
    clash = [c for c in columns if c in KWIC_COLUMNS]
    if clash:
        raise ValueError(f"coding column(s) {', '.join(clash)} would overwrite KWIC columns")
    dup = coding["sent_id"][coding["sent_id"].duplicated()]
    if not dup.empty:
        raise ValueError(
            f"coding has several rows for sent_id {dup.iloc[0]!r}: give one row per sentence "
            "(e.g. the gold or adjudicated coding)"
        )
    return columns


def kwic_table(
    sentences: pd.DataFrame,
    pattern: str,
    *,
    window: int | None = 8,
    regex: bool = False,
    case_sensitive: bool = False,
    coding: pd.DataFrame | None = None,
    coding_columns: tuple[str, ...] = ("stance", "voice"),
    drop_duplicates: bool = True,
) -> pd.DataFrame:
    """Return every match of ``pattern`` in ``sentences`` with its context.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences frame (see :mod:`analysis.sentences`); uses ``doc_id``,
        ``sent_id``, ``start``, ``text`` and, if present, ``duplicate_of``.
    pattern : str
        A word or phrase (default) or, with ``regex=True``, a Python
        regular expression. A phrase matches on word boundaries and across
        any whitespace (see :func:`phrase_regex`); it matches whole words
        only, so ``"tie"`` does not match "ties" (use ``r"\\bties?\\b"``
        with ``regex=True``).
    window : int or None, default=8
        Context size in **word tokens** on each side, counted with the
        project tokenizer (:func:`analysis.tokens.token_spans`, so a
        punctuation mark is a token). Context stops at the sentence edge,
        so a match near the start of a sentence has a short ``left``.
        ``None`` gives the whole rest of the sentence on each side.
    regex : bool, default=False
        Read ``pattern`` as a regular expression. Zero-width matches are
        skipped.
    case_sensitive : bool, default=False
        Match case exactly; by default case is ignored.
    coding : pandas.DataFrame, optional
        One row per sentence with ``sent_id`` and the ``coding_columns``
        (e.g. the gold coding: ``sent_id, stance, voice, actor, target``).
        Each line gets its sentence's codes; uncoded sentences get a
        missing value.
    coding_columns : tuple of str, default=("stance", "voice")
        Columns of ``coding`` to copy onto each line.
    drop_duplicates : bool, default=True
        Skip sentences whose ``duplicate_of`` is not empty (pull quotes that
        repeat a body sentence), so each passage is listed once.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_id, start, end, left, keyword, right`` (then the
        ``coding_columns`` when ``coding`` is given), one row per match;
        documents in their order of first appearance in ``sentences``, then
        ``start``, then ``end``; index 0..n-1. ``start``/``end`` are offsets
        in the document's clean text (sentence ``start`` + offset in the
        sentence).

    Raises
    ------
    TypeError
        If ``pattern`` is not a str, ``window`` is not an int or None, or
        ``coding`` is not a DataFrame.
    ValueError
        If ``pattern`` is empty or not a valid regex, ``window`` < 0, a
        needed column is missing, or ``coding`` repeats a ``sent_id``.

    References
    ----------
    .. [1] Luhn, H. P. (1960). Keyword-in-context index for technical
       literature (KWIC index). American Documentation, 11(4), 288-295.
    .. [2] Benoit, K. et al. (2018). quanteda: An R package for the
       quantitative analysis of textual data. Journal of Open Source
       Software, 3(30), 774 (``kwic()``).

    Examples
    --------
    >>> import pandas as pd
    >>> sents = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": ["d-001", "d-002"],
    ...                       "start": [0, 25],
    ...                       "text": ["Cities should cut ties.", "Sister cities keep ties alive."]})
    >>> kwic_table(sents, "ties", window=2)[["sent_id", "start", "left", "keyword", "right"]]
      sent_id  start         left keyword   right
    0   d-001     18   should cut    ties       .
    1   d-002     44  cities keep    ties  alive.
    """
    if not isinstance(sentences, pd.DataFrame):
        raise TypeError(f"sentences must be a DataFrame, got {type(sentences).__name__}")
    missing = [c for c in _SENTENCE_NEEDS if c not in sentences.columns]
    if missing:
        raise ValueError(f"not a sentences frame: missing column(s) {', '.join(missing)}")
    _check_window(window)
    compiled = _compile(pattern, regex=regex, case_sensitive=case_sensitive)
    columns = _coding_columns(coding, coding_columns) if coding is not None else []

    rows = []
    dup = sentences["duplicate_of"] if drop_duplicates and "duplicate_of" in sentences.columns else None
    for i, (doc_id, sent_id, offset, text) in enumerate(
        zip(sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"])
    ):
        if dup is not None and isinstance(dup.iloc[i], str) and dup.iloc[i]:
            continue
        matches = [m for m in compiled.finditer(text) if m.end() > m.start()]
        if not matches:
            continue
        spans = token_spans(text)
        for m in matches:
            left, right = _context(text, spans, m.start(), m.end(), window)
            rows.append((doc_id, sent_id, int(offset) + m.start(), int(offset) + m.end(), left, m.group(0), right))

    frame = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    frame = frame.astype({"doc_id": "str", "sent_id": "str", "start": "int64", "end": "int64",
                          "left": "str", "keyword": "str", "right": "str"})
    doc_order = {d: k for k, d in enumerate(pd.unique(sentences["doc_id"]))}
    frame = (
        frame.assign(_doc=frame["doc_id"].map(doc_order))
        .sort_values(["_doc", "start", "end"], kind="stable")
        .drop(columns="_doc")
        .reset_index(drop=True)
    )
    if columns:
        codes = coding[["sent_id", *columns]]
        frame = frame.merge(codes, on="sent_id", how="left", validate="many_to_one")
    return frame
