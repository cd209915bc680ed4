"""A minimal PDF writer for generated examples and tests (text pages, Helvetica).

Real PDFs come from the user; this writer only makes small, deterministic
files with a text layer (or, with ``text_layer=False``, a page with a
drawing and no text, as a scan would have) so that the PDF reader can be
tested and demonstrated without shipping binary fixtures. It follows the
PDF 1.4 file structure (ISO 32000-1, section 7.5): header, numbered
objects, cross-reference table, trailer.
"""

from __future__ import annotations

import textwrap

__all__ = ["pdf_bytes"]


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(paragraphs: list[str], *, width: int, text_layer: bool) -> bytes:
    if not text_layer:
        return b"0.5 g 72 600 300 120 re f"
    ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"72 760 Td"]
    for k, para in enumerate(paragraphs):
        if k:
            ops.append(b"T*")  # an empty line between paragraphs
        for line in textwrap.wrap(para, width) or [""]:
            ops.append(b"(" + _escape(line) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def pdf_bytes(pages: list[list[str]], *, title: str = "", author: str = "", width: int = 80,
              text_layer: bool = True) -> bytes:
    """Return a PDF with one page per list of paragraphs.

    Parameters
    ----------
    pages : list of list of str
        Paragraphs of each page, wrapped at ``width`` characters.
    title, author : str, optional
        Written to the document information dictionary when given.
    width : int, default=80
        Characters per line.
    text_layer : bool, default=True
        False writes pages with a grey box and no text (like a scan).

    Returns
    -------
    bytes

    Examples
    --------
    >>> pdf_bytes([["Hello."]])[:8]
    b'%PDF-1.4'
    """
    n = len(pages)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n)).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, paragraphs in enumerate(pages):
        stream = _page_stream(paragraphs, width=width, text_layer=text_layer)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents " + str(5 + 2 * i).encode() + b" 0 R >>"
        )
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    info = []
    if title:
        info.append(b"/Title (" + _escape(title) + b")")
    if author:
        info.append(b"/Author (" + _escape(author) + b")")
    objects.append(b"<< " + b" ".join(info) + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(k).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R /Info "
            + str(len(objects)).encode() + b" 0 R >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n")
    return bytes(out)
