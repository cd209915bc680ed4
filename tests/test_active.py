"""Tests for analysis.active and ``python -m analysis suggest``: suggestions are uncoded sentences of
the sheet, bad input is refused as FILE:LINE: FIELD, and the simulation frame is tidy and seeded."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.active import (CURVE_COLUMNS, SUGGESTION_COLUMNS, active_learning_curve, curve_summary,
                             diverse_order, simulation_coder, suggestion_table)
from analysis.cli import main
from analysis.plots.active import plot_active_learning

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
CODES = ["stance", "voice", "actor", "target"]


def consensus() -> pd.DataFrame:
    return pd.read_csv(CORPUS / "coding" / "consensus.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def partly_coded(tmp_path, keep: int = 60, *, edit=None) -> Path:
    """The consensus sheet with every row after the first ``keep`` of each document uncoded."""
    sheet = consensus()
    position = sheet.groupby("doc_id").cumcount()
    per_doc = keep // sheet["doc_id"].nunique()
    sheet.loc[position >= per_doc, CODES] = ""
    if edit is not None:
        edit(sheet)
    path = tmp_path / "sheet.csv"
    sheet.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_suggestions_are_uncoded_rows_of_the_sheet(tmp_path):
    path = partly_coded(tmp_path)
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    coded = set(sheet.loc[sheet["stance"] != "", "sent_id"])
    out = suggestion_table(path, CORPUS, n=15, coder=simulation_coder())
    assert list(out.columns) == list(SUGGESTION_COLUMNS) and len(out) == 15
    assert not set(out["sent_id"]) & coded
    assert out["rank"].tolist() == list(range(1, 16))
    assert out["predicted"].isin(["ENGAGE", "DISENGAGE", "NEUTRAL"]).all()
    np.testing.assert_allclose(out["score"], 1 - out["confidence"])
    # the line is the sheet line of that sentence (header is line 1)
    assert [sheet.loc[line - 2, "sent_id"] for line in out["line"]] == out["sent_id"].tolist()
    again = suggestion_table(path, CORPUS, n=15, coder=simulation_coder())
    pd.testing.assert_frame_equal(out, again)  # seeded


def test_a_workbook_sheet_gives_the_same_suggestions_with_its_row_numbers(tmp_path):
    path = partly_coded(tmp_path)
    book = tmp_path / "sheet.xlsx"
    pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig").to_excel(book, index=False,
                                                                                        sheet_name="coding")
    from_csv = suggestion_table(path, CORPUS, n=10, coder=simulation_coder())
    from_xlsx = suggestion_table(book, CORPUS, n=10, coder=simulation_coder())
    pd.testing.assert_frame_equal(from_xlsx, from_csv)  # header in row 1, as in the CSV: same line numbers


def test_all_uncoded_rows_can_be_asked_for(tmp_path):
    path = partly_coded(tmp_path)
    n_uncoded = int((pd.read_csv(path, dtype=str, keep_default_na=False)["stance"] == "").sum())
    out = suggestion_table(path, CORPUS, n=n_uncoded, coder=simulation_coder())
    assert out["sent_id"].is_unique and len(out) == n_uncoded


def test_diversity_guard_defers_near_copies():
    texts = ["Cities must cut ties now.", "Cities must cut ties now!", "The festival is in May.", "Keep ties."]
    assert diverse_order(texts, [0.9, 0.8, 0.5, 0.1]).tolist() == [0, 2, 3, 1]
    assert diverse_order(texts, [0.9, 0.8, 0.5, 0.1], max_similarity=1.0).tolist() == [0, 1, 2, 3]
    ties = [diverse_order(["a b", "c d", "e f"], [0.5, 0.5, 0.5], random_state=s).tolist() for s in range(6)]
    assert len({tuple(t) for t in ties}) > 1  # ties in a seeded random order


def _errors(tmp_path, capsys, path, *extra) -> list[str]:
    out = tmp_path / "next.csv"
    assert main(["suggest", str(path), str(CORPUS), "-o", str(out), *extra]) == 1
    assert not out.exists()
    return capsys.readouterr().err.splitlines()


def test_refuses_a_sheet_out_of_step_with_the_corpus(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def edit(sheet):
        sheet.loc[0, "text"] = "A sentence that is not in the corpus."  # coded row
        sheet.loc[len(sheet) - 1, "text"] = "Nor is this one."  # uncoded row
        sheet.loc[len(sheet) - 2, "sent_id"] = "no-such-sentence-999"

    err = _errors(tmp_path, capsys, partly_coded(tmp_path, edit=edit), "-n", "5")
    n = len(consensus())
    assert err[:3] == [
        "sheet.csv:2: hash: madrid-latimes-001: the sentence text changed since this sheet was made; reanchor cannot "
        "place it (no current sentence holds its text): code the current sentence again and delete this row",
        f"sheet.csv:{n}: sent_id: 'no-such-sentence-999' is not a sentence of the current corpus (run reanchor)",
        f"sheet.csv:{n + 1}: hash: {consensus()['sent_id'].iloc[-1]}: the sentence text changed since this sheet "
        "was made (run reanchor)",
    ]
    assert err[-1] == "3 problem(s) found"


def test_refuses_a_sheet_with_nothing_coded(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = _errors(tmp_path, capsys, partly_coded(tmp_path, keep=0), "-n", "5")
    assert err[0] == ("sheet.csv: stance: code at least 2 sentences of each of two stances before asking for "
                      "suggestions (coded so far: none)")


def test_refuses_n_out_of_range(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = partly_coded(tmp_path)
    n_uncoded = int((pd.read_csv(path, dtype=str, keep_default_na=False)["stance"] == "").sum())
    for n in ("0", str(n_uncoded + 1)):
        err = _errors(tmp_path, capsys, path, "-n", n)
        assert err[0] == (f"sheet.csv: -n: must be a whole number from 1 to {n_uncoded} (the uncoded rows of this "
                          f"sheet), got {n}")


def test_cli_writes_suggestions_and_never_overwrites(tmp_path, capsys):
    path = partly_coded(tmp_path)
    out = tmp_path / "next.csv"
    assert main(["suggest", str(path), str(CORPUS), "-n", "4", "-o", str(out)]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == list(SUGGESTION_COLUMNS) and len(table) == 4
    assert main(["suggest", str(path), str(CORPUS), "-n", "4", "-o", str(out)]) == 1
    assert "exists" in capsys.readouterr().err


# ------------------------------------------------------------------ simulation


def test_simulation_frame_is_tidy_and_seeded():
    sheet = consensus()
    args = (list(sheet["text"]), list(sheet["stance"]), list(sheet["doc_id"]))
    curve = active_learning_curve(*args, start=10, batch=30, max_coded=70, seeds=(0, 1))
    assert list(curve.columns) == list(CURVE_COLUMNS)
    assert curve["n_coded"].unique().tolist() == [10, 40, 70]
    assert len(curve) == 2 * 2 * 3 and curve["kappa"].between(-1, 1).all()
    pd.testing.assert_frame_equal(curve, active_learning_curve(*args, start=10, batch=30, max_coded=70, seeds=(0, 1)))
    # same start set for both strategies: equal at the first step
    first = curve[curve["n_coded"] == 10].pivot(index="seed", columns="strategy", values="kappa")
    np.testing.assert_allclose(first["random"], first["uncertainty"])
    summary = curve_summary(curve)
    assert summary["n_seeds"].eq(2).all() and len(summary) == 2 * 2 * 3
    ax = plot_active_learning(summary)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["uncertainty order", "random order"]
    with pytest.raises(ValueError, match="strategies"):
        active_learning_curve(*args, strategies=("greedy",))
