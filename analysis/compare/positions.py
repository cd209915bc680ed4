"""Positions anchored on the coding: Wordscores with coded sentences as reference texts.

The coded sentences define the two poles: all ENGAGE-coded sentences form one
reference text (score +1), all DISENGAGE-coded sentences the other (-1), and
every document is scored as a virgin text between them with Wordscores
(Laver, Benoit & Garry 2003; :mod:`analysis.compare.scaling`).

A document's own sentences would make it look like the pole it helped to
define, so by default each document is scored with reference texts built
from the *other* documents only (``leave_out=True``); documents in one group
(a repost and its original, see :func:`analysis.evaluate.document_groups`)
are held out together.

References
----------
.. [1] Laver, M., Benoit, K. & Garry, J. (2003). Extracting policy positions
   from political texts using words as data. APSR, 97(2), 311-331.
.. [2] Martin, L. W. & Vanberg, G. (2008). A robust transformation procedure
   for interpreting political text. Political Analysis, 16(1), 93-100.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.compare.scaling import term_counts, wordscores

__all__ = ["anchored_positions"]

POLES = {"ENGAGE": 1.0, "DISENGAGE": -1.0}


def anchored_positions(
    tokens: pd.DataFrame,
    coding: pd.DataFrame,
    *,
    by: str = "doc_id",
    groups: Sequence | None = None,
    leave_out: bool = True,
    drop_stop: bool = False,
    level: float = 0.95,
) -> pd.DataFrame:
    """Score each document between the ENGAGE (+1) and DISENGAGE (-1) sentences.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame with ``sent_id``, ``term``, ``is_punct``, ``is_stop`` and
        the ``by`` column; pass only the sentences you want counted.
    coding : pandas.DataFrame
        Coding frame with ``sent_id`` and ``stance``.
    by : str, default "doc_id"
        The unit scored.
    groups : sequence, optional
        One group label per unique ``by`` value, in order of first
        appearance in ``tokens``; units of a group are held out together.
        Default: each unit its own group.
    leave_out : bool, default True
        Build the reference texts without the scored unit's group.
    drop_stop : bool, default False
        Drop stop words before counting (LBG score every word).
    level : float, default 0.95
        Level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per unit, in order of first appearance: ``<by>, n_words,
        n_scored_words, score, se, lower, upper, mv_score, mv_lower,
        mv_upper`` where ``mv_*`` is Martin & Vanberg's rescaling, which puts
        the two reference texts at exactly -1 and +1.

    Raises
    ------
    ValueError
        If a held-out fold leaves no ENGAGE or no DISENGAGE sentence.
    """
    units = list(dict.fromkeys(tokens[by]))
    if groups is None:
        groups = units
    if len(groups) != len(units):
        raise ValueError(f"groups has {len(groups)} labels for {len(units)} units of {by!r}")
    group_of = dict(zip(units, groups))
    stance = dict(zip(coding["sent_id"], coding["stance"]))
    tok = tokens.assign(_stance=tokens["sent_id"].map(stance), _group=tokens[by].map(group_of))
    rows = []
    for group in dict.fromkeys(groups):
        reference = tok[tok["_stance"].isin(list(POLES))]
        if leave_out:
            reference = reference[reference["_group"] != group]
        missing = [p for p in POLES if p not in set(reference["_stance"])]
        if missing:
            raise ValueError(f"no {', '.join(missing)} sentences left to anchor when {group!r} is held out")
        virgin = tok[tok["_group"] == group]
        frame = pd.concat(
            [reference.assign(_unit=reference["_stance"]), virgin.assign(_unit="doc:" + virgin[by].astype(str))],
            ignore_index=True,
        )
        counts = term_counts(frame, by="_unit", drop_stop=drop_stop)
        scored = wordscores(counts, reference_scores=POLES, level=level)
        scored = scored[~scored["is_reference"]].copy()
        scored[by] = scored["doc"].str.slice(4)
        rows.append(scored)
    out = pd.concat(rows, ignore_index=True)
    out = out.set_index(by).loc[units].reset_index()
    cols = [by, "n_words", "n_scored_words", "score", "se", "lower", "upper", "mv_score", "mv_lower", "mv_upper"]
    return out[cols]
