"""Re-anchoring: keep a coding sheet's codes on the right sentences when the texts change.

When cleaning or segmentation changes, :func:`reanchor` moves every code to
the sentence that now holds its text: the same text (by hash), then the same
text ignoring white space and quotes, then the sentence of the same
document with the best word overlap. Codes that cannot be placed are kept
and reported with ``status == "orphan"``; no row (uncoded, memo-only rows
included) and no column is dropped. :func:`reanchor_collisions` names rows
whose different codes now land on one sentence (two sentences merged).

References
----------
.. [1] Ratcliff, J. W. & Metzener, D. E. (1988). Pattern matching: the
   Gestalt approach. Dr. Dobb's Journal, 13(7), 46 (difflib's ratio).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import pandas as pd

from analysis.coding import CODE_COLUMNS, _normalise, text_hash
from analysis.errors import Problem

__all__ = ["MIN_OVERLAP", "reanchor", "reanchor_collisions"]

#: Minimum word-overlap ratio for the last re-anchoring step.
MIN_OVERLAP = 0.6


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _normalise(text).lower())


def reanchor(coding: pd.DataFrame, sentences: pd.DataFrame, *, min_overlap: float = MIN_OVERLAP) -> pd.DataFrame:
    """Move codes onto the current sentences; keep and flag what cannot move.

    Parameters
    ----------
    coding : pandas.DataFrame
        A coding frame (needs ``doc_id, sent_id, text`` and the codes).
    sentences : pandas.DataFrame
        The current sentences frame.
    min_overlap : float, default 0.6
        Smallest word-sequence similarity for the last step: difflib's
        ratio, or the share of the old sentence's words that the new one
        holds in order (so a code follows its sentence into a merged one).

    Returns
    -------
    pandas.DataFrame
        The coding rows in their original order with updated ``sent_id,
        start, end, hash`` and ``text`` (the current sentence), plus
        ``old_sent_id``, ``old_text``, ``status`` (``exact``,
        ``whitespace``, ``overlap``, ``orphan``) and ``overlap`` (the
        similarity). Orphans keep their old anchor and codes.
    """
    by_doc = {doc: grp for doc, grp in sentences[sentences["duplicate_of"] == ""].groupby("doc_id", sort=False)}
    out = []
    for _, row in coding.iterrows():
        new = row.to_dict()
        new["old_sent_id"], new["old_text"] = row["sent_id"], row["text"]
        cands = by_doc.get(row["doc_id"])
        status, score, match = "orphan", 0.0, None
        if cands is not None:
            texts = list(cands["text"])
            exact = [i for i, t in enumerate(texts) if t == row["text"]]
            loose = [i for i, t in enumerate(texts) if _normalise(t) == _normalise(row["text"])]
            if exact:
                status, score, match = "exact", 1.0, _closest(cands, exact, row)
            elif loose:
                status, score, match = "whitespace", 1.0, _closest(cands, loose, row)
            else:
                words = _words(row["text"])
                ratios = [_overlap(words, _words(t)) for t in texts]
                best = max(range(len(ratios)), key=lambda i: (ratios[i], -i)) if ratios else None
                if best is not None and ratios[best] >= min_overlap:
                    status, score, match = "overlap", ratios[best], best
        if match is not None:
            s = cands.iloc[match]
            new["sent_id"], new["start"], new["end"], new["text"] = s["sent_id"], s["start"], s["end"], s["text"]
            new["hash"] = text_hash(s["text"])
        new["status"], new["overlap"] = status, round(float(score), 3)
        out.append(new)
    columns = list(dict.fromkeys([*coding.columns, "old_sent_id", "old_text", "status", "overlap"]))
    return pd.DataFrame(out, columns=columns).reset_index(drop=True)


def _overlap(old: list[str], new: list[str]) -> float:
    """Similarity of two word lists: difflib's ratio, or the share of the old
    sentence's words found in order in the new one (a sentence merged into a
    longer one), whichever is larger."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    contained = sum(b.size for b in matcher.get_matching_blocks()) / len(old) if len(old) >= 3 else 0.0
    return max(matcher.ratio(), contained)


def _closest(cands: pd.DataFrame, idx: list[int], row) -> int:
    """Among equal-text candidates, the one nearest the old sentence id."""
    old = str(row["sent_id"])
    for i in idx:
        if cands.iloc[i]["sent_id"] == old:
            return i
    return idx[0]


def reanchor_collisions(moved: pd.DataFrame, name: str) -> list[Problem]:
    """Rows that :func:`reanchor` put on one sentence with different codes (a merge of two sentences).

    Parameters
    ----------
    moved : pandas.DataFrame
        From :func:`reanchor` (needs ``line`` for the sheet lines).
    name : str
        The sheet's name for messages.

    Returns
    -------
    list of Problem
        One per later row whose codes differ from the first row on that sentence.
    """
    problems, first = [], {}
    for row in moved[moved["stance"] != ""].itertuples(index=False):
        codes = tuple(getattr(row, c) for c in CODE_COLUMNS)
        line = getattr(row, "line", None)
        if row.sent_id in first and first[row.sent_id][0] != codes:
            problems.append(Problem(name, line, "sent_id", f"now on {row.sent_id} together with line "
                                    f"{first[row.sent_id][1]}, coded differently ({'/'.join(first[row.sent_id][0])}"
                                    f" vs {'/'.join(codes)}): the sentences were merged; keep one code"))
        first.setdefault(row.sent_id, (codes, line))
    return problems
