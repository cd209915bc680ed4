"""Permutation tests of Fightin' Words and keyness (analysis.compare.permutation).

Properties: under a null of exchangeable sentences the permutation spread of
Fightin' Words z matches the N(0, 1) its prior implies (Monroe et al. 2008);
a planted word is found; the same seed gives the same p-values; labels are
shuffled per sentence, not per token; p is never 0 (Phipson & Smyth 2010).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare.fightin_words import fightin_words
from analysis.compare.keyness import keyness_table
from analysis.compare.permutation import permutation_test, unit_term_matrix


def simulated_tokens(*, n_sentences=240, words_per_sentence=12, vocabulary=150, planted=None, seed=7):
    """Sentences drawn from one Zipf-like vocabulary; half labelled a, half b.

    ``planted``: a word added once to every third sentence of group a.
    """
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, vocabulary + 1)
    p /= p.sum()
    rows = []
    for s in range(n_sentences):
        group = "a" if s % 2 == 0 else "b"
        words = [f"w{k:03d}" for k in rng.choice(vocabulary, size=words_per_sentence, p=p)]
        if planted and group == "a" and s % 3 == 0:
            words.append(planted)
        rows += [(f"s{s:03d}", group, w) for w in words]
    frame = pd.DataFrame(rows, columns=["sent_id", "side", "term"])
    return frame.assign(is_punct=False, is_stop=False)


def test_null_sd_of_z_under_the_default_prior_is_about_one():
    # No word differs between a and b: z should spread like N(0, 1) over shuffles.
    toks = simulated_tokens()
    out = permutation_test(toks, by="side", group_a="a", group_b="b", n_permutations=1000, random_state=1)
    frequent = out[out["n_a"] + out["n_b"] >= 10]
    assert len(frequent) >= 40
    pooled = float(np.sqrt(np.mean(frequent["null_sd"] ** 2)))
    assert abs(pooled - 1.0) < 0.2
    # the old default (alpha0 = every token of the frame) swamps the data: spread ~0.7
    swamped = permutation_test(toks, by="side", group_a="a", group_b="b", n_permutations=1000, random_state=1,
                               alpha0=float(len(toks)))
    assert np.sqrt(np.mean(swamped.loc[frequent.index, "null_sd"] ** 2)) < 0.8


def test_a_planted_word_passes_and_nothing_else_does():
    toks = simulated_tokens(planted="suspend")
    # BH over m terms needs B well above m / 0.05 shuffles for any term to pass
    out = permutation_test(toks, by="side", group_a="a", group_b="b", n_permutations=5000, random_state=3,
                           min_count=5)
    row = out.set_index("term").loc["suspend"]
    assert row["z"] > 1.96 and row["p_perm_adj"] < 0.05
    assert (out.loc[out["term"] != "suspend", "p_perm_adj"] > 0.05).all()
    key = permutation_test(toks, by="side", group_a="a", group_b="b", statistic="keyness", min_count=5,
                           n_permutations=5000, random_state=3).set_index("term")
    assert key.loc["suspend", "g2"] > 0 and key.loc["suspend", "p_perm_adj"] < 0.05


def test_frame_is_the_statistics_own_with_p_columns_and_seeded():
    toks = simulated_tokens(n_sentences=60)
    out = permutation_test(toks, by="side", group_a="a", group_b="b", n_permutations=200, random_state=5)
    fw = fightin_words(toks, by="side", group_a="a", group_b="b")
    pd.testing.assert_frame_equal(out[list(fw)], fw)
    assert list(out)[len(fw.columns):] == ["null_mean", "null_sd", "p_perm", "p_perm_adj"]
    assert out.attrs["n_permutations"] == 200 and out.attrs["unit"] == "sent_id"
    again = permutation_test(toks, by="side", group_a="a", group_b="b", n_permutations=200, random_state=5,
                             chunk_size=33)
    pd.testing.assert_frame_equal(out, again)
    assert (out["p_perm"] >= 1 / 201).all() and (out["p_perm"] <= 1).all()
    key = permutation_test(toks, by="side", group_a="a", group_b="b", statistic="keyness", min_count=2,
                           n_permutations=50)
    table = keyness_table(toks, by="side", target="a", reference="b", min_count=2)
    pd.testing.assert_frame_equal(key[list(table)], table)


def test_sentences_are_shuffled_whole():
    # Each sentence is "x x x x" (a) or "y y y y" (b): shuffling sentences only ever moves
    # x in blocks of four, so every shuffle's count of x in group a is a multiple of four.
    toks = pd.DataFrame({"sent_id": np.repeat([f"s{i}" for i in range(10)], 4),
                         "side": np.repeat(["a"] * 5 + ["b"] * 5, 4),
                         "term": np.repeat(["x"] * 5 + ["y"] * 5, 4), "is_punct": False, "is_stop": False})
    units, terms, X = unit_term_matrix(toks, by="side")
    assert X.shape == (10, 2) and X.sum() == 40 and set(X.toarray().ravel()) == {0, 4}
    out = permutation_test(toks, by="side", group_a="a", group_b="b", n_permutations=500, random_state=0)
    # observed is the most extreme split of 10 sentences (5 x-sentences all in a): exact p = 2 / C(10, 5)
    assert out.set_index("term").loc["x", "p_perm"] == pytest.approx(2 / 252, abs=0.012)


@pytest.mark.parametrize("kwargs, message", [(dict(statistic="t"), "statistic"), (dict(n_permutations=0), "n_permutations"),
                                             (dict(unit="para"), "unit")])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        permutation_test(simulated_tokens(n_sentences=10), by="side", group_a="a", group_b="b", **kwargs)


def test_a_sentence_in_two_groups_is_refused():
    toks = simulated_tokens(n_sentences=4)
    toks.loc[0, "side"] = "b"
    with pytest.raises(ValueError, match="more than one"):
        permutation_test(toks, by="side", group_a="a", group_b="b")
