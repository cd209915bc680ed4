"""Training sets written for the project: read, check and summarise them.

A training set is a folder with ``sentences.csv`` (one sentence per row) and
a ``README.md`` saying how it was written. The shipped one,
``analysis/data/synthetic/``, holds English sentences written from the
codebook alone by an LLM helper session of this project; every sentence was
labelled by its writer (``label_writer``) and then coded blind by a second,
independent LLM session (``label_second``). ``label`` is filled only where the
two agree, and only those rows are used for training. The sentences are
synthetic (``synthetic`` is always ``yes``): they are never part of the
corpus and never counted in any analysis of its texts, and coders are never
scored on them.

Columns of ``sentences.csv``
----------------------------
synth_id      ``syn-0001``... unique
text          the sentence (unique, also after lower-casing and dropping punctuation)
label         ENGAGE / DISENGAGE / NEUTRAL where writer and second coder agree, else empty
label_writer  the writer's label (required)
label_second  the blind second coder's label (empty until coded)
conflict      e.g. ``russia-ukraine``, ``cold-war``, ``none``
place         country of the city or council concerned (``Fictional`` for invented towns)
genre         news-report, op-ed, council-resolution, press-release, letter-to-the-editor, blog, headline
voice         author, actor (reported) or quotation
features      semicolon list: negation;hedge;question;concession;contrast;quotation...
synthetic     always ``yes``
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis.clean import match_key
from analysis.corpus import read_csv_records
from analysis.errors import CorpusError, Problem, display_path
from analysis.reliability import cohen_kappa, percent_agreement

__all__ = [
    "COLUMNS",
    "LABELS",
    "SYNTHETIC_DIR",
    "check_training_set",
    "read_training_set",
    "training_agreement",
    "is_training_folder",
    "blind_sheet",
    "merge_second_coding",
]

COLUMNS = ("synth_id", "text", "label", "label_writer", "label_second", "conflict", "place",
           "genre", "voice", "features", "synthetic")
LABELS = ("ENGAGE", "DISENGAGE", "NEUTRAL")
SYNTHETIC_DIR = Path(__file__).parent / "data" / "synthetic"
_ID = re.compile(r"syn-\d{4,}")


def is_training_folder(folder: str | Path) -> bool:
    """Return True for a folder with ``sentences.csv`` and no ``documents.csv``."""
    folder = Path(folder)
    return (folder / "sentences.csv").is_file() and not (folder / "documents.csv").exists()


def check_training_set(folder: str | Path = SYNTHETIC_DIR) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``FOLDER/sentences.csv`` and collect every problem in it.

    Parameters
    ----------
    folder : str or Path
        The training-set folder (default: the shipped synthetic set).

    Returns
    -------
    frame : DataFrame
        Every row, columns :data:`COLUMNS` plus ``line`` (the row's line in
        the file), as strings.
    problems : list of Problem
        ``FILE:LINE: FIELD: message`` for a missing column, a bad or duplicate
        ``synth_id``, an empty or duplicate ``text`` (duplicates compared
        after :func:`analysis.clean.match_key`), a label outside
        :data:`LABELS`, a ``label`` that is not the agreed label of both
        coders, and ``synthetic`` other than ``yes``.

    Examples
    --------
    >>> frame, problems = check_training_set()
    >>> problems, frame["synthetic"].unique().tolist()
    ([], ['yes'])
    """
    path = Path(folder) / "sentences.csv"
    name = display_path(path)
    header, records = read_csv_records(path, what="training set")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CorpusError([Problem(name, 1, "header", f"missing column(s): {', '.join(missing)}")])
    index = {c: header.index(c) for c in COLUMNS}
    rows, problems = [], []
    seen_ids: dict[str, int] = {}
    seen_texts: dict[str, int] = {}
    for line, record in records:
        row = {c: (record[i].strip() if i < len(record) else "") for c, i in index.items()}
        row["line"] = line

        def bad(field: str, message: str) -> None:
            problems.append(Problem(name, line, field, message))

        sid = row["synth_id"]
        if not _ID.fullmatch(sid):
            bad("synth_id", f"{sid!r} is not of the form syn-0001")
        elif sid in seen_ids:
            bad("synth_id", f"{sid} repeats line {seen_ids[sid]}")
        else:
            seen_ids[sid] = line
        key = match_key(row["text"])
        if not key:
            bad("text", "is empty")
        elif key in seen_texts:
            bad("text", f"repeats the sentence on line {seen_texts[key]}")
        else:
            seen_texts[key] = line
        for field in ("label", "label_writer", "label_second"):
            value = row[field]
            if value and value not in LABELS:
                bad(field, f"unknown label {value!r} (expected one of {', '.join(LABELS)})")
        if not row["label_writer"]:
            bad("label_writer", "is empty (every sentence needs its writer's label)")
        if row["label"] and not (row["label"] == row["label_writer"] == row["label_second"]):
            bad("label", "is set but the writer and second coder do not both give it "
                f"(label_writer {row['label_writer']!r}, label_second {row['label_second']!r})")
        if row["synthetic"] != "yes":
            bad("synthetic", f"must be 'yes' (got {row['synthetic']!r}): written sentences are never corpus")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "line"])
    return frame, problems


def read_training_set(folder: str | Path = SYNTHETIC_DIR, *, agreed_only: bool = True) -> pd.DataFrame:
    """Return the checked rows of a training set, by default only the agreed ones.

    Parameters
    ----------
    folder : str or Path
        The training-set folder (default: the shipped synthetic set).
    agreed_only : bool, default=True
        Keep only rows whose ``label`` is set (writer and blind second coder
        agree). With False, every row is returned.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS` (strings), in file order, index reset.

    Raises
    ------
    CorpusError
        With every problem found by :func:`check_training_set`.
    """
    frame, problems = check_training_set(folder)
    if problems:
        raise CorpusError(problems)
    if agreed_only:
        frame = frame[frame["label"] != ""]
    return frame[list(COLUMNS)].reset_index(drop=True)


def training_agreement(frame: pd.DataFrame) -> dict:
    """Summarise the blind second coding of a training set.

    Parameters
    ----------
    frame : DataFrame
        All rows, as from ``read_training_set(folder, agreed_only=False)``.

    Returns
    -------
    dict
        ``n`` sentences, ``n_second`` coded by the second coder, ``n_agreed``,
        ``percent_agreement`` and Cohen's ``kappa`` between writer and second
        coder over the second-coded rows (NaN when none), and ``labels``:
        counts of the agreed labels.

    Examples
    --------
    >>> rows = pd.DataFrame({"label_writer": ["ENGAGE", "NEUTRAL", "DISENGAGE", "NEUTRAL"],
    ...                      "label_second": ["ENGAGE", "NEUTRAL", "NEUTRAL", ""],
    ...                      "label": ["ENGAGE", "NEUTRAL", "", ""]})
    >>> summary = training_agreement(rows)
    >>> summary["n_second"], summary["n_agreed"], round(summary["percent_agreement"], 3)
    (3, 2, 0.667)
    """
    coded = frame[frame["label_second"] != ""]
    if len(coded):
        agree = percent_agreement(coded["label_writer"], coded["label_second"])
        kappa = cohen_kappa(coded["label_writer"], coded["label_second"])
    else:
        agree = kappa = float("nan")
    labels = Counter(frame.loc[frame["label"] != "", "label"])
    return {
        "n": len(frame),
        "n_second": len(coded),
        "n_agreed": int((frame["label"] != "").sum()),
        "percent_agreement": agree,
        "kappa": kappa,
        "labels": {k: labels.get(k, 0) for k in LABELS},
    }


def blind_sheet(frame: pd.DataFrame, *, seed: int = 20261202) -> pd.DataFrame:
    """Return ``synth_id`` and ``text`` only, in a seeded shuffled order, for the blind coder.

    The blind coder sees neither the writer's label nor the metadata
    (conflict, genre, features), and the order hides the writer's batches.

    Examples
    --------
    >>> rows = pd.DataFrame({"synth_id": ["syn-0001", "syn-0002", "syn-0003"], "text": ["a", "b", "c"],
    ...                      "label_writer": ["ENGAGE", "NEUTRAL", "NEUTRAL"]})
    >>> list(blind_sheet(rows).columns), sorted(blind_sheet(rows)["synth_id"]) == list(rows["synth_id"])
    (['synth_id', 'text'], True)
    """
    return frame[["synth_id", "text"]].sample(frac=1.0, random_state=seed).reset_index(drop=True)


def merge_second_coding(frame: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Fill ``label_second`` from a blind coding and set ``label`` where both coders agree.

    Parameters
    ----------
    frame : DataFrame
        All rows of the training set (``read_training_set(..., agreed_only=False)``).
    second : DataFrame
        The blind coder's sheet, columns ``synth_id`` and ``label``.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with ``label_second`` and ``label`` filled; rows the
        second coder left out keep an empty ``label_second`` and ``label``.

    Raises
    ------
    ValueError
        If ``second`` names an unknown ``synth_id`` or gives a label outside :data:`LABELS`.

    Examples
    --------
    >>> rows = pd.DataFrame({"synth_id": ["syn-0001", "syn-0002"], "label_writer": ["ENGAGE", "NEUTRAL"],
    ...                      "label_second": ["", ""], "label": ["", ""]})
    >>> coded = pd.DataFrame({"synth_id": ["syn-0002", "syn-0001"], "label": ["NEUTRAL", "DISENGAGE"]})
    >>> merge_second_coding(rows, coded)[["label_second", "label"]].values.tolist()
    [['DISENGAGE', ''], ['NEUTRAL', 'NEUTRAL']]
    """
    codes = dict(zip(second["synth_id"].astype(str).str.strip(), second["label"].fillna("").astype(str).str.strip()))
    unknown = sorted(set(codes) - set(frame["synth_id"]))
    if unknown:
        raise ValueError(f"unknown synth_id in the second coding: {', '.join(unknown[:5])}")
    bad = sorted({v for v in codes.values() if v and v not in LABELS})
    if bad:
        raise ValueError(f"unknown label(s) in the second coding: {', '.join(bad)}")
    out = frame.copy()
    out["label_second"] = [codes.get(sid, "") for sid in out["synth_id"]]
    agree = (out["label_second"] != "") & (out["label_second"] == out["label_writer"])
    out["label"] = out["label_writer"].where(agree, "")
    return out
