"""`export`: networks as GraphML and Gephi CSV, tables as CSV/xlsx, equal to what the functions return."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from analysis.cli import main
from analysis.codebook import read_codebook
from analysis.coding import read_coding_sheet
from analysis.compare.networks import edge_table
from analysis.exchange.export import NETWORKS, TABLES, network, table
from conftest import SAMPLE


@pytest.fixture(scope="module")
def parts(sample_corpus, sample_sentences):
    codebook = read_codebook(SAMPLE / "codebook.yml")
    coding = read_coding_sheet(SAMPLE / "coding" / "consensus.csv", codebook, sentences=sample_sentences)
    return coding, sample_corpus.documents, codebook


@pytest.mark.parametrize("name", NETWORKS)
def test_network_files_hold_the_network(name, tmp_path, monkeypatch, parts):
    monkeypatch.chdir(tmp_path)
    graph = network(name, *parts)
    assert main(["export", str(SAMPLE), name, "-o", "net.graphml"]) == 0
    back = nx.read_graphml("net.graphml")
    assert sorted(back.nodes) == sorted(graph.nodes) and back.number_of_edges() == graph.number_of_edges() > 0
    assert main(["export", str(SAMPLE), name, "-o", "net.csv"]) == 0
    edges, nodes = pd.read_csv("net.csv", keep_default_na=False), pd.read_csv("net.nodes.csv", keep_default_na=False)
    assert list(edges.columns[:4]) == ["Source", "Target", "Weight", "Type"] and set(edges["Type"]) == {"Undirected"}
    want = edge_table(graph)
    assert edges[["Source", "Target", "Weight"]].values.tolist() == want[["source", "target", "weight"]].values.tolist()
    assert sorted(nodes["Id"]) == sorted(graph.nodes) and nodes["Label"].ne("").all()


def test_no_overwrite_of_the_node_list(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "net.nodes.csv").write_text("mine", encoding="utf-8")
    assert main(["export", str(SAMPLE), "conflict", "-o", "net.csv"]) == 1
    assert "net.nodes.csv exists; use --force" in capsys.readouterr().err
    assert (tmp_path / "net.nodes.csv").read_text(encoding="utf-8") == "mine" and not (tmp_path / "net.csv").exists()


@pytest.mark.parametrize("name", TABLES)
def test_tables_as_csv(name, tmp_path, monkeypatch, parts, sample_sentences):
    monkeypatch.chdir(tmp_path)
    coding, documents, codebook = parts
    want = table(name, coding, sample_sentences, documents, codebook, corpus_dir=SAMPLE)
    assert main(["export", str(SAMPLE), name, "-o", "t.csv"]) == 0
    got = pd.read_csv("t.csv")
    assert list(got.columns) == [str(c) for c in want.columns] and len(got) == len(want) > 0


def test_reprints_left_out_unless_asked(tmp_path, monkeypatch, parts):
    """The sample's repost reprints Madrid's op-ed: its statements count only with --include-reprints."""
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(SAMPLE), "statements", "-o", "default.csv"]) == 0
    assert main(["export", str(SAMPLE), "statements", "--include-reprints", "-o", "all.csv"]) == 0
    default, every = pd.read_csv("default.csv"), pd.read_csv("all.csv")
    assert "grassrootslab-madrid" not in set(default["doc_id"]) and "grassrootslab-madrid" in set(every["doc_id"])
    assert len(every) > len(default)
    coding, documents, codebook = parts
    lean = network("congruence", coding, documents, codebook)
    full = network("congruence", coding, documents, codebook, include_reprints=True)
    assert lean.size(weight="weight") <= full.size(weight="weight")
