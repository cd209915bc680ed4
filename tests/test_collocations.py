"""Tests for analysis.compare.collocations.

Pinned to (1) PMI computed by hand from Church & Hanks' (1990) formula,
(2) Dunning's G2 computed by SciPy (``chi2_contingency`` with
``lambda_="log-likelihood"``) from counts made with ``collections.Counter``,
and (3) NLTK's own finders run independently with ``from_documents``.
"""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics import BigramAssocMeasures, TrigramAssocMeasures
from scipy.stats import chi2_contingency

from analysis.compare.collocations import collocation_table
from analysis.tokens import token_table

TOY = [
    "Cities should not cut ties with their sister cities.",
    "Sister cities are a Cold War idea, and the Cold War is back.",
    "Mayors cut ties with Russian cities after the invasion.",
    "Sister cities International asked mayors to keep ties.",
    "The Cold War taught us that sister cities matter.",
    "Cut ties now, the mayors said; keep ties, the sister cities said.",
]


def _tokens(texts):
    sents = pd.DataFrame({"doc_id": "d", "sent_id": [f"d-{i:03d}" for i in range(1, len(texts) + 1)],
                          "start": 0, "text": texts})
    return token_table(sents)


def _words(texts):
    return [list(_tokens([t])["term"]) for t in texts]


def _toks(sentences, stop=()):
    rows = [(f"s{i}", j, w, w in stop, not any(c.isalnum() for c in w))
            for i, sent in enumerate(sentences) for j, w in enumerate(sent, 1)]
    return pd.DataFrame(rows, columns=["sent_id", "token_id", "term", "is_stop", "is_punct"])


def test_pmi_by_hand_and_no_pair_spans_sentences():
    # N = 8 tokens; f(cut) = 2, f(ties) = 3, f(cut ties) = 2
    sents = [["cut", "ties", "now"], ["cut", "ties"], ["keep", "the", "ties"]]
    out = collocation_table(_toks(sents), min_freq=1, drop_stop=False)
    scores = dict(zip(out["ngram"], out["score"]))
    assert scores["cut ties"] == pytest.approx(math.log2(2 * 8 / (2 * 3)))
    assert scores["keep the"] == pytest.approx(math.log2(1 * 8 / (1 * 1)))
    assert scores["ties now"] == pytest.approx(math.log2(1 * 8 / (3 * 1)))
    # "now cut" and "ties keep" would cross a sentence boundary
    assert set(out["ngram"]) == {"cut ties", "ties now", "keep the", "the ties"}
    assert dict(zip(out["ngram"], out["freq"]))["cut ties"] == 2


def test_stop_words_are_filtered_as_candidates_but_still_count_in_n():
    sents = [["cut", "ties", "now"], ["cut", "ties"], ["keep", "the", "ties"]]
    out = collocation_table(_toks(sents, stop={"the"}), min_freq=1, drop_stop=True)
    assert set(out["ngram"]) == {"cut ties", "ties now"}
    assert out.set_index("ngram").loc["cut ties", "score"] == pytest.approx(math.log2(8 / 3))


def test_columns_order_and_ties():
    sents = [["a", "b"], ["c", "d"], ["e", "f"]]
    out = collocation_table(_toks(sents), min_freq=1)
    assert list(out.columns) == ["ngram", "w1", "w2", "freq", "score"]
    assert list(out["ngram"]) == ["a b", "c d", "e f"]  # equal scores: alphabetical
    assert out.index.equals(pd.RangeIndex(3))
    tri = collocation_table(_toks([["a", "b", "c"]] * 2), n=3, min_freq=1)
    assert list(tri.columns) == ["ngram", "w1", "w2", "w3", "freq", "score"]


@pytest.mark.parametrize("measure", ["pmi", "likelihood_ratio"])
def test_bigrams_agree_with_nltk_finder(measure):
    words = _words(TOY)
    finder = BigramCollocationFinder.from_documents(words)
    finder.apply_word_filter(lambda w: not any(c.isalnum() for c in w))
    finder.apply_freq_filter(2)
    expected = finder.score_ngrams(getattr(BigramAssocMeasures, measure))
    out = collocation_table(_tokens(TOY), measure=measure, drop_stop=False)
    assert list(zip(out["w1"], out["w2"])) == [ng for ng, _ in expected]
    assert out["score"].tolist() == pytest.approx([s for _, s in expected])
    assert out["freq"].tolist() == [finder.ngram_fd[ng] for ng, _ in expected]


@pytest.mark.parametrize("measure", ["pmi", "likelihood_ratio"])
def test_trigrams_agree_with_nltk_finder(measure):
    words = _words(TOY)
    finder = TrigramCollocationFinder.from_documents(words)
    finder.apply_word_filter(lambda w: not any(c.isalnum() for c in w))
    finder.apply_freq_filter(2)
    expected = finder.score_ngrams(getattr(TrigramAssocMeasures, measure))
    out = collocation_table(_tokens(TOY), n=3, measure=measure, drop_stop=False)
    assert len(out) == len(expected) > 0
    assert list(zip(out["w1"], out["w2"], out["w3"])) == [ng for ng, _ in expected]
    assert out["score"].tolist() == pytest.approx([s for _, s in expected])


def test_likelihood_ratio_matches_scipy_g2():
    toks = _tokens(TOY)
    out = collocation_table(toks, measure="likelihood_ratio", drop_stop=False)
    assert len(out) > 3
    words = _words(TOY)
    unigrams = Counter(w for sent in words for w in sent)
    bigrams = Counter(pair for sent in words for pair in zip(sent, sent[1:]))
    n = sum(unigrams.values())
    for row in out.itertuples():
        n_ii = bigrams[(row.w1, row.w2)]
        n_io = unigrams[row.w1] - n_ii
        n_oi = unigrams[row.w2] - n_ii
        table = [[n_ii, n_io], [n_oi, n - n_ii - n_io - n_oi]]
        g2, *_ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
        assert row.freq == n_ii
        assert row.score == pytest.approx(g2, rel=1e-6)


def test_wider_window_follows_church_and_hanks_and_stays_in_sentence():
    sents = [["a", "x", "b"], ["b", "a"]]
    out = collocation_table(_toks(sents), window=3, min_freq=1)
    freq = dict(zip(out["ngram"], out["freq"]))
    # within 2 tokens after "a": x, b (sentence 1); "b a" only in sentence 2; no "b b" across sentences
    assert freq == {"a x": 1, "a b": 1, "x b": 1, "b a": 1}
    # N = 5, f(a) = 2, f(b) = 2; count scaled by 1 / (window - 1)
    score = out.set_index("ngram").loc["a b", "score"]
    assert score == pytest.approx(math.log2((1 / 2) * 5 / (2 * 2)))
    # same as NLTK's window finder on one sentence
    single = collocation_table(_toks([["a", "x", "b", "a", "b"]]), window=3, min_freq=1)
    finder = BigramCollocationFinder.from_words(["a", "x", "b", "a", "b"], window_size=3)
    expected = finder.score_ngrams(BigramAssocMeasures.pmi)
    assert list(zip(single["w1"], single["w2"])) == [ng for ng, _ in expected]
    assert single["score"].tolist() == pytest.approx([s for _, s in expected])


def test_token_order_follows_token_id_and_input_is_not_modified():
    toks = _toks([["cut", "ties"], ["cut", "ties"]])
    shuffled = toks.iloc[::-1]
    before = shuffled.copy()
    out = collocation_table(shuffled)
    assert list(out["ngram"]) == ["cut ties"]
    pd.testing.assert_frame_equal(shuffled, before)


def test_punctuation_and_min_freq_filters():
    out = collocation_table(_tokens(TOY), drop_stop=False, min_freq=1)
    assert not any(any(not c.isalnum() for c in w) and not any(c.isalnum() for c in w)
                   for w in pd.concat([out["w1"], out["w2"]]))
    assert out["freq"].min() == 1
    assert collocation_table(_tokens(TOY), drop_stop=False, min_freq=3)["freq"].min() >= 3


def test_bad_arguments():
    toks = _toks([["a", "b"]])
    with pytest.raises(ValueError, match="n must"):
        collocation_table(toks, n=4)
    with pytest.raises(ValueError, match="measure"):
        collocation_table(toks, measure="dice")
    with pytest.raises(ValueError, match="window"):
        collocation_table(toks, n=3, window=4)
    with pytest.raises(ValueError, match="window"):
        collocation_table(toks, window=1)
    with pytest.raises(ValueError, match="min_freq"):
        collocation_table(toks, min_freq=0)
    with pytest.raises(ValueError, match="is_stop"):
        collocation_table(toks.drop(columns="is_stop"))
    with pytest.raises(TypeError):
        collocation_table([["a", "b"]])
