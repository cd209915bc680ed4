"""Units to code: the texts ``python -m analysis code`` reads, and labelled units to train on.

:func:`units_from_input` turns INPUT (a corpus folder, a ``.txt`` file, a
web page, Word, RTF or PDF document read as ``import`` reads it, or a CSV
with one unit per row) into a frame of id columns and ``text``;
:func:`read_labelled` reads a user's own coding to train on. Bad input
raises :class:`~analysis.errors.CorpusError` with ``FILE:LINE: FIELD:
message`` problems, every problem at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.corpus import decode_text, read_csv_records
from analysis.errors import CorpusError, Problem, display_path

__all__ = ["read_units", "read_labelled", "units_from_input", "check_units", "DOCUMENT_SUFFIXES"]

#: Documents ``code`` reads as ``import`` does (:mod:`analysis.ingest`), then splits into sentences.
DOCUMENT_SUFFIXES = (".html", ".htm", ".mhtml", ".mht", ".docx", ".odt", ".rtf", ".pdf")


def _read_rows(path, required: Sequence[str]) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """Read a CSV into a frame of stripped strings, the line of each row, and its problems."""
    name = display_path(path)
    header, records = read_csv_records(path)
    missing = [c for c in required if c not in header]
    if missing:
        found = ", ".join(repr(h) for h in header)
        raise CorpusError([Problem(name, 1, c, f"no such column; found: {found}") for c in missing])
    problems = [Problem(name, 1, "header", f"column {h!r} appears {k} times") for h, k in Counter(header).items() if k > 1]
    rows, lines = [], []
    for line, record in records:
        if len(record) > len(header):
            problems.append(Problem(name, line, "row", f"{len(record)} cells but {len(header)} columns "
                                    "(put text containing commas in double quotes)"))
        record = record + [""] * (len(header) - len(record))
        rows.append({h: record[i].strip() for i, h in enumerate(header) if h})
        lines.append(line)
    frame = pd.DataFrame(rows, columns=list(dict.fromkeys(h for h in header if h)), dtype=object)
    if "line" not in frame.columns:
        frame["line"] = pd.Series(lines, dtype="int64")
    for col in required:
        problems += [Problem(name, ln, col, "empty cell") for ln, v in zip(lines, frame[col]) if not v]
    return frame.reset_index(drop=True), lines, sorted(problems, key=lambda p: p.line or 0)


def read_units(path: str | Path, *, text_col: str = "text") -> pd.DataFrame:
    """Read units to code from a CSV (UTF-8, one unit per row, a header row).

    Returns
    -------
    pandas.DataFrame
        Every column as str, plus ``line`` (the row's 1-based line in the
        file, unless the file has a ``line`` column); blank rows skipped.

    Raises
    ------
    CorpusError
        ``FILE:LINE: FIELD: message`` for a missing file, bad encoding, a
        missing column (naming the columns found), an empty text or a row
        with more cells than columns; every problem at once.

    References
    ----------
    .. [1] RFC 4180 (2005). Common Format and MIME Type for CSV Files.
    .. [2] GNU Coding Standards, section 4.4 "Formatting Error Messages"
       (``FILE:LINE: message``).
    """
    frame, _, problems = _read_rows(path, [text_col])
    if problems:
        raise CorpusError(problems)
    return frame


def read_labelled(path: str | Path, *, text_col: str = "text", label_col: str = "label") -> pd.DataFrame:
    """Read labelled units for training a coder from a CSV.

    As :func:`read_units`, and the labels must be non-empty, at least two
    different, each given at least twice (stratified folds need two).

    Raises
    ------
    CorpusError
        As :func:`read_units`, plus empty labels, a single label, or a label
        with a single example (at its line).

    References
    ----------
    .. [1] As :func:`read_units`.
    """
    name = display_path(path)
    frame, lines, problems = _read_rows(path, [text_col, label_col])
    counts = Counter(v for v in frame[label_col] if v)
    if len(counts) < 2:
        problems.append(Problem(name, None, label_col, f"needs at least two different labels, found {sorted(counts)}"))
    for label, k in sorted(counts.items()):
        if k == 1:
            line = next(ln for ln, v in zip(lines, frame[label_col]) if v == label)
            problems.append(Problem(name, line, label_col, f"label {label!r} has a single example; give it at "
                                    "least two or merge it into another label"))
    if problems:
        raise CorpusError(sorted(problems, key=lambda p: p.line or 0))
    return frame


def units_from_input(path: Path, *, text_col: str) -> pd.DataFrame:
    """Return the units of INPUT (a corpus folder, ``.txt``, ``.csv`` or a document): id columns + ``text``.

    A corpus folder gives its sentences, a ``.txt`` file or a document
    (:data:`DOCUMENT_SUFFIXES`) is cleaned and split into sentences, a CSV
    is read with :func:`read_units`; sentences that repeat an earlier one
    (``duplicate_of``) are left out.
    """
    from analysis.clean import clean_text
    from analysis.corpus import read_corpus
    from analysis.sentences import sentence_table, split_sentences

    name = display_path(path)
    if path.is_dir():
        sentences = sentence_table(read_corpus(path))
        sentences = sentences[sentences["duplicate_of"] == ""]
        return sentences[["doc_id", "sent_id", "text"]].reset_index(drop=True)
    if not path.exists():
        raise CorpusError([Problem(name, None, "file", "does not exist")])
    if path.suffix.lower() == ".txt":
        raw = decode_text(path.read_bytes(), name, document=True)
        if not raw.strip():
            raise CorpusError([Problem(name, None, "text", "the file is empty")])
        doc_id = path.stem
        sentences = split_sentences(clean_text(raw), doc_id)
        sentences = sentences[sentences["duplicate_of"] == ""]
        return sentences[["doc_id", "sent_id", "text"]].reset_index(drop=True)
    if path.suffix.lower() == ".csv":
        return read_units(path, text_col=text_col)
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return _units_from_document(path)
    raise CorpusError([Problem(name, None, "file", "INPUT must be a corpus folder, a .txt or .csv file, or a "
                               f"document ({', '.join(DOCUMENT_SUFFIXES)})")])


def _units_from_document(path: Path) -> pd.DataFrame:
    """The sentences of a web page, Word, RTF or PDF file (read as ``import`` reads it; a news download
    holding several articles gives one document each, ``STEM-1``, ``STEM-2``...)."""
    from analysis.clean import clean_text
    from analysis.ingest.readers import read_source
    from analysis.sentences import split_sentences

    name = display_path(path)
    docs = read_source(path, name)
    problems = [Problem(name, doc.line, doc.format, doc.problem) for doc in docs if doc.problem]
    if problems:
        raise CorpusError(problems)
    frames = []
    for doc in docs:
        doc_id = path.stem if len(docs) == 1 else f"{path.stem}-{doc.source_index}"
        clean = clean_text(doc.text, title=str(doc.meta.get("title") or ""), author=str(doc.meta.get("author") or ""))
        frames.append(split_sentences(clean, doc_id))
    sentences = pd.concat(frames, ignore_index=True)
    sentences = sentences[sentences["duplicate_of"] == ""]
    return sentences[["doc_id", "sent_id", "text"]].reset_index(drop=True)


def check_units(units: pd.DataFrame, path: Path, *, text_col: str) -> None:
    """Refuse INPUT with nothing to code, or with columns the output would overwrite."""
    name = display_path(path)
    taken = [c for c in ("predicted", "confidence", "needs_review") if c in units.columns and c != text_col]
    if taken:
        raise CorpusError([Problem(name, 1, c, "INPUT already has this column (is it coded output?); rename or "
                                   "drop it, the coder writes its own") for c in taken])
    if units.empty:
        raise CorpusError([Problem(name, None, "text", "nothing to code: INPUT holds no text units")])
