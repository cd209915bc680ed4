"""One reader per format, on fixture files the tests write (all text invented)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import CorpusError
from analysis.ingest import examples as ex
from analysis.ingest.html import read_html, read_mhtml
from analysis.ingest.news import split_news
from analysis.ingest.office import read_docx, read_odt, read_rtf
from analysis.ingest.pdf import read_pdf
from analysis.ingest.pdfwrite import pdf_bytes
from analysis.ingest.readers import read_source, read_text_file
from analysis.ingest.tables import read_table


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _has_all(text: str, paragraphs) -> None:
    for para in paragraphs:
        assert _norm(para) in _norm(text), para


def test_html_keeps_every_paragraph_and_heading_and_drops_boilerplate():
    (doc,) = read_html(ex.page_html(), "page.html")
    _has_all(doc.text, [t for _, t in ex.PAGE["blocks"]])
    for junk in ex.BOILERPLATE:
        assert junk not in doc.text, junk
    blocks = doc.text.split("\n\n")
    assert blocks == [t for _, t in ex.PAGE["blocks"]]  # one block each, in order
    assert doc.meta["title"] == "Twin towns at a crossroads"
    assert doc.meta["author"] == "Dana Example"  # JSON-LD
    assert doc.meta["outlet"] == "The Riverside Ledger"  # og:site_name
    assert doc.meta["date"] == "2022-03-09"  # article:published_time
    assert doc.meta["url"] == ""  # the page declares none


def test_html_without_metadata_leaves_fields_empty():
    body = "".join(f"<p>{t} It goes on for a while so that it is main text.</p>" for _, t in ex.PAGE["blocks"][1:])
    (doc,) = read_html(f"<html><body><article>{body}</article></body></html>", "bare.html")
    assert {k: v for k, v in doc.meta.items() if v} == {}


def test_mhtml_reads_the_page_inside_the_archive():
    page = ex.page_html()
    mhtml = ("From: <Saved by a browser>\nSnapshot-Content-Location: https://example.org/twins\n"
             "MIME-Version: 1.0\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"XX\"\n\n"
             "--XX\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n"
             "Content-Location: https://example.org/twins\n\n")
    import quopri

    mhtml = mhtml.encode() + quopri.encodestring(page.encode("utf-8")) + b"\n--XX--\n"
    (doc,) = read_mhtml(mhtml, "page.mhtml")
    _has_all(doc.text, [t for _, t in ex.PAGE["blocks"]])
    assert doc.format == "mhtml" and doc.meta["url"] == "https://example.org/twins"


def test_docx_paragraphs_and_core_properties():
    (doc,) = read_docx(ex.docx_bytes(), "notes.docx")
    assert doc.text.split("\n\n") == ex.WORD["paragraphs"]
    assert doc.meta["title"] == ex.WORD["title"] and doc.meta["author"] == ex.WORD["author"]
    assert doc.meta.get("date", "") == ""  # a file's creation date is not a publication date
    assert doc.meta["date_printed"] == "file created 2022-03-08"


def test_docx_without_properties_leaves_them_empty():
    import docx

    d = docx.Document()
    d.add_paragraph("Only a paragraph.")
    d.core_properties.author = ""
    d.core_properties.title = ""
    buf = io.BytesIO()
    d.save(buf)
    (doc,) = read_docx(buf.getvalue(), "bare.docx")
    assert doc.text == "Only a paragraph." and doc.meta["title"] == doc.meta["author"] == ""


def test_odt_paragraphs_and_meta():
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' \
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    content = (f'<office:document-content {ns}><office:body><office:text>'
               '<text:h>A heading</text:h><text:p>First paragraph.</text:p><text:p>Second one.</text:p>'
               '</office:text></office:body></office:document-content>')
    meta = ('<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Odt title</dc:title>'
            '</office:meta></office:document-meta>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("meta.xml", meta)
    (doc,) = read_odt(buf.getvalue(), "x.odt")
    assert doc.text == "A heading\n\nFirst paragraph.\n\nSecond one."
    assert doc.meta["title"] == "Odt title" and doc.meta["author"] == ""


def test_pdf_two_pages_with_the_page_break_mended():
    (doc,) = read_pdf(pdf_bytes(ex.PDF_PAGES, title="Resolution"), "r.pdf")
    paragraphs = doc.text.split("\n\n")
    assert ex.PDF_MENDED in paragraphs
    _has_all(doc.text, [ex.PDF_PAGES[0][0], ex.PDF_PAGES[0][1], ex.PDF_PAGES[1][1]])
    assert len(paragraphs) == 4
    assert doc.meta["title"] == "Resolution" and doc.meta["author"] == ""


@pytest.mark.parametrize("data, message", [
    (pdf_bytes([[], []], text_layer=False), "needs OCR"),
    (b"", "the file is empty"),
    (b"%PDF-1.4\nthis is not really a pdf", "not a readable PDF"),
])
def test_bad_pdfs_get_one_clear_line(data, message):
    with pytest.raises(CorpusError) as err:
        read_pdf(data, "bad.pdf")
    assert str(err.value).startswith("bad.pdf: pdf: ") and message in str(err.value)


def test_encrypted_pdf_asks_for_the_password():
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes([["Secret text."]])))
    writer.encrypt("pw", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(CorpusError, match=r"^x.pdf: pdf: encrypted: it needs a password"):
        read_pdf(buf.getvalue(), "x.pdf")


def test_rtf_paragraphs_and_info_title():
    (doc,) = read_rtf(ex.rtf_document(ex.RTF["paragraphs"], title=ex.RTF["title"]).encode(), "s.rtf")
    assert doc.text.split("\n\n") == ex.RTF["paragraphs"]
    assert doc.meta["title"] == ex.RTF["title"] and doc.meta["author"] == ""


def test_rtf_non_ascii_and_corrupt():
    (doc,) = read_rtf(ex.rtf_document(["Caf\u00e9 \u201cquoted\u201d."]).encode(), "u.rtf")
    assert doc.text == "Caf\u00e9 \u201cquoted\u201d."
    with pytest.raises(CorpusError, match=r"^c.rtf: rtf: not an RTF file"):
        read_rtf(b"hello", "c.rtf")
    with pytest.raises(CorpusError, match=r"^c.rtf: rtf: unbalanced braces"):
        read_rtf(b"{\\rtf1 {\\b cut short", "c.rtf")


def test_csv_rows_metadata_by_name_and_sniffed_delimiter_and_encoding():
    rows = ex.TABLE_ROWS
    docs = read_table(ex.csv_text(rows).encode("utf-8"), "e.csv", "csv")
    assert [d.text for d in docs] == [r["text"] for r in rows]
    assert docs[0].meta == {"title": rows[0]["title"], "outlet": "Example Wire", "date": "2022-03-10",
                            "date_printed": "2022-03-10", "url": "https://example.org/a"}
    assert docs[1].meta["outlet"] == "" and docs[1].meta["date"] == ""
    assert "author" not in docs[0].meta  # no such column: nothing filled
    semi = "title;text;note\nCaf\u00e9 news;Il \u00e9tait une fois, en ville.;x\n".encode("cp1252")
    (doc,) = read_table(semi, "s.csv", "csv", meta_cols=("note",))
    assert doc.text == "Il \u00e9tait une fois, en ville." and doc.meta["title"] == "Caf\u00e9 news"
    assert doc.extra == {"note": "x"}


def test_tsv_and_text_col_and_missing_columns():
    data = b"id\tbody\n1\tFirst text.\n2\tSecond text.\n"
    docs = read_table(data, "t.tsv", "tsv", text_col="body", meta_cols=("id",))
    assert [d.text for d in docs] == ["First text.", "Second text."] and docs[1].extra == {"id": "2"}
    with pytest.raises(CorpusError, match=r"^t.tsv: tsv: no column 'text'; found: id, body"):
        read_table(data, "t.tsv", "tsv")


def test_jsonl_and_json_records():
    data = "".join(json.dumps(r) + "\n" for r in ex.JSONL_ROWS).encode()
    docs = read_table(data, "f.jsonl", "jsonl")
    assert [d.text for d in docs] == [r["text"] for r in ex.JSONL_ROWS]
    assert docs[0].meta["title"] == ex.JSONL_ROWS[0]["headline"] and docs[0].meta["date"] == "2022-03-11"
    assert docs[1].meta["date"] == "" and docs[1].line == 2
    wrapped = json.dumps({"stories": [{"text": "A.", "authors": [{"name": "X Y"}, {"name": "Z"}]}]}).encode()
    (doc,) = read_table(wrapped, "w.json", "json")
    assert doc.meta["author"] == "X Y; Z"


def test_empty_text_cell_is_reported_with_its_line():
    docs = read_table(b"title,text\nA,Some text.\nB,\n", "e.csv", "csv")
    assert docs[0].problem == "" and docs[1].problem == "the 'text' cell is empty" and docs[1].line == 3


def test_nexis_download_split_with_header_fields():
    docs = split_news(ex.nexis_text().split("\n"), "n.txt")
    assert len(docs) == len(ex.NEXIS)
    for doc, art in zip(docs, ex.NEXIS):
        assert doc.text.split("\n\n") == art["body"]
        assert doc.meta["title"] == art["title"] and doc.meta["outlet"] == art["outlet"]
        assert doc.meta["date_printed"] == art["date"] and doc.meta["author"] == art["byline"]
        assert doc.extra["section"] == art["section"] and "Load-Date" not in doc.text
    assert [d.meta["date"] for d in docs] == ["2022-03-03", "2022-03-05"]
    assert [d.source_index for d in docs] == [1, 2]


def test_old_lexisnexis_layout():
    text = ("1 of 2 DOCUMENTS\n\nThe Example Times\n\nMarch 1, 2022 Tuesday\nLate Edition\n\nA headline here\n\n"
            "BYLINE: By Pat Invented\n\nSECTION: Section A; Page 3\n\nLENGTH: 20 words\n\nFirst body paragraph.\n\n"
            "Second body paragraph.\n\nLOAD-DATE: March 2, 2022\n\nLANGUAGE: ENGLISH\n\n"
            "2 of 2 DOCUMENTS\n\nThe Example Times\n\nMarch 2, 2022\n\nOther headline\n\nLENGTH: 5 words\n\n"
            "Only paragraph.\n\nLOAD-DATE: March 3, 2022\n")
    a, b = split_news(text.split("\n"), "old.txt")
    assert a.meta["title"] == "A headline here" and a.meta["outlet"] == "The Example Times"
    assert a.meta["author"] == "Pat Invented" and a.text == "First body paragraph.\n\nSecond body paragraph."
    assert b.meta["author"] == "" and b.text == "Only paragraph."


def test_nexis_article_without_body_is_reported_with_its_index():
    text = ex.nexis_text() + "Broken article\nThe Example Gazette\nMarch 9, 2022\n\nBody\n\nEnd of Document\n"
    docs = split_news(text.split("\n"), "n.txt")
    assert [d.problem for d in docs] == ["", "", "article 3: the article has no body text"]


def test_factiva_download_split_with_header_fields():
    docs = read_source_bytes(ex.factiva_html().encode(), "f.html")
    assert len(docs) == 2 and {d.format for d in docs} == {"factiva"}
    for doc, art in zip(docs, ex.FACTIVA):
        assert doc.text.split("\n\n") == art["body"]
        assert doc.meta["title"] == art["title"] and doc.meta["outlet"] == art["outlet"]
        for junk in ("English", "Copyright", "words", "Document EXEP", art["code"]):
            assert junk not in doc.text
    assert docs[0].meta["author"] == "Alex Sample" and docs[1].meta["author"] == ""
    assert [d.meta["date"] for d in docs] == ["2022-03-07", "2022-03-08"]


def read_source_bytes(data: bytes, name: str, tmp=None):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        return read_source(path, name)


def test_plain_text_and_html_given_as_txt():
    (doc,) = read_text_file(b"Line one.\r\nLine two.\r\n", "a.txt")
    assert doc.text == "Line one.\nLine two." and doc.format == "txt"
    (page,) = read_text_file(ex.page_html().encode(), "saved.txt")
    assert page.format == "html" and "Accept all cookies" not in page.text


@pytest.mark.parametrize("name, data, message", [
    ("e.docx", b"", "e.docx: docx: the file is empty"),
    ("c.docx", b"PK\x03\x04 cut", "c.docx: docx: not a readable .docx file"),
    ("p.docx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 20, "p.docx: docx: encrypted"),
    ("e.html", b"  ", "e.html: html: the file is empty"),
    ("e.csv", b"", "e.csv: csv: the file is empty"),
    ("b.json", b"{not json", "b.json: json: not valid JSON"),
    ("x.doc", b"abc", "x.doc: doc: old binary Word format"),
])
def test_bad_files_give_file_format_message(name, data, message):
    with pytest.raises(CorpusError) as err:
        read_source_bytes(data, name)
    assert str(err.value).startswith(message)


def test_factiva_coded_layout():
    art = ("HD  Twin towns stand firm\nBY  By Lee Invented\nWC  30 words\nPD  9 March 2022\n"
           "SN  Example Evening Post\nSC  EXEP\nLA  English\nCY  Copyright 2022 Example Evening Post.\n"
           "LP  The first paragraph leads.\n\n    IN the end it goes on.\nTD  The text follows here.\n\n"
           "    And ends here.\nCO  exmpl : Example Co\nNS  gcat : Political/General News\n"
           "AN  Document EXEP000020220309ei3900003\n\n")
    second = art.replace("BY  By Lee Invented\n", "").replace("ei3900003", "ei3900004")
    a, b = split_news((art + second).split("\n"), "coded.txt")
    assert a.text == "The first paragraph leads.\n\nIN the end it goes on.\n\nThe text follows here.\n\nAnd ends here."
    assert (a.meta["title"], a.meta["author"], a.meta["outlet"], a.meta["date"]) == (
        "Twin towns stand firm", "Lee Invented", "Example Evening Post", "2022-03-09")
    assert b.meta["author"] == "" and "Political" not in b.text and b.extra == {"length": "30 words"}


def test_nexis_download_as_docx_with_a_cover_page():
    import docx

    d = docx.Document()
    for line in ["User Name: someone", "Date and Time: March 7, 2022 10:00", "Job Number: 1", "Documents (2)",
                 "1. Mayor defends twinning", "2. Letters: cut the ties now", *ex.nexis_text().split("\n")]:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    docs = read_docx(buf.getvalue(), "nexis.docx")
    assert [x.meta["title"] for x in docs] == [a["title"] for a in ex.NEXIS]
    assert [x.meta["date"] for x in docs] == ["2022-03-03", "2022-03-05"]
    assert docs[0].text.split("\n\n") == ex.NEXIS[0]["body"] and docs[0].format == "nexis"


def test_factiva_download_as_rtf():
    lines = []
    for a in ex.FACTIVA:
        lines += [a["title"]] + ([a["author"]] if a["author"] else []) + [
            a["words"], a["date"], a["outlet"], a["code"], "English", "Copyright 2022 Example Evening Post."]
        lines += a["body"] + [a["doc"]]
    docs = read_rtf(ex.rtf_document(lines).encode(), "f.rtf")
    assert [d.text.split("\n\n") for d in docs] == [a["body"] for a in ex.FACTIVA]
    assert [d.meta["outlet"] for d in docs] == ["Example Evening Post"] * 2


def test_encoding_and_delimiter_can_be_given():
    data = "title|text\nA|Caf\u00e9 text, with a comma.\n".encode("latin-1")
    (doc,) = read_table(data, "g.csv", "csv", encoding="latin-1", delimiter="|")
    assert doc.text == "Caf\u00e9 text, with a comma." and doc.meta["title"] == "A"
    with pytest.raises(CorpusError, match=r"^g.csv: csv: not utf-8: byte 0xe9"):
        read_table(data, "g.csv", "csv", encoding="utf-8")


def test_html_quotes_lists_and_short_paragraphs_arrive_once_each():
    extra = ["He disagreed.", "We stay friends.", "A second quoted paragraph.", "first point made", "second point"]
    page = ex.page_html().replace(
        "<h2>", f"<p>{extra[0]}</p><blockquote><p>{extra[1]}</p><p>{extra[2]}</p></blockquote>"
                f"<ul><li>{extra[3]}</li><li>second <b>point</b></li></ul><h2>", 1)
    (doc,) = read_html(page, "p.html")
    blocks = doc.text.split("\n\n")
    for block in extra:
        assert blocks.count(block) == 1, block
    assert blocks.index(extra[0]) < blocks.index(extra[4]) < blocks.index("The case for keeping contact")

_cell_text = st.text(alphabet=st.sampled_from(list("abcXYZ ,;|\"'\n\u00e9\u201c\u201d.-")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_cell_text, _cell_text), min_size=1, max_size=4))
def test_csv_and_jsonl_round_trip_every_text(rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["title", "text"])
    writer.writerows(rows)
    # a CSV row whose cells are all blank is a blank line of the sheet, skipped like an empty one
    csv_rows = [(t, x) for t, x in rows if t.strip() or x.strip()]
    if csv_rows:
        docs = read_table(buf.getvalue().encode("utf-8"), "r.csv", "csv")
        assert [d.text for d in docs] == [x.strip() for _, x in csv_rows]
        assert [d.problem != "" for d in docs] == [not x.strip() for _, x in csv_rows]
    jsonl = "".join(json.dumps({"title": t, "text": x}) + "\n" for t, x in rows).encode("utf-8")
    found = read_table(jsonl, "r.jsonl", "jsonl")
    assert [d.text for d in found] == [x.strip() for _, x in rows]
    assert [d.problem != "" for d in found] == [not x.strip() for _, x in rows]


def test_pdf_text_is_left_as_extracted_apart_from_the_mended_break():
    (doc,) = read_pdf(pdf_bytes([["1. The first point, in *stars* and [brackets](x).", "It goes on and"],
                                 ["on after the break.", "- a dash item."]]), "p.pdf")
    assert doc.text.split("\n\n") == ["1. The first point, in *stars* and [brackets](x).",
                                      "It goes on and on after the break.", "- a dash item."]
    assert doc.messages == ["2 page(s); 1 paragraph(s) cut by a page break joined again"]


def test_html_in_a_declared_legacy_encoding():
    page = ex.page_html().replace("utf-8", "windows-1252").replace("When the war began", "When the caf\u00e9s closed")
    (doc,) = read_html(page.encode("cp1252"), "old.html")
    assert "When the caf\u00e9s closed" in doc.text
