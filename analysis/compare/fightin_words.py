"""Fightin' words: log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008, eqs. 16-22) compare the word use of two
groups with a multinomial model and a Dirichlet prior
``alpha_w`` on the word probabilities. With ``y_w^i`` the count of word ``w``
in group ``i``, ``n^i`` the number of tokens of group ``i`` and
``alpha_0 = sum_w alpha_w``, the posterior log-odds ratio of ``w`` between
groups ``a`` and ``b`` is::

    delta_w = log((y_w^a + alpha_w) / (n^a + alpha_0 - y_w^a - alpha_w))
            - log((y_w^b + alpha_w) / (n^b + alpha_0 - y_w^b - alpha_w))

its approximate variance is::

    var_w = 1 / (y_w^a + alpha_w) + 1 / (y_w^b + alpha_w)

and the z-score ``z_w = delta_w / sqrt(var_w)`` ranks the words:
positive for words group ``a`` uses more, negative for group ``b``. The
prior shrinks the difference of rare words towards zero, so unlike raw
log-odds the top of the list is not filled with words seen once.

Priors
------
``"corpus"`` (default, the informative prior)
    ``alpha_w = alpha_0 * y_w / n``, with ``y_w`` and ``n`` counted over the
    *whole* frame (every group, not only ``a`` and ``b``). With
    ``alpha0=None`` (default) ``alpha_0`` is one tenth of the tokens
    compared (``0.1 * (n^a + n^b)``, :data:`DEFAULT_PRIOR_SHARE`).

    Why: Monroe et al. scale the informative prior so that its total mass
    ``alpha_0`` is small against the counts compared; it then shrinks the
    log-odds of rare words (a word seen once or twice stays near 0) while
    frequent words are judged by their own counts, and ``z`` is close to
    standard normal under the null. A prior as heavy as the corpus
    (``alpha_w = y_w``, the empirical-Bayes choice of R's tidylo, this
    module's former default) outweighs the data on a small corpus: on the
    sample (699 content tokens in ENGAGE and DISENGAGE sentences against
    ``alpha_0 = 1,023``) the spread of ``z`` over shuffles of the stance
    labels was about 0.5, so no word could ever pass +-1.96. At one tenth it
    is about 0.8 for words seen at least three times (the rest of the gap is
    the discreteness of small counts), and 0.90 on a larger simulated corpus
    of exchangeable sentences (0.57 there with the former default;
    ``tests/test_permutation.py``). Check significance with
    :func:`analysis.compare.permutation.permutation_test`, which does not
    rely on the normal approximation at all.
``"uniform"`` (uninformative)
    The same ``alpha_w`` for every word of the vocabulary: ``alpha0 / V``,
    or 0.01 per word with ``alpha0=None`` (the default of Hessel's and
    scattertext's implementations).
a :class:`pandas.Series`
    ``alpha_w`` given per term (index: term), covering every counted term.

Fightin'-words frame
--------------------
One row per term used by ``a`` or ``b``, sorted by ``z`` descending, ties by
``term``: ``term, n_a, n_b, n_total, alpha, delta, var, z`` where ``n_total``
counts the term over the whole frame (the basis of the corpus prior) and
``alpha`` is ``alpha_w``. ``frame.attrs`` records ``by``, ``group_a`` and
``group_b`` for :func:`analysis.plots.keyness.plot_fightin_words`,
``n_compared`` (counted tokens of ``a`` and ``b``, every term) and
``alpha0`` (the prior's total mass).

References
----------
.. [1] Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
   Lexical feature selection and evaluation for identifying the content of
   political conflict. Political Analysis, 16(4), 372-403.
   doi:10.1093/pan/mpn018
.. [2] Hessel, J. (2016). FightingWords (Python implementation),
   https://github.com/jmhessel/FightingWords; packaged by Wigderowitz, P.
   (2019), https://github.com/Wigder/fightin_words (worked examples used in
   the tests).
.. [3] Schnoebelen, T., Silge, J. & Hayes, A. (2022). tidylo: Weighted tidy
   log odds ratio, R package 0.2.0 (empirical-Bayes prior).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare.keyness import _check_group, _term_counts

__all__ = ["DEFAULT_PRIOR_SHARE", "PRIORS", "fightin_words", "log_odds"]

#: Named priors; a pandas Series of per-term ``alpha_w`` is also accepted.
PRIORS = ("corpus", "uniform")

_UNIFORM_ALPHA = 0.01

#: With ``prior="corpus"`` and ``alpha0=None``: ``alpha_0`` as a share of the
#: tokens compared (see the module docstring for why).
DEFAULT_PRIOR_SHARE = 0.1


def _prior(prior, alpha0, y: pd.Series, *, n_compared: int) -> pd.Series:
    """``alpha_w`` for every term of ``y`` (counts over the whole frame); ``n_compared`` tokens in a and b."""
    if alpha0 is not None:
        if isinstance(alpha0, bool) or not isinstance(alpha0, (int, float, np.integer, np.floating)):
            raise TypeError(f"alpha0 must be a number or None, got {type(alpha0).__name__}")
        if not np.isfinite(alpha0) or alpha0 <= 0:
            raise ValueError(f"alpha0 must be positive, got {alpha0!r}")
    if isinstance(prior, pd.Series):
        if alpha0 is not None:
            raise ValueError("alpha0 must be None when prior is a Series of alpha_w")
        missing = sorted(set(y.index) - set(prior.index.astype(str)))
        if missing:
            raise ValueError(f"prior lacks alpha_w for {len(missing)} term(s), e.g. {missing[:5]}")
        alpha = pd.Series(prior.to_numpy(dtype=float), index=prior.index.astype(str)).reindex(y.index)
        if np.any(~np.isfinite(alpha) | (alpha <= 0)):
            raise ValueError("prior alpha_w must be positive and finite")
        return alpha
    if prior == "corpus":
        n = y.sum()
        return (DEFAULT_PRIOR_SHARE * n_compared if alpha0 is None else float(alpha0)) * y / n
    if prior == "uniform":
        per_word = _UNIFORM_ALPHA if alpha0 is None else float(alpha0) / len(y)
        return pd.Series(per_word, index=y.index, dtype=float)
    raise ValueError(f"prior must be one of {PRIORS} or a pandas Series, got {prior!r}")


def log_odds(ya, yb, alpha) -> tuple[np.ndarray, np.ndarray]:
    """Return Monroe et al.'s ``delta_w`` and ``var_w`` (eqs. 16-20) for counts on the last axis.

    ``ya`` and ``yb`` may be 2-D (one row per relabelling of the same texts, as
    :mod:`analysis.compare.permutation` uses them); ``n^a``, ``n^b`` are their
    sums over the last axis and ``alpha_0 = sum(alpha)``.

    Examples
    --------
    >>> delta, var = log_odds(np.array([2.0, 0.0]), np.array([0.0, 2.0]), np.array([1.0, 1.0]))
    >>> delta.round(3).tolist(), var.round(3).tolist()
    ([2.197, -2.197], [1.333, 1.333])
    """
    a0 = np.sum(alpha)
    na = np.sum(ya, axis=-1, keepdims=True)
    nb = np.sum(yb, axis=-1, keepdims=True)
    delta = np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log((yb + alpha) / (nb + a0 - yb - alpha))
    var = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
    return delta, var


def fightin_words(
    tokens: pd.DataFrame,
    *,
    by: str,
    group_a,
    group_b,
    term: str = "term",
    prior="corpus",
    alpha0: float | None = None,
    min_count: int = 1,
    drop_punct: bool = True,
    drop_stop: bool = True,
) -> pd.DataFrame:
    """Return Monroe et al.'s z-scores of the words that separate two groups.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens frame (see :mod:`analysis.tokens`) with a group column ``by``
        added by the caller. Rows with a missing group are ignored; all other
        groups feed the corpus prior.
    by : str
        Column holding the group label, e.g. ``"stance"`` or ``"author"``.
    group_a, group_b : object
        The two groups compared; positive ``z`` means more used by
        ``group_a``.
    term : {"term", "stem"}, default="term"
        Column counted.
    prior : {"corpus", "uniform"} or pandas.Series, default="corpus"
        Dirichlet prior (see the module docstring).
    alpha0 : float, optional
        Total prior weight ``alpha_0``; ``None`` means one tenth of the
        tokens compared (``a`` and ``b``) for ``"corpus"`` and 0.01 per word
        for ``"uniform"``. Must be ``None`` when ``prior`` is a Series.
    min_count : int, default=1
        Keep terms seen at least this often in ``a`` and ``b`` together (the
        statistics do not change; the prior already tames rare words).
    drop_punct, drop_stop : bool, default=True
        Leave out punctuation tokens and stop words before counting.

    Returns
    -------
    pandas.DataFrame
        ``term, n_a, n_b, n_total, alpha, delta, var, z``, sorted by ``z``
        descending, ties by ``term``; index 0..n-1. ``attrs`` holds ``by``,
        ``group_a``, ``group_b``, ``n_compared`` and ``alpha0``.

    Raises
    ------
    ValueError
        If a group does not occur in ``tokens[by]``, the groups are equal, a
        column is missing, or the prior or ``alpha0`` is invalid.
    TypeError
        If ``tokens`` is not a DataFrame or ``alpha0`` not a number.

    References
    ----------
    .. [1] Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin'
       words: Lexical feature selection and evaluation for identifying the
       content of political conflict. Political Analysis, 16(4), 372-403,
       eqs. 16-22.

    Examples
    --------
    >>> import pandas as pd
    >>> toks = pd.DataFrame({
    ...     "side": ["a"] * 4 + ["b"] * 4,
    ...     "term": ["cut", "cut", "ties", "now", "keep", "ties", "ties", "talk"],
    ...     "is_punct": False, "is_stop": False})
    >>> fw = fightin_words(toks, by="side", group_a="a", group_b="b")
    >>> fw[["term", "n_a", "n_b", "z"]].round(3).values.tolist()
    [['cut', 2, 0, 1.271], ['now', 1, 0, 0.798], ['keep', 0, 1, -0.798], ['talk', 0, 1, -0.798], ['ties', 1, 2, -0.827]]
    """
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 0:
        raise ValueError(f"min_count must be a non-negative int, got {min_count!r}")
    counts = _term_counts(tokens, by=by, term=term, drop_punct=drop_punct, drop_stop=drop_stop)
    _check_group(tokens, counts, by, group_a, "group_a")
    _check_group(tokens, counts, by, group_b, "group_b")
    if group_a == group_b:
        raise ValueError(f"group_a and group_b must differ, both are {group_a!r}")

    y = counts.sum(axis=1)
    n_compared = int(counts[[group_a, group_b]].to_numpy().sum())
    alpha = _prior(prior, alpha0, y, n_compared=n_compared).to_numpy(dtype=float)
    ya = counts[group_a].to_numpy(dtype=float)
    yb = counts[group_b].to_numpy(dtype=float)
    delta, var = log_odds(ya, yb, alpha)

    keep = (ya + yb >= min_count) & (ya + yb > 0)
    frame = pd.DataFrame(
        {
            "term": counts.index[keep].astype(str),
            "n_a": ya[keep].astype("int64"),
            "n_b": yb[keep].astype("int64"),
            "n_total": y.to_numpy()[keep].astype("int64"),
            "alpha": alpha[keep],
            "delta": delta[keep],
            "var": var[keep],
            "z": delta[keep] / np.sqrt(var[keep]),
        }
    )
    frame = frame.sort_values(["z", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame.attrs = {"by": by, "group_a": group_a, "group_b": group_b, "n_compared": n_compared,
                   "alpha0": float(alpha.sum())}
    return frame
