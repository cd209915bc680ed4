"""Tokens: offsets into the clean text, terms, stems, stop words."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.tokens import STOP_WORDS, TOKEN_COLUMNS, token_table, word_tokens


def test_token_offsets_match_clean_text(sample_corpus, sample_tokens):
    clean = {d: ct.text for d, ct in sample_corpus.clean_texts()}
    assert tuple(sample_tokens.columns) == TOKEN_COLUMNS
    for row in sample_tokens.itertuples():
        assert clean[row.doc_id][row.start : row.end] == row.token


def test_curly_apostrophes_split_like_straight_ones():
    assert word_tokens("Please don’t let them.") == ["please", "do", "n't", "let", "them", "."]
    assert word_tokens("Please don't let them.") == ["please", "do", "n't", "let", "them", "."]


def test_quotes_keep_their_printed_form_and_spans():
    sents = pd.DataFrame({"doc_id": ["d"], "sent_id": ["d-001"], "start": [0], "text": ["“Cut ties,” he said."]})
    toks = token_table(sents)
    assert list(toks["token"]) == ["“", "Cut", "ties", ",", "”", "he", "said", "."]
    assert list(toks["term"])[:2] == ['"', "cut"]
    assert list(toks["is_punct"]) == [True, False, False, True, True, False, False, True]


def test_stems_and_stop_words():
    sents = pd.DataFrame({"doc_id": ["d"], "sent_id": ["d-001"], "start": [0],
                          "text": ["The councils suspended relationships."]})
    toks = token_table(sents)
    assert list(toks["stem"]) == ["the", "council", "suspend", "relationship", "."]
    assert list(toks["is_stop"]) == [True, False, False, False, False]
    assert {"the", "and", "n't", "'s"} <= STOP_WORDS
    assert "keep" not in STOP_WORDS  # "keep ties" is a stance


def test_sample_token_count_is_stable(sample_tokens):
    # Regression values: a change here changes every count in the notebooks.
    words = sample_tokens[~sample_tokens["is_punct"]]
    assert words.groupby("doc_id", sort=False).size().to_dict() == {
        "madrid-latimes": 712,
        "grassrootslab-madrid": 444,
        "kristmanson-cpdblog": 884,
        "news-sister-cities": 390,
        "amiri-cpdblog": 841,
    }


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.,’'“”\"-()!?1")), min_size=1, max_size=80))
def test_offsets_hold_for_any_text(text):
    sents = pd.DataFrame({"doc_id": ["d"], "sent_id": ["d-001"], "start": [5], "text": [text]})
    toks = token_table(sents)
    for row in toks.itertuples():
        assert text[row.start - 5 : row.end - 5] == row.token


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.,;:’‘'“”\"`-()[]!?1$\nΣς")), min_size=0, max_size=60))
def test_word_tokens_are_the_terms_of_the_token_spans(text):
    # word_tokens skips finding the spans when NLTK leaves the tokens as they are printed
    from analysis.tokens import normalise_term, token_spans

    assert word_tokens(text) == [normalise_term(text[s:e]) for s, e in token_spans(text)]


def test_cached_word_tokens_are_word_tokens_and_cannot_be_changed(sample_sentences):
    from analysis.tokens import cached_word_tokens

    texts = list(sample_sentences["text"])
    first = [cached_word_tokens(t) for t in texts]
    assert first == [tuple(word_tokens(t)) for t in texts]
    assert all(cached_word_tokens(t) is tokens for t, tokens in zip(texts, first))  # remembered, not recomputed
    assert all(isinstance(tokens, tuple) for tokens in first)  # shared, so immutable


def test_shipped_stop_word_list_is_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_LIST

    from analysis.tokens import ENGLISH_STOP_WORDS, KEPT_WORDS

    assert ENGLISH_STOP_WORDS == SKLEARN_LIST
    assert KEPT_WORDS <= ENGLISH_STOP_WORDS  # each kept word is one the list would have dropped
