"""Excel coding sheets: every code survives write -> fill -> read, drop-downs, locks, messages."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.codebook import read_codebook
from analysis.coding import CODE_COLUMNS, coding_sheet, read_coding_sheet, write_coding_sheet
from analysis.errors import CorpusError
from conftest import SAMPLE


@pytest.fixture(scope="module")
def codebook():
    return read_codebook(SAMPLE / "codebook.yml")


@pytest.fixture(scope="module")
def consensus(codebook, sample_sentences):
    return read_coding_sheet(SAMPLE / "coding" / "consensus.csv", codebook, sentences=sample_sentences)


def fill(path, codes: pd.DataFrame) -> None:
    """Type codes into a written workbook as a coder would (by sent_id)."""
    wb = load_workbook(path)
    ws = wb["coding"]
    header = [c.value for c in ws[1]]
    by_id = codes.set_index("sent_id")
    for row in ws.iter_rows(min_row=2):
        sid = row[header.index("sent_id")].value
        for col in (*CODE_COLUMNS, "memo"):
            value = by_id.at[sid, col] if col in by_id else ""
            row[header.index(col)].value = value or None
    wb.save(path)


def test_every_code_survives_write_fill_read(tmp_path, codebook, consensus, sample_sentences):
    path = tmp_path / "sheet.xlsx"
    assert write_coding_sheet(coding_sheet(sample_sentences), path, codebook=codebook) == [path]
    assert zipfile.is_zipfile(path) and not (tmp_path / "sheet.codes.csv").exists()
    codes = consensus.copy()
    codes["memo"] = ["  a memo with ‘quotes’ and é " if i % 7 == 0 else "" for i in range(len(codes))]
    fill(path, codes)
    back = read_coding_sheet(path, codebook, sentences=sample_sentences)
    cols = ["doc_id", "sent_id", "start", "end", "text", *CODE_COLUMNS]
    pd.testing.assert_frame_equal(back[cols], consensus[cols], check_dtype=False)
    assert list(back["memo"]) == [m.strip() for m in codes["memo"]]
    assert back["line"].iloc[0] == 2 and back["line"].iloc[-1] == len(back) + 1


def test_text_starting_with_equals_stays_text(tmp_path, codebook, sample_sentences):
    sheet = coding_sheet(sample_sentences).head(2)
    sheet["stance"] = "NEUTRAL"
    sheet.loc[0, "memo"] = "=SUM(A1:A3) is a memo"
    write_coding_sheet(sheet, tmp_path / "s.xlsx", codebook=codebook)
    assert load_workbook(tmp_path / "s.xlsx")["coding"]["L2"].data_type == "s"
    assert read_coding_sheet(tmp_path / "s.xlsx", codebook)["memo"].iloc[0] == "=SUM(A1:A3) is a memo"


def test_dropdowns_locks_and_codebook_sheet(tmp_path, codebook, sample_sentences):
    path = tmp_path / "sheet.xlsx"
    write_coding_sheet(coding_sheet(sample_sentences), path, codebook=codebook)
    wb = load_workbook(path)
    assert wb.sheetnames == ["coding", "codebook", "lists"] and wb["lists"].sheet_state == "hidden"
    ws = wb["coding"]
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and ws.protection.sheet
    lists = wb["lists"]
    allowed = {"stance": codebook.stances, "voice": codebook.voices, "actor": codebook.actor_ids,
               "target": codebook.targets}
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for var, values in allowed.items():
        letter = chr(ord("A") + header.index(var))
        dv = validations[f"{letter}2:{letter}{len(sample_sentences) - 1}"]
        assert dv.type == "list" and dv.showErrorMessage
        sheet_name, ref = dv.formula1.lstrip("=").split("!")
        cells = wb[sheet_name][ref.replace("$", "")]
        assert tuple(c[0].value for c in cells) == tuple(values)
    assert len(validations) == 4 and lists.max_column == 4
    row = list(ws[2])
    for name, cell in zip(header, row):
        assert cell.protection.locked == (name not in ("stance", "voice", "actor", "target", "memo")), name
    assert ws.cell(2, header.index("text") + 1).alignment.wrap_text
    book = pd.DataFrame(list(wb["codebook"].values)[1:], columns=next(wb["codebook"].values))
    assert set(book["value"]) >= {*codebook.stances, *codebook.actor_ids, "R1"}
    assert book.loc[book["value"] == "ENGAGE", "definition"].item() == codebook.definitions[("stance", "ENGAGE")]


def test_errors_name_the_workbook_row(tmp_path, codebook, sample_sentences):
    path = tmp_path / "sheet.xlsx"
    sheet = coding_sheet(sample_sentences).head(3)
    sheet["stance"] = ["NEUTRAL", "MAYBE", "ENGAGE"]
    write_coding_sheet(sheet, path, codebook=codebook)
    with pytest.raises(CorpusError) as err:
        read_coding_sheet(path, codebook)
    lines = str(err.value).splitlines()
    assert lines[0].endswith("sheet.xlsx:3: stance: unknown code 'MAYBE'; allowed: ENGAGE, DISENGAGE, NEUTRAL")
    assert any(line.endswith("sheet.xlsx:4: voice: required for ENGAGE; allowed: author, actor") for line in lines)


def test_not_a_workbook_is_one_line(tmp_path, codebook, capsys):
    bad = tmp_path / "sheet.xlsx"
    bad.write_text("doc_id,sent_id\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"sheet.xlsx: file: not a readable .xlsx workbook"):
        read_coding_sheet(bad, codebook)


def test_cli_writes_xlsx_only_for_xlsx_names(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["sentences", str(SAMPLE), "-o", "s.xlsx"]) == 0
    assert zipfile.is_zipfile("s.xlsx")
    assert main(["sentences", str(SAMPLE), "-o", "s.csv"]) == 0
    assert not zipfile.is_zipfile("s.csv")
    assert main(["coding-sheet", str(SAMPLE), "-o", "sheet.xlsx"]) == 0
    assert main(["coding-sheet", str(SAMPLE), "-o", "sheet.xlsx"]) == 1
    assert "sheet.xlsx exists; use --force" in capsys.readouterr().err
    assert main(["reanchor", "sheet.xlsx", str(SAMPLE), "-o", "moved.xlsx"]) == 0
    assert load_workbook("moved.xlsx")["coding"]["A1"].value == "doc_id"


def test_validate_reads_xlsx_sheets_in_the_corpus(tmp_path, codebook, consensus, sample_sentences, capsys):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    sheet = consensus.drop(columns="line")
    sheet.loc[2, "stance"] = "MAYBE"
    write_coding_sheet(sheet, corpus / "coding" / "coder_c.xlsx", codebook=codebook)
    (corpus / "coding" / "~$coder_c.xlsx").write_bytes(b"an Excel lock file")
    assert main(["validate", str(corpus)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("coder_c.xlsx:4: stance: unknown code 'MAYBE'; allowed: ENGAGE, DISENGAGE, NEUTRAL")
    assert err[1] == "1 problem(s) found"
