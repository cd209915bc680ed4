"""``python -m analysis import``: a mixed folder in, a valid corpus folder out."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis.cli import main
from analysis.corpus import DOCUMENT_COLUMNS, read_corpus
from analysis.ingest import examples as ex
from analysis.ingest.build import IMPORT_COLUMNS, import_sources
from analysis.ingest.duplicates import mark_reprints
from analysis.ingest.language import looks_english


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    ex.write_example_sources(folder)
    (folder / "scan.pdf").unlink()
    return folder


def test_example_sources_are_byte_stable(tmp_path):
    a = ex.write_example_sources(tmp_path / "a")
    b = ex.write_example_sources(tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_import_writes_a_valid_corpus(sources, tmp_path, capsys):
    out = tmp_path / "corpus"
    assert main(["import", str(sources), "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert list(docs.columns[: len(IMPORT_COLUMNS)]) == list(IMPORT_COLUMNS)
    assert list(IMPORT_COLUMNS[: len(DOCUMENT_COLUMNS)]) == list(DOCUMENT_COLUMNS)
    assert len(docs) == 13 and docs["doc_id"].is_unique
    corpus = read_corpus(out)
    page = corpus.text("page")
    for _, text in ex.PAGE["blocks"]:
        assert text in page
    assert not any(junk in page for junk in ex.BOILERPLATE)
    row = docs.set_index("doc_id")
    assert row.at["page", "source_file"] == "sources/page.html" and row.at["page", "format"] == "html"
    assert row.at["nexis-download-002", "source_index"] == "2"
    assert row.at["nexis-download-002", "author"] == "" and "author" in row.at["nexis-download-002", "flags"]
    assert row.at["resolution", "format"] == "pdf" and ex.PDF_MENDED in corpus.text("resolution")
    assert (row["genre"] == "").all()  # never guessed
    err = capsys.readouterr().err
    assert "imported 13 documents from 9 file(s)" in err
    assert "1 marked as reprints (0 exact, 1 near-duplicate), 1 probably not English, 0 not imported" in err


def test_duplicates_marked_and_summarised(sources, tmp_path):
    result = import_sources([sources], tmp_path / "c")
    docs = result.documents.set_index("doc_id")
    assert docs.at["feed-001", "reprint_of"] == "mediacloud-export-001"  # the later wire copy
    assert (docs["reprint_of"] != "").sum() == 1
    assert result.log["message"].str.startswith("reprint of mediacloud-export-001: near-duplicate").any()


def test_mark_reprints_exact_later_date_and_chains():
    text = "Cities should keep their ties with the towns of the partner country, the mayor said on Monday."
    rows = [{"doc_id": "b", "date": "2022-03-05", "text": text},
            {"doc_id": "a", "date": "2022-03-01", "text": text.upper()},
            {"doc_id": "c", "date": "", "text": text + " Nothing else."},
            {"doc_id": "d", "date": "", "text": "A wholly different text about libraries and their opening hours."}]
    found = {d: (s, k) for d, s, _, k in mark_reprints(rows)}
    assert found == {"b": ("a", "exact"), "c": ("a", "near")}


def test_non_english_text_is_flagged_and_imported(sources, tmp_path):
    result = import_sources([sources], tmp_path / "c")
    flagged = result.log[result.log["message"].str.startswith("probably not English")]
    assert list(flagged["doc_id"]) == ["stadtrat"]
    assert "stadtrat" in set(result.documents["doc_id"])
    assert looks_english(ex.PAGE["blocks"][1][1] * 2)


def test_bad_file_stops_the_import_and_leaves_nothing(sources, tmp_path, capsys):
    (sources / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    out = tmp_path / "corpus"
    assert main(["import", str(sources), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "sources/broken.docx: docx: not a readable .docx file" in err and "Traceback" not in err
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["sources"]


def test_keep_going_imports_the_good_and_reports_the_bad(sources, tmp_path, capsys):
    ex.write_example_sources(tmp_path / "more")  # has scan.pdf (no text layer)
    out = tmp_path / "corpus"
    assert main(["import", str(tmp_path / "more" / "scan.pdf"), str(sources / "page.html"), "-o", str(out),
                 "--keep-going"]) == 0
    err = capsys.readouterr().err
    assert "scan.pdf: pdf: no text layer" in err and "needs OCR" in err
    log = pd.read_csv(out / "import-log.csv", dtype=str, keep_default_na=False)
    assert (log["level"] == "error").sum() == 1
    assert list(read_corpus(out).documents["doc_id"]) == ["page"]


def test_nothing_imported_exits_non_zero(tmp_path, capsys):
    (tmp_path / "empty.rtf").write_bytes(b"")
    assert main(["import", str(tmp_path / "empty.rtf"), "-o", str(tmp_path / "c"), "--keep-going"]) == 1
    assert "empty.rtf: rtf: the file is empty" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


def test_existing_folder_needs_force(sources, tmp_path, capsys):
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["import", str(sources / "page.html"), "-o", str(out)]) == 1
    assert "use --force" in capsys.readouterr().err and (out / "mine.txt").exists()
    assert main(["import", str(sources / "page.html"), "-o", str(out), "--force"]) == 0
    assert not (out / "mine.txt").exists() and (out / "raw" / "page.txt").exists()
    assert main(["import", str(sources), "-o", str(sources / "inside"), "--force"]) == 1
    assert "must be apart from the source" in capsys.readouterr().err


def test_text_col_and_meta_cols_from_the_command_line(tmp_path):
    src = tmp_path / "units.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerows([["story_id", "body", "lang"], ["s1", "The council kept its twin.", "en"],
                     ["s2", "The council ended the twinning.", "en"]])
    out = tmp_path / "c"
    assert main(["import", str(src), "-o", str(out), "--text-col", "body", "--meta-cols", "story_id,lang"]) == 0
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert list(docs["story_id"]) == ["s1", "s2"] and list(docs["lang"]) == ["en", "en"]
    assert (out / "raw" / "units-002.txt").read_text(encoding="utf-8") == "The council ended the twinning.\n"


def test_unknown_format_named_explicitly_is_an_error_but_skipped_in_a_folder(tmp_path, capsys):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "notes.xyz").write_text("x", encoding="utf-8")
    (folder / "~$draft.docx").write_bytes(b"lock")
    (folder / "a.txt").write_text("The council kept its twin.\n", encoding="utf-8")
    assert main(["import", str(folder), "-o", str(tmp_path / "c")]) == 0
    log = pd.read_csv(tmp_path / "c" / "import-log.csv", dtype=str, keep_default_na=False)
    assert "skipped: .xyz is not a format it reads" in set(log["message"])
    assert main(["import", str(folder / "notes.xyz"), "-o", str(tmp_path / "d")]) == 1
    assert "notes.xyz: file: unknown format .xyz" in capsys.readouterr().err


def test_bad_rows_and_articles_are_named_by_line_and_index(tmp_path, capsys):
    (tmp_path / "e.csv").write_text("title,text\nA,Some text here.\nB,\n", encoding="utf-8")
    broken = ex.nexis_text() + "Broken article\nThe Example Gazette\nMarch 9, 2022\n\nBody\n\nEnd of Document\n"
    (tmp_path / "n.txt").write_text(broken, encoding="utf-8")
    args = ["import", str(tmp_path / "e.csv"), str(tmp_path / "n.txt"), "-o", str(tmp_path / "c")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "e.csv:3: csv: the 'text' cell is empty" in err
    assert "n.txt: nexis: article 3: the article has no body text" in err
    assert not (tmp_path / "c").exists()
    assert main([*args, "--keep-going"]) == 0
    assert list(read_corpus(tmp_path / "c").documents["doc_id"]) == ["e-001", "n-001", "n-002"]
