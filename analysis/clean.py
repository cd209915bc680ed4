"""Cleaning: turn a scraped page into clean paragraphs, keeping every offset.

Scraped op-eds carry the residue of the page they came from: markdown and
HTML (``**Thumbnail Image:**``, ``## headings``, ``[text](#)`` links,
``<sup>[1]</sup>`` footnote markers, ``---`` rules, ``***pull quotes***``),
non-breaking spaces, paragraphs cut in two by a page break, and lines that
are not body text (bylines, an author bio, "This story originally appeared
in ..."). :func:`clean_text` removes the markup, joins broken paragraphs and
labels every block with its *kind*, without ever inserting text: every
character of the clean text maps back to a character of the raw file, so a
sentence can always be cited by its raw line.

Block kinds
-----------
``title``        the headline (a first heading, or a short first line without
                 a full stop followed by a blank line)
``heading``      any later heading
``byline``       "Apr 22, 2022 by Mark Kristmanson", "By ..." lines
``metadata``     scraped fields: "Thumbnail Image:", "date 2022-03-18"
``body``         the running text (including list items and block quotes)
``pull_quote``   a display quote (a whole line in ``***...***``); it repeats a
                 body sentence (see :mod:`analysis.sentences`)
``bio``          the author's closing biography ("Mike Madrid is a ...")
``boilerplate``  "This story originally appeared in ...", "Read a reply ..."

The cleaning log (:attr:`CleanText.log`) records each change with its raw
line, so a reader can see what cleaning did (notebook 01).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.markup import Piece, delete_matches, strip_piece, tidy_inline

__all__ = ["BLOCK_KINDS", "CleanText", "clean_text", "cleaning_log", "line_starts", "line_of", "match_key"]

BLOCK_KINDS = (
    "title",
    "heading",
    "byline",
    "metadata",
    "body",
    "pull_quote",
    "bio",
    "boilerplate",
)

#: Characters that end a paragraph properly; a body paragraph ending in
#: anything else was cut by a page break if the next one goes on in lower case.
_TERMINAL = ".!?:;…\"'”’)]"

_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
)
_RE_BYLINE = re.compile(
    rf"^(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\s+by\s+\S.*|By\s+[A-Z][^.!?]{{0,80}})$"
)
_RE_DATELINE = re.compile(r"^\s*(date\s+\d{4}-\d{2}-\d{2})\s+(?=\S)", re.IGNORECASE)
_RE_FIELD = re.compile(r"^\*\*[^*]{1,60}:\*\*$")
_RE_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_RE_HEADING = re.compile(r"^\s*#{1,6}\s+")
_RE_LIST = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(?=\S)")
_RE_PULL = re.compile(r"^\*{3}(.+?)\*{3}$")
_RE_BOILERPLATE = re.compile(
    r"(originally (appeared|was published|published) in"
    r"|^(this|the) (story|article|piece|post) (first|originally) appeared"
    r"|^read (a|the) (reply|response|full|original)"
    r"|^(subscribe|sign up|share this|follow us|copyright|©|all rights reserved))",
    re.IGNORECASE,
)
_RE_BIO_GENERIC = re.compile(r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} (?:is|was|has been) (?:a|an|the) ")

# Invisible or odd characters: mapped one to one (spaces) or dropped.
_SPACE_LIKE = "\u00a0\u2007\u202f\u2009\u2002\u2003\t"
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@dataclass
class CleanText:
    """The clean text of one document and how it maps back to the raw file.

    Attributes
    ----------
    text : str
        Clean text: blocks separated by a blank line (``"\\n\\n"``).
    offsets : numpy.ndarray of int
        ``offsets[i]`` is the raw character offset of ``text[i]``; the
        separators map to the raw line break after their block.
    blocks : pandas.DataFrame
        One row per block, in text order: ``kind, start, end, line, line_end``
        where ``text[start:end]`` is the block and ``line``/``line_end`` are
        1-based raw lines.
    log : pandas.DataFrame
        One row per change: ``line`` (raw, 1-based), ``action``
        (``link``, ``footnote``, ``html``, ``emphasis``, ``heading``, ``rule``,
        ``list_marker``, ``nbsp``, ``invisible``, ``whitespace``,
        ``page_break``), ``raw`` (the raw text removed or joined).
    raw_line_starts : list of int
        Raw offset at which each raw line starts (see :func:`line_of`).
    """

    text: str
    offsets: np.ndarray
    blocks: pd.DataFrame
    log: pd.DataFrame
    raw_line_starts: list[int] = field(repr=False)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the raw ``(start, end)`` offsets of clean ``text[start:end]``."""
        if end <= start:
            raw = int(self.offsets[start]) if start < len(self.offsets) else 0
            return raw, raw
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1

    def raw_line(self, offset: int) -> int:
        """Return the 1-based raw line of clean offset ``offset``."""
        return line_of(self.raw_line_starts, int(self.offsets[offset]))


def line_starts(raw: str) -> list[int]:
    """Return the offset at which each line of ``raw`` starts (``\\n`` ends a line)."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", raw))
    return starts


def line_of(starts: list[int], offset: int) -> int:
    """Return the 1-based line holding raw ``offset``, given :func:`line_starts`."""
    return bisect_right(starts, offset)


def _classify_line(line_text: str, raw_start: int, line_no: int, log: list) -> list[Piece]:
    """Turn one raw line into zero, one or two typed pieces."""
    piece = Piece(line_text, list(range(raw_start, raw_start + len(line_text))), line_no, line_no)
    if _INVISIBLE.search(piece.text):
        delete_matches(piece, _INVISIBLE, log, "invisible")
    if any(c in piece.text for c in _SPACE_LIKE):
        for c in set(piece.text) & set(_SPACE_LIKE):
            log.extend((line_no, "nbsp", c) for _ in range(piece.text.count(c)))
        piece.text = piece.text.translate({ord(c): " " for c in _SPACE_LIKE})
    if not piece.text.strip():
        return []
    if _RE_RULE.match(piece.text):
        log.append((line_no, "rule", piece.text.strip()))
        return []
    pieces = []
    m = _RE_DATELINE.match(piece.text)
    if m:
        date_piece = Piece(m.group(1), piece.pos[m.start(1) : m.end(1)], line_no, line_no, kind="metadata")
        pieces.append(date_piece)
        piece = Piece(piece.text[m.end() :], piece.pos[m.end() :], line_no, line_no)
    is_heading = bool(_RE_HEADING.match(piece.text))
    if is_heading:
        delete_matches(piece, _RE_HEADING, log, "heading")
    m = _RE_LIST.match(piece.text)
    if m and not is_heading:
        delete_matches(piece, re.compile(_RE_LIST.pattern), log, "list_marker")
        piece.is_list_item = True
    strip_piece(piece)
    stripped = piece.text
    if _RE_FIELD.match(stripped):
        piece.kind = "metadata"
    elif _RE_PULL.match(stripped):
        piece.kind = "pull_quote"
    elif is_heading:
        piece.kind = "heading"
    tidy_inline(piece, log)
    if not piece.text:
        return pieces
    if piece.kind == "body":
        if _RE_BYLINE.match(piece.text):
            piece.kind = "byline"
        elif _RE_BOILERPLATE.search(piece.text):
            piece.kind = "boilerplate"
    pieces.append(piece)
    return pieces


def _ends_paragraph(text: str) -> bool:
    return text.rstrip().endswith(tuple(_TERMINAL))


def _join_all(group: list[Piece], log: list) -> Piece:
    """Join the pieces of ``group``, one space (mapped to the raw break) between two.

    One join for the whole run: joining two at a time copied the growing
    paragraph at every page break (quadratic on a long hard-wrapped text).
    The log records each break with the 30 characters on either side.
    """
    first = group[0]
    if len(group) == 1:
        return first
    texts, pos = [first.text], list(first.pos)
    tail, line_end = first.text[-30:], first.line_end
    for b in group[1:]:
        log.append((line_end, "page_break", f"{tail} / {b.text[:30]}"))
        pos.append(pos[-1] + 1)
        pos.extend(b.pos)
        texts.append(b.text)
        tail = (tail + " " + b.text[-30:])[-30:]
        line_end = b.line_end
    joined = Piece(" ".join(texts), pos, first.line, line_end, first.kind)
    joined.blank_before = first.blank_before
    return joined


def _assign_titles_and_bios(pieces: list[Piece], *, title: str, author: str) -> None:
    content = [p for p in pieces if p.kind not in ("metadata", "byline")]
    if content:
        first = content[0]
        nxt = pieces[pieces.index(first) + 1] if pieces.index(first) + 1 < len(pieces) else None
        short = len(first.text.split()) <= 25 and not first.text.endswith(".")
        if first.kind == "heading":
            first.kind = "title"
        elif first.kind == "body" and short and (nxt is None or (nxt.blank_before and not nxt.text[:1].islower())):
            first.kind = "title"
    norm = match_key
    for p in pieces:
        if title and p.kind in ("body", "heading") and norm(p.text) == norm(title):
            p.kind = "title"
    tail = [p for p in pieces if p.kind == "body"][-3:]
    for p in tail:
        by_author = bool(author) and re.match(rf"^{re.escape(author)} (?:is|was|has been) ", p.text)
        generic = _RE_BIO_GENERIC.match(p.text) and p is pieces[-1] and len(p.text.split()) < 60
        if by_author or generic:
            p.kind = "bio"


def match_key(text: str) -> str:
    """Return ``text`` reduced for matching: quotes straightened, words only, lower case.

    Examples
    --------
    >>> match_key("“Keep the ties,” he said.")
    'keep the ties he said'
    """
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\W+", " ", text).strip().lower()


def clean_text(raw: str, *, title: str = "", author: str = "") -> CleanText:
    """Clean one raw document, keeping a map from clean to raw offsets.

    Parameters
    ----------
    raw : str
        The document as read from its file (already decoded).
    title : str, optional
        Title from the documents table; a line equal to it is a ``title``.
    author : str, optional
        Author from the documents table; a closing paragraph that starts
        "<author> is ..." is the author's ``bio``.

    Returns
    -------
    CleanText
        Clean text, per-character raw offsets, typed blocks and a log.

    Notes
    -----
    Cleaning only deletes characters or replaces one by one (a non-breaking
    space by a space); the one insertion is the space or blank line between
    blocks, mapped to the raw line break. So ``raw[offsets[i]] == text[i]``
    for every character that is neither a separator nor a replaced space.

    Examples
    --------
    >>> ct = clean_text("## A title <sup>[1]</sup>\\n\\nSee [the post](#) on\\n\\nline two.")
    >>> ct.text
    'A title\\n\\nSee the post on line two.'
    >>> list(ct.blocks["kind"])
    ['title', 'body']
    """
    log: list[tuple[int, str, str]] = []
    starts = line_starts(raw)
    pieces: list[Piece] = []
    blank = False
    for line_no, start in enumerate(starts, start=1):
        end = starts[line_no] - 1 if line_no < len(starts) else len(raw)
        line_text = raw[start:end].rstrip("\r")
        new = _classify_line(line_text, start, line_no, log)
        if not new:
            blank = True
            continue
        new[0].blank_before = blank or not pieces
        blank = False
        pieces.extend(new)

    _assign_titles_and_bios(pieces, title=title, author=author)

    groups: list[list[Piece]] = []
    for p in pieces:
        group = groups[-1] if groups else None
        if (
            group is not None
            and group[0].kind == "body"
            and p.kind == "body"
            and not group[0].is_list_item
            and not p.is_list_item
            and not _ends_paragraph(group[-1].text)
            and (p.text[:1].islower() or not p.blank_before)
        ):
            group.append(p)
        else:
            groups.append([p])
    merged = [_join_all(group, log) for group in groups]

    texts, offsets, rows = [], [], []
    cursor = 0
    for i, p in enumerate(merged):
        if i:
            texts.append("\n\n")
            sep = min(offsets[-1] + 1, max(len(raw) - 1, 0))
            offsets.extend([sep, sep])
            cursor += 2
        texts.append(p.text)
        offsets.extend(p.pos)
        rows.append((p.kind, cursor, cursor + len(p.text), p.line, p.line_end))
        cursor += len(p.text)
    blocks = pd.DataFrame(rows, columns=["kind", "start", "end", "line", "line_end"])
    log_frame = pd.DataFrame(log, columns=["line", "action", "raw"])
    log_frame = log_frame[log_frame["action"] != ""].reset_index(drop=True)
    return CleanText("".join(texts), np.asarray(offsets, dtype=np.int64), blocks, log_frame, starts)


def cleaning_log(corpus) -> pd.DataFrame:
    """Return what cleaning changed in every document of ``corpus``.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
        A loaded corpus.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, line, action, raw``: one row per change, documents in
        corpus order, then by raw line.
    """
    frames = []
    for doc_id, ct in corpus.clean_texts():
        log = ct.log.copy()
        log.insert(0, "doc_id", doc_id)
        frames.append(log)
    if not frames:
        return pd.DataFrame(columns=["doc_id", "line", "action", "raw"])
    return pd.concat(frames, ignore_index=True)
