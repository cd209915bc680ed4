"""Tests for analysis.compare.scaling and analysis.plots.scaling.

Published values come from the Laver, Benoit & Garry (2003) artificial
example (tests/data/lbg2003_example.csv, the counts of austin's ``lbg`` and
quanteda's ``data_dfm_lbgexample``) and the outputs printed on the
reference pages of two R packages:

- quanteda.textmodels, docs/reference/textmodel_wordscores.html
  (``coef(tmod)``, ``predict(tmod)``, ``predict(tmod, rescaling = "lbg")``,
  ``predict(tmod, se.fit = TRUE, interval = "confidence", rescaling = "mv")``)
  and tests/testthat/test-textmodel_wordscores.R;
- austin (Will Lowe), docs/reference/classic.wordscores.html
  (``predict(ws, newdata = vir)``: V1 -0.448, Std. Err. 0.0119).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402

from analysis.compare.scaling import (  # noqa: E402
    term_counts,
    text_scores,
    word_scores,
    wordscores,
)
from analysis.compare.wordfish import wordfish_positions  # noqa: E402
from analysis.plots.scaling import plot_positions  # noqa: E402

DATA = Path(__file__).parent / "data"
DOCS = ["R1", "R2", "R3", "R4", "R5", "V1"]
TERMS = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["Z" + chr(c) for c in range(ord("A"), ord("K") + 1)]
#: LBG (2003): reference positions of R1..R5.
REFS = {"R1": -1.5, "R2": -0.75, "R3": 0.0, "R4": 0.75, "R5": 1.5}


@pytest.fixture(scope="module")
def lbg() -> pd.DataFrame:
    return pd.read_csv(DATA / "lbg2003_example.csv", comment="#")


def by_doc(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame.set_index("doc").loc[DOCS, column].to_numpy(dtype=float)


# --- the example data ---------------------------------------------------------


def test_lbg_data_matches_published_summary(lbg):
    # quanteda summary(tmod): every text totals 1000 words, max 158, mean 27.03
    wide = lbg.pivot(index="doc", columns="term", values="n").reindex(index=DOCS, columns=TERMS).fillna(0)
    assert wide.shape == (6, 37)
    assert (wide.sum(axis=1) == 1000).all()
    assert (wide.max(axis=1) == 158).all()
    assert np.allclose(wide.mean(axis=1), 27.03, atol=0.005)
    assert (wide.median(axis=1) == 0).all()


# --- Wordscores -----------------------------------------------------------------


def test_word_scores_match_quanteda_coef(lbg):
    # coef(textmodel_wordscores(data_dfm_lbgexample, c(seq(-1.5, 1.5, .75), NA)))
    published = [
        -1.5, -1.5, -1.5, -1.5, -1.5, -1.4812500, -1.4809322, -1.4519231, -1.4083333, -1.3232984,
        -1.1846154, -1.0369898, -0.8805970, -0.75, -0.6194030, -0.4507576, -0.2992424, -0.1305970,
        0.0, 0.1305970, 0.2992424, 0.4507576, 0.6194030, 0.75, 0.8805970, 1.0369898, 1.1846154,
        1.3232984, 1.4083333, 1.4519231, 1.4809322, 1.4812500, 1.5, 1.5, 1.5, 1.5, 1.5,
    ]
    ws = word_scores(lbg, reference_scores=REFS)
    assert ws["term"].tolist() == TERMS  # sorted by score, ties by term: A..ZK
    np.testing.assert_allclose(ws.set_index("term").loc[TERMS, "score"], published, atol=5e-8)
    assert ws["n"].sum() == 5000


def test_virgin_score_matches_lbg_2003(lbg):
    scores = wordscores(lbg, reference_scores=REFS)
    v1 = scores.set_index("doc").loc["V1"]
    assert round(v1["score"], 2) == -0.45  # LBG (2003): the virgin text scores -0.45
    assert v1["score"] == pytest.approx(-0.4480591, abs=5e-8)  # quanteda predict(tmod)
    assert v1["se"] == pytest.approx(0.0119, abs=5e-5)  # austin: Std. Err. 0.0119
    assert v1["n_scored_words"] == 1000 and v1["n_words"] == 1000
    assert not v1["is_reference"] and np.isnan(v1["reference_score"])
    z = 1.959963984540054
    assert v1["lower"] == pytest.approx(v1["score"] - z * v1["se"])
    assert v1["upper"] == pytest.approx(v1["score"] + z * v1["se"])


def test_raw_scores_of_all_texts_match_quanteda(lbg):
    # predict(tmod): reference texts scored as virgin texts
    published = [-1.317931, -0.7395598, 0.0, 0.7395598, 1.317931, -0.4480591]
    np.testing.assert_allclose(by_doc(wordscores(lbg, reference_scores=REFS), "score"), published, atol=5e-7)


def test_lbg_rescaling_matches_quanteda(lbg):
    # predict(tmod, rescaling = "lbg") rescales over all six texts
    published = [-1.58967683, -0.88488724, 0.01632248, 0.91753220, 1.62232179, -0.52967149]
    scores = wordscores(lbg, reference_scores=REFS, lbg_over="all")
    np.testing.assert_allclose(by_doc(scores, "lbg_score"), published, atol=5e-8)
    assert round(scores.set_index("doc").loc["V1", "lbg_score"], 2) == -0.53  # test-textmodel_wordscores.R


def test_lbg_rescaling_over_virgin_texts_follows_the_paper(lbg):
    # LBG (2003): rescaled virgin scores keep their mean and take the SD of the reference scores
    extra = lbg[lbg["doc"] == "R2"].assign(doc="V2")
    counts = pd.concat([lbg, extra], ignore_index=True)
    scores = wordscores(counts, reference_scores=REFS).set_index("doc")
    virgin = scores.loc[["V1", "V2"]]
    assert virgin["lbg_score"].mean() == pytest.approx(virgin["score"].mean())
    assert virgin["lbg_score"].std(ddof=1) == pytest.approx(np.std(list(REFS.values()), ddof=1))
    # with a single virgin text the virgin SD is undefined
    assert wordscores(lbg, reference_scores=REFS)["lbg_score"].isna().all()


def test_mv_rescaling_matches_quanteda(lbg):
    # predict(tmod, se.fit = TRUE, interval = "confidence", rescaling = "mv")
    fit = [-1.5, -0.8417280, 0.0, 0.8417280, 1.5, -0.5099572]
    lwr = [-1.51494501, -0.86723325, -0.02678045, 0.81622274, 1.48505499, -0.53649769]
    upr = [-1.48505499, -0.81622274, 0.02678045, 0.86723325, 1.51494501, -0.48341678]
    scores = wordscores(lbg, reference_scores=REFS)
    np.testing.assert_allclose(by_doc(scores, "mv_score"), fit, atol=5e-8)
    np.testing.assert_allclose(by_doc(scores, "mv_lower"), lwr, atol=5e-8)
    np.testing.assert_allclose(by_doc(scores, "mv_upper"), upr, atol=5e-8)


def test_text_scores_split_equals_one_call(lbg):
    ws = word_scores(lbg, reference_scores=REFS, smooth=0.5)
    split = text_scores(lbg, ws, reference_scores=REFS)
    pd.testing.assert_frame_equal(split, wordscores(lbg, reference_scores=REFS, smooth=0.5))


def test_smoothing_equals_adding_to_every_count(lbg):
    # quanteda test #1476: smooth = 1 is the same as data_dfm_lbgexample + 1
    dense = (
        lbg.pivot(index="doc", columns="term", values="n").reindex(index=DOCS, columns=TERMS).fillna(0)
        .stack().rename("n").reset_index()
    )
    plus_one = dense.assign(n=dense["n"] + 1)
    smoothed = word_scores(lbg, reference_scores=REFS, smooth=1)
    pd.testing.assert_series_equal(smoothed["score"], word_scores(plus_one, reference_scores=REFS)["score"])
    assert not np.allclose(smoothed.set_index("term").loc[TERMS, "score"],
                           word_scores(lbg, reference_scores=REFS).set_index("term").loc[TERMS, "score"])


def test_unscorable_words_and_texts(lbg):
    # quanteda test "does not use NA wordscores": terms A B S ZJ ZK, V1 given one ZJ, refs R1 = -1, R5 = 1
    sub = lbg[lbg["term"].isin(["A", "B", "S", "ZJ", "ZK"]) & (lbg["doc"] != "V1")]
    sub = pd.concat([sub, pd.DataFrame({"doc": ["V1"], "term": ["ZJ"], "n": [1]})], ignore_index=True)
    refs = {"R1": -1, "R5": 1}
    ws = word_scores(sub, reference_scores=refs)
    assert dict(zip(ws["term"], ws["score"])) == {"A": -1.0, "B": -1.0, "ZJ": 1.0, "ZK": 1.0}
    scores = wordscores(sub, reference_scores=refs).set_index("doc")
    assert scores.loc[["R1", "R5", "V1"], "score"].tolist() == [-1.0, 1.0, 1.0]
    # quanteda prints 0 for texts without a scored word; here they are missing
    assert scores.loc[["R2", "R3", "R4"], "score"].isna().all()
    assert (scores.loc[["R2", "R3", "R4"], "n_scored_words"] == 0).all()


def test_wordscores_leaves_input_alone_and_sorts(lbg):
    before = lbg.copy()
    scores = wordscores(lbg, reference_scores=REFS)
    pd.testing.assert_frame_equal(lbg, before)
    assert scores["score"].is_monotonic_increasing
    assert scores.index.tolist() == list(range(6))


@pytest.mark.parametrize(
    "refs, message",
    [
        ({"R1": -1.0}, "two different scores"),
        ({"R1": 1.0, "R2": 1.0}, "two different scores"),
        ({"R1": -1.0, "XX": 1.0}, "without counts"),
        ({"R1": -1.0, "R5": float("nan")}, "finite number"),
        ({"R1": -1.0, "R5": "high"}, "finite number"),
    ],
)
def test_bad_reference_scores(lbg, refs, message):
    with pytest.raises(ValueError, match=message):
        wordscores(lbg, reference_scores=refs)


def test_bad_arguments(lbg):
    with pytest.raises(TypeError):
        wordscores(lbg, reference_scores=[("R1", -1)])
    with pytest.raises(TypeError):
        word_scores(lbg.values, reference_scores=REFS)
    with pytest.raises(ValueError, match="missing column"):
        wordscores(lbg.rename(columns={"n": "count"}), reference_scores=REFS)
    with pytest.raises(ValueError, match="repeated"):
        wordscores(pd.concat([lbg, lbg.head(1)]), reference_scores=REFS)
    with pytest.raises(ValueError, match="non-negative"):
        wordscores(lbg.assign(n=-lbg["n"]), reference_scores=REFS)
    with pytest.raises(ValueError, match="smooth"):
        word_scores(lbg, reference_scores=REFS, smooth=-1)
    with pytest.raises(ValueError, match="level"):
        wordscores(lbg, reference_scores=REFS, level=95)
    with pytest.raises(ValueError, match="lbg_over"):
        wordscores(lbg, reference_scores=REFS, lbg_over="reference")


# --- term counts ----------------------------------------------------------------


def test_term_counts_match_count_vectorizer():
    toks = pd.DataFrame({
        "doc_id": ["a"] * 6 + ["b"] * 4 + [None],
        "term": ["cut", "the", "ties", ",", "cut", "now", "keep", "the", "ties", ".", "x"],
        "is_punct": [False, False, False, True, False, False, False, False, False, True, False],
        "is_stop": [False, True, False, False, False, False, False, True, False, False, False],
    })
    counts = term_counts(toks, by="doc_id", drop_stop=True)
    assert list(counts) == ["doc", "term", "n"]
    kept = toks.dropna(subset=["doc_id"])
    kept = kept[~kept["is_punct"] & ~kept["is_stop"]]
    docs = kept.groupby("doc_id")["term"].apply(list)
    vec = CountVectorizer(analyzer=lambda terms: terms)
    matrix = vec.fit_transform(docs.tolist()).toarray()
    expected = pd.DataFrame(matrix, index=docs.index, columns=vec.get_feature_names_out()).stack()
    expected = expected[expected > 0]
    assert counts.set_index(["doc", "term"])["n"].to_dict() == {k: int(v) for k, v in expected.items()}
    assert term_counts(toks)["n"].sum() == 8  # stop words kept by default, punctuation and no-group rows dropped


def test_term_counts_errors():
    with pytest.raises(TypeError):
        term_counts([("a", "b")])
    with pytest.raises(ValueError, match="stance"):
        term_counts(pd.DataFrame({"term": ["a"], "is_punct": [False]}), by="stance")


# --- plot -----------------------------------------------------------------------


def test_plot_positions_draws_one_row_per_text(lbg):
    scores = wordscores(lbg, reference_scores=REFS)
    ax = plot_positions(scores, poles=("DISENGAGE", "ENGAGE"), title="LBG example")
    try:
        labels = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
        assert sorted(labels, key=labels.get, reverse=True) == scores["doc"].tolist()  # first row on top
        markers = {line.get_marker(): len(line.get_xdata()) for line in ax.lines if line.get_marker() in ("s", "o")}
        assert markers == {"s": 5, "o": 1}
        assert any(list(line.get_xdata()) == [0, 0] for line in ax.lines)  # the line at 0
        texts = [t.get_text() for t in ax.texts]
        assert any("DISENGAGE" in t for t in texts) and any("ENGAGE \u2192" in t for t in texts)
        assert ax.get_title() == "LBG example" and ax.get_xlabel() == "score"
        lo, hi = ax.get_xlim()
        assert lo == pytest.approx(-hi)
    finally:
        plt.close(ax.figure)


def test_plot_positions_on_given_axes_and_wordfish_frame(lbg):
    fig, ax = plt.subplots()
    try:
        out = plot_positions(wordfish_positions(lbg, direction=("R1", "R5")), ax=ax, x="theta")
        assert out is ax
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["text", "95% interval"]
        with pytest.raises(ValueError, match="lbg_score"):
            plot_positions(wordfish_positions(lbg, direction=("R1", "R5")), ax=ax, x="lbg_score")
        with pytest.raises(ValueError, match="poles"):
            plot_positions(wordscores(lbg, reference_scores=REFS), ax=ax, poles=("only one",))
        with pytest.raises(TypeError):
            plot_positions([1, 2], ax=ax)
    finally:
        plt.close(fig)


# --- the sample corpus ------------------------------------------------------------


def test_sample_corpus_smoke():
    from analysis.corpus import read_corpus
    from analysis.sentences import sentence_table
    from analysis.tokens import token_table

    root = Path(__file__).resolve().parents[1]
    sents = sentence_table(read_corpus(root / "corpus"))
    counts = term_counts(token_table(sents[sents["duplicate_of"] == ""]))
    refs = {"madrid-latimes": -1.0, "amiri-cpdblog": 1.0}
    scores = wordscores(counts, reference_scores=refs).set_index("doc")
    assert scores.loc["madrid-latimes", "mv_score"] == pytest.approx(-1)
    assert scores.loc["amiri-cpdblog", "mv_score"] == pytest.approx(1)
    # the repost of Madrid's op-ed sits on Madrid's side
    assert scores.loc["grassrootslab-madrid", "score"] < 0
