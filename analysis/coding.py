"""Coding sheets: write them, read them back checked, and keep codes anchored.

A coding sheet is a CSV with one row per codable sentence (every sentence
except pull quotes, which repeat a body sentence). Each row carries its
anchor (``doc_id, sent_id, start, end`` and ``hash``, a short checksum of the
sentence text), the text, and the columns a coder fills in:
``stance, voice, actor, target, memo``. Sheets are written as UTF-8 with a
byte-order mark so spreadsheet programs open them with the right accents;
the allowed codes are written beside the sheet in ``<name>.codes.csv``.

Coding frame
------------
:func:`read_coding_sheet` returns one row per coded sentence:
``doc_id, sent_id, start, end, hash, text, stance, voice, actor, target,
memo`` (strings; empty is ``""``) plus ``line``, the sheet line it came from.
:func:`coding_long` turns several coders' frames into the long
``coder, unit, variable, value`` frame that :mod:`analysis.reliability` takes.

Re-anchoring
------------
When cleaning or segmentation changes, :func:`analysis.anchoring.reanchor`
moves every code to the sentence that now holds its text.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pandas as pd

from analysis.codebook import Codebook
from analysis.corpus import read_csv_records
from analysis.errors import CorpusError, Problem, display_path

__all__ = [
    "SHEET_COLUMNS",
    "CODE_COLUMNS",
    "text_hash",
    "coding_sheet",
    "write_coding_sheet",
    "read_coding_sheet",
    "check_coding",
    "coding_long",
    "check_coding_files",
]

ANCHOR_COLUMNS = ("doc_id", "sent_id", "start", "end", "hash")
CODE_COLUMNS = ("stance", "voice", "actor", "target")
SHEET_COLUMNS = (*ANCHOR_COLUMNS, "kind", "text", *CODE_COLUMNS, "memo")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split())


def text_hash(text: str) -> str:
    """Return a short checksum of a sentence (NFC, white space folded).

    Examples
    --------
    >>> text_hash("Keep  the ties.") == text_hash("Keep the ties.")
    True
    >>> len(text_hash("Keep the ties."))
    10
    """
    return hashlib.sha256(_normalise(text).encode("utf-8")).hexdigest()[:10]


def coding_sheet(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return a blank coding sheet for a sentences frame.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences frame (:mod:`analysis.sentences`); pull quotes (rows with a
        ``duplicate_of``) are left out.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SHEET_COLUMNS`, code columns empty, sentence order.
    """
    rows = sentences[sentences["duplicate_of"] == ""]
    sheet = pd.DataFrame(
        {
            "doc_id": rows["doc_id"],
            "sent_id": rows["sent_id"],
            "start": rows["start"],
            "end": rows["end"],
            "hash": [text_hash(t) for t in rows["text"]],
            "kind": rows["kind"],
            "text": rows["text"],
        }
    )
    for col in (*CODE_COLUMNS, "memo"):
        sheet[col] = ""
    return sheet.reset_index(drop=True)


def allowed_codes(codebook: Codebook) -> pd.DataFrame:
    """Return the allowed codes as ``variable, value, meaning`` (for the ``.codes.csv``)."""
    rows = [("stance", v, codebook.definitions[("stance", v)]) for v in codebook.stances]
    rows += [("voice", v, codebook.definitions[("voice", v)]) for v in codebook.voices]
    rows += [("voice", "", "empty: NEUTRAL sentences")]
    rows += [("actor", a, n) for a, n in zip(codebook.actors["actor_id"], codebook.actors["name"])]
    rows += [("actor", "", "empty: voice is author, or NEUTRAL")]
    rows += [("target", v, codebook.definitions[("target", v)]) for v in codebook.targets]
    rows += [("target", "", "empty: NEUTRAL with no ties at issue")]
    return pd.DataFrame(rows, columns=["variable", "value", "meaning"])


def _write_csv(frame: pd.DataFrame, path: Path, *, force: bool) -> None:
    if path.exists() and not force:
        raise FileExistsError(f"{display_path(path)} exists; use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_coding_sheet(sheet: pd.DataFrame, path: str | Path, *, codebook: Codebook | None = None, force: bool = False) -> list[Path]:
    """Write a coding sheet (and its ``.codes.csv``) without overwriting work.

    Parameters
    ----------
    sheet : pandas.DataFrame
        From :func:`coding_sheet`.
    path : str or Path
        Where to write, e.g. ``sheet.csv``; ``sheet.xlsx`` writes an Excel
        workbook with drop-down lists and the codebook inside
        (:func:`analysis.exchange.xlsx.write_xlsx_sheet`).
    codebook : Codebook, optional
        When given, the allowed codes go to ``<stem>.codes.csv`` (required
        for ``.xlsx``).
    force : bool, default False
        Overwrite existing files. Without it an existing file raises.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    FileExistsError
        If a file exists and ``force`` is False (nothing is written).
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        if codebook is None:
            raise ValueError("an .xlsx sheet needs the codebook for its drop-down lists")
        from analysis.exchange.xlsx import write_xlsx_sheet

        return [write_xlsx_sheet(sheet, path, codebook, force=force)]
    targets = [path]
    codes_path = path.with_name(path.stem + ".codes.csv")
    if codebook is not None:
        targets.append(codes_path)
    if not force:
        for p in targets:
            if p.exists():
                raise FileExistsError(f"{display_path(p)} exists; use --force to overwrite it")
    _write_csv(sheet[list(SHEET_COLUMNS)], path, force=True)
    if codebook is not None:
        _write_csv(allowed_codes(codebook), codes_path, force=True)
    return targets


def read_sheet_rows(path: Path) -> tuple[list[dict], list[int], list[str]]:
    """Read a sheet (CSV or .xlsx) as ``(rows, lines, header)``: one dict of stripped strings per row, and
    its line in the file (the spreadsheet row of a workbook); a repeated column name or a row with extra
    cells is refused (:class:`~analysis.errors.CorpusError`)."""
    if path.suffix.lower() == ".xlsx":
        from analysis.exchange.xlsx import read_xlsx_rows

        return read_xlsx_rows(path)
    name = display_path(path)
    header, records = read_csv_records(path, what="sheet")
    problems = [Problem(name, 1, h, f"column appears {header.count(h)} times; keep one")
                for h in dict.fromkeys(header) if h and header.count(h) > 1]
    rows = []
    for line, record in records:
        if any(cell.strip() for cell in record[len(header):]):
            problems.append(Problem(name, line, "row", f"{len(record)} cells but {len(header)} columns "
                                    "(put text containing commas in double quotes)"))
        record = record + [""] * (len(header) - len(record))
        rows.append({h: record[i].strip() for i, h in enumerate(header) if h})
    if problems:
        raise CorpusError(problems)
    return rows, [line for line, _ in records], header


def check_coding(
    coding: pd.DataFrame,
    codebook: Codebook,
    *,
    name: str,
    sentences: pd.DataFrame | None = None,
) -> list[Problem]:
    """Return every problem in a coding frame (empty list when it is valid).

    Checks, per row: ``stance`` present and allowed; ``voice`` and
    ``target`` given for ENGAGE/DISENGAGE and ``voice`` empty for NEUTRAL;
    ``actor`` given (and known) exactly when ``voice`` is actor; no sentence
    coded twice with different codes; and, when ``sentences`` is given, that
    the anchor still matches the sentence text (``hash``).
    """
    problems = []

    def bad(row, field, message):
        problems.append(Problem(name, int(row["line"]) if "line" in row else None, field, message))

    actors = set(codebook.actor_ids)
    current = None
    if sentences is not None:
        current = {sid: text_hash(t) for sid, t in zip(sentences["sent_id"], sentences["text"])}
        current_texts = {(d, _normalise(t)) for d, t in zip(sentences["doc_id"], sentences["text"])}
        current_docs = set(sentences["doc_id"])
    first_codes: dict[str, tuple] = {}
    for _, row in coding.iterrows():
        stance, voice, actor, target = (row.get(c, "") for c in CODE_COLUMNS)
        if not stance:
            bad(row, "stance", f"empty; allowed: {', '.join(codebook.stances)}")
        elif stance not in codebook.stances:
            bad(row, "stance", f"unknown code {stance!r}; allowed: {', '.join(codebook.stances)}")
        position = stance in codebook.stances and stance != "NEUTRAL"
        if voice and voice not in codebook.voices:
            bad(row, "voice", f"unknown code {voice!r}; allowed: {', '.join(codebook.voices)} or empty")
        elif position and not voice:
            bad(row, "voice", f"required for {stance}; allowed: {', '.join(codebook.voices)}")
        elif stance == "NEUTRAL" and voice:
            bad(row, "voice", "must be empty for NEUTRAL")
        if voice == "actor" and not actor:
            bad(row, "actor", "required when voice is actor (an actor_id of actors.csv)")
        elif actor and actor not in actors:
            bad(row, "actor", f"unknown actor {actor!r}; add it to actors.csv or use one of its actor_id values")
        elif actor and voice != "actor":
            bad(row, "actor", "give an actor only when voice is actor")
        if target and target not in codebook.targets:
            bad(row, "target", f"unknown code {target!r}; allowed: {', '.join(codebook.targets)} or empty")
        elif position and not target:
            bad(row, "target", f"required for {stance}; allowed: {', '.join(codebook.targets)}")
        sid = row.get("sent_id", "")
        codes = (stance, voice, actor, target)
        if sid in first_codes and first_codes[sid][0] != codes:
            bad(row, "sent_id", f"{sid} is coded twice with different codes (first on line {first_codes[sid][1]})")
        first_codes.setdefault(sid, (codes, row.get("line")))
        if current is not None:
            anchor = row.get("hash") or text_hash(row.get("text", ""))
            if sid not in current:
                doc = row.get("doc_id", "")
                if doc not in current_docs:
                    fix = f"its document {doc!r} is not in the corpus, so reanchor cannot place it"
                elif (doc, _normalise(row.get("text", ""))) in current_texts:
                    fix = "run reanchor"
                else:
                    fix = f"no sentence of {doc} has its text: run reanchor, which places it only if one shares " \
                          "most of its words; else fix sent_id and text"
                bad(row, "sent_id", f"{sid} is not a sentence of the current corpus ({fix})")
            elif anchor != current[sid]:
                bad(row, "hash", f"{sid}: the sentence text changed since this sheet was made{_fix(row, sentences)}")
    return problems


def _fix(row, sentences: pd.DataFrame) -> str:
    """What will fix a stale anchor: reanchor, or (for an orphan) coding the current sentence again."""
    from analysis.anchoring import reanchor  # anchoring builds on this module

    probe = pd.DataFrame([{c: row.get(c, "") for c in ("doc_id", "sent_id", "text")}], dtype=object)
    if reanchor(probe, sentences).loc[0, "status"] != "orphan":
        return " (run reanchor)"
    return ("; reanchor cannot place it (no current sentence holds its text): code the current sentence "
            "again and delete this row")


def read_coding_sheet(
    path: str | Path,
    codebook: Codebook,
    *,
    sentences: pd.DataFrame | None = None,
    require_complete: bool = True,
) -> pd.DataFrame:
    """Read a filled coding sheet and check it.

    Parameters
    ----------
    path : str or Path
        The sheet: CSV (UTF-8 with or without BOM), or an ``.xlsx``
        workbook (read by :func:`analysis.exchange.xlsx.read_xlsx_rows`;
        lines are spreadsheet rows).
    codebook : Codebook
        Allowed codes and actors.
    sentences : pandas.DataFrame, optional
        Current sentences frame: anchors are checked against it.
    require_complete : bool, default True
        When False, rows with an empty ``stance`` are kept unchecked, not
        errors (a sheet still being coded: memo-only rows stay).

    Returns
    -------
    pandas.DataFrame
        The coding frame (see the module docstring).

    Raises
    ------
    CorpusError
        Listing every problem as ``FILE:LINE: FIELD: message``.
    """
    path = Path(path)
    name = display_path(path)
    rows, lines, header = read_sheet_rows(path)
    missing = [c for c in ("doc_id", "sent_id", "text", *CODE_COLUMNS) if c not in header]
    if missing:
        raise CorpusError([Problem(name, 1, "header", f"missing column(s) {', '.join(missing)}; found: {', '.join(header)}")])
    frame = pd.DataFrame(rows, dtype=object).fillna("")
    for col in SHEET_COLUMNS:
        if col not in frame:
            frame[col] = ""
    frame["line"] = lines
    checked = frame if require_complete else frame[frame["stance"] != ""]
    problems = check_coding(checked, codebook, name=name, sentences=sentences)
    if problems:
        raise CorpusError(problems)
    extra = [c for c in frame.columns if c not in SHEET_COLUMNS and c != "line"]
    return frame[[*SHEET_COLUMNS, *extra, "line"]].reset_index(drop=True)


def coding_long(codings: dict[str, pd.DataFrame], *, variables=("stance", "voice", "target")) -> pd.DataFrame:
    """Stack several coders' coding frames into ``coder, unit, variable, value``.

    Parameters
    ----------
    codings : dict of str to DataFrame
        Coder name -> coding frame.
    variables : tuple of str
        Variables to keep.

    Returns
    -------
    pandas.DataFrame
        Sorted by coder, then unit order within each coder's frame, then
        variable order.
    """
    frames = []
    for coder in sorted(codings):
        frame = codings[coder]
        long = frame.melt(id_vars=["sent_id"], value_vars=list(variables), var_name="variable", value_name="value")
        long.insert(0, "coder", coder)
        frames.append(long.rename(columns={"sent_id": "unit"}))
    return pd.concat(frames, ignore_index=True)[["coder", "unit", "variable", "value"]]


def check_coding_files(corpus_dir: str | Path, sentences: pd.DataFrame) -> tuple[int, list[Problem]]:
    """Check every coding file of a corpus folder against its codebook and sentences.

    Reads ``CORPUS_DIR/coding/*.csv`` and ``*.xlsx`` (coder sheets and ``consensus.csv``)
    when ``CORPUS_DIR/codebook.yml`` exists.

    Returns
    -------
    n_files : int
        Number of coding files checked.
    problems : list of Problem
        Every problem found (codebook, actors, sheets).
    """
    from analysis.codebook import read_codebook

    root = Path(corpus_dir)
    codebook_path = root / "codebook.yml"
    files = sorted([*(root / "coding").glob("*.csv"), *(root / "coding").glob("*.xlsx")])
    files = [f for f in files if not f.name.endswith(".codes.csv") and not f.name.startswith(("~$", ".~lock"))]
    if not codebook_path.exists():
        if files:
            return 0, [Problem(display_path(codebook_path), None, "file", "coding files exist but the codebook does not")]
        return 0, []
    try:
        codebook = read_codebook(codebook_path)
    except CorpusError as exc:
        return 0, exc.problems
    problems: list[Problem] = []
    coded: dict[Path, list[str]] = {}
    for path in files:
        try:
            coded[path] = list(read_coding_sheet(path, codebook, sentences=sentences)["sent_id"])
        except CorpusError as exc:
            problems.extend(exc.problems)
    consensus = root / "coding" / "consensus.csv"
    if consensus in coded:
        problems += _missing_from_consensus(consensus, coded)
    return len(files), problems


def _missing_from_consensus(consensus: Path, coded: dict[Path, list[str]]) -> list[Problem]:
    """A consensus sheet must hold every sentence that a coder's sheet codes."""
    have = set(coded[consensus])
    missing: dict[str, list[str]] = {}
    for path, sids in coded.items():
        for sid in sids:
            if path != consensus and sid not in have:
                missing.setdefault(sid, []).append(path.name)
    if not missing:
        return []
    listed = "; ".join(f"{sid} (coded in {', '.join(names)})" for sid, names in list(missing.items())[:5])
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    return [Problem(display_path(consensus), None, "sent_id", f"the consensus lacks {len(missing)} coded "
                    f"sentence(s): {listed}{more}; add them with the adjudicated codes")]
