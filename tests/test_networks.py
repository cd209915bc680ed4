"""Actor networks (DNA affiliation, congruence, conflict) and GraphML export."""

from __future__ import annotations

import matplotlib
import networkx as nx
import pandas as pd
import pytest

from analysis.compare.networks import (
    affiliation_network,
    conflict_network,
    congruence_network,
    edge_table,
    node_table,
    write_graphml,
)

matplotlib.use("Agg")

#: Hand-made statements: a and b agree twice on ENGAGE:russia and once on ENGAGE:ukraine; c disagrees on russia.
STATEMENTS = pd.DataFrame({
    "actor": ["a", "a", "a", "b", "b", "c", "c"],
    "stance": ["ENGAGE", "ENGAGE", "ENGAGE", "ENGAGE", "ENGAGE", "DISENGAGE", "ENGAGE"],
    "target": ["russia", "russia", "ukraine", "russia", "ukraine", "russia", "ukraine"],
})


def test_affiliation_weights_by_hand():
    g = affiliation_network(STATEMENTS)
    assert sorted(g.edges(data="weight")) == [
        ("a", "ENGAGE:russia", 2), ("a", "ENGAGE:ukraine", 1), ("b", "ENGAGE:russia", 1),
        ("b", "ENGAGE:ukraine", 1), ("c", "DISENGAGE:russia", 1), ("c", "ENGAGE:ukraine", 1),
    ]
    assert nx.is_bipartite(g)
    assert {n for n, d in g.nodes(data=True) if d["bipartite"] == 1} == {"ENGAGE:russia", "ENGAGE:ukraine",
                                                                          "DISENGAGE:russia"}


def test_congruence_weights_by_hand():
    concepts = congruence_network(STATEMENTS)
    assert sorted(concepts.edges(data="weight")) == [("a", "b", 2), ("a", "c", 1), ("b", "c", 1)]
    statements = congruence_network(STATEMENTS, weight="statements")
    # a-b: min(2,1) on russia + min(1,1) on ukraine
    assert statements["a"]["b"]["weight"] == 2
    with pytest.raises(ValueError, match="weight must be"):
        congruence_network(STATEMENTS, weight="other")


def test_conflict_network():
    g = conflict_network(STATEMENTS)
    assert sorted(g.edges(data="weight")) == [("a", "c", 1), ("b", "c", 1)]


def test_tables():
    edges = edge_table(congruence_network(STATEMENTS))
    assert list(edges.columns) == ["source", "target", "weight"] and edges.iloc[0].tolist() == ["a", "b", 2]
    nodes = node_table(affiliation_network(STATEMENTS))
    assert nodes.set_index("node").loc["a", "degree"] == 3


def test_graphml_round_trip_is_byte_stable_and_never_overwrites(tmp_path):
    g = affiliation_network(STATEMENTS)
    first = write_graphml(g, tmp_path / "a.graphml")
    second = write_graphml(affiliation_network(STATEMENTS.iloc[::-1]), tmp_path / "b.graphml")
    assert first.read_bytes() == second.read_bytes()
    back = nx.read_graphml(first)
    def undirected(graph):
        return sorted((*sorted((a, b)), int(w)) for a, b, w in graph.edges(data="weight"))

    assert undirected(back) == undirected(g)
    with pytest.raises(FileExistsError):
        write_graphml(g, first)


def test_plots():
    from analysis.plots.networks import plot_affiliation, plot_congruence

    ax = plot_affiliation(affiliation_network(STATEMENTS), labels={"a": "Actor A"})
    assert "Actor A" in [t.get_text() for t in ax.texts]
    ax = plot_congruence(congruence_network(STATEMENTS), net={"a": 2, "c": -1})
    assert len(ax.lines) == 3
