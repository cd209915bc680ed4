"""Text reuse: hand-made spans, the sample's repost and quotation, and difflib as a check."""

from __future__ import annotations

import difflib
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.compare.reuse import SPAN_COLUMNS, reuse_spans, reuse_summary, sentence_reuse
from analysis.plots.reuse import plot_reuse

REPOST, SOURCE = "grassrootslab-madrid", "madrid-latimes"
AMIRI, KRISTMANSON = "amiri-cpdblog", "kristmanson-cpdblog"

QUOTE_A = (
    "Their city, the government entity that most closely represents them, could use its international ties "
    "to further help its citizens help their fellow citizens of another city. This is how a city advances "
    "the global interests of the local constituents"
)
QUOTE_K = QUOTE_A.replace("of the local constituents", "of its local constituents")


@pytest.fixture(scope="module")
def clean(sample_corpus) -> dict[str, str]:
    return {doc_id: ct.text for doc_id, ct in sample_corpus.clean_texts()}


@pytest.fixture(scope="module")
def spans(sample_corpus) -> pd.DataFrame:
    return reuse_spans(sample_corpus)


def _frame(**texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


# --- hand-made examples ---------------------------------------------------------------


def test_exact_offsets_in_a_hand_made_pair():
    a = "The council met. Cities should keep their ties with Russian cities, he wrote."
    b = "Today: “cities should keep their ties with Russian cities” — or so she said."
    got = reuse_spans(_frame(a=a, b=b))
    assert tuple(got.columns) == SPAN_COLUMNS
    assert len(got) == 1
    row = got.iloc[0]
    phrase = "ities should keep their ties with Russian cities"
    assert (row.a_start, row.a_end) == (a.index("C" + phrase), a.index("C" + phrase) + len(phrase) + 1)
    assert (row.b_start, row.b_end) == (b.index("c" + phrase), b.index("c" + phrase) + len(phrase) + 1)
    assert row.n_tokens == 8
    assert a[row.a_start : row.a_end] == row.text_a and b[row.b_start : row.b_end] == row.text_b


def test_small_edit_is_crossed_and_the_span_reaches_the_last_word():
    a = "Intro here. This is how a city advances the global interests of its local constituents. Bye now."
    b = "Other start. This is how a city advances the global interests of the local constituents. Ciao."
    row = reuse_spans(_frame(a=a, b=b)).iloc[0]
    assert row.text_a == "This is how a city advances the global interests of its local constituents"
    assert row.text_b == "This is how a city advances the global interests of the local constituents"
    assert row.n_tokens == 12  # 13 words, one substituted
    exact = reuse_spans(_frame(a=a, b=b), max_gap=0).iloc[0]
    assert exact.text_a == "This is how a city advances the global interests of"


def test_no_reuse_between_unrelated_texts():
    a = "Mayors in Iowa suspended the partnership after a unanimous council vote last week."
    b = "A poet from Kazan read her verses in a library in Ohio on a rainy evening."
    got = reuse_spans(_frame(a=a, b=b))
    assert got.empty and tuple(got.columns) == SPAN_COLUMNS


def test_min_tokens_and_shingle_length():
    a = "We will not retreat from Ukraine now."
    b = "They will not retreat from Ukraine soon."
    assert reuse_spans(_frame(a=a, b=b)).empty  # five words < min_tokens = 6
    assert reuse_spans(_frame(a=a, b=b), min_tokens=5)["n_tokens"].tolist() == [5]
    assert reuse_spans(_frame(a=a, b=b), n=6, min_tokens=5).empty


def test_symmetry_and_input_order():
    a = "First things. Cities should keep their ties with Russian cities and talk to people there."
    b = "Cities should keep their ties with Russian cities and talk, she wrote, to people there."
    forward = reuse_spans(_frame(x=a, y=b))
    backward = reuse_spans(_frame(y=b, x=a))
    pd.testing.assert_frame_equal(forward, backward)
    renamed = reuse_spans(_frame(z=a, y=b))  # now the text of a is doc_b
    swap = {"a_start": "b_start", "a_end": "b_end", "b_start": "a_start", "b_end": "a_end",
            "text_a": "text_b", "text_b": "text_a"}
    mirrored = renamed.rename(columns=swap)[list(SPAN_COLUMNS[2:])]
    pd.testing.assert_frame_equal(forward[list(SPAN_COLUMNS[2:])], mirrored)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"n": 0}, ValueError), ({"max_gap": -1}, ValueError), ({"min_tokens": True}, TypeError), ({"n": 2.0}, TypeError)],
)
def test_bad_parameters(kwargs, error):
    with pytest.raises(error):
        reuse_spans(_frame(a="x", b="y"), **kwargs)


def test_bad_texts(sample_sentences):
    with pytest.raises(ValueError, match="one row per document"):
        reuse_spans(sample_sentences)
    with pytest.raises(TypeError):
        reuse_spans(["a text"])
    with pytest.raises(ValueError):
        reuse_spans(pd.DataFrame({"doc_id": ["a"]}))


# --- the sample corpus ----------------------------------------------------------------


def test_offsets_refer_to_the_clean_text(spans, clean):
    for row in spans.itertuples():
        assert clean[row.doc_a][row.a_start : row.a_end] == row.text_a
        assert clean[row.doc_b][row.b_start : row.b_end] == row.text_b
    assert (spans["doc_a"] < spans["doc_b"]).all()


def test_repost_is_mostly_reused(spans, sample_sentences):
    summary = reuse_summary(spans, sample_sentences, kinds=("body",))
    share = summary.set_index(["doc_id", "source"])["share"]
    assert share[(REPOST, SOURCE)] > 0.6
    assert summary.iloc[0][["doc_id", "source"]].tolist() == [REPOST, SOURCE]


def test_repost_own_additions_are_not_reused(spans, sample_sentences):
    marks = sentence_reuse(sample_sentences, spans).set_index("sent_id")
    own = [f"{REPOST}-{i:03d}" for i in (2, 3, 6, 20, 21)]  # opening framing, "In his op-ed...", the list
    assert not marks.loc[own, "is_reused"].any()
    sents = sample_sentences.set_index("sent_id")
    framing = (sents.at[f"{REPOST}-006", "start"], sents.at[f"{REPOST}-006", "end"])
    closing = (sents.at[f"{REPOST}-020", "start"], sents.at[f"{REPOST}-021", "end"])
    pair = spans[(spans["doc_a"] == REPOST) & (spans["doc_b"] == SOURCE)]
    for lo, hi in (framing, closing):
        assert not ((pair["a_start"] < hi) & (pair["a_end"] > lo)).any()
    copied = [f"{REPOST}-{i:03d}" for i in range(7, 20)]
    assert (marks.loc[copied, "share"] == 1.0).all()
    assert (marks.loc[copied, "source"] == SOURCE).all()


def test_kristmanson_quotation_of_amiri_despite_the_edit(spans, clean):
    pair = spans[(spans["doc_a"] == AMIRI) & (spans["doc_b"] == KRISTMANSON)].set_index("text_b")
    block = pair.loc[QUOTE_K]
    assert block["text_a"] == QUOTE_A
    assert (block["a_start"], block["a_end"]) == (2209, 2209 + len(QUOTE_A))
    assert (block["b_start"], block["b_end"]) == (386, 386 + len(QUOTE_K))
    assert clean[AMIRI].find(QUOTE_A) == 2209 and clean[KRISTMANSON].find(QUOTE_K) == 386
    short = pair.loc["many Angelenos are eager to help"]
    k_at = clean[KRISTMANSON].find("many Angelenos")
    a_at = clean[AMIRI].find("Many Angelenos")
    assert (short["b_start"], short["a_start"]) == (k_at, a_at)
    assert short["n_tokens"] == 6


def test_unrelated_sample_texts_share_nothing(spans):
    pairs = set(zip(spans["doc_a"], spans["doc_b"]))
    for pair in [(AMIRI, "news-sister-cities"), (KRISTMANSON, "news-sister-cities"), (AMIRI, SOURCE)]:
        assert pair not in pairs


def test_exact_spans_contain_every_difflib_block(sample_corpus, clean):
    # Independent check: every exact common run that difflib finds (>= 6 words)
    # lies inside an exact span (max_gap=0) with the same words on both sides.
    exact = reuse_spans(sample_corpus, max_gap=0)
    for doc_a, doc_b in [(REPOST, SOURCE), (AMIRI, KRISTMANSON)]:
        wa, wb = _words(clean[doc_a]), _words(clean[doc_b])
        pair = exact[(exact["doc_a"] == doc_a) & (exact["doc_b"] == doc_b)]
        matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= 6]
        assert blocks
        for blk in blocks:
            run = wa[blk.a : blk.a + blk.size]
            assert any(
                " ".join(run) in " ".join(_words(r.text_a)) and _words(r.text_a) == _words(r.text_b)
                for r in pair.itertuples()
            ), run


def test_sentence_reuse_frame(spans, sample_sentences):
    before = sample_sentences.copy()
    marks = sentence_reuse(sample_sentences, spans)
    pd.testing.assert_frame_equal(sample_sentences, before)
    assert list(marks.columns) == ["doc_id", "sent_id", "n_tokens", "n_reused", "share", "source", "is_reused"]
    assert marks["sent_id"].tolist() == sample_sentences["sent_id"].tolist()
    assert marks["share"].between(0, 1).all()
    assert ((marks["source"] == "") == (marks["n_reused"] == 0)).all()
    with pytest.raises(ValueError):
        sentence_reuse(sample_sentences, spans, min_share=0)


def test_plot_reuse(spans, sample_sentences):
    marks = sentence_reuse(sample_sentences, spans)
    ax = plot_reuse(marks, labels={SOURCE: "Madrid (LA Times)"})
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "Madrid (LA Times)" and len(labels) == 5
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Madrid (LA Times)" in legend and "(not shared)" in legend
    assert ax.get_title() and ax.get_xlabel()
    plt.close(ax.figure)
    with pytest.raises(ValueError):
        plot_reuse(marks.drop(columns="share"))
