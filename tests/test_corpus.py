"""The corpus loader and `python -m analysis validate`: every bad input named."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.clean import clean_text
from analysis.cli import main
from analysis.corpus import DOCUMENT_COLUMNS, check_corpus, decode_text, read_corpus
from analysis.errors import CorpusError, display_path
from analysis.sentences import split_sentences
from conftest import SAMPLE, make_corpus


def problems_of(folder):
    _, problems = check_corpus(folder)
    return [str(p) for p in problems]


def test_sample_corpus_is_valid_and_complete(sample_corpus):
    docs = sample_corpus.documents
    assert list(docs["doc_id"]) == [
        "madrid-latimes", "grassrootslab-madrid", "kristmanson-cpdblog", "news-sister-cities", "amiri-cpdblog",
    ]
    assert list(docs.columns[: len(DOCUMENT_COLUMNS)]) == list(DOCUMENT_COLUMNS)
    row = docs.set_index("doc_id")
    assert row.at["grassrootslab-madrid", "reprint_of"] == "madrid-latimes"
    assert row.at["kristmanson-cpdblog", "reply_to"] == "amiri-cpdblog"
    # Never invented: no date where the text prints none; conflicts flagged.
    assert row.at["madrid-latimes", "date"] == ""
    assert row.at["news-sister-cities", "author"] == ""
    assert "date" in row.at["amiri-cpdblog", "flags"].split(";")
    assert row.at["amiri-cpdblog", "date_printed"] == "Aug 08, 2022"


def test_raw_layer_is_a_byte_copy_of_the_seeds(sample_corpus):
    seeds = SAMPLE.parent.parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    for file in sample_corpus.documents["file"]:
        assert (SAMPLE / file).read_bytes() == (seeds / file.split("/")[-1]).read_bytes()


def test_folder_of_txt_files_without_table(tmp_path):
    folder = make_corpus(tmp_path / "plain", table=False)
    corpus = read_corpus(folder)
    assert list(corpus.documents["doc_id"]) == ["alpha", "beta", "gamma"]
    assert set(corpus.documents["author"]) == {""}
    assert dict(corpus.texts())["beta"].startswith("Towns cut ties.")


def test_texts_are_read_one_at_a_time(sample_corpus):
    it = sample_corpus.texts()
    doc_id, text = next(it)
    assert doc_id == "madrid-latimes" and text.startswith("In 1956")


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([{"doc_id": "alpha", "file": "raw/alpha.txt"}, {"doc_id": "alpha", "file": "raw/beta.txt"}],
         "documents.csv:3: doc_id: duplicate 'alpha' (first on line 2)"),
        ([{"doc_id": "alpha", "file": "raw/missing.txt"}],
         "documents.csv:2: file: "),
        ([{"doc_id": "alpha", "file": "/etc/passwd"}],
         "documents.csv:2: file: '/etc/passwd' is an absolute path"),
        ([{"doc_id": "alpha", "file": "../outside.txt"}],
         "documents.csv:2: file: '../outside.txt' points outside the corpus folder"),
        ([{"doc_id": "alpha", "file": "raw/alpha.txt", "date": "03/03/2022"}],
         "documents.csv:2: date: expected YYYY-MM-DD, got '03/03/2022'"),
        ([{"doc_id": "alpha", "file": "raw/alpha.txt", "date": "2022-02-30"}],
         "documents.csv:2: date: expected YYYY-MM-DD, got '2022-02-30'"),
        ([{"doc_id": "alpha", "file": "raw/alpha.txt", "reply_to": "zeta"}],
         "documents.csv:2: reply_to: names unknown document 'zeta'"),
        ([{"doc_id": "alpha", "file": "raw/alpha.txt", "sha256": "0" * 64}],
         "documents.csv:2: sha256: "),
        ([{"doc_id": "has space", "file": "raw/alpha.txt"}],
         "documents.csv:2: doc_id: 'has space': use letters"),
    ],
)
def test_each_bad_table_row_is_named(tmp_path, rows, expected):
    folder = make_corpus(tmp_path / "bad", rows=rows)
    found = problems_of(folder)
    assert any(expected in p for p in found), found


def test_missing_file_message_names_the_file(tmp_path):
    folder = make_corpus(tmp_path / "bad", rows=[{"doc_id": "a", "file": "raw/missing.txt"}])
    assert any("raw/missing.txt does not exist" in p for p in problems_of(folder))


def test_missing_columns_listed_with_those_found(tmp_path):
    folder = make_corpus(tmp_path / "c")
    (folder / "documents.csv").write_text("id,path\nalpha,raw/alpha.txt\n", encoding="utf-8")
    (msg,) = problems_of(folder)
    assert msg.endswith("documents.csv:1: header: missing column(s) doc_id, file; found: id, path")


def test_not_utf8_says_where(tmp_path):
    folder = make_corpus(tmp_path / "c")
    (folder / "raw" / "beta.txt").write_bytes("Line one.\nCaf\u00e9 two.\n".encode("latin-1"))
    (folder / "documents.csv").write_text("doc_id,file\nbeta,raw/beta.txt\n", encoding="utf-8")
    (msg,) = problems_of(folder)
    assert msg.endswith("raw/beta.txt:2: encoding: not UTF-8: byte 0xe9 at column 4 (save the file as UTF-8)")


def test_empty_text(tmp_path):
    folder = make_corpus(tmp_path / "c")
    (folder / "raw" / "gamma.txt").write_text("  \n\n", encoding="utf-8")
    (folder / "documents.csv").write_text("doc_id,file\ngamma,raw/gamma.txt\n", encoding="utf-8")
    assert any(p.endswith("raw/gamma.txt: text: the file is empty") for p in problems_of(folder))


def test_every_problem_reported_not_only_the_first(tmp_path):
    rows = [
        {"doc_id": "alpha", "file": "raw/alpha.txt", "date": "yesterday"},
        {"doc_id": "alpha", "file": "raw/beta.txt"},
        {"doc_id": "gamma", "file": "../x.txt", "reply_to": "nobody"},
    ]
    folder = make_corpus(tmp_path / "bad", rows=rows)
    found = problems_of(folder)
    assert len(found) == 4, found


def test_edited_raw_file_breaks_the_checksum(sample_copy):
    path = sample_copy / "raw" / "003_4f9fa82647f18918.txt"
    path.write_bytes(path.read_bytes().replace(b"Chicago", b"Boston"))
    (found,) = problems_of(sample_copy)
    assert "documents.csv:5: sha256: " in found
    assert found.endswith("raw/003_4f9fa82647f18918.txt no longer matches its checksum (the raw text was edited)")


def test_multiline_notes_keep_line_numbers_right(tmp_path):
    folder = make_corpus(tmp_path / "c")
    (folder / "documents.csv").write_text(
        'doc_id,file,notes\nalpha,raw/alpha.txt,"two\nlines"\nbeta,raw/beta.txt,\nbeta,raw/gamma.txt,\n',
        encoding="utf-8",
    )
    assert any(p.endswith("documents.csv:5: doc_id: duplicate 'beta' (first on line 4)") for p in problems_of(folder))


def test_read_corpus_raises_with_all_problems(tmp_path):
    folder = make_corpus(tmp_path / "bad", rows=[{"doc_id": "a", "file": "x.txt"}, {"doc_id": "b", "file": "y.txt"}])
    with pytest.raises(CorpusError) as info:
        read_corpus(folder)
    assert len(info.value.problems) == 2


def test_validate_command_ok(capsys):
    assert main(["validate", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "valid: 5 documents" in out and out.count("\n") == 1


def test_validate_command_bad_input_exit_1_no_traceback(tmp_path):
    folder = make_corpus(tmp_path / "bad", rows=[{"doc_id": "a", "file": "../x.txt", "date": "May"}])
    run = subprocess.run([sys.executable, "-m", "analysis", "validate", str(folder)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert any(": date: expected YYYY-MM-DD, got 'May'" in line for line in lines)
    assert any(": file: '../x.txt' points outside" in line for line in lines)


def test_missing_folder(capsys):
    assert main(["validate", "no/such/folder"]) == 1
    assert "no/such/folder: folder: does not exist" in capsys.readouterr().err


def test_sha256_in_table_matches_files(sample_corpus):
    for row in sample_corpus.documents.itertuples():
        assert hashlib.sha256((SAMPLE / row.file).read_bytes()).hexdigest() == row.sha256


def test_csv_records_keep_real_lines(tmp_path):
    from analysis.corpus import read_csv_records

    path = tmp_path / "t.csv"
    path.write_bytes('\ufeffa,b\n1,"two\nlines"\n\n3,x\n'.encode("utf-8"))
    header, records = read_csv_records(path)
    assert header == ["a", "b"]
    assert [(line, rec[0]) for line, rec in records] == [(2, "1"), (5, "3")]
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"empty.csv:1: header: the sheet is empty"):
        read_csv_records(tmp_path / "empty.csv", what="sheet")


_LINES = st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30), max_size=8)


@given(_LINES)
def test_cr_only_and_mixed_line_ends_read_as_lf(lines):
    lf = "\n".join(lines)
    want = decode_text(lf.encode("utf-8"), "x.txt")
    assert decode_text(lf.replace("\n", "\r").encode("utf-8"), "x.txt") == want
    mixed = decode_text(lf.replace("\n", "\r\n", 1).encode("utf-8"), "x.txt")
    assert mixed.replace("\r\n", "\n") == want and len(mixed) == len(lf) + (1 if "\n" in lf else 0)


def test_cr_only_text_splits_into_the_same_sentences():
    raw = "A headline\n\nThe first sentence. The second one\nruns on.\n\nA new paragraph.\n"
    lf = split_sentences(clean_text(decode_text(raw.encode(), "x.txt")), "d")
    cr = split_sentences(clean_text(decode_text(raw.replace("\n", "\r").encode(), "x.txt")), "d")
    pd.testing.assert_frame_equal(lf, cr)


@pytest.mark.parametrize("data, expected", [
    (b"one\ntwo\x00three", "x.txt:2: encoding: control character U+0000 (NUL) at column 4; a text file has none "
                           "(was it saved as UTF-16, or is it not text?)"),
    (b"ok\n\x1b[1mbold", "x.txt:2: encoding: control character U+001B at column 1; a text file has none (remove it)"),
    ("a\u0093b".encode(), "x.txt:1: encoding: control character U+0093 at column 2; a text file has none (remove it)"),
])
def test_control_characters_refused_with_line_and_column(data, expected):
    with pytest.raises(CorpusError) as info:
        decode_text(data, "x.txt")
    assert str(info.value) == expected


@pytest.mark.parametrize("page", [
    b"<!DOCTYPE html>\n<html><body><p>Keep ties.</p></body></html>",
    b"\n\n<?xml version='1.0'?><doc/>",
    b"Intro\n<script>var a;</script>\nText.",
    b"<div><p>One</p><p>Two</p><p>Three</p></div>",
])
def test_markup_saved_as_text_refused_with_a_hint(page):
    with pytest.raises(CorpusError, match=r"x.txt:\d+: text: looks like an HTML/XML page .*python -m analysis import"):
        decode_text(page, "x.txt", document=True)
    assert decode_text(page, "x.txt")  # a table or codebook is not checked for markup


def test_a_few_inline_tags_are_text():
    raw = b"A title <sup>[1]</sup>\n\nSee <em>this</em>, <a href='#'>1</a> <a href='#'>2</a> <a href='#'>3</a> " \
          b"<a href='#'>4</a> <span>5</span><br><br><img src='x.png'>.\n"
    assert decode_text(raw, "x.txt", document=True) == raw.decode()


def test_header_only_table_is_not_a_valid_corpus(tmp_path):
    (tmp_path / "documents.csv").write_text("doc_id,file\n", encoding="utf-8")
    _, problems = check_corpus(tmp_path)
    assert [str(p) for p in problems] == [f"{display_path(tmp_path / 'documents.csv')}:1: rows: the table lists no "
                                          "documents (it has a header only)"]
