"""The reprint policy (analysis.reprints) and its use by the counts."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.codebook import read_codebook
from analysis.coding import read_coding_sheet
from analysis.reprints import counted_documents, counted_rows, reprint_note
from analysis.stance import actor_stance_table, statements

from conftest import SAMPLE

DOCS = pd.DataFrame({"doc_id": ["x", "y", "z"], "reprint_of": ["", "x", None]})


def test_reprints_are_left_out_unless_asked():
    assert counted_documents(DOCS) == ["x", "z"]
    assert counted_documents(DOCS, include_reprints=True) == ["x", "y", "z"]
    rows = pd.DataFrame({"doc_id": ["y", "x", "z", "y"], "n": [1, 2, 3, 4]})
    assert counted_rows(rows, DOCS)["n"].tolist() == [2, 3]
    assert counted_rows(rows, DOCS, include_reprints=True).attrs["reprints"] == "included"
    assert reprint_note() == "reprints excluded"


@pytest.mark.parametrize("kwargs, error", [(dict(include_reprints="yes"), TypeError)])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        counted_documents(DOCS, **kwargs)
    with pytest.raises(ValueError, match="reprint_of"):
        counted_documents(DOCS[["doc_id"]])
    with pytest.raises(ValueError, match="document column"):
        counted_rows(pd.DataFrame({"d": [1]}), DOCS)


def test_sample_actor_table_counts_the_repost_once(sample_corpus, sample_sentences):
    # The repost copies Madrid's op-ed: counted twice, Madrid had 18 statements and
    # Zelensky 5; the policy counts them once (9 and 3).
    corpus = SAMPLE
    codebook = read_codebook(corpus / "codebook.yml")
    consensus = read_coding_sheet(corpus / "coding" / "consensus.csv", codebook, sentences=sample_sentences)
    table = actor_stance_table(statements(consensus, sample_corpus.documents, codebook.actors), codebook.actors)
    totals = table.set_index("actor")[["ENGAGE", "DISENGAGE"]].sum(axis=1)
    assert (totals["madrid"], totals["zelensky"]) == (9, 3)
    both = actor_stance_table(statements(consensus, sample_corpus.documents, codebook.actors, include_reprints=True),
                              codebook.actors)
    totals = both.set_index("actor")[["ENGAGE", "DISENGAGE"]].sum(axis=1)
    assert (totals["madrid"], totals["zelensky"]) == (18, 5)
