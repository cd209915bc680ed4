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

Normalisation
-------------
Raw weights favour busy actors: an actor with many statements ties strongly
to everyone. DNA offers normalisations (Leifeld 2017; DNA manual,
"normalization"), here with the *activity* :math:`c_a = \\sum_j \\sum_k
f(x_{ajk}, x_{ajk})` of each actor under the same pair function (for
``"concepts"`` the number of different concepts it states, for
``"statements"`` its number of statements, for ``"product"`` the sum of
squared counts):

==============  ======================================================
``"none"``      :math:`y_{ab}` (default)
``"average"``   :math:`y_{ab} / ((c_a + c_b) / 2)`, average activity
``"jaccard"``   :math:`y_{ab} / (c_a + c_b - y_{ab})`; for ``"concepts"``
                congruence, shared concepts over concepts stated by either
``"cosine"``    :math:`y_{ab} / \\sqrt{c_a c_b}`
==============  ======================================================

All three put weights in [0, 1]. The **subtract** network
(:func:`subtract_network`, DNA's "subtract") is congruence minus conflict,
each normalised first: positive where two actors agree more than they
disagree, negative where they mostly disagree. Use it, not congruence alone,
to speak of camps: one shared concept makes a congruence tie as strong as
any other, even between actors who oppose each other on everything else.

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
   "Construction of One-Mode Networks", normalisation and "subtract").
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from analysis.compare.network_tables import edge_table, node_table, write_graphml

__all__ = ["WEIGHTS", "NORMALIZATIONS", "affiliation_network", "congruence_network", "conflict_network",
           "subtract_network", "edge_table", "node_table", "write_graphml"]

#: The edge weights of the one-mode networks (see the module docstring).
WEIGHTS = ("concepts", "statements", "product")
#: DNA's normalisations of one-mode weights (see the module docstring).
NORMALIZATIONS = ("none", "average", "jaccard", "cosine")
_STANCES = ("ENGAGE", "DISENGAGE")
_OPPOSITE = {"ENGAGE": "DISENGAGE", "DISENGAGE": "ENGAGE"}


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


def _pair(x: np.ndarray, y: np.ndarray, weight: str) -> np.ndarray:
    """Actor x actor matrix of :math:`\\sum_c f(x_{ac}, y_{bc})` for the pair function ``weight``."""
    if weight == "concepts":
        return (x > 0).astype(float) @ (y > 0).astype(float).T
    if weight == "statements":
        return np.minimum(x[:, None, :], y[None, :, :]).sum(axis=2)
    return x @ y.T


def _one_mode_weights(statements, exclude, weight, normalization, opposite: bool):
    """Return the counts, the sorted actors and the (normalised) actor x actor weight matrix."""
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(map(repr, WEIGHTS))}, got {weight!r}")
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization must be one of {', '.join(map(repr, NORMALIZATIONS))}, got {normalization!r}")
    counts = _counts(statements, exclude)
    wide = counts.pivot_table(index="actor", columns=["target", "stance"], values="n", aggfunc="sum", fill_value=0)
    targets = sorted(set(counts["target"]))
    columns = pd.MultiIndex.from_tuples([(t, k) for t in targets for k in _STANCES], names=["target", "stance"])
    wide = wide.reindex(columns=columns, fill_value=0).sort_index()
    x = wide.to_numpy(dtype=float)
    y = wide.reindex(columns=[(t, _OPPOSITE[k]) for t, k in columns]).to_numpy(dtype=float) if opposite else x
    raw = _pair(x, y, weight)
    activity = np.diag(_pair(x, x, weight))
    ca, cb = activity[:, None], activity[None, :]
    denominator = {"none": np.ones_like(raw), "average": (ca + cb) / 2, "jaccard": ca + cb - raw,
                   "cosine": np.sqrt(ca * cb)}[normalization]
    out = np.divide(raw, denominator, out=np.zeros_like(raw), where=denominator > 0)
    if normalization == "none":
        out = out.round().astype(int)
    np.fill_diagonal(out, 0)
    return counts, list(wide.index), out


def _graph(counts, actors_table, names, matrix, **edge_attrs) -> nx.Graph:
    graph = nx.Graph()
    for actor, attrs in _actor_attributes(counts, actors_table).items():
        graph.add_node(actor, **attrs)
    for i, j in zip(*np.triu_indices(len(names), k=1)):
        if matrix[i, j] != 0:
            extra = {k: v[i, j].item() for k, v in edge_attrs.items()}
            graph.add_edge(names[i], names[j], weight=matrix[i, j].item(), **extra)
    return graph


def _one_mode(statements, actors, exclude, weight, normalization, opposite: bool) -> nx.Graph:
    counts, names, matrix = _one_mode_weights(statements, exclude, weight, normalization, opposite)
    return _graph(counts, actors, names, matrix)


def congruence_network(statements: pd.DataFrame, *, actors: pd.DataFrame | None = None, weight: str = "concepts",
                       normalization: str = "none", exclude=("unspecified",)) -> nx.Graph:
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
    normalization : {"none", "average", "jaccard", "cosine"}, default "none"
        DNA's normalisation by the two actors' activity (module docstring);
        normalised weights are floats in [0, 1].
    exclude : collection of str, default ("unspecified",)
        Actor ids whose statements are dropped.

    Returns
    -------
    networkx.Graph
        Every actor with a statement as a node (``kind="actor", name,
        actor_kind, n_engage, n_disengage``), an edge with a ``weight`` (int
        without normalisation, else float) for every pair with weight > 0.

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
    return _one_mode(statements, actors, exclude, weight, normalization, opposite=False)


def conflict_network(statements: pd.DataFrame, *, actors: pd.DataFrame | None = None, weight: str = "concepts",
                     normalization: str = "none", exclude=("unspecified",)) -> nx.Graph:
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
    normalization : {"none", "average", "jaccard", "cosine"}, default "none"
        As in :func:`congruence_network`.
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
    return _one_mode(statements, actors, exclude, weight, normalization, opposite=True)


def subtract_network(statements: pd.DataFrame, *, actors: pd.DataFrame | None = None, weight: str = "concepts",
                     normalization: str = "average", exclude=("unspecified",)) -> nx.Graph:
    """Return congruence minus conflict between every two actors (DNA's "subtract").

    Both networks are built with the same ``weight`` and ``normalization``;
    an edge is kept where the difference is not 0. Positive weights mean two
    actors agree more than they disagree; negative, the reverse.

    Parameters
    ----------
    statements : pandas.DataFrame
        Statements frame with ``actor, stance, target``.
    actors : pandas.DataFrame, optional
        Actors table, for node attributes.
    weight : {"concepts", "statements", "product"}, default "concepts"
        Pair function, as in :func:`congruence_network`.
    normalization : {"none", "average", "jaccard", "cosine"}, default "average"
        Applied to congruence and conflict before subtracting (module
        docstring); with "average" a pair that agrees on every concept
        either states scores 1, one that only disagrees -1.
    exclude : collection of str, default ("unspecified",)
        Actor ids whose statements are dropped.

    Returns
    -------
    networkx.Graph
        Nodes as in :func:`congruence_network`; edges with ``weight`` (the
        difference), ``congruence`` and ``conflict``.

    References
    ----------
    .. [1] Leifeld, P. (2017). Discourse network analysis: policy debates
       as dynamic networks. The Oxford Handbook of Political Networks.
    .. [2] Leifeld, P., Gruber, J. & Bossner, F. R. (2019). Discourse
       Network Analyzer Manual, "subtract" networks.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["a", "a", "b", "b", "c"],
    ...                   "stance": ["ENGAGE", "ENGAGE", "ENGAGE", "DISENGAGE", "DISENGAGE"],
    ...                   "target": ["russia", "ukraine", "ukraine", "russia", "russia"]})
    >>> sorted(subtract_network(s, normalization="none").edges(data="weight"))
    [('a', 'c', -1), ('b', 'c', 1)]
    """
    counts, names, agree = _one_mode_weights(statements, exclude, weight, normalization, opposite=False)
    _, _, disagree = _one_mode_weights(statements, exclude, weight, normalization, opposite=True)
    return _graph(counts, actors, names, agree - disagree, congruence=agree, conflict=disagree)


