"""Actor networks from coded statements, as Discourse Network Analysis builds them.

A statement is an ENGAGE or DISENGAGE sentence with its actor and target
(:func:`analysis.stance.statements`). Its *concept* is ``"<stance>:<target>"``
(e.g. ``"DISENGAGE:russia"``).

- The **affiliation network** links actors to the concepts they state
  (two-mode; edge weight = number of statements).
- The **congruence network** links two actors who state the same concept;
  its edge weight is the number of concepts they share (DNA's default), or,
  with ``weight="statements"``, the sum over shared concepts of the smaller
  of the two actors' statement counts.
- The **conflict network** links two actors who take opposite stances on the
  same target; weight = number of such targets.

References
----------
.. [1] Leifeld, P. (2013). Reconceptualizing major policy change in the
   advocacy coalition framework: a discourse network analysis of German
   pension politics. Policy Studies Journal, 41(1), 169-198.
.. [2] Leifeld, P. (2017). Discourse network analysis: policy debates as
   dynamic networks. In The Oxford Handbook of Political Networks.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import networkx as nx
import pandas as pd

from analysis.errors import display_path

__all__ = ["affiliation_network", "congruence_network", "conflict_network", "edge_table", "node_table",
           "write_graphml"]


def _concepts(statements: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("actor", "stance", "target") if c not in statements]
    if missing:
        raise ValueError(f"statements need column(s) {', '.join(missing)}")
    frame = statements.assign(concept=statements["stance"] + ":" + statements["target"])
    return frame.groupby(["actor", "concept"]).size().rename("n").reset_index()


def affiliation_network(statements: pd.DataFrame) -> nx.Graph:
    """Return the two-mode actor x concept network.

    Nodes carry ``bipartite`` (0 actor, 1 concept) and ``kind``; edges carry
    ``weight`` (number of statements). Nodes and edges are added in sorted
    order, so the graph is the same on every run.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["a", "a", "b"], "stance": ["ENGAGE"] * 3, "target": ["russia"] * 3})
    >>> sorted(affiliation_network(s).edges(data="weight"))
    [('a', 'ENGAGE:russia', 2), ('b', 'ENGAGE:russia', 1)]
    """
    counts = _concepts(statements)
    graph = nx.Graph()
    for actor in sorted(set(counts["actor"])):
        graph.add_node(actor, bipartite=0, kind="actor")
    for concept in sorted(set(counts["concept"])):
        graph.add_node(concept, bipartite=1, kind="concept")
    for row in counts.sort_values(["actor", "concept"]).itertuples():
        graph.add_edge(row.actor, row.concept, weight=int(row.n))
    return graph


def congruence_network(statements: pd.DataFrame, *, weight: str = "concepts") -> nx.Graph:
    """Return the one-mode network of actors who state the same concepts.

    Parameters
    ----------
    statements : pandas.DataFrame
        ``actor, stance, target`` per statement.
    weight : {"concepts", "statements"}
        Number of shared concepts, or the sum of min(count_a, count_b) over
        them.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["a", "a", "b", "c"], "stance": ["ENGAGE", "ENGAGE", "ENGAGE", "DISENGAGE"],
    ...                   "target": ["russia"] * 4})
    >>> sorted(congruence_network(s, weight="statements").edges(data="weight"))
    [('a', 'b', 1)]
    """
    if weight not in ("concepts", "statements"):
        raise ValueError(f"weight must be 'concepts' or 'statements', got {weight!r}")
    counts = _concepts(statements)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(set(counts["actor"])))
    per_concept = {c: dict(zip(g["actor"], g["n"])) for c, g in counts.groupby("concept")}
    weights: dict[tuple[str, str], int] = {}
    for concept in sorted(per_concept):
        actors = per_concept[concept]
        for a, b in combinations(sorted(actors), 2):
            add = 1 if weight == "concepts" else min(actors[a], actors[b])
            weights[(a, b)] = weights.get((a, b), 0) + int(add)
    for (a, b), w in sorted(weights.items()):
        graph.add_edge(a, b, weight=w)
    return graph


def conflict_network(statements: pd.DataFrame) -> nx.Graph:
    """Return the network of actors who take opposite stances on the same target."""
    counts = _concepts(statements)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(set(counts["actor"])))
    stance = counts.assign(stance=counts["concept"].str.split(":").str[0],
                           target=counts["concept"].str.split(":").str[1])
    weights: dict[tuple[str, str], int] = {}
    for _, grp in stance.groupby("target"):
        engage = set(grp.loc[grp["stance"] == "ENGAGE", "actor"])
        disengage = set(grp.loc[grp["stance"] == "DISENGAGE", "actor"])
        for a in engage:
            for b in disengage:
                if a != b:
                    key = tuple(sorted((a, b)))
                    weights[key] = weights.get(key, 0) + 1
    for (a, b), w in sorted(weights.items()):
        graph.add_edge(a, b, weight=w)
    return graph


def edge_table(graph: nx.Graph) -> pd.DataFrame:
    """Return ``source, target, weight`` sorted by weight (descending), then names."""
    rows = [(*sorted((a, b)), d.get("weight", 1)) for a, b, d in graph.edges(data=True)]
    frame = pd.DataFrame(rows, columns=["source", "target", "weight"])
    return frame.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def node_table(graph: nx.Graph) -> pd.DataFrame:
    """Return one row per node: ``node``, its attributes, and ``degree`` (weighted)."""
    rows = [{"node": n, **d, "degree": graph.degree(n, weight="weight")} for n, d in graph.nodes(data=True)]
    return pd.DataFrame(rows).sort_values("node").reset_index(drop=True)


def write_graphml(graph: nx.Graph, path: str | Path, *, force: bool = False) -> Path:
    """Write ``graph`` as GraphML (sorted, so byte-stable); never overwrite without ``force``."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{display_path(path)} exists; use force=True to overwrite it")
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes(data=True)))
    ordered.add_edges_from(sorted((*sorted((a, b)), d) for a, b, d in graph.edges(data=True)))
    nx.write_graphml(ordered, path)
    return path
