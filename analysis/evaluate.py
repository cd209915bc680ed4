"""Evaluation: how close do automated coders get to the consensus coding (LLM coders A and B)?

One routine scores any coder (the dictionary, the TF-IDF classifier, a
majority baseline): :func:`cross_validated_predictions` fits a clone of it
on all documents but one and codes the held-out document (leave-one-group-
out), so no text is ever coded by a model that saw it or a copy of it: a
reprint and the text it reprints form one group (:func:`document_groups`).
The pooled held-out predictions are then scored per class and overall
and tabulated by :mod:`analysis.scores`; learning curves and a
classifier's informative features are in :mod:`analysis.diagnostics`;
:mod:`analysis.apply` codes new units.

Predictions frame
-----------------
One row per unit, in input order: ``row`` (0-based input position),
``group`` (held-out group), ``label`` (consensus code), ``predicted``,
``confidence`` (probability the coder gives its predicted label).

References
----------
.. [1] Grimmer, J. & Stewart, B. M. (2013). Text as data: the promise and
   pitfalls of automatic content analysis methods for political texts.
   Political Analysis, 21(3), 267-297 (validate every coder against hand
   coding, out of sample).
.. [2] Cohen, J. (1960). A coefficient of agreement for nominal scales.
   Educational and Psychological Measurement, 20(1), 37-46.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from functools import partial

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import LeaveOneGroupOut

from analysis.coders import TRAIN_ONLY, as_texts

__all__ = ["document_groups", "majority_baseline", "cross_validated_predictions", "held_out_lexicon", "compare_coders",
           "PREDICTION_COLUMNS"]

PREDICTION_COLUMNS = ("row", "group", "label", "predicted", "confidence")


def document_groups(doc_ids: Sequence[str], *, documents: pd.DataFrame | None = None,
                    merge: Mapping[str, str] | None = None, spans: pd.DataFrame | None = None,
                    min_reuse: int = 10) -> np.ndarray:
    """Return the cross-validation group of each unit: its document, reprints and text reuse merged.

    Parameters
    ----------
    doc_ids : sequence of str
        Document id of each unit (e.g. the ``doc_id`` column of a coding).
    documents : pandas.DataFrame, optional
        Documents frame (see :mod:`analysis.corpus`): each ``reprint_of``
        joins a document to the group of the text it reprints.
    merge : mapping of str to str, optional
        More ``{doc_id: doc_id it copies}`` pairs, e.g.
        ``{"grassrootslab-madrid": "madrid-latimes"}``.
    spans : pandas.DataFrame, optional
        Reused passages, :func:`analysis.compare.reuse.reuse_spans` of the
        corpus: two documents sharing a passage of at least ``min_reuse``
        identical words join one group (so a quotation copied word for word
        is never on both sides of a split).
    min_reuse : int, default=10
        Shortest shared passage, in words, that joins two documents. Ten
        words is longer than a shared stock phrase ("between the United
        States and the Soviet Union", eight) and shorter than a quoted
        sentence.

    Returns
    -------
    numpy.ndarray of str
        The group of each unit: the doc_id at the root of its reprint chain,
        or, when reuse joins several chains, their roots joined by " + "
        in string order.

    Raises
    ------
    ValueError
        If the reprint links form a cycle.

    References
    ----------
    .. [1] Roberts, D. R. et al. (2017). Cross-validation strategies for data
       with temporal, spatial, hierarchical, or phylogenetic structure.
       Ecography, 40(8), 913-929 (block dependent units into one fold).

    Examples
    --------
    >>> document_groups(["a", "b", "c"], merge={"b": "a"}).tolist()
    ['a', 'a', 'c']
    >>> quote = pd.DataFrame({"doc_a": ["a"], "doc_b": ["c"], "n_tokens": [12]})
    >>> document_groups(["a", "b", "c"], merge={"b": "a"}, spans=quote).tolist()
    ['a + c', 'a + c', 'a + c']
    """
    parent: dict[str, str] = {}
    if documents is not None:
        parent.update({d: r for d, r in zip(documents["doc_id"], documents["reprint_of"]) if isinstance(r, str) and r})
    parent.update(dict(merge or {}))

    def root(doc_id: str) -> str:
        seen = [doc_id]
        while doc_id in parent:
            doc_id = parent[doc_id]
            if doc_id in seen:
                raise ValueError(f"reprint links form a cycle: {' -> '.join([*seen, doc_id])}")
            seen.append(doc_id)
        return doc_id

    roots = {str(d): root(str(d)) for d in doc_ids}
    joined = {r: {r} for r in roots.values()}
    if spans is not None:
        for a, b, n in zip(spans["doc_a"], spans["doc_b"], spans["n_tokens"]):
            ra, rb = root(str(a)), root(str(b))
            if n >= min_reuse and ra != rb:
                members = joined.setdefault(ra, {ra}) | joined.setdefault(rb, {rb})
                for r in members:
                    joined[r] = members
    return np.array([" + ".join(sorted(joined[roots[str(d)]])) for d in doc_ids], dtype=object)


def majority_baseline() -> DummyClassifier:
    """Return a coder that always predicts the most frequent training label.

    Run it through :func:`cross_validated_predictions` like any coder: its
    macro-F1 and kappa (0 by construction) are the floor to beat.

    References
    ----------
    .. [1] scikit-learn ``DummyClassifier(strategy="most_frequent")``.
    """
    return DummyClassifier(strategy="most_frequent")


def _seeded(coder, random_state):
    """A clone of ``coder`` with every ``*random_state`` parameter set to ``random_state``."""
    coder = clone(coder)
    if random_state is None:
        return coder
    keys = [k for k in coder.get_params(deep=True) if k == "random_state" or k.endswith("__random_state")]
    return coder.set_params(**dict.fromkeys(keys, random_state))


def prediction_confidence(model, texts: list[str], predicted: np.ndarray) -> np.ndarray:
    """Probability of the predicted label (softmax of decision scores without predict_proba).

    A model whose ``predict_proba`` raises ``AttributeError`` (e.g. a
    :class:`analysis.tuning.TunedCoder` around a linear SVM, not calibrated)
    falls back to the decision scores of the model or its ``best_estimator_``;
    NaN when it has neither.
    """
    try:
        scores = np.asarray(model.predict_proba(texts), dtype=float)
    except AttributeError:
        inner = getattr(model, "best_estimator_", model)
        if not hasattr(inner, "decision_function"):
            return np.full(len(texts), np.nan)
        d = np.asarray(inner.decision_function(texts), dtype=float)
        d = np.column_stack([-d, d]) if d.ndim == 1 else d
        scores = np.exp(d - d.max(axis=1, keepdims=True))
        scores /= scores.sum(axis=1, keepdims=True)
    column = {label: j for j, label in enumerate(model.classes_)}
    return np.array([scores[i, column[p]] for i, p in enumerate(predicted)])


def _check_data(texts, labels, groups) -> tuple[list[str], np.ndarray, np.ndarray]:
    texts = as_texts(texts)
    labels, groups = np.asarray(labels, dtype=object), np.asarray(groups, dtype=object)
    if not len(texts) == len(labels) == len(groups):
        raise ValueError(f"texts, labels and groups differ in length: {len(texts)}, {len(labels)}, {len(groups)}")
    if len(set(groups.tolist())) < 2:
        raise ValueError("need at least two groups (documents) for leave-one-group-out cross-validation")
    return texts, labels, groups


def _fit(model, texts: list[str], y: np.ndarray, groups: np.ndarray | None):
    """Fit ``model``, passing ``groups`` when its ``fit`` takes them (grouped inner CV)."""
    if groups is not None and "groups" in inspect.signature(model.fit).parameters:
        return model.fit(texts, y, groups=groups)
    return model.fit(texts, y)


def _extra_data(extra) -> tuple[list[str], np.ndarray]:
    """Texts and labels of extra training data: a frame with ``text`` and ``label``, or a pair."""
    if extra is None:
        return [], np.array([], dtype=object)
    if isinstance(extra, pd.DataFrame):
        if not {"text", "label"} <= set(extra.columns):
            raise ValueError(f"extra must have columns text and label, found {list(extra.columns)}")
        extra = (extra["text"], extra["label"])
    texts, labels = as_texts(extra[0]), np.asarray(extra[1], dtype=object)
    if len(texts) != len(labels):
        raise ValueError(f"extra texts and labels differ in length: {len(texts)}, {len(labels)}")
    return texts, labels


def _fold(coder, texts, labels, groups, train, test, extra, held_out, fold_params):
    """Fit a clone on ``train`` (+ extra rows, group TRAIN_ONLY) and code ``test``."""
    model = clone(coder)
    if fold_params is not None:
        model.set_params(**fold_params(held_out))
    x = [texts[i] for i in train] + extra[0]
    y = np.concatenate([labels[train], extra[1]])
    g = np.concatenate([groups[train], np.full(len(extra[0]), TRAIN_ONLY, dtype=object)])
    _fit(model, x, y, g)
    held = [texts[i] for i in test]
    predicted = np.asarray(model.predict(held), dtype=object)
    return test, predicted, prediction_confidence(model, held, predicted)


def cross_validated_predictions(coder, texts, labels, groups, *, random_state: int | None = 0, extra=None,
                                doc_ids: Sequence[str] | None = None,
                                fold_params: Callable[[frozenset], dict] | None = None,
                                n_jobs: int | None = None) -> pd.DataFrame:
    """Return held-out predictions of ``coder`` by leave-one-group-out cross-validation.

    For each group (document, reprints and reused passages merged), a clone
    of ``coder`` is fit on the other groups and codes this one; any tuning
    inside ``coder`` sees training groups only, and a coder whose ``fit``
    takes ``groups`` (e.g. :class:`analysis.tuning.TunedCoder`) gets the
    training groups, so its inner folds keep copies apart too.

    Parameters
    ----------
    coder : estimator
        Any classifier taking texts.
    texts, labels, groups : sequence
        Aligned: unit text, consensus code, group (:func:`document_groups`).
    random_state : int or None, default=0
        Sets every ``random_state`` parameter of the coder (None: leave them).
    extra : pandas.DataFrame or (texts, labels), optional
        Extra training data (e.g. synthetic sentences, columns ``text`` and
        ``label``) added to every training fold, in group
        :data:`analysis.tuning.TRAIN_ONLY`, and never scored.
    doc_ids : sequence of str, optional
        Document of each unit, passed (as the set of held-out documents) to
        ``fold_params``; default: the held-out group names.
    fold_params : callable, optional
        ``fold_params(held_out_doc_ids) -> dict`` of parameters set on each
        fold's clone, e.g. :func:`held_out_lexicon` (a lexicon without the
        cues taken from the held-out documents).
    n_jobs : int, optional
        Folds run in parallel (joblib); results do not depend on it.

    Returns
    -------
    pandas.DataFrame
        The predictions frame (see the module docstring), in input order.

    References
    ----------
    .. [1] Stone, M. (1974). Cross-validatory choice and assessment of
       statistical predictions. JRSS B, 36(2), 111-147.
    .. [2] Varma, S. & Simon, R. (2006). Bias in error estimation when using
       cross-validation for model selection. BMC Bioinformatics, 7, 91.

    Examples
    --------
    >>> preds = cross_validated_predictions(majority_baseline(), ["a", "b", "c", "d"], list("XXYX"), list("ppqq"))
    >>> preds["predicted"].tolist()
    ['X', 'X', 'X', 'X']
    """
    texts, labels, groups = _check_data(texts, labels, groups)
    docs = groups if doc_ids is None else np.asarray(doc_ids, dtype=object)
    if len(docs) != len(texts):
        raise ValueError(f"doc_ids has {len(docs)} entries for {len(texts)} texts")
    coder, extra = _seeded(coder, random_state), _extra_data(extra)
    jobs = (delayed(_fold)(coder, texts, labels, groups, train, test, extra, frozenset(docs[test].tolist()),
                           fold_params) for train, test in LeaveOneGroupOut().split(texts, labels, groups))
    predicted, confidence = np.empty(len(texts), dtype=object), np.full(len(texts), np.nan)
    for test, pred, conf in Parallel(n_jobs=n_jobs)(jobs):
        predicted[test], confidence[test] = pred, conf
    return pd.DataFrame({"row": np.arange(len(texts)), "group": groups, "label": labels,
                         "predicted": predicted, "confidence": confidence})


def _lexicon_without(codebook, param: str, held_out: frozenset) -> dict:
    return {param: codebook.lexicon(exclude_sources=sorted(held_out))}


def held_out_lexicon(codebook, *, param: str = "lexicon") -> Callable[[frozenset], dict]:
    """Return a ``fold_params`` that gives each fold a lexicon without the held-out documents' cues.

    With it, :func:`cross_validated_predictions` scores a cue-based coder
    out of sample: a cue the codebook records as taken from a held-out
    document (:meth:`analysis.codebook.Codebook.cue_table`) is not used to
    code that document; general cues and cues taken from the training
    documents are.

    Parameters
    ----------
    codebook : analysis.codebook.Codebook
        The codebook with cue provenance.
    param : str, default="lexicon"
        Parameter of the coder that takes the lexicon (e.g.
        ``"lexicon"`` for :class:`analysis.coders.DictionaryCoder`, or the
        nested name of a cue-feature step).

    References
    ----------
    .. [1] Grimmer, J. & Stewart, B. M. (2013). Text as data. Political
       Analysis, 21(3), 267-297 (validate a dictionary on texts it was not
       built from).
    """
    return partial(_lexicon_without, codebook, param)


def compare_coders(specs: Mapping[str, Mapping], texts, labels, groups, *, doc_ids: Sequence[str] | None = None,
                   random_state: int | None = 0, n_jobs: int | None = None) -> dict[str, pd.DataFrame]:
    """Return held-out predictions of several coders, each with its own extra data and fold parameters.

    Parameters
    ----------
    specs : mapping
        ``{name: {"coder": estimator, "extra": ..., "fold_params": ...}}``
        (``extra`` and ``fold_params`` optional, as in
        :func:`cross_validated_predictions`), in display order.
    texts, labels, groups, doc_ids, random_state, n_jobs
        As for :func:`cross_validated_predictions`; only these (real,
        consensus-coded) units are ever scored.

    Returns
    -------
    dict of str to pandas.DataFrame
        Predictions frame per coder, for :func:`analysis.scores.scores_table`.

    References
    ----------
    .. [1] As :func:`cross_validated_predictions`.
    """
    return {name: cross_validated_predictions(spec["coder"], texts, labels, groups, random_state=random_state,
                                              extra=spec.get("extra"), doc_ids=doc_ids,
                                              fold_params=spec.get("fold_params"), n_jobs=n_jobs)
            for name, spec in specs.items()}
