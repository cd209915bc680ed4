"""Tests for analysis.learners: NB-SVM against its definition, the candidates, and the default
learner against a tuned linear SVM on a label set of another task.

The labelled sets here are generated in the test from a seeded random
grammar (not text from anywhere); labels are FAVOR/AGAINST/NONE.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

from analysis.cues import CueFeatures
from analysis.learners import DEFAULT_CODER, LEARNERS, fit_coder, general_lexicon, make_coder
from analysis.nbsvm import NBSVM


def stance_set(n: int, seed: int) -> tuple[list[str], list[str]]:
    """``n`` seeded sentences for FAVOR/AGAINST/NONE with shared vocabulary, negation and label noise."""
    rng = np.random.default_rng(seed)
    subjects = ["the council", "our mayor", "many residents", "the committee", "local teachers", "we", "they"]
    topics = ["the new bridge", "the tram plan", "the park project", "the school merger", "the festival"]
    favour = ["support", "welcome", "back", "endorse", "applaud"]
    against = ["oppose", "reject", "resist", "condemn", "fight"]
    neutral = ["discussed", "reported on", "scheduled a vote on", "published figures about", "visited"]
    filler = ["today", "again", "this week", "in the hall", "at last", "", "", ""]
    texts, labels = [], []
    for _ in range(n):
        label = rng.choice(["FAVOR", "AGAINST", "NONE"], p=[0.35, 0.35, 0.30])
        subject, topic, tail = rng.choice(subjects), rng.choice(topics), rng.choice(filler)
        if label == "NONE":
            verb = rng.choice(neutral)
        elif rng.random() < 0.2:  # negated opposite verb
            verb = "do not " + rng.choice(against if label == "FAVOR" else favour)
        else:
            verb = rng.choice(favour if label == "FAVOR" else against)
        texts.append(f"{subject} {verb} {topic} {tail}".strip().capitalize() + ".")
        if rng.random() < 0.1:  # label noise
            label = rng.choice(["FAVOR", "AGAINST", "NONE"])
        labels.append(str(label))
    return texts, labels


# --------------------------------------------------------------------- NB-SVM


def test_nbsvm_log_count_ratios_and_weights_follow_wang_manning():
    X = sparse.csr_matrix(np.array([[1, 0, 2], [2, 1, 0], [0, 3, 1], [0, 1, 1]], dtype=float))
    y = np.array(["a", "a", "b", "b"])
    model = NBSVM(C=1.0, alpha=1.0, beta=0.25).fit(X, y)
    p, q = 1 + np.array([0, 4, 2.0]), 1 + np.array([3, 1, 2.0])
    r = np.log((p / p.sum()) / (q / q.sum()))
    np.testing.assert_allclose(model.r_, [r])
    svm = LinearSVC(C=1.0, class_weight="balanced", max_iter=5000, random_state=0).fit(X.multiply(r).tocsr(), y == "b")
    w = svm.coef_.ravel()
    np.testing.assert_allclose(model.coef_, [(0.75 * np.abs(w).mean() + 0.25 * w) * r], rtol=1e-6)
    assert model.decision_function(X).shape == (4,)
    np.testing.assert_allclose(model.decision_function(X), X @ model.coef_.ravel() + model.intercept_[0])


def test_nbsvm_one_vs_rest_and_errors():
    texts, labels = stance_set(120, seed=1)
    coder = make_coder("nbsvm", Cs=(1.0,), calibration=None)
    coder.fit(texts, labels)
    final = coder.best_estimator_.named_steps["classifier"]
    assert final.coef_.shape[0] == 3 and list(final.classes_) == ["AGAINST", "FAVOR", "NONE"]
    with pytest.raises(ValueError, match="non-negative"):
        NBSVM().fit(np.array([[-1.0], [1.0]]), ["a", "b"])
    with pytest.raises(ValueError, match="base"):
        NBSVM(base="tree").fit(np.array([[1.0], [2.0]]), ["a", "b"])


# ---------------------------------------------------------------- candidates


@pytest.mark.parametrize("name", LEARNERS)
def test_every_learner_learns_and_is_calibrated(name):
    texts, labels = stance_set(150, seed=2)
    coder = make_coder(name, Cs=(0.3, 3.0), n_splits=3)
    assert clone(coder).get_params()["n_splits"] == 3
    coder.fit(texts, labels)
    assert coder.calibrator_ is not None
    proba = coder.predict_proba(["We support the tram plan."])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert coder.predict(["We support the tram plan.", "They oppose the festival."]).tolist() == ["FAVOR", "AGAINST"]


def test_select_chooses_among_three_learners():
    grid = make_coder("select").param_grid
    assert [type(g["classifier"][0]).__name__ for g in grid] == ["LinearSVC", "LogisticRegression", "NBSVM"]
    assert DEFAULT_CODER in LEARNERS


def test_cue_features_join_the_union():
    coder = make_coder("logreg", cues={"FAVOR": ["support"], "AGAINST": ["oppose"]}, default="NONE")
    union = coder.estimator.named_steps["features"]
    assert [n for n, _ in union.transformer_list] == ["words", "chars", "cues"]
    assert isinstance(union.transformer_list[2][1], CueFeatures)


def test_groups_pass_through_where_fit_takes_them():
    class Recorder:
        def fit(self, X, y, groups=None):
            self.groups = groups
            return self

    class Plain:
        def fit(self, X, y):
            self.fitted = True
            return self

    assert fit_coder(Recorder(), ["a"], ["x"], ["g"]).groups == ["g"]
    assert fit_coder(Plain(), ["a"], ["x"], ["g"]).fitted


def test_general_lexicon_keeps_general_cues_only():
    class Book:
        def lexicon(self, *, sources=None, exclude_sources=()):
            assert sources == ("general",)
            return {"ENGAGE": ("keep ties",), "NEUTRAL": ()}

    assert general_lexicon(Book()) == {"ENGAGE": ("keep ties",)}


@pytest.mark.parametrize("seed", [3, 4])
def test_default_is_at_least_as_good_as_a_tuned_linear_svm_on_another_label_set(seed):
    texts, labels = stance_set(400, seed=seed)
    train, test = slice(0, 250), slice(250, 400)
    scores = {}
    for name in (DEFAULT_CODER, "linear_svc"):
        coder = make_coder(name, random_state=seed).fit(texts[train], labels[train])
        scores[name] = f1_score(labels[test], coder.predict(texts[test]), average="macro")
    assert scores["linear_svc"] > 0.6  # the task is learnable
    assert scores[DEFAULT_CODER] >= scores["linear_svc"] - 0.01
