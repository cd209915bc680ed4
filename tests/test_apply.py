"""`python -m analysis code`: inputs, training on any labelled CSV, and its errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.apply import REVIEW_THRESHOLD, code_input, default_training, predict_table
from analysis.cli import main
from analysis.errors import CorpusError

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"

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
    assert list(out.columns) == ["id", "body", "predicted", "confidence", "needs_review"]
    assert out["needs_review"].tolist() == (out["confidence"] < REVIEW_THRESHOLD).tolist()
    assert list(out["id"]) == ["7", "3"]  # input order, ids kept as written
    assert set(out["predicted"]) <= {"FAVOR", "AGAINST", "NONE"}


def test_codes_a_txt_file_with_the_shipped_coding(tmp_path):
    text = tmp_path / "oped.txt"
    text.write_text("The council voted to sever ties with its Russian sister city. It rained.\n", encoding="utf-8")
    out = code_input(text, coder="dictionary")
    assert list(out["sent_id"]) == ["oped-001", "oped-002"]
    assert list(out["predicted"]) == ["DISENGAGE", "NEUTRAL"]


def test_codes_a_web_page_and_a_word_file_as_import_reads_them(tmp_path):
    from analysis.ingest import examples as ex

    (tmp_path / "page.html").write_text(ex.page_html(), encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(ex.docx_bytes())
    for name in ("page.html", "notes.docx"):
        out = code_input(tmp_path / name, coder="dictionary")
        stem = name.split(".")[0]
        assert len(out) > 2 and (out["doc_id"] == stem).all() and out["sent_id"].iloc[0] == f"{stem}-001"
        assert not out["text"].str.contains("cookies|Share on|<", regex=True).any()  # the page's boilerplate is gone
    (tmp_path / "notes.doc").write_bytes(b"old")
    with pytest.raises(CorpusError, match=r"notes\.doc: file: INPUT must be .*\.docx"):
        code_input(tmp_path / "notes.doc", coder="dictionary")


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


def test_needs_review_follows_the_threshold(tmp_path, capsys):
    train = tmp_path / "train.csv"
    TRAIN.to_csv(train, index=False)
    units = tmp_path / "units.csv"
    pd.DataFrame({"body": ["We oppose it.", "We favour it.", "Lunch is at noon."]}).to_csv(units, index=False)
    out = tmp_path / "coded.csv"
    args = ["code", str(units), "--train", str(train), "--text-col", "body", "--label-col", "tag", "--coder", "logreg"]
    assert main([*args, "-o", str(out), "--review-threshold", "1.0"]) == 0
    assert pd.read_csv(out)["needs_review"].all()
    assert main([*args, "-o", str(out), "--force", "--review-threshold", "0"]) == 0
    assert not pd.read_csv(out)["needs_review"].any()
    assert "flagged needs_review" in capsys.readouterr().err
    with pytest.raises(ValueError, match="review_threshold"):
        code_input(units, train=train, text_col="body", label_col="tag", review_threshold=2)


def test_predict_table_flags_missing_confidence():
    from sklearn.base import BaseEstimator, ClassifierMixin

    class NoProba(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            self.classes_ = sorted(set(y))
            return self

        def predict(self, texts):
            return ["A"] * len(texts)

    out = predict_table(NoProba().fit(["x"], ["A"]), pd.DataFrame({"text": ["x"]}), review_threshold=0.5)
    assert out["needs_review"].tolist() == [True]


def test_help_says_what_the_default_coder_is_trained_on(capsys):
    with pytest.raises(SystemExit):
        main(["code", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "consensus coding" in text and "synthetic" in text and "analysis/data/MODEL_CARD.md" in text


def test_default_training_adds_synthetic_sentences_when_present(tmp_path, monkeypatch):
    import types

    texts, labels, groups = default_training(SAMPLE_CORPUS, synthetic=tmp_path)  # no sentences.csv: corpus only
    (tmp_path / "sentences.csv").write_text("synth_id,text,label\n", encoding="utf-8")
    fake = types.ModuleType("analysis.training")
    fake.read_training_set = lambda path: pd.DataFrame({"synth_id": ["s1", "s2"], "text": ["Keep ties.", "Cut ties."],
                                                        "label": ["ENGAGE", "DISENGAGE"]})
    monkeypatch.setitem(sys.modules, "analysis.training", fake)
    more_texts, more_labels, more_groups = default_training(SAMPLE_CORPUS, synthetic=tmp_path)
    assert more_texts == texts + ["Keep ties.", "Cut ties."] and more_labels == labels + ["ENGAGE", "DISENGAGE"]
    assert more_groups[:len(groups)] == groups and len(set(more_groups[len(groups):])) == 1
    assert set(more_groups[len(groups):]).isdisjoint(groups)
    assert "madrid-latimes" in groups  # documents, reprints merged into the text they reprint


def test_default_classifier_codes_a_txt_file(tmp_path):
    text = tmp_path / "oped.txt"
    text.write_text("The mayor said the city would keep its sister-city ties with ordinary Russians. "
                    "The exchange began in 1989.\n", encoding="utf-8")
    out = code_input(text)
    assert list(out.columns) == ["doc_id", "sent_id", "text", "predicted", "confidence", "needs_review"]
    assert set(out["predicted"]) <= {"ENGAGE", "DISENGAGE", "NEUTRAL"}
    assert out["confidence"].between(0, 1).all()
