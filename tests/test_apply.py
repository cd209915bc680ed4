"""`python -m analysis code`: inputs, training on any labelled CSV, and its errors."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis.apply import code_input
from analysis.cli import main
from analysis.errors import CorpusError

TRAIN = pd.DataFrame({
    "body": ["We favour the plan.", "We support the plan fully.", "I favour this idea.", "Support it now.",
             "We oppose the plan.", "I am against this plan.", "Oppose it now.", "We are against the idea.",
             "The meeting is on Monday.", "It rained in the city.", "The report has ten pages.", "Lunch is at noon."],
    "tag": ["FAVOR"] * 4 + ["AGAINST"] * 4 + ["NONE"] * 4,
})


def test_codes_a_csv_with_a_user_label_set(tmp_path):
    train = tmp_path / "train.csv"
    TRAIN.to_csv(train, index=False)
    units = tmp_path / "units.csv"
    pd.DataFrame({"id": [7, 3], "body": ["We oppose it.", "We favour it."]}).to_csv(units, index=False)
    out = code_input(units, train=train, text_col="body", label_col="tag")
    assert list(out.columns) == ["id", "body", "predicted", "confidence"]
    assert list(out["id"]) == ["7", "3"]  # input order, ids kept as written
    assert set(out["predicted"]) <= {"FAVOR", "AGAINST", "NONE"}


def test_codes_a_txt_file_with_the_shipped_coding(tmp_path):
    text = tmp_path / "oped.txt"
    text.write_text("The council voted to sever ties with its Russian sister city. It rained.\n", encoding="utf-8")
    out = code_input(text, coder="dictionary")
    assert list(out["sent_id"]) == ["oped-001", "oped-002"]
    assert list(out["predicted"]) == ["DISENGAGE", "NEUTRAL"]


@pytest.mark.parametrize(
    "rows, expected",
    [
        ({"body": ["a", "b"], "tag": ["X", "X"]}, "tag: "),
        ({"body": ["a", "b", "c"], "tag": ["X", "X", "Y"]}, ":4: tag: "),
    ],
)
def test_training_data_that_cannot_be_learnt(tmp_path, rows, expected):
    train = tmp_path / "train.csv"
    pd.DataFrame(rows).to_csv(train, index=False)
    with pytest.raises(CorpusError) as info:
        code_input(_units(tmp_path), train=train, text_col="body",
                   label_col="tag")
    assert expected in str(info.value)


def _units(tmp_path):
    path = tmp_path / "units.csv"
    pd.DataFrame({"body": ["x"]}).to_csv(path, index=False)
    return path


def test_cli_errors_name_the_columns_found_and_never_overwrite(tmp_path, capsys):
    units = tmp_path / "units.csv"
    pd.DataFrame({"sentence": ["Cut ties now."]}).to_csv(units, index=False)
    assert main(["code", str(units), "--coder", "dictionary"]) == 1
    err = capsys.readouterr().err
    assert "units.csv:1: text: " in err and "sentence" in err
    out = tmp_path / "coded.csv"
    out.write_text("keep me", encoding="utf-8")
    assert main(["code", str(units), "--text-col", "sentence", "--coder", "dictionary", "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "keep me"


def test_cli_bad_encoding_without_traceback(tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_bytes("text\nCaf\u00e9 ties.\n".encode("latin-1"))
    run = subprocess.run([sys.executable, "-m", "analysis", "code", str(bad), "--coder", "dictionary"],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "units.csv:2: encoding: not UTF-8" in run.stderr


@pytest.mark.parametrize("content, expected", [
    ("text\n", "units.csv: text: nothing to code: INPUT holds no text units"),
    ("text,predicted\nCut ties now.,ENGAGE\n", "units.csv:1: predicted: INPUT already has this column (is it coded "
     "output?); rename or drop it, the coder writes its own"),
])
def test_nothing_to_code_or_a_coded_file_is_one_line(tmp_path, monkeypatch, capsys, content, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "units.csv").write_text(content, encoding="utf-8")
    assert main(["code", "units.csv", "--coder", "dictionary", "-o", "out.csv"]) == 1
    assert capsys.readouterr().err.split("\n")[0] == expected
    assert not (tmp_path / "out.csv").exists()
