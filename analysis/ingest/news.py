"""News-database downloads: one file, many articles (Nexis Uni / LexisNexis, Factiva).

A download from a news database holds dozens of articles, each with header
lines. :func:`split_news` recognises the two layouts below in the lines of a
``.txt``, ``.docx``, ``.rtf`` or ``.html`` file and returns one document per
article, its metadata taken from its header. A header field the article does
not print stays empty. The layouts follow LexisNexisTools [1]_, which splits
Nexis downloads the same way.

Nexis Uni (and older LexisNexis)
    Articles end with a line ``End of Document`` (Nexis Uni) or start with
    ``N of M DOCUMENTS`` (LexisNexis Academic). The header holds the title,
    the outlet and the date (Nexis Uni: title, outlet, date; older files:
    outlet, date, title), then fields ``Byline:``, ``Section:``,
    ``Length:``, ``Dateline:``; the body follows a line ``Body`` (or the last
    header field) and ends at ``Load-Date:`` or another closing field.
    Lines before the first title (a cover page) are skipped.

Factiva
    Articles end with a line ``Document`` + accession number. The header
    holds the title, an optional byline, ``N words``, the date, an optional
    time, the outlet, an optional source code, the language and a
    copyright line; the body follows.

References
----------
.. [1] Gruber, J. B. (2021). LexisNexisTools: Working with Nexis and
   LexisNexis data in R. R package, https://github.com/JBGruber/LexisNexisTools.
"""

from __future__ import annotations

import re

from analysis.errors import CorpusError
from analysis.ingest.base import ImportedText, iso_date, source_error

__all__ = ["news_layout", "split_news"]

_NEXIS_END = re.compile(r"^\s*End of Document\s*$", re.IGNORECASE)
_NEXIS_START = re.compile(r"^\s*\d+\s+of\s+\d+\s+DOCUMENTS?\s*$", re.IGNORECASE)
_FACTIVA_END = re.compile(r"^\s*(?:AN\s+)?Document\s+[A-Za-z0-9]{16,}\s*$")
_FACTIVA_CODE = re.compile(r"^(HD|BY|CR|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CT|RF|CO|IN|NS|RE|IPC|IPD|PUB|AN)(?:(?:\t|\s{2,})(.*))?$")
_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z -]{1,30}):\s*(.*)$")
_HEADER_FIELDS = {"byline", "section", "length", "dateline", "highlight", "edition", "journal code"}
_CLOSING_FIELDS = {
    "load-date", "language", "classification", "publication-type", "subject", "graphic", "notes",
    "correction-date", "geographic", "industry", "company", "person", "organization", "document-type",
    "url", "journal code", "ticker", "copyright",
}
_CLOSING_LINES = {"classification", "graphic"}  # Nexis Uni section headings after the body
_WORDS = re.compile(r"^\s*\d[\d,]*\s+words\s*$", re.IGNORECASE)
_TIME = re.compile(r"^\s*\d{1,2}:\d{2}(?:\s*(?:[AP]M|GMT|UTC|ET))?\s*$", re.IGNORECASE)
_CODE = re.compile(r"^\s*[A-Z0-9]{2,8}\s*$")
_COPYRIGHT = re.compile(r"^\s*(?:copyright\b|©|\(c\))", re.IGNORECASE)


def news_layout(lines: list[str]) -> str | None:
    """Return ``"nexis"``, ``"factiva"`` or None for the lines of a file."""
    if any(_NEXIS_END.match(x) or _NEXIS_START.match(x) for x in lines):
        return "nexis"
    if any(_FACTIVA_END.match(x) for x in lines):
        return "factiva"
    return None


def _chunks(lines: list[str], layout: str) -> list[list[str]]:
    chunks, current = [], []
    for line in lines:
        if layout == "nexis" and _NEXIS_START.match(line):
            if any(x.strip() for x in current) and not chunks and not _has_body(current):
                current = []  # a cover page before the first article
            elif any(x.strip() for x in current):
                chunks.append(current)
            current = []
            continue
        if (layout == "nexis" and _NEXIS_END.match(line)) or (layout == "factiva" and _FACTIVA_END.match(line)):
            chunks.append(current)
            current = []
            continue
        current.append(line)
    if any(x.strip() for x in current) and layout == "nexis" and any(_NEXIS_START.match(x) for x in lines):
        chunks.append(current)
    return chunks


def _has_body(lines: list[str]) -> bool:
    return any(x.strip().lower() == "body" for x in lines) or any(
        (m := _FIELD.match(x)) and m.group(1).lower() in _HEADER_FIELDS for x in lines)


def _field(line: str, names) -> tuple[str, str] | None:
    m = _FIELD.match(line)
    if m and m.group(1).strip().lower() in names:
        return m.group(1).strip().lower(), m.group(2).strip()
    return None


def _body(lines: list[str]) -> str:
    """Join body lines, keeping blank lines (one at most) between paragraphs."""
    text = re.sub(r"\n\s*\n(\s*\n)*", "\n\n", "\n".join(x.rstrip() for x in lines))
    return text.strip()


def _byline(value: str) -> str:
    return re.sub(r"^by\s+", "", value.strip(), flags=re.IGNORECASE)


def _nexis_article(lines: list[str], name: str, index: int) -> ImportedText:
    body_at = next((i for i, x in enumerate(lines) if x.strip().lower() == "body"), None)
    fields: dict[str, str] = {}
    if body_at is None:  # older layout: the body starts after the last header field
        last = max((i for i, x in enumerate(lines) if _field(x, _HEADER_FIELDS)), default=None)
        if last is None:
            raise source_error(name, "nexis", "no 'Body' line and no header fields (Byline:, Length:)", index=index)
        header, rest = lines[: last + 1], lines[last + 1 :]
    else:
        header, rest = lines[:body_at], lines[body_at + 1 :]
    plain = []
    for x in header:
        f = _field(x, _HEADER_FIELDS)
        if f:
            fields[f[0]] = f[1]
        elif x.strip() and not _COPYRIGHT.match(x):
            plain.append(x.strip())
    end = next((i for i, x in enumerate(rest) if _field(x, _CLOSING_FIELDS) or x.strip().lower() in _CLOSING_LINES),
               len(rest))
    for x in rest[end:]:
        f = _field(x, _CLOSING_FIELDS)
        if f:
            fields.setdefault(f[0], f[1])
    body = _body(rest[:end])
    if not body:
        raise source_error(name, "nexis", "the article has no body text", index=index)
    dates = [i for i, x in enumerate(plain) if iso_date(x)]
    # Nexis Uni: the last date line before Body (a cover page may print dates above);
    # LexisNexis Academic: the first, since the title follows it.
    date_at = (dates[-1] if body_at is not None else dates[0]) if dates else None
    title = outlet = printed = ""
    if date_at is not None:
        printed = plain[date_at]
        if body_at is not None:  # Nexis Uni: title, outlet, date
            outlet = plain[date_at - 1] if date_at >= 1 else ""
            title = plain[date_at - 2] if date_at >= 2 else ""
        else:  # LexisNexis Academic: outlet, date, [edition], title
            outlet = plain[date_at - 1] if date_at >= 1 else ""
            title = plain[-1] if len(plain) > date_at + 1 else ""
    meta = {"title": title, "outlet": outlet, "date": iso_date(printed), "date_printed": printed,
            "author": _byline(fields.get("byline", "")), "url": fields.get("url", "")}
    extra = {k: fields[k] for k in ("section", "length", "load-date") if k in fields}
    return ImportedText(body, "nexis", index, meta, extra)


def _factiva_coded(lines: list[str], name: str, index: int) -> ImportedText:
    """Read an article of Factiva's layout with two-letter codes (HD, BY, WC, PD, SN, LP, TD)."""
    blocks: dict[str, list[str]] = {}
    code = None
    for line in lines:
        m = _FACTIVA_CODE.match(line.rstrip())
        if m:
            code = m.group(1)
            blocks.setdefault(code, []).append(m.group(2) or "")
        elif code is not None:
            blocks[code].append(line.strip())
    field = {k: " ".join(x for x in v if x) for k, v in blocks.items()}
    body = _body(blocks.get("LP", []) + [""] + blocks.get("TD", []))
    if not body:
        raise source_error(name, "factiva", "the article has no LP or TD (body) block", index=index)
    printed = field.get("PD", "")
    meta = {"title": field.get("HD", ""), "author": _byline(field.get("BY", "")), "outlet": field.get("SN", ""),
            "date": iso_date(printed), "date_printed": printed}
    extra = {"length": field["WC"]} if "WC" in field else {}
    return ImportedText(body, "factiva", index, meta, extra)


def _factiva_article(lines: list[str], name: str, index: int) -> ImportedText:
    if any(re.match(r"^HD(?:\s|$)", x) for x in lines):
        return _factiva_coded(lines, name, index)
    nonblank = [(i, x.strip()) for i, x in enumerate(lines) if x.strip()]
    wc = next((k for k, (_, x) in enumerate(nonblank[:8]) if _WORDS.match(x)), None)
    if wc is None:
        raise source_error(name, "factiva", "no 'N words' line in the article header", index=index)
    before = [x for _, x in nonblank[:wc]]
    title = before[-2] if len(before) >= 2 else (before[0] if before else "")
    author = _byline(before[-1]) if len(before) >= 2 else ""
    k = wc + 1
    printed = ""
    if k < len(nonblank) and iso_date(nonblank[k][1]):
        printed, k = nonblank[k][1], k + 1
    if k < len(nonblank) and _TIME.match(nonblank[k][1]):
        k += 1
    outlet = ""
    if k < len(nonblank) and not _COPYRIGHT.match(nonblank[k][1]):
        outlet, k = nonblank[k][1], k + 1
    # source code, page, language and copyright lines close the header
    while k < len(nonblank) and k <= wc + 8 and (
        _CODE.match(nonblank[k][1]) or re.match(r"^(?:Page|Pg\.?)\s+\S+$", nonblank[k][1])
        or re.match(r"^[A-Z][a-z]+$", nonblank[k][1]) or _COPYRIGHT.match(nonblank[k][1])
    ):
        k += 1
    start = nonblank[k][0] if k < len(nonblank) else len(lines)
    body = _body(lines[start:])
    if not body:
        raise source_error(name, "factiva", "the article has no body text", index=index)
    meta = {"title": title, "author": author, "outlet": outlet, "date": iso_date(printed), "date_printed": printed}
    extra = {"length": nonblank[wc][1]}
    return ImportedText(body, "factiva", index, meta, extra)


def split_news(lines: list[str], name: str) -> list[ImportedText] | None:
    """Split a news-database download into articles, or return None if it is not one.

    Parameters
    ----------
    lines : list of str
        The file's lines: one header field or paragraph per line, blank
        lines between paragraphs allowed.
    name : str
        File name for messages.

    Returns
    -------
    list of ImportedText or None
        One document per article (``source_index`` 1, 2, ... in file order,
        format ``nexis`` or ``factiva``), with ``title, author, outlet, date,
        date_printed`` (and ``url`` for Nexis) from its header, and
        ``section``, ``length``, ``load-date`` in ``extra`` where printed.

    Raises
    ------
    CorpusError
        ``FILE: nexis: message`` for a download with no article. An article
        without a body or header comes back with its ``problem`` set
        (``article N: ...``), so the others can still be imported.
    """
    layout = news_layout(lines)
    if layout is None:
        return None
    read = _nexis_article if layout == "nexis" else _factiva_article
    chunks = [c for c in _chunks(lines, layout) if any(x.strip() for x in c)]
    if not chunks:
        raise source_error(name, layout, "no article found between the separators")
    articles = []
    for i, chunk in enumerate(chunks, start=1):
        try:
            articles.append(read(chunk, name, i))
        except CorpusError as exc:  # keep the others; the importer reports this one
            message = exc.problems[0].message
            articles.append(ImportedText("", layout, i, problem=message))
    return articles
