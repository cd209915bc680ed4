"""Cosine similarity of TF-IDF vectors, pinned to scikit-learn and a hand calculation."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from analysis.compare.similarity import similarity_table
from analysis.plots.similarity import plot_similarity
from analysis.tokens import STOP_WORDS, word_tokens


def _matrix(table: pd.DataFrame, a: str = "doc_a", b: str = "doc_b") -> pd.DataFrame:
    return table.pivot(index=a, columns=b, values="cosine")


def test_hand_example():
    # Terms {keep, ties} and {cut, ties}; n = 2 documents. scikit-learn's smoothed
    # idf: ln((1 + n) / (1 + df)) + 1, so idf(ties) = 1 and idf(keep) = idf(cut) =
    # 1 + ln(3/2) = w. cos = (1 * 1) / (1 + w^2) = 0.336097...
    w = 1 + math.log(1.5)
    sents = pd.DataFrame({"doc_id": ["x", "y"], "text": ["Keep ties.", "Cut ties."]})
    table = similarity_table(sents)
    assert list(table.columns) == ["doc_a", "doc_b", "cosine"]
    assert table[["doc_a", "doc_b"]].values.tolist() == [["x", "x"], ["x", "y"], ["y", "x"], ["y", "y"]]
    assert table["cosine"].tolist() == pytest.approx([1.0, 1 / (1 + w * w), 1 / (1 + w * w), 1.0])
    assert 1 / (1 + w * w) == pytest.approx(0.336097, abs=1e-6)


def test_one_sentence_groups_equal_tfidfvectorizer_with_the_shared_tokenizer(sample_sentences):
    sents = sample_sentences.head(40)
    vec = TfidfVectorizer(tokenizer=word_tokens, token_pattern=None, lowercase=False)
    expected = cosine_similarity(vec.fit_transform(sents["text"]))
    order = np.argsort(sents["sent_id"].to_numpy())
    table = similarity_table(sents, by="sent_id", drop_punct=False)
    assert list(table.columns) == ["sent_id_a", "sent_id_b", "cosine"]
    got = _matrix(table, "sent_id_a", "sent_id_b").to_numpy()
    np.testing.assert_allclose(got, expected[np.ix_(order, order)], atol=1e-12)


@pytest.mark.parametrize("options", [{}, {"stop_words": STOP_WORDS, "sublinear_tf": True}])
def test_documents_equal_sklearn_on_independent_term_lists(sample_sentences, sample_tokens, options):
    # Independent route: per document, the tokens frame's terms (punctuation and
    # stop words removed by hand) into TfidfVectorizer with a list analyzer.
    stop = options.get("stop_words", frozenset())
    docs = sorted(sample_tokens["doc_id"].unique())
    bags = [
        [t for t, p in zip(g["term"], g["is_punct"]) if not p and t not in stop]
        for _, g in sample_tokens.groupby("doc_id", sort=True)
    ]
    vec = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=options.get("sublinear_tf", False))
    expected = cosine_similarity(vec.fit_transform(bags))
    from_sentences = _matrix(similarity_table(sample_sentences, **options))
    from_tokens = _matrix(similarity_table(sample_tokens, **options))
    assert list(from_sentences.index) == docs
    np.testing.assert_allclose(from_sentences.to_numpy(), expected, atol=1e-12)
    np.testing.assert_allclose(from_tokens.to_numpy(), expected, atol=1e-12)


def test_repost_is_closest_to_its_source(sample_sentences):
    m = _matrix(similarity_table(sample_sentences, stop_words=STOP_WORDS))
    assert m.loc["grassrootslab-madrid"].drop("grassrootslab-madrid").idxmax() == "madrid-latimes"
    np.testing.assert_allclose(m.to_numpy(), m.to_numpy().T)
    np.testing.assert_allclose(np.diag(m.to_numpy()), 1.0)


def test_any_group_column_and_empty_group():
    sents = pd.DataFrame({"stance": ["A", "A", "B", "C"], "text": ["Keep ties.", "Talk more.", "Cut ties.", "!"]})
    table = similarity_table(sents, by="stance")
    assert list(table.columns) == ["stance_a", "stance_b", "cosine"]
    assert len(table) == 9
    c = table.set_index(["stance_a", "stance_b"])["cosine"]
    assert c[("C", "C")] == 0.0 and c[("A", "C")] == 0.0
    assert 0 < c[("A", "B")] < 1


def test_inputs_are_not_modified(sample_sentences):
    before = sample_sentences.copy()
    similarity_table(sample_sentences)
    pd.testing.assert_frame_equal(sample_sentences, before)


@pytest.mark.parametrize(
    ("frame", "kwargs", "error"),
    [
        ([1, 2], {}, TypeError),
        (pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), {"by": "stance"}, ValueError),
        (pd.DataFrame({"doc_id": ["a"], "other": ["x"]}), {}, ValueError),
        (pd.DataFrame({"doc_id": ["a", None], "text": ["x", "y"]}), {}, ValueError),
        (pd.DataFrame({"doc_id": [], "text": []}), {}, ValueError),
        (pd.DataFrame({"doc_id": ["a", "b"], "text": ["!", "The."]}), {"stop_words": STOP_WORDS}, ValueError),
    ],
)
def test_bad_arguments(frame, kwargs, error):
    with pytest.raises(error):
        similarity_table(frame, **kwargs)


def test_plot_similarity_labels_every_cell(sample_sentences):
    table = similarity_table(sample_sentences)
    ax = plot_similarity(table, labels={"madrid-latimes": "Madrid (LA Times)"})
    assert len(ax.texts) == 25
    assert "Madrid (LA Times)" in [t.get_text() for t in ax.get_yticklabels()]
    assert ax.get_title()
    plt.close(ax.figure)
    with pytest.raises(ValueError):
        plot_similarity(table.iloc[1:])
