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

from analysis.compare.wordfish import wordfish_positions, wordfish_terms

DATA = Path(__file__).parent / "data"
DOCS = ["R1", "R2", "R3", "R4", "R5", "V1"]


@pytest.fixture(scope="module")
def lbg() -> pd.DataFrame:
    return pd.read_csv(DATA / "lbg2003_example.csv", comment="#")


def by_doc(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame.set_index("doc").loc[DOCS, column].to_numpy(dtype=float)


def test_wordfish_matches_quanteda_on_lbg_example(lbg):
    # textmodel_wordfish(data_dfm_lbgexample, dir = c(1, 5)): coef() and predict(se.fit = TRUE)
    theta = [-1.29056981, -0.61643907, 0.03350982, 0.70961244, 1.52333687, -0.35945025]
    se = [0.01448422, 0.01059613, 0.01085375, 0.01214106, 0.01744178, 0.01070073]
    alpha = [-4.558205, 1.303010, 3.307253, 1.688789, -4.270413, 2.529567]
    positions = wordfish_positions(lbg, direction=("R1", "R5"))
    np.testing.assert_allclose(by_doc(positions, "theta"), theta, atol=5e-7)
    np.testing.assert_allclose(by_doc(positions, "se"), se, atol=5e-8)
    np.testing.assert_allclose(by_doc(positions, "alpha"), alpha, atol=5e-6)
    terms = wordfish_terms(lbg, direction=("R1", "R5")).set_index("term")
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
    with pytest.raises(ValueError, match="max_iter"):
        wordfish_terms(lbg, direction=("R1", "R5"), max_iter=0)


