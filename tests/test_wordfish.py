"""Tests for analysis.compare.wordfish.

Published values: quanteda.textmodels, docs/reference/textmodel_wordfish.html
(``coef(tmod1)`` and ``predict(tmod1, se.fit = TRUE)`` for
``textmodel_wordfish(data_dfm_lbgexample, dir = c(1, 5))``), on the Laver,
Benoit & Garry (2003) example counts in tests/data/lbg2003_example.csv.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import warnings

from scipy.optimize import minimize
from sklearn.exceptions import ConvergenceWarning

from analysis.compare.scaling import _matrix
from analysis.compare.wordfish import Wordfish, wordfish_positions, wordfish_terms

DATA = Path(__file__).parent / "data"
DOCS = ["R1", "R2", "R3", "R4", "R5", "V1"]


@pytest.fixture(scope="module")
def lbg() -> pd.DataFrame:
    return pd.read_csv(DATA / "lbg2003_example.csv", comment="#")


def by_doc(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame.set_index("doc").loc[DOCS, column].to_numpy(dtype=float)


def test_wordfish_matches_quanteda_on_lbg_example(lbg):
    # textmodel_wordfish(data_dfm_lbgexample, dir = c(1, 5)): coef() and predict(se.fit = TRUE).
    # quanteda stops when its alternating steps make the log posterior fall, which is not a
    # maximum: method="quanteda" reproduces it exactly and says so.
    theta = [-1.29056981, -0.61643907, 0.03350982, 0.70961244, 1.52333687, -0.35945025]
    se = [0.01448422, 0.01059613, 0.01085375, 0.01214106, 0.01744178, 0.01070073]
    alpha = [-4.558205, 1.303010, 3.307253, 1.688789, -4.270413, 2.529567]
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        fit = Wordfish(direction=("R1", "R5"), method="quanteda", tol=1e-6).fit(lbg)
    assert not fit.converged_ and fit.n_iter_ < 100
    positions = fit.positions()
    np.testing.assert_allclose(by_doc(positions, "theta"), theta, atol=5e-7)
    np.testing.assert_allclose(by_doc(positions, "se"), se, atol=5e-8)
    np.testing.assert_allclose(by_doc(positions, "alpha"), alpha, atol=5e-6)
    terms = fit.terms().set_index("term")
    published = {"A": (-8.4452617, -6.6414630), "J": (-10.4239011, -3.9281122), "S": (-0.2889734, 1.7502790),
                 "ZC": (9.6708363, -5.4394764), "ZK": (7.3723185, -6.9825744)}
    for term, (beta, psi) in published.items():
        assert terms.loc[term, "beta"] == pytest.approx(beta, abs=5e-6)
        assert terms.loc[term, "psi"] == pytest.approx(psi, abs=5e-6)


def test_wordfish_recovers_simulated_positions():
    rng = np.random.default_rng(20080701)
    n_docs, n_terms = 25, 400
    true_theta = np.linspace(-1.5, 1.5, n_docs)
    beta = rng.normal(0, 0.6, n_terms)
    psi = rng.normal(0, 1.0, n_terms)
    alpha = rng.normal(0, 0.3, n_docs)
    y = rng.poisson(np.exp(alpha[:, None] + psi[None, :] + np.outer(true_theta, beta)))
    docs = [f"d{i:02d}" for i in range(n_docs)]
    counts = pd.DataFrame(y, index=docs, columns=[f"w{k:03d}" for k in range(n_terms)]).stack()
    counts = counts[counts > 0].rename("n").rename_axis(["doc", "term"]).reset_index()
    fit = wordfish_positions(counts, direction=("d00", "d24")).set_index("doc").loc[docs]
    assert np.corrcoef(fit["theta"], true_theta)[0, 1] > 0.95
    # identification: mean 0, sample SD 1, sign set by the two anchor texts
    assert fit["theta"].mean() == pytest.approx(0, abs=1e-9)
    assert fit["theta"].std(ddof=1) == pytest.approx(1)
    assert fit.loc["d00", "theta"] < fit.loc["d24", "theta"]
    flipped = wordfish_positions(counts, direction=("d24", "d00")).set_index("doc").loc[docs]
    np.testing.assert_allclose(flipped["theta"], -fit["theta"])
    np.testing.assert_allclose(flipped["se"], fit["se"])
    assert (fit["lower"] < fit["theta"]).all() and (fit["theta"] < fit["upper"]).all()


def test_wordfish_bad_arguments(lbg):
    with pytest.raises(ValueError, match="direction"):
        wordfish_positions(lbg, direction=("R1", "R1"))
    with pytest.raises(ValueError, match="without counts"):
        wordfish_positions(lbg, direction=("R1", "R9"))
    with pytest.raises(ValueError, match="at least 3 texts"):
        wordfish_positions(lbg[lbg["doc"].isin(["R1", "R5"])], direction=("R1", "R5"))
    with pytest.raises(ValueError, match="priors"):
        wordfish_terms(lbg, direction=("R1", "R5"), priors=(1, 1, 1))
    with pytest.raises(ValueError, match="method"):
        wordfish_terms(lbg, direction=("R1", "R5"), method="em")
    with pytest.raises(ValueError, match="max_iter"):
        wordfish_terms(lbg, direction=("R1", "R5"), max_iter=0)
    with pytest.raises(ValueError, match="max_iter"):
        wordfish_terms(lbg, direction=("R1", "R5"), max_iter=0)




def _generic_maximum(counts, direction):
    """Maximise the same log posterior with SLSQP under explicit constraints (mean theta 0, SD 1, mean alpha 0)."""
    docs, terms, Y = _matrix(counts)
    N, V = Y.shape

    def split(x):
        return x[:N], x[N:N + V], x[N + V:N + 2 * V], x[N + 2 * V:]

    def neg(x):
        a, p, b, t = split(x)
        eta = np.minimum(a[:, None] + p[None, :] + np.outer(t, b), 700.0)  # SLSQP's line search may overshoot
        lam = np.exp(eta)
        R = Y - lam
        value = np.sum(eta * Y - lam) - 0.5 * (b @ b) / 9 - 0.5 * (t @ t)
        return -value, -np.concatenate([R.sum(1), R.sum(0), R.T @ t - b / 9, R @ b - t])

    start = Wordfish(direction=direction, method="quanteda", tol=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start.fit(counts)
    x0 = np.concatenate([start.alpha_, start.psi_, start.beta_, start.theta_])
    constraints = [{"type": "eq", "fun": lambda x: split(x)[3].mean()},
                   {"type": "eq", "fun": lambda x: split(x)[3] @ split(x)[3] - (N - 1)},
                   {"type": "eq", "fun": lambda x: split(x)[0].mean()}]
    result = minimize(neg, x0, jac=True, method="SLSQP", constraints=constraints,
                      options={"maxiter": 2000, "ftol": 1e-14})
    assert result.success
    return -result.fun, split(result.x)[3]


def test_wordfish_reaches_the_maximum_of_a_generic_optimiser(lbg):
    fit = Wordfish(direction=("R1", "R5")).fit(lbg)
    assert fit.converged_
    best, theta = _generic_maximum(lbg, ("R1", "R5"))
    assert fit.log_posterior_ == pytest.approx(best, abs=1e-4)
    assert fit.log_posterior_ >= best - 1e-4
    np.testing.assert_allclose(fit.theta_, theta, atol=1e-4)
    # the default is the maximum, not quanteda's stopping point (which lies about 10 below)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        stopped = Wordfish(direction=("R1", "R5"), method="quanteda", tol=1e-6).fit(lbg)
    assert stopped.log_posterior_ < best - 5


def test_wordfish_warns_when_max_iter_is_too_small(lbg):
    with pytest.warns(ConvergenceWarning, match="max_iter=3"):
        fit = Wordfish(direction=("R1", "R5"), max_iter=3).fit(lbg)
    assert not fit.converged_ and fit.n_iter_ <= 3
