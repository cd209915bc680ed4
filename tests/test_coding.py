"""Coding sheets: round trip, every validation message, and re-anchoring that loses nothing."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.cli import main
from analysis.codebook import read_codebook
from analysis.coding import coding_long, coding_sheet, read_coding_sheet, text_hash, write_coding_sheet
from analysis.errors import CorpusError
from conftest import SAMPLE


@pytest.fixture(scope="module")
def codebook():
    return read_codebook(SAMPLE / "codebook.yml")


def filled(sheet: pd.DataFrame) -> pd.DataFrame:
    sheet = sheet.copy()
    sheet["stance"] = "NEUTRAL"
    return sheet


def test_sheet_has_anchor_text_and_empty_codes(sample_sentences):
    sheet = coding_sheet(sample_sentences)
    assert list(sheet.columns) == ["doc_id", "sent_id", "start", "end", "hash", "kind", "text",
                                   "stance", "voice", "actor", "target", "memo"]
    assert len(sheet) == len(sample_sentences) - 2  # the two pull quotes are not coded
    assert set(sheet["stance"]) == {""}
    assert sheet["hash"].iloc[0] == text_hash(sheet["text"].iloc[0])


def test_round_trip(tmp_path, sample_sentences, codebook):
    sheet = filled(coding_sheet(sample_sentences))
    sheet.loc[0, ["stance", "voice", "target"]] = ["DISENGAGE", "author", "russia"]
    sheet.loc[1, ["stance", "voice", "actor", "target"]] = ["ENGAGE", "actor", "poe", "russia"]
    paths = write_coding_sheet(sheet, tmp_path / "sheet.csv", codebook=codebook)
    assert [p.name for p in paths] == ["sheet.csv", "sheet.codes.csv"]
    assert (tmp_path / "sheet.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    back = read_coding_sheet(tmp_path / "sheet.csv", codebook, sentences=sample_sentences)
    cols = ["sent_id", "stance", "voice", "actor", "target", "text"]
    pd.testing.assert_frame_equal(back[cols], sheet[cols].astype(object), check_dtype=False)
    assert back["line"].iloc[0] == 2


def test_write_never_overwrites(tmp_path, sample_sentences, codebook):
    path = tmp_path / "sheet.csv"
    path.write_text("work in progress", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_coding_sheet(coding_sheet(sample_sentences), path, codebook=codebook)
    assert path.read_text(encoding="utf-8") == "work in progress"
    assert not (tmp_path / "sheet.codes.csv").exists()


def test_every_problem_named_with_file_line_field(tmp_path, sample_sentences, codebook):
    sheet = filled(coding_sheet(sample_sentences)).head(8)
    sheet.loc[0, "stance"] = "SUPPORT"                                     # unknown code
    sheet.loc[1, ["stance", "target"]] = ["ENGAGE", "russia"]              # voice missing
    sheet.loc[2, ["stance", "voice", "target"]] = ["ENGAGE", "actor", "russia"]  # actor missing
    sheet.loc[3, ["stance", "voice", "actor", "target"]] = ["ENGAGE", "actor", "putin", "russia"]  # unknown actor
    sheet.loc[4, "text"] = "An edited sentence."                            # hash still old: fine
    sheet.loc[4, "hash"] = "0000000000"                                     # anchor no longer matches
    dup = sheet.iloc[[5]].copy()
    dup["stance"] = "DISENGAGE"
    dup[["voice", "target"]] = ["author", "russia"]
    sheet = pd.concat([sheet, dup], ignore_index=True)                      # coded twice, differently
    path = tmp_path / "sheet.csv"
    sheet.to_csv(path, index=False)
    with pytest.raises(CorpusError) as info:
        read_coding_sheet(path, codebook, sentences=sample_sentences)
    msgs = [str(p).split("sheet.csv:", 1)[1] for p in info.value.problems]
    assert msgs == [
        "2: stance: unknown code 'SUPPORT'; allowed: ENGAGE, DISENGAGE, NEUTRAL",
        "3: voice: required for ENGAGE; allowed: author, actor",
        "4: actor: required when voice is actor (an actor_id of actors.csv)",
        "5: actor: unknown actor 'putin'; add it to actors.csv or use one of its actor_id values",
        "6: hash: madrid-latimes-005: the sentence text changed since this sheet was made; reanchor cannot place "
        "it (no current sentence holds its text): code the current sentence again and delete this row",
        "10: sent_id: madrid-latimes-006 is coded twice with different codes (first on line 7)",
    ]


def test_missing_columns(tmp_path, codebook):
    path = tmp_path / "sheet.csv"
    path.write_text("sent_id,code\nx,ENGAGE\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"sheet.csv:1: header: missing column\(s\) doc_id, text, stance, voice, "
                                          r"actor, target; found: sent_id, code"):
        read_coding_sheet(path, codebook)


def test_cli_coding_sheet(tmp_path, capsys):
    out = tmp_path / "sheet.csv"
    assert main(["coding-sheet", str(SAMPLE), "-o", str(out)]) == 0
    assert out.exists() and (tmp_path / "sheet.codes.csv").exists()
    assert main(["coding-sheet", str(SAMPLE), "-o", str(out)]) == 1
    assert "exists; use --force" in capsys.readouterr().err


def test_validate_reports_a_broken_coding_file(sample_copy, capsys):
    coding = sample_copy / "coding"
    coding.mkdir(exist_ok=True)
    (coding / "bad.csv").write_text("doc_id,sent_id,text,stance,voice,actor,target\n"
                                    "madrid-latimes,madrid-latimes-001,x,MAYBE,,,\n", encoding="utf-8")
    assert main(["validate", str(sample_copy)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:2: stance: unknown code 'MAYBE'" in err
    assert "bad.csv:2: hash: madrid-latimes-001: the sentence text changed" in err


def test_coding_long():
    a = pd.DataFrame({"sent_id": ["s1", "s2"], "stance": ["ENGAGE", "NEUTRAL"], "voice": ["author", ""],
                      "target": ["russia", ""]})
    long = coding_long({"B": a, "A": a}, variables=("stance",))
    assert list(long.columns) == ["coder", "unit", "variable", "value"]
    assert list(long["coder"]) == ["A", "A", "B", "B"]


@pytest.mark.parametrize("header, row, expected", [
    ("doc_id,sent_id,text,stance,stance,voice,actor,target", "d,d-001,x,NEUTRAL,ENGAGE,,,",
     "s.csv:1: stance: column appears 2 times; keep one"),
    ("doc_id,sent_id,text,stance,voice,actor,target", "d,d-001,x,NEUTRAL,,,,ENGAGE",
     "s.csv:2: row: 8 cells but 7 columns (put text containing commas in double quotes)"),
])
def test_sheet_refuses_repeated_columns_and_extra_cells(tmp_path, monkeypatch, codebook, header, row, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_coding_sheet("s.csv", codebook)
    assert str(info.value) == expected


def test_validate_reports_an_incomplete_consensus(sample_copy, capsys):
    path = sample_copy / "coding" / "consensus.csv"
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    path.write_text("\n".join(lines[:3] + lines[4:]), encoding="utf-8")
    assert main(["validate", str(sample_copy)]) == 1
    assert re.search(r"consensus\.csv: sent_id: the consensus lacks 1 coded sentence\(s\): madrid-latimes-003 "
                     r"\(coded in coder_a\.csv, coder_b\.csv\)", capsys.readouterr().err)


def test_orphan_advice_says_when_reanchor_cannot_help(tmp_path, sample_sentences, codebook):
    sheet = filled(coding_sheet(sample_sentences)).head(3)
    sheet.loc[0, ["doc_id", "sent_id"]] = ["elsewhere", "elsewhere-001"]
    sheet.loc[1, "sent_id"] = "madrid-latimes-999"
    sheet.to_csv(tmp_path / "s.csv", index=False)
    with pytest.raises(CorpusError) as info:
        read_coding_sheet(tmp_path / "s.csv", codebook, sentences=sample_sentences)
    first, second = str(info.value).split("\n")
    assert first.endswith("its document 'elsewhere' is not in the corpus, so reanchor cannot place it)")
    assert second.endswith("madrid-latimes-999 is not a sentence of the current corpus (run reanchor)")
