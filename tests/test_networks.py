"""Actor networks (DNA affiliation, congruence, conflict), GraphML export and their plots.

Pinned to:

- the worked example of the Discourse Network Analyzer manual (Leifeld,
  Gruber & Bossner, ``leifeld/dna: manual2/dna-manual.Rnw``, "qualifier
  aggregation"): in DNA's sample data, Senate and Sierra Club have an
  ``ignore`` tie of 7, a ``congruence`` tie of 2 and a ``conflict`` tie of 5
  (no normalisation, duplicates included = our ``weight="product"``);
- rDNA's ``tests/testthat/test-network.R`` on the same data: 40 statements by
  7 organisations, and a one-mode ``ignore`` matrix summing to 276
  (``ignore`` = congruence + conflict for a binary qualifier);
- networkx's bipartite projections and numpy matrix products as independent
  implementations;
- a hand-made statements frame with weights counted by hand.
"""

from __future__ import annotations

import itertools

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analysis.compare.networks import (
    affiliation_network,
    conflict_network,
    congruence_network,
    edge_table,
    node_table,
    subtract_network,
    write_graphml,
)

matplotlib.use("Agg")

#: Hand-made statements: a and b agree on ENGAGE:russia (a twice) and ENGAGE:ukraine;
#: c says DISENGAGE:russia and ENGAGE:ukraine; "unspecified" says ENGAGE:ukraine.
STATEMENTS = pd.DataFrame({
    "actor": ["a", "a", "a", "b", "b", "c", "c", "unspecified"],
    "stance": ["ENGAGE", "ENGAGE", "ENGAGE", "ENGAGE", "ENGAGE", "DISENGAGE", "ENGAGE", "ENGAGE"],
    "target": ["russia", "russia", "ukraine", "russia", "ukraine", "russia", "ukraine", "ukraine"],
})

#: DNA's sample data (rDNA ``inst/extdata/sample.dna``, statement type "DNA Statement"):
#: organisation, concept (C1..C6), agreement (1 = agree), number of statements.
#: C1 "CO2 legislation will not hurt the economy.", C2 "Cap and trade is the solution.",
#: C3 "Climate change is caused by greenhouse gases (CO2).", C4 "Climate change is real and anthropogenic.",
#: C5 "Emissions legislation should regulate CO2.", C6 "There should be legislation to regulate emissions."
DNA_SAMPLE = [
    ("Alliance to Save Energy", "C3", 1, 1), ("Alliance to Save Energy", "C5", 1, 2),
    ("Alliance to Save Energy", "C6", 1, 1),
    ("Energy and Environmental Analysis, Inc.", "C1", 0, 2), ("Energy and Environmental Analysis, Inc.", "C5", 0, 1),
    ("Energy and Environmental Analysis, Inc.", "C5", 1, 1),
    ("Environmental Protection Agency", "C1", 0, 1), ("Environmental Protection Agency", "C6", 1, 10),
    ("National Petrochemical & Refiners Association", "C1", 0, 2),
    ("National Petrochemical & Refiners Association", "C6", 0, 2),
    ("Senate", "C1", 0, 2), ("Senate", "C5", 0, 1), ("Senate", "C6", 1, 2),
    ("Sierra Club", "C1", 1, 2), ("Sierra Club", "C3", 1, 1), ("Sierra Club", "C4", 1, 1), ("Sierra Club", "C5", 1, 1),
    ("Sierra Club", "C6", 1, 1),
    ("U.S. Public Interest Research Group", "C1", 1, 1), ("U.S. Public Interest Research Group", "C2", 1, 1),
    ("U.S. Public Interest Research Group", "C3", 1, 1), ("U.S. Public Interest Research Group", "C4", 1, 2),
    ("U.S. Public Interest Research Group", "C5", 1, 1),
]


@pytest.fixture(scope="module")
def dna_sample() -> pd.DataFrame:
    rows = [(org, "ENGAGE" if agree else "DISENGAGE", concept)
            for org, concept, agree, n in DNA_SAMPLE for _ in range(n)]
    return pd.DataFrame(rows, columns=["actor", "stance", "target"])


def weights(graph):
    return sorted((*sorted((a, b)), w) for a, b, w in graph.edges(data="weight"))


# --- published values ------------------------------------------------------------------------------------------


def test_dna_manual_worked_example_senate_sierra_club(dna_sample):
    congruence = congruence_network(dna_sample, weight="product")
    conflict = conflict_network(dna_sample, weight="product")
    assert congruence["Senate"]["Sierra Club"]["weight"] == 2
    assert conflict["Senate"]["Sierra Club"]["weight"] == 5
    assert congruence["Senate"]["Sierra Club"]["weight"] + conflict["Senate"]["Sierra Club"]["weight"] == 7


def test_rdna_sample_totals(dna_sample):
    affiliation = affiliation_network(dna_sample)
    assert sum(w for _, _, w in affiliation.edges(data="weight")) == 40
    assert sum(1 for _, d in affiliation.nodes(data=True) if d["bipartite"] == 0) == 7
    ignore = (sum(w for _, _, w in congruence_network(dna_sample, weight="product").edges(data="weight"))
              + sum(w for _, _, w in conflict_network(dna_sample, weight="product").edges(data="weight")))
    assert 2 * ignore == 276  # the full symmetric matrix counts each dyad twice


# --- independent implementations -------------------------------------------------------------------------------


def _matrices(statements):
    """Actor x concept count matrix X (concept = stance:target) and its stance-swapped twin."""
    x = pd.crosstab(statements["actor"], statements["stance"] + ":" + statements["target"])
    swap = {c: ("DISENGAGE" if c.startswith("ENGAGE") else "ENGAGE") + ":" + c.split(":", 1)[1] for c in x.columns}
    opposite = x.rename(columns=swap).reindex(columns=x.columns, fill_value=0)
    return x, opposite


@pytest.mark.parametrize("fixture", ["hand", "dna"])
def test_against_networkx_projection_and_numpy(fixture, dna_sample):
    frame = STATEMENTS if fixture == "hand" else dna_sample
    affiliation = affiliation_network(frame, exclude=())
    actors = [n for n, d in affiliation.nodes(data=True) if d["bipartite"] == 0]
    # "concepts" = number of shared concept neighbours in the two-mode graph
    projected = nx.bipartite.weighted_projected_graph(affiliation, actors)
    assert weights(congruence_network(frame, exclude=())) == weights(projected)
    # "statements" = sum of min(count_a, count_b) over shared concepts
    def min_weight(g, u, v):
        return sum(min(g[u][c]["weight"], g[v][c]["weight"]) for c in set(g[u]) & set(g[v]))

    generic = nx.bipartite.generic_weighted_projected_graph(affiliation, actors, weight_function=min_weight)
    assert weights(congruence_network(frame, weight="statements", exclude=())) == weights(generic)
    # "product" = X X^T (congruence) and X Y^T (conflict, Y = X with stances swapped), off the diagonal
    x, y = _matrices(frame)
    names = list(x.index)
    for graph, matrix in ((congruence_network(frame, weight="product", exclude=()), x.values @ x.values.T),
                          (conflict_network(frame, weight="product", exclude=()), x.values @ y.values.T)):
        dense = nx.to_numpy_array(graph, nodelist=names, weight="weight")
        np.fill_diagonal(matrix, 0)
        np.testing.assert_array_equal(dense, matrix)


# --- by hand ---------------------------------------------------------------------------------------------------


def test_affiliation_by_hand():
    g = affiliation_network(STATEMENTS)
    assert sorted(g.edges(data="weight")) == [
        ("a", "ENGAGE:russia", 2), ("a", "ENGAGE:ukraine", 1), ("b", "ENGAGE:russia", 1),
        ("b", "ENGAGE:ukraine", 1), ("c", "DISENGAGE:russia", 1), ("c", "ENGAGE:ukraine", 1),
    ]
    assert nx.is_bipartite(g) and "unspecified" not in g
    assert {n for n, d in g.nodes(data=True) if d["bipartite"] == 1} == {"ENGAGE:russia", "ENGAGE:ukraine",
                                                                          "DISENGAGE:russia"}
    assert {"kind": "concept", "stance": "DISENGAGE", "target": "russia"}.items() <= g.nodes["DISENGAGE:russia"].items()
    assert g.nodes["a"]["kind"] == "actor" and g.nodes["a"]["n_engage"] == 3
    assert g["c"]["DISENGAGE:russia"]["stance"] == "DISENGAGE"


def test_congruence_and_conflict_by_hand():
    # a-b share ENGAGE:russia (2 and 1 statements) and ENGAGE:ukraine (1 and 1)
    assert weights(congruence_network(STATEMENTS)) == [("a", "b", 2), ("a", "c", 1), ("b", "c", 1)]
    assert weights(congruence_network(STATEMENTS, weight="statements")) == [("a", "b", 2), ("a", "c", 1),
                                                                             ("b", "c", 1)]
    assert weights(congruence_network(STATEMENTS, weight="product")) == [("a", "b", 3), ("a", "c", 1),
                                                                          ("b", "c", 1)]
    # c says DISENGAGE:russia where a (twice) and b (once) say ENGAGE:russia
    assert weights(conflict_network(STATEMENTS)) == [("a", "c", 1), ("b", "c", 1)]
    assert weights(conflict_network(STATEMENTS, weight="product")) == [("a", "c", 2), ("b", "c", 1)]
    # the pooled unnamed actor ties to everyone who engages Ukraine, unless excluded (the default)
    pooled = congruence_network(STATEMENTS, exclude=())
    assert {b for b in pooled["unspecified"]} == {"a", "b", "c"}


def test_normalisations_worked_by_hand():
    # concepts: a {E:russia, E:ukraine}, b the same, c {D:russia, E:ukraine}: activity 2 each.
    # congruence a-b 2, a-c 1, b-c 1; conflict a-c 1, b-c 1.
    def w(graph):
        return {tuple(sorted((a, b))): pytest.approx(x) for a, b, x in graph.edges(data="weight")}

    assert w(congruence_network(STATEMENTS, normalization="average")) == {("a", "b"): 1.0, ("a", "c"): 0.5,
                                                                            ("b", "c"): 0.5}
    assert w(congruence_network(STATEMENTS, normalization="jaccard")) == {("a", "b"): 1.0, ("a", "c"): 1 / 3,
                                                                            ("b", "c"): 1 / 3}
    assert w(congruence_network(STATEMENTS, normalization="cosine")) == {("a", "b"): 1.0, ("a", "c"): 0.5,
                                                                           ("b", "c"): 0.5}
    assert w(conflict_network(STATEMENTS, normalization="jaccard")) == {("a", "c"): 1 / 3, ("b", "c"): 1 / 3}
    # statements: a says 3, b 2, c 2; a-b share min(2,1) + min(1,1) = 2
    assert w(congruence_network(STATEMENTS, weight="statements", normalization="average"))[("a", "b")] == 2 / 2.5
    # product: a (2, 1) -> 5, b (1, 1) -> 2; a-b = 2*1 + 1*1 = 3, cosine 3 / sqrt(10)
    assert w(congruence_network(STATEMENTS, weight="product", normalization="cosine"))[("a", "b")] == 3 / 10 ** 0.5


def test_subtract_is_congruence_minus_conflict():
    # a-c and b-c agree on ENGAGE:ukraine and disagree on russia: they cancel, so no edge
    raw = subtract_network(STATEMENTS, normalization="none")
    assert weights(raw) == [("a", "b", 2)]
    assert raw["a"]["b"]["congruence"] == 2 and raw["a"]["b"]["conflict"] == 0
    assert weights(subtract_network(STATEMENTS)) == [("a", "b", 1.0)]
    # two actors who disagree on one target more than they agree go negative
    s = pd.DataFrame({"actor": ["x", "x", "y", "y", "y"], "stance": ["ENGAGE", "ENGAGE", "DISENGAGE", "DISENGAGE",
                                                                     "ENGAGE"],
                      "target": ["russia", "general", "russia", "general", "ukraine"]})
    g = subtract_network(s)
    # concepts: x 2, y 3; conflict 2 (russia, general), congruence 0 -> -2 / 2.5
    assert g["x"]["y"]["weight"] == pytest.approx(-0.8)


def test_dna_sample_subtract_and_cosine(dna_sample):
    # Senate (C1 D x2, C5 D x1, C6 E x2) and Sierra Club (C1, C3, C4, C5, C6 agree; C1 x2):
    # product congruence 2 and conflict 5 (the manual's values), activity 9 and 8.
    sub = subtract_network(dna_sample, weight="product", normalization="none")
    assert sub["Senate"]["Sierra Club"]["weight"] == -3
    cos = congruence_network(dna_sample, weight="product", normalization="cosine")
    assert cos["Senate"]["Sierra Club"]["weight"] == pytest.approx(2 / 72 ** 0.5)


def test_actor_attributes_from_the_actors_table():
    actors = pd.DataFrame({"actor_id": ["a"], "name": ["Actor A"], "kind": ["mayor"]})
    frame = pd.concat([STATEMENTS, pd.DataFrame({"actor": ["author:doc"], "stance": ["ENGAGE"],
                                                 "target": ["general"]})], ignore_index=True)
    g = congruence_network(frame, actors=actors)
    assert (g.nodes["a"]["name"], g.nodes["a"]["actor_kind"]) == ("Actor A", "mayor")
    assert (g.nodes["b"]["name"], g.nodes["b"]["actor_kind"]) == ("b", "")
    assert g.nodes["author:doc"]["actor_kind"] == "author" and g.degree("author:doc") == 0


def test_inputs_are_checked_and_left_unchanged():
    before = STATEMENTS.copy()
    congruence_network(STATEMENTS)
    pd.testing.assert_frame_equal(STATEMENTS, before)
    with pytest.raises(ValueError, match="weight must be one of"):
        congruence_network(STATEMENTS, weight="other")
    with pytest.raises(ValueError, match="normalization must be one of"):
        subtract_network(STATEMENTS, normalization="max")
    with pytest.raises(ValueError, match="need column"):
        affiliation_network(STATEMENTS.drop(columns="target"))
    with pytest.raises(ValueError, match="ENGAGE or DISENGAGE"):
        conflict_network(STATEMENTS.assign(stance="NEUTRAL"))
    with pytest.raises(ValueError, match="have no actor"):
        congruence_network(STATEMENTS.assign(actor=["a", "", "a", "b", "b", "c", "c", "c"]))
    with pytest.raises(TypeError, match="exclude"):
        congruence_network(STATEMENTS, exclude="unspecified")
    with pytest.raises(TypeError, match="DataFrame"):
        affiliation_network(STATEMENTS.to_dict())


# --- tables and GraphML ----------------------------------------------------------------------------------------


def test_tables():
    edges = edge_table(affiliation_network(STATEMENTS))
    assert list(edges.columns) == ["source", "target", "weight", "stance"]
    assert edges.iloc[0].tolist() == ["a", "ENGAGE:russia", 2, "ENGAGE"]
    assert set(edges["source"]) == {"a", "b", "c"}  # the actor end always comes first
    nodes = node_table(affiliation_network(STATEMENTS)).set_index("node")
    assert list(nodes.index[:3]) == ["a", "b", "c"]  # actors (bipartite 0) before concepts
    assert (nodes.loc["a", "degree"], nodes.loc["a", "strength"]) == (2, 3)
    assert nodes.loc["ENGAGE:ukraine", "strength"] == 3
    assert edge_table(congruence_network(STATEMENTS))["weight"].is_monotonic_decreasing


def test_graphml_round_trip_byte_stable_and_never_overwrites(tmp_path):
    g = affiliation_network(STATEMENTS)
    first = write_graphml(g, tmp_path / "a.graphml")
    second = write_graphml(affiliation_network(STATEMENTS.iloc[::-1]), tmp_path / "b.graphml")
    assert first.read_bytes() == second.read_bytes()
    back = nx.read_graphml(first)
    assert weights(back) == weights(g)
    assert back.nodes["a"] == g.nodes["a"] and back.nodes["ENGAGE:russia"] == g.nodes["ENGAGE:russia"]
    assert back["c"]["DISENGAGE:russia"]["stance"] == "DISENGAGE"
    with pytest.raises(FileExistsError, match="force=True"):
        write_graphml(g, first)
    write_graphml(congruence_network(STATEMENTS), first, force=True)
    assert weights(nx.read_graphml(first)) == weights(congruence_network(STATEMENTS))
    with pytest.raises(TypeError, match="undirected"):
        write_graphml(nx.DiGraph(g), tmp_path / "c.graphml")


# --- plots -----------------------------------------------------------------------------------------------------


def _overlaps(ax):
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
    return [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]


@pytest.fixture(scope="module")
def sample_statements(sample_corpus):
    from analysis.codebook import read_codebook
    from analysis.coding import read_coding_sheet
    from analysis.stance import statements
    from conftest import SAMPLE

    codebook = read_codebook(SAMPLE / "codebook.yml")
    coding = read_coding_sheet(SAMPLE / "coding" / "consensus.csv", codebook)
    return statements(coding, sample_corpus.documents, codebook.actors), codebook.actors


def test_plots_draw_every_node_without_overlapping_labels(sample_statements):
    import matplotlib.pyplot as plt

    from analysis.plots.networks import plot_affiliation, plot_congruence

    frame, actors = sample_statements
    affiliation = affiliation_network(frame, actors=actors)
    ax = plot_affiliation(affiliation, labels={"zelensky": "President Zelensky"})
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("President Zelensky (") for t in texts)
    assert len(ax.lines) == affiliation.number_of_edges() and _overlaps(ax) == []
    plt.close(ax.figure)
    congruence = congruence_network(frame, actors=actors)
    ax = plot_congruence(congruence)
    assert len(ax.lines) == congruence.number_of_edges() and len(ax.texts) == congruence.number_of_nodes()
    assert _overlaps(ax) == []
    plt.close(ax.figure)


def test_affiliation_plot_with_six_concepts_and_two_actors():
    import matplotlib.pyplot as plt

    from analysis.plots.networks import plot_affiliation

    frame = pd.DataFrame({"actor": ["a"] * 3 + ["b"] * 3, "stance": ["ENGAGE"] * 3 + ["DISENGAGE"] * 3,
                          "target": ["russia", "ukraine", "general"] * 2})
    ax = plot_affiliation(affiliation_network(frame))
    assert len(ax.lines) == 6 and _overlaps(ax) == []
    concept_labels = [t.get_text() for t in ax.texts if "\n" in t.get_text()]
    assert concept_labels[0] == "ENGAGE\nties with / aid to Ukraine"  # fixed order, top to bottom
    assert concept_labels[-1] == "DISENGAGE\nties with / aid to Ukraine"
    plt.close(ax.figure)


def test_subtract_plot_line_width_by_weight_dashed_conflict_and_node_size_in_legend():
    import matplotlib.pyplot as plt

    from analysis.plots.networks import plot_congruence

    s = pd.DataFrame({"actor": ["a", "a", "b", "b", "c", "c", "c"],
                      "stance": ["ENGAGE", "ENGAGE", "ENGAGE", "ENGAGE", "DISENGAGE", "DISENGAGE", "ENGAGE"],
                      "target": ["russia", "general", "russia", "general", "russia", "general", "ukraine"]})
    g = subtract_network(s)  # a-b +1 (agree on both), a-c and b-c -2/2.5 = -0.8
    ax = plot_congruence(g)
    try:
        lines = {round(line.get_linewidth(), 2): line.get_linestyle() for line in ax.lines}
        assert lines == {3.6: "-", round(0.6 + 3.0 * 0.8, 2): "--"}
        legend = ax.get_legend()
        assert "node area" in legend.get_title().get_text()
        texts = [t.get_text() for t in legend.get_texts()]
        assert "weight 1" in texts and "weight -0.8" in texts and "2 statements" in texts and "3 statements" in texts
    finally:
        plt.close(ax.figure)
