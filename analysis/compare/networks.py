"""Actor networks from coded statements, as Discourse Network Analysis builds them.

Statements and concepts
-----------------------
A statement is an ENGAGE or DISENGAGE sentence with its actor and target, one
row of :func:`analysis.stance.statements` (``doc_id, sent_id, stance, voice,
actor, target``). In the terms of Discourse Network Analysis (DNA; Leifeld
2017) the actor is the first variable, the target (``russia``, ``ukraine``,
``general``) is the concept variable, and the stance is a binary qualifier
(ENGAGE = agreement, DISENGAGE = disagreement). Write :math:`x_{ajk}` for the
number of statements by actor :math:`a` on target :math:`j` with stance
:math:`k`, and :math:`\\bar k` for the opposite stance.

Networks
--------
- **Affiliation** (two-mode): actors linked to *concepts*, a concept being
  ``"<stance>:<target>"`` (e.g. ``"DISENGAGE:russia"``, DNA's ``combine``
  aggregation); edge weight :math:`x_{ajk}`.
- **Congruence** (one-mode): :math:`y_{ab} = \\sum_j \\sum_k f(x_{ajk}, x_{bjk})`,
  two actors who take the same stance on the same target.
- **Conflict** (one-mode): :math:`y_{ab} = \\sum_j \\sum_k f(x_{ajk}, x_{bj\\bar k})`,
  two actors who take opposite stances on the same target (each direction
  counted, as in DNA).

The pair function :math:`f` is chosen with ``weight``:

=================  ==========================  =======================================
``weight``         :math:`f(u, v)`             meaning
=================  ==========================  =======================================
``"concepts"``     1 if u > 0 and v > 0        number of concepts both state (default;
                                               Leifeld 2013; DNA with duplicates
                                               counted once, ``"acrossrange"``)
``"statements"``   min(u, v)                   statements that pair up one to one
``"product"``      u * v                       DNA's default (duplicates included,
                                               no normalisation; DNA manual eq. 2)
=================  ==========================  =======================================

Actors in ``exclude`` (default ``"unspecified"``, the pooled code for actors
a text does not name) are dropped before any network is built: pooling
different unnamed actors into one node would tie together actors who never
met in a text. DNA's ``excludeValues`` does the same.

Every graph is built from sorted nodes and edges, so it is the same on every
run, and :func:`write_graphml` writes it byte for byte the same.

References
----------
.. [1] Leifeld, P. (2013). Reconceptualizing major policy change in the
   advocacy coalition framework: a discourse network analysis of German
   pension politics. Policy Studies Journal, 41(1), 169-198.
.. [2] Leifeld, P. (2017). Discourse network analysis: policy debates as
   dynamic networks. In J. N. Victor, A. H. Montgomery & M. Lubell (Eds.),
   The Oxford Handbook of Political Networks (pp. 301-325). Oxford
   University Press.
.. [3] Leifeld, P., Gruber, J. & Bossner, F. R. (2019). Discourse Network
   Analyzer Manual. github.com/leifeld/dna (``manual2/dna-manual.Rnw``,
   "Construction of One-Mode Networks").
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import networkx as nx
import pandas as pd

__all__ = ["WEIGHTS", "affiliation_network", "congruence_network", "conflict_network", "edge_table", "node_table",
           "write_graphml"]

#: The edge weights of the one-mode networks (see the module docstring).
WEIGHTS = ("concepts", "statements", "product")
_STANCES = ("ENGAGE", "DISENGAGE")
_PAIR = {"concepts": lambda u, v: int(u > 0 and v > 0), "statements": min, "product": lambda u, v: u * v}


def _counts(statements: pd.DataFrame, exclude) -> pd.DataFrame:
    """Return ``actor, stance, target, n`` (x_ajk), sorted; check the input."""
    if not isinstance(statements, pd.DataFrame):
        raise TypeError(f"statements must be a pandas DataFrame, got {type(statements).__name__}")
    missing = [c for c in ("actor", "stance", "target") if c not in statements.columns]
    if missing:
        found = ", ".join(map(str, statements.columns))
        raise ValueError(f"statements need column(s) {', '.join(missing)}; found {found}")
    if isinstance(exclude, str):
        raise TypeError("exclude must be a collection of actor ids, not a single string")
    frame = statements[["actor", "stance", "target"]]
    for col in ("actor", "target"):
        empty = frame[col].isna() | (frame[col].astype(str).str.strip() == "")
        if empty.any():
            raise ValueError(f"{int(empty.sum())} statement(s) have no {col}; code or drop them first")
    bad = sorted(set(frame["stance"]) - set(_STANCES))
    if bad:
        raise ValueError(f"stance must be ENGAGE or DISENGAGE, got {bad}")
    frame = frame[~frame["actor"].isin(list(exclude))].astype(str)
    counts = frame.groupby(["actor", "stance", "target"]).size().rename("n").reset_index()
    return counts.sort_values(["actor", "stance", "target"]).reset_index(drop=True)


def _actor_attributes(counts: pd.DataFrame, actors: pd.DataFrame | None) -> dict[str, dict]:
    """Return node attributes of each actor: name, actor_kind and statement counts."""
    meta = {}
    if actors is not None:
        if not {"actor_id", "name"} <= set(actors.columns):
            raise ValueError("actors must have the columns actor_id and name (corpus/actors.csv)")
        kinds = actors["kind"] if "kind" in actors.columns else [""] * len(actors)
        meta = {a: (str(n), str(k)) for a, n, k in zip(actors["actor_id"], actors["name"], kinds)}
    out = {}
    for actor, grp in counts.groupby("actor", sort=True):
        n_by = grp.groupby("stance")["n"].sum()
        default_kind = "author" if actor.startswith("author:") else ""
        name, kind = meta.get(actor, (actor, default_kind))
        out[actor] = {"kind": "actor", "name": name, "actor_kind": kind,
                      "n_engage": int(n_by.get("ENGAGE", 0)), "n_disengage": int(n_by.get("DISENGAGE", 0))}
    return out


def affiliation_network(
    statements: pd.DataFrame, *, actors: pd.DataFrame | None = None, exclude=("unspecified",)
) -> nx.Graph:
    """Return the two-mode network of actors and the concepts they state.

    Parameters
    ----------
    statements : pandas.DataFrame
        Statements frame with ``actor, stance, target`` (see the module docstring).
    actors : pandas.DataFrame, optional
        Actors table (``actor_id, name, kind``, as ``corpus/actors.csv``) for
        the node attributes ``name`` and ``actor_kind``; an ``author:<doc_id>``
        placeholder gets ``actor_kind`` "author".
    exclude : collection of str, default ("unspecified",)
        Actor ids whose statements are dropped.

    Returns
    -------
    networkx.Graph
        Actor nodes (``bipartite=0, kind="actor", name, actor_kind, n_engage,
        n_disengage``) and concept nodes ``"<stance>:<target>"`` (``bipartite=1,
        kind="concept", name, stance, target, n_engage, n_disengage``); an
        edge per actor and concept stated, with ``weight`` = number of
        statements and ``stance``.

    References
    ----------
    .. [1] Leifeld, P. (2017). Discourse network analysis: policy debates as
       dynamic networks. The Oxford Handbook of Political Networks.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["a", "a", "b"], "stance": ["ENGAGE"] * 3, "target": ["russia"] * 3})
    >>> sorted(affiliation_network(s).edges(data="weight"))
    [('a', 'ENGAGE:russia', 2), ('b', 'ENGAGE:russia', 1)]
    """
    counts = _counts(statements, exclude)
    counts = counts.assign(concept=counts["stance"] + ":" + counts["target"])
    graph = nx.Graph()
    for actor, attrs in _actor_attributes(counts, actors).items():
        graph.add_node(actor, bipartite=0, **attrs)
    for concept, grp in counts.groupby("concept", sort=True):
        stance, target = grp["stance"].iloc[0], grp["target"].iloc[0]
        n = int(grp["n"].sum())
        graph.add_node(concept, bipartite=1, kind="concept", name=concept, stance=stance, target=target,
                       n_engage=n if stance == "ENGAGE" else 0, n_disengage=n if stance == "DISENGAGE" else 0)
    for row in counts.sort_values(["actor", "concept"]).itertuples(index=False):
        graph.add_edge(row.actor, row.concept, weight=int(row.n), stance=row.stance)
    return graph


def _one_mode(statements, actors, exclude, weight, opposite: bool) -> nx.Graph:
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(map(repr, WEIGHTS))}, got {weight!r}")
    counts = _counts(statements, exclude)
    x = {(r.actor, r.target, r.stance): int(r.n) for r in counts.itertuples(index=False)}
    keys = sorted({(t, s) for _, t, s in x})
    pair = _PAIR[weight]
    graph = nx.Graph()
    for actor, attrs in _actor_attributes(counts, actors).items():
        graph.add_node(actor, **attrs)
    for a, b in combinations(sorted(graph.nodes), 2):
        y = 0
        for target, stance in keys:
            other = ("DISENGAGE" if stance == "ENGAGE" else "ENGAGE") if opposite else stance
            y += pair(x.get((a, target, stance), 0), x.get((b, target, other), 0))
        if y > 0:
            graph.add_edge(a, b, weight=int(y))
    return graph


def congruence_network(statements: pd.DataFrame, *, actors: pd.DataFrame | None = None, weight: str = "concepts",
                       exclude=("unspecified",)) -> nx.Graph:
    """Return the one-mode network of actors who take the same stance on the same target.

    The weight of the edge between actors :math:`a` and :math:`b` is
    :math:`\\sum_j \\sum_k f(x_{ajk}, x_{bjk})` over targets :math:`j` and
    stances :math:`k` (DNA's binary congruence, manual eq. 2), with
    :math:`f` set by ``weight``; pairs with weight 0 get no edge.

    Parameters
    ----------
    statements : pandas.DataFrame
        Statements frame with ``actor, stance, target``.
    actors : pandas.DataFrame, optional
        Actors table, for the node attributes ``name`` and ``actor_kind``.
    weight : {"concepts", "statements", "product"}, default "concepts"
        Pair function (module docstring): shared concepts (Leifeld 2013),
        sum of min(count_a, count_b), or sum of count_a * count_b (DNA).
    exclude : collection of str, default ("unspecified",)
        Actor ids whose statements are dropped.

    Returns
    -------
    networkx.Graph
        Every actor with a statement as a node (``kind="actor", name,
        actor_kind, n_engage, n_disengage``), an edge with an int ``weight``
        for every pair with weight > 0.

    Raises
    ------
    ValueError
        For an unknown ``weight``, a missing column, an empty actor or
        target, or a stance other than ENGAGE/DISENGAGE.

    References
    ----------
    .. [1] Leifeld, P. (2013). Reconceptualizing major policy change in the
       advocacy coalition framework. Policy Studies Journal, 41(1), 169-198.
    .. [2] Leifeld, P., Gruber, J. & Bossner, F. R. (2019). Discourse
       Network Analyzer Manual, "Congruence Networks".

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["a", "a", "b", "c"], "stance": ["ENGAGE"] * 3 + ["DISENGAGE"],
    ...                   "target": ["russia"] * 4})
    >>> sorted(congruence_network(s, weight="product").edges(data="weight"))
    [('a', 'b', 2)]
    """
    return _one_mode(statements, actors, exclude, weight, opposite=False)


def conflict_network(statements: pd.DataFrame, *, actors: pd.DataFrame | None = None, weight: str = "concepts",
                     exclude=("unspecified",)) -> nx.Graph:
    """Return the one-mode network of actors who take opposite stances on the same target.

    The weight of the edge between actors :math:`a` and :math:`b` is
    :math:`\\sum_j \\sum_k f(x_{ajk}, x_{bj\\bar k})` (DNA's binary
    conflict, manual eq. 4): with ``weight="concepts"``, the number of
    (target, stance) pairs where one actor states the stance and the other
    its opposite, each direction counted.

    Parameters
    ----------
    statements : pandas.DataFrame
        Statements frame with ``actor, stance, target``.
    actors : pandas.DataFrame, optional
        Actors table, for node attributes.
    weight : {"concepts", "statements", "product"}, default "concepts"
        Pair function, as in :func:`congruence_network`.
    exclude : collection of str, default ("unspecified",)
        Actor ids whose statements are dropped.

    Returns
    -------
    networkx.Graph
        Nodes as in :func:`congruence_network`; an int ``weight`` per edge.

    References
    ----------
    .. [1] Leifeld, P., Gruber, J. & Bossner, F. R. (2019). Discourse
       Network Analyzer Manual, "Conflict Networks".

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["a", "b", "c"], "stance": ["ENGAGE", "DISENGAGE", "DISENGAGE"],
    ...                   "target": ["russia", "russia", "ukraine"]})
    >>> sorted(conflict_network(s).edges(data="weight"))
    [('a', 'b', 1)]
    """
    return _one_mode(statements, actors, exclude, weight, opposite=True)


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
