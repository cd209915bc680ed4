"""Networks and tables for other tools, so no Python is needed to get them.

``python -m analysis export CORPUS_DIR WHAT -o FILE`` writes one of:

=================  =============================================================
networks           ``affiliation`` (actors x concepts), ``congruence``,
                   ``conflict`` (:mod:`analysis.compare.networks`). ``FILE.graphml``:
                   GraphML (Gephi, visone, igraph, Cytoscape); ``FILE.csv``: a
                   Gephi edge list (``Source, Target, Weight, Type`` and the
                   other edge attributes), with the node list (``Id, Label``
                   and attributes) in ``FILE.nodes.csv``.
tables             ``statements``, ``actor-stances``, ``positions``,
                   ``stance-profile``, ``codeline``, ``sister-cities``
                   (:mod:`analysis.stance`, :mod:`analysis.compare.sister_cities`)
                   as CSV, or an Excel workbook for ``FILE.xlsx``.
=================  =============================================================

Every network and table is built from the coding sheet given (default the
corpus's ``coding/consensus.csv``), by the same functions the notebooks call.
Networks and the statement tables follow the reprint policy
(:mod:`analysis.reprints`): a reprint's statements are left out unless
``include_reprints`` (``--include-reprints``) asks for them; the per-document
tables (positions, stance profile, codeline) list every document.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["NETWORKS", "TABLES", "gephi_edges", "gephi_nodes", "network", "table"]

NETWORKS = ("affiliation", "congruence", "conflict")
TABLES = ("statements", "actor-stances", "positions", "stance-profile", "codeline", "sister-cities")


def network(name: str, coding: pd.DataFrame, documents: pd.DataFrame, codebook, *, weight: str = "concepts",
            include_reprints: bool = False):
    """Return the network ``name`` (one of :data:`NETWORKS`) of a coding frame (reprints left out unless asked)."""
    from analysis.compare import networks
    from analysis.stance import statements

    frame = statements(coding, documents, codebook.actors, include_reprints=include_reprints)
    if name == "affiliation":
        return networks.affiliation_network(frame, actors=codebook.actors)
    build = {"congruence": networks.congruence_network, "conflict": networks.conflict_network}[name]
    return build(frame, actors=codebook.actors, weight=weight)


def table(name: str, coding: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame, codebook, *,
          corpus_dir: str | Path, include_reprints: bool = False) -> pd.DataFrame:
    """Return the table ``name`` (one of :data:`TABLES`); see the functions it calls for its columns.

    ``statements`` and ``actor-stances`` leave reprints out unless ``include_reprints``.
    """
    from analysis import stance

    if name in ("statements", "actor-stances"):
        frame = stance.statements(coding, documents, codebook.actors, include_reprints=include_reprints)
        return frame if name == "statements" else stance.actor_stance_table(frame, codebook.actors)
    if name == "positions":
        return stance.document_positions(coding)
    if name == "stance-profile":
        return stance.stance_profile(coding)
    if name == "codeline":
        return stance.codeline_table(coding, sentences)
    if name == "sister-cities":
        from analysis.compare.sister_cities import pair_status_table, read_sister_cities

        return pair_status_table(read_sister_cities(Path(corpus_dir) / "sister_cities.csv", sentences=sentences))
    raise ValueError(f"unknown table {name!r}; choose from {', '.join(TABLES)}")


def gephi_edges(graph) -> pd.DataFrame:
    """Return a network's edges as Gephi's spreadsheet importer reads them.

    ``Source, Target, Weight, Type`` (``Undirected``) and the other edge
    attributes of :func:`analysis.compare.networks.edge_table`.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph(); g.add_edge("b", "a", weight=2)
    >>> gephi_edges(g).to_dict("records")
    [{'Source': 'a', 'Target': 'b', 'Weight': 2, 'Type': 'Undirected'}]
    """
    from analysis.compare.networks import edge_table

    edges = edge_table(graph).rename(columns={"source": "Source", "target": "Target", "weight": "Weight"})
    edges.insert(3, "Type", "Undirected")
    return edges


def gephi_nodes(graph) -> pd.DataFrame:
    """Return a network's nodes for Gephi: ``Id, Label`` (the name, else the id) and the node attributes."""
    from analysis.compare.networks import node_table

    nodes = node_table(graph).rename(columns={"node": "Id"})
    label = nodes["name"].where(nodes["name"].notna() & (nodes["name"] != ""), nodes["Id"]) if "name" in nodes else nodes["Id"]
    nodes.insert(1, "Label", label)
    return nodes
