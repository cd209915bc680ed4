"""The sister-city pairs the texts mention: ``corpus/sister_cities.csv``.

One row per city pair per source sentence, holding only what the text says:
where a text names a US city but not its partner, the partner stays empty
and ``note`` says so. Every row cites ``doc_id, sent_id`` and a ``quote``
that must occur in that sentence, so :func:`read_sister_cities` can check
the table against the current sentences.

Columns
-------
``us_city, us_state`` (as printed; empty when not given), ``partner_city,
partner_country``, ``status`` (one of :data:`STATUSES`), ``date_reported``
(as printed), ``doc_id, sent_id, quote, note``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from analysis.corpus import decode_text
from analysis.errors import CorpusError, Problem, display_path

__all__ = ["COLUMNS", "STATUSES", "read_sister_cities", "pair_status_table"]

COLUMNS = ("us_city", "us_state", "partner_city", "partner_country", "status", "date_reported", "doc_id",
           "sent_id", "quote", "note")
#: Status as the text reports it, from ending a tie to starting one.
STATUSES = ("severed", "suspended", "exchange called off", "urged to end", "attenuating", "existing", "mentioned",
            "kept", "urged to keep", "proposed", "new")


def read_sister_cities(path: str | Path, *, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check the sister-city table.

    Parameters
    ----------
    path : str or Path
        ``corpus/sister_cities.csv``.
    sentences : pandas.DataFrame, optional
        Current sentences frame: each ``sent_id`` must exist and hold its
        ``quote``.

    Returns
    -------
    pandas.DataFrame
        The table (strings, ``""`` for empty), in file order, plus ``line``.

    Raises
    ------
    CorpusError
        Missing columns, unknown status, a row with neither US city nor
        state, a missing sentence or a quote not found in it.
    """
    path = Path(path)
    name = display_path(path)
    if not path.exists():
        raise CorpusError([Problem(name, None, "file", "does not exist")])
    reader = csv.DictReader(io.StringIO(decode_text(path.read_bytes(), name), newline=""))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CorpusError([Problem(name, 1, "header", f"missing column(s) {', '.join(missing)}; found: {', '.join(header)}")])
    texts = dict(zip(sentences["sent_id"], sentences["text"])) if sentences is not None else None
    rows, problems = [], []
    start = 2
    for row in reader:
        line, start = start, reader.line_num + 1
        row = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if row["status"] not in STATUSES:
            problems.append(Problem(name, line, "status", f"unknown status {row['status']!r}; allowed: {', '.join(STATUSES)}"))
        if not row["us_city"] and not row["us_state"]:
            problems.append(Problem(name, line, "us_city", "give the US city (or at least the state) the text names"))
        if texts is not None:
            if row["sent_id"] not in texts:
                problems.append(Problem(name, line, "sent_id", f"{row['sent_id']!r} is not a sentence of the corpus"))
            elif not row["quote"] or row["quote"] not in texts[row["sent_id"]]:
                problems.append(Problem(name, line, "quote", f"not found in {row['sent_id']}"))
        rows.append({**row, "line": line})
    if problems:
        raise CorpusError(problems)
    return pd.DataFrame(rows, columns=[*COLUMNS, "line"])


def pair_status_table(table: pd.DataFrame) -> pd.DataFrame:
    """Return one row per city pair with what each source says about it.

    Returns
    -------
    pandas.DataFrame
        ``pair, us_city, partner_city, partner_country, statuses, sources,
        n_sources`` where ``pair`` is "US city – partner" ("?" for a partner
        the text does not name; the state when no city is named), statuses
        are in :data:`STATUSES` order; sorted by partner country, then pair.
    """
    def label(row):
        us = row["us_city"] or f"({row['us_state']})"
        return f"{us} – {row['partner_city'] or '?'}"

    frame = table.assign(pair=table.apply(label, axis=1))
    order = {s: i for i, s in enumerate(STATUSES)}
    rows = []
    for pair, grp in frame.groupby("pair", sort=True):
        statuses = sorted(set(grp["status"]), key=order.get)
        rows.append({
            "pair": pair,
            "us_city": grp["us_city"].iloc[0],
            "partner_city": grp["partner_city"].iloc[0],
            "partner_country": grp["partner_country"].iloc[0],
            "statuses": ", ".join(statuses),
            "sources": ", ".join(sorted(set(grp["sent_id"]))),
            "n_sources": grp["doc_id"].nunique(),
        })
    out = pd.DataFrame(rows)
    return out.sort_values(["partner_country", "pair"]).reset_index(drop=True)
