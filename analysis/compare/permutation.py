"""Permutation tests for word comparisons: Fightin' Words and keyness.

On a small corpus the p-values of keyness (chi-square) and the +-1.96 rule of
Fightin' Words rest on asymptotics that do not hold: words cluster in
sentences, and a few hundred tokens are far from a large sample. A
permutation test needs no such assumption. The stance (or other) labels of
the *sentences* of the two groups compared are shuffled, so that every
sentence keeps its words together, the statistic of every term is recomputed
for each shuffle, and a term's p-value is the share of shuffles whose
statistic is at least as extreme (two-sided) as the one observed, counted as
Phipson & Smyth (2010) recommend so that it is never 0::

    p = (1 + #{b : |T_b| >= |T_obs| or y_b = y_obs}) / (1 + B)

where ``y`` is the term's count in group ``a``: a shuffle that splits the
term's occurrences as observed counts as at least as extreme, because its
statistic then differs from the observed one only through the group totals
(otherwise a word seen once would look significant whenever the observed
labelling makes one group's total unusually small). This can only raise p,
so the test stays valid (conservative).
Benjamini-Hochberg adjusts the p-values over the terms reported. The
smallest possible p is ``1 / (B + 1)``, so for any of ``m`` terms to pass at
5% after the adjustment, ``B`` must be well above ``m / 0.05``: report only
terms seen often enough to matter (``min_count``) and draw enough shuffles
(they are cheap: see below).

Shuffling tokens instead would treat every word as an independent draw and
understate the noise. Sentences of other groups (e.g. NEUTRAL) keep their
label; they still feed the corpus prior of Fightin' Words, which therefore
does not change between shuffles.

Computation: the counted tokens form a sparse sentence x term matrix ``X``;
a shuffle is a 0/1 row vector ``g`` marking the sentences given label ``a``,
so the group counts of B shuffles are one product ``G @ X`` (B x V, ``X`` sparse),
and the statistics are evaluated on whole arrays (in chunks of
``chunk_size`` shuffles to bound memory). A few thousand shuffles of this
corpus take seconds.

Permutation frame
-----------------
The frame of :func:`analysis.compare.fightin_words.fightin_words` or
:func:`analysis.compare.keyness.keyness_table` (same rows, order and
``attrs``), with four columns added:

==============  ===============================================================
``null_mean``   mean of the term's statistic over the shuffles
``null_sd``     standard deviation of the term's statistic over the shuffles
``p_perm``      two-sided permutation p-value (formula above)
``p_perm_adj``  ``p_perm`` adjusted with Benjamini-Hochberg over the rows
==============  ===============================================================

``attrs`` also records ``n_permutations``, ``random_state`` and ``unit``.

References
----------
.. [1] Good, P. (2005). Permutation, Parametric, and Bootstrap Tests of
   Hypotheses (3rd ed.). Springer.
.. [2] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never
   be zero: calculating exact p-values when permutations are randomly drawn.
   Statistical Applications in Genetics and Molecular Biology, 9(1), 39.
.. [3] Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words.
   Political Analysis, 16(4), 372-403.
.. [4] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery
   rate. JRSS B, 57(1), 289-300.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.compare.fightin_words import _prior, fightin_words, log_odds
from analysis.compare.keyness import adjusted_p, g2, keyness_table
from analysis.counts import counted_mask

__all__ = ["STATISTICS", "unit_term_matrix", "permutation_test"]

#: Statistics :func:`permutation_test` can test.
STATISTICS = ("fightin_words", "keyness")


def unit_term_matrix(
    tokens: pd.DataFrame, *, unit: str = "sent_id", by: str, term: str = "term", drop_punct: bool = True,
    drop_stop: bool = True,
) -> tuple[pd.DataFrame, list, sparse.csr_matrix]:
    """Return the units (with their group), the terms and the sparse unit x term count matrix.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame with ``unit``, ``by`` and ``term`` columns; rows with a
        missing group are left out, as are punctuation and stop words when
        dropped (:func:`analysis.counts.counted_mask`).
    unit : str, default="sent_id"
        The column whose values are shuffled as wholes (a sentence id).
    by, term : str
        Group and counted columns.
    drop_punct, drop_stop : bool, default=True
        As in the comparisons.

    Returns
    -------
    units : pandas.DataFrame
        ``unit, group``, one row per unit, sorted by unit.
    terms : list of str
        Sorted terms (the matrix columns).
    matrix : scipy.sparse.csr_matrix
        Counts, units x terms.

    Raises
    ------
    ValueError
        If a unit has tokens of more than one group.

    Examples
    --------
    >>> toks = pd.DataFrame({"sent_id": ["s1", "s1", "s2"], "side": ["a", "a", "b"],
    ...                      "term": ["cut", "ties", "ties"], "is_punct": False, "is_stop": False})
    >>> units, terms, X = unit_term_matrix(toks, by="side")
    >>> units["group"].tolist(), terms, X.toarray().tolist()
    (['a', 'b'], ['cut', 'ties'], [[1, 1], [0, 1]])
    """
    keep = counted_mask(tokens, by=by, term=term, drop_punct=drop_punct, drop_stop=drop_stop)
    if unit not in tokens.columns:
        raise ValueError(f"tokens lack the unit column {unit!r}")
    rows = pd.DataFrame({"unit": tokens.loc[keep, unit].astype(str), "group": tokens.loc[keep, by],
                         "term": tokens.loc[keep, term].astype(str)})
    groups = rows.groupby("unit")["group"].nunique()
    if (groups > 1).any():
        raise ValueError(f"unit {groups[groups > 1].index[0]!r} has tokens of more than one {by!r} group")
    units = rows.drop_duplicates("unit").sort_values("unit")[["unit", "group"]].reset_index(drop=True)
    terms = sorted(rows["term"].unique())
    r = pd.Categorical(rows["unit"], categories=units["unit"]).codes
    c = pd.Categorical(rows["term"], categories=terms).codes
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (r, c)), shape=(len(units), len(terms)))
    matrix.sum_duplicates()
    return units, terms, matrix


def _fightin_z(ya, yb, alpha):
    delta, var = log_odds(ya, yb, alpha)
    return delta / np.sqrt(var)


def _signed_g2(ya, yb, form):
    c = ya.sum(axis=-1, keepdims=True)
    d = yb.sum(axis=-1, keepdims=True)
    stat = g2(ya, yb, c, d, form=form)
    return np.where(ya * d >= yb * c, stat, -stat)


def permutation_test(
    tokens: pd.DataFrame,
    *,
    by: str,
    group_a,
    group_b,
    statistic: str = "fightin_words",
    unit: str = "sent_id",
    n_permutations: int = 2000,
    random_state: int = 0,
    chunk_size: int = 250,
    **options,
) -> pd.DataFrame:
    """Return a Fightin' Words or keyness frame with permutation p-values per term.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame with ``by`` (the group of each token's sentence) and
        ``unit`` columns.
    by : str
        Group column, e.g. ``"stance"``.
    group_a, group_b : object
        The groups compared: ``group_a`` is Fightin' Words' ``group_a`` and
        keyness's ``target``; ``group_b`` its ``group_b`` / ``reference``.
    statistic : {"fightin_words", "keyness"}, default="fightin_words"
        Tested statistic: Monroe et al.'s ``z``, or the signed G2.
    unit : str, default="sent_id"
        The units whose labels are shuffled (sentences, never tokens).
    n_permutations : int, default=2000
        Number of shuffles ``B``.
    random_state : int, default=0
        Seed of :func:`numpy.random.default_rng`; same seed, same p-values.
    chunk_size : int, default=250
        Shuffles evaluated at once.
    **options
        Passed to :func:`~analysis.compare.fightin_words.fightin_words`
        (``term, prior, alpha0, min_count, drop_punct, drop_stop``) or
        :func:`~analysis.compare.keyness.keyness_table` (``term, min_count,
        form, correction, drop_punct, drop_stop``).

    Returns
    -------
    pandas.DataFrame
        The statistic's frame with ``null_mean, null_sd, p_perm,
        p_perm_adj`` (module docstring).

    Raises
    ------
    ValueError
        For an unknown statistic, fewer than 1 shuffle, a unit spanning two
        groups, or any error of the underlying comparison.

    References
    ----------
    .. [1] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should
       never be zero. Statistical Applications in Genetics and Molecular
       Biology, 9(1), 39.
    .. [2] Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin'
       words. Political Analysis, 16(4), 372-403.

    Examples
    --------
    >>> toks = pd.DataFrame({
    ...     "sent_id": ["s1", "s1", "s2", "s2", "s3", "s3", "s4", "s4"],
    ...     "side": ["a", "a", "a", "a", "b", "b", "b", "b"],
    ...     "term": ["cut", "ties", "cut", "now", "keep", "ties", "keep", "talk"],
    ...     "is_punct": False, "is_stop": False})
    >>> out = permutation_test(toks, by="side", group_a="a", group_b="b", n_permutations=99)
    >>> out[["term", "p_perm"]].head(2).values.tolist()
    [['cut', 0.32], ['now', 1.0]]
    """
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {STATISTICS}, got {statistic!r}")
    if isinstance(n_permutations, bool) or not isinstance(n_permutations, (int, np.integer)) or n_permutations < 1:
        raise ValueError(f"n_permutations must be an int >= 1, got {n_permutations!r}")
    if statistic == "fightin_words":
        frame = fightin_words(tokens, by=by, group_a=group_a, group_b=group_b, **options)
        name = "z"
    else:
        frame = keyness_table(tokens, by=by, target=group_a, reference=group_b, **options)
        name = "g2"
    term = options.get("term", "term")
    drops = {k: options.get(k, True) for k in ("drop_punct", "drop_stop")}
    units, terms, X = unit_term_matrix(tokens, unit=unit, by=by, term=term, **drops)
    if statistic == "fightin_words":
        y = pd.Series(np.asarray(X.sum(axis=0)).ravel(), index=terms)
        compared = units["group"].isin([group_a, group_b]).to_numpy()
        alpha = _prior(options.get("prior", "corpus"), options.get("alpha0"), y,
                       n_compared=int(X[compared].sum())).to_numpy(dtype=float)

        def stat(ya, yb):
            return _fightin_z(ya, yb, alpha)
    else:
        form = options.get("form", "4-cell")

        def stat(ya, yb):
            return _signed_g2(ya, yb, form)

    in_ab = units["group"].isin([group_a, group_b]).to_numpy()
    Xab = X[in_ab].astype(float)
    is_a = (units.loc[in_ab, "group"] == group_a).to_numpy()
    total = np.asarray(Xab.sum(axis=0)).ravel()
    observed_a = np.asarray(Xab[is_a].sum(axis=0)).ravel()
    observed = stat(observed_a, total - observed_a)

    rng = np.random.default_rng(random_state)
    exceed = np.zeros(len(terms))
    s1 = np.zeros(len(terms))
    s2 = np.zeros(len(terms))
    tol = 1e-9 * np.maximum(1.0, np.abs(observed))
    done = 0
    while done < n_permutations:
        size = min(chunk_size, n_permutations - done)
        order = np.argsort(rng.random((size, len(is_a))), axis=1)
        G = is_a[order].astype(float)  # size x units: 1 where a shuffle gives the unit label a
        ya = np.asarray(Xab.T @ G.T).T  # size x terms: group-a counts of every shuffle
        null = stat(ya, total - ya)
        exceed += ((np.abs(null) >= np.abs(observed) - tol) | (ya == observed_a)).sum(axis=0)
        s1 += null.sum(axis=0)
        s2 += (null * null).sum(axis=0)
        done += size
    mean = s1 / n_permutations
    sd = np.sqrt(np.maximum(s2 / n_permutations - mean * mean, 0.0))
    per_term = pd.DataFrame({"term": terms, "observed": observed, "null_mean": mean, "null_sd": sd,
                             "p_perm": (1.0 + exceed) / (1.0 + n_permutations)}).set_index("term")
    rows = per_term.loc[frame["term"]]
    if not np.allclose(rows["observed"].to_numpy(), frame[name].to_numpy(), rtol=1e-9, atol=1e-9):
        raise AssertionError("permutation statistic differs from the comparison's own")  # pragma: no cover
    out = frame.copy()
    for column in ("null_mean", "null_sd", "p_perm"):
        out[column] = rows[column].to_numpy()
    out["p_perm_adj"] = adjusted_p(out["p_perm"].to_numpy())
    out.attrs = dict(frame.attrs, n_permutations=int(n_permutations), random_state=random_state, unit=unit)
    return out
