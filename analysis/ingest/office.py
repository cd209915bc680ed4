"""Word-processor files: ``.docx`` (python-docx), ``.odt`` and ``.rtf`` (striprtf).

Paragraphs and headings are read in document order, one block each.
Metadata comes from the file's own properties (the "core properties" of a
``.docx``, ``meta.xml`` of an ``.odt``, the ``\\info`` group of an
``.rtf``): ``title`` and ``author`` when filled. These properties describe
the *file*, so its creation date is recorded as ``date_printed`` ("file
created ...") but never as the publication ``date``. A file holding a
Nexis or Factiva download is split into articles (:mod:`analysis.ingest.news`).
"""

from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET

import docx
import docx.opc.exceptions
from striprtf.striprtf import rtf_to_text

from analysis.ingest.base import ImportedText, paragraphs_text, source_error
from analysis.ingest.news import split_news

__all__ = ["read_docx", "read_odt", "read_rtf", "rtf_paragraphs"]

#: Author names that office programs and libraries write when nobody is named.
_GENERATORS = {"python-docx", "unknown", "microsoft office user", "author"}


def _clean_prop(value) -> str:
    value = " ".join(str(value or "").split())
    return "" if value.lower() in _GENERATORS else value


def _one_or_articles(paragraphs: list[str], name: str, fmt: str, meta: dict) -> list[ImportedText]:
    lines = []
    for p in paragraphs:
        lines += [p, ""]
    articles = split_news(lines, name)
    if articles is not None:
        return articles
    text = paragraphs_text(paragraphs)
    if not text:
        raise source_error(name, fmt, "the document has no text")
    return [ImportedText(text, fmt, 1, meta)]


def read_docx(data: bytes, name: str) -> list[ImportedText]:
    """Read a Word ``.docx`` file: paragraphs and headings in order, title and author.

    Returns
    -------
    list of ImportedText
        One document (format ``docx``), or one per article of a news download.

    Raises
    ------
    CorpusError
        ``FILE: docx: message`` for an empty, corrupt or encrypted file.
    """
    if not data:
        raise source_error(name, "docx", "the file is empty")
    if data[:8] == bytes.fromhex("d0cf11e0a1b11ae1"):
        raise source_error(name, "docx", "encrypted (password-protected) or an old binary .doc file; "
                           "open it in Word and save it as an unprotected .docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, docx.opc.exceptions.PackageNotFoundError) as exc:
        raise source_error(name, "docx", f"not a readable .docx file ({exc or type(exc).__name__})") from None
    props = document.core_properties
    created = props.created.date().isoformat() if props.created else ""
    meta = {"title": _clean_prop(props.title), "author": _clean_prop(props.author),
            "date_printed": f"file created {created}" if created else ""}
    paragraphs = [p.text for p in document.paragraphs]
    return _one_or_articles(paragraphs, name, "docx", meta)


_ODT = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def read_odt(data: bytes, name: str) -> list[ImportedText]:
    """Read an OpenDocument ``.odt`` file: paragraphs and headings in order, title and author."""
    if not data:
        raise source_error(name, "odt", "the file is empty")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            content = ET.fromstring(z.read("content.xml"))
            meta_xml = ET.fromstring(z.read("meta.xml")) if "meta.xml" in z.namelist() else None
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as exc:
        raise source_error(name, "odt", f"not a readable .odt file ({exc})") from None
    tags = {f"{{{_ODT['text']}}}p", f"{{{_ODT['text']}}}h"}
    paragraphs = ["".join(node.itertext()) for node in content.iter() if node.tag in tags]
    meta = {}
    if meta_xml is not None:
        def find(path):
            node = meta_xml.find(path, _ODT)
            return _clean_prop(node.text if node is not None else "")

        meta = {"title": find(".//dc:title"), "author": find(".//meta:initial-creator") or find(".//dc:creator")}
        created = find(".//meta:creation-date")[:10]
        meta["date_printed"] = f"file created {created}" if created else ""
    return _one_or_articles(paragraphs, name, "odt", meta)


def _rtf_info(rtf: str, key: str) -> str:
    m = re.search(r"\{\\" + key + r"\s+((?:[^{}\\]|\\'[0-9a-fA-F]{2}|\\[^a-zA-Z'])*)\}", rtf)
    return _clean_prop(rtf_to_text(m.group(1))) if m else ""


def rtf_paragraphs(data: bytes, name: str) -> tuple[list[str], dict]:
    """Return the lines of an RTF file's text and its ``title``/``author`` info.

    Raises
    ------
    CorpusError
        ``FILE: rtf: message`` for an empty file or one that is not RTF.
    """
    if not data.strip():
        raise source_error(name, "rtf", "the file is empty")
    rtf = data.decode("cp1252", errors="replace")  # RTF is 7-bit; escapes carry the rest
    if not rtf.lstrip().startswith("{\\rtf"):
        raise source_error(name, "rtf", "not an RTF file (it does not start with '{\\rtf')")
    if rtf.count("{") != rtf.count("}") and rtf.count("{") - rtf.count("\\{") != rtf.count("}") - rtf.count("\\}"):
        raise source_error(name, "rtf", "unbalanced braces: the file is cut short or corrupt")
    meta = {"title": _rtf_info(rtf, "title"), "author": _rtf_info(rtf, "author")}
    try:
        text = rtf_to_text(rtf, errors="replace")
    except (ValueError, IndexError) as exc:
        raise source_error(name, "rtf", f"cannot read the RTF ({exc})") from None
    return text.replace("\r\n", "\n").split("\n"), meta


def read_rtf(data: bytes, name: str) -> list[ImportedText]:
    """Read an ``.rtf`` file: one paragraph per RTF paragraph, title and author from ``\\info``.

    Returns
    -------
    list of ImportedText
        One document (format ``rtf``), or one per article of a news download.
    """
    lines, meta = rtf_paragraphs(data, name)
    return _one_or_articles(lines, name, "rtf", meta)
