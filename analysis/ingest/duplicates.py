"""Reprints among imported documents: exact copies and near-duplicates.

A download often holds the same wire story several times (syndicated copy
under different titles, reposts). Each pair of documents is aligned with
:func:`analysis.compare.reuse.reuse_spans`; the share of one text's words
inside passages shared with the other is measured with
:func:`analysis.compare.reuse.reuse_summary` (Clough et al. 2002). When
either text of a pair has at least ``min_share`` of its words in the other,
the later of the two (by ``date``, then by import order) reprints the earlier.
A reprint of a reprint points to the first text of the chain.
"""

from __future__ import annotations

import pandas as pd

from analysis.clean import match_key
from analysis.compare.reuse import reuse_spans, reuse_summary

__all__ = ["mark_reprints"]


def mark_reprints(rows: list[dict], *, min_share: float = 0.8) -> list[tuple[str, str, float, str]]:
    """Return the reprints among documents.

    Parameters
    ----------
    rows : list of dict
        One per document, in import order, with ``doc_id``, ``text`` and ``date``.
    min_share : float, default=0.8
        Share of a text's words shared with another that makes the pair duplicates.

    Returns
    -------
    list of (doc_id, source, share, kind)
        ``doc_id`` reprints ``source``; ``share`` is the larger of the two
        shares; ``kind`` is ``"exact"`` (same words) or ``"near"``; in import order.

    Examples
    --------
    >>> rows = [{"doc_id": "a", "date": "", "text": "Cities should keep their ties with Russian cities now."},
    ...         {"doc_id": "b", "date": "", "text": "Cities should keep their ties with Russian cities now!"}]
    >>> mark_reprints(rows)
    [('b', 'a', 1.0, 'exact')]
    """
    if len(rows) < 2:
        return []
    frame = pd.DataFrame({"doc_id": [r["doc_id"] for r in rows], "text": [r["text"] for r in rows]})
    spans = reuse_spans(frame)
    if spans.empty:
        return []
    summary = reuse_summary(spans, frame.assign(start=0))
    share = {(d, s): v for d, s, v in zip(summary["doc_id"], summary["source"], summary["share"])}
    order = {r["doc_id"]: (r.get("date") or "9999-99-99", k) for k, r in enumerate(rows)}
    text = {r["doc_id"]: match_key(r["text"]) for r in rows}
    best: dict[str, tuple[float, str]] = {}
    for (d, s), v in share.items():
        pair = max(v, share.get((s, d), 0.0))
        if pair < min_share or order[d] < order[s]:
            continue  # d is the earlier text: it is the original of the pair
        if d not in best or (pair, order[best[d][1]]) > (best[d][0], order[s]):
            best[d] = (pair, s)

    def root(doc_id: str) -> str:
        seen = set()
        while doc_id in best and doc_id not in seen:
            seen.add(doc_id)
            doc_id = best[doc_id][1]
        return doc_id

    found = []
    for r in rows:
        d = r["doc_id"]
        if d in best:
            src = root(d)
            kind = "exact" if text[d] == text[src] else "near"
            found.append((d, src, round(best[d][0], 3), kind))
    return found
