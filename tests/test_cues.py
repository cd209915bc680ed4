"""Tests for analysis.cues: the compiled matcher gives the outputs of the matcher it replaced, and CueFeatures.

``tests/data/dictionary_reference.json`` holds the outputs of
``DictionaryCoder`` made with the matcher before :mod:`analysis.cues` (one
longest-match look-up per token position and span length, stemming every
token), on the shipped corpus sentences (keyed by a hash of their text) and
on seeded word salads of cues, negations and markers written for this test.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from analysis.coders import DictionaryCoder
from analysis.corpus import read_corpus
from analysis.cues import CueFeatures, CueMatcher
from analysis.sentences import sentence_table
from analysis.tokens import word_tokens

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = json.loads((ROOT / "tests" / "data" / "dictionary_reference.json").read_text(encoding="utf-8"))
LEXICON = {"ENGAGE": ["keep ties", "people-to-people", "engage"], "DISENGAGE": ["suspend", "sever", "cut ties"]}


def _outputs(coder, texts):
    table = coder.match_table(texts)
    matches = [[[int(r.token_start), int(r.token_end), r.cue, r.label, bool(r.negated), bool(r.contrasted),
                 float(r.weight), r.counted_for] for r in table[table["row"] == i].itertuples()]
               for i in range(len(texts))]
    return coder.predict(texts).tolist(), coder.predict_proba(texts), matches


def _check(coder, texts, expected):
    predicted, proba, matches = _outputs(coder, texts)
    assert predicted == [e["predicted"] for e in expected]
    np.testing.assert_allclose(proba, [e["proba"] for e in expected], atol=1e-11)
    assert matches == [e["matches"] for e in expected]


def test_same_outputs_as_before_on_the_corpus_sentences():
    coder = DictionaryCoder(REFERENCE["lexicon"]).fit(["x"])
    assert coder.classes_.tolist() == REFERENCE["classes"]
    by_hash = {e["sha1"]: e for e in REFERENCE["sentences"]}
    texts = sorted(set(sentence_table(read_corpus(ROOT / "corpus"))["text"]))
    texts = [t for t in texts if hashlib.sha1(t.encode()).hexdigest()[:16] in by_hash]
    assert len(texts) >= 0.8 * len(by_hash)  # the corpus may be re-split a little, not replaced
    expected = [by_hash[hashlib.sha1(t.encode()).hexdigest()[:16]] for t in texts]
    assert sum(len(e["matches"]) for e in expected) > 50
    _check(coder, texts, expected)


def test_same_outputs_as_before_on_word_salads():
    coder = DictionaryCoder(REFERENCE["lexicon"]).fit(["x"])
    expected = REFERENCE["generated"]
    assert sum(any(m[4] for m in e["matches"]) for e in expected) > 100  # negations are exercised
    _check(coder, [e["text"] for e in expected], expected)


def test_longest_match_wins_and_matches_do_not_overlap():
    m = CueMatcher({"A": ["ties", "keep ties with"], "B": ["with"]})
    hits = m.matches(word_tokens("We keep ties with them and ties"))
    assert [(s, e, label) for s, e, label, *_ in hits] == [(1, 4, "A"), (6, 7, "A")]


def test_stems_are_computed_once_per_type():
    m = CueMatcher(LEXICON)
    calls = []
    stem = m._stemmer.stem
    m._stemmer.stem = lambda w: calls.append(w) or stem(w)
    m.matches(word_tokens("Suspended walls, suspended walls and the suspended walls."))
    m.matches(word_tokens("The walls were suspended."))
    assert sorted(calls) == ["and", "suspended", "the", "walls", "were"]  # punctuation is never stemmed
    assert CueMatcher(LEXICON, stem=False).terms(["suspended"]) == ["suspended"]


# ------------------------------------------------------------------ features


def test_cue_features_flip_under_negation_and_contrast():
    f = CueFeatures(LEXICON).fit(["x"])
    assert f.get_feature_names_out().tolist() == ["cue_DISENGAGE", "cue_ENGAGE"]
    X = f.transform(["We will suspend ties.", "We will not suspend ties.",
                     "Keep ties rather than sever them.", "Rain fell.", "Don't keep ties, but cut ties!"]).toarray()
    np.testing.assert_array_equal(X, [[1, 0], [0, 1], [0, 2], [0, 0], [2, 0]])
    weighted = CueFeatures(LEXICON, weighted=True, scale=0.5).fit(["x"]).transform(["Keep ties, but cut ties."])
    np.testing.assert_array_equal(weighted.toarray(), [[1.0, 0.5]])


def test_cue_features_other_label_sets_and_no_opposite():
    f = CueFeatures({"FAVOR": ["support"], "AGAINST": ["oppose the plan"]}, default="NONE").fit(["x"])
    np.testing.assert_array_equal(f.transform(["We do not support it."]).toarray(), [[1, 0]])
    three = CueFeatures({"A": ["alpha"], "B": ["beta"], "C": ["gamma"]}).fit(["x"])
    np.testing.assert_array_equal(three.transform(["not alpha", "alpha"]).toarray(), [[0, 0, 0], [1, 0, 0]])


def test_cue_features_in_a_feature_union_and_clone():
    union = FeatureUnion([("words", TfidfVectorizer()), ("cues", CueFeatures(LEXICON))])
    X = union.fit_transform(["we keep ties", "we cut ties"])
    assert X.shape == (2, 6) and union.get_feature_names_out()[-1] == "cues__cue_ENGAGE"
    assert clone(CueFeatures(LEXICON, scale=2.0)).get_params()["scale"] == 2.0
    with pytest.raises(ValueError, match="lexicon"):
        CueFeatures().fit(["x"])


def test_cue_features_check_their_parameters_as_the_dictionary_coder_does():
    import pytest

    from analysis.coders import DictionaryCoder
    from analysis.cues import CueFeatures

    for estimator in (CueFeatures, DictionaryCoder):
        with pytest.raises(ValueError, match="negation_window must be an int >= 0"):
            estimator({"ENGAGE": ["keep ties"]}, negation_window=-1).fit(["x"])
        with pytest.raises(ValueError, match="adversative_weight must be > 0"):
            estimator({"ENGAGE": ["keep ties"]}, adversative_weight=0).fit(["x"])
