"""Fightin' words (Monroe, Colaresi & Quinn 2008) and its plot.

Pinned to: the worked examples published with Hessel's / Wigderowitz's
independent implementation (README of github.com/Wigder/fightin_words, values
to 16 digits), the paper's formulas written out by hand for one term, and the exact
posterior moments of the log-odds under the same Dirichlet model (digamma
and trigamma from scipy), which the paper's formulas approximate.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from scipy.special import digamma, polygamma  # noqa: E402

from analysis.compare.fightin_words import fightin_words  # noqa: E402
from analysis.plots.keyness import plot_fightin_words  # noqa: E402


def tokens_of(texts: dict[str, str], *, stop=()) -> pd.DataFrame:
    """A minimal tokens frame: one row per whitespace word, grouped by key."""
    rows = [(g, w, not any(ch.isalnum() for ch in w), w in stop) for g, text in texts.items() for w in text.split()]
    return pd.DataFrame(rows, columns=["group", "term", "is_punct", "is_stop"])


RAW = {"drop_punct": False, "drop_stop": False}
FOX = "the quick brown fox jumps over the lazy pig"

TEXTS = {
    "A": "cut cut cut cut cut ties ties sanctions now now war war war peace",
    "B": "keep keep keep ties ties ties ties talk talk peace peace war sanctions",
    "C": "keep ties war war war war peace peace talk cut",
}


def z_of(frame: pd.DataFrame) -> dict[str, float]:
    return dict(zip(frame["term"], frame["z"]))


# --- published worked examples -------------------------------------------


def test_uniform_prior_example_published_with_the_fightin_words_package():
    # README of Wigder/fightin_words: prior=.05 per word, 11 words.
    toks = tokens_of({"1": FOX, "2": "the lazy purple pig jumps over the lazier donkey"})
    out = z_of(fightin_words(toks, by="group", group_a="1", group_b="2", prior="uniform", alpha0=0.05 * 11, **RAW))
    z = 0.6894227886807968
    expected = {"donkey": -z, "lazier": -z, "purple": -z, "jumps": 0.0, "lazy": 0.0, "over": 0.0,
                "pig": 0.0, "the": 0.0, "brown": z, "fox": z, "quick": z}
    assert out == pytest.approx(expected, rel=1e-12, abs=1e-12)


DOC2 = "the lazy purple pig jumps over the " + 1000 * "very " + "sleepy donkey"


def test_uninformed_example_with_a_thousand_verys():
    toks = tokens_of({"1": FOX, "2": DOC2})
    out = z_of(fightin_words(toks, by="group", group_a="1", group_b="2", prior="uniform", alpha0=0.05 * 12, **RAW))
    expected = {"very": -2.2144429606255946, "donkey": 0.3528670051726073, "purple": 0.3528670051726073,
                "sleepy": 0.3528670051726073, "brown": 1.7074955767167836, "fox": 1.7074955767167836,
                "quick": 1.7074955767167836, "jumps": 3.4564380059373603, "lazy": 3.4564380059373603,
                "over": 3.4564380059373603, "pig": 3.4564380059373603, "the": 4.954523357120953}
    assert out == pytest.approx(expected, rel=1e-12)


def test_informed_example_with_a_prior_series():
    # Same texts; alpha_w = 1/1000 for "very" (its count), 0.05 for the rest.
    toks = tokens_of({"1": FOX, "2": DOC2})
    prior = pd.Series(0.05, index=sorted(set(toks["term"])))
    prior["very"] = 1.0 / 1000
    out = z_of(fightin_words(toks, by="group", group_a="1", group_b="2", prior=prior, **RAW))
    expected = {"very": -0.4368846171934332, "purple": 0.3539801999989518, "sleepy": 0.3539801999989518,
                "donkey": 0.3539801999989518, "quick": 1.7087406001344665, "brown": 1.7087406001344665,
                "fox": 1.7087406001344665, "jumps": 3.4605672465974453, "over": 3.4605672465974453,
                "lazy": 3.4605672465974453, "pig": 3.4605672465974453, "the": 4.961066225017743}
    assert out == pytest.approx(expected, rel=1e-12)


# --- the formulas ---------------------------------------------------------


def test_one_term_written_out_by_hand():
    # Corpus prior over all three groups: y_cut = 5 + 0 + 1 = 6 of n = 37
    # tokens; alpha0 = 10, so alpha_cut = 10 * 6 / 37.
    toks = tokens_of(TEXTS)
    fw = fightin_words(toks, by="group", group_a="A", group_b="B", alpha0=10).set_index("term")
    y_a, y_b, n_a, n_b = 5, 0, 14, 13
    alpha = 10 * 6 / 37
    delta = math.log((y_a + alpha) / (n_a + 10 - y_a - alpha)) - math.log((y_b + alpha) / (n_b + 10 - y_b - alpha))
    var = 1 / (y_a + alpha) + 1 / (y_b + alpha)
    row = fw.loc["cut"]
    assert (row["n_a"], row["n_b"], row["n_total"]) == (5, 0, 6)
    assert row["alpha"] == pytest.approx(alpha)
    assert row["delta"] == pytest.approx(delta, rel=1e-12)
    assert row["var"] == pytest.approx(var, rel=1e-12)
    assert row["z"] == pytest.approx(delta / math.sqrt(var), rel=1e-12)


def test_z_approximates_the_exact_posterior_of_the_log_odds():
    # Under the Dirichlet-multinomial model the posterior of pi_w in group i
    # is Beta(p, q), p = y_w + alpha_w, q = n + alpha_0 - p; its log-odds has
    # mean digamma(p) - digamma(q) and variance trigamma(p) + trigamma(q).
    # Monroe et al.'s delta and variance approximate these; with large counts they
    # must agree closely (w0 is filler that makes the others a small share).
    counts_a = {"w1": 400, "w2": 150, "w3": 60, "w0": 20000}
    counts_b = {"w1": 250, "w2": 420, "w3": 30, "w0": 30000}
    toks = tokens_of({"A": " ".join(w for w, k in counts_a.items() for _ in range(k)),
                      "B": " ".join(w for w, k in counts_b.items() for _ in range(k))})
    fw = fightin_words(toks, by="group", group_a="A", group_b="B", alpha0=500).set_index("term")
    n_a, n_b = sum(counts_a.values()), sum(counts_b.values())
    for w in ["w1", "w2", "w3"]:
        alpha = fw.loc[w, "alpha"]
        p_a, p_b = counts_a[w] + alpha, counts_b[w] + alpha
        q_a, q_b = n_a + 500 - p_a, n_b + 500 - p_b
        mean = (digamma(p_a) - digamma(q_a)) - (digamma(p_b) - digamma(q_b))
        sd = math.sqrt(polygamma(1, p_a) + polygamma(1, q_a) + polygamma(1, p_b) + polygamma(1, q_b))
        assert fw.loc[w, "delta"] == pytest.approx(mean, rel=0.01)
        assert fw.loc[w, "z"] == pytest.approx(mean / sd, rel=0.05)


def test_swapping_groups_flips_every_z():
    toks = tokens_of(TEXTS)
    ab = fightin_words(toks, by="group", group_a="A", group_b="B").set_index("term")
    ba = fightin_words(toks, by="group", group_a="B", group_b="A").set_index("term")
    assert ba.loc[ab.index, "z"].to_numpy() == pytest.approx(-ab["z"].to_numpy(), abs=1e-12)
    assert ba.loc[ab.index, "var"].to_numpy() == pytest.approx(ab["var"].to_numpy())


def test_identical_groups_give_all_zeros():
    toks = tokens_of({"A": TEXTS["A"], "B": TEXTS["A"], "C": TEXTS["C"]})
    fw = fightin_words(toks, by="group", group_a="A", group_b="B")
    assert (fw["z"] == 0).all() and (fw["delta"] == 0).all()


def test_corpus_prior_uses_every_group_and_alpha0_none_is_a_tenth_of_the_tokens_compared():
    # Monroe et al. (2008): the prior's mass must be well below the tokens compared
    # (14 in A + 13 in B here); the prior's shape comes from all 37 tokens.
    toks = tokens_of(TEXTS)
    fw = fightin_words(toks, by="group", group_a="A", group_b="B").set_index("term")
    counts = toks["term"].value_counts()
    assert fw["n_total"].to_dict() == counts[fw.index].to_dict()
    assert fw["alpha"].to_numpy() == pytest.approx(0.1 * 27 * counts[fw.index].to_numpy(dtype=float) / 37)
    assert "keep" in fw.index and fw.loc["keep", "n_total"] == 4  # 3 in B, 1 in C


def test_uniform_prior_default_is_a_hundredth_per_word():
    fw = fightin_words(tokens_of(TEXTS), by="group", group_a="A", group_b="B", prior="uniform")
    assert (fw["alpha"] == 0.01).all()


def test_frame_shape_sort_and_attrs():
    fw = fightin_words(tokens_of(TEXTS), by="group", group_a="A", group_b="B")
    assert list(fw) == ["term", "n_a", "n_b", "n_total", "alpha", "delta", "var", "z"]
    expected = fw.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)
    pd.testing.assert_frame_equal(fw, expected)
    assert ((fw["n_a"] + fw["n_b"]) > 0).all()
    assert fw.attrs == {"by": "group", "group_a": "A", "group_b": "B", "n_compared": 27,
                        "alpha0": pytest.approx(2.7)}


def test_min_count_drops_rows_only():
    toks = tokens_of(TEXTS)
    full = fightin_words(toks, by="group", group_a="A", group_b="B").set_index("term")
    kept = fightin_words(toks, by="group", group_a="A", group_b="B", min_count=4).set_index("term")
    assert ((kept["n_a"] + kept["n_b"]) >= 4).all()
    pd.testing.assert_frame_equal(kept, full.loc[kept.index])


def test_input_frame_is_not_changed():
    toks = tokens_of(TEXTS)
    before = toks.copy()
    fightin_words(toks, by="group", group_a="A", group_b="B")
    pd.testing.assert_frame_equal(toks, before)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(group_a="Z"), ValueError, "'Z' does not occur"),
        (dict(group_b="A"), ValueError, "must differ"),
        (dict(prior="flat"), ValueError, "prior"),
        (dict(alpha0=0), ValueError, "alpha0"),
        (dict(alpha0="big"), TypeError, "alpha0"),
        (dict(prior=pd.Series({"cut": 1.0})), ValueError, "lacks alpha_w"),
        (dict(prior=pd.Series(1.0, index=["cut"]), alpha0=3), ValueError, "alpha0 must be None"),
        (dict(min_count=-2), ValueError, "min_count"),
    ],
)
def test_bad_arguments_raise(kwargs, error, message):
    args = dict(by="group", group_a="A", group_b="B") | kwargs
    with pytest.raises(error, match=message):
        fightin_words(tokens_of(TEXTS), **args)


def test_sample_corpus_by_author(sample_corpus, sample_tokens):
    toks = sample_tokens.merge(sample_corpus.documents[["doc_id", "author"]], on="doc_id")
    fw = fightin_words(toks, by="author", group_a="Mike Madrid", group_b="Mark Kristmanson")
    assert fw["z"].is_monotonic_decreasing
    assert fw.iloc[-1]["n_b"] > fw.iloc[-1]["n_a"]
    assert fw.iloc[0]["n_a"] > fw.iloc[0]["n_b"]


# --- plot_fightin_words ---------------------------------------------------


def test_plot_labels_top_words_of_each_side_without_overlap(sample_corpus, sample_tokens):
    toks = sample_tokens.merge(sample_corpus.documents[["doc_id", "author"]], on="doc_id")
    fw = fightin_words(toks, by="author", group_a="Mike Madrid", group_b="Mark Kristmanson", alpha0=100)
    ax = plot_fightin_words(fw, n_labels=12)
    try:
        fig = ax.figure
        fig.canvas.draw()  # annotations know their display position only once drawn
        renderer = fig.canvas.get_renderer()
        boxes = [Text.get_window_extent(t, renderer) for t in ax.texts]  # text only, not the leader line
        assert all(not boxes[i].overlaps(boxes[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes)))
        frame = ax.get_window_extent(renderer)
        assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)
        words = {w for t in ax.texts for line in t.get_text().split("\n") for w in line.split(", ")}
        top = fw.head(12)["term"].tolist() + fw.tail(12)["term"].tolist()
        assert words == set(top)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["more used by Mike Madrid", "more used by Mark Kristmanson", "other words", "z = ±1.96"]
        assert sorted(round(line.get_ydata()[0], 2) for line in ax.lines) == [-1.96, 0.0, 1.96]
        assert ax.get_xscale() == "log" and ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    finally:
        plt.close(ax.figure)


def test_words_at_one_point_share_one_label():
    table = pd.DataFrame({"term": ["b", "a", "c", "d"], "n_total": [2, 2, 5, 3], "z": [1.0, 1.0, 0.5, -1.0]})
    ax = plot_fightin_words(table, n_labels=3, label_a="x", label_b="y")
    try:
        assert sorted(t.get_text() for t in ax.texts) == ["a, b", "c", "d"]
    finally:
        plt.close(ax.figure)


def test_plot_is_deterministic():
    fw = fightin_words(tokens_of(TEXTS), by="group", group_a="A", group_b="B")
    positions = []
    for _ in range(2):
        ax = plot_fightin_words(fw, n_labels=4)
        positions.append([(t.get_text(), t.xyann) for t in ax.texts])
        plt.close(ax.figure)
    assert positions[0] == positions[1]


def test_plot_rejects_a_table_without_z():
    with pytest.raises(ValueError, match="lacks column"):
        plot_fightin_words(pd.DataFrame({"term": ["a"], "n_total": [1]}))
