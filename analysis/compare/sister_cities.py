"""The sister-city pairs the texts mention: ``corpus/sister_cities.csv``.

The table is read off the texts by hand, one row per US-Russian or
US-Ukrainian city pair per source sentence (a pair named in two texts, or
twice in one, gets two rows), holding only what the text says. A row is
made for a sentence that names a side of the pair (a city, its nickname or
demonym, or a US state), or that reports the status of a pair named just
before ("These cities should ... renounce ..."). Totals ("68 official sister
city relationships") and pairs outside Russia and Ukraine (Los Angeles -
Beirut) are not rows.

Columns
-------
==================  ==========================================================
``us_city``         US city (or county) as printed; empty when only a state is named
``us_state``        US state, only when the text gives it (as printed, even if wrong)
``partner_city``    Russian or Ukrainian city; **empty** when the text does not
                    name it (never filled in from outside knowledge)
``partner_country`` ``Russia`` or ``Ukraine``
``status``          what the text reports, one of :data:`STATUSES`
``date_reported``   the date as printed ("March 2", "March 7 letter"), else empty
``doc_id, sent_id`` the sentence that says so (:mod:`analysis.sentences`)
``quote``           a short exact excerpt of that sentence
``note``            why, and where the text names what this sentence does not
==================  ==========================================================

When the cited sentence does not itself name the partner (it says "their
Russian counterparts" or "the Ukrainian capital"), ``note`` must say
``partner named in <sent_id>``, and :func:`read_sister_cities` checks that
sentence.

Statuses
--------
Ending a tie: ``severed`` (cut for good), ``suspended``, ``exchange called
off`` (a visit or exchange cancelled), ``urged to end``. Neither:
``attenuating`` (said to be fading), ``existing`` (the tie is said to exist
or to have been made), ``mentioned``. Keeping or starting one: ``aid`` (help
sent through the tie), ``urged to keep``, ``kept``, ``proposed`` (a tie not
yet official), ``new`` (a tie being made). :data:`STATUS_DIRECTION` groups
them as ``end``, ``neither``, ``keep``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.corpus import read_csv_records
from analysis.errors import CorpusError, Problem, display_path

__all__ = ["COLUMNS", "STATUSES", "STATUS_DIRECTION", "COUNTRIES", "read_sister_cities", "pair_status_table"]

COLUMNS = ("us_city", "us_state", "partner_city", "partner_country", "status", "date_reported", "doc_id",
           "sent_id", "quote", "note")
#: Status as the text reports it, from ending a tie to starting one.
STATUSES = ("severed", "suspended", "exchange called off", "urged to end", "attenuating", "existing", "mentioned",
            "aid", "urged to keep", "kept", "proposed", "new")
#: Which way each status moves the tie: "end", "neither" or "keep".
STATUS_DIRECTION = {s: ("end" if i < 4 else "neither" if i < 7 else "keep") for i, s in enumerate(STATUSES)}
#: Partner countries in scope.
COUNTRIES = ("Russia", "Ukraine")
_NAMED_IN = re.compile(r"partner named in ([A-Za-z0-9_.-]+?-\d+)\b", re.IGNORECASE)


def _pair(us_city: str, us_state: str, partner_city: str) -> str:
    """Return the display label of a pair, "US city – partner" ("?" for an unnamed partner)."""
    return f"{us_city or '(' + us_state + ')'} – {partner_city or '?'}"


def _row_problems(row: dict, name: str, line: int, texts: dict | None, docs: dict | None) -> list[Problem]:
    out = []

    def bad(field, message):
        out.append(Problem(name, line, field, message))

    if row["status"] not in STATUSES:
        bad("status", f"unknown status {row['status']!r}; allowed: {', '.join(STATUSES)}")
    if not row["us_city"] and not row["us_state"]:
        bad("us_city", "give the US city, or at least the state, that the text names")
    if row["partner_country"] not in COUNTRIES:
        bad("partner_country", f"{row['partner_country']!r} is out of scope; allowed: {', '.join(COUNTRIES)}")
    for field in ("doc_id", "sent_id", "quote"):
        if not row[field]:
            bad(field, "is empty")
    if not row["partner_city"] and not row["note"]:
        bad("note", "an empty partner_city needs a note saying what the text says instead")
    if texts is None or not row["sent_id"]:
        return out
    text = texts.get(row["sent_id"])
    if text is None:
        bad("sent_id", f"{row['sent_id']!r} is not a sentence of the corpus")
        return out
    if row["doc_id"] and docs[row["sent_id"]] != row["doc_id"]:
        bad("doc_id", f"{row['sent_id']} belongs to {docs[row['sent_id']]}, not {row['doc_id']}")
    if row["quote"] and row["quote"] not in text:
        bad("quote", f"not found in {row['sent_id']}")
    partner = row["partner_city"]
    if partner and partner not in text:
        cited = _NAMED_IN.findall(row["note"])
        if not cited:
            bad("partner_city", f"{partner!r} is not named in {row['sent_id']}; leave it empty, or say in note "
                                f"'partner named in <sent_id>'")
        for sent_id in cited:
            if partner not in texts.get(sent_id, ""):
                bad("note", f"{partner!r} is not named in {sent_id}")
    return out


def read_sister_cities(path: str | Path, *, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check the sister-city pairs table.

    Every problem in the file is collected and reported at once.

    Parameters
    ----------
    path : str or Path
        The table, ``corpus/sister_cities.csv`` (UTF-8, a BOM is allowed).
    sentences : pandas.DataFrame, optional
        Sentences frame (``doc_id, sent_id, text``); when given, each
        ``sent_id`` must exist and belong to ``doc_id``, its text must
        contain ``quote``, and a ``partner_city`` must be named in it or in
        the sentence ``note`` cites as "partner named in <sent_id>".

    Returns
    -------
    pandas.DataFrame
        The :data:`COLUMNS` as strings (``""`` for empty), then ``pair``
        ("US city – partner", "?" for an unnamed partner, "(state)" when no
        city is named) and ``line`` (the file line of the row), in file order.

    Raises
    ------
    CorpusError
        ``FILE:LINE: FIELD: message`` for a missing file or column, an unknown
        column or status, a partner country out of scope, a row with neither
        US city nor state, an empty id or quote, a repeated pair and
        sentence, and (with ``sentences``) a missing sentence, a quote not in
        it or a partner it does not name.

    References
    ----------
    .. [1] Krippendorff, K. (2019). Content Analysis: An Introduction to Its
       Methodology (4th ed.). SAGE. On recording units (unitizing) and
       keeping each one traceable to its place in the text.

    Examples
    --------
    >>> import tempfile
    >>> row = "Tallahassee,Florida,Krasnodar,Russia,severed,,news,news-015,sever its ties,"
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "pairs.csv"
    ...     _ = path.write_text(",".join(COLUMNS) + "\\n" + row + "\\n", encoding="utf-8")
    ...     table = read_sister_cities(path)
    >>> table[["pair", "status", "line"]].values.tolist()
    [['Tallahassee – Krasnodar', 'severed', 2]]
    """
    name = display_path(path)
    header, records = read_csv_records(path, what="table")
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            message = f"missing column(s) {', '.join(missing)}; found: {', '.join(header)}"
            problems.append(Problem(name, 1, "header", message))
        if unknown:
            message = f"unknown column(s) {', '.join(unknown)}; expected: {', '.join(COLUMNS)}"
            problems.append(Problem(name, 1, "header", message))
        raise CorpusError(problems)
    texts = docs = None
    if sentences is not None:
        texts = dict(zip(sentences["sent_id"], sentences["text"]))
        docs = dict(zip(sentences["sent_id"], sentences["doc_id"]))
    rows, problems, seen = [], [], {}
    for line, record in records:
        raw = dict(zip(header, record))
        row = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        problems += _row_problems(row, name, line, texts, docs)
        key = (row["us_city"], row["us_state"], row["partner_city"], row["sent_id"])
        if key in seen:
            problems.append(Problem(name, line, "sent_id", f"repeats the pair and sentence of line {seen[key]}"))
        seen.setdefault(key, line)
        rows.append({**row, "pair": _pair(row["us_city"], row["us_state"], row["partner_city"]), "line": line})
    if problems:
        raise CorpusError(problems)
    return pd.DataFrame(rows, columns=[*COLUMNS, "pair", "line"])


def pair_status_table(table: pd.DataFrame) -> pd.DataFrame:
    """Return one row per city pair with what every source says about it.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`read_sister_cities` (needs :data:`COLUMNS` and ``pair``).

    Returns
    -------
    pandas.DataFrame
        ``pair, us_city, us_state, partner_city, partner_country, statuses,
        by_document, sources, n_documents, n_rows``: ``statuses`` lists the
        distinct statuses in :data:`STATUSES` order; ``by_document`` gives
        ``doc_id: statuses`` per document (documents in table order, joined
        by "; "); ``sources`` the cited sentence ids in table order.
        Sorted by ``partner_country``, then ``pair``; index 0..n-1.

    References
    ----------
    .. [1] Wickham, H. (2014). Tidy data. Journal of Statistical Software,
       59(10), 1-23.

    Examples
    --------
    >>> rows = [dict.fromkeys(COLUMNS, "") | {"us_city": "Tallahassee", "partner_city": "Krasnodar",
    ...         "partner_country": "Russia", "status": s, "doc_id": "news", "sent_id": i,
    ...         "pair": "Tallahassee – Krasnodar"}
    ...         for s, i in [("urged to keep", "news-012"), ("severed", "news-015")]]
    >>> pair_status_table(pd.DataFrame(rows))[["pair", "statuses", "by_document"]].values.tolist()
    [['Tallahassee – Krasnodar', 'severed, urged to keep', 'news: severed, urged to keep']]
    """
    missing = [c for c in (*COLUMNS, "pair") if c not in table.columns]
    if missing:
        raise ValueError(f"table needs column(s) {', '.join(missing)} (use read_sister_cities)")
    order = {s: i for i, s in enumerate(STATUSES)}
    rows = []
    for pair, grp in table.groupby("pair", sort=True):
        per_doc = [f"{d}: {', '.join(sorted(set(g['status']), key=order.get))}"
                   for d, g in grp.groupby("doc_id", sort=False)]
        rows.append({
            "pair": pair,
            "us_city": grp["us_city"].iloc[0],
            "us_state": ", ".join(sorted({s for s in grp["us_state"] if s})),
            "partner_city": grp["partner_city"].iloc[0],
            "partner_country": ", ".join(sorted(set(grp["partner_country"]))),
            "statuses": ", ".join(sorted(set(grp["status"]), key=order.get)),
            "by_document": "; ".join(per_doc),
            "sources": ", ".join(dict.fromkeys(grp["sent_id"])),
            "n_documents": int(grp["doc_id"].nunique()),
            "n_rows": len(grp),
        })
    columns = ["pair", "us_city", "us_state", "partner_city", "partner_country", "statuses", "by_document",
               "sources", "n_documents", "n_rows"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["partner_country", "pair"]).reset_index(drop=True)
