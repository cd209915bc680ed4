"""The corpus: a documents table and the raw text files it names.

A corpus folder holds raw texts (by convention under ``raw/``) and,
optionally, ``documents.csv``. :func:`read_corpus` loads and checks it; a
folder of ``.txt`` files without a table loads too (ids come from the file
names, metadata is empty), so a scholar can point the suite at any folder.

Documents frame
---------------
One row per document, in table order (or file-name order without a table).
Every column is a string; a missing value is ``""``.

=============  ==============================================================
``doc_id``     stable, readable id (letters, digits, ``-``, ``_``, ``.``)
``file``       path of the raw text, relative to the corpus folder
``title``      title as printed
``author``     byline as printed (empty when the text has none)
``outlet``     where it was published, as the text says
``date``       ISO 8601 ``YYYY-MM-DD`` where the text prints a full date
``date_printed``  the date exactly as printed
``genre``      ``op-ed``, ``blog op-ed``, ``repost``, ``news report`` ...
``reprint_of`` ``doc_id`` of the text this one reprints
``reply_to``   ``doc_id`` of the text this one replies to
``sha256``     checksum of the raw file (the raw layer is never edited)
``flags``      ``;``-separated fields whose value is missing or doubtful
``notes``      why a value is empty, inferred or in conflict
=============  ==============================================================

Only ``doc_id`` and ``file`` are required; other known columns are filled
with ``""`` when absent, and unknown extra columns are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.clean import CleanText, clean_text
from analysis.errors import CorpusError, Problem, display_path
from analysis.textfile import MAX_TEXT_BYTES, decode_text

__all__ = [
    "DOCUMENT_COLUMNS",
    "REQUIRED_COLUMNS",
    "RELATION_COLUMNS",
    "Corpus",
    "read_corpus",
    "check_corpus",
    "decode_text",
    "MAX_TEXT_BYTES",
    "read_csv_records",
]

DOCUMENT_COLUMNS = (
    "doc_id",
    "file",
    "title",
    "author",
    "outlet",
    "date",
    "date_printed",
    "genre",
    "reprint_of",
    "reply_to",
    "sha256",
    "flags",
    "notes",
)
REQUIRED_COLUMNS = ("doc_id", "file")
RELATION_COLUMNS = ("reprint_of", "reply_to")
TABLE_NAME = "documents.csv"

_RE_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Corpus:
    """A checked corpus: its folder and its documents table.

    Texts are read from disk one at a time (:meth:`texts`,
    :meth:`clean_texts`), so a large corpus never sits in memory whole.

    Attributes
    ----------
    root : pathlib.Path
        The corpus folder.
    documents : pandas.DataFrame
        The documents frame (see the module docstring).
    """

    root: Path
    documents: pd.DataFrame

    def path(self, doc_id: str) -> Path:
        """Return the path of the raw file of ``doc_id``."""
        row = self.documents.loc[self.documents["doc_id"] == doc_id]
        if row.empty:
            raise KeyError(f"unknown doc_id {doc_id!r}")
        return self.root / row["file"].iloc[0]

    def text(self, doc_id: str) -> str:
        """Return the raw text of ``doc_id`` (decoded UTF-8)."""
        path = self.path(doc_id)
        return decode_text(path.read_bytes(), display_path(path), document=True)

    def texts(self) -> Iterator[tuple[str, str]]:
        """Yield ``(doc_id, raw_text)`` for each document, in table order."""
        for doc_id in self.documents["doc_id"]:
            yield doc_id, self.text(doc_id)

    def clean_texts(self) -> Iterator[tuple[str, CleanText]]:
        """Yield ``(doc_id, CleanText)`` for each document (see :mod:`analysis.clean`)."""
        meta = self.documents.set_index("doc_id")
        for doc_id, raw in self.texts():
            yield doc_id, clean_text(raw, title=meta.at[doc_id, "title"], author=meta.at[doc_id, "author"])


def read_csv_records(path: str | Path, *, what: str = "file") -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV file (UTF-8, BOM allowed) keeping the real line of every record.

    A quoted cell may span lines, so a record's line is where it starts, not
    its index plus two. Blank records are skipped. This is the one reader
    behind every user table (documents, coding sheets, labelled units).

    Parameters
    ----------
    path : str or Path
        The file.
    what : str
        What the file is, for the "is empty" message ("table", "sheet"...).

    Returns
    -------
    header : list of str
        Column names, stripped.
    records : list of (int, list of str)
        Each non-blank record with the 1-based line it starts on.

    Raises
    ------
    CorpusError
        Missing or unreadable file, bad encoding, an empty file, or text
        that is not valid CSV (with its line).
    """
    path = Path(path)
    name = display_path(path)
    if not path.is_file():
        raise CorpusError([Problem(name, None, "file", "does not exist")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError([Problem(name, None, "file", f"cannot read: {exc.strerror}")]) from None
    reader = csv.reader(io.StringIO(decode_text(data, name), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        records, start = [], reader.line_num + 1
        for record in reader:
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in record):
                records.append((line, record))
    except StopIteration:
        raise CorpusError([Problem(name, 1, "header", f"the {what} is empty (expected a header row)")]) from None
    except csv.Error as exc:
        raise CorpusError([Problem(name, reader.line_num, "row", f"not valid CSV: {exc}")]) from None
    if not any(header):
        raise CorpusError([Problem(name, 1, "header", f"the {what} is empty (expected a header row)")])
    return header, records


def _read_table(path: Path) -> tuple[list[dict], list[int], list[str], list[Problem]]:
    """Read documents.csv into dict rows with the line each row starts on."""
    name = display_path(path)
    try:
        header, records = read_csv_records(path, what="table")
    except CorpusError as exc:
        return [], [], [], exc.problems
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(
            Problem(name, 1, "header", f"missing column(s) {', '.join(missing)}; found: {', '.join(header) or 'none'}")
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    for h in dupes:
        problems.append(Problem(name, 1, h, "column appears more than once"))
    rows, lines = [], []
    for line, record in records:
        if len(record) != len(header):
            problems.append(Problem(name, line, "row", f"has {len(record)} cells, the header has {len(header)}"))
            continue
        rows.append({h: cell.strip() for h, cell in zip(header, record)})
        lines.append(line)
    return rows, lines, header, problems


def _check_file_field(root: Path, value: str) -> str | None:
    """Return why ``value`` is not a safe path inside ``root``, or None."""
    if not value:
        return "empty (name the text file, relative to the corpus folder)"
    p = Path(value)
    if p.is_absolute() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        return f"{value!r} is an absolute path; give a path inside the corpus folder"
    if ".." in p.parts:
        return f"{value!r} points outside the corpus folder ('..')"
    try:
        (root / p).resolve().relative_to(root.resolve())
    except ValueError:
        return f"{value!r} points outside the corpus folder (through a link)"
    except (OSError, RuntimeError):
        return f"{value!r} cannot be followed (a link that points back to itself?)"
    return None


def check_corpus(corpus_dir: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Load a corpus folder's documents frame and list every problem found.

    Checks the table (required columns, duplicate or malformed ``doc_id``,
    dates, relations) and each text (exists, inside the folder, UTF-8, not
    empty, checksum). Never raises for bad input: problems are returned.

    Parameters
    ----------
    corpus_dir : str or Path
        Folder holding ``documents.csv`` and the raw texts, or just ``.txt``
        files (then ``raw/*.txt`` or ``*.txt`` become the documents).

    Returns
    -------
    documents : pandas.DataFrame
        The documents frame (rows with unusable ids or files are dropped).
    problems : list of Problem
        Empty when the corpus is valid.
    """
    root = Path(corpus_dir)
    name_root = display_path(root)
    if not root.exists():
        return _empty_documents(), [Problem(name_root, None, "folder", "does not exist")]
    if not root.is_dir():
        return _empty_documents(), [Problem(name_root, None, "folder", "is not a folder")]
    table = root / TABLE_NAME
    problems: list[Problem] = []
    if table.exists():
        rows, lines, header, problems = _read_table(table)
        tname = display_path(table)
        if not rows and not problems:
            problems.append(Problem(tname, 1, "rows", "the table lists no documents (it has a header only)"))
    else:
        files = sorted((root / "raw").glob("*.txt")) or sorted(root.glob("*.txt"))
        if not files:
            return _empty_documents(), [
                Problem(name_root, None, "folder", f"no {TABLE_NAME} and no .txt files (looked in raw/ and the folder)")
            ]
        rows = [{"doc_id": _id_from_name(f.stem), "file": f.relative_to(root).as_posix()} for f in files]
        lines = [None] * len(rows)
        tname = name_root
    seen: dict[str, int | None] = {}
    keep = []
    for row, line in zip(rows, lines):
        doc_id = row.get("doc_id", "")
        if "doc_id" in row:
            if not doc_id:
                problems.append(Problem(tname, line, "doc_id", "empty"))
                continue
            if not _RE_DOC_ID.match(doc_id):
                problems.append(
                    Problem(tname, line, "doc_id", f"{doc_id!r}: use letters, digits, '-', '_' or '.' only")
                )
            if doc_id in seen:
                first = f" (first on line {seen[doc_id]})" if seen[doc_id] else ""
                problems.append(Problem(tname, line, "doc_id", f"duplicate {doc_id!r}{first}"))
                continue
            seen[doc_id] = line
        date = row.get("date", "")
        if date and not _valid_date(date):
            problems.append(Problem(tname, line, "date", f"expected YYYY-MM-DD, got {date!r}"))
        if "file" in row:
            why = _check_file_field(root, row["file"])
            if why:
                problems.append(Problem(tname, line, "file", why))
            else:
                problems.extend(_check_text(root / row["file"], row.get("sha256", ""), tname, line))
        keep.append(row)
    ids = {r.get("doc_id") for r in keep}
    for row, line in zip(rows, lines):
        for col in RELATION_COLUMNS:
            other = row.get(col, "")
            if other and other not in ids:
                problems.append(Problem(tname, line, col, f"names unknown document {other!r}"))
            elif other and other == row.get("doc_id"):
                problems.append(Problem(tname, line, col, "a document cannot relate to itself"))
    return _documents_frame(keep), problems


def _check_text(path: Path, sha256: str, tname: str, line: int | None) -> list[Problem]:
    pname = display_path(path)
    if not path.exists():
        return [Problem(tname, line, "file", f"{pname} does not exist")]
    if not path.is_file():
        return [Problem(tname, line, "file", f"{pname} is not a file")]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Problem(tname, line, "file", f"cannot read {pname}: {exc.strerror}")]
    problems = []
    if sha256 and hashlib.sha256(data).hexdigest() != sha256.lower():
        problems.append(
            Problem(tname, line, "sha256", f"{pname} no longer matches its checksum (the raw text was edited)")
        )
    try:
        text = decode_text(data, pname, document=True)
    except CorpusError as exc:
        return problems + exc.problems
    if not text.strip():
        problems.append(Problem(pname, None, "text", "the file is empty"))
    return problems


def _valid_date(value: str) -> bool:
    if not _RE_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _id_from_name(stem: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")
    return slug or "doc"


def _empty_documents() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in DOCUMENT_COLUMNS})


def _documents_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, dtype=object)
    for col in DOCUMENT_COLUMNS:
        if col not in frame:
            frame[col] = ""
    extra = [c for c in frame.columns if c not in DOCUMENT_COLUMNS]
    frame = frame[list(DOCUMENT_COLUMNS) + extra].fillna("").astype(object)
    return frame.reset_index(drop=True)


def read_corpus(corpus_dir: str | Path) -> Corpus:
    """Load and check a corpus folder.

    Parameters
    ----------
    corpus_dir : str or Path
        See :func:`check_corpus`.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        Listing every problem :func:`check_corpus` found.

    Examples
    --------
    >>> corpus = read_corpus("corpus")  # doctest: +SKIP
    >>> corpus.documents[["doc_id", "genre"]].head(2)  # doctest: +SKIP
    """
    documents, problems = check_corpus(corpus_dir)
    if problems:
        raise CorpusError(problems)
    return Corpus(Path(corpus_dir), documents)
