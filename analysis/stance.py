"""Stance summaries of a coded corpus: profiles, codelines, actors, positions.

All functions take a coding frame (one row per sentence with ``doc_id,
sent_id, stance, voice, actor, target``; see :mod:`analysis.coding`) and
return tidy frames for notebook 02 and the comparisons.

Actors of author-voice statements
---------------------------------
An author-voice sentence is a statement by the text's author. To place it in
the actor tables, :func:`statements` gives it the ``actor_id`` whose
``name`` in ``actors.csv`` equals the document's ``author``; a text without
a byline (a news report) keeps the placeholder ``author:<doc_id>``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.reprints import counted_rows

__all__ = [
    "STANCES",
    "statements",
    "stance_profile",
    "codeline_table",
    "actor_stance_table",
    "document_positions",
    "wilson_interval",
]

STANCES = ("ENGAGE", "DISENGAGE", "NEUTRAL")


def statements(
    coding: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame, *, include_reprints: bool = False
) -> pd.DataFrame:
    """Return the ENGAGE/DISENGAGE sentences as statements with an actor each.

    Parameters
    ----------
    coding : pandas.DataFrame
        Coding frame (``doc_id, sent_id, stance, voice, actor, target``).
    documents : pandas.DataFrame
        Documents frame (``doc_id, author, reprint_of``).
    actors : pandas.DataFrame
        Actors table (``actor_id, name``).
    include_reprints : bool, default=False
        The reprint policy (:mod:`analysis.reprints`): a reprint's sentences
        are left out, so a reprinted statement is counted once.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_id, stance, voice, actor, target`` in coding order,
        where ``actor`` is filled for author-voice statements (see the
        module docstring); ``attrs["reprints"]`` says whether reprints were
        counted.
    """
    coding = counted_rows(coding, documents, include_reprints=include_reprints)
    by_name = dict(zip(actors["name"], actors["actor_id"]))
    author_of = {d: by_name.get(a, f"author:{d}") for d, a in zip(documents["doc_id"], documents["author"])}
    out = coding[coding["stance"].isin(["ENGAGE", "DISENGAGE"])][
        ["doc_id", "sent_id", "stance", "voice", "actor", "target"]
    ].copy()
    is_author = out["voice"] == "author"
    out.loc[is_author, "actor"] = [author_of.get(d, f"author:{d}") for d in out.loc[is_author, "doc_id"]]
    out = out.reset_index(drop=True)
    out.attrs = {"reprints": coding.attrs["reprints"]}
    return out


def stance_profile(coding: pd.DataFrame, *, by: str = "doc_id", voice: str | None = None) -> pd.DataFrame:
    """Return the number and share of sentences of each stance per group.

    Parameters
    ----------
    coding : pandas.DataFrame
        Coding frame.
    by : str, default "doc_id"
        Grouping column (any column of ``coding``).
    voice : {"author", "actor"}, optional
        Count ENGAGE/DISENGAGE sentences of this voice only (NEUTRAL
        sentences are always counted).

    Returns
    -------
    pandas.DataFrame
        ``<by>, stance, n, share``: every group x stance (zeros included),
        groups in first-appearance order, stances as :data:`STANCES`.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"doc_id": ["a", "a", "b"], "stance": ["ENGAGE", "NEUTRAL", "DISENGAGE"],
    ...                   "voice": ["author", "", "actor"]})
    >>> stance_profile(c).query("doc_id == 'a'")["share"].tolist()
    [0.5, 0.0, 0.5]
    """
    rows = coding
    if voice is not None:
        rows = coding[(coding["stance"] == "NEUTRAL") | (coding["voice"] == voice)]
    groups = list(dict.fromkeys(coding[by]))
    counts = pd.crosstab(rows[by], rows["stance"]).reindex(index=groups, columns=list(STANCES)).fillna(0)
    long = counts.astype(int).stack().rename("n").reset_index()
    long.columns = [by, "stance", "n"]
    totals = long.groupby(by, sort=False)["n"].transform("sum")
    long["share"] = np.where(totals > 0, long["n"] / totals.where(totals > 0, 1), 0.0)
    return long


def codeline_table(coding: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Return each coded sentence's place along its text, for a codeline plot.

    Parameters
    ----------
    coding : pandas.DataFrame
        Coding frame.
    sentences : pandas.DataFrame
        Sentences frame (for ``position`` and ``kind``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_id, position, relative_position, kind, stance, voice``
        where ``relative_position`` is ``(position - 1) / (n - 1)`` within the
        document (0 = first sentence, 1 = last); documents in coding order.
    """
    merged = coding[["doc_id", "sent_id", "stance", "voice"]].merge(
        sentences[["sent_id", "position", "kind"]], on="sent_id", how="left", validate="one_to_one"
    )
    n = sentences.groupby("doc_id")["position"].max()
    denom = merged["doc_id"].map(n).sub(1).clip(lower=1)
    merged["relative_position"] = (merged["position"] - 1) / denom
    return merged[["doc_id", "sent_id", "position", "relative_position", "kind", "stance", "voice"]]


def actor_stance_table(statement_frame: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Return who says what: statements per actor, stance and target.

    Parameters
    ----------
    statement_frame : pandas.DataFrame
        From :func:`statements`.
    actors : pandas.DataFrame
        Actors table, for names and kinds.

    Returns
    -------
    pandas.DataFrame
        ``actor, name, kind, ENGAGE, DISENGAGE, total, net`` (``net`` =
        ENGAGE - DISENGAGE), sorted by ``net`` then ``actor``.
    """
    counts = pd.crosstab(statement_frame["actor"], statement_frame["stance"])
    counts = counts.reindex(columns=["ENGAGE", "DISENGAGE"]).fillna(0).astype(int)
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    counts["net"] = counts["ENGAGE"] - counts["DISENGAGE"]
    meta = actors.set_index("actor_id")
    frame = counts.rename_axis("actor").reset_index()
    frame.insert(1, "name", [meta["name"].get(a, a) for a in frame["actor"]])
    frame.insert(2, "kind", [meta["kind"].get(a, "author") for a in frame["actor"]])
    return frame.sort_values(["net", "actor"], ascending=[True, True]).reset_index(drop=True)


def wilson_interval(k: int, n: int, *, z: float = 1.959964) -> tuple[float, float]:
    """Return the Wilson score interval for ``k`` successes in ``n`` trials.

    References
    ----------
    .. [1] Wilson, E. B. (1927). Probable inference, the law of succession,
       and statistical inference. JASA, 22(158), 209-212.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(8, 10)]
    [0.4902, 0.9433]
    """
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def document_positions(coding: pd.DataFrame, *, by: str = "doc_id", voice: str = "author") -> pd.DataFrame:
    """Return each group's position from its own (author-voice) statements.

    The position is the share of ENGAGE among the ENGAGE and DISENGAGE
    sentences of ``voice``, rescaled to -1 (all DISENGAGE) ... +1 (all
    ENGAGE), with a 95% Wilson interval rescaled the same way. Groups with
    no such statement get NaN.

    Parameters
    ----------
    coding : pandas.DataFrame
        Coding frame.
    by : str, default "doc_id"
    voice : {"author", "actor"}, default "author"

    Returns
    -------
    pandas.DataFrame
        ``<by>, n_engage, n_disengage, n, position, lower, upper`` in
        first-appearance order.
    """
    rows = []
    for group, frame in coding.groupby(by, sort=False):
        own = frame[frame["voice"] == voice]
        k = int((own["stance"] == "ENGAGE").sum())
        d = int((own["stance"] == "DISENGAGE").sum())
        lo, hi = wilson_interval(k, k + d)
        pos = (2 * k / (k + d) - 1) if k + d else math.nan
        rows.append((group, k, d, k + d, pos, 2 * lo - 1, 2 * hi - 1))
    return pd.DataFrame(rows, columns=[by, "n_engage", "n_disengage", "n", "position", "lower", "upper"])
