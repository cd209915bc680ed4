"""Honest coder scores (issue 10 items 1, 3, 8; issue 11 item 4).

* Copies never cross a split: groups from text reuse keep every exact or
  near-exact duplicate sentence of the sample on one side of every outer
  and inner fold (kristmanson-cpdblog-006 is amiri-cpdblog-021 word for word).
* The dictionary coder, scored out of sample, never uses a cue taken from
  the held-out document.
* Tuning happens inside each training draw of the learning curve.
* Extra (synthetic) training data are trained on in every fold, never scored.

Sentences not from the sample corpus are written for these tests.
"""

from __future__ import annotations

import difflib
import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import LeaveOneGroupOut

from analysis.clean import match_key
from analysis.codebook import read_codebook
from analysis.coders import TRAIN_ONLY, DictionaryCoder, TunedCoder, tfidf_coder
from analysis.coding import read_coding_sheet
from analysis.compare.reuse import reuse_spans
from analysis.evaluate import (
    compare_coders,
    cross_validated_predictions,
    document_groups,
    held_out_lexicon,
)
from analysis.scores import scores_table
from analysis.diagnostics import learning_curve_table
from conftest import SAMPLE


@pytest.fixture(scope="module")
def sample(sample_corpus, sample_sentences):
    codebook = read_codebook(SAMPLE / "codebook.yml")
    consensus = read_coding_sheet(SAMPLE / "coding" / "consensus.csv", codebook, sentences=sample_sentences)
    groups = document_groups(consensus["doc_id"], documents=sample_corpus.documents, spans=reuse_spans(sample_corpus))
    return codebook, consensus.reset_index(drop=True), groups


def _near_duplicates(texts) -> list[tuple[int, int]]:
    keys = [match_key(t) for t in texts]
    out = []
    for i, j in itertools.combinations(range(len(keys)), 2):
        matcher = difflib.SequenceMatcher(None, keys[i], keys[j])
        if matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
            out.append((i, j))
    return out


def _crossing(pairs, train, test) -> list[tuple[int, int]]:
    train, test = set(np.asarray(train).tolist()), set(np.asarray(test).tolist())
    return [(i, j) for i, j in pairs if (i in train and j in test) or (j in train and i in test)]


def test_reuse_joins_the_quoting_documents(sample):
    _, consensus, groups = sample
    by_doc = dict(zip(consensus["doc_id"], groups))
    assert by_doc["kristmanson-cpdblog"] == by_doc["amiri-cpdblog"] == "amiri-cpdblog + kristmanson-cpdblog"
    assert by_doc["grassrootslab-madrid"] == by_doc["madrid-latimes"] == "madrid-latimes"
    assert by_doc["news-sister-cities"] == "news-sister-cities"  # shares only an 8-word stock phrase with Madrid


def test_no_duplicate_sentence_on_both_sides_of_any_outer_or_inner_fold(sample):
    _, consensus, groups = sample
    texts, labels = list(consensus["text"]), consensus["stance"].to_numpy(dtype=object)
    pairs = _near_duplicates(texts)
    ids = consensus["sent_id"]
    assert any({ids[i], ids[j]} == {"kristmanson-cpdblog-006", "amiri-cpdblog-021"} for i, j in pairs)  # the test has power
    reprint_only = document_groups(consensus["doc_id"], documents=pd.DataFrame(
        {"doc_id": ["grassrootslab-madrid"], "reprint_of": ["madrid-latimes"]}))
    assert any(_crossing(pairs, tr, te) for tr, te in LeaveOneGroupOut().split(texts, groups=reprint_only))
    inner_folds = 0
    for train, test in LeaveOneGroupOut().split(texts, labels, groups):
        assert not _crossing(pairs, train, test)
        tuned = TunedCoder(DictionaryCoder({"ENGAGE": ["keep ties"]}), param_grid={"negation_window": [3]},
                           calibration=None).fit([texts[i] for i in train], labels[train], groups=groups[train])
        for inner_train, inner_test in tuned.search_.cv:
            inner_folds += 1
            assert not _crossing(pairs, train[inner_train], train[inner_test])
    assert inner_folds >= 3


WRITTEN = pd.DataFrame({
    "text": ["Keep ties with the twin town.", "They voted to cut ties.", "The bridge is old.",
             "We keep ties and visit often.", "The mayor moved to cut ties.", "Rain fell all week.",
             "Students keep ties alive.", "The council cut ties today.", "The museum opens at nine."],
    "label": ["E", "D", "N"] * 3,
    "group": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
})


def test_grouped_inner_cv_keeps_groups_apart_and_train_only_rows_in_training():
    texts = list(WRITTEN["text"]) + ["Extra keep ties.", "Extra cut ties."]
    labels = list(WRITTEN["label"]) + ["E", "D"]
    groups = list(WRITTEN["group"]) + [TRAIN_ONLY] * 2
    tuned = TunedCoder(tfidf_coder(min_df=1), param_grid={"classifier__C": [0.1, 10.0]}, n_splits=5,
                       calibration=None).fit(texts, labels, groups=groups)
    groups = np.asarray(groups)
    assert len(tuned.search_.cv) == 3  # min(n_splits, 3 scored groups)
    for train, test in tuned.search_.cv:
        assert not set(groups[train]) & set(groups[test])
        assert {9, 10} <= set(train.tolist()) and TRAIN_ONLY not in set(groups[test])


def test_dictionary_out_of_sample_never_uses_a_held_out_documents_cue(sample):
    codebook, consensus, groups = sample
    seen = []

    def spy(held_out):
        seen.append(held_out)
        return held_out_lexicon(codebook)(held_out)

    texts, labels = consensus["text"], consensus["stance"]
    coder = DictionaryCoder(codebook.lexicon())
    out = cross_validated_predictions(coder, texts, labels, groups, doc_ids=consensus["doc_id"], fold_params=spy)
    assert sorted(map(sorted, seen)) == [["amiri-cpdblog", "kristmanson-cpdblog"],
                                         ["grassrootslab-madrid", "madrid-latimes"], ["news-sister-cities"]]
    cues = codebook.cue_table()
    for held_out in seen:
        lexicon = held_out_lexicon(codebook)(held_out)["lexicon"]
        used = {c for v in lexicon.values() for c in v}
        assert not used & set(cues.loc[cues["source"].isin(held_out), "cue"])
    # "cannot coexist" (taken from Madrid) no longer codes Madrid's sentence
    row = consensus.index[consensus["sent_id"] == "madrid-latimes-027"]
    matches = DictionaryCoder(held_out_lexicon(codebook)(frozenset({"madrid-latimes"}))["lexicon"]).fit(
        ["x"]).match_table(consensus.loc[row, "text"])
    assert "coexist" not in " ".join(matches["cue"])
    in_sample = cross_validated_predictions(coder, texts, labels, groups)
    kappa = scores_table({"in": in_sample, "out": out}).query("label == 'all' and metric == 'kappa'")
    k_in, k_out = kappa["value"].tolist()
    assert k_out < k_in - 0.1


GROUP_LOG: list = []


class GroupSpy(ClassifierMixin, BaseEstimator):
    """Records the texts and groups each fit gets; predicts the majority label."""

    def fit(self, X, y, groups=None):
        GROUP_LOG.append((list(X), None if groups is None else list(groups)))
        values, counts = np.unique(np.asarray(y, dtype=object), return_counts=True)
        self.classes_, self.majority_ = values, values[np.argmax(counts)]
        return self

    def predict(self, X):
        return np.array([self.majority_] * len(X), dtype=object)


def test_learning_curve_tunes_inside_each_draw_with_its_groups():
    GROUP_LOG.clear()
    learning_curve_table(GroupSpy(), WRITTEN["text"], WRITTEN["label"], WRITTEN["group"], sizes=[3, 5], n_repeats=2)
    assert len(GROUP_LOG) == 2 * 2 * 3
    text_group = dict(zip(WRITTEN["text"], WRITTEN["group"]))
    for texts, groups in GROUP_LOG:
        assert groups is not None and len(groups) == len(texts)
        assert [text_group[t] for t in texts] == groups and len(set(groups)) <= 2  # the draw's own groups only


def test_extra_data_trained_on_in_every_fold_never_scored():
    GROUP_LOG.clear()
    extra = pd.DataFrame({"text": ["Synthetic one.", "Synthetic two."], "label": ["N", "N"]})
    preds = compare_coders({"spy": {"coder": GroupSpy(), "extra": extra}}, WRITTEN["text"], WRITTEN["label"],
                           WRITTEN["group"])["spy"]
    assert len(preds) == len(WRITTEN) and preds["predicted"].eq("N").all()  # the extra rows tipped the majority
    assert len(GROUP_LOG) == 3
    for texts, groups in GROUP_LOG:
        assert texts[-2:] == list(extra["text"]) and groups[-2:] == [TRAIN_ONLY] * 2
    with pytest.raises(ValueError, match="text and label"):
        cross_validated_predictions(GroupSpy(), WRITTEN["text"], WRITTEN["label"], WRITTEN["group"],
                                    extra=extra.rename(columns={"label": "stance"}))


def test_parallel_folds_give_identical_predictions():
    args = (tfidf_coder(min_df=1), WRITTEN["text"], WRITTEN["label"], WRITTEN["group"])
    pd.testing.assert_frame_equal(cross_validated_predictions(*args), cross_validated_predictions(*args, n_jobs=2))


@pytest.mark.parametrize("path", ["analysis/evaluate.py", "analysis/plots/evaluate.py", "notebooks/03-coders.ipynb"])
def test_no_human_coders_where_there_were_none(path):
    """The sample's codings were made by LLM coders: no 'human' agreement, coding or sample."""
    text = (SAMPLE.parent / path).read_text(encoding="utf-8").lower()
    assert "human" not in text.replace("humanitarian", "")


def test_no_tuning_when_an_inner_training_fold_lacks_a_class():
    texts = list(WRITTEN["text"])
    labels = ["E", "N", "N", "E", "N", "N", "E", "D", "N"]  # the only D is in group c
    tuned = TunedCoder(tfidf_coder(min_df=1), param_grid={"classifier__C": [0.1, 10.0]}, calibration=None).fit(
        texts, labels, groups=list(WRITTEN["group"]))
    assert tuned.search_ is None and tuned.best_params_ == {}
    assert tuned.best_estimator_.named_steps["classifier"].C == 1.0


def test_confidence_of_an_uncalibrated_svm_inside_a_tuned_coder():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    pipe = Pipeline([("features", TfidfVectorizer()), ("classifier", LinearSVC())])
    coder = TunedCoder(pipe, param_grid={"classifier__C": [1.0]}, calibration=None)
    preds = cross_validated_predictions(coder, WRITTEN["text"], WRITTEN["label"], WRITTEN["group"])
    assert preds["confidence"].between(0, 1).all() and preds["confidence"].notna().all()
