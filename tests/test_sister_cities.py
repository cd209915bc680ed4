"""The sister-city table holds only what the texts say, and says where."""

from __future__ import annotations

import re

import pytest

from analysis.compare.sister_cities import pair_status_table, read_sister_cities
from analysis.errors import CorpusError
from conftest import SAMPLE


@pytest.fixture(scope="module")
def table(sample_sentences):
    return read_sister_cities(SAMPLE / "sister_cities.csv", sentences=sample_sentences)


def test_every_quote_is_in_its_sentence(table, sample_sentences):
    texts = dict(zip(sample_sentences["sent_id"], sample_sentences["text"]))
    for row in table.itertuples():
        assert row.quote in texts[row.sent_id]
        assert row.sent_id.startswith(row.doc_id)


def test_partners_come_from_the_text(table, sample_sentences):
    texts = dict(zip(sample_sentences["sent_id"], sample_sentences["text"]))
    for row in table.itertuples():
        if row.partner_city:
            # the partner is named in the cited sentence (or, for a pair listed with its
            # renunciation urged in the next sentence, in the cited one all the same)
            assert row.partner_city in texts[row.sent_id] or row.partner_city in row.quote or row.note, row
        else:
            assert row.note, f"line {row.line}: an empty partner needs a note saying why"


def test_known_pairs(table):
    pairs = pair_status_table(table).set_index("pair")
    assert pairs.loc["Tallahassee – Krasnodar", "statuses"] == "severed, urged to keep"
    assert pairs.loc["Des Moines – Stavropol", "statuses"] == "suspended"
    assert pairs.loc["Gainesville – Novorossiysk", "statuses"] == "kept"
    assert pairs.loc["Los Angeles – Kyiv", "n_sources"] == 2
    assert pairs.loc["Dallas – ?", "partner_city"] == ""  # the texts never name Dallas's partner


def test_validation_messages(tmp_path, sample_sentences):
    path = tmp_path / "sister_cities.csv"
    text = (SAMPLE / "sister_cities.csv").read_text(encoding="utf-8").splitlines()
    text[1] = re.sub(r",urged to end,", ",cancelled,", text[1], count=1)
    text[2] = text[2].replace("Long Beach (Sochi)", "Long Beach (Moscow)")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_sister_cities(path, sentences=sample_sentences)
    msgs = [str(p).split("sister_cities.csv:", 1)[1] for p in info.value.problems]
    assert msgs[0].startswith("2: status: unknown status 'cancelled'")
    assert msgs[1] == "3: quote: not found in madrid-latimes-022"
