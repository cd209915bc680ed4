"""Choose the reader for a source file by its suffix, and read it.

==========================  ===================================  ===========
suffix                      reader                               format
==========================  ===================================  ===========
``.html``, ``.htm``         :mod:`analysis.ingest.html`          ``html``
``.mhtml``, ``.mht``        :mod:`analysis.ingest.html`          ``mhtml``
``.docx``, ``.odt``         :mod:`analysis.ingest.office`        ``docx``, ``odt``
``.rtf``                    :mod:`analysis.ingest.office`        ``rtf``
``.pdf``                    :mod:`analysis.ingest.pdf`           ``pdf``
``.txt``                    plain text                           ``txt``
``.csv``, ``.tsv``,         :mod:`analysis.ingest.tables`        ``csv``, ``tsv``,
``.json``, ``.jsonl``                                            ``json``, ``jsonl``
==========================  ===================================  ===========

A ``.txt``, ``.docx``, ``.odt``, ``.rtf`` or ``.html`` file holding a Nexis
or Factiva download is split into articles (formats ``nexis``,
``factiva``; :mod:`analysis.ingest.news`).
"""

from __future__ import annotations

from pathlib import Path

from analysis.ingest.base import ImportedText, source_error
from analysis.ingest.html import html_lines, read_html, read_mhtml
from analysis.ingest.news import split_news
from analysis.ingest.office import read_docx, read_odt, read_rtf
from analysis.ingest.pdf import read_pdf
from analysis.ingest.tables import decode_bytes, read_table

__all__ = ["SUFFIXES", "read_source", "read_text_file"]

SUFFIXES = (".html", ".htm", ".mhtml", ".mht", ".docx", ".odt", ".rtf", ".pdf", ".txt",
            ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".doc")


def read_text_file(data: bytes, name: str, encoding: str | None = None) -> list[ImportedText]:
    """Read a plain-text file (a news download is split; a web page saved as .txt is read as one)."""
    if not data.strip():
        raise source_error(name, "txt", "the file is empty")
    text, _ = decode_bytes(data, name, "txt", encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return read_html(text, name)
    articles = split_news(text.split("\n"), name)
    if articles is not None:
        return articles
    return [ImportedText(text.strip(), "txt", 1, {})]


def _read_page(data: bytes, name: str) -> list[ImportedText]:
    if not data.strip():
        raise source_error(name, "html", "the file is empty")
    articles = split_news(html_lines(data, name), name)
    return articles if articles is not None else read_html(data, name)


def read_source(path: str | Path, name: str, *, text_col: str = "text", meta_cols: tuple[str, ...] = (),
                encoding: str | None = None, delimiter: str | None = None) -> list[ImportedText]:
    """Read one source file with the reader for its suffix.

    Parameters
    ----------
    path : str or Path
        The file.
    name : str
        How to name it in messages and in ``source_file``.
    text_col, meta_cols, encoding, delimiter
        For table exports (see :func:`analysis.ingest.tables.read_table`);
        ``encoding`` also for ``.txt`` files.

    Returns
    -------
    list of ImportedText
        The documents it holds, in file order.

    Raises
    ------
    CorpusError
        ``FILE: FORMAT: message`` for an unreadable, empty, corrupt or
        encrypted file, or an unknown suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise source_error(name, "file", f"cannot read: {exc.strerror}") from None
    if suffix in (".html", ".htm"):
        return _read_page(data, name)
    if suffix in (".mhtml", ".mht"):
        return read_mhtml(data, name)
    if suffix == ".docx":
        return read_docx(data, name)
    if suffix == ".odt":
        return read_odt(data, name)
    if suffix == ".rtf":
        return read_rtf(data, name)
    if suffix == ".pdf":
        return read_pdf(data, name)
    if suffix == ".txt":
        return read_text_file(data, name, encoding)
    if suffix in (".csv", ".tsv", ".json", ".jsonl", ".ndjson"):
        fmt = "jsonl" if suffix == ".ndjson" else suffix[1:]
        return read_table(data, name, fmt, text_col=text_col, meta_cols=meta_cols, encoding=encoding,
                          delimiter=delimiter)
    if suffix == ".doc":
        raise source_error(name, "doc", "old binary Word format: open it in Word or LibreOffice and save as .docx")
    raise source_error(name, "file", f"unknown format {suffix or '(no suffix)'}")
