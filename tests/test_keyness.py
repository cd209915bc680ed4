"""Keyness (G2, Log Ratio, corrected p) and its bar plot.

Pinned to: the UCREL log-likelihood calculator's formula worked by hand,
scipy's G-test of independence (``chi2_contingency(..., lambda_=
"log-likelihood")``), Hardie's definition of Log Ratio, Benjamini-Hochberg
and Bonferroni worked by hand and scipy's ``false_discovery_control``.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy.stats import chi2_contingency, false_discovery_control  # noqa: E402

from analysis.compare.keyness import adjusted_p, g2, keyness_table, log_ratio  # noqa: E402
from analysis.plots.keyness import plot_keyness  # noqa: E402


def tokens_of(texts: dict[str, str], *, stop=()) -> pd.DataFrame:
    """A minimal tokens frame: one row per whitespace word, grouped by key."""
    rows = [(g, w, not any(ch.isalnum() for ch in w), w in stop) for g, text in texts.items() for w in text.split()]
    return pd.DataFrame(rows, columns=["group", "term", "is_punct", "is_stop"])


TEXTS = {
    "A": "cut cut cut cut cut ties ties sanctions now now war war war peace",
    "B": "keep keep keep ties ties ties ties talk talk peace peace war sanctions",
    "C": "keep ties war war war war peace peace talk cut",
}


# --- G2 -----------------------------------------------------------------


def test_two_cell_g2_is_the_ucrel_calculator_worked_by_hand():
    # a=10, b=20 in corpora of c=1000, d=5000 tokens (UCREL llwizard):
    # E1 = c(a+b)/(c+d) = 1000*30/6000 = 5; E2 = 5000*30/6000 = 25
    # G2 = 2 (10 ln(10/5) + 20 ln(20/25)) = 2 (6.931472 - 4.462871)
    expected = 2 * (10 * math.log(10 / 5) + 20 * math.log(20 / 25))
    assert expected == pytest.approx(4.937201558630518, rel=1e-12)
    assert float(g2(10, 20, 1000, 5000, form="2-cell")) == pytest.approx(4.937201558630518, rel=1e-12)


def test_two_cell_g2_with_a_zero_count():
    # a=0 drops its term (0 ln 0 = 0): E2 = 100*5/200 = 2.5, G2 = 2*5 ln(5/2.5)
    assert float(g2(0, 5, 100, 100, form="2-cell")) == pytest.approx(6.931471805599453, rel=1e-12)


@pytest.mark.parametrize(
    "a, b, c, d",
    [(10, 20, 1000, 5000), (1, 7, 400, 500), (5, 0, 399, 505), (21, 5, 505, 399), (3, 3, 50, 50), (0, 9, 80, 90)],
)
def test_four_cell_g2_equals_scipy_g_test(a, b, c, d):
    table = np.array([[a, b], [c - a, d - b]])
    stat, p, dof, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert dof == 1
    assert float(g2(a, b, c, d)) == pytest.approx(stat, rel=1e-10, abs=1e-12)


def test_g2_is_vectorised_and_zero_for_equal_rates():
    out = g2([10, 2, 0], [10, 4, 0], [100, 100, 100], [100, 200, 100])
    assert out.shape == (3,)
    assert out[1] == pytest.approx(0.0, abs=1e-12)
    assert out[2] == 0.0


@pytest.mark.parametrize("bad", [dict(a=-1), dict(a=11), dict(c=0)])
def test_g2_rejects_impossible_counts(bad):
    args = dict(a=1, b=1, c=10, d=10) | bad
    with pytest.raises(ValueError):
        g2(**args)


def test_g2_rejects_unknown_form():
    with pytest.raises(ValueError, match="form"):
        g2(1, 1, 10, 10, form="3-cell")


# --- Log Ratio ------------------------------------------------------------


def test_log_ratio_equal_rates_is_zero_and_doubled_rate_is_one():
    assert float(log_ratio(10, 50, 1000, 5000)) == 0.0
    assert float(log_ratio(20, 50, 1000, 5000)) == pytest.approx(1.0)
    assert float(log_ratio(10, 20, 1000, 5000)) == pytest.approx(math.log2(2.5))


def test_log_ratio_replaces_a_zero_count_by_a_half():
    # Hardie (2014): log2((0.5/100) / (4/100)) = log2(1/8) = -3
    assert float(log_ratio(0, 4, 100, 100)) == pytest.approx(-3.0)
    assert float(log_ratio(4, 0, 100, 100)) == pytest.approx(3.0)


# --- corrected p ----------------------------------------------------------


def test_benjamini_hochberg_by_hand():
    # sorted: 0.005*4/1=0.02, 0.01*4/2=0.02, 0.03*4/3=0.04, 0.04*4/4=0.04
    p = [0.01, 0.04, 0.03, 0.005]
    assert adjusted_p(p, method="bh").tolist() == pytest.approx([0.02, 0.04, 0.04, 0.02])
    # step-up: 0.02*3/2 = 0.03 > 0.025*3/3 = 0.025, so the minimum from above wins
    assert adjusted_p([0.02, 0.025, 0.5], method="bh").tolist() == pytest.approx([0.0375, 0.0375, 0.5])


def test_benjamini_hochberg_published_example():
    # Benjamini & Hochberg (1995), section 4: the 15 p-values of Neuhaus et al.'s
    # thrombolysis trial; at q = 0.05 the procedure rejects the four smallest.
    p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
         0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000]
    adjusted = adjusted_p(p)
    assert (adjusted <= 0.05).tolist() == [True] * 4 + [False] * 11
    assert adjusted[3] == pytest.approx(0.0095 * 15 / 4)
    assert adjusted[4] == pytest.approx(0.0201 * 15 / 5)


def test_benjamini_hochberg_equals_scipy():
    rng = np.random.default_rng(20220318)
    p = np.concatenate([rng.uniform(0, 0.05, 30), rng.uniform(0, 1, 70), [0.01, 0.01, 1.0]])
    assert adjusted_p(p) == pytest.approx(false_discovery_control(p, method="bh"), rel=1e-12)


def test_bonferroni_by_hand_and_capped_at_one():
    assert adjusted_p([0.01, 0.2, 0.5], method="bonferroni").tolist() == pytest.approx([0.03, 0.6, 1.0])


@pytest.mark.parametrize("p, method", [([0.1, 1.2], "bh"), ([np.nan], "bh"), ([0.1], "holm")])
def test_adjusted_p_rejects_bad_input(p, method):
    with pytest.raises(ValueError):
        adjusted_p(p, method=method)


# --- keyness_table --------------------------------------------------------


def test_keyness_table_columns_sort_and_counts():
    key = keyness_table(tokens_of(TEXTS), by="group", target="A", min_count=1)
    assert list(key) == ["term", "n_target", "n_reference", "g2", "log_ratio", "p", "p_adj"]
    assert list(key.index) == list(range(len(key)))
    expected = key.sort_values(["g2", "term"], ascending=[False, True]).reset_index(drop=True)
    pd.testing.assert_frame_equal(key, expected)
    row = key.set_index("term").loc["cut"]
    assert (row["n_target"], row["n_reference"]) == (5, 1)
    assert row["g2"] > 0
    assert key.set_index("term").loc["keep", "g2"] < 0
    assert key.attrs == {"by": "group", "target": "A", "reference": ["B", "C"]}


def test_keyness_table_rows_equal_scipy_on_the_pooled_table():
    toks = tokens_of(TEXTS)
    key = keyness_table(toks, by="group", target="A", min_count=1)
    c = int((toks["group"] == "A").sum())
    d = int((toks["group"] != "A").sum())
    for row in key.itertuples():
        a, b = row.n_target, row.n_reference
        stat, p, _, _ = chi2_contingency([[a, b], [c - a, d - b]], correction=False, lambda_="log-likelihood")
        assert abs(row.g2) == pytest.approx(stat, rel=1e-10)
        assert np.sign(row.g2) == np.sign(a / c - b / d)
        assert row.p == pytest.approx(p, rel=1e-9)
        assert row.log_ratio == pytest.approx(math.log2((max(a, 0.5) / c) / (max(b, 0.5) / d)))
    assert key["p_adj"].to_numpy() == pytest.approx(false_discovery_control(key["p"].to_numpy()))


def test_keyness_table_two_cell_form_matches_g2():
    toks = tokens_of(TEXTS)
    key = keyness_table(toks, by="group", target="A", reference="B", min_count=1, form="2-cell", correction=None)
    assert "p_adj" not in key
    row = key.set_index("term").loc["cut"]
    assert abs(row["g2"]) == pytest.approx(float(g2(5, 0, 14, 13, form="2-cell")))


def test_reference_none_pools_all_other_groups():
    toks = tokens_of(TEXTS)
    pooled = keyness_table(toks, by="group", target="A", min_count=1)
    listed = keyness_table(toks, by="group", target="A", reference=["C", "B"], min_count=1)
    pd.testing.assert_frame_equal(pooled, listed)
    one = keyness_table(toks, by="group", target="A", reference="B", min_count=1)
    assert one.set_index("term").loc["keep", "n_reference"] == 3


def test_min_count_filters_rows_but_not_corpus_sizes():
    toks = tokens_of(TEXTS)
    full = keyness_table(toks, by="group", target="A", min_count=1, correction=None).set_index("term")
    kept = keyness_table(toks, by="group", target="A", min_count=5, correction=None).set_index("term")
    assert ((kept["n_target"] + kept["n_reference"]) >= 5).all()
    assert set(kept.index) == set(full.index[(full["n_target"] + full["n_reference"]) >= 5])
    pd.testing.assert_frame_equal(kept, full.loc[kept.index])


def test_stop_words_and_punctuation_are_dropped_by_default():
    toks = tokens_of({"A": "the cut , the cut", "B": "the keep . keep"}, stop={"the"})
    assert set(keyness_table(toks, by="group", target="A", min_count=1)["term"]) == {"cut", "keep"}
    kept = keyness_table(toks, by="group", target="A", min_count=1, drop_stop=False, drop_punct=False)
    assert {"the", ",", "."} <= set(kept["term"])


def test_term_stem_counts_stems():
    toks = tokens_of({"A": "cities cities city", "B": "ties tie"})
    toks["stem"] = toks["term"].map({"cities": "citi", "city": "citi", "ties": "tie", "tie": "tie"})
    key = keyness_table(toks, by="group", target="A", term="stem", min_count=1)
    assert key.set_index("term").loc["citi", "n_target"] == 3


def test_input_frame_is_not_changed():
    toks = tokens_of(TEXTS)
    before = toks.copy()
    keyness_table(toks, by="group", target="A", min_count=1)
    pd.testing.assert_frame_equal(toks, before)


def test_unknown_target_raises():
    with pytest.raises(ValueError, match="'Z' does not occur in column 'group'"):
        keyness_table(tokens_of(TEXTS), by="group", target="Z")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(target="A", reference="A"), "cannot also be a reference"),
        (dict(target="A", reference=["B", "Q"]), "'Q' does not occur"),
        (dict(target="A", form="3-cell"), "form"),
        (dict(target="A", correction="holm"), "correction"),
        (dict(target="A", min_count=-1), "min_count"),
        (dict(target="A", by="stance"), "lacks column"),
    ],
)
def test_bad_arguments_raise(kwargs, message):
    args = dict(by="group") | kwargs
    with pytest.raises(ValueError, match=message):
        keyness_table(tokens_of(TEXTS), **args)


def test_single_group_has_no_reference():
    with pytest.raises(ValueError, match="no reference"):
        keyness_table(tokens_of({"A": "a b c"}), by="group", target="A")


def test_not_a_frame_raises_type_error():
    with pytest.raises(TypeError):
        keyness_table([("A", "cut")], by="group", target="A")


def test_sample_corpus_by_author(sample_corpus, sample_tokens):
    toks = sample_tokens.merge(sample_corpus.documents[["doc_id", "author"]], on="doc_id")
    key = keyness_table(toks, by="author", target="Mike Madrid", reference="Mark Kristmanson", min_count=3)
    assert len(key) > 10
    assert key["g2"].is_monotonic_decreasing
    assert (key["p_adj"] >= key["p"]).all()


# --- plot_keyness ---------------------------------------------------------


def _overlaps(boxes) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]


def test_plot_keyness_draws_each_side_without_overlapping_labels():
    key = keyness_table(tokens_of(TEXTS), by="group", target="A", min_count=1)
    ax = plot_keyness(key, n=3)
    try:
        n_pos = min(3, int((key["g2"] > 0).sum()))
        n_neg = min(3, int((key["g2"] < 0).sum()))
        assert len(ax.patches) == n_pos + n_neg
        terms = [t.get_text() for t in ax.texts]
        assert terms[:n_pos] == key["term"].head(n_pos).tolist()
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "more in A" in legend and "more in other groups" in legend
        assert ax.get_xlabel() and ax.get_title() == "Key terms: A vs other groups"
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        assert _overlaps([t.get_window_extent(renderer) for t in ax.texts]) == []
    finally:
        plt.close(ax.figure)


def test_plot_keyness_uses_given_axes_and_labels():
    key = keyness_table(tokens_of(TEXTS), by="group", target="A", reference="B", min_count=1)
    fig, ax = plt.subplots()
    try:
        out = plot_keyness(key, ax=ax, target_label="DISENGAGE", reference_label="ENGAGE", value="log_ratio")
        assert out is ax
        assert "DISENGAGE" in ax.get_title() and "ENGAGE" in ax.get_title()
    finally:
        plt.close(fig)


def test_plot_keyness_rejects_empty_table():
    with pytest.raises(ValueError, match="empty"):
        plot_keyness(pd.DataFrame({"term": [], "g2": []}))
