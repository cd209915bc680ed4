"""Coding sheets as Excel workbooks (openpyxl).

A workbook written by :func:`write_xlsx_sheet` has three sheets:

``coding``
    The coding sheet (:data:`analysis.coding.SHEET_COLUMNS`, plus any extra
    columns given) with a frozen header and wrapped text. The anchor and
    text cells are locked (sheet protection without a password, so it only
    guards against slips); the code columns and the memo are unlocked and
    each code column has a drop-down list of the codebook's values (actors
    from ``actors.csv``).
``codebook``
    Every allowed value with its definition, what it includes and excludes
    and its examples, then the coding rules.
``lists``
    Hidden: the allowed values the drop-downs point to (a list validation
    written inline is limited to 255 characters, too short for the actors).

:func:`read_xlsx_rows` reads the ``coding`` sheet back as the CSV reader
does: strings, stripped, with the spreadsheet row number as the line, so
every message reads ``sheet.xlsx:ROW: FIELD: message``.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from analysis.errors import CorpusError, Problem, display_path
from analysis.output import replace_file

__all__ = ["SHEET_NAME", "write_xlsx_sheet", "write_xlsx_table", "read_xlsx_rows", "codebook_rows"]

SHEET_NAME = "coding"
#: Code columns a coder fills in, and the width of each column.
_EDITABLE = ("stance", "voice", "actor", "target", "memo")
_WIDTHS = {"doc_id": 18, "sent_id": 24, "start": 7, "end": 7, "hash": 11, "kind": 9, "text": 70,
           "stance": 12, "voice": 9, "actor": 22, "target": 10, "memo": 40}
_FIXED_TIME = datetime(2000, 1, 1)


def codebook_rows(codebook) -> pd.DataFrame:
    """Return the codebook as ``variable, value, definition, include, exclude, examples``.

    Actors come from ``actors.csv`` (``definition`` is the name, kind and
    country). Rules follow as rows with ``variable == "rule"``.
    """
    variables = codebook.raw.get("variables") or {}
    rows = []
    for var in ("stance", "voice", "target"):
        for value, spec in ((variables.get(var) or {}).get("values") or {}).items():
            spec = spec or {}
            examples = "\n".join(
                f"{e.get('sent_id', '')}: {' '.join(str(e.get('text', '')).split())}"
                + (f" ({e['note']})" if e.get("note") else "")
                for e in spec.get("examples") or ()
            )
            rows.append((var, value, codebook.definitions[(var, value)],
                         "\n".join(map(str, spec.get("include") or ())),
                         "\n".join(map(str, spec.get("exclude") or ())), examples))
    for a in codebook.actors.itertuples():
        about = ", ".join(x for x in (a.name, a.kind, a.country) if x)
        rows.append(("actor", a.actor_id, about + (f". {a.notes}" if a.notes else ""), "", "", ""))
    for rule in codebook.rules:
        rows.append(("rule", str(rule.get("id", "")), " ".join(str(rule.get("rule", "")).split()), "", "",
                     " ".join(str(rule.get("example", "")).split())))
    return pd.DataFrame(rows, columns=["variable", "value", "definition", "include", "exclude", "examples"])


def _allowed(codebook) -> dict[str, list[str]]:
    return {"stance": list(codebook.stances), "voice": list(codebook.voices),
            "actor": list(codebook.actor_ids), "target": list(codebook.targets)}


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _append(ws, values) -> None:
    """Append a row; text that starts with "=" stays text (never a formula)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _save(wb, path: Path, *, force: bool) -> None:
    """Write to a temporary file beside ``path`` and rename (never a half-written sheet)."""
    if path.exists() and not force:
        raise FileExistsError(f"{display_path(path)} exists; use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.properties.creator = "city-ties"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    replace_file(path, buffer.getvalue())


def write_xlsx_sheet(sheet: pd.DataFrame, path: str | Path, codebook, *, force: bool = False) -> Path:
    """Write a coding sheet as an Excel workbook with drop-down lists.

    Parameters
    ----------
    sheet : pandas.DataFrame
        A coding sheet (:func:`analysis.coding.coding_sheet`), possibly
        partly coded, possibly with extra columns (kept, locked).
    path : str or Path
        The ``.xlsx`` file.
    codebook : Codebook
        The allowed values for the drop-downs and the ``codebook`` sheet.
    force : bool, default False
        Overwrite an existing file.

    Returns
    -------
    Path
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    columns = list(sheet.columns)
    ws.append(columns)
    for record in sheet.itertuples(index=False):
        _append(ws, [_cell(v) for v in record])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)
    n = len(sheet) + 1
    for j, col in enumerate(columns, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = _WIDTHS.get(col, 14)
        ws.cell(1, j).font = bold
        editable = col in _EDITABLE
        for i in range(2, n + 1):
            c = ws.cell(i, j)
            c.alignment = wrap
            if editable:
                c.protection = unlocked
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = ws.protection.autoFilter = False

    lists = wb.create_sheet("lists")
    allowed = _allowed(codebook)
    for j, (var, values) in enumerate(allowed.items(), start=1):
        lists.cell(1, j, var)
        for i, v in enumerate(values, start=2):
            lists.cell(i, j, v)
        if var in columns:
            letter = get_column_letter(j)
            dv = DataValidation(type="list", formula1=f"=lists!${letter}$2:${letter}${len(values) + 1}",
                                allow_blank=True, showDropDown=False, showErrorMessage=True,
                                errorTitle=f"Not a {var} code", error=f"Choose a {var} from the list (see the codebook sheet).")
            col = get_column_letter(columns.index(var) + 1)
            dv.add(f"{col}2:{col}{max(n, 2)}")
            ws.add_data_validation(dv)
    lists.sheet_state = "hidden"

    book = wb.create_sheet("codebook", 1)
    table = codebook_rows(codebook)
    book.append(list(table.columns))
    for record in table.itertuples(index=False):
        _append(book, list(record))
    for j, col in enumerate(table.columns, start=1):
        book.column_dimensions[get_column_letter(j)].width = {"variable": 10, "value": 22}.get(col, 50)
        book.cell(1, j).font = bold
        for i in range(2, len(table) + 2):
            book.cell(i, j).alignment = wrap
    book.freeze_panes = "A2"
    _save(wb, path, force=force)
    return path


def write_xlsx_table(frame: pd.DataFrame, path: str | Path, *, force: bool = False) -> Path:
    """Write any table as a one-sheet workbook (header bold and frozen)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "table"
    ws.append([str(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        _append(ws, [_cell(v) for v in record])
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    _save(wb, path, force=force)
    return path


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def read_xlsx_rows(path: str | Path) -> tuple[list[dict], list[int], list[str]]:
    """Read the coding sheet of a workbook as ``(rows, lines, header)``.

    The sheet named ``coding`` is read, else the first sheet. Cells become
    stripped strings (whole numbers without ``.0``); blank rows are skipped;
    ``lines`` are spreadsheet row numbers.

    Raises
    ------
    CorpusError
        The file is missing, not a workbook, or its sheet is empty.
    """
    from openpyxl import load_workbook

    path = Path(path)
    name = display_path(path)
    if not path.is_file():
        raise CorpusError([Problem(name, None, "file", "does not exist")])
    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CorpusError([Problem(name, None, "file", f"not a readable .xlsx workbook ({exc})")]) from None
    ws = wb[SHEET_NAME] if SHEET_NAME in wb.sheetnames else wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = [_text(v) for v in next(it, ())]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise CorpusError([Problem(name, 1, "header", "the sheet is empty (expected a header row)")])
    rows, lines = [], []
    for i, values in enumerate(it, start=2):
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append({h: cells[k] for k, h in enumerate(header) if h})
        lines.append(i)
    return rows, lines, header
