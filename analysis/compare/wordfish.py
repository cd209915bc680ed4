"""Wordfish: unsupervised scaling of texts from their word counts.

Counts are Poisson with :math:`\\log \\lambda_{iw} = \\alpha_i + \\psi_w +
\\beta_w \\theta_i` (Slapin & Proksch 2008), fitted by alternating Newton
steps with the starts, priors and identification of quanteda.textmodels'
``textmodel_wordfish`` (dense, Poisson): ``theta`` has mean 0 and standard
deviation 1, and ``direction`` fixes its sign. Counts frames are those of
:func:`analysis.compare.scaling.term_counts`; the supervised counterpart,
Wordscores, is in :mod:`analysis.compare.scaling`.

Frames
------
:func:`wordfish_positions`: ``doc, theta, se, lower, upper, alpha`` sorted by
``theta`` then ``doc``; :func:`wordfish_terms`: ``term, beta, psi`` sorted
by ``beta`` then ``term``.

References
----------
.. [1] Slapin, J. B. & Proksch, S.-O. (2008). A scaling model for estimating
   time-series party positions from texts. American Journal of Political
   Science, 52(3), 705-722.
.. [2] Benoit, K. et al. quanteda.textmodels (R package):
   ``textmodel_wordfish`` (dense C++ fitter).
.. [3] Lowe, W. & Benoit, K. (2013). Validating estimates of latent traits
   from textual data using human judgment as a benchmark. Political
   Analysis, 21(3), 298-313.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.compare.scaling import _check_counts, _matrix, _z

__all__ = ["wordfish_positions", "wordfish_terms"]


def _newton_rows(Y, offset, x, a, b, prec_a, prec_b, first_step, tol=1e-8, max_steps=10):
    """Newton steps on each row's ``(a, b)`` of ``log lambda = a + offset + b * x``.

    Rows are independent given ``offset`` and ``x``; each row stops once its
    parameters move by at most ``tol``, or after ``max_steps``. The first
    step is scaled by ``first_step``.
    """
    a, b = a.copy(), b.copy()
    active = np.ones(len(a), dtype=bool)
    step = first_step
    for _ in range(max_steps):
        if not active.any():
            break
        lam = np.exp(a[active, None] + offset[None, :] + b[active, None] * x[None, :])
        resid = Y[active] - lam
        g0 = resid.sum(axis=1) - prec_a * a[active]
        g1 = resid @ x - prec_b * b[active]
        h00 = -lam.sum(axis=1) - prec_a
        h01 = -(lam @ x)
        h11 = -(lam @ (x * x)) - prec_b
        det = h00 * h11 - h01 * h01
        da = step * (h11 * g0 - h01 * g1) / det
        db = step * (h00 * g1 - h01 * g0) / det
        a[active] -= da
        b[active] -= db
        idx = np.flatnonzero(active)
        active[idx[np.maximum(np.abs(da), np.abs(db)) <= tol]] = False
        step = 1.0
    return a, b


def _log_posterior(Y, alpha, psi, beta, theta, prec) -> float:
    eta = alpha[:, None] + psi[None, :] + np.outer(theta, beta)
    penalty = sum(0.5 * p * np.sum(v * v) for p, v in zip(prec, (alpha, psi, beta, theta)) if p > 0)
    return float(np.sum(eta * Y - np.exp(eta)) - penalty)


def _fit_wordfish(counts, direction, priors, tol, max_iter):
    counts = _check_counts(counts)
    docs, terms, Y = _matrix(counts)
    if not (isinstance(direction, (tuple, list)) and len(direction) == 2 and direction[0] != direction[1]):
        raise ValueError(f"direction must be two different doc ids (low, high), got {direction!r}")
    absent = [str(d) for d in direction if d not in docs]
    if absent:
        raise ValueError(f"direction doc(s) without counts: {', '.join(absent)}")
    if len(docs) < 3 or len(terms) < 2:
        raise ValueError(f"wordfish needs at least 3 texts and 2 terms, got {len(docs)} and {len(terms)}")
    if len(priors) != 4 or not all(p > 0 for p in priors):
        raise ValueError(f"priors must be four positive prior SDs (alpha, psi, beta, theta), got {priors!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        raise ValueError(f"max_iter must be an int >= 1, got {max_iter!r}")
    prec = tuple(1.0 / float(p) ** 2 for p in priors)
    N = Y.shape[0]
    r, c = Y.sum(axis=1), Y.sum(axis=0)
    expected = np.outer(r, c) / r.sum()
    U, _, _ = np.linalg.svd((Y - expected) / np.sqrt(expected), full_matrices=False)
    theta = U[:, 0] / np.sqrt(r / r.sum())
    theta = (theta - theta.mean()) / theta.std(ddof=1)
    alpha = np.log(r) - np.log(r.mean())
    psi = np.log(c / N)
    beta = np.full(len(terms), -0.5)
    lp, last, it = _log_posterior(Y, alpha, psi, beta, theta, prec), -np.inf, 0
    while lp - last > tol and it < max_iter:
        it += 1
        first = 0.5 if it == 1 else 1.0
        psi, beta = _newton_rows(Y.T, alpha, theta, psi, beta, prec[1], prec[2], first)
        alpha, theta = _newton_rows(Y, psi, beta, alpha, theta, prec[0], prec[3], first)
        alpha = alpha - alpha.mean()
        theta = (theta - theta.mean()) / theta.std(ddof=1)
        last, lp = lp, _log_posterior(Y, alpha, psi, beta, theta, prec)
    if theta[docs.index(direction[0])] > theta[docs.index(direction[1])]:
        theta, beta = -theta, -beta
    lam = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
    h00 = -lam.sum(axis=1) - prec[0]
    h01 = -(lam @ beta)
    h11 = -(lam @ (beta * beta)) - prec[3]
    se = np.sqrt(-h00 / (h00 * h11 - h01 * h01))
    return docs, terms, alpha, psi, beta, theta, se


_WORDFISH_PARAMETERS = """
    Parameters
    ----------
    counts : pandas.DataFrame
        Counts frame (``doc, term, n``) of at least three texts.
    direction : tuple of two doc ids
        ``(low, high)``: the sign of ``theta`` is set so that
        ``theta[low] < theta[high]``, e.g. ``("madrid-latimes", "amiri-cpdblog")``.
    priors : tuple of 4 floats, default=(inf, inf, 3, 1)
        Prior standard deviations of ``alpha, psi, beta, theta`` (normal,
        mean 0; ``inf`` is flat), quanteda's defaults after Slapin & Proksch's
        own code (a prior of SD 3 on ``beta`` regularises rare words).
    tol : float, default=1e-6
        Stop when an outer iteration raises the log posterior by less.
    max_iter : int, default=100
        Most outer iterations (one pass over word then text parameters).
"""


def wordfish_positions(
    counts: pd.DataFrame, *, direction: tuple, priors: tuple = (math.inf, math.inf, 3.0, 1.0),
    tol: float = 1e-6, max_iter: int = 100, level: float = 0.95,
) -> pd.DataFrame:
    """Return the Wordfish position ``theta`` of every text, with its standard error.

    Fits :math:`y_{iw} \\sim \\text{Poisson}(\\exp(\\alpha_i + \\psi_w + \\beta_w\\theta_i))`
    by conditional maximisation: starts from the first left singular vector
    of the standardised residuals :math:`(y - E)/\\sqrt{E}` (scaled by
    :math:`(r_i/\\sum r)^{-1/2}`), ``alpha = log(r_i / mean r)``, ``psi =
    log(c_w / N)``, ``beta = -0.5``; then alternates one Newton solve per
    word (``psi, beta``) and per text (``alpha, theta``), the very first
    step halved, re-centring ``alpha`` and standardising ``theta`` (mean 0,
    sample SD 1) after each pass. Deterministic: no random starts.
    {params}    level : float, default=0.95
        Coverage of the normal interval ``lower, upper``.

    Returns
    -------
    pandas.DataFrame
        ``doc, theta, se, lower, upper, alpha`` sorted by ``theta`` then
        ``doc``; ``se`` from the inverse of the (alpha_i, theta_i) block of
        the negative Hessian of the log posterior at the estimate (word
        parameters held fixed, as quanteda). Index 0..n-1.

    Raises
    ------
    TypeError, ValueError
        On a malformed counts frame or arguments.

    References
    ----------
    .. [1] Slapin, J. B. & Proksch, S.-O. (2008). A scaling model for
       estimating time-series party positions from texts. American Journal
       of Political Science, 52(3), 705-722.
    .. [2] Lowe, W. & Benoit, K. (2013). Validating estimates of latent
       traits from textual data using human judgment as a benchmark.
       Political Analysis, 21(3), 298-313.
    .. [3] quanteda.textmodels: ``textmodel_wordfish`` (dense Poisson fitter,
       ``src/wordfish_dense.cpp``), whose starts and updates this follows.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc": list("aaabbbccc"), "term": list("xyzxyzxyz"),
    ...                        "n": [9, 3, 1, 4, 4, 4, 1, 3, 9]})
    >>> wordfish_positions(counts, direction=("a", "c"))["doc"].tolist()
    ['a', 'b', 'c']
    """
    z = _z(level)
    docs, _, alpha, _, _, theta, se = _fit_wordfish(counts, direction, priors, tol, max_iter)
    out = pd.DataFrame({"doc": docs, "theta": theta, "se": se, "lower": theta - z * se, "upper": theta + z * se,
                        "alpha": alpha})
    return out.sort_values(["theta", "doc"], kind="stable").reset_index(drop=True)


def wordfish_terms(
    counts: pd.DataFrame, *, direction: tuple, priors: tuple = (math.inf, math.inf, 3.0, 1.0),
    tol: float = 1e-6, max_iter: int = 100,
) -> pd.DataFrame:
    """Return the Wordfish word parameters: ``beta`` (discrimination) and ``psi`` (frequency).

    Same fit as :func:`wordfish_positions` (same arguments give the same
    model); a word with ``beta > 0`` is used more by texts with high ``theta``.
    {params}
    Returns
    -------
    pandas.DataFrame
        ``term, beta, psi`` sorted by ``beta`` then ``term``; index 0..n-1.

    References
    ----------
    .. [1] Slapin, J. B. & Proksch, S.-O. (2008). American Journal of
       Political Science, 52(3), 705-722.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc": list("aaabbbccc"), "term": list("xyzxyzxyz"),
    ...                        "n": [9, 3, 1, 4, 4, 4, 1, 3, 9]})
    >>> wordfish_terms(counts, direction=("a", "c"))["term"].tolist()
    ['x', 'y', 'z']
    """
    _, terms, _, psi, beta, _, _ = _fit_wordfish(counts, direction, priors, tol, max_iter)
    out = pd.DataFrame({"term": terms, "beta": beta, "psi": psi})
    return out.sort_values(["beta", "term"], kind="stable").reset_index(drop=True)


wordfish_positions.__doc__ = wordfish_positions.__doc__.replace("{params}", _WORDFISH_PARAMETERS)
wordfish_terms.__doc__ = wordfish_terms.__doc__.replace("{params}", _WORDFISH_PARAMETERS)
