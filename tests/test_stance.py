"""Stance summaries: profiles, codelines, statements with actors, positions."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest
from scipy.stats import binomtest

from analysis.stance import (
    actor_stance_table,
    codeline_table,
    document_positions,
    stance_profile,
    statements,
    wilson_interval,
)

matplotlib.use("Agg")

CODING = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a", "a", "b", "b"],
        "sent_id": ["a-001", "a-002", "a-003", "a-004", "b-001", "b-002"],
        "stance": ["DISENGAGE", "DISENGAGE", "ENGAGE", "NEUTRAL", "ENGAGE", "NEUTRAL"],
        "voice": ["author", "actor", "author", "", "actor", ""],
        "actor": ["", "zelensky", "", "", "poe", ""],
        "target": ["russia", "russia", "general", "", "russia", ""],
    }
)
DOCS = pd.DataFrame({"doc_id": ["a", "b"], "author": ["Ann Writer", ""], "reprint_of": ["", ""]})
ACTORS = pd.DataFrame({"actor_id": ["ann", "zelensky", "poe"], "name": ["Ann Writer", "Volodymyr Zelensky", "Lauren Poe"],
                       "kind": ["author", "national leader", "mayor"]})


def test_profile_counts_and_shares():
    prof = stance_profile(CODING)
    a = prof[prof.doc_id == "a"].set_index("stance")
    assert a["n"].to_dict() == {"ENGAGE": 1, "DISENGAGE": 2, "NEUTRAL": 1}
    assert a["share"].sum() == pytest.approx(1.0)
    own = stance_profile(CODING, voice="author").set_index(["doc_id", "stance"])["n"]
    assert own[("a", "DISENGAGE")] == 1 and own[("b", "ENGAGE")] == 0


def test_statements_give_authors_their_actor_id():
    st = statements(CODING, DOCS, ACTORS)
    assert list(st["actor"]) == ["ann", "zelensky", "ann", "poe"]
    no_byline = statements(CODING.assign(doc_id="b"), DOCS, ACTORS)
    assert no_byline.loc[0, "actor"] == "author:b"


def test_statements_count_a_reprint_once_unless_asked():
    # "c" reprints "a": its copies of a's sentences must not double a's statements
    docs = pd.concat([DOCS, pd.DataFrame({"doc_id": ["c"], "author": [""], "reprint_of": ["a"]})])
    coding = pd.concat([CODING, CODING[CODING["doc_id"] == "a"].assign(doc_id="c")], ignore_index=True)
    once = statements(coding, docs, ACTORS)
    assert once["doc_id"].tolist() == ["a", "a", "a", "b"] and once.attrs["reprints"] == "excluded"
    table = actor_stance_table(once, ACTORS).set_index("actor")
    assert table.loc["zelensky", "DISENGAGE"] == 1
    twice = statements(coding, docs, ACTORS, include_reprints=True)
    assert len(twice) == 7 and twice.attrs["reprints"] == "included"


def test_actor_table():
    table = actor_stance_table(statements(CODING, DOCS, ACTORS), ACTORS)
    assert list(table["actor"]) == ["zelensky", "ann", "poe"]
    assert table.set_index("actor").loc["ann", ["ENGAGE", "DISENGAGE", "net"]].tolist() == [1, 1, 0]


def test_codeline_relative_positions():
    sents = pd.DataFrame({"sent_id": CODING["sent_id"], "doc_id": CODING["doc_id"],
                          "position": [1, 2, 3, 4, 1, 2], "kind": "body"})
    line = codeline_table(CODING, sents)
    assert line["relative_position"].round(3).tolist() == [0.0, 0.333, 0.667, 1.0, 0.0, 1.0]


def test_wilson_interval_against_scipy():
    for k, n in [(0, 5), (3, 10), (8, 10), (10, 10)]:
        ci = binomtest(k, n).proportion_ci(method="wilson")
        assert wilson_interval(k, n) == pytest.approx((ci.low, ci.high), abs=1e-6)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))


def test_document_positions():
    pos = document_positions(CODING).set_index("doc_id")
    assert pos.loc["a", "position"] == 0.0 and pos.loc["a", "n"] == 2
    assert math.isnan(pos.loc["b", "position"])


def test_plots_draw_from_the_frames():
    from analysis.plots.coding import plot_actor_stances, plot_codeline, plot_document_positions, plot_stance_profile

    sents = pd.DataFrame({"sent_id": CODING["sent_id"], "doc_id": CODING["doc_id"],
                          "position": [1, 2, 3, 4, 1, 2], "kind": "body"})
    ax = plot_stance_profile(stance_profile(CODING))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a"]
    ax = plot_codeline(codeline_table(CODING, sents))
    assert len(ax.get_legend().get_texts()) == 5
    ax = plot_actor_stances(actor_stance_table(statements(CODING, DOCS, ACTORS), ACTORS))
    assert "Volodymyr Zelensky (national leader)" in [t.get_text() for t in ax.get_yticklabels()]
    ax = plot_document_positions(document_positions(CODING))
    assert any("no statements" in t.get_text() for t in ax.texts)
