"""Wordfish: unsupervised scaling of texts from their word counts.

Counts are Poisson with :math:`\\log \\lambda_{iw} = \\alpha_i + \\psi_w +
\\beta_w \\theta_i` (Slapin & Proksch 2008), with normal priors on the
parameters and the identification of quanteda.textmodels'
``textmodel_wordfish``: ``theta`` has mean 0 and (sample) standard deviation
1, ``alpha`` mean 0, and ``direction`` fixes the sign of ``theta``. Counts
frames are those of :func:`analysis.compare.scaling.term_counts`; the
supervised counterpart, Wordscores, is in :mod:`analysis.compare.scaling`.

Fitting
-------
:class:`Wordfish` first runs quanteda's alternating conditional Newton steps
(its starts and updates, ``method="quanteda"``). Those steps re-standardise
``theta`` after every pass without compensating the word parameters, so they
are not an ascent method: quanteda stops when the log posterior *falls*,
which is not convergence (on the LBG example the log posterior is still 10
below its maximum; on the sample corpus the news report moves from -0.10 to
+0.65 when one goes on). With ``method="maximise"`` (default) the fit then
maximises the log posterior under the identification constraints by
quasi-Newton steps (scipy's L-BFGS-B, analytic gradient, ``theta`` written
as a standardised free vector, variables scaled by the diagonal of the
Hessian) until one step changes *both* the log posterior
and every (identified) parameter by less than ``tol``. ``converged_`` says whether that happened within
``max_iter`` steps; if not, a :class:`sklearn.exceptions.ConvergenceWarning`
is raised.

Frames
------
:meth:`Wordfish.positions` / :func:`wordfish_positions`: ``doc, theta, se,
lower, upper, alpha`` sorted by ``theta`` then ``doc``;
:meth:`Wordfish.terms` / :func:`wordfish_terms`: ``term, beta, psi`` sorted
by ``beta`` then ``term``.

References
----------
.. [1] Slapin, J. B. & Proksch, S.-O. (2008). A scaling model for estimating
   time-series party positions from texts. American Journal of Political
   Science, 52(3), 705-722.
.. [2] Benoit, K. et al. quanteda.textmodels (R package):
   ``textmodel_wordfish`` (dense C++ fitter).
.. [3] Byrd, R. H., Lu, P., Nocedal, J. & Zhu, C. (1995). A limited memory
   algorithm for bound constrained optimization. SIAM Journal on Scientific
   Computing, 16(5), 1190-1208 (L-BFGS-B, via scipy.optimize).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.exceptions import ConvergenceWarning

from analysis.compare.scaling import _check_counts, _matrix, _z

__all__ = ["METHODS", "Wordfish", "wordfish_positions", "wordfish_terms"]

#: Fitting methods of :class:`Wordfish`.
METHODS = ("maximise", "quanteda")


def _newton_rows(Y, offset, x, a, b, prec_a, prec_b, first_step, tol=1e-8, max_steps=10):
    """Newton steps on each row's ``(a, b)`` of ``log lambda = a + offset + b * x``."""
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


def _quanteda_steps(Y, prec, tol, max_iter):
    """quanteda's starts and alternating updates; stops when the log posterior stops rising."""
    N = Y.shape[0]
    r, c = Y.sum(axis=1), Y.sum(axis=0)
    expected = np.outer(r, c) / r.sum()
    U, _, _ = np.linalg.svd((Y - expected) / np.sqrt(expected), full_matrices=False)
    theta = U[:, 0] / np.sqrt(r / r.sum())
    theta = (theta - theta.mean()) / theta.std(ddof=1)
    alpha = np.log(r) - np.log(r.mean())
    psi = np.log(c / N)
    beta = np.full(Y.shape[1], -0.5)
    lp, last, it = _log_posterior(Y, alpha, psi, beta, theta, prec), -np.inf, 0
    while lp - last > tol and it < max_iter:
        it += 1
        first = 0.5 if it == 1 else 1.0
        psi, beta = _newton_rows(Y.T, alpha, theta, psi, beta, prec[1], prec[2], first)
        alpha, theta = _newton_rows(Y, psi, beta, alpha, theta, prec[0], prec[3], first)
        alpha = alpha - alpha.mean()
        theta = (theta - theta.mean()) / theta.std(ddof=1)
        last, lp = lp, _log_posterior(Y, alpha, psi, beta, theta, prec)
    return [alpha, psi, beta, theta], it


def _objective(Y, prec):
    """Negative log posterior and gradient of ``x = (alpha, psi, beta, u)``, ``theta = standardise(u)``."""
    N, V = Y.shape

    def f(x):
        a, p, b, u = x[:N], x[N:N + V], x[N + V:N + 2 * V], x[N + 2 * V:]
        c = u - u.mean()
        s = math.sqrt(c @ c / (N - 1))
        t = c / s
        eta = a[:, None] + p[None, :] + np.outer(t, b)
        lam = np.exp(eta)
        R = Y - lam
        lp = np.sum(eta * Y - lam)
        grads = [R.sum(axis=1), R.sum(axis=0), R.T @ t, R @ b]
        for k, v in enumerate((a, p, b, t)):
            if prec[k] > 0:
                lp -= 0.5 * prec[k] * (v @ v)
                grads[k] = grads[k] - prec[k] * v
        gt = grads[3] - grads[3].mean()
        grads[3] = gt / s - t * (t @ gt) / ((N - 1) * s)
        return -lp, -np.concatenate(grads)

    return f


def _normalised(params):
    """Identification: mean(alpha) = 0 (moved into psi), theta mean 0 and SD 1 (moved into psi, beta)."""
    alpha, psi, beta, theta = params
    m, tm, ts = alpha.mean(), theta.mean(), theta.std(ddof=1)
    return [alpha - m, psi + m + beta * tm, beta * ts, (theta - tm) / ts]


def _identified(x, sizes):
    """``x = (alpha, psi, beta, u)`` -> the same model with mean(alpha) = 0 and ``u`` standardised."""
    alpha, psi, beta, u = np.split(x, sizes)
    m = alpha.mean()
    return np.concatenate([alpha - m, psi + m, beta, (u - u.mean()) / u.std(ddof=1)])


class Wordfish:
    """Wordfish model of word counts (Slapin & Proksch 2008), fitted to its maximum.

    Parameters
    ----------
    direction : tuple of two doc ids
        ``(low, high)``: the sign of ``theta`` is set so that
        ``theta[low] < theta[high]``, e.g. ``("madrid-latimes", "amiri-cpdblog")``.
    priors : tuple of 4 floats, default=(inf, inf, 3, 1)
        Prior standard deviations of ``alpha, psi, beta, theta`` (normal,
        mean 0; ``inf`` is flat), quanteda's defaults after Slapin & Proksch's
        own code (a prior of SD 3 on ``beta`` regularises rare words).
    method : {"maximise", "quanteda"}, default="maximise"
        ``"quanteda"`` stops after quanteda's alternating steps (reproduces
        ``textmodel_wordfish`` exactly, but is not a maximum); ``"maximise"``
        goes on to the maximum of the log posterior (module docstring).
    tol : float, default=1e-5
        Convergence: the last quasi-Newton step changes the log posterior
        and every parameter by less than ``tol``
        (for ``"quanteda"``: the threshold of quanteda's own stopping rule,
        and ``converged_`` asks the same of its last step).
    max_iter : int, default=5000
        Most quasi-Newton steps (``"quanteda"``: most alternating passes).

    Attributes
    ----------
    docs_, terms_ : list
        Sorted doc ids and terms.
    theta_, alpha_, se_ : numpy.ndarray
        Positions, document effects and standard errors of ``theta`` (from
        the (alpha_i, theta_i) block of the negative Hessian, word parameters
        held fixed, as quanteda), in ``docs_`` order.
    beta_, psi_ : numpy.ndarray
        Word discrimination and frequency parameters, in ``terms_`` order.
    log_posterior_ : float
        Log posterior at the estimate (up to a constant).
    n_iter_ : int
        Quasi-Newton steps taken (alternating passes for ``"quanteda"``).
    converged_ : bool
        Whether the convergence criterion was met within ``max_iter``.

    Warns
    -----
    sklearn.exceptions.ConvergenceWarning
        When ``converged_`` is False.

    References
    ----------
    .. [1] Slapin, J. B. & Proksch, S.-O. (2008). A scaling model for
       estimating time-series party positions from texts. American Journal
       of Political Science, 52(3), 705-722.
    .. [2] quanteda.textmodels: ``textmodel_wordfish`` (dense Poisson fitter,
       ``src/wordfish_dense.cpp``), whose starts and first steps this follows.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc": list("aaabbbccc"), "term": list("xyzxyzxyz"),
    ...                        "n": [9, 3, 1, 4, 4, 4, 1, 3, 9]})
    >>> fit = Wordfish(direction=("a", "c")).fit(counts)
    >>> fit.converged_, fit.positions()["doc"].tolist()
    (True, ['a', 'b', 'c'])
    """

    def __init__(self, *, direction, priors=(math.inf, math.inf, 3.0, 1.0), method="maximise", tol=1e-5,
                 max_iter=5000):
        self.direction = direction
        self.priors = priors
        self.method = method
        self.tol = tol
        self.max_iter = max_iter

    def _check(self, counts):
        counts = _check_counts(counts)
        docs, terms, Y = _matrix(counts)
        direction = self.direction
        if not (isinstance(direction, (tuple, list)) and len(direction) == 2 and direction[0] != direction[1]):
            raise ValueError(f"direction must be two different doc ids (low, high), got {direction!r}")
        absent = [str(d) for d in direction if d not in docs]
        if absent:
            raise ValueError(f"direction doc(s) without counts: {', '.join(absent)}")
        if len(docs) < 3 or len(terms) < 2:
            raise ValueError(f"wordfish needs at least 3 texts and 2 terms, got {len(docs)} and {len(terms)}")
        if len(self.priors) != 4 or not all(p > 0 for p in self.priors):
            raise ValueError(f"priors must be four positive prior SDs (alpha, psi, beta, theta), got {self.priors!r}")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        if isinstance(self.max_iter, bool) or not isinstance(self.max_iter, int) or self.max_iter < 1:
            raise ValueError(f"max_iter must be an int >= 1, got {self.max_iter!r}")
        if not (isinstance(self.tol, (int, float)) and self.tol > 0):
            raise ValueError(f"tol must be a positive number, got {self.tol!r}")
        return docs, terms, Y

    def fit(self, counts: pd.DataFrame) -> "Wordfish":
        """Fit the model to a counts frame (``doc, term, n``, at least three texts); return ``self``."""
        docs, terms, Y = self._check(counts)
        prec = tuple(1.0 / float(p) ** 2 for p in self.priors)
        params, n_iter = _quanteda_steps(Y, prec, self.tol, self.max_iter)
        if self.method == "quanteda":
            before = _normalised(params)
            after = _normalised(_quanteda_steps_once(Y, prec, params))
            moved = max(np.max(np.abs(x - y)) for x, y in zip(before, after))
            change = abs(_log_posterior(Y, *after, prec) - _log_posterior(Y, *before, prec))
            converged = bool(moved < self.tol and change < self.tol)
        else:
            params, n_iter, converged = self._maximise(Y, prec, _normalised(params))
        alpha, psi, beta, theta = params
        if theta[docs.index(self.direction[0])] > theta[docs.index(self.direction[1])]:
            theta, beta = -theta, -beta
        lam = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
        h00 = -lam.sum(axis=1) - prec[0]
        h01 = -(lam @ beta)
        h11 = -(lam @ (beta * beta)) - prec[3]
        self.docs_, self.terms_ = docs, terms
        self.alpha_, self.psi_, self.beta_, self.theta_ = alpha, psi, beta, theta
        self.se_ = np.sqrt(-h00 / (h00 * h11 - h01 * h01))
        self.log_posterior_ = _log_posterior(Y, alpha, psi, beta, theta, prec)
        self.n_iter_, self.converged_ = n_iter, converged
        if not converged:
            warnings.warn(f"Wordfish ({self.method}) did not converge (max_iter={self.max_iter}, "
                          f"tol={self.tol}); the positions are not a maximum of the log posterior",
                          ConvergenceWarning, stacklevel=2)
        return self

    def _maximise(self, Y, prec, params):
        f = _objective(Y, prec)
        sizes = np.cumsum([len(p) for p in params])[:-1]
        alpha, psi, beta, theta = params
        lam = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
        # Diagonal of the negative Hessian at the start: the variables are rescaled by its
        # square root, so that L-BFGS sees a well-conditioned problem (large counts otherwise
        # make it crawl).
        scale = np.sqrt(np.concatenate([lam.sum(axis=1) + prec[0], lam.sum(axis=0) + prec[1],
                                        theta ** 2 @ lam + prec[2], lam @ beta ** 2 + prec[3]]))

        def scaled(z):
            value, grad = f(z / scale)
            return value, grad / scale

        trace = [np.concatenate(params) * scale]
        minimize(scaled, trace[0], jac=True, method="L-BFGS-B", callback=lambda zk: trace.append(zk.copy()),
                 options={"maxiter": self.max_iter, "ftol": 0.0, "gtol": 1e-12, "maxcor": 50})
        last, before = (_identified(z / scale, sizes) for z in (trace[-1], trace[max(len(trace) - 2, 0)]))
        moved = np.max(np.abs(last - before))
        change = abs(f(last)[0] - f(before)[0])
        converged = bool(len(trace) > 1 and moved < self.tol and change < self.tol)
        return np.split(last, sizes), len(trace) - 1, converged

    def positions(self, *, level: float = 0.95) -> pd.DataFrame:
        """Return ``doc, theta, se, lower, upper, alpha`` (normal interval of coverage ``level``), sorted by ``theta`` then ``doc``."""
        z = _z(level)
        out = pd.DataFrame({"doc": self.docs_, "theta": self.theta_, "se": self.se_,
                            "lower": self.theta_ - z * self.se_, "upper": self.theta_ + z * self.se_,
                            "alpha": self.alpha_})
        return out.sort_values(["theta", "doc"], kind="stable").reset_index(drop=True)

    def terms(self) -> pd.DataFrame:
        """Return ``term, beta, psi`` sorted by ``beta`` then ``term``."""
        out = pd.DataFrame({"term": self.terms_, "beta": self.beta_, "psi": self.psi_})
        return out.sort_values(["beta", "term"], kind="stable").reset_index(drop=True)


def _quanteda_steps_once(Y, prec, params):
    """One more alternating pass from ``params`` (to test whether quanteda's stop is a fixed point)."""
    alpha, psi, beta, theta = params
    psi, beta = _newton_rows(Y.T, alpha, theta, psi, beta, prec[1], prec[2], 1.0)
    alpha, theta = _newton_rows(Y, psi, beta, alpha, theta, prec[0], prec[3], 1.0)
    return [alpha - alpha.mean(), psi, beta, (theta - theta.mean()) / theta.std(ddof=1)]


def wordfish_positions(counts: pd.DataFrame, *, direction: tuple, level: float = 0.95, **options) -> pd.DataFrame:
    """Return the Wordfish position ``theta`` of every text, with its standard error.

    Shorthand for ``Wordfish(direction=direction, **options).fit(counts).positions(level=level)``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts frame (``doc, term, n``) of at least three texts.
    direction : tuple of two doc ids
        ``(low, high)``, see :class:`Wordfish`.
    level : float, default=0.95
        Coverage of the normal interval ``lower, upper``.
    **options
        ``priors``, ``method``, ``tol`` and ``max_iter`` of
        :class:`Wordfish`.

    Returns
    -------
    pandas.DataFrame
        ``doc, theta, se, lower, upper, alpha`` sorted by ``theta`` then
        ``doc``; index 0..n-1.

    References
    ----------
    .. [1] Slapin, J. B. & Proksch, S.-O. (2008). American Journal of
       Political Science, 52(3), 705-722.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc": list("aaabbbccc"), "term": list("xyzxyzxyz"),
    ...                        "n": [9, 3, 1, 4, 4, 4, 1, 3, 9]})
    >>> wordfish_positions(counts, direction=("a", "c"))["doc"].tolist()
    ['a', 'b', 'c']
    """
    return Wordfish(direction=direction, **options).fit(counts).positions(level=level)


def wordfish_terms(counts: pd.DataFrame, *, direction: tuple, **options) -> pd.DataFrame:
    """Return the Wordfish word parameters: ``beta`` (discrimination) and ``psi`` (frequency).

    Shorthand for ``Wordfish(direction=direction, **options).fit(counts).terms()``;
    a word with ``beta > 0`` is used more by texts with high ``theta``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts frame (``doc, term, n``).
    direction : tuple of two doc ids
        ``(low, high)``, see :class:`Wordfish`.
    **options
        As for :class:`Wordfish`.

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
    return Wordfish(direction=direction, **options).fit(counts).terms()
