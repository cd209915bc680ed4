"""Tests for analysis.evaluate and analysis.plots.evaluate.

Scores are pinned to the worked example of scikit-learn's
``classification_report`` documentation (precision .50/.00/1.00, recall
1.00/.00/.67, F1 .67/.00/.80, macro-F1 .49) and to ``sklearn.metrics``
(``precision_recall_fscore_support``, ``f1_score``, ``cohen_kappa_score``,
``confusion_matrix``); grouped predictions to ``cross_val_predict`` with
``LeaveOneGroupOut``. All sentences are written for these tests.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.base import BaseEstimator, ClassifierMixin  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import LeaveOneGroupOut, cross_val_predict  # noqa: E402

from analysis.coders import DictionaryCoder, tfidf_coder, tuned_tfidf_coder  # noqa: E402
from analysis.corpus import read_corpus  # noqa: E402
from analysis.errors import CorpusError  # noqa: E402
from analysis.evaluate import (  # noqa: E402
    PREDICTION_COLUMNS,
    cross_validated_predictions,
    document_groups,
    majority_baseline,
)
from analysis.scores import classification_scores, confusion_frame, scores_table  # noqa: E402
from analysis.diagnostics import informative_features, learning_curve_table  # noqa: E402
from analysis.apply import predict_table  # noqa: E402
from analysis.units import read_labelled, read_units  # noqa: E402
from analysis.plots.evaluate import plot_confusion, plot_learning_curve, plot_scores  # noqa: E402
from conftest import SAMPLE  # noqa: E402

LEXICON = {"ENGAGE": ["keep ties", "strengthen", "help"], "DISENGAGE": ["suspend", "cut ties", "sever"]}

#: Four hand-written documents; "repost" copies two sentences of "oped" word for word.
UNITS = pd.DataFrame([
    ("oped", "Our city must keep ties with its twin.", "ENGAGE"),
    ("oped", "Students strengthen the bond every summer.", "ENGAGE"),
    ("oped", "The partnership began in 1991.", "NEUTRAL"),
    ("oped", "Some say we should suspend it.", "DISENGAGE"),
    ("repost", "Our city must keep ties with its twin.", "ENGAGE"),
    ("repost", "The partnership began in 1991.", "NEUTRAL"),
    ("report", "The council voted to suspend the exchange.", "DISENGAGE"),
    ("report", "Three towns cut ties last week.", "DISENGAGE"),
    ("report", "The vote took place on Monday.", "NEUTRAL"),
    ("report", "A mayor asked others to keep ties.", "ENGAGE"),
    ("blog", "Residents want to help the partner city.", "ENGAGE"),
    ("blog", "Officials may sever the link.", "DISENGAGE"),
    ("blog", "The river divides the old town.", "NEUTRAL"),
    ("blog", "It has a population of 50,000.", "NEUTRAL"),
], columns=["doc_id", "text", "stance"])
DOCUMENTS = pd.DataFrame({"doc_id": ["oped", "repost", "report", "blog"], "reprint_of": ["", "oped", "", ""]})
GROUPS = document_groups(UNITS["doc_id"], documents=DOCUMENTS)


class Memoriser(ClassifierMixin, BaseEstimator):
    """Predicts the training label of a text it has seen, else "UNSEEN"."""

    def fit(self, X, y):
        self.memory_ = dict(zip(X, y))
        self.classes_ = np.array(sorted({*y, "UNSEEN"}), dtype=object)
        return self

    def predict(self, X):
        return np.array([self.memory_.get(x, "UNSEEN") for x in X], dtype=object)


# ------------------------------------------------------------------ grouping


def test_document_groups_merge_reprints():
    assert GROUPS.tolist() == ["oped"] * 6 + ["report"] * 4 + ["blog"] * 4
    assert document_groups(["c", "b", "a"], merge={"c": "b", "b": "a"}).tolist() == ["a", "a", "a"]
    with pytest.raises(ValueError, match="cycle"):
        document_groups(["a"], merge={"a": "b", "b": "a"})
    corpus = read_corpus(SAMPLE)
    groups = document_groups(corpus.documents["doc_id"], documents=corpus.documents)
    assert dict(zip(corpus.documents["doc_id"], groups))["grassrootslab-madrid"] == "madrid-latimes"
    assert len(set(groups)) == len(corpus.documents) - 1


def test_no_group_is_on_both_sides():
    preds = cross_validated_predictions(Memoriser(), UNITS["text"], UNITS["stance"], GROUPS)
    assert preds["predicted"].eq("UNSEEN").all()  # no held-out text, nor its reposted copy, was seen in training
    leaky = cross_validated_predictions(Memoriser(), UNITS["text"], UNITS["stance"], UNITS["doc_id"])
    assert leaky["predicted"].ne("UNSEEN").sum() == 4  # the test has power: split by doc_id, copies leak
    for train, test in LeaveOneGroupOut().split(UNITS, groups=GROUPS):
        assert not set(GROUPS[train]) & set(GROUPS[test])


def test_predictions_frame_matches_cross_val_predict():
    coder = tfidf_coder(min_df=1)
    preds = cross_validated_predictions(coder, UNITS["text"], UNITS["stance"], GROUPS)
    assert tuple(preds.columns) == PREDICTION_COLUMNS
    assert preds["row"].tolist() == list(range(len(UNITS))) and preds["group"].tolist() == GROUPS.tolist()
    expected = cross_val_predict(tfidf_coder(min_df=1), list(UNITS["text"]), UNITS["stance"], groups=GROUPS,
                                 cv=LeaveOneGroupOut())
    assert preds["predicted"].tolist() == expected.tolist()
    proba = cross_val_predict(tfidf_coder(min_df=1), list(UNITS["text"]), UNITS["stance"], groups=GROUPS,
                              cv=LeaveOneGroupOut(), method="predict_proba")
    np.testing.assert_allclose(preds["confidence"], proba.max(axis=1))
    again = cross_validated_predictions(coder, UNITS["text"], UNITS["stance"], GROUPS)
    pd.testing.assert_frame_equal(preds, again)


def test_any_coder_runs_through_the_same_routine():
    texts, labels = UNITS["text"], UNITS["stance"]
    for coder in (DictionaryCoder(LEXICON), majority_baseline(), tuned_tfidf_coder(Cs=(1.0,), n_splits=2, min_df=1)):
        preds = cross_validated_predictions(coder, texts, labels, GROUPS, random_state=1)
        assert preds["predicted"].isin(labels.unique()).all() and preds["confidence"].between(0, 1).all()
    dictionary = cross_validated_predictions(DictionaryCoder(LEXICON), texts, labels, GROUPS)
    assert dictionary["predicted"].tolist() == DictionaryCoder(LEXICON).fit(texts).predict(texts).tolist()
    with pytest.raises(ValueError, match="two groups"):
        cross_validated_predictions(majority_baseline(), texts, labels, ["g"] * len(texts))
    with pytest.raises(ValueError, match="length"):
        cross_validated_predictions(majority_baseline(), texts, labels[:3], GROUPS)


def test_majority_baseline_predicts_the_training_majority():
    preds = cross_validated_predictions(majority_baseline(), UNITS["text"], UNITS["stance"], GROUPS)
    # held-out blog: training has ENGAGE 5, DISENGAGE 4, NEUTRAL 3 -> ENGAGE
    assert preds.loc[preds["group"] == "blog", "predicted"].eq("ENGAGE").all()
    scores = classification_scores(preds["label"], preds["predicted"]).set_index(["label", "metric"])["value"]
    assert scores[("all", "kappa")] == pytest.approx(cohen_kappa_score(preds["label"], preds["predicted"]))


# -------------------------------------------------------------------- scores


def test_scores_match_the_sklearn_documentation_example():
    # scikit-learn classification_report docstring: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]
    s = classification_scores([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]).set_index(["label", "metric"])["value"].round(2)
    assert [s[(k, "precision")] for k in (0, 1, 2)] == [0.50, 0.00, 1.00]
    assert [s[(k, "recall")] for k in (0, 1, 2)] == [1.00, 0.00, 0.67]
    assert [s[(k, "f1")] for k in (0, 1, 2)] == [0.67, 0.00, 0.80]
    assert [s[(k, "support")] for k in (0, 1, 2)] == [1, 1, 3]
    assert (s[("all", "accuracy")], s[("all", "macro_precision")], s[("all", "macro_recall")],
            s[("all", "macro_f1")]) == (0.60, 0.50, 0.56, 0.49)


def test_scores_match_sklearn_metrics():
    y_true = ["ENGAGE", "ENGAGE", "NEUTRAL", "DISENGAGE", "NEUTRAL", "NEUTRAL", "DISENGAGE", "ENGAGE"]
    y_pred = ["ENGAGE", "NEUTRAL", "NEUTRAL", "DISENGAGE", "ENGAGE", "NEUTRAL", "NEUTRAL", "ENGAGE"]
    labels = ["ENGAGE", "DISENGAGE", "NEUTRAL"]
    table = classification_scores(y_true, y_pred, labels=labels)
    assert table["label"].unique().tolist() == [*labels, "all"]
    s = table.set_index(["label", "metric"])["value"]
    p, r, f, n = precision_recall_fscore_support(y_true, y_pred, labels=labels)
    for j, label in enumerate(labels):
        assert (s[(label, "precision")], s[(label, "recall")], s[(label, "f1")], s[(label, "support")]) == pytest.approx(
            (p[j], r[j], f[j], n[j]))
    assert s[("all", "macro_f1")] == pytest.approx(f1_score(y_true, y_pred, average="macro"))
    assert s[("all", "kappa")] == pytest.approx(cohen_kappa_score(y_true, y_pred))
    assert s[("all", "accuracy")] == pytest.approx(accuracy_score(y_true, y_pred))
    assert s[("all", "n")] == 8
    with pytest.raises(ValueError, match="lack"):
        classification_scores(y_true, y_pred, labels=["ENGAGE", "NEUTRAL"])
    both = scores_table({"a": pd.DataFrame({"label": y_true, "predicted": y_pred}),
                         "b": pd.DataFrame({"label": y_true, "predicted": y_true})}, labels=labels)
    assert both["coder"].unique().tolist() == ["a", "b"]
    assert both.query("coder == 'b' and metric == 'macro_f1'")["value"].item() == 1.0


def test_confusion_frame_matches_sklearn():
    y_true = ["ENGAGE", "ENGAGE", "NEUTRAL", "DISENGAGE", "NEUTRAL"]
    y_pred = ["ENGAGE", "NEUTRAL", "NEUTRAL", "ENGAGE", "NEUTRAL"]
    labels = ["ENGAGE", "DISENGAGE", "NEUTRAL"]
    table = confusion_frame(y_true, y_pred, labels=labels, coder="tfidf")
    assert table["n"].tolist() == confusion_matrix(y_true, y_pred, labels=labels).ravel().tolist()
    assert table[["coder_a", "coder_b"]].drop_duplicates().values.tolist() == [["consensus", "tfidf"]]
    assert table["value_a"].unique().tolist() == labels


# ------------------------------------------------------------ learning curve


def test_learning_curve_of_a_coder_that_ignores_training_is_flat():
    texts, labels = UNITS["text"], UNITS["stance"]
    # DictionaryCoder raises unless every lexicon label is in its training labels, so
    # size 3 also checks that each draw holds one sentence of each label
    table = learning_curve_table(DictionaryCoder(LEXICON), texts, labels, GROUPS, sizes=[3, 6], n_repeats=2)
    assert list(table.columns) == ["n_train", "metric", "mean", "sd", "min", "max", "n_repeats"]
    assert table[["metric", "n_train"]].values.tolist() == [
        ["macro_f1", 3], ["macro_f1", 6], ["kappa", 3], ["kappa", 6], ["accuracy", 3], ["accuracy", 6]]
    preds = cross_validated_predictions(DictionaryCoder(LEXICON), texts, labels, GROUPS)
    expected = f1_score(preds["label"], preds["predicted"], average="macro")
    assert table.loc[table["metric"] == "macro_f1", "mean"].tolist() == pytest.approx([expected, expected])
    assert (table["sd"] == 0).all() and (table["n_repeats"] == 2).all()


def test_learning_curve_is_seeded():
    args = (tfidf_coder(min_df=1), UNITS["text"], UNITS["stance"], GROUPS)
    one = learning_curve_table(*args, sizes=[4, 8], n_repeats=3, random_state=7)
    pd.testing.assert_frame_equal(one, learning_curve_table(*args, sizes=[4, 8], n_repeats=3, random_state=7))
    with pytest.raises(ValueError, match="size"):
        learning_curve_table(*args, sizes=[9])  # the smallest training fold has 8 sentences


# -------------------------------------------------------------- features


def test_informative_features_read_the_coefficients():
    pipe = tfidf_coder(min_df=1).fit(UNITS["text"], UNITS["stance"])
    table = informative_features(pipe, n=3, kind="words")
    assert list(table.columns) == ["label", "rank", "kind", "feature", "coefficient"]
    assert table["label"].unique().tolist() == ["DISENGAGE", "ENGAGE", "NEUTRAL"]
    names = list(pipe[:-1].get_feature_names_out())
    coef = pipe.named_steps["classifier"].coef_
    for row in table.itertuples():
        j = list(pipe.named_steps["classifier"].classes_).index(row.label)
        assert coef[j, names.index(f"words__{row.feature}")] == pytest.approx(row.coefficient)
    top = table[table["rank"] == 1].set_index("label")["coefficient"]
    assert all(top[label] == pytest.approx(max(coef[j, k] for k, n in enumerate(names) if n.startswith("words__")))
               for j, label in enumerate(pipe.named_steps["classifier"].classes_))
    binary = UNITS[UNITS["stance"] != "NEUTRAL"]
    two = informative_features(tfidf_coder(min_df=1).fit(binary["text"], binary["stance"]), n=2)
    assert two["label"].unique().tolist() == ["DISENGAGE", "ENGAGE"] and (two["coefficient"] > 0).all()
    with pytest.raises(TypeError, match="Pipeline"):
        informative_features(DictionaryCoder(LEXICON).fit(["x"]))


# ---------------------------------------------------------- coding new units


def test_predict_table_codes_units_in_input_order():
    coder = tfidf_coder(min_df=1).fit(UNITS["text"], UNITS["stance"])
    units = pd.DataFrame({"id": ["b", "a"], "text": ["Cities cut ties.", "Keep ties."], "line": [3, 2]})
    before = units.copy()
    out = predict_table(coder, units)
    pd.testing.assert_frame_equal(units, before)
    assert list(out.columns) == ["id", "line", "text", "predicted", "confidence"]
    assert out["id"].tolist() == ["b", "a"]
    assert out["predicted"].tolist() == coder.predict(units["text"]).tolist()
    np.testing.assert_allclose(out["confidence"], coder.predict_proba(units["text"]).max(axis=1))
    assert list(predict_table(coder, units, id_cols=["id"]).columns) == ["id", "text", "predicted", "confidence"]
    with pytest.raises(NotFittedError):
        predict_table(tfidf_coder(), units)
    with pytest.raises(ValueError, match=r"row\(s\) \[1\]"):
        predict_table(coder, units.assign(text=["Keep ties.", " "]))
    with pytest.raises(ValueError, match="body"):
        predict_table(coder, units, text_col="body")


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_read_units_reports_problems_with_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = _write(tmp_path, "units.csv", 'id,text\nu1,"Keep ties,\nplease."\n\nu2,Cut ties.\n')
    frame = read_units(good)
    assert frame.values.tolist() == [["u1", "Keep ties,\nplease.", 2], ["u2", "Cut ties.", 5]]
    _write(tmp_path, "cols.csv", "id,body\nu1,Keep ties.\n")
    with pytest.raises(CorpusError) as err:
        read_units("cols.csv")
    assert str(err.value) == "cols.csv:1: text: no such column; found: 'id', 'body'"
    _write(tmp_path, "empty.csv", 'id,text\nu1,"Two\nlines"\nu2,\nu3,  \nu4,a,b\n')
    with pytest.raises(CorpusError) as err:
        read_units("empty.csv")
    assert [str(p) for p in err.value.problems] == [
        "empty.csv:4: text: empty cell",
        "empty.csv:5: text: empty cell",
        "empty.csv:6: row: 3 cells but 2 columns (put text containing commas in double quotes)",
    ]
    _write(tmp_path, "latin.csv", "id,text\nu1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"latin.csv:2: encoding: not UTF-8"):
        read_units("latin.csv")
    with pytest.raises(CorpusError, match="missing.csv: file: does not exist"):
        read_units("missing.csv")
    _write(tmp_path, "blank.csv", "")
    with pytest.raises(CorpusError, match="blank.csv:1: header"):
        read_units("blank.csv")


def test_read_labelled_checks_labels(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "ok.csv", "text,label\nKeep ties.,E\nCut ties.,D\nHelp them.,E\nSever it.,D\n")
    assert read_labelled("ok.csv")["label"].tolist() == ["E", "D", "E", "D"]
    _write(tmp_path, "single.csv", "text,label\nKeep ties.,E\nCut ties.,D\nHelp them.,E\nRain.,\n")
    with pytest.raises(CorpusError) as err:
        read_labelled("single.csv")
    assert [str(p) for p in err.value.problems] == [
        "single.csv:3: label: label 'D' has a single example; give it at least two or merge it into another label",
        "single.csv:5: label: empty cell",
    ]
    _write(tmp_path, "one.csv", "text,stance\nKeep ties.,E\nHelp.,E\n")
    with pytest.raises(CorpusError, match=r"one.csv: stance: needs at least two different labels, found \['E'\]"):
        read_labelled("one.csv", label_col="stance")
    with pytest.raises(CorpusError, match=r"one.csv:1: label: no such column; found: 'text', 'stance'"):
        read_labelled("one.csv")


# --------------------------------------------------------------------- plots


def _scores():
    preds = {name: cross_validated_predictions(coder, UNITS["text"], UNITS["stance"], GROUPS)
             for name, coder in [("dictionary", DictionaryCoder(LEXICON)), ("majority", majority_baseline())]}
    return scores_table(preds, labels=["ENGAGE", "DISENGAGE", "NEUTRAL"])


def test_plot_scores_draws_one_bar_per_coder_and_metric():
    fig, ax = plt.subplots()
    try:
        assert plot_scores(_scores(), ax=ax, reference={"kappa": 0.8}) is ax
        assert len(ax.patches) == 4
        assert [t.get_text() for t in ax.get_yticklabels()] == ["dictionary", "majority (baseline)"]
        assert any("inter-coder agreement (coder A vs B, LLM coders)" in t.get_text() for t in ax.get_legend().get_texts())
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="metrics"):
        plot_scores(_scores(), metrics=["f2"])


def test_plot_learning_curve_and_confusion():
    table = learning_curve_table(DictionaryCoder(LEXICON), UNITS["text"], UNITS["stance"], GROUPS, sizes=[3, 6],
                                 n_repeats=1)
    ax = plot_learning_curve(table, baseline={"kappa": 0.0})
    try:
        assert [line.get_label() for line in ax.get_lines()][:2] == ["macro-F1", "Cohen's kappa"]
        assert ax.get_xlabel() == "training sentences"
    finally:
        plt.close(ax.figure)
    ax = plot_confusion(confusion_frame(UNITS["stance"], ["NEUTRAL"] * len(UNITS), coder="majority"))
    try:
        assert ax.get_xlabel() == "predicted by majority" and ax.get_ylabel() == "coded by consensus"
        assert sorted(int(t.get_text()) for t in ax.texts) == [0] * 6 + [4, 5, 5]
    finally:
        plt.close(ax.figure)
