"""REFI-QDA exchange: schema-valid XML, the shipped coding round-trips, inexact selections re-anchored."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xmlschema

from analysis.cli import main
from analysis.codebook import read_codebook
from analysis.coding import CODE_COLUMNS, read_coding_sheet
from analysis.corpus import read_corpus
from analysis.exchange.qdpx import clean_texts, code_guids, codebook_xml, read_qdpx, write_qdpx
from conftest import SAMPLE

SCHEMAS = Path(__file__).parent / "data" / "refi-qda"


@pytest.fixture(scope="module")
def codebook():
    return read_codebook(SAMPLE / "codebook.yml")


@pytest.fixture(scope="module")
def texts():
    return clean_texts(read_corpus(SAMPLE))


@pytest.fixture(scope="module")
def consensus(codebook, sample_sentences):
    return read_coding_sheet(SAMPLE / "coding" / "consensus.csv", codebook, sentences=sample_sentences)


@pytest.fixture(scope="module")
def project(tmp_path_factory, consensus, sample_sentences, texts, codebook):
    coding = consensus.copy()
    coding.loc[3, "memo"] = "a memo: <not markup> & ‘quotes’"
    path = tmp_path_factory.mktemp("qdpx") / "project.qdpx"
    return write_qdpx(path, coding, sample_sentences, texts, codebook, coder="consensus (LLM coders)")


def test_project_validates_against_refi_schema(project):
    with zipfile.ZipFile(project) as zf:
        qde = zf.read("project.qde")
        names = zf.namelist()
    xmlschema.XMLSchema(SCHEMAS / "Project.xsd").validate(qde.decode("utf-8"))
    assert names[0] == "project.qde" and len(names) == 6
    assert qde.count(b"<PlainTextSelection ") == 154
    assert b'<User guid="' in qde and b'name="consensus (LLM coders)"' in qde


def test_codebook_validates_against_refi_schema(codebook):
    xml = codebook_xml(codebook).decode("utf-8")
    xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd").validate(xml)
    assert set(re.findall(r'name="([^"]+)" isCodable="true"', xml)) == {
        *codebook.stances, *codebook.voices, *codebook.actor_ids, *codebook.targets}


def test_schemas_reject_a_broken_project():
    schema = xmlschema.XMLSchema(SCHEMAS / "Project.xsd")
    assert not schema.is_valid('<Project xmlns="urn:QDA-XML:project:1.0"><Users/></Project>')


def test_round_trip_gives_back_every_code(project, consensus, sample_sentences, texts, codebook):
    back, problems = read_qdpx(project, sample_sentences, texts, codebook)
    assert problems == []
    cols = ["sent_id", *CODE_COLUMNS]
    pd.testing.assert_frame_equal(back[cols], consensus[cols].reset_index(drop=True), check_dtype=False)
    assert set(back["mapping"]) == {"exact"} and set(back["coder"]) == {"consensus (LLM coders)"}
    assert back.loc[3, "memo"] == "a memo: <not markup> & ‘quotes’"


def test_writing_is_byte_stable(tmp_path, project, consensus, sample_sentences, texts, codebook):
    coding = consensus.copy()
    coding.loc[3, "memo"] = "a memo: <not markup> & ‘quotes’"
    again = write_qdpx(tmp_path / "project.qdpx", coding, sample_sentences, texts, codebook,
                       coder="consensus (LLM coders)")
    assert again.read_bytes() == project.read_bytes()


def _edited(project: Path, out: Path, edit) -> Path:
    """Copy a project, applying ``edit(qde_text, {member: text}) -> (qde_text, members)``."""
    with zipfile.ZipFile(project) as zf:
        members = {n: zf.read(n).decode("utf-8") for n in zf.namelist()}
    qde, members = edit(members.pop("project.qde"), members)
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("project.qde", qde)
        for name, text in members.items():
            zf.writestr(name, text)
    return out


def test_inexact_selections_reanchored_and_unmappable_reported(tmp_path, project, sample_sentences, texts, codebook):
    sents = sample_sentences[sample_sentences["duplicate_of"] == ""]
    doc = "madrid-latimes"
    first = sents[sents["doc_id"] == doc].iloc[0]
    amiri = sents[sents["doc_id"] == "amiri-cpdblog"]
    long_one = amiri[amiri["text"].str.len() > 100].iloc[0]

    def edit(qde, members):
        # Another program changed the source text (a line added on top): offsets no longer match ours.
        src = next(n for n in members if members[n] == texts[doc])
        members[src] = "Imported from elsewhere.\n" + members[src]
        shift = len("Imported from elsewhere.\n")
        def move(m):
            return f'startPosition="{int(m[1]) + shift}" endPosition="{int(m[2]) + shift}"'
        block = re.search(r'<TextSource [^>]*name="madrid-latimes".*?</TextSource>', qde, re.S)
        qde = qde[:block.start()] + re.sub(r'startPosition="(\d+)" endPosition="(\d+)"', move, block[0]) + qde[block.end():]
        # A selection of a few words inside a sentence of another document (offsets still ours).
        other = long_one
        qde = re.sub(rf'(name="{other.sent_id}" )startPosition="\d+" endPosition="\d+"',
                     rf'\1startPosition="{other.start + 2}" endPosition="{other.start + 12}"', qde)
        # A code made in the other program, unknown to the codebook.
        qde = qde.replace('<Code guid="ebdf0860', '<Code guid="00000000-0000-0000-0000-000000000001" '
                          'name="interesting" isCodable="true" /><Code guid="ebdf0860', 1)
        qde = qde.replace(f'targetGUID="{code_guids(codebook)[("target", "russia")]}"',
                          'targetGUID="00000000-0000-0000-0000-000000000001"', 1)
        # A source that is not a document of the corpus, with one selection.
        qde = qde.replace("</Sources>", '<TextSource guid="00000000-0000-0000-0000-000000000002" name="notes.txt">'
                          '<PlainTextContent>x</PlainTextContent><PlainTextSelection guid="00000000-0000-0000-0000-'
                          '000000000003" startPosition="0" endPosition="1"/></TextSource></Sources>')
        return qde, members

    edited = _edited(project, tmp_path / "edited.qdpx", edit)
    back, problems = read_qdpx(edited, sample_sentences, texts, codebook)
    assert len(back) == 154
    mapping = back.set_index("sent_id")["mapping"]
    assert set(mapping[sents.loc[sents["doc_id"] == doc, "sent_id"]]) == {"text"}
    assert mapping[long_one.sent_id] == "within"
    messages = [str(p) for p in problems]
    assert len(messages) == 2, messages
    assert re.fullmatch(r"\S*edited.qdpx: code: \S+ \[\d+:\d+\]: code 00000000-0000-0000-0000-000000000001 is not in "
                        r"the codebook; skipped", messages[0])
    assert messages[1].endswith("source: 'notes.txt' is not a document of the corpus; 1 selection(s) not mapped")
    assert first["sent_id"] in set(back["sent_id"])


def test_cli_export_import(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    sheet = str(SAMPLE / "coding" / "consensus.csv")
    assert main(["qdpx", "export", str(SAMPLE), "--coding", sheet, "-o", "p.qdpx"]) == 0
    assert main(["qdpx", "export", str(SAMPLE), "--coding", sheet, "-o", "p.qdpx"]) == 1
    assert "p.qdpx exists; use --force" in capsys.readouterr().err
    assert main(["qdpx", "export", str(SAMPLE), "-o", "codebook.qdc"]) == 0
    capsys.readouterr()
    assert main(["qdpx", "export", str(SAMPLE), "-o", "p.zip"]) == 1
    assert capsys.readouterr().err.startswith("p.zip: output: name it .qdpx")
    assert main(["qdpx", "import", "p.qdpx", str(SAMPLE), "-o", "back.xlsx"]) == 0
    assert "154 exact" in capsys.readouterr().err
    assert main(["validate", str(SAMPLE)]) == 0
    codebook = read_codebook(SAMPLE / "codebook.yml")
    assert len(read_coding_sheet("back.xlsx", codebook)) == 154
    Path("bad.qdpx").write_text("not a zip", encoding="utf-8")
    assert main(["qdpx", "import", "bad.qdpx", str(SAMPLE), "-o", "x.csv"]) == 1
    assert capsys.readouterr().err.startswith("bad.qdpx: file: not a readable REFI-QDA project")
