"""What every reader returns: :class:`ImportedText`, plus dates and errors.

A reader turns one source file into a list of :class:`ImportedText`, one per
document it holds (one for a web page or a Word file, many for a CSV export
or a news-database download). Metadata is copied only from the source: a
field the source does not print stays ``""``; nothing is guessed.

Bad input is reported with :func:`source_error`: a
:class:`~analysis.errors.CorpusError` whose one problem reads
``FILE: FORMAT: message`` (``FILE: nexis: article 3: ...`` inside a
multi-article file).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from analysis.errors import CorpusError, Problem

__all__ = ["ImportedText", "META_FIELDS", "source_error", "iso_date", "paragraphs_text"]

#: Metadata a reader may fill; every one defaults to "".
META_FIELDS = ("title", "author", "outlet", "date", "date_printed", "url", "genre")


@dataclass
class ImportedText:
    """One document read from a source file.

    Attributes
    ----------
    text : str
        The text: paragraphs (and headings) separated by a blank line.
    format : str
        The reader that produced it (``html``, ``docx``, ``nexis`` ...).
    source_index : int
        1-based position of the document inside its file (1 for a file
        holding one document).
    meta : dict
        Any of :data:`META_FIELDS`, as the source prints them; absent
        fields are missing or ``""``.
    extra : dict
        Further source columns asked for by name (``--meta-cols``), or
        header fields worth logging (``section``, ``length``...).
    problem : str
        Why this article or row could not be read (then ``text`` is
        ``""``); the importer reports it as ``FILE:LINE: FORMAT: message``.
    line : int or None
        1-based line of the row or record in its file, where one applies.
    messages : list of str
        What the reader did that the import log should say.
    """

    text: str
    format: str
    source_index: int = 1
    meta: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    problem: str = ""
    line: int | None = None
    messages: list = field(default_factory=list)


def source_error(name: str, fmt: str, message: str, *, index: int | None = None) -> CorpusError:
    """Return the error for a bad source file: ``FILE: FORMAT: [article N: ]message``.

    Examples
    --------
    >>> str(source_error("dl.rtf", "nexis", "no body text", index=3))
    'dl.rtf: nexis: article 3: no body text'
    """
    where = f"article {index}: " if index is not None else ""
    return CorpusError([Problem(name, None, fmt, where + message)])


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MON = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(rf"{_MON}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})"),
    re.compile(rf"(?P<d>\d{{1,2}})\s+{_MON},?\s+(?P<y>\d{{4}})"),
)


def iso_date(printed: str) -> str:
    """Return ``YYYY-MM-DD`` for a printed full date, or ``""`` if it has none.

    Reads ISO dates (also the date part of an ISO timestamp), "March 3,
    2022" and "3 March 2022" (month names in English, full or abbreviated),
    with any weekday or time around them. A date without a day is not
    completed: it gives ``""``.

    Examples
    --------
    >>> iso_date("March 3, 2022 Thursday"), iso_date("3 Mar 2022"), iso_date("2022-03-03T09:00:00+00:00")
    ('2022-03-03', '2022-03-03', '2022-03-03')
    >>> iso_date("March 2022")
    ''
    """
    for pattern in _DATE_PATTERNS:
        m = pattern.search(printed or "")
        if not m:
            continue
        month = int(m["m"]) if "m" in m.groupdict() else _MONTHS.get(m["mon"][:3].lower())
        try:
            return dt.date(int(m["y"]), month or 0, int(m["d"])).isoformat()
        except (TypeError, ValueError):
            continue
    return ""


def paragraphs_text(paragraphs) -> str:
    """Join paragraphs with a blank line, each with its white space collapsed.

    Examples
    --------
    >>> paragraphs_text(["  One\\n two. ", "", "Three."])
    'One two.\\n\\nThree.'
    """
    kept = [re.sub(r"\s+", " ", p).strip() for p in paragraphs]
    return "\n\n".join(p for p in kept if p)
