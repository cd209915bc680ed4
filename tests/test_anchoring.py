"""Re-anchoring: codes follow their sentences, nothing is dropped, collisions are named."""

from __future__ import annotations

import pandas as pd

from analysis.anchoring import reanchor, reanchor_collisions
from analysis.clean import clean_text
from analysis.cli import main
from analysis.coding import coding_sheet
from analysis.sentences import split_sentences
from conftest import SAMPLE


def filled(sheet: pd.DataFrame) -> pd.DataFrame:
    return sheet.assign(stance="NEUTRAL")


RAW = "The council met. It voted to cut ties with its twin. Others kept theirs.\n\nA second paragraph here."


def test_reanchor_after_segmentation_changes():
    old = split_sentences(clean_text(RAW), "doc")
    coding = coding_sheet(old)
    coding["stance"] = ["NEUTRAL", "DISENGAGE", "ENGAGE", "NEUTRAL"]
    # New segmentation: the first two sentences merge; a new sentence is inserted; text edited slightly.
    new_raw = "New opening sentence. The council met; it voted to cut ties with its twin. Others kept theirs.\n\nA  second paragraph here."
    new = split_sentences(clean_text(new_raw), "doc")
    moved = reanchor(coding, new)
    assert len(moved) == len(coding)                  # nothing dropped
    assert list(moved["status"]) == ["overlap", "overlap", "exact", "exact"]
    # both halves follow their text into the merged sentence: a validator then
    # shows the two (different) codes on one sentence for the coder to settle
    assert list(moved["sent_id"]) == ["doc-002", "doc-002", "doc-003", "doc-004"]
    assert moved.loc[1, "text"] == "The council met; it voted to cut ties with its twin."
    assert moved.loc[0, "old_sent_id"] == "doc-001"
    assert list(moved["stance"]) == ["NEUTRAL", "DISENGAGE", "ENGAGE", "NEUTRAL"]


def test_reanchor_keeps_what_it_cannot_place():
    old = split_sentences(clean_text(RAW), "doc")
    coding = coding_sheet(old).assign(stance="NEUTRAL")
    new = split_sentences(clean_text("Entirely different words now stand here instead."), "doc")
    moved = reanchor(coding, new)
    assert list(moved["status"]) == ["orphan"] * 4
    assert list(moved["sent_id"]) == list(coding["sent_id"]) and list(moved["text"]) == list(coding["text"])


def test_reanchor_whitespace_only():
    old = split_sentences(clean_text("Keep the “ties” now."), "d")
    coding = coding_sheet(old).assign(stance="ENGAGE")
    coding.loc[0, "text"] = 'Keep  the "ties" now.'
    moved = reanchor(coding, old)
    assert moved.loc[0, "status"] == "whitespace"


def test_reanchor_cli_reports_orphans(tmp_path, sample_sentences, capsys):
    sheet = filled(coding_sheet(sample_sentences))
    sheet.loc[0, "text"] = "A sentence that no longer exists anywhere at all."
    path = tmp_path / "sheet.csv"
    sheet.to_csv(path, index=False)
    out = tmp_path / "moved.csv"
    assert main(["reanchor", str(path), str(SAMPLE), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 orphan" in err and "could not be re-anchored; kept with its old anchor" in err
    moved = pd.read_csv(out, keep_default_na=False)
    assert len(moved) == len(sheet) and (moved["status"] == "orphan").sum() == 1


def test_reanchor_collisions_name_both_lines():
    old = split_sentences(clean_text(RAW), "doc")
    coding = coding_sheet(old)
    coding["stance"] = ["NEUTRAL", "DISENGAGE", "ENGAGE", "NEUTRAL"]
    coding["voice"] = ["", "author", "author", ""]
    coding["line"] = [2, 3, 4, 5]
    new = split_sentences(clean_text(RAW.replace("met. It", "met; it")), "doc")
    problems = reanchor_collisions(reanchor(coding, new), "s.csv")
    assert [str(p) for p in problems] == [
        "s.csv:3: sent_id: now on doc-001 together with line 2, coded differently (NEUTRAL/// vs "
        "DISENGAGE/author//): the sentences were merged; keep one code"]


def test_reanchor_cli_keeps_every_row_and_column(tmp_path, sample_sentences, capsys):
    sheet = coding_sheet(sample_sentences)
    sheet.loc[:2, "stance"] = "NEUTRAL"
    sheet.loc[3, "memo"] = "undecided"
    sheet["adjudication"] = ""
    sheet.loc[0, "adjudication"] = "A and B agreed"
    sheet.to_csv(tmp_path / "sheet.csv", index=False)
    assert main(["reanchor", str(tmp_path / "sheet.csv"), str(SAMPLE), "-o", str(tmp_path / "out.csv")]) == 0
    assert f"re-anchored {len(sheet)} rows (3 coded, {len(sheet) - 3} uncoded)" in capsys.readouterr().err
    moved = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert len(moved) == len(sheet) and set(sheet.columns) | {"status"} <= set(moved.columns)
    assert moved.loc[0, "adjudication"] == "A and B agreed" and moved.loc[3, "memo"] == "undecided"
