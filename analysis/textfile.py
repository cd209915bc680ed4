"""Reading a user's text file: UTF-8, plain line ends, no control characters, no markup.

:func:`decode_text` is the one door through which every file a user gives
us (raw texts, tables, the codebook) becomes a string. It names the first
bad byte or character with its line and column, so a user can fix the file
(``FILE:LINE: encoding: ...``), and keeps offsets: every replacement is one
character for one. :mod:`analysis.corpus` re-exports it.

References
----------
.. [1] The Unicode Standard, version 15.0, section 5.8 "Newline Guidelines"
   (CR, LF, CRLF, NEL, VT, FF, LS, PS all end a line).
.. [2] RFC 3629 (2003). UTF-8, a transformation format of ISO 10646.
"""

from __future__ import annotations

import re

from analysis.errors import CorpusError, Problem

__all__ = ["MAX_TEXT_BYTES", "decode_text"]

#: Largest text file read as one document (bytes).
MAX_TEXT_BYTES = 10_000_000
# Line ends other than LF, each replaced by one LF (so offsets do not move);
# a CR before an LF stays (the cleaner drops it).
_RE_LINE_END = re.compile(r"\r(?!\n)|[\x0b\x0c\x85\u2028\u2029]")
_RE_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
_RE_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|script|style|\?xml|rss|feed|svg)\b"
    r"|</?(?:div|p|meta|link|nav|header|footer|article|section|li|td|tr|table)\b[^<>]*>",
    re.IGNORECASE,
)
_MARKUP_ROOTS = re.compile(r"\s*<(?:!doctype|html|\?xml|head|body|rss|feed|svg)\b", re.IGNORECASE)


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, pos) + 1
    return text.count("\n", 0, pos) + 1, pos - line_start + 1


def decode_text(data: bytes, name: str, *, document: bool = False) -> str:
    """Decode a user's UTF-8 file into text with ``\n`` line ends, refusing what is not text.

    A leading BOM is dropped. Old-Mac CR-only and other line ends (vertical
    tab, form feed, NEL, U+2028, U+2029) become ``\n``, one character for
    one, so every offset into the text still points at the same character
    (CR LF stays: the cleaner drops the CR). NUL and other control
    characters are refused, with their line and column.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        File name for messages.
    document : bool, default False
        The file is a raw text of the corpus (or a ``.txt`` INPUT): also
        refuse a file over :data:`MAX_TEXT_BYTES` and an HTML or XML page
        saved as text (import those with ``python -m analysis import``).

    Raises
    ------
    CorpusError
        ``NAME:LINE: encoding: ...`` with the line and column of the first
        byte that is not UTF-8 or the first control character;
        ``NAME:LINE: text: ...`` for markup or an oversized file.

    Examples
    --------
    >>> decode_text(b"one\\rtwo\\r\\nthree", "x.txt")
    'one\\ntwo\\r\\nthree'
    >>> decode_text(b"a\\x00b", "x.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    analysis.errors.CorpusError: x.txt:1: encoding: control character U+0000 (NUL) at column 2; ...
    """
    if document and len(data) > MAX_TEXT_BYTES:
        raise CorpusError([Problem(name, None, "text", f"{len(data):,} bytes, more than the {MAX_TEXT_BYTES:,} "
                                   "read as one document; split it into one file per text")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise CorpusError(
            [Problem(name, line, "encoding", f"not UTF-8: byte 0x{bad} at column {col} (save the file as UTF-8)")]
        ) from None
    text = _RE_LINE_END.sub("\n", text)
    control = _RE_CONTROL.search(text)
    if control:
        line, col = _line_col(text, control.start())
        code = ord(control.group())
        what = " (NUL)" if code == 0 else ""
        why = "was it saved as UTF-16, or is it not text?" if code == 0 else "remove it"
        raise CorpusError([Problem(name, line, "encoding", f"control character U+{code:04X}{what} at column {col}; "
                                   f"a text file has none ({why})")])
    if document:
        markup = _RE_MARKUP.search(text)
        if markup and (_MARKUP_ROOTS.match(text) or len(_RE_MARKUP.findall(text, 0, 200_000)) >= 5
                       or markup.group().lower().startswith(("<script", "<style", "<html", "<body", "<head"))):
            line, _ = _line_col(text, markup.start())
            raise CorpusError([Problem(name, line, "text", f"looks like an HTML/XML page ({markup.group()[:30]!r}), "
                                       "not plain text; import it with `python -m analysis import` "
                                       "(keeps the article text only)")])
    return text
