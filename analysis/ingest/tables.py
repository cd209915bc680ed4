"""Exports with one document per row or record: ``.csv``, ``.tsv``, ``.json``, ``.jsonl``.

Tools such as Media Cloud or GDELT-style collectors export one article per
row (CSV, TSV) or per record (JSON array, JSON Lines). The text is in
``text_col`` (default ``text``); metadata columns are mapped by name, the
first present of:

==========  ================================================================
``title``   ``title``, ``headline``
``author``  ``author``, ``authors``, ``byline``
``outlet``  ``outlet``, ``media_name``, ``source``, ``publication``, ``publisher``
``date``    ``date``, ``publish_date``, ``published``, ``publication_date``
``url``     ``url``, ``link``
==========  ================================================================

The printed date goes to ``date_printed`` as found; ``date`` only when it is
a full date. Columns named in ``meta_cols`` are copied as they are.

Unless given, the encoding is taken from a byte-order mark, else UTF-8,
else detected with charset-normalizer [1]_, and the CSV delimiter is
sniffed among ``,``, ``;``, tab and ``|`` by :class:`csv.Sniffer` (a
``.tsv`` is tab-separated).

References
----------
.. [1] Ousret, A. charset-normalizer: the real first universal charset
   detector. https://github.com/jawah/charset_normalizer
"""

from __future__ import annotations

import csv
import io
import json

from charset_normalizer import from_bytes

from analysis.ingest.base import ImportedText, iso_date, source_error

__all__ = ["read_table", "decode_bytes", "META_ALIASES"]

META_ALIASES = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
    "outlet": ("outlet", "media_name", "source", "publication", "publisher"),
    "date": ("date", "publish_date", "published", "publication_date"),
    "url": ("url", "link"),
}


def decode_bytes(data: bytes, name: str, fmt: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` with ``encoding`` if given, else: BOM, UTF-8, the encoding charset-normalizer finds.

    Returns
    -------
    text : str
    encoding : str
        The encoding used (``utf-8``, ``utf-16``, ``cp1252``...).
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise source_error(name, fmt, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise source_error(name, fmt, f"not {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}") from None
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise source_error(name, fmt, "cannot tell the text encoding (is it a binary file?)") from None
        return str(best), best.encoding


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value if _cell(v))
    if isinstance(value, dict):
        return _cell(value.get("name", ""))
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def _records(text: str, name: str, fmt: str, delimiter: str | None = None) -> list[tuple[int | None, dict]]:
    """Return ``(line, record)`` pairs; line is the 1-based line (CSV, JSONL) or record number (JSON)."""
    if fmt in ("csv", "tsv"):
        sample = text[:20000]
        if delimiter:
            dialect = type("Given", (csv.excel,), {"delimiter": delimiter})
        elif fmt == "tsv":
            dialect = csv.excel_tab
        else:
            try:
                dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter, quotechar='"')
        try:
            header = [h.strip() for h in next(reader)]
            rows, start = [], reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if any(c.strip() for c in record):
                    rows.append((line, dict(zip(header, record))))
        except StopIteration:
            raise source_error(name, fmt, "the file is empty (expected a header row)") from None
        except csv.Error as exc:
            raise source_error(name, fmt, f"line {reader.line_num}: not valid CSV: {exc}") from None
        return rows
    if fmt == "jsonl":
        rows = []
        for k, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                try:
                    rows.append((k, json.loads(line)))
                except ValueError as exc:
                    raise source_error(name, fmt, f"line {k}: not valid JSON: {exc}") from None
        return rows
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise source_error(name, fmt, f"not valid JSON: {exc}") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        data = lists[0] if lists else [data]
    if not isinstance(data, list):
        raise source_error(name, fmt, "expected a list of records (objects)")
    return [(None, record) for record in data]


def read_table(data: bytes, name: str, fmt: str, *, text_col: str = "text", meta_cols: tuple[str, ...] = (),
               encoding: str | None = None, delimiter: str | None = None) -> list[ImportedText]:
    """Read an export with one document per row or record.

    Parameters
    ----------
    data : bytes
        The file.
    name : str
        File name for messages.
    fmt : {"csv", "tsv", "json", "jsonl"}
        The format (from the suffix).
    text_col : str, default="text"
        Column (key) holding the text.
    meta_cols : tuple of str
        Further columns to copy (into the documents table as they are).
    encoding : str, optional
        The text encoding; default: detected.
    delimiter : str, optional
        The CSV delimiter; default: sniffed (tab for ``.tsv``).

    Returns
    -------
    list of ImportedText
        One per row in file order; ``source_index`` counts rows (1-based)
        and ``line`` is the row's line (None for a JSON array). A row
        with an empty text has ``problem`` set.

    Raises
    ------
    CorpusError
        ``FILE: FORMAT: message`` for an empty or malformed file, or a
        missing text or metadata column (naming the columns found).
    """
    if not data.strip():
        raise source_error(name, fmt, "the file is empty")
    text, _ = decode_bytes(data, name, fmt, encoding)
    records = _records(text, name, fmt, delimiter)
    if not records:
        raise source_error(name, fmt, "no rows or records")
    columns = list(dict.fromkeys(k for _, r in records if isinstance(r, dict) for k in r))
    missing = [c for c in (text_col, *meta_cols) if c not in columns]
    if missing:
        raise source_error(name, fmt, f"no column {', '.join(map(repr, missing))}; found: "
                           f"{', '.join(columns) or 'none'} (use --text-col / --meta-cols)")
    lower = {c.lower(): c for c in columns}
    mapped = {k: next((lower[a] for a in aliases if a in lower), None) for k, aliases in META_ALIASES.items()}
    docs = []
    for index, (line, record) in enumerate(records, start=1):
        if not isinstance(record, dict):
            where = "" if line else f"record {index}: "
            docs.append(ImportedText("", fmt, index, problem=f"{where}not an object", line=line))
            continue
        meta = {k: _cell(record.get(col)) for k, col in mapped.items() if col and col != text_col}
        if "date" in meta:
            meta["date_printed"], meta["date"] = meta["date"], iso_date(meta["date"])
        extra = {c: _cell(record.get(c)) for c in meta_cols}
        body = _cell(record.get(text_col)) if not isinstance(record.get(text_col), str) else record[text_col]
        body = body.replace("\r\n", "\n").strip()
        problem = "" if body else f"{'' if line else f'record {index}: '}the {text_col!r} cell is empty"
        docs.append(ImportedText(body, fmt, index, meta, extra, problem, line))
    return docs
