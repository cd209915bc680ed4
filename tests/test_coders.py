"""Tests for analysis.coders.

Text-input estimators are not covered by ``parametrize_with_checks``
(scikit-learn issue 12491), so the contract is checked by hand (STYLE.md):
clone keeps parameters, fit returns self, NotFittedError before fit,
refitting gives identical predictions, X is left unchanged, and the coders
work in Pipeline and GridSearchCV. Stemming is pinned to NLTK's Porter
stemmer; the TF-IDF pipeline and the tuning to an independent reassembly
from scikit-learn parts. All sentences are written for these tests.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
from nltk.stem.porter import PorterStemmer
from scipy.sparse import hstack
from sklearn.base import clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline

from analysis.coders import DictionaryCoder, TunedCoder, as_texts, tfidf_coder, tuned_tfidf_coder
from analysis.tokens import cached_word_tokens, word_tokens

LEXICON = {
    "ENGAGE": ["keep ties", "maintain ties", "strengthen", "engage", "continue", "sister city with"],
    "DISENGAGE": ["suspend", "sever", "cut ties", "renounce", "disengage", "boycott", "getting rid of",
                  "tantamount to providing support"],
}

#: Hand-written labelled sentences (not from the corpus) in three stances.
ENGAGE = [
    "Our town should keep ties with its partner city.",
    "The council voted to maintain ties with the twin town.",
    "Mayors want to strengthen exchanges between students.",
    "We must engage with ordinary people over there.",
    "Let the choir continue its visits to the partner city.",
    "The city will become a sister city with the besieged capital.",
    "Residents raised money to help their sister city rebuild.",
    "Teachers hope to keep ties alive through letters.",
]
DISENGAGE = [
    "The council voted to suspend the partnership.",
    "Mayors should sever relations with the partner city.",
    "It is time to cut ties with the twin town.",
    "The city will renounce its sister city agreement.",
    "Officials decided to suspend all exchange visits.",
    "Several towns moved to sever their twinning links.",
    "Residents demanded that the council cut ties now.",
    "The mayor announced plans to renounce the pact.",
]
NEUTRAL = [
    "The partnership was founded in 1989.",
    "The river runs through the old town.",
    "About 40,000 people live in the twin town.",
    "The program began after the war.",
    "Both cities host a spring festival.",
    "The mayor was elected last year.",
    "The delegation flew in on a Tuesday.",
    "Schools in both cities teach chemistry.",
]
TEXTS = ENGAGE + DISENGAGE + NEUTRAL
LABELS = ["ENGAGE"] * 8 + ["DISENGAGE"] * 8 + ["NEUTRAL"] * 8


def coders():
    return [
        DictionaryCoder(LEXICON),
        tfidf_coder(min_df=1),
        tuned_tfidf_coder(Cs=(0.5, 5.0), n_splits=3, min_per_class=4, min_df=1),
    ]


def _params_equal(a, b) -> bool:
    """Same parameters, deep; nested estimators are compared through their own parameters."""
    pa, pb = a.get_params(deep=True), b.get_params(deep=True)
    if pa.keys() != pb.keys():
        return False
    for k in pa:
        va, vb = pa[k], pb[k]
        if hasattr(va, "get_params") or isinstance(va, list) and va and isinstance(va[0], tuple):
            if type(va) is not type(vb):
                return False
        elif va != vb:
            return False
    return True


# --------------------------------------------------------------- the contract


@pytest.mark.parametrize("coder", coders(), ids=["dictionary", "tfidf", "tuned"])
def test_estimator_contract(coder):
    assert is_classifier(coder)
    twin = clone(coder)
    assert _params_equal(coder, twin)
    with pytest.raises(NotFittedError):
        twin.predict(TEXTS)
    texts, labels = list(TEXTS), pd.Series(LABELS)
    before_texts, before_labels = copy.deepcopy(texts), labels.copy()
    assert twin.fit(texts, labels) is twin
    assert texts == before_texts and labels.equals(before_labels)
    first = twin.predict(texts)
    proba = twin.predict_proba(texts)
    assert texts == before_texts
    assert list(twin.classes_) == ["DISENGAGE", "ENGAGE", "NEUTRAL"]
    assert proba.shape == (len(texts), 3) and np.allclose(proba.sum(axis=1), 1.0)
    second = clone(coder).fit(texts, labels).predict(texts)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(twin.fit(texts, labels).predict(texts), first)
    assert _params_equal(coder, twin)  # fit did not change a parameter
    assert (first == np.array(LABELS)).mean() >= 0.9  # each coder can reproduce its training data


@pytest.mark.parametrize("coder", coders()[:2], ids=["dictionary", "tfidf"])
def test_works_in_pipeline_and_grid_search(coder):
    pipe = Pipeline([("coder", coder)])
    np.testing.assert_array_equal(pipe.fit(TEXTS, LABELS).predict(TEXTS), clone(coder).fit(TEXTS, LABELS).predict(TEXTS))
    grid = {"coder__negation_window": [1, 3]} if isinstance(coder, DictionaryCoder) else {"coder__classifier__C": [0.5, 5.0]}
    search = GridSearchCV(Pipeline([("coder", clone(coder))]), grid, cv=StratifiedKFold(4, shuffle=True, random_state=0))
    search.fit(TEXTS, LABELS)
    assert set(search.best_params_) == set(grid)
    assert len(search.predict(["Cities should cut ties."])) == 1


def test_input_validation():
    coder = DictionaryCoder(LEXICON).fit(TEXTS, LABELS)
    with pytest.raises(TypeError, match="single string"):
        coder.predict("Cut ties.")
    with pytest.raises(TypeError, match=r"X\[1\]"):
        coder.predict(["Cut ties.", None])
    with pytest.raises(TypeError, match="one-dimensional"):
        coder.predict(pd.DataFrame({"text": ["a"]}))
    assert as_texts(pd.Series(["a", "b"])) == ["a", "b"]


def test_fit_checks_lexicon_and_labels():
    with pytest.raises(ValueError, match="lexicon"):
        DictionaryCoder().fit(TEXTS, LABELS)
    with pytest.raises(ValueError, match="list of cues"):
        DictionaryCoder({"ENGAGE": "keep ties"}).fit(TEXTS)
    with pytest.raises(ValueError, match="ENGAGED"):
        DictionaryCoder({"ENGAGED": ["keep"], "DISENGAGE": ["cut"]}).fit(TEXTS, LABELS)
    with pytest.raises(ValueError, match="NONE"):
        DictionaryCoder(LEXICON, default="NONE").fit(TEXTS, LABELS)
    with pytest.raises(ValueError, match="also matches"):
        DictionaryCoder({"ENGAGE": ["keep"], "DISENGAGE": ["keeping"]}).fit(TEXTS)  # same Porter stem
    with pytest.raises(ValueError, match="also a"):
        DictionaryCoder({"ENGAGE": ["never"], "DISENGAGE": ["cut"]}).fit(TEXTS)
    # without y, classes come from the lexicon and the default
    assert DictionaryCoder(LEXICON).fit(["x"]).classes_.tolist() == ["DISENGAGE", "ENGAGE", "NEUTRAL"]


# ------------------------------------------------------------ dictionary rules


def _code(texts, **params):
    return DictionaryCoder(LEXICON, **params).fit(["x"]).predict(texts).tolist()


def test_plain_cues_and_default():
    assert _code(["Cities should cut ties.", "We keep ties.", "The sun rose over the river."]) == [
        "DISENGAGE", "ENGAGE", "NEUTRAL"]


@pytest.mark.parametrize("text", [
    "The council will not suspend the partnership.",
    "Don't cut ties with the twin town.",
    "Don’t cut ties with the twin town.",  # curly apostrophe
    "We will never renounce our partners.",
    "The mayor refused to sever the link.",
    "The council did not even vote to suspend it.",  # three tokens between
])
def test_negation_flips_a_cue(text):
    assert _code([text]) == ["ENGAGE"]


def test_negation_scope():
    # the window: three tokens between negation and cue by default, fewer if asked
    assert _code(["The council did not even vote to suspend it."], negation_window=2) == ["DISENGAGE"]
    # punctuation ends the scope
    assert _code(["No, cities should suspend the exchange."]) == ["DISENGAGE"]
    # two negations cancel
    assert _code(["We would never refuse to suspend the pact."]) == ["DISENGAGE"]
    # a negation that is part of a cue is not a negation
    coder = DictionaryCoder({"DISENGAGE": ["cannot coexist"], "ENGAGE": ["keep"]}).fit(["x"])
    assert coder.predict(["Atrocities cannot coexist with business as usual."]).tolist() == ["DISENGAGE"]


@pytest.mark.parametrize("text, expected", [
    ("Should not cities engage with ordinary people, rather than disengage?", "ENGAGE"),
    ("Rather than disengage, cities should engage.", "ENGAGE"),
    ("Instead of cutting ties, the town kept its festival.", "ENGAGE"),
    ("Let them talk to residents as opposed to boycotts and sanctions.", "ENGAGE"),
    ("Rather than getting rid of this program, we should strengthen it.", "ENGAGE"),
    ("Cities should suspend the pact rather than continue it.", "DISENGAGE"),
    ("Instead of waiting, cities should cut ties.", "DISENGAGE"),  # the comma ends the contrast
])
def test_contrast_marks_the_rejected_option(text, expected):
    assert _code([text]) == [expected]


def test_adversative_clause_weighs_more():
    text = "We value the exchange and continue it, but this is tantamount to providing support."
    coder = DictionaryCoder(LEXICON).fit(["x"])
    table = coder.match_table([text])
    assert table["label"].tolist() == ["ENGAGE", "DISENGAGE"]
    assert table["weight"].tolist() == [1.0, 2.0]
    assert coder.predict([text]).tolist() == ["DISENGAGE"]
    assert _code(["We should keep ties, but suspend the visits for now."]) == ["DISENGAGE"]
    assert _code(["We should suspend the visits, but keep ties with students."]) == ["ENGAGE"]
    assert _code(["We should suspend the visits, but keep ties."], adversative_weight=1.0) == ["NEUTRAL"]  # tie


def test_not_only_but_also_is_neither_negation_nor_contrast():
    assert _code(["Cities should not only strengthen schools but also suspend the pact."]) == ["NEUTRAL"]  # 1 vs 1
    assert _code(["Cities should not only strengthen schools but suspend the pact."]) == ["DISENGAGE"]


def test_negative_question_asserts_the_positive():
    assert _code(["Shouldn't cities engage with ordinary residents?"]) == ["ENGAGE"]
    assert _code(["Why don't mayors cut ties?"]) == ["DISENGAGE"]
    assert _code(["Cities shouldn't engage with the regime."]) == ["DISENGAGE"]


def test_stems_are_porter_stems():
    stem = PorterStemmer().stem
    coder = DictionaryCoder(LEXICON).fit(["x"])
    assert ("suspend",) in coder.lexicon_["DISENGAGE"]
    assert (stem("cut"), stem("ties")) in coder.lexicon_["DISENGAGE"]
    texts = ["Chicago suspended its status.", "They are suspending visits.", "Officials severed the link."]
    assert _code(texts) == ["DISENGAGE"] * 3
    assert _code(texts, stem=False) == ["NEUTRAL"] * 3
    assert [stem(w) for w in ("suspended", "suspending", "suspension")] == ["suspend", "suspend", "suspens"]


def test_any_label_set_and_opposites():
    lexicon = {"FAVOR": ["support"], "AGAINST": ["oppose the plan"]}
    coder = DictionaryCoder(lexicon, default="NONE").fit(["a", "b", "c"], ["FAVOR", "AGAINST", "NONE"])
    assert coder.predict(["We support it.", "We do not support it.", "Rain."]).tolist() == ["FAVOR", "AGAINST", "NONE"]
    three = {"A": ["alpha"], "B": ["beta"], "C": ["gamma"]}
    assert DictionaryCoder(three).fit(["x"]).predict(["not alpha"]).tolist() == ["NEUTRAL"]  # no opposite: dropped
    assert DictionaryCoder(three, opposites={"A": "C"}).fit(["x"]).predict(["not alpha"]).tolist() == ["C"]
    with pytest.raises(ValueError, match="opposites"):
        DictionaryCoder(three, opposites={"A": "Z"}).fit(["x"])


def test_probabilities_are_normalised_cue_scores():
    coder = DictionaryCoder(LEXICON).fit(["x"])
    texts = ["Keep ties and strengthen them, and suspend one visit.", "Keep ties or cut ties.", "Rain."]
    proba = coder.predict_proba(texts)
    # classes_: DISENGAGE, ENGAGE, NEUTRAL
    np.testing.assert_allclose(proba, [[1 / 3, 2 / 3, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(coder.classes_[proba.argmax(axis=1)], coder.predict(texts))


def test_match_table_reports_every_cue():
    coder = DictionaryCoder(LEXICON).fit(["x"])
    table = coder.match_table(["Don't cut ties.", "Rain.", "Rather than disengage, engage."])
    assert list(table.columns) == ["row", "token_start", "token_end", "cue", "label", "negated", "contrasted",
                                   "weight", "counted_for"]
    assert table[["row", "cue", "negated", "contrasted", "counted_for"]].values.tolist() == [
        [0, "cut ties", True, False, "ENGAGE"],
        [2, "disengage", False, True, "ENGAGE"],
        [2, "engage", False, False, "ENGAGE"],
    ]
    assert word_tokens("Don't cut ties.")[2:4] == ["cut", "ties"] and table.loc[0, "token_start"] == 2


# ------------------------------------------------------------------- TF-IDF


def test_tfidf_pipeline_is_the_documented_one():
    pipe = tfidf_coder()
    words, chars = (t for _, t in pipe.named_steps["features"].transformer_list)
    assert words.tokenizer is cached_word_tokens and words.token_pattern is None and words.lowercase is False
    assert words.ngram_range == (1, 2) and words.sublinear_tf and words.min_df == 2
    assert chars.analyzer == "char_wb" and chars.ngram_range == (2, 5)
    clf = pipe.named_steps["classifier"]
    assert isinstance(clf, LogisticRegression) and clf.class_weight == "balanced"


def test_tfidf_matches_a_reassembly_from_sklearn_parts():
    pipe = tfidf_coder(min_df=1).fit(TEXTS, LABELS)
    w = TfidfVectorizer(tokenizer=word_tokens, token_pattern=None, lowercase=False, ngram_range=(1, 2), sublinear_tf=True)
    c = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    X = hstack([w.fit_transform(TEXTS), c.fit_transform(TEXTS)]).tocsr()
    lr = LogisticRegression(class_weight="balanced", max_iter=2000, random_state=0).fit(X, LABELS)
    new = ["The town chose to cut ties.", "A festival was held."]
    Xn = hstack([w.transform(new), c.transform(new)]).tocsr()
    np.testing.assert_allclose(pipe.predict_proba(new), lr.predict_proba(Xn), rtol=1e-6)


def test_tfidf_codes_unseen_sentences():
    new = ["The council chose to sever ties with the twin town.", "The mayor wants to keep ties with the partner city.",
           "The festival was held in 1990."]
    assert tfidf_coder(min_df=1).fit(TEXTS, LABELS).predict(new).tolist() == ["DISENGAGE", "ENGAGE", "NEUTRAL"]


def test_tuning_matches_a_manual_grid_search():
    tuned = tuned_tfidf_coder(Cs=(0.01, 1.0, 100.0), n_splits=4, min_df=1, random_state=3).fit(TEXTS, LABELS)
    manual = GridSearchCV(tfidf_coder(min_df=1, random_state=3), {"classifier__C": [0.01, 1.0, 100.0]},
                          scoring="f1_macro", cv=StratifiedKFold(4, shuffle=True, random_state=3)).fit(TEXTS, LABELS)
    assert tuned.best_params_ == manual.best_params_
    np.testing.assert_allclose(tuned.search_.cv_results_["mean_test_score"], manual.cv_results_["mean_test_score"])
    np.testing.assert_array_equal(tuned.predict(TEXTS), manual.predict(TEXTS))


def test_features_are_fitted_once_per_training_fold(monkeypatch):
    calls = []
    fit_transform = TfidfVectorizer.fit_transform
    monkeypatch.setattr(TfidfVectorizer, "fit_transform",
                        lambda self, X, y=None: calls.append(len(X)) or fit_transform(self, X, y))
    estimator = tfidf_coder(min_df=1)
    tuned = TunedCoder(estimator, param_grid={"classifier__C": [0.1, 1.0, 10.0]}, n_splits=3, min_per_class=8)
    tuned.fit(TEXTS, LABELS)
    assert tuned.calibrator_ is not None
    # 3 settings x 3 folds + the refit + 3 calibration folds = 13 pipeline fits; 3 folds + all = 4 distinct
    # training sets, each fitting the word and the character vectorizer once
    assert sorted(calls) == sorted(2 * [len(TEXTS)] + 2 * [len(train) for train, _ in tuned._splits(
        np.asarray(LABELS, dtype=object), None)])
    assert estimator.memory is None and tuned.estimator is estimator  # the caller's estimator is left alone
    fitted = [tuned.best_estimator_, tuned.calibrator_.estimator,
              *(c.estimator for c in tuned.calibrator_.calibrated_classifiers_)]
    assert all(pipeline.memory is None for pipeline in fitted)


def test_cached_features_give_the_same_model_as_refitting_them():
    class NoCache:  # joblib.Memory's interface, computing every time (Pipeline then fits every setting afresh)
        def cache(self, func, ignore=()):
            return func

    cached = tuned_tfidf_coder(Cs=(0.1, 10.0), n_splits=3, min_per_class=8, min_df=1).fit(TEXTS, LABELS)
    refitted = tuned_tfidf_coder(Cs=(0.1, 10.0), n_splits=3, min_per_class=8, min_df=1)
    refitted.set_params(estimator__memory=NoCache()).fit(TEXTS, LABELS)
    np.testing.assert_array_equal(cached.search_.cv_results_["mean_test_score"],
                                  refitted.search_.cv_results_["mean_test_score"])
    np.testing.assert_array_equal(cached.predict_proba(TEXTS), refitted.predict_proba(TEXTS))


def test_calibration_where_data_allow():
    few = tuned_tfidf_coder(n_splits=3, min_df=1).fit(TEXTS, LABELS)  # 8 per class < min_per_class=10
    assert few.calibrator_ is None
    np.testing.assert_allclose(few.predict_proba(TEXTS), few.best_estimator_.predict_proba(TEXTS))
    enough = tuned_tfidf_coder(n_splits=3, min_per_class=8, min_df=1).fit(TEXTS, LABELS)
    assert enough.calibrator_ is not None
    proba = enough.predict_proba(TEXTS)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert not np.allclose(proba, enough.best_estimator_.predict_proba(TEXTS))
    np.testing.assert_array_equal(enough.predict(TEXTS), enough.best_estimator_.predict(TEXTS))


def test_tuning_falls_back_with_a_single_example():
    texts, labels = TEXTS + ["A lone odd one."], LABELS + ["OTHER"]
    tuned = TunedCoder(tfidf_coder(min_df=1), param_grid={"classifier__C": [0.1, 10.0]}).fit(texts, labels)
    assert tuned.best_params_ == {} and tuned.search_ is None and tuned.calibrator_ is None
    assert tuned.best_estimator_.named_steps["classifier"].C == 1.0
    with pytest.raises(ValueError, match="calibration"):
        TunedCoder(tfidf_coder(), calibration="platt").fit(TEXTS, LABELS)
