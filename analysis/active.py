"""Active learning: which uncoded sentences to code next, and what it buys.

:func:`suggestion_table` reads a partly coded coding sheet, trains a coder
on its coded rows and ranks the uncoded ones by the coder's uncertainty,
least confidence first (``score`` = 1 - the highest calibrated
probability), with a diversity guard: a sentence whose TF-IDF cosine
similarity with one already chosen exceeds ``max_similarity`` waits until
the others run out, so one batch does not spend the coder's time on near
copies. Ties are broken by a seeded random order. ``python -m analysis
suggest`` writes the table.

:func:`active_learning_curve` simulates this on a coded corpus: in each
leave-one-group-out fold the coder starts from a few random coded
sentences of the training documents, adds ``batch`` sentences at a time in
uncertainty order or in random order, and codes the held-out document
after each step; agreement with the coding is pooled over folds (tidy
frame below, drawn by :func:`analysis.plots.active.plot_active_learning`).

Suggestions frame
-----------------
``rank`` (1 = code first), ``line`` (the row's line in the sheet: its CSV
line, or its row in a workbook), ``doc_id``,
``sent_id``, ``text``, ``predicted`` (the coder's current label),
``confidence`` (its calibrated probability), ``score`` (1 - confidence),
sorted by ``rank``.

Curve frame
-----------
``strategy`` (``uncertainty`` / ``random``), ``seed``, ``n_coded``
(training sentences per fold), ``macro_f1``, ``kappa`` (held-out, pooled
over folds); sorted by strategy, seed, n_coded. :func:`curve_summary`
gives ``strategy, n_coded, metric, mean, sd, min, max, n_seeds`` per step.

References
----------
.. [1] Lewis, D. D. & Gale, W. A. (1994). A sequential algorithm for
   training text classifiers. Proceedings of SIGIR, 3-12 (uncertainty
   sampling).
.. [2] Settles, B. (2009). Active learning literature survey. Computer
   Sciences Technical Report 1648, University of Wisconsin-Madison.
.. [3] Brinker, K. (2003). Incorporating diversity in active learning with
   support vector machines. Proceedings of ICML, 59-66.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import LeaveOneGroupOut
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import normalize

from analysis.coders import as_texts
from analysis.errors import CorpusError, Problem, display_path
from analysis.learners import classifier, fit_coder, text_features
from analysis.reliability import cohen_kappa

__all__ = ["uncertainty_scores", "diverse_order", "suggestion_table", "simulation_coder", "active_learning_curve",
           "curve_summary", "SUGGESTION_COLUMNS", "CURVE_COLUMNS"]

SUGGESTION_COLUMNS = ("rank", "line", "doc_id", "sent_id", "text", "predicted", "confidence", "score")
CURVE_COLUMNS = ("strategy", "seed", "n_coded", "macro_f1", "kappa")
#: Fewest coded sentences of a label for it to count towards the two labels training needs.
MIN_PER_LABEL = 2


def uncertainty_scores(model, X) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(predicted, confidence, score)`` of a fitted coder on ``X``; score = 1 - confidence.

    ``X`` is what the model takes: texts, or a feature matrix for a bare
    classifier. ``predicted`` is the coder's ``predict``; ``confidence`` the
    probability it gives that label
    (:func:`analysis.evaluate.prediction_confidence`): least-confidence
    sampling (Lewis & Gale 1994).
    """
    from analysis.evaluate import prediction_confidence

    X = X if sparse.issparse(X) or np.ndim(X) == 2 else as_texts(X)
    predicted = np.asarray(model.predict(X), dtype=object)
    confidence = np.asarray(prediction_confidence(model, X, predicted), dtype=float)
    return predicted, confidence, 1.0 - confidence


def diverse_order(texts, score, *, n: int | None = None, vectors=None, max_similarity: float = 0.7,
                  random_state: int = 0) -> np.ndarray:
    """Return positions of ``texts`` by descending ``score``, near copies of chosen ones deferred.

    Greedy: take the highest score (ties in a seeded random order) unless
    its cosine similarity with a text already taken exceeds
    ``max_similarity``; once ``n`` are taken (default: all), the deferred
    texts follow, then the rest, each in score order.

    Parameters
    ----------
    texts : sequence of str
    score : array-like
        Higher first.
    n : int, optional
        How many to choose with the guard.
    vectors : matrix, optional
        Row vectors of ``texts`` for the similarity; default TF-IDF of word
        unigrams and bigrams.
    max_similarity : float, default=0.7
    random_state : int, default=0
        Seed of the tie-break order.

    References
    ----------
    .. [1] Brinker, K. (2003). Incorporating diversity in active learning
       with support vector machines. Proceedings of ICML, 59-66.

    Examples
    --------
    >>> diverse_order(["cut ties now", "cut ties now!", "keep ties"], [0.9, 0.8, 0.1]).tolist()
    [0, 2, 1]
    """
    texts, score = as_texts(texts), np.asarray(score, dtype=float)
    if len(texts) != len(score):
        raise ValueError(f"texts and score differ in length: {len(texts)}, {len(score)}")
    tiebreak = np.random.default_rng(random_state).permutation(len(texts))
    order = np.lexsort((tiebreak, -score))
    if vectors is None:
        try:
            vectors = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)
        except ValueError:  # no word at all
            return order
    vectors = normalize(sparse.csr_matrix(vectors))
    n = len(texts) if n is None else n
    taken, deferred, k = [], [], 0
    while k < len(order) and len(taken) < n:
        i = order[k]
        if taken and (vectors[taken] @ vectors[i].T).max() > max_similarity + 1e-9:
            deferred.append(i)
        else:
            taken.append(i)
        k += 1
    return np.array(taken + deferred + list(order[k:]), dtype=int)


def _sheet_rows(path: Path, sentences: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Uncoded rows of the sheet (doc_id, sent_id, text, line), and rows out of step with ``sentences``."""
    from analysis.coding import text_hash

    from analysis.coding import read_sheet_rows

    name = display_path(path)
    rows, lines, _ = read_sheet_rows(path)
    rows = [row | {"line": line} for row, line in zip(rows, lines)]
    current = dict(zip(sentences["sent_id"], sentences["text"]))
    problems, uncoded = [], []
    for row in rows:
        if row.get("stance"):
            continue  # checked by read_coding_sheet
        sid = row.get("sent_id", "")
        if sid not in current:
            problems.append(Problem(name, row["line"], "sent_id",
                                    f"{sid!r} is not a sentence of the current corpus (run reanchor)"))
        elif (row.get("hash") or text_hash(row.get("text", ""))) != text_hash(current[sid]):
            problems.append(Problem(name, row["line"], "hash",
                                    f"{sid}: the sentence text changed since this sheet was made (run reanchor)"))
        else:
            uncoded.append({"line": row["line"], "doc_id": row.get("doc_id", ""), "sent_id": sid,
                            "text": current[sid]})
    return pd.DataFrame(uncoded, columns=["line", "doc_id", "sent_id", "text"]), problems


def suggestion_table(sheet: str | Path, corpus_dir: str | Path, *, n: int, codebook=None, coder=None,
                     max_similarity: float = 0.7, random_state: int = 0) -> pd.DataFrame:
    """Return the ``n`` uncoded sentences of a coding sheet most worth coding next.

    Parameters
    ----------
    sheet : str or Path
        A coding sheet of ``corpus_dir`` (``python -m analysis coding-sheet``),
        partly coded: rows with a ``stance`` are training data, the others
        candidates.
    corpus_dir : str or Path
        The corpus the sheet was made from.
    n : int
        How many sentences to suggest, 1 to the number of uncoded rows.
    codebook : Codebook, optional
        Default: ``corpus_dir/codebook.yml``.
    coder : estimator, optional
        Unfitted coder; default :func:`analysis.learners.make_coder` with
        the default learner and the codebook's general cues (when it has
        cue provenance).
    max_similarity, random_state
        See :func:`diverse_order`.

    Returns
    -------
    pandas.DataFrame
        The suggestions frame (module docstring).

    Raises
    ------
    CorpusError
        ``FILE:LINE: FIELD: message`` for a sheet out of step with the
        corpus (unknown sentence, changed text: run reanchor), bad codes, no
        coded sentence or fewer than two labels with two examples each, or
        ``n`` out of range.
    """
    from analysis.codebook import read_codebook
    from analysis.coding import read_coding_sheet
    from analysis.corpus import read_corpus
    from analysis.evaluate import document_groups
    from analysis.sentences import sentence_table

    corpus_dir, sheet = Path(corpus_dir), Path(sheet)
    name = display_path(sheet)
    corpus = read_corpus(corpus_dir)
    sentences = sentence_table(corpus)
    codebook = read_codebook(corpus_dir / "codebook.yml") if codebook is None else codebook
    problems = []
    try:
        coded = read_coding_sheet(sheet, codebook, sentences=sentences, require_complete=False)
        coded = coded[coded["stance"] != ""]  # the sheet's uncoded rows come back too
    except CorpusError as exc:
        problems += exc.problems
        coded = None
    try:
        uncoded, out_of_step = _sheet_rows(sheet, sentences)
        problems += out_of_step
    except CorpusError:
        if coded is not None:
            raise
        # else read_coding_sheet has already reported what is wrong with the sheet
    if problems:
        raise CorpusError(sorted(problems, key=lambda p: p.line or 0))
    counts = coded["stance"].value_counts()
    if (counts >= MIN_PER_LABEL).sum() < 2:
        found = ", ".join(f"{k} {label}" for label, k in sorted(counts.items())) or "none"
        problems.append(Problem(name, None, "stance", f"code at least {MIN_PER_LABEL} sentences of each of two "
                                f"stances before asking for suggestions (coded so far: {found})"))
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= len(uncoded):
        problems.append(Problem(name, None, "-n", f"must be a whole number from 1 to {len(uncoded)} "
                                f"(the uncoded rows of this sheet), got {n!r}"))
    if problems:
        raise CorpusError(problems)
    if coder is None:
        coder = _default_coder(codebook, random_state)
    groups = document_groups(coded["doc_id"], documents=corpus.documents)
    model = fit_coder(clone(coder), list(coded["text"]), list(coded["stance"]), groups)
    predicted, confidence, score = uncertainty_scores(model, uncoded["text"])
    order = diverse_order(uncoded["text"], score, n=n, max_similarity=max_similarity, random_state=random_state)[:n]
    out = uncoded.iloc[order].reset_index(drop=True)
    out["predicted"], out["confidence"], out["score"] = predicted[order], confidence[order], score[order]
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out[list(SUGGESTION_COLUMNS)]


def _default_coder(codebook, random_state: int):
    from analysis.learners import DEFAULT_CODER, general_lexicon, make_coder

    try:
        cues = general_lexicon(codebook)
    except TypeError:  # a codebook without cue provenance: no cue features
        cues = None
    return make_coder(DEFAULT_CODER, cues=cues or None, random_state=random_state)


def simulation_coder(*, cues=None, C: float = 1.0, random_state: int = 0) -> Pipeline:
    """Return the coder of :func:`active_learning_curve`: an untuned linear SVM on :func:`text_features`.

    Untuned and uncalibrated (confidence: a softmax of its decision values),
    so that a simulation of hundreds of refits stays within seconds;
    ``min_df=1``, since early steps have few sentences. Uncertainty from SVM
    margins is the classic form of the method (Tong & Koller 2001).

    References
    ----------
    .. [1] Tong, S. & Koller, D. (2001). Support vector machine active
       learning with applications to text classification. JMLR, 2, 45-66.
    """
    return Pipeline([("features", text_features(cues=cues, min_df=1)),
                     ("classifier", classifier("linear_svc", C=C, random_state=random_state))])


def _start(pool: np.ndarray, labels: np.ndarray, size: int, rng: np.random.Generator) -> list[int]:
    """``size`` random rows of ``pool``, with one of each of its labels first."""
    present = sorted(set(labels[pool].tolist()), key=str)
    first = [int(rng.choice(pool[labels[pool] == label])) for label in present]
    rest = rng.permutation(np.setdiff1d(pool, first))[: max(size - len(first), 0)]
    return first + [int(i) for i in rest]


def active_learning_curve(texts, labels, groups, *, coder=None, start: int = 10, batch: int = 10,
                          max_coded: int | None = None, seeds: Sequence[int] = (0, 1, 2),
                          strategies: Sequence[str] = ("uncertainty", "random")) -> pd.DataFrame:
    """Return held-out agreement against the number of coded sentences, by ordering strategy.

    For each seed and strategy, every leave-one-group-out fold starts from
    ``start`` random sentences of its training groups (one of each label
    among them), then adds ``batch`` at a time from the rest of its
    training groups: the most uncertain under the current coder
    (``uncertainty``, :func:`uncertainty_scores`; diversity guard of
    :func:`diverse_order` on the same features) or a seeded random draw
    (``random``); after each step it codes the held-out group. Predictions
    are pooled over folds and scored against ``labels``.

    The coder's feature steps (all but the last step of the pipeline) are
    fitted once on all texts, without labels, as they could be on a
    scholar's corpus before any coding; only the classifier is refitted at
    each step, which keeps hundreds of refits within seconds.

    Parameters
    ----------
    texts, labels, groups : sequence
        Coded sentences, their codes and their groups
        (:func:`analysis.evaluate.document_groups`).
    coder : Pipeline, optional
        Features then a classifier; default :func:`simulation_coder` ``()``.
    start, batch : int
        Size of the random start and of each step.
    max_coded : int, optional
        Last training size; default the smallest fold's training set.
    seeds : sequence of int
        One run per seed (start set, random order, tie-breaks).
    strategies : sequence of {"uncertainty", "random"}

    Returns
    -------
    pandas.DataFrame
        The curve frame (module docstring).

    References
    ----------
    .. [1] Lewis, D. D. & Gale, W. A. (1994). A sequential algorithm for
       training text classifiers. Proceedings of SIGIR, 3-12.
    """
    from sklearn.metrics import f1_score

    texts = as_texts(texts)
    labels, groups = np.asarray(labels, dtype=object), np.asarray(groups, dtype=object)
    if not len(texts) == len(labels) == len(groups) or len(set(groups.tolist())) < 2:
        raise ValueError("texts, labels and groups must be aligned, with at least two groups")
    unknown = sorted(set(strategies) - {"uncertainty", "random"})
    if unknown or start < 1 or batch < 1:
        raise ValueError(f"strategies must be 'uncertainty'/'random' (got {unknown}); start and batch >= 1")
    coder = simulation_coder() if coder is None else coder
    if not isinstance(coder, Pipeline) or len(coder.steps) < 2:
        raise TypeError("coder must be a Pipeline of feature steps and a classifier, e.g. simulation_coder()")
    X = sparse.csr_matrix(clone(coder[:-1]).fit_transform(texts))
    splits = list(LeaveOneGroupOut().split(texts, labels, groups))
    largest = min(len(train) for train, _ in splits) if max_coded is None else int(max_coded)
    sizes = list(range(start, largest + 1, batch))
    all_labels = sorted(set(labels.tolist()), key=str)
    records = []
    for seed in seeds:
        for strategy in strategies:
            predicted = {size: np.empty(len(texts), dtype=object) for size in sizes}
            for train, test in splits:
                rng = np.random.default_rng([seed, int(test[0])])
                chosen = _start(train, labels, start, rng)
                for size in sizes:
                    if len(chosen) < size:
                        rest = np.setdiff1d(train, chosen)
                        if strategy == "random":
                            new = rng.permutation(rest)[: size - len(chosen)]
                        else:
                            _, _, score = uncertainty_scores(model, X[rest])
                            order = diverse_order([texts[i] for i in rest], score, n=size - len(chosen),
                                                  vectors=X[rest], random_state=seed)
                            new = rest[order[: size - len(chosen)]]
                        chosen += [int(i) for i in new]
                    model = clone(coder[-1]).fit(X[chosen], labels[chosen])
                    predicted[size][test] = model.predict(X[test])
            for size in sizes:
                records.append((strategy, seed, size,
                                f1_score(labels, predicted[size], labels=all_labels, average="macro",
                                         zero_division=0.0),
                                cohen_kappa(list(labels), list(predicted[size]))))
    frame = pd.DataFrame(records, columns=list(CURVE_COLUMNS))
    return frame.sort_values(["strategy", "seed", "n_coded"]).reset_index(drop=True)


def curve_summary(curve: pd.DataFrame) -> pd.DataFrame:
    """Return mean, sd (ddof=1; 0 for one seed), min and max over seeds of an :func:`active_learning_curve`.

    Returns
    -------
    pandas.DataFrame
        ``strategy, n_coded, metric, mean, sd, min, max, n_seeds``; metrics
        ``kappa`` then ``macro_f1``, sorted by metric, strategy, n_coded.

    Examples
    --------
    >>> c = pd.DataFrame({"strategy": "random", "seed": [0, 1], "n_coded": 10, "macro_f1": [0.4, 0.6],
    ...                   "kappa": [0.2, 0.4]})
    >>> curve_summary(c)[["metric", "mean", "n_seeds"]].values.tolist()
    [['kappa', 0.30000000000000004, 2], ['macro_f1', 0.5, 2]]
    """
    absent = [c for c in CURVE_COLUMNS if c not in curve]
    if absent:
        raise ValueError(f"curve lacks column(s) {absent}; pass an active_learning_curve()")
    long = curve.melt(id_vars=["strategy", "seed", "n_coded"], value_vars=["kappa", "macro_f1"], var_name="metric")
    table = long.groupby(["metric", "strategy", "n_coded"])["value"].agg(
        mean="mean", sd=lambda v: float(v.std(ddof=1)) if len(v) > 1 else 0.0, min="min", max="max",
        n_seeds="size").reset_index()
    return table[["strategy", "n_coded", "metric", "mean", "sd", "min", "max", "n_seeds"]]
