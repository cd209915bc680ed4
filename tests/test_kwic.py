"""Tests for analysis.compare.kwic: matches, offsets, context, coding join.

The independent reference is NLTK's ``nltk.text.ConcordanceIndex``
(token-based concordance): on the real corpus, a plain phrase must give the
same lines and the same left context as NLTK run sentence by sentence.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from nltk.text import ConcordanceIndex

from analysis.compare.kwic import KWIC_COLUMNS, kwic_table, phrase_regex
from analysis.tokens import token_spans

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sents():
    texts = [
        ("b-doc", "Sister cities should cut ties."),
        ("b-doc", "Ties matter; SISTER\n  CITIES endure, said the sister-cities group."),
        ("a-doc", "Keep the ties with sister cities, don’t sever ties."),
        ("a-doc", "Parties and entities are not ties."),
        ("a-doc", "Don’t cut ties."),
    ]
    rows, offset, counters = [], {}, {}
    for doc_id, text in texts:
        start = offset.get(doc_id, 0) + 5  # a gap before each sentence
        counters[doc_id] = counters.get(doc_id, 0) + 1
        rows.append({"doc_id": doc_id, "sent_id": f"{doc_id}-{counters[doc_id]:03d}", "start": start,
                     "text": text, "duplicate_of": ""})
        offset[doc_id] = start + len(text)
    return pd.DataFrame(rows)


def _sentence_of(sents, sent_id):
    return sents.set_index("sent_id").loc[sent_id]


def test_columns_and_empty_result(sents):
    out = kwic_table(sents, "zeppelin")
    assert list(out.columns) == list(KWIC_COLUMNS)
    assert out.empty and out.index.equals(pd.RangeIndex(0))


def test_multiword_phrase_is_whitespace_insensitive_and_on_word_boundaries(sents):
    out = kwic_table(sents, "sister   cities")
    # "SISTER\n  CITIES" matches, "sister-cities" does not (a hyphen is not whitespace)
    assert list(out["keyword"]) == ["Sister cities", "SISTER\n  CITIES", "sister cities"]
    assert list(out["sent_id"]) == ["b-doc-001", "b-doc-002", "a-doc-001"]
    # whole words only: "ties" is not found inside "Parties" or "entities"
    ties = kwic_table(sents, "ties")
    assert (ties["sent_id"] == "a-doc-002").sum() == 1
    assert not kwic_table(sents, "tie").shape[0]


def test_case_options(sents):
    assert len(kwic_table(sents, "ties")) == 6
    exact = kwic_table(sents, "Ties", case_sensitive=True)
    assert list(exact["sent_id"]) == ["b-doc-002"]
    assert list(kwic_table(sents, "SISTER", case_sensitive=True)["keyword"]) == ["SISTER"]


def test_plain_pattern_matches_either_apostrophe(sents):
    out = kwic_table(sents, "don't")
    assert list(out["keyword"]) == ["don’t", "Don’t"]


def test_regex(sents):
    out = kwic_table(sents, r"\bsever\b|\bcut\b", regex=True)
    assert list(out["keyword"]) == ["cut", "sever", "cut"]
    # a regex is taken as is: here it may match inside words
    assert set(kwic_table(sents, "ties", regex=True)["sent_id"]) >= {"a-doc-002"}
    assert len(kwic_table(sents, "ti", regex=True)) > len(kwic_table(sents, "ties"))
    # zero-width matches are skipped
    assert kwic_table(sents, r"\b", regex=True).empty


def test_offsets_agree_with_sentence_text(sents):
    out = kwic_table(sents, r"ties|sister\s+cities", regex=True)
    assert len(out) > 0
    for row in out.itertuples():
        sent = _sentence_of(sents, row.sent_id)
        assert sent["text"][row.start - sent["start"] : row.end - sent["start"]] == row.keyword
        # left + keyword + right is a contiguous stretch of the sentence
        assert row.left.strip() in sent["text"][: row.start - sent["start"]]
        assert sent["text"][row.end - sent["start"] :].lstrip().startswith(row.right)


def test_offsets_agree_with_clean_text_of_real_corpus():
    if not (ROOT / "corpus" / "documents.csv").exists():
        pytest.skip("sample corpus not present")
    from analysis.corpus import read_corpus
    from analysis.sentences import sentence_table

    corpus = read_corpus(ROOT / "corpus")
    clean = {doc_id: ct.text for doc_id, ct in corpus.clean_texts()}
    out = kwic_table(sentence_table(corpus), "sister cities")
    assert len(out) >= 5
    for row in out.itertuples():
        assert clean[row.doc_id][row.start : row.end] == row.keyword


def test_context_stops_at_sentence_edges(sents):
    out = kwic_table(sents, "sister cities", window=3)
    first = out.iloc[0]  # at the start of its sentence
    assert first["left"] == "" and first["right"] == "should cut ties"
    last = kwic_table(sents, "ties", window=8).iloc[-1]  # "Don’t cut ties."
    assert last["left"] == "Don’t cut" and last["right"] == "."
    # a window larger than the sentence gives the whole sentence, not the next one
    assert kwic_table(sents, "sever", window=50).iloc[0]["right"] == "ties."
    assert kwic_table(sents, "sever", window=None).iloc[0]["left"] == "Keep the ties with sister cities, don’t"
    zero = kwic_table(sents, "sever", window=0).iloc[0]
    assert zero["left"] == "" and zero["right"] == ""


def test_window_counts_tokens_including_punctuation(sents):
    row = kwic_table(sents, "sever", window=2).iloc[0]
    assert row["left"] == "don’t"  # "do" + "n’t" are two tokens
    assert row["right"] == "ties."  # "ties" + "." are two tokens


def test_stable_order_is_document_order_then_position(sents):
    out = kwic_table(sents, "ties")
    assert list(out["doc_id"]) == ["b-doc"] * 2 + ["a-doc"] * 4  # not alphabetical
    a = out[out["doc_id"] == "a-doc"]
    assert list(a["start"]) == sorted(a["start"])
    assert out.index.equals(pd.RangeIndex(len(out)))


def test_coding_join(sents):
    coding = pd.DataFrame({"sent_id": ["b-doc-001", "a-doc-001", "a-doc-003"],
                           "stance": ["DISENGAGE", "ENGAGE", "ENGAGE"],
                           "voice": ["author", "author", "quoted"],
                           "actor": ["city", "city", "city"], "target": ["", "", ""]})
    out = kwic_table(sents, "ties", coding=coding)
    assert list(out.columns) == [*KWIC_COLUMNS, "stance", "voice"]
    by_sent = out.groupby("sent_id", sort=False)["stance"].first()
    assert by_sent["b-doc-001"] == "DISENGAGE" and by_sent["a-doc-001"] == "ENGAGE"
    assert pd.isna(by_sent["b-doc-002"])  # not coded
    assert out["voice"][out["sent_id"] == "a-doc-003"].tolist() == ["quoted"]
    more = kwic_table(sents, "ties", coding=coding, coding_columns=("stance", "actor"))
    assert list(more.columns[-2:]) == ["stance", "actor"]
    with pytest.raises(ValueError, match="several rows"):
        kwic_table(sents, "ties", coding=pd.concat([coding, coding.iloc[:1]]))
    with pytest.raises(ValueError, match="voice"):
        kwic_table(sents, "ties", coding=coding.drop(columns="voice"))


def test_pull_quote_duplicates_are_skipped(sents):
    dup = sents.copy()
    dup.loc[4, "duplicate_of"] = "a-doc-001"
    assert "a-doc-003" not in set(kwic_table(dup, "ties")["sent_id"])
    assert "a-doc-003" in set(kwic_table(dup, "ties", drop_duplicates=False)["sent_id"])


def test_inputs_are_not_modified(sents):
    before = sents.copy()
    kwic_table(sents, "ties", coding=pd.DataFrame({"sent_id": ["a-doc-001"], "stance": ["ENGAGE"], "voice": ["x"]}))
    pd.testing.assert_frame_equal(sents, before)


def test_bad_arguments(sents):
    with pytest.raises(ValueError, match="empty"):
        kwic_table(sents, "   ")
    with pytest.raises(ValueError, match="regular expression"):
        kwic_table(sents, "(ties", regex=True)
    with pytest.raises(TypeError):
        kwic_table(sents, 3)
    with pytest.raises(ValueError, match="window"):
        kwic_table(sents, "ties", window=-1)
    with pytest.raises(TypeError, match="window"):
        kwic_table(sents, "ties", window=2.5)
    with pytest.raises(ValueError, match="text"):
        kwic_table(sents.drop(columns="text"), "ties")
    with pytest.raises(ValueError):
        phrase_regex("")


@pytest.mark.parametrize("phrase", [["sister", "cities"], ["ties"], ["citizen", "diplomacy"]])
def test_agrees_with_nltk_concordance_index_on_real_corpus(phrase):
    """Same lines and same left context as NLTK's ConcordanceIndex, sentence by sentence."""
    if not (ROOT / "corpus" / "documents.csv").exists():
        pytest.skip("sample corpus not present")
    from analysis.corpus import read_corpus
    from analysis.sentences import sentence_table

    sentences = sentence_table(read_corpus(ROOT / "corpus"))
    window = 5
    ours = kwic_table(sentences, " ".join(phrase), window=window, drop_duplicates=False)
    expected = []
    for sent_id, text in zip(sentences["sent_id"], sentences["text"]):
        spans = token_spans(text)
        tokens = [text[s:e] for s, e in spans]
        index = ConcordanceIndex(tokens, key=str.lower)
        for line in index.find_concordance(phrase, width=4 * window):
            expected.append((sent_id, spans[line.offset][0], line.left, line.right))
    assert len(ours) == len(expected) > 0
    for row, (sent_id, start, left, right) in zip(ours.itertuples(), expected):
        sent_start = int(sentences.loc[sentences["sent_id"] == sent_id, "start"].iloc[0])
        assert (row.sent_id, row.start - sent_start) == (sent_id, start)
        assert [row.left[s:e] for s, e in token_spans(row.left)] == left
        # NLTK's right context is window - len(phrase) tokens long
        assert [row.right[s:e] for s, e in token_spans(row.right)][: len(right)] == right
