"""Keyness: which terms one group uses more often than another.

Each term is scored on the 2x2 table of counts (term, all other terms) x
(target, reference): Dunning's log-likelihood G2, signed, with a p-value from
the chi-square distribution with one degree of freedom and a multiple-testing
correction, and Hardie's Log Ratio as the effect size.

Notation (Rayson & Garside 2000): ``a`` and ``b`` are the term's counts in the
target and the reference, ``c`` and ``d`` the numbers of tokens counted in
each (all terms, before the ``min_count`` filter).

Two forms of G2 are offered:

``"4-cell"`` (default)
    The G-test of the full 2x2 table [[a, b], [c - a, d - b]], i.e.
    ``2 * sum(O * ln(O / E))`` over the four cells; the same number as
    ``scipy.stats.chi2_contingency(table, correction=False,
    lambda_="log-likelihood")``, and as quanteda's ``textstat_keyness(measure =
    "lr", correction = "none")``.
``"2-cell"``
    The form of the Lancaster UCREL log-likelihood calculator (Rayson &
    Garside 2000), which sums over the term's two cells only:
    ``E1 = c(a + b)/(c + d)``, ``E2 = d(a + b)/(c + d)``,
    ``G2 = 2(a ln(a/E1) + b ln(b/E2))``. It is close to the 4-cell value when
    the term is rare.

By default punctuation and stop words are dropped (``drop_punct=True``,
``drop_stop=True``): in a corpus of a few op-eds the function words otherwise
fill the top of both lists. Pass ``drop_stop=False`` to study pronouns and
negation ("we", "our", "not"), which the stop list removes.

Keyness frame
-------------
One row per term, sorted by ``g2`` descending, ties by ``term``:

===============  ============================================================
``term``         the counted form (``term`` or ``stem`` of the tokens frame)
``n_target``     ``a``: count in the target group (int)
``n_reference``  ``b``: count in the reference group(s) (int)
``g2``           G2, positive when the term is relatively more frequent in
                 the target, negative when more frequent in the reference
``log_ratio``    Hardie's Log Ratio, ``log2((a/c) / (b/d))``, a zero count
                 taken as 0.5
``p``            ``P(chi2(1) > |g2|)``
``p_adj``        ``p`` corrected over the rows returned (absent when
                 ``correction=None``)
===============  ============================================================

``frame.attrs`` records ``by``, ``target`` and ``reference`` (the list of
reference groups) for :func:`analysis.plots.keyness.plot_keyness`.

References
----------
.. [1] Dunning, T. (1993). Accurate methods for the statistics of surprise
   and coincidence. Computational Linguistics, 19(1), 61-74.
.. [2] Rayson, P. & Garside, R. (2000). Comparing corpora using frequency
   profiling. Proceedings of the Workshop on Comparing Corpora (ACL 2000),
   1-6. Formula as in the UCREL log-likelihood calculator,
   https://ucrel.lancs.ac.uk/llwizard.html
.. [3] Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre
   for Corpus Approaches to Social Science (CASS), Lancaster University.
.. [4] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery
   rate: a practical and powerful approach to multiple testing. Journal of
   the Royal Statistical Society B, 57(1), 289-300.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import chi2, false_discovery_control

from analysis.counts import counted_mask

__all__ = ["FORMS", "CORRECTIONS", "g2", "log_ratio", "adjusted_p", "keyness_table"]

#: The two forms of the log-likelihood statistic.
FORMS = ("4-cell", "2-cell")

#: Multiple-testing corrections accepted by :func:`adjusted_p`.
CORRECTIONS = ("bh", "bonferroni")


def _term_counts(
    tokens: pd.DataFrame, *, by: str, term: str, drop_punct: bool, drop_stop: bool
) -> pd.DataFrame:
    """Counts of ``term`` (rows, sorted) by group of ``by`` (columns, sorted).

    Rows with a missing group or term are left out. Shared with
    :mod:`analysis.compare.fightin_words`.
    """
    keep = counted_mask(tokens, by=by, term=term, drop_punct=drop_punct, drop_stop=drop_stop)
    rows = pd.DataFrame({"group": tokens.loc[keep, by], "term": tokens.loc[keep, term].astype(str)})
    counts = rows.groupby(["term", "group"]).size().unstack("group", fill_value=0)
    return counts.sort_index(axis=0).sort_index(axis=1).astype("int64")


def _check_group(tokens: pd.DataFrame, counts: pd.DataFrame, by: str, group, name: str) -> None:
    if group not in set(tokens[by].dropna()):
        found = ", ".join(map(repr, sorted(map(str, set(tokens[by].dropna())))))
        raise ValueError(f"{name} {group!r} does not occur in column {by!r} (found: {found})")
    if group not in counts.columns:
        raise ValueError(f"{name} {group!r} has no tokens left after dropping punctuation/stop words")


def _arrays(*values) -> list[np.ndarray]:
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in values))
    if any(np.any(~np.isfinite(x) | (x < 0)) for x in arrays):
        raise ValueError("counts must be finite and non-negative")
    return [np.array(x, dtype=float) for x in arrays]


def g2(a, b, c, d, *, form: str = "4-cell") -> np.ndarray:
    """Return Dunning's log-likelihood G2 (unsigned) of each term.

    Parameters
    ----------
    a, b : array_like
        The term's counts in the target and the reference.
    c, d : array_like
        Numbers of tokens in the target and the reference (``c >= a``,
        ``d >= b``, both positive). All four broadcast together.
    form : {"4-cell", "2-cell"}, default="4-cell"
        ``"4-cell"``: G-test over the full 2x2 table; ``"2-cell"``: the UCREL
        calculator's sum over the term's two cells (see the module docstring).

    Returns
    -------
    numpy.ndarray
        G2 >= 0, one value per term (a 0-d array for scalar input).

    Raises
    ------
    ValueError
        For an unknown ``form``, negative counts, ``a > c``, ``b > d`` or an
        empty corpus.

    References
    ----------
    .. [1] Dunning, T. (1993). Accurate methods for the statistics of
       surprise and coincidence. Computational Linguistics, 19(1), 61-74.
    .. [2] Rayson, P. & Garside, R. (2000). Comparing corpora using frequency
       profiling. Workshop on Comparing Corpora, ACL 2000, 1-6.

    Examples
    --------
    The UCREL calculator's form for a=10, b=20, c=1000, d=5000 (E1 = 5,
    E2 = 25):

    >>> round(float(g2(10, 20, 1000, 5000, form="2-cell")), 4)
    4.9372
    >>> round(float(g2(10, 20, 1000, 5000)), 4)
    4.9674
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}")
    a, b, c, d = _arrays(a, b, c, d)
    if np.any(a > c) or np.any(b > d):
        raise ValueError("a term cannot occur more often than its corpus has tokens (a <= c, b <= d)")
    if np.any(c <= 0) or np.any(d <= 0):
        raise ValueError("both corpora must have tokens (c > 0, d > 0)")
    n = c + d
    if form == "2-cell":
        observed = [a, b]
        expected = [c * (a + b) / n, d * (a + b) / n]
    else:
        rest = n - a - b
        observed = [a, b, c - a, d - b]
        expected = [c * (a + b) / n, d * (a + b) / n, c * rest / n, d * rest / n]
    total = np.zeros_like(a)
    for o, e in zip(observed, expected):
        ratio = np.divide(o, e, out=np.ones_like(o), where=o > 0)
        total += o * np.log(ratio)
    return np.maximum(2.0 * total, 0.0)


def log_ratio(a, b, c, d) -> np.ndarray:
    """Return Hardie's Log Ratio, ``log2((a/c) / (b/d))``, of each term.

    A zero count (``a`` or ``b``) is replaced by 0.5 so that the ratio stays
    finite, as Hardie (2014) recommends. 0 means equal relative frequencies,
    1 twice as frequent in the target, -1 half as frequent.

    Parameters
    ----------
    a, b : array_like
        The term's counts in the target and the reference.
    c, d : array_like
        Numbers of tokens in the target and the reference (positive).

    Returns
    -------
    numpy.ndarray
        Binary log of the ratio of relative frequencies.

    References
    ----------
    .. [1] Hardie, A. (2014). Log Ratio: an informal introduction. ESRC
       Centre for Corpus Approaches to Social Science (CASS).

    Examples
    --------
    >>> float(log_ratio(10, 20, 1000, 1000))
    -1.0
    >>> float(log_ratio(0, 1, 100, 100))
    -1.0
    """
    a, b, c, d = _arrays(a, b, c, d)
    if np.any(c <= 0) or np.any(d <= 0):
        raise ValueError("both corpora must have tokens (c > 0, d > 0)")
    a = np.where(a == 0, 0.5, a)
    b = np.where(b == 0, 0.5, b)
    return np.log2((a / c) / (b / d))


def adjusted_p(p, *, method: str = "bh") -> np.ndarray:
    """Return p-values corrected for testing many terms at once.

    Parameters
    ----------
    p : array_like
        One-dimensional p-values in [0, 1].
    method : {"bh", "bonferroni"}, default="bh"
        ``"bh"``: Benjamini-Hochberg step-up adjustment (controls the false
        discovery rate), ``min over k >= i of m p_(k) / k`` for the i-th
        smallest of m p-values; ``"bonferroni"``: ``m p`` (controls the
        family-wise error rate). Both are capped at 1. BH is
        ``scipy.stats.false_discovery_control(p, method="bh")``.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order.

    Raises
    ------
    ValueError
        For an unknown method, or p-values outside [0, 1] or missing.

    References
    ----------
    .. [1] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false
       discovery rate. Journal of the Royal Statistical Society B, 57(1),
       289-300.
    .. [2] Dunn, O. J. (1961). Multiple comparisons among means. Journal of
       the American Statistical Association, 56(293), 52-64.

    Examples
    --------
    >>> adjusted_p([0.01, 0.04, 0.03, 0.005]).round(3).tolist()
    [0.02, 0.04, 0.04, 0.02]
    >>> adjusted_p([0.01, 0.04, 0.3], method="bonferroni").round(3).tolist()
    [0.03, 0.12, 0.9]
    """
    if method not in CORRECTIONS:
        raise ValueError(f"method must be one of {CORRECTIONS}, got {method!r}")
    p = np.asarray(p, dtype=float)
    if p.ndim != 1:
        raise ValueError(f"p must be one-dimensional, got shape {p.shape}")
    if np.any(np.isnan(p) | (p < 0) | (p > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    if p.size == 0:
        return p.copy()
    if method == "bonferroni":
        return np.minimum(p * p.size, 1.0)
    return false_discovery_control(p, method="bh")


def keyness_table(
    tokens: pd.DataFrame,
    *,
    by: str,
    target,
    reference=None,
    term: str = "term",
    min_count: int = 5,
    form: str = "4-cell",
    correction: str | None = "bh",
    drop_punct: bool = True,
    drop_stop: bool = True,
) -> pd.DataFrame:
    """Score how much more often each term occurs in one group than in another.

    Per term, builds the 2x2 table (term, other terms) x (target, reference)
    and returns Dunning's G2, signed positive when the term is relatively more
    frequent in the target, its chi-square p-value (1 df), a corrected p-value
    and Hardie's Log Ratio (see the module docstring for the formulas).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame (see :mod:`analysis.tokens`) with a group column ``by``
        added by the caller, e.g. ``stance`` merged by ``sent_id`` or
        ``author`` merged by ``doc_id``. Rows with a missing group are ignored.
    by : str
        Column holding the group label.
    target : object
        The group whose key terms are sought, e.g. ``"DISENGAGE"``.
    reference : object or sequence, optional
        The group (or list of groups) to compare with; ``None`` (default)
        pools all groups other than ``target``.
    term : {"term", "stem"}, default="term"
        Column counted: the lower-cased word or its Porter stem (any column
        of strings will do).
    min_count : int, default=5
        Keep terms seen at least this often in target and reference together.
        Corpus sizes ``c`` and ``d`` always count every term.
    form : {"4-cell", "2-cell"}, default="4-cell"
        Which G2 (see :func:`g2`).
    correction : {"bh", "bonferroni"} or None, default="bh"
        Multiple-testing correction over the rows returned (see
        :func:`adjusted_p`); ``None`` leaves out ``p_adj``.
    drop_punct, drop_stop : bool, default=True
        Leave out punctuation tokens (``is_punct``) and stop words
        (``is_stop``) before counting; they then count in neither ``c`` nor
        ``d``.

    Returns
    -------
    pandas.DataFrame
        ``term, n_target, n_reference, g2, log_ratio, p, p_adj``, one row per
        term, sorted by ``g2`` descending, ties by ``term``; index 0..n-1.
        ``attrs`` holds ``by``, ``target`` and ``reference`` (list).

    Raises
    ------
    ValueError
        If ``target`` or a reference group does not occur in ``tokens[by]``,
        the target is also a reference, the reference is empty, a needed
        column is missing, or an option is unknown.
    TypeError
        If ``tokens`` is not a DataFrame.

    References
    ----------
    .. [1] Dunning, T. (1993). Accurate methods for the statistics of
       surprise and coincidence. Computational Linguistics, 19(1), 61-74.
    .. [2] Rayson, P. & Garside, R. (2000). Comparing corpora using frequency
       profiling. Workshop on Comparing Corpora, ACL 2000, 1-6.
    .. [3] Hardie, A. (2014). Log Ratio: an informal introduction. CASS,
       Lancaster University.
    .. [4] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false
       discovery rate. JRSS B, 57(1), 289-300.

    Examples
    --------
    >>> import pandas as pd
    >>> toks = pd.DataFrame({
    ...     "stance": ["DISENGAGE"] * 4 + ["ENGAGE"] * 4,
    ...     "term": ["cut", "cut", "ties", "now", "keep", "ties", "ties", "talk"],
    ...     "is_punct": False, "is_stop": False})
    >>> key = keyness_table(toks, by="stance", target="DISENGAGE", min_count=2)
    >>> key[["term", "n_target", "n_reference"]].values.tolist()
    [['cut', 2, 0], ['ties', 1, 2]]
    >>> key["g2"].round(3).tolist()
    [3.452, -0.541]
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}")
    if correction is not None and correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {CORRECTIONS} or None, got {correction!r}")
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 0:
        raise ValueError(f"min_count must be a non-negative int, got {min_count!r}")
    counts = _term_counts(tokens, by=by, term=term, drop_punct=drop_punct, drop_stop=drop_stop)
    _check_group(tokens, counts, by, target, "target")
    if reference is None:
        refs = [g for g in counts.columns if g != target]
    else:
        is_many = isinstance(reference, Sequence) and not isinstance(reference, str)
        refs = list(dict.fromkeys(reference)) if is_many else [reference]
        if target in refs:
            raise ValueError(f"target {target!r} cannot also be a reference group")
        for group in refs:
            _check_group(tokens, counts, by, group, "reference group")
    if not refs:
        raise ValueError(f"no reference: column {by!r} has no group other than {target!r} with tokens")

    a = counts[target].to_numpy()
    b = counts[refs].sum(axis=1).to_numpy()
    c, d = a.sum(), b.sum()
    keep = (a + b >= min_count) & (a + b > 0)
    a, b = a[keep], b[keep]
    stat = g2(a, b, c, d, form=form)
    signed = np.where(a * d >= b * c, stat, -stat)
    frame = pd.DataFrame(
        {
            "term": counts.index[keep].astype(str),
            "n_target": a.astype("int64"),
            "n_reference": b.astype("int64"),
            "g2": signed,
            "log_ratio": log_ratio(a, b, c, d),
            "p": chi2.sf(stat, df=1),
        }
    )
    if correction is not None:
        frame["p_adj"] = adjusted_p(frame["p"].to_numpy(), method=correction)
    frame = frame.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame.attrs = {"by": by, "target": target, "reference": refs}
    return frame
