"""Tests for analysis.reliability and analysis.plots.reliability.

Pinned to published values (Krippendorff 2011; the Wikipedia computational
example) and to independent implementations: scikit-learn's
``cohen_kappa_score``, ``accuracy_score`` and ``confusion_matrix``, and NLTK's
``AnnotationTask`` (``alpha``, ``kappa``, ``pi``).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from nltk.metrics.agreement import AnnotationTask  # noqa: E402
from nltk.metrics.distance import interval_distance  # noqa: E402
from sklearn.metrics import accuracy_score, cohen_kappa_score, confusion_matrix  # noqa: E402

from analysis.plots.reliability import plot_confusion, plot_reliability  # noqa: E402
from analysis.reliability import (  # noqa: E402
    NOT_CODED,
    cohen_kappa,
    confusion_table,
    disagreements,
    krippendorff_alpha,
    percent_agreement,
    reliability_table,
)

DATA = Path(__file__).parent / "data"
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _read_matrix(path: Path) -> pd.DataFrame:
    """Observer x unit reliability matrix (empty = missing) -> long ``coder, unit, value``."""
    matrix = pd.read_csv(path, comment="#", dtype=str)
    long = matrix.melt(id_vars="observer", var_name="unit", value_name="value")
    return long.rename(columns={"observer": "coder"})


@pytest.fixture
def k2011() -> pd.DataFrame:
    return _read_matrix(DATA / "krippendorff2011_nominal.csv")


def _nltk_task(long: pd.DataFrame, **kwargs) -> AnnotationTask:
    present = long.dropna(subset=["value"])
    return AnnotationTask([(r.coder, r.unit, r.value) for r in present.itertuples()], **kwargs)


#: Wikipedia, "Krippendorff's alpha", section "A computational example":
#: 3 coders x 15 units, nominal alpha 0.691, interval alpha 0.811 (also the
#: reliability data of fast-krippendorff's tests: 0.691358 and 0.810845).
WIKIPEDIA = {
    "c1": [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
    "c2": [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
    "c3": [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
}


def _wikipedia() -> pd.DataFrame:
    rows = [(c, f"u{u + 1:02d}", v) for c, vs in WIKIPEDIA.items() for u, v in enumerate(vs)]
    return pd.DataFrame(rows, columns=["coder", "unit", "value"])


# ------------------------------------------------------------ published alphas


def test_alpha_krippendorff_2011_nominal(k2011):
    alpha = krippendorff_alpha(k2011)
    assert round(alpha, 3) == 0.743
    assert alpha == pytest.approx(0.743421052632)  # NLTK test_disagreement.py: test_advanced
    assert alpha == pytest.approx(_nltk_task(k2011).alpha())


@pytest.mark.parametrize(("level", "expected"), [("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_alpha_krippendorff_2011_metric_levels(k2011, level, expected):
    # Krippendorff (2011) computes the same data at these levels; fast-krippendorff's
    # tests assert 0.815 (ordinal) and 0.797 (ratio) for them.
    numeric = k2011.assign(value=pd.to_numeric(k2011["value"]))
    assert round(krippendorff_alpha(numeric, level=level), 3) == expected


def test_alpha_interval_matches_nltk(k2011):
    numeric = k2011.assign(value=pd.to_numeric(k2011["value"]))
    expected = _nltk_task(numeric, distance=interval_distance).alpha()
    assert krippendorff_alpha(numeric, level="interval") == pytest.approx(expected)


def test_alpha_wikipedia_example():
    data = _wikipedia()
    assert krippendorff_alpha(data) == pytest.approx(0.691358, abs=1e-6)
    assert krippendorff_alpha(data, level="interval") == pytest.approx(0.810845, abs=1e-6)
    assert krippendorff_alpha(data) == pytest.approx(_nltk_task(data).alpha())


# ------------------------------------------------------- alpha: independent checks

LABELS = st.sampled_from(["ENGAGE", "DISENGAGE", "NEUTRAL", None])


@st.composite
def reliability_data(draw, *, labels=LABELS, max_coders=4, max_units=10):
    n_coders = draw(st.integers(2, max_coders))
    n_units = draw(st.integers(1, max_units))
    rows = [(f"c{c}", f"u{u:02d}", draw(labels)) for c in range(n_coders) for u in range(n_units)]
    return pd.DataFrame(rows, columns=["coder", "unit", "value"])


def _pairable(data: pd.DataFrame) -> bool:
    return bool((data.dropna(subset=["value"]).groupby("unit").size() >= 2).any())


@SETTINGS
@given(reliability_data())
def test_alpha_equals_nltk_on_random_data_with_missing_values(data):
    assume(_pairable(data))
    assert krippendorff_alpha(data) == pytest.approx(_nltk_task(data).alpha())


@SETTINGS
@given(reliability_data(labels=st.sampled_from([1, 2, 3, 5, None])))
def test_interval_alpha_equals_nltk_on_random_data(data):
    assume(_pairable(data))
    expected = _nltk_task(data, distance=interval_distance).alpha()
    assert krippendorff_alpha(data, level="interval") == pytest.approx(expected)


@SETTINGS
@given(reliability_data(labels=st.sampled_from(["ENGAGE", "DISENGAGE", "NEUTRAL"]), max_coders=2, max_units=12))
def test_two_coder_alpha_is_small_sample_corrected_scott_pi(data):
    # With two coders and no missing data, alpha = 1 - (n - 1) / n * (1 - pi), n = 2N
    # pairable values (Krippendorff 2011; Scott 1955), with pi from NLTK.
    n = len(data)
    pi = _nltk_task(data).pi()
    assert krippendorff_alpha(data) == pytest.approx(1 - (n - 1) / n * (1 - pi))


def test_alpha_ignores_units_with_one_value(k2011):
    # Unit 12 has one value only: dropping it does not change alpha (NLTK test_advanced2).
    assert krippendorff_alpha(k2011[k2011["unit"] != "12"]) == pytest.approx(krippendorff_alpha(k2011))


def test_alpha_perfect_agreement_and_single_value():
    perfect = pd.DataFrame({"coder": ["a", "b"] * 3, "unit": ["1", "1", "2", "2", "3", "3"],
                            "value": ["x", "x", "y", "y", "z", "z"]})
    assert krippendorff_alpha(perfect) == 1.0
    single = perfect.assign(value="x")
    assert krippendorff_alpha(single) == 1.0 == _nltk_task(single).alpha()


def test_alpha_empty_string_is_category_unless_declared_missing():
    data = pd.DataFrame({"coder": ["a", "b", "a", "b"], "unit": ["1", "1", "2", "2"],
                         "value": ["author", "author", "", "actor"]})
    # "" a category: unit 2 is a disagreement.
    assert krippendorff_alpha(data) == pytest.approx(_nltk_task(data).alpha())
    assert krippendorff_alpha(data) < 1
    # "" not coded: unit 2 has one value and drops out, leaving one value -> 1.0.
    assert krippendorff_alpha(data, missing_values=("",)) == 1.0
    # With a variable column, NOT_CODED decides: "" is missing for stance only.
    assert NOT_CODED["stance"] == ("",)
    assert krippendorff_alpha(data.assign(variable="stance")) == 1.0
    assert krippendorff_alpha(data.assign(variable="voice")) < 1


def test_alpha_errors():
    one_each = pd.DataFrame({"coder": ["a", "b"], "unit": ["1", "2"], "value": ["x", "y"]})
    with pytest.raises(ValueError, match="no unit"):
        krippendorff_alpha(one_each)
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(one_each, level="circular")
    with pytest.raises(ValueError, match="sharing"):
        krippendorff_alpha(pd.concat([one_each, one_each]))
    with pytest.raises(ValueError, match="several variables"):
        krippendorff_alpha(one_each.assign(variable=["stance", "voice"]))
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha(pd.DataFrame({"coder": ["a", "b"], "unit": ["1", "1"], "value": ["x", "y"]}),
                           level="interval")
    with pytest.raises(ValueError, match="lacks column"):
        krippendorff_alpha(one_each.drop(columns="value"))
    with pytest.raises(TypeError):
        krippendorff_alpha([("a", "1", "x")])
    with pytest.raises(TypeError, match="missing_values"):
        krippendorff_alpha(one_each, missing_values="")


# ------------------------------------------------------------ two-coder statistics

PAIRS = [
    (["ENGAGE", "ENGAGE", "NEUTRAL", "DISENGAGE", "NEUTRAL"], ["ENGAGE", "NEUTRAL", "NEUTRAL", "DISENGAGE", "NEUTRAL"]),
    (["author", "", "actor", "", "author", "actor"], ["author", "", "author", "actor", "author", "actor"]),
    (["russia", "ukraine", "general", "russia"], ["ukraine", "russia", "russia", "general"]),
]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_kappa_matches_sklearn_and_nltk(a, b):
    expected = cohen_kappa_score(a, b)
    assert cohen_kappa(a, b) == pytest.approx(expected)
    task = AnnotationTask([("A", i, x) for i, x in enumerate(a)] + [("B", i, y) for i, y in enumerate(b)])
    assert cohen_kappa(a, b) == pytest.approx(task.kappa())
    assert percent_agreement(a, b) == pytest.approx(accuracy_score(a, b))


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1, max_size=30))
def test_kappa_matches_sklearn_on_random_pairs(pairs):
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns when only one label occurs
        expected = cohen_kappa_score(a, b, replace_undefined_by=1.0)
    assert cohen_kappa(a, b) == pytest.approx(expected)
    assert cohen_kappa(b, a) == pytest.approx(cohen_kappa(a, b))  # swapping coders
    assert percent_agreement(a, b) == pytest.approx(accuracy_score(a, b))


def test_kappa_edge_cases():
    assert cohen_kappa(["x", "y", "z"], ["x", "y", "z"]) == 1.0
    assert percent_agreement(["x", "y"], ["x", "y"]) == 1.0
    # One category only: chance agreement is 1, the result is 1.0 as in NLTK and
    # in sklearn with replace_undefined_by=1.0 (its default gives NaN).
    assert cohen_kappa(["x", "x"], ["x", "x"]) == 1.0
    task = AnnotationTask([("A", "1", "x"), ("B", "1", "x"), ("A", "2", "x"), ("B", "2", "x")])
    assert task.kappa() == 1.0
    # Never agreeing on two categories used crosswise: kappa -1.
    assert cohen_kappa(["x", "y"], ["y", "x"]) == pytest.approx(cohen_kappa_score(["x", "y"], ["y", "x"])) == -1.0


def test_pairwise_missing_values_are_dropped():
    a = ["ENGAGE", None, "NEUTRAL", "", "DISENGAGE", np.nan]
    b = ["ENGAGE", "NEUTRAL", "NEUTRAL", "ENGAGE", "NEUTRAL", "DISENGAGE"]
    kept_a, kept_b = ["ENGAGE", "NEUTRAL", "DISENGAGE"], ["ENGAGE", "NEUTRAL", "NEUTRAL"]
    assert cohen_kappa(a, b, missing_values=("",)) == pytest.approx(cohen_kappa_score(kept_a, kept_b))
    assert percent_agreement(a, b, missing_values=("",)) == pytest.approx(2 / 3)
    # By default "" is a category: unit 4 counts as a disagreement.
    assert percent_agreement(a, b) == pytest.approx(2 / 4)


def test_pairwise_errors():
    with pytest.raises(ValueError, match="same length"):
        cohen_kappa(["x"], ["x", "y"])
    with pytest.raises(ValueError, match="no unit"):
        percent_agreement([None, "x"], ["y", None])
    with pytest.raises(TypeError, match="missing_values"):
        cohen_kappa(["x"], ["x"], missing_values="")


# ----------------------------------------------------- tables from a codings frame

CODINGS = pd.DataFrame(
    [
        ("ann", "madrid-latimes-001", "stance", "NEUTRAL"),
        ("ann", "madrid-latimes-002", "stance", "DISENGAGE"),
        ("ann", "madrid-latimes-003", "stance", "ENGAGE"),
        ("ann", "madrid-latimes-004", "stance", "DISENGAGE"),
        ("bob", "madrid-latimes-001", "stance", "NEUTRAL"),
        ("bob", "madrid-latimes-002", "stance", "DISENGAGE"),
        ("bob", "madrid-latimes-003", "stance", "NEUTRAL"),
        ("bob", "madrid-latimes-004", "stance", ""),
        ("cat", "madrid-latimes-001", "stance", "NEUTRAL"),
        ("cat", "madrid-latimes-003", "stance", "ENGAGE"),
        ("cat", "madrid-latimes-004", "stance", "ENGAGE"),
        ("ann", "madrid-latimes-001", "voice", ""),
        ("ann", "madrid-latimes-002", "voice", "author"),
        ("ann", "madrid-latimes-003", "voice", "actor"),
        ("ann", "madrid-latimes-004", "voice", "author"),
        ("bob", "madrid-latimes-001", "voice", ""),
        ("bob", "madrid-latimes-002", "voice", "author"),
        ("bob", "madrid-latimes-003", "voice", ""),
        ("bob", "madrid-latimes-004", "voice", np.nan),
        ("cat", "madrid-latimes-001", "voice", ""),
        ("cat", "madrid-latimes-003", "voice", "actor"),
        ("cat", "madrid-latimes-004", "voice", "actor"),
    ],
    columns=["coder", "unit", "variable", "value"],
)


def test_confusion_table_matches_sklearn():
    table = confusion_table(CODINGS, variable="stance", coder_a="ann", coder_b="cat")
    assert list(table.columns) == ["variable", "coder_a", "coder_b", "value_a", "value_b", "n"]
    cats = ["DISENGAGE", "ENGAGE", "NEUTRAL"]  # every code any coder used, sorted
    assert table["value_a"].tolist() == [c for c in cats for _ in cats]
    assert table["value_b"].tolist() == cats * 3
    a = ["NEUTRAL", "ENGAGE", "DISENGAGE"]  # units 001, 003, 004 coded by both
    b = ["NEUTRAL", "ENGAGE", "ENGAGE"]
    assert table["n"].tolist() == confusion_matrix(a, b, labels=cats).ravel().tolist()


def test_confusion_table_categories_and_errors():
    order = ["ENGAGE", "NEUTRAL", "DISENGAGE"]
    table = confusion_table(CODINGS, variable="stance", coder_a="ann", coder_b="bob", categories=order)
    assert table["value_a"].drop_duplicates().tolist() == order
    assert table["n"].sum() == 3  # bob's "" on 004 is "not coded" for stance
    with pytest.raises(ValueError, match="lack code"):
        confusion_table(CODINGS, variable="stance", coder_a="ann", coder_b="bob", categories=["ENGAGE"])
    with pytest.raises(ValueError, match="did not code"):
        confusion_table(CODINGS, variable="stance", coder_a="ann", coder_b="dan")
    with pytest.raises(ValueError, match="must differ"):
        confusion_table(CODINGS, variable="stance", coder_a="ann", coder_b="ann")
    with pytest.raises(ValueError, match="not in codings"):
        confusion_table(CODINGS, variable="actor", coder_a="ann", coder_b="bob")


def test_voice_empty_is_a_category():
    table = confusion_table(CODINGS, variable="voice", coder_a="ann", coder_b="bob")
    assert "" in set(table["value_a"])
    assert table["n"].sum() == 3  # bob's NaN on 004 is missing, "" is not
    cell = table[(table["value_a"] == "actor") & (table["value_b"] == "")]
    assert cell["n"].item() == 1


def test_disagreements_lists_units_where_coders_differ():
    table = disagreements(CODINGS, variable="stance")
    assert list(table.columns) == ["unit", "ann", "bob", "cat"]
    assert table["unit"].tolist() == ["madrid-latimes-003", "madrid-latimes-004"]
    pair = disagreements(CODINGS, variable="stance", coders=["ann", "bob"])
    confusion = confusion_table(CODINGS, variable="stance", coder_a="ann", coder_b="bob")
    off_diagonal = confusion.loc[confusion["value_a"] != confusion["value_b"], "n"].sum()
    assert len(pair) == off_diagonal == 1
    with pytest.raises(ValueError, match="at least two"):
        disagreements(CODINGS, variable="stance", coders=["ann"])


def test_reliability_table_rows_and_values():
    before = CODINGS.copy()
    table = reliability_table(CODINGS, variables=("stance", "voice"))
    pd.testing.assert_frame_equal(CODINGS, before)  # input untouched
    assert list(table.columns) == ["variable", "coder_a", "coder_b", "n_units", "percent_agreement",
                                   "cohen_kappa", "krippendorff_alpha"]
    assert table[["variable", "coder_a", "coder_b"]].values.tolist() == [
        ["stance", "ann", "bob"], ["stance", "ann", "cat"], ["stance", "bob", "cat"], ["stance", "all", ""],
        ["voice", "ann", "bob"], ["voice", "ann", "cat"], ["voice", "bob", "cat"], ["voice", "all", ""],
    ]
    assert table.index.tolist() == list(range(8))
    row = table.iloc[1]  # stance, ann vs cat: units 001, 003, 004
    a, b = ["NEUTRAL", "ENGAGE", "DISENGAGE"], ["NEUTRAL", "ENGAGE", "ENGAGE"]
    assert row["n_units"] == 3
    assert row["cohen_kappa"] == pytest.approx(cohen_kappa_score(a, b))
    assert row["percent_agreement"] == pytest.approx(2 / 3)
    pair = pd.DataFrame({"coder": ["ann"] * 3 + ["cat"] * 3, "unit": list("xyz") * 2, "value": a + b})
    assert row["krippendorff_alpha"] == pytest.approx(_nltk_task(pair).alpha())
    everyone = table.iloc[3]
    stance = CODINGS[(CODINGS["variable"] == "stance") & (CODINGS["value"] != "")]
    assert everyone["n_units"] == 4
    assert np.isnan(everyone["cohen_kappa"]) and np.isnan(everyone["percent_agreement"])
    assert everyone["krippendorff_alpha"] == pytest.approx(_nltk_task(stance).alpha())
    voice = table[table["variable"] == "voice"].set_index(["coder_a", "coder_b"])
    assert voice.loc[("ann", "bob"), "n_units"] == 3  # "" agreed on 001, NaN on 004 dropped


def test_reliability_table_two_coders_and_no_overlap():
    two = CODINGS[CODINGS["coder"] != "cat"]
    table = reliability_table(two, variables=["stance"])
    assert table["coder_a"].tolist() == ["ann"]  # no "all" row with two coders
    apart = pd.DataFrame({"coder": ["a", "b"], "unit": ["1", "2"], "variable": "stance", "value": ["ENGAGE"] * 2})
    row = reliability_table(apart, variables=["stance"]).iloc[0]
    assert row["n_units"] == 0 and np.isnan(row["krippendorff_alpha"])
    with pytest.raises(ValueError, match="not in codings"):
        reliability_table(CODINGS)  # no target variable
    with pytest.raises(TypeError):
        reliability_table(CODINGS, variables="stance")


# ------------------------------------------------------------------------- plots


def test_plot_confusion_labels_and_counts():
    table = confusion_table(CODINGS, variable="voice", coder_a="ann", coder_b="cat")
    ax = plot_confusion(table)
    try:
        assert ax.get_xlabel() == "coded by cat" and ax.get_ylabel() == "coded by ann"
        assert [t.get_text() for t in ax.get_yticklabels()] == ["(none)", "actor", "author"]
        assert sorted(int(t.get_text()) for t in ax.texts) == sorted(table["n"].tolist())
        assert "voice" in ax.get_title()
    finally:
        plt.close(ax.figure)
    with pytest.raises(ValueError, match="one variable"):
        plot_confusion(pd.concat([table, table.assign(coder_b="bob")]))


def test_plot_reliability_draws_one_point_per_row():
    table = reliability_table(CODINGS, variables=("stance", "voice"))
    fig, ax = plt.subplots()
    try:
        assert plot_reliability(table, ax=ax) is ax
        assert sum(len(c.get_offsets()) for c in ax.collections) == len(table)
        assert len(ax.get_yticklabels()) == len(table)
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="statistic"):
        plot_reliability(table, statistic="n_units")
