"""``python -m analysis import``: source files in, a new valid corpus folder out.

:func:`import_sources` reads every source file (folders recursively, in
sorted order) with the reader for its format, and writes a corpus folder:

``raw/DOC_ID.txt``   one UTF-8 text per document
``documents.csv``    the columns of :data:`analysis.corpus.DOCUMENT_COLUMNS`,
                     then ``url, source_file, source_index, format`` and any
                     further source columns (``--meta-cols``, news header
                     fields such as ``section`` and ``length``)
``import-log.csv``   the log frame (below)

Nothing is guessed: a field the source does not print stays empty and is
named in ``flags``. Exact and near-duplicate documents (syndicated wire
copy, reposts) are found with :func:`analysis.compare.reuse.reuse_spans`:
when one text shares at least ``dup_share`` of its words with another, the
later one (by date, else import order) gets the earlier one's ``doc_id`` in
``reprint_of``. Documents that do not look English
(:mod:`analysis.ingest.language`) are imported and flagged in the log.

The folder is built in a hidden temporary folder beside CORPUS_DIR and
renamed into place only when complete, so a failed import leaves nothing
half-written; an existing CORPUS_DIR is replaced only with ``force``.

Log frame
---------
One row per event, in source order: ``source_file``, ``source_index``
(``""`` for a whole file), ``doc_id`` (``""`` if none), ``level``
(``info``, ``warning``, ``error``), ``message``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.corpus import DOCUMENT_COLUMNS, TABLE_NAME, check_corpus
from analysis.errors import CorpusError, Problem, display_path
from analysis.ingest.base import ImportedText
from analysis.ingest.duplicates import mark_reprints
from analysis.ingest.language import english_ratio, looks_english
from analysis.ingest.readers import SUFFIXES, read_source

__all__ = ["IMPORT_COLUMNS", "LOG_COLUMNS", "LOG_NAME", "ImportResult", "import_sources", "source_files"]

IMPORT_COLUMNS = (*DOCUMENT_COLUMNS, "url", "source_file", "source_index", "format")
LOG_COLUMNS = ("source_file", "source_index", "doc_id", "level", "message")
LOG_NAME = "import-log.csv"
_CHECKED = ("title", "author", "outlet", "date")


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_sources` wrote.

    Attributes
    ----------
    corpus_dir : pathlib.Path
    documents : pandas.DataFrame
        The documents table as written.
    log : pandas.DataFrame
        The log frame (see the module docstring).
    problems : list of Problem
        Sources or articles that could not be imported (only with ``keep_going``).
    """

    corpus_dir: Path
    documents: pd.DataFrame
    log: pd.DataFrame
    problems: list


def source_files(sources) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Expand SOURCE arguments into ``(path, label)`` pairs, folders recursively in sorted order.

    The label names the file in the corpus (``source_file``) without the
    folders above the SOURCE: ``FOLDER/sub/file.ext`` for a file found in
    FOLDER, ``file.ext`` for a file given by name. Hidden files and office
    lock files (``~$name.docx``) in folders are skipped.
    """
    files, problems = [], []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path)
                if f.is_file() and not any(part.startswith((".", "~$")) for part in rel.parts):
                    files.append((f, f"{path.resolve().name}/{rel.as_posix()}"))
        elif path.is_file():
            files.append((path, path.name))
        else:
            problems.append(Problem(display_path(path), None, "file", "does not exist"))
    return files, problems


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._").lower() or "doc"


def _rows(docs: list[tuple[str, ImportedText]], counts: dict[str, int]) -> tuple[list[dict], list[str]]:
    """Documents-table rows (with ``text``) and the order of the extra columns.

    A file holding more than one document (``counts``, bad ones included)
    numbers its ids, so fixing a bad row later does not rename the others.
    """
    rows, extra_cols, used = [], [], set()
    for label, d in docs:
        stem = _slug(Path(label).stem)
        doc_id = f"{stem}-{d.source_index:03d}" if counts[label] > 1 else stem
        base, k = doc_id, 2
        while doc_id in used:
            doc_id, k = f"{base}-{k}", k + 1
        used.add(doc_id)
        row = {c: "" for c in IMPORT_COLUMNS}
        row.update({k: v for k, v in d.meta.items() if k in row and v})
        for key, value in d.extra.items():
            if key in row and key not in ("doc_id", "file", "sha256"):
                row[key] = row[key] or value
            elif key not in row:
                row[key] = value
                if key not in extra_cols:
                    extra_cols.append(key)
        data = (d.text.strip() + "\n").encode("utf-8")
        row.update(doc_id=doc_id, file=f"raw/{doc_id}.txt", source_file=label, source_index=str(d.source_index),
                   format=d.format, sha256=hashlib.sha256(data).hexdigest(), text=d.text.strip(),
                   messages=list(d.messages))
        row["flags"] = ";".join(c for c in _CHECKED if not row[c])
        rows.append(row)
    return rows, extra_cols


def _write_csv(path: Path, columns, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])


def _place(tmp: Path, out: Path) -> None:
    """Move the finished folder ``tmp`` to ``out``, replacing an old ``out`` last."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(old / out.name)
        tmp.rename(out)
        shutil.rmtree(old)
    else:
        tmp.rename(out)


def _read_sources(files, problems: list, explicit: set, **options) -> tuple[list, dict, list]:
    """Read every file; collect documents, per-file counts, log rows, and (in ``problems``) what failed."""
    docs: list[tuple[str, ImportedText]] = []
    counts: dict[str, int] = {}
    log: list[tuple] = []
    for path, label in files:
        if path.suffix.lower() not in SUFFIXES and path in explicit:
            problems.append(Problem(label, None, "file", f"unknown format {path.suffix or '(no suffix)'}; "
                                    f"the importer reads {', '.join(SUFFIXES)}"))
            continue
        if path.suffix.lower() not in SUFFIXES:
            log.append((label, "", "", "info", f"skipped: {path.suffix or 'no suffix'} is not a format it reads"))
            continue
        try:
            found = read_source(path, label, **options)
        except CorpusError as exc:
            problems += exc.problems
            continue
        counts[label] = len(found)
        for d in found:
            if d.problem:
                problems.append(Problem(label, d.line, d.format, d.problem))
            else:
                docs.append((label, d))
    return docs, counts, log


def _annotate(rows: list[dict], problems: list, *, dup_share: float) -> list[tuple]:
    """Log what was imported, missing fields, language and reprints; set ``notes`` and ``reprint_of``."""
    log = [(p.file, "", "", "error", f"not imported: {p.field}: {p.message}" + (f" (line {p.line})" if p.line else ""))
           for p in problems]
    for row in rows:
        where = (row["source_file"], row["source_index"], row["doc_id"])
        log.append((*where, "info", f"imported ({row['format']}, {len(row['text'].split())} words)"))
        log += [(*where, "info", message) for message in row.pop("messages")]
        if row["flags"]:
            log.append((*where, "info", f"not in the source, left empty: {row['flags'].replace(';', ', ')}"))
        if not looks_english(row["text"]):
            ratio, _ = english_ratio(row["text"])
            row["notes"] = f"probably not English (English stop words are {ratio:.0%} of its words); imported anyway"
            log.append((*where, "warning", row["notes"]))
    by_id = {r["doc_id"]: r for r in rows}
    for doc_id, source, share, kind in mark_reprints(rows, min_share=dup_share):
        row = by_id[doc_id]
        row["reprint_of"] = source
        what = "exact copy" if kind == "exact" else f"near-duplicate ({share:.0%} of one text's words are in the other)"
        log.append((row["source_file"], row["source_index"], doc_id, "warning", f"reprint of {source}: {what}"))
    return log


def _write_folder(out: Path, columns: list[str], rows: list[dict], log: list[tuple]) -> None:
    """Write the corpus into a temporary folder beside ``out``, check it, then move it into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.importing-", dir=out.parent))
    try:
        (tmp / "raw").mkdir()
        for row in rows:
            (tmp / row["file"]).write_bytes((row["text"] + "\n").encode("utf-8"))
        _write_csv(tmp / TABLE_NAME, columns, rows)
        _write_csv(tmp / LOG_NAME, LOG_COLUMNS, [dict(zip(LOG_COLUMNS, e)) for e in log])
        _, bad = check_corpus(tmp)
        if bad:  # a bug in the importer, not in the sources
            raise RuntimeError("the imported corpus does not validate:\n" + "\n".join(map(str, bad)))
        _place(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def import_sources(sources, corpus_dir, *, text_col: str = "text", meta_cols=(), encoding: str | None = None,
                   delimiter: str | None = None, force: bool = False, keep_going: bool = False,
                   dup_share: float = 0.8) -> ImportResult:
    """Import source files into a new corpus folder.

    Parameters
    ----------
    sources : list of str or Path
        Files and folders (searched recursively, sorted).
    corpus_dir : str or Path
        The corpus folder to write.
    text_col : str, default="text"
        Text column of CSV/TSV/JSON/JSONL sources.
    meta_cols : sequence of str
        Further columns of those sources to copy into ``documents.csv``.
    encoding, delimiter : str, optional
        Encoding of text and table sources, delimiter of CSV sources;
        default: detected.
    force : bool, default=False
        Replace an existing ``corpus_dir``.
    keep_going : bool, default=False
        Import the good files and report the bad ones, instead of stopping.
    dup_share : float, default=0.8
        Share of a text's words found in another text that makes it a reprint.

    Returns
    -------
    ImportResult

    Raises
    ------
    CorpusError
        ``FILE: FORMAT: message`` for every bad source (``FILE:LINE:`` for a
        row of a table; ``article N:`` inside a news download), unless
        ``keep_going``; and always when nothing could be imported.
    FileExistsError
        If ``corpus_dir`` exists and ``force`` is False.
    ValueError
        If ``corpus_dir`` is or holds a source, or is not a folder.
    """
    out = Path(corpus_dir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{display_path(out)} exists and is not a folder")
    if out.exists() and not force:
        raise FileExistsError(f"{display_path(out)} exists; use --force to replace it")
    for source in sources:
        s, o = Path(source).resolve(), out.resolve()
        if s == o or o in s.parents or (s.is_dir() and s in o.parents):
            raise ValueError(f"{display_path(out)}: the corpus folder must be apart from the source {source}")
    files, problems = source_files(sources)
    docs, counts, log = _read_sources(files, problems, {Path(s) for s in sources if Path(s).is_file()},
                                      text_col=text_col, meta_cols=tuple(meta_cols), encoding=encoding,
                                      delimiter=delimiter)
    if problems and not keep_going:
        raise CorpusError(problems)
    if not docs:
        raise CorpusError(problems or [Problem(display_path(out), None, "import", "no documents found in the sources")])
    rows, extra_cols = _rows(docs, counts)
    log += _annotate(rows, problems, dup_share=dup_share)
    log.sort(key=lambda e: (e[0], int(e[1]) if e[1] else 0))
    columns = [*IMPORT_COLUMNS, *extra_cols]
    _write_folder(out, columns, rows, log)
    documents = pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns, dtype=object)
    return ImportResult(out, documents, pd.DataFrame(log, columns=list(LOG_COLUMNS)), problems)
