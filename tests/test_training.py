"""Training sets written for the project: checks with FILE:LINE: FIELD, agreed rows only, the shipped set."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import CorpusError
from analysis.training import (
    COLUMNS,
    LABELS,
    SYNTHETIC_DIR,
    blind_sheet,
    check_training_set,
    is_training_folder,
    merge_second_coding,
    read_training_set,
    training_agreement,
)


def _row(n, text, writer="ENGAGE", second="", label="", synthetic="yes"):
    return {"synth_id": f"syn-{n:04d}", "text": text, "label": label, "label_writer": writer,
            "label_second": second, "conflict": "none", "place": "Fictional", "genre": "op-ed",
            "voice": "author", "features": "", "synthetic": synthetic}


GOOD = [
    _row(1, "Our town should keep writing to its partner city.", "ENGAGE", "ENGAGE", "ENGAGE"),
    _row(2, "The council voted to suspend the twinning.", "DISENGAGE", "DISENGAGE", "DISENGAGE"),
    _row(3, "The partnership was signed in 1991.", "NEUTRAL", "ENGAGE", ""),
    _row(4, "The committee meets on Thursdays.", "NEUTRAL", "", ""),
]


def _write(folder, rows, columns=COLUMNS):
    folder.mkdir(exist_ok=True)
    with open(folder / "sentences.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_read_returns_only_agreed_rows(tmp_path):
    folder = _write(tmp_path / "set", GOOD)
    agreed = read_training_set(folder)
    assert agreed["synth_id"].tolist() == ["syn-0001", "syn-0002"]
    assert agreed["label"].tolist() == ["ENGAGE", "DISENGAGE"]
    assert list(agreed.columns) == list(COLUMNS)
    assert len(read_training_set(folder, agreed_only=False)) == 4


@pytest.mark.parametrize("bad_row, line, field, words", [
    (_row(5, "A new sentence.", writer="FAVOR"), 6, "label_writer", "unknown label 'FAVOR'"),
    (_row(5, "   ", writer="NEUTRAL"), 6, "text", "is empty"),
    (_row(1, "Another new sentence."), 6, "synth_id", "syn-0001 repeats line 2"),
    (_row(5, "the council voted to SUSPEND the twinning!"), 6, "text", "repeats the sentence on line 3"),
    (_row(5, "A fresh sentence.", synthetic="no"), 6, "synthetic", "must be 'yes'"),
    (_row(5, "A sentence with a label.", "ENGAGE", "NEUTRAL", "ENGAGE"), 6, "label", "do not both give it"),
    (_row(5, "No writer label here.", writer=""), 6, "label_writer", "is empty"),
    ({**_row(5, "Bad id."), "synth_id": "s5"}, 6, "synth_id", "not of the form"),
])
def test_bad_rows_are_reported_with_file_line_field(tmp_path, bad_row, line, field, words):
    folder = _write(tmp_path / "set", [*GOOD, bad_row])
    with pytest.raises(CorpusError) as info:
        read_training_set(folder)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message
    assert str(problem).startswith(f"{problem.file}:{line}: {field}: ")


def test_every_problem_is_collected_and_a_missing_column_is_named(tmp_path):
    folder = _write(tmp_path / "set", [*GOOD, _row(5, "", writer="X"), _row(6, "Fine.", synthetic="")])
    _, problems = check_training_set(folder)
    assert [(p.line, p.field) for p in problems] == [(6, "text"), (6, "label_writer"), (7, "synthetic")]
    columns = [c for c in COLUMNS if c != "synthetic"]
    folder = _write(tmp_path / "short", GOOD, columns)
    with pytest.raises(CorpusError, match=r"sentences.csv:1: header: missing column\(s\): synthetic"):
        read_training_set(folder)


def test_agreement_summary_and_merge_of_a_blind_coding(tmp_path):
    frame = read_training_set(_write(tmp_path / "set", GOOD), agreed_only=False)
    summary = training_agreement(frame)
    assert (summary["n"], summary["n_second"], summary["n_agreed"]) == (4, 3, 2)
    assert summary["percent_agreement"] == pytest.approx(2 / 3)
    assert summary["labels"] == {"ENGAGE": 1, "DISENGAGE": 1, "NEUTRAL": 0}
    coded = pd.DataFrame({"synth_id": ["syn-0004", "syn-0003"], "label": ["NEUTRAL", "NEUTRAL"]})
    merged = merge_second_coding(frame, coded)
    assert merged["label"].tolist() == ["", "", "NEUTRAL", "NEUTRAL"]  # 1 and 2 not in this coding
    with pytest.raises(ValueError, match="unknown synth_id"):
        merge_second_coding(frame, pd.DataFrame({"synth_id": ["syn-9999"], "label": ["NEUTRAL"]}))


def test_blind_sheet_hides_labels_and_is_seeded(tmp_path):
    frame = read_training_set(_write(tmp_path / "set", GOOD), agreed_only=False)
    one, two = blind_sheet(frame), blind_sheet(frame)
    assert list(one.columns) == ["synth_id", "text"]
    assert one.equals(two) and sorted(one["synth_id"]) == sorted(frame["synth_id"])


def test_cli_validate_checks_a_training_folder(tmp_path, capsys):
    folder = _write(tmp_path / "set", GOOD)
    assert is_training_folder(folder)
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "valid training set: 4 sentences, 3 coded blind by a second coder, 2 agreed" in out
    _write(folder, [*GOOD, _row(5, "Bad.", writer="MAYBE")])
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "sentences.csv:6: label_writer: unknown label 'MAYBE'" in err and "Traceback" not in err


def test_shipped_synthetic_set_is_valid_large_and_marked():
    frame, problems = check_training_set(SYNTHETIC_DIR)
    assert problems == []
    assert len(frame) >= 1600
    assert set(frame["synthetic"]) == {"yes"}
    assert set(frame["label_writer"]) == set(LABELS)
    shares = frame["label_writer"].value_counts(normalize=True)
    assert all(0.25 <= shares[label] <= 0.40 for label in LABELS)
    blind = pd.read_csv(SYNTHETIC_DIR / "blind.csv", keep_default_na=False)
    assert list(blind.columns) == ["synth_id", "text"]
    assert sorted(blind["synth_id"]) == sorted(frame["synth_id"])
    assert dict(zip(blind["synth_id"], blind["text"])) == dict(zip(frame["synth_id"], frame["text"]))
    assert (SYNTHETIC_DIR / "README.md").is_file()
