"""Tests for analysis.compare.distinctive: top_terms and distinctive_terms.

``distinctive_terms`` is pinned to TF-IDF computed by hand from the formula
in scikit-learn's user guide (raw tf, smooth idf = ln((1 + n) / (1 + df)) + 1,
L2 norm) and to an independent ``TfidfVectorizer(tokenizer=word_tokens)`` run
on one-sentence documents. ``top_terms`` is pinned to ``collections.Counter``.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.compare.distinctive import distinctive_terms, top_terms
from analysis.tokens import STOP_WORDS, token_table, word_tokens

DOCS = {
    "one": ["Cut ties with Russia now.", "Cut ties, cut them."],
    "two": ["Sister cities still ties.", "Sister cities matter."],
    "three": ["Diplomacy needs sister cities."],
}


@pytest.fixture
def sents():
    rows = [(doc, f"{doc}-{i:03d}", 0, text) for doc, texts in DOCS.items() for i, text in enumerate(texts, 1)]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "text"])


@pytest.fixture
def toks(sents):
    return token_table(sents)


def _hand_tfidf(counts: dict[str, Counter]) -> dict[tuple[str, str], float]:
    n = len(counts)
    df = Counter(t for c in counts.values() for t in c)
    out = {}
    for doc, c in counts.items():
        w = {t: tf * (math.log((1 + n) / (1 + df[t])) + 1) for t, tf in c.items()}
        norm = math.sqrt(sum(v * v for v in w.values()))
        out.update({(doc, t): v / norm for t, v in w.items()})
    return out


def test_tfidf_by_hand(toks):
    # content terms: one = cut x3, ties x2, russia; two = sister x2, cities x2, ties, matter;
    # three = diplomacy, needs, sister, cities   ("with", "now", "them", "still" are stop words)
    counts = {
        "one": Counter({"cut": 3, "ties": 2, "russia": 1}),
        "two": Counter({"sister": 2, "cities": 2, "ties": 1, "matter": 1}),
        "three": Counter({"diplomacy": 1, "needs": 1, "sister": 1, "cities": 1}),
    }
    expected = _hand_tfidf(counts)
    # spot-check one value written out: "cut" in "one": tf 3, df 1, n 3
    idf1, idf2 = math.log(4 / 2) + 1, math.log(4 / 3) + 1
    cut = 3 * idf1 / math.sqrt((3 * idf1) ** 2 + (2 * idf2) ** 2 + idf1**2)
    assert expected[("one", "cut")] == pytest.approx(cut)
    out = distinctive_terms(toks, n=None)
    assert len(out) == len(expected)
    for row in out.itertuples():
        assert row.tfidf == pytest.approx(expected[(row.doc_id, row.term)], abs=1e-12)
        assert row.count == counts[row.doc_id][row.term]
    assert out.loc[(out.doc_id == "one") & (out.term == "cut"), "tfidf"].item() == pytest.approx(cut)


def test_sublinear_tf_by_hand(toks):
    out = distinctive_terms(toks, n=None, sublinear_tf=True)
    idf1, idf2 = math.log(4 / 2) + 1, math.log(4 / 3) + 1
    w = {"cut": (1 + math.log(3)) * idf1, "ties": (1 + math.log(2)) * idf2, "russia": idf1}
    norm = math.sqrt(sum(v * v for v in w.values()))
    got = out[out.doc_id == "one"].set_index("term")["tfidf"]
    for term, value in w.items():
        assert got[term] == pytest.approx(value / norm)


def test_agrees_with_sklearn_on_one_sentence_documents():
    texts = ["Cut the ties with Russia now", "Sister cities keep the ties", "Diplomacy needs sister cities and ties"]
    sents = pd.DataFrame({"doc_id": ["a", "b", "c"], "sent_id": ["a-1", "b-1", "c-1"], "start": 0, "text": texts})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # stop-word consistency notice
        vec = TfidfVectorizer(tokenizer=word_tokens, token_pattern=None, lowercase=False,
                              stop_words=sorted(STOP_WORDS))
        matrix = vec.fit_transform(texts).toarray()
    vocab = vec.get_feature_names_out()
    out = distinctive_terms(sents, n=None)
    for i, doc in enumerate("abc"):
        expected = {t: v for t, v in zip(vocab, matrix[i]) if v > 0}
        got = out[out.doc_id == doc].set_index("term")["tfidf"].to_dict()
        assert got.keys() == expected.keys()
        assert np.allclose([got[t] for t in sorted(got)], [expected[t] for t in sorted(expected)])


def test_sentences_and_tokens_give_the_same_table(sents, toks):
    pd.testing.assert_frame_equal(distinctive_terms(sents), distinctive_terms(toks))
    # a whole document is never tokenized in one piece: no "ties." or "." terms
    assert not distinctive_terms(sents, n=None)["term"].str.contains(r"\.$").any()


def test_distinctive_columns_order_and_rank(toks):
    out = distinctive_terms(toks, n=2)
    assert list(out.columns) == ["doc_id", "rank", "term", "tfidf", "count"]
    assert list(out["doc_id"]) == ["one", "one", "two", "two", "three", "three"]  # input order
    assert list(out["rank"]) == [1, 2] * 3
    # "three": four terms with count 1; the two with df=1 win, alphabetically
    assert list(out[out.doc_id == "three"]["term"]) == ["diplomacy", "needs"]
    assert out.index.equals(pd.RangeIndex(6))


def test_distinctive_by_other_group_drops_missing(toks):
    stance = {"one": "DISENGAGE", "two": "ENGAGE", "three": None}
    grouped = toks.assign(stance=toks["doc_id"].map(stance))
    out = distinctive_terms(grouped, by="stance", n=None)
    assert list(pd.unique(out["stance"])) == ["DISENGAGE", "ENGAGE"]
    assert "diplomacy" not in set(out["term"])


def test_top_terms_against_counter(toks):
    out = top_terms(toks, n=None)
    assert list(out.columns) == ["doc_id", "rank", "term", "count", "share"]
    for doc, group in toks.groupby("doc_id"):
        kept = group[~group.is_stop & ~group.is_punct]["term"]
        expected = Counter(kept)
        got = out[out.doc_id == doc]
        assert dict(zip(got["term"], got["count"])) == dict(expected)
        assert got["share"].sum() == pytest.approx(1.0)
        assert got.set_index("term")["share"].to_dict() == pytest.approx(
            {t: c / len(kept) for t, c in expected.items()})


def test_top_terms_ties_alphabetical_and_n(toks):
    out = top_terms(toks, n=3)
    two = out[out.doc_id == "two"]
    assert list(two["term"]) == ["cities", "sister", "matter"]  # 2, 2, then 1s alphabetically
    assert list(two["rank"]) == [1, 2, 3]
    assert out.groupby("doc_id").size().max() == 3
    assert out.index.equals(pd.RangeIndex(len(out)))


def test_top_terms_options(toks):
    everything = top_terms(toks, by=None, n=None, drop_stop=False, drop_punct=False)
    assert list(everything.columns) == ["rank", "term", "count", "share"]
    assert everything["count"].sum() == len(toks)
    assert everything.iloc[0]["term"] in {".", "cut", "ties", "cities", "sister"}
    stems = top_terms(toks, term="stem", by=None, n=None)
    assert "citi" in set(stems["term"])
    before = toks.copy()
    top_terms(toks)
    pd.testing.assert_frame_equal(toks, before)


def test_bad_arguments(toks):
    with pytest.raises(ValueError, match="n must"):
        top_terms(toks, n=0)
    with pytest.raises(ValueError, match="stance"):
        top_terms(toks, by="stance")
    with pytest.raises(TypeError):
        top_terms(["ties"])
    with pytest.raises(ValueError, match="n must"):
        distinctive_terms(toks, n=-1)
    with pytest.raises(TypeError):
        distinctive_terms("text")
