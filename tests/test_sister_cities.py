"""The sister-city table holds only what the texts say, and says where.

The table is checked against the texts themselves (the sentences frame):
every quote is an exact excerpt of its sentence, and every partner city is
named in the cited sentence or in the one its note points to.
"""

from __future__ import annotations

import itertools

import matplotlib
import pandas as pd
import pytest

from analysis.compare.sister_cities import COLUMNS, STATUSES, pair_status_table, read_sister_cities
from analysis.errors import CorpusError
from conftest import SAMPLE

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def table(sample_sentences):
    return read_sister_cities(SAMPLE / "sister_cities.csv", sentences=sample_sentences)


@pytest.fixture(scope="module")
def texts(sample_sentences):
    return dict(zip(sample_sentences["sent_id"], sample_sentences["text"]))


def test_every_quote_is_in_its_sentence(table, texts, sample_sentences):
    docs = dict(zip(sample_sentences["sent_id"], sample_sentences["doc_id"]))
    for row in table.itertuples():
        assert row.quote in texts[row.sent_id], row
        assert docs[row.sent_id] == row.doc_id, row
        assert len(row.quote) <= 150, f"line {row.line}: quote a short excerpt"


def test_partners_come_from_the_text(table, texts):
    partners = set(table["partner_city"]) - {""}
    for row in table.itertuples():
        if row.partner_city:
            cited = [s for s in texts if f"named in {s}".lower() in row.note.lower()]
            assert row.partner_city in texts[row.sent_id] or any(row.partner_city in texts[s] for s in cited), row
        else:
            assert row.note, f"line {row.line}: an empty partner needs a note"
            # an empty partner is never one the cited sentence names
            assert not [p for p in partners if p in texts[row.sent_id]], row


def test_pairs_the_texts_name(table):
    pairs = pair_status_table(table).set_index("pair")
    assert pairs.loc["Chicago – Moscow", "statuses"] == "suspended"
    assert pairs.loc["Chicago – Kyiv", "statuses"] == "existing, aid"
    assert pairs.loc["Des Moines – Stavropol", "statuses"] == "suspended"
    assert pairs.loc["Tallahassee – Krasnodar", "statuses"] == "severed, urged to keep"
    assert pairs.loc["Gainesville – Novorossiysk", "statuses"] == "kept"
    assert pairs.loc["Los Angeles – Kyiv", "statuses"] == "aid, proposed, new"
    assert pairs.loc["Los Angeles – Kyiv", "n_documents"] == 2
    assert pairs.loc["Los Angeles – St. Petersburg", "n_documents"] == 3
    for pair in ("Long Beach – Sochi", "San Diego – Vladivostok"):
        assert pairs.loc[pair, "by_document"] == ("madrid-latimes: urged to end, existing; "
                                                  "grassrootslab-madrid: urged to end, existing")
    for pair in ("Dixon – Dikson", "Flint – Tolyatti", "Kalamazoo – Pushkin", "Normal – Vladimir"):
        assert pairs.loc[pair, "sources"].startswith("kristmanson-cpdblog-")
    assert pairs.loc["Normal – Vladimir", "us_state"] == "Idaho"  # as printed
    # partners the texts do not name stay empty
    for us in ("Dallas", "Los Alamos", "Livermore", "Berkeley", "Los Altos", "Oakland", "San Bernardino",
               "San Jose", "Santa Clara County"):
        assert pairs.loc[f"{us} – ?", "partner_city"] == ""
    assert pairs.loc["(Alaska) – ?", "us_city"] == ""
    assert not table["partner_city"].str.contains("Beirut").any()
    assert set(table["partner_country"]) == {"Russia", "Ukraine"}
    assert list(pairs["partner_country"]) == sorted(pairs["partner_country"])


def test_one_row_per_pair_and_sentence(table):
    keys = table[["us_city", "us_state", "partner_city", "sent_id"]].apply(tuple, axis=1)
    assert keys.is_unique
    assert list(table["line"]) == list(range(2, len(table) + 2))


BAD_ROWS = [
    # line 2: fine
    "Tallahassee,Florida,Krasnodar,Russia,severed,two days later,news-sister-cities,news-sister-cities-015,"
    "to sever its ties with Krasnodar,",
    # line 3: unknown status and a quote the sentence does not hold
    "Chicago,,Moscow,Russia,cancelled,,kristmanson-cpdblog,kristmanson-cpdblog-012,the cancellation of Chicago's,",
    # line 4-5: partner not named in the sentence (a note spanning two lines)
    'Dallas,,Moscow,Russia,suspended,,news-sister-cities,news-sister-cities-004,"Chicago, Dallas","two\nlines"',
    # line 6: out of scope
    "Los Angeles,,Beirut,Lebanon,aid,,amiri-cpdblog,amiri-cpdblog-011,its sister city Beirut,",
    # line 7: no US place, wrong doc_id, unknown sentence in the note
    ",,Kyiv,Ukraine,new,,amiri-cpdblog,kristmanson-cpdblog-011,paired itself with Kyiv,partner named in nowhere-999",
    # line 8: repeats line 2
    "Tallahassee,Florida,Krasnodar,Russia,severed,,news-sister-cities,news-sister-cities-015,to sever its ties,",
    # line 9: the note points to a sentence that does not name the partner
    "Des Moines,Iowa,Stavropol,Russia,suspended,,news-sister-cities,news-sister-cities-004,Des Moines,"
    "partner named in news-sister-cities-006",
]


def test_validation_messages(tmp_path, sample_sentences):
    path = tmp_path / "sister_cities.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(BAD_ROWS) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_sister_cities(path, sentences=sample_sentences)
    got = [str(p).split("sister_cities.csv:", 1)[1] for p in info.value.problems]
    assert got == [
        "3: status: unknown status 'cancelled'; allowed: " + ", ".join(STATUSES),
        "3: quote: not found in kristmanson-cpdblog-012",
        "4: partner_city: 'Moscow' is not named in news-sister-cities-004; leave it empty, or say in note "
        "'partner named in <sent_id>'",
        "6: partner_country: 'Lebanon' is out of scope; allowed: Russia, Ukraine",
        "7: us_city: give the US city, or at least the state, that the text names",
        "7: doc_id: kristmanson-cpdblog-011 belongs to kristmanson-cpdblog, not amiri-cpdblog",
        "8: sent_id: repeats the pair and sentence of line 2",
        "9: note: 'Stavropol' is not named in news-sister-cities-006",
    ]
    # without sentences only the table itself is checked
    with pytest.raises(CorpusError) as info:
        read_sister_cities(path)
    assert [p.line for p in info.value.problems] == [3, 6, 7, 8]


def test_header_and_file_problems(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        read_sister_cities(tmp_path / "missing.csv")
    path = tmp_path / "pairs.csv"
    path.write_text("us_city,partner,status\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_sister_cities(path)
    assert [(p.line, p.field) for p in info.value.problems] == [(1, "header"), (1, "header")]
    assert "missing column(s) us_state" in str(info.value) and "unknown column(s) partner" in str(info.value)


def test_pair_status_table_shape(table):
    pairs = pair_status_table(table)
    assert list(pairs.columns) == ["pair", "us_city", "us_state", "partner_city", "partner_country", "statuses",
                                   "by_document", "sources", "n_documents", "n_rows"]
    assert pairs["pair"].is_unique and pairs["n_rows"].sum() == len(table)
    assert list(pairs.index) == list(range(len(pairs)))
    with pytest.raises(ValueError, match="read_sister_cities"):
        pair_status_table(table.drop(columns="pair"))


def test_plot_sister_cities(table):
    import matplotlib.pyplot as plt

    from analysis.plots.networks import plot_sister_cities

    ax = plot_sister_cities(table)
    n_marks = table.groupby(["pair", "status"]).ngroups
    boxes = [t for t in ax.texts if t.get_bbox_patch() is not None]
    assert len(boxes) == n_marks
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Chicago – Kyiv"  # Ukraine block on top
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    extents = [t.get_window_extent(renderer) for t in ax.texts]
    assert not [1 for a, b in itertools.combinations(extents, 2) if a.overlaps(b)]
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="read_sister_cities"):
        plot_sister_cities(pd.DataFrame({"pair": []}))
