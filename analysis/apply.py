"""Apply a coder to new texts: read units, train, code, as ``python -m analysis code`` does.

:func:`code_input` reads INPUT (a corpus folder, a single ``.txt`` file, a
web page, Word, RTF or PDF document read as ``import`` reads it, or a CSV
with one unit per row; :mod:`analysis.units`), trains the chosen coder (on the shipped
consensus coding, or on a labelled CSV of the user's own with any label
set), and returns one row per unit in input order: its id columns, the text,
``predicted``, ``confidence`` (the calibrated probability of the predicted
label) and ``needs_review`` (confidence below ``review_threshold``, default
:data:`REVIEW_THRESHOLD`). Models are trained at run time (seconds to a
minute) and remembered in the cache (:func:`analysis.cache.remembered`):
a model this code trained before on the same data and settings is read
back from there (a pickle the package wrote itself); ``--no-cache``
trains it anew. No model is shipped or downloaded.

The default coder is :data:`analysis.learners.DEFAULT_CODER` with the
codebook's general cues as features, trained on the consensus coding of the
corpus and, when present, the synthetic training sentences of
``analysis/data/synthetic`` (read by ``analysis.training.read_training_set``;
used for training only, never scored or counted). What it was trained on,
its out-of-sample scores and where it fails: ``analysis/data/MODEL_CARD.md``.

Bad input (missing columns, empty cells, bad encoding, a label set that
cannot be learnt) raises :class:`~analysis.errors.CorpusError` with
``FILE:LINE: FIELD: message`` problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import CorpusError, Problem, display_path
from analysis.units import check_units, read_labelled, units_from_input

__all__ = ["predict_table", "code_input", "default_corpus_dir", "default_training", "REVIEW_THRESHOLD", "SYNTHETIC_DIR"]

#: Confidence below which ``code`` flags a unit ``needs_review``. With three
#: stances a calibrated probability under 0.6 means the coder gives the other
#: two labels together at least 0.4: check such codes by hand.
REVIEW_THRESHOLD = 0.6
#: The synthetic training sentences (written for the project, never corpus).
SYNTHETIC_DIR = Path(__file__).resolve().parent / "data" / "synthetic"


def predict_table(coder, units: pd.DataFrame, *, text_col: str = "text", id_cols: Sequence[str] | None = None,
                  review_threshold: float | None = None) -> pd.DataFrame:
    """Return the codes a fitted coder gives new units.

    Parameters
    ----------
    coder : estimator
        A fitted coder (see :mod:`analysis.coders`).
    units : pandas.DataFrame
        One unit per row, with a ``text_col`` (e.g. :func:`read_units`).
    text_col : str, default="text"
        Column holding the texts.
    id_cols : sequence of str, optional
        Columns to keep; default every column but ``text_col``.
    review_threshold : float, optional
        When given, add ``needs_review``: True where ``confidence`` is below
        it or missing.

    Returns
    -------
    pandas.DataFrame
        ``*id_cols, text_col, predicted, confidence`` (probability the coder
        gives its predicted label; NaN if it gives none) and, with
        ``review_threshold``, ``needs_review``; in input order, index 0..n-1.

    Raises
    ------
    ValueError
        If a column is missing, a text is empty or missing, or an id column
        is called ``predicted``, ``confidence`` or ``needs_review``.
    sklearn.exceptions.NotFittedError
        If ``coder`` is not fitted.

    References
    ----------
    .. [1] Grimmer, J. & Stewart, B. M. (2013). Text as data. Political
       Analysis, 21(3), 267-297 (validate before applying to new texts).
    """
    from sklearn.utils.validation import check_is_fitted  # scikit-learn when coding, not at start-up

    from analysis.coders import DictionaryCoder, as_texts
    from analysis.evaluate import prediction_confidence

    if not isinstance(units, pd.DataFrame):
        raise TypeError(f"units must be a pandas DataFrame, got {type(units).__name__}")
    ids = [c for c in units.columns if c != text_col] if id_cols is None else list(id_cols)
    absent = [c for c in [*ids, text_col] if c not in units.columns]
    if absent or {"predicted", "confidence", "needs_review"} & set(ids):
        raise ValueError(f"units lacks column(s) {absent} or has 'predicted'/'confidence'/'needs_review'; "
                         f"it has {list(units.columns)}")
    texts = units[text_col]
    bad = [i for i, t in enumerate(texts) if not isinstance(t, str) or not t.strip()]
    if bad:
        raise ValueError(f"{len(bad)} empty or missing text(s) in {text_col!r}, at row(s) {bad[:10]}")
    check_is_fitted(coder)
    texts = as_texts(texts)
    out = units[[*ids, text_col]].reset_index(drop=True).copy()
    if isinstance(coder, DictionaryCoder):  # its predict is the arg-max of predict_proba: match the cues once
        proba = coder.predict_proba(texts)
        out["predicted"] = np.asarray(coder.classes_[proba.argmax(axis=1)], dtype=object)
        out["confidence"] = proba.max(axis=1)
    else:
        predicted = np.asarray(coder.predict(texts), dtype=object)
        out["predicted"] = predicted
        out["confidence"] = prediction_confidence(coder, texts, predicted)
    if review_threshold is not None:
        out["needs_review"] = ~(out["confidence"] >= review_threshold)
    return out


def default_corpus_dir() -> Path:
    """Return the shipped sample corpus: ``<repository>/corpus`` in a clone, else the copy installed as
    package data (``analysis/data/corpus``).

    Raises
    ------
    CorpusError
        If neither exists (then ``--corpus DIR`` is required).
    """
    here = Path(__file__).resolve().parent
    for folder in (here.parent / "corpus", here / "data" / "corpus"):
        if (folder / "codebook.yml").is_file():
            return folder
    raise CorpusError([Problem("corpus", None, "corpus", "no sample corpus is installed with this package; "
                               "give --corpus DIR (a corpus folder with codebook.yml and coding/consensus.csv)")])


def default_training(corpus_dir: str | Path, *, synthetic: str | Path | None = SYNTHETIC_DIR
                     ) -> tuple[list[str], list[str], list[str]]:
    """Return the default coder's training data: ``(texts, labels, groups)``.

    The consensus coding of ``corpus_dir`` (groups: documents, reprints and
    text reuse merged, :func:`analysis.evaluate.document_groups`) and, when
    ``synthetic`` holds a ``sentences.csv``, its agreed synthetic sentences, in the group
    ``analysis.tuning.TRAIN_ONLY`` (always trained on, never scored in inner
    cross-validation). Pass ``synthetic=None`` for the consensus alone.
    """
    from analysis import coders
    from analysis.codebook import read_codebook
    from analysis.coding import read_coding_sheet
    from analysis.corpus import read_corpus
    from analysis.evaluate import document_groups
    from analysis.sentences import sentence_table

    corpus_dir = Path(corpus_dir)
    codebook = read_codebook(corpus_dir / "codebook.yml")
    corpus = read_corpus(corpus_dir)
    coding = read_coding_sheet(corpus_dir / "coding" / "consensus.csv", codebook, sentences=sentence_table(corpus))
    texts, labels = list(coding["text"]), list(coding["stance"])
    from analysis.compare.reuse import reuse_spans

    groups = [str(g) for g in document_groups(coding["doc_id"], documents=corpus.documents, spans=reuse_spans(corpus))]
    if synthetic is not None and (Path(synthetic) / "sentences.csv").exists():
        from analysis.training import read_training_set

        extra = read_training_set(synthetic)
        texts += list(extra["text"])
        labels += list(extra["label"])
        groups += [coders.TRAIN_ONLY] * len(extra)
    return texts, labels, groups


def _cue_lexicon(corpus_dir: Path, labels) -> dict | None:
    """The codebook's general cues, when it records provenance and its stances are the training labels."""
    from analysis.codebook import read_codebook
    from analysis.learners import general_lexicon

    try:
        cues = general_lexicon(read_codebook(corpus_dir / "codebook.yml"))
    except (TypeError, CorpusError, OSError):
        return None
    return cues if cues and set(cues) <= set(labels) else None


def code_input(
    input_path: str | Path,
    *,
    coder: str = "classifier",
    train: str | Path | None = None,
    text_col: str = "text",
    label_col: str = "label",
    corpus_dir: str | Path | None = None,
    review_threshold: float = REVIEW_THRESHOLD,
    synthetic: str | Path | None = SYNTHETIC_DIR,
    random_state: int = 0,
) -> pd.DataFrame:
    """Code every unit of INPUT with a coder trained for it.

    The trained classifier is remembered (:func:`analysis.cache.remembered`):
    the same training data, settings and code give the same model, which is
    then read back instead of trained again.

    Parameters
    ----------
    input_path : str or Path
        A corpus folder (its codable sentences), a ``.txt`` file or a
        document (:data:`analysis.units.DOCUMENT_SUFFIXES`; cleaned and split into
        sentences) or a CSV with one unit per row.
    coder : str, default="classifier"
        ``"classifier"`` (:data:`analysis.learners.DEFAULT_CODER`), one of
        :data:`analysis.learners.LEARNERS`, or ``"dictionary"`` (the
        codebook's dictionary coder).
    train : str or Path, optional
        A labelled CSV (``text_col``, ``label_col``) to train the classifier
        on, with any label set. Default: :func:`default_training` of
        ``corpus_dir`` (consensus coding + synthetic sentences).
    text_col, label_col : str
        Columns of a CSV INPUT and of ``train``.
    corpus_dir : str or Path, optional
        Corpus whose codebook and consensus coding are used; default: the
        shipped ``corpus/``.
    review_threshold : float, default=REVIEW_THRESHOLD
        ``needs_review`` is True below this confidence.
    synthetic : str or Path or None
        Folder of synthetic training sentences added to the default
        training data (not with ``train``); None for none.
    random_state : int
        Seed for the classifier's cross-validation and solver.

    Returns
    -------
    pandas.DataFrame
        See :func:`predict_table` (with ``needs_review``).

    Raises
    ------
    CorpusError
        For any bad input, as ``FILE:LINE: FIELD: message``.
    """
    from analysis.cache import remembered
    from analysis.coders import DictionaryCoder
    from analysis.learners import DEFAULT_CODER, LEARNERS, fit_coder, make_coder

    corpus_dir = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    if coder not in ("classifier", "dictionary", *LEARNERS):
        raise ValueError(f"coder must be 'classifier', 'dictionary' or one of {LEARNERS}, got {coder!r}")
    if not 0 <= review_threshold <= 1:
        raise ValueError(f"review_threshold must lie in [0, 1], got {review_threshold!r}")
    units = units_from_input(Path(input_path), text_col=text_col)
    check_units(units, Path(input_path), text_col=text_col)
    if train is not None:
        labelled = read_labelled(train, text_col=text_col, label_col=label_col)
        texts, labels, groups = list(labelled[text_col]), list(labelled[label_col]), None
    elif coder == "dictionary":  # learns nothing: the codebook's stances are its labels
        from analysis.codebook import read_codebook

        texts = labels = list(read_codebook(corpus_dir / "codebook.yml").stances)
    else:
        texts, labels, groups = default_training(corpus_dir, synthetic=synthetic)
    if coder == "dictionary":
        from analysis.codebook import read_codebook

        codebook = read_codebook(corpus_dir / "codebook.yml")
        model = DictionaryCoder(codebook.lexicon(), default="NEUTRAL")
        try:
            model.fit(texts, labels)
        except ValueError as exc:
            where = display_path(train) if train is not None else display_path(corpus_dir / "codebook.yml")
            raise CorpusError([Problem(where, None, label_col,
                                       f"the dictionary coder cannot use these labels: {exc}")]) from None
    else:
        name = DEFAULT_CODER if coder == "classifier" else coder
        model = make_coder(name, cues=_cue_lexicon(corpus_dir, labels), random_state=random_state)
        model = remembered(fit_coder)(model, texts, labels, groups)  # trained once per training set and code
    text_column = text_col if text_col in units.columns else "text"
    units = units.drop(columns=[c for c in ("line",) if c in units.columns and c != text_column])
    return predict_table(model, units, text_col=text_column, review_threshold=review_threshold)
