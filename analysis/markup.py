"""Inline markup removed from one line of text, every kept character keeping its raw offset.

The line-level editing of :mod:`analysis.clean`: a :class:`Piece` is a line
(or a joined paragraph) with the raw offset of each character;
:func:`delete_matches` deletes matches of a pattern from it (keeping chosen
groups), :func:`strip_piece` trims it and :func:`tidy_inline` removes
markdown and HTML markup (links, ``<sup>`` footnote markers, tags,
emphasis) and runs of white space. Links and footnote markers are found by
hand-written scanners that give the regular expressions' matches in linear
time (:func:`_links`, :func:`_footnotes`), so no line, however hostile, takes
quadratic time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Piece", "delete_matches", "strip_piece", "tidy_inline"]

_RE_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_RE_FOOTNOTE = re.compile(r"<sup>.*?</sup>", re.IGNORECASE)
_RE_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_RE_EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=\S)([^*\n]+?)(?<=\S)\*{1,3}(?![\w*])")
_RE_SPACE_RUN = re.compile(r"(\s)\s+")
_RE_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[\w)\]”\"’'])\s+(?=[.,;:!?](?:\s|$))")


@dataclass
class Piece:
    """A piece of text with the raw offset of each of its characters."""

    text: str
    pos: list[int]
    line: int
    line_end: int
    kind: str = "body"
    blank_before: bool = False
    is_list_item: bool = False


class _Span:
    """A regex-match look-alike for the hand-written scanners below."""

    __slots__ = ("_s", "_spans")

    def __init__(self, s: str, *spans: tuple[int, int]):
        self._s, self._spans = s, spans

    def start(self, g: int = 0) -> int:
        return self._spans[g][0]

    def end(self, g: int = 0) -> int:
        return self._spans[g][1]

    def group(self, g: int = 0) -> str:
        a, b = self._spans[g]
        return self._s[a:b]


def _next_of(s: str, ch: str):
    """Return ``find(start)``: the next ``ch`` at or after ``start`` (-1 if none), memoised.

    Calls with growing ``start`` cost linear time in all: a search that found
    nothing, or found a position still ahead, is not repeated.
    """
    last = [-2, -1]  # [searched from, found at]

    def find(start: int) -> int:
        frm, hit = last
        if frm != -2 and frm <= start and (hit == -1 or hit >= start):
            return hit
        hit = s.find(ch, start)
        last[0], last[1] = start, hit
        return hit

    return find


def _links(s: str):
    """Yield the matches of :data:`_RE_LINK` in linear time.

    ``re.finditer`` retries at every ``[``, and each try runs to the line's
    end when no ``]`` or ``)`` follows, so a line of ``[a[a[a...`` took
    quadratic time. Every ``[`` before the same ``]`` succeeds or fails
    alike, so one look per ``]`` decides them all; the matches are those of
    the regular expression.
    """
    next_close, next_paren, next_nl = _next_of(s, "]"), _next_of(s, ")"), _next_of(s, "\n")
    pos, n = 0, len(s)
    while pos < n:
        i = s.find("[", pos)
        if i < 0:
            return
        j = next_close(i + 1)
        nl = next_nl(i + 1)
        if j < 0:
            return
        if 0 <= nl < j:
            pos = nl + 1
            continue
        if s.startswith("(", j + 1):
            k = next_paren(j + 2)
            nl = next_nl(j + 2)
            if k >= 0 and not 0 <= nl < k:
                yield _Span(s, (i, k + 1), (i + 1, j))
                pos = k + 1
                continue
        pos = j + 1


_RE_SUP_OPEN = re.compile(r"<sup>", re.IGNORECASE)
_RE_SUP_CLOSE = re.compile(r"</sup>", re.IGNORECASE)


def _footnotes(s: str):
    """Yield the matches of :data:`_RE_FOOTNOTE` in linear time.

    ``<sup>.*?</sup>`` searched to the line's end from every ``<sup>`` when no
    ``</sup>`` followed (quadratic on ``<sup>x <sup>x ...``); here each
    ``<sup>`` takes the first ``</sup>`` after it from one list.
    """
    if "\n" in s:  # pieces are single lines; keep the exact semantics otherwise
        yield from _RE_FOOTNOTE.finditer(s)
        return
    closes = [m.start() for m in _RE_SUP_CLOSE.finditer(s)]
    pos, k = 0, 0
    while True:
        m = _RE_SUP_OPEN.search(s, pos)
        if m is None:
            return
        while k < len(closes) and closes[k] < m.end():
            k += 1
        if k == len(closes):
            return
        end = closes[k] + len("</sup>")
        yield _Span(s, (m.start(), end))
        pos = end


def delete_matches(piece: Piece, pattern, log: list, action: str, keep: tuple[int, ...] = ()) -> None:
    """Delete every match of ``pattern`` from ``piece`` except its ``keep`` groups.

    ``pattern`` is a compiled regular expression or a function that yields
    match-like objects for a string (:func:`_links`, :func:`_footnotes`).
    """
    s, pos = piece.text, piece.pos
    out, out_pos, last = [], [], 0
    changed = False
    matches = pattern.finditer(s) if isinstance(pattern, re.Pattern) else pattern(s)
    for m in matches:
        if m.end() == m.start():
            continue
        out.append(s[last : m.start()])
        out_pos.extend(pos[last : m.start()])
        for g in keep:
            if m.start(g) >= 0:
                out.append(m.group(g))
                out_pos.extend(pos[m.start(g) : m.end(g)])
        if action:
            log.append((piece.line, action, m.group(0)))
        last = m.end()
        changed = True
    if changed:
        out.append(s[last:])
        out_pos.extend(pos[last:])
        piece.text, piece.pos = "".join(out), out_pos


def strip_piece(piece: Piece) -> None:
    """Remove white space at both ends (what ``^\\s+|\\s+$`` did, in linear time)."""
    text = piece.text
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    if left or right < len(text):
        if right <= left:
            piece.text, piece.pos = "", []
        else:
            piece.text, piece.pos = text[left:right], piece.pos[left:right]


def tidy_inline(piece: Piece, log: list) -> None:
    """Remove inline markup and normalise white space inside one line."""
    if "<" in piece.text:  # each pattern needs its first character: skip the scan without it
        delete_matches(piece, _footnotes, log, "footnote")
    if "[" in piece.text:
        delete_matches(piece, _links, log, "link", keep=(1,))
    if "<" in piece.text:
        delete_matches(piece, _RE_TAG, log, "html")
    if "*" in piece.text:
        delete_matches(piece, _RE_EMPHASIS, log, "emphasis", keep=(1,))
    strip_piece(piece)
    delete_matches(piece, _RE_SPACE_RUN, log, "whitespace", keep=(1,))
    delete_matches(piece, _RE_SPACE_BEFORE_PUNCT, log, "whitespace")
    if "\t" in piece.text:
        piece.text = piece.text.replace("\t", " ")
