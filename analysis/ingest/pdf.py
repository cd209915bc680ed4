"""PDF files with a text layer (pypdf), page breaks mended as the cleaner does.

Each page's text is extracted with pypdf [1]_ in layout mode, which keeps
the reading order of a single-column page and turns the larger gap between
paragraphs into a blank line; the wrapped lines of a paragraph are joined
with a space, and lines that are only a page number are dropped. Pages are
then put together, and a paragraph cut by a page break (it does not end a
sentence and the next page goes on in lower case) is joined again where
:func:`analysis.clean.clean_text`, the rule used for every raw text, would
join it; the text is otherwise left as extracted.

A PDF without a text layer (a scan) gives a clear message that it needs OCR;
an encrypted one that it needs its password. ``title`` and ``author`` come
from the document information when filled; its creation date describes the
file, so it goes to ``date_printed`` ("file created ...") and never to ``date``.

References
----------
.. [1] pypdf contributors. pypdf: a pure-python PDF library.
   https://pypdf.readthedocs.io
"""

from __future__ import annotations

import io
import re

import pypdf
import pypdf.errors

from analysis.clean import clean_text
from analysis.ingest.base import ImportedText, iso_date, source_error

__all__ = ["read_pdf", "page_paragraphs"]

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$", re.IGNORECASE)


def page_paragraphs(page_text: str) -> list[str]:
    """Return the paragraphs of one page's layout-mode text.

    Examples
    --------
    >>> page_paragraphs("First line of a\\n  paragraph.\\n\\nSecond.\\n\\n  3")
    ['First line of a paragraph.', 'Second.']
    """
    paragraphs, current = [], []
    for line in page_text.split("\n") + [""]:
        line = " ".join(line.split())
        if line and not _PAGE_NUMBER.match(line):
            current.append(line)
        elif not line and current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _continues(before: str, after: str) -> bool:
    """Whether ``after`` (first paragraph of a page) goes on from ``before``, as the cleaner decides.

    The two are cleaned as one text; a single block back means the cleaner's
    page-break rule joined them. Nothing else the cleaner does is applied.
    """
    return len(clean_text(before + "\n\n" + after).blocks) == 1


def read_pdf(data: bytes, name: str) -> list[ImportedText]:
    """Read a PDF with a text layer into one document.

    Parameters
    ----------
    data : bytes
        The file.
    name : str
        File name for messages.

    Returns
    -------
    list of ImportedText
        One document, format ``pdf``; its ``messages`` say how many pages
        it has and how many paragraphs were joined again.

    Raises
    ------
    CorpusError
        ``FILE: pdf: message`` for an empty, corrupt or encrypted file, or
        one without a text layer (needs OCR).
    """
    if not data.strip():
        raise source_error(name, "pdf", "the file is empty")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (pypdf.errors.DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise source_error(name, "pdf", "encrypted: it needs a password (save an unprotected copy)")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        info = reader.metadata or {}
    except pypdf.errors.PyPdfError as exc:
        raise source_error(name, "pdf", f"not a readable PDF ({exc})") from None
    if not pages:
        raise source_error(name, "pdf", "the PDF has no pages")
    paragraphs = [page_paragraphs(p) for p in pages]
    if not any(paragraphs):
        raise source_error(name, "pdf", f"no text layer on any of its {len(pages)} page(s): it is a scan or "
                           "images of text and needs OCR first (e.g. ocrmypdf), then import the result")
    kept, mended = [], 0
    for page in paragraphs:
        for k, para in enumerate(page):
            if k == 0 and kept and _continues(kept[-1], para):
                kept[-1], mended = kept[-1] + " " + para, mended + 1
            else:
                kept.append(para)
    created = str(info.get("/CreationDate", "") or "")
    m = re.match(r"^D:(\d{4})(\d{2})(\d{2})", created)
    created = iso_date(f"{m[1]}-{m[2]}-{m[3]}") if m else ""
    meta = {"title": " ".join(str(info.get("/Title", "") or "").split()),
            "author": " ".join(str(info.get("/Author", "") or "").split()),
            "date_printed": f"file created {created}" if created else ""}
    said = [f"{len(pages)} page(s); {mended} paragraph(s) cut by a page break joined again"]
    return [ImportedText("\n\n".join(kept), "pdf", 1, meta, messages=said)]
