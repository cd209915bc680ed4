"""Tables and files of actor networks: edge and node tables, GraphML.

Split from :mod:`analysis.compare.networks`, which builds the networks; the
functions here take any networkx graph that module returns.

References
----------
.. [1] Barrat, A., Barthelemy, M., Pastor-Satorras, R. & Vespignani, A.
   (2004). The architecture of complex weighted networks. PNAS, 101(11),
   3747-3752.
.. [2] Brandes, U., Eiglsperger, M., Herman, I., Himsolt, M. & Marshall,
   M. S. (2002). GraphML progress report. Graph Drawing 2001, LNCS 2265,
   501-512.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

__all__ = ["edge_table", "node_table", "write_graphml"]


def _oriented(graph: nx.Graph, a, b) -> tuple:
    """Return the edge's end points: bipartite 0 first, else in string order."""
    part = nx.get_node_attributes(graph, "bipartite")
    if a in part and b in part and part[a] != part[b]:
        return (a, b) if part[a] < part[b] else (b, a)
    return (a, b) if str(a) <= str(b) else (b, a)


def edge_table(graph: nx.Graph) -> pd.DataFrame:
    """Return one row per edge of a network, heaviest first.

    Parameters
    ----------
    graph : networkx.Graph
        A network from this module.

    Returns
    -------
    pandas.DataFrame
        ``source, target, weight`` and then the other edge attributes in
        name order; ``source`` is the actor in a two-mode network, else the
        first in string order. Sorted by ``weight`` descending, then
        ``source``, ``target``; index 0..n-1.

    References
    ----------
    .. [1] Leifeld, P. (2017). Discourse network analysis: policy debates as
       dynamic networks. The Oxford Handbook of Political Networks.

    Examples
    --------
    >>> g = nx.Graph(); g.add_edge("b", "a", weight=2)
    >>> edge_table(g).to_dict("records")
    [{'source': 'a', 'target': 'b', 'weight': 2}]
    """
    extra = sorted({k for _, _, d in graph.edges(data=True) for k in d} - {"weight"})
    rows = []
    for a, b, d in graph.edges(data=True):
        source, target = _oriented(graph, a, b)
        rows.append({"source": source, "target": target, "weight": d.get("weight", 1),
                     **{k: d.get(k) for k in extra}})
    frame = pd.DataFrame(rows, columns=["source", "target", "weight", *extra])
    return frame.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def node_table(graph: nx.Graph) -> pd.DataFrame:
    """Return one row per node of a network, with its degree and strength.

    Parameters
    ----------
    graph : networkx.Graph
        A network from this module.

    Returns
    -------
    pandas.DataFrame
        ``node``, the node attributes in name order, ``degree`` (number of
        neighbours) and ``strength`` (sum of edge weights, Barrat et al.
        2004). Sorted by ``bipartite`` (when present) then ``node``.

    References
    ----------
    .. [1] Barrat, A., Barthelemy, M., Pastor-Satorras, R. & Vespignani, A.
       (2004). The architecture of complex weighted networks. PNAS, 101(11),
       3747-3752.

    Examples
    --------
    >>> g = nx.Graph(); g.add_edge("a", "b", weight=2); g.add_edge("a", "c", weight=1)
    >>> node_table(g)[["node", "degree", "strength"]].values.tolist()
    [['a', 2, 3], ['b', 1, 2], ['c', 1, 1]]
    """
    attrs = sorted({k for _, d in graph.nodes(data=True) for k in d})
    rows = [{"node": n, **{k: d.get(k) for k in attrs}, "degree": graph.degree(n),
             "strength": graph.degree(n, weight="weight")} for n, d in graph.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=["node", *attrs, "degree", "strength"])
    keys = ["bipartite", "node"] if "bipartite" in attrs else ["node"]
    return frame.sort_values(keys).reset_index(drop=True)


def write_graphml(graph: nx.Graph, path: str | Path, *, force: bool = False) -> Path:
    """Write a network as GraphML, byte-stable, for Gephi, visone or igraph.

    Nodes, edges (end points as in :func:`edge_table`) and attribute names
    are written in sorted order, so the same network gives the same bytes
    whatever order it was built in. The file is read back by
    ``networkx.read_graphml``.

    Parameters
    ----------
    graph : networkx.Graph
        A network from this module (attribute values str, int, float or bool).
    path : str or Path
        File to write.
    force : bool, default False
        Overwrite ``path`` if it exists.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``force`` is False.
    TypeError
        If ``graph`` is directed or a multigraph.

    References
    ----------
    .. [1] Brandes, U., Eiglsperger, M., Herman, I., Himsolt, M. & Marshall,
       M. S. (2002). GraphML progress report. Graph Drawing 2001, LNCS 2265,
       501-512.
    """
    if graph.is_directed() or graph.is_multigraph():
        raise TypeError("write_graphml takes an undirected simple networkx.Graph")
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; pass force=True to overwrite it")
    ordered = nx.Graph()
    ordered.graph.update(sorted(graph.graph.items()))
    for node in sorted(graph.nodes, key=str):
        ordered.add_node(node, **dict(sorted(graph.nodes[node].items())))
    edges = sorted(((_oriented(graph, a, b), d) for a, b, d in graph.edges(data=True)),
                   key=lambda e: (str(e[0][0]), str(e[0][1])))
    for (a, b), d in edges:
        ordered.add_edge(a, b, **dict(sorted(d.items())))
    nx.write_graphml_xml(ordered, path)
    return path
