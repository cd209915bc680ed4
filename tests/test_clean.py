"""Cleaning: each scraped-page artifact, block kinds, and the raw-offset map."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean import clean_text
from conftest import FIXTURE_TEXTS


def kinds(ct):
    return [(k, ct.text[s:e]) for k, s, e in zip(ct.blocks["kind"], ct.blocks["start"], ct.blocks["end"])]


def test_fixture_blocks_and_kinds():
    ct = clean_text(FIXTURE_TEXTS["alpha.txt"], author="Ann Writer")
    assert kinds(ct) == [
        ("metadata", "Thumbnail Image:"),
        ("byline", "Mar 3, 2022 by Ann Writer"),
        ("title", "Should Towns Keep Their Twins?"),
        ("body", "Mayor Jo A. Smith of St. Albans met Mr. Lee in the U.S. capital. She said the town would keep its "
                 "ties with its twin. A recent post disagreed."),
        ("pull_quote", "She said the town would keep its ties with its twin."),
        ("bio", "Ann Writer is a columnist."),
        ("boilerplate", "This story originally appeared in The Daily Example."),
    ]


def test_log_counts_each_artifact():
    ct = clean_text(FIXTURE_TEXTS["alpha.txt"], author="Ann Writer")
    counts = ct.log["action"].value_counts().to_dict()
    assert counts == {"link": 2, "emphasis": 2, "footnote": 1, "heading": 1, "rule": 1, "page_break": 1}


def test_links_and_footnotes():
    assert clean_text("See [the post](https://x.org) here.<sup>[2]</sup>").text == "See the post here."


def test_non_breaking_spaces_and_runs_of_space():
    ct = clean_text("in the\u00a0 Los Angeles Times\u00a0 this week  .")
    assert ct.text == "in the Los Angeles Times this week."
    assert (ct.log["action"] == "nbsp").sum() == 2


def test_ellipsis_keeps_its_spaces():
    assert clean_text('we want ... to make a difference.').text == "we want ... to make a difference."


def test_page_break_joins_lower_case_continuation_only():
    ct = clean_text("An important set of international\n\n \nmunicipal relationships.\n\nNext paragraph.")
    assert ct.text == "An important set of international municipal relationships.\n\nNext paragraph."
    ct = clean_text("Title Without Stop\n\nBody starts here.")
    assert list(ct.blocks["kind"]) == ["title", "body"]


def test_dateline_field_is_split_off():
    ct = clean_text(" date 2022-03-18 At the height of the Cold War, cities paired up.")
    assert kinds(ct) == [("metadata", "date 2022-03-18"), ("body", "At the height of the Cold War, cities paired up.")]


def test_list_items_are_blocks_of_their_own():
    ct = clean_text("Cities that cut ties:\n- Dallas\n- Des Moines\n")
    assert [t for _, t in kinds(ct)] == ["Cities that cut ties:", "Dallas", "Des Moines"]


def test_sample_page_breaks_are_all_joined(sample_corpus):
    joins = {}
    for doc_id, ct in sample_corpus.clean_texts():
        joins[doc_id] = list(ct.log.loc[ct.log["action"] == "page_break", "raw"])
    assert len(joins["kristmanson-cpdblog"]) == 2
    assert len(joins["amiri-cpdblog"]) == 2
    texts = {doc_id: ct.text for doc_id, ct in sample_corpus.clean_texts()}
    assert "important set of international municipal relationships" in texts["kristmanson-cpdblog"]
    assert "and Kalamazoo recognizes the greatness" in texts["kristmanson-cpdblog"]
    assert "Aug. 4, 2020 explosion at its port" in texts["amiri-cpdblog"]
    assert "with some level of support from the city" in texts["amiri-cpdblog"]
    for doc in ("madrid-latimes", "grassrootslab-madrid", "news-sister-cities"):
        assert joins[doc] == []


def test_no_markup_survives_in_sample(sample_corpus):
    for _, ct in sample_corpus.clean_texts():
        for residue in ("**", "##", "](", "<sup>", "---", "\u00a0", "  "):
            assert residue not in ct.text


def test_offsets_point_back_into_the_raw_file(sample_corpus):
    for doc_id, raw in sample_corpus.texts():
        ct = dict(sample_corpus.clean_texts())[doc_id]
        assert len(ct.offsets) == len(ct.text)
        for i, ch in enumerate(ct.text):
            if ch not in " \n":
                assert raw[ct.offsets[i]] == ch, (doc_id, i)


def test_cleaning_is_deterministic():
    raw = FIXTURE_TEXTS["alpha.txt"]
    a, b = clean_text(raw), clean_text(raw)
    assert a.text == b.text and (a.offsets == b.offsets).all() and a.blocks.equals(b.blocks)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,*#[]()<>-\n\u00a0:Z1")), max_size=120))
def test_only_deletions_for_any_input(raw):
    ct = clean_text(raw)
    assert len(ct.offsets) == len(ct.text)
    assert all(0 <= o <= max(len(raw) - 1, 0) for o in ct.offsets)
    for i, ch in enumerate(ct.text):
        if ch not in " \n":
            assert raw[ct.offsets[i]] == ch
    # blocks tile the text between blank-line separators
    for s, e in zip(ct.blocks["start"], ct.blocks["end"]):
        assert ct.text[s:e] == ct.text[s:e].strip() and e > s


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("[]()a \n") + ["<sup>", "</sup>", "<SUP>", "x"]), max_size=60).map("".join))
def test_linear_scanners_find_what_the_regexes_find(s):
    from analysis.markup import _RE_FOOTNOTE, _RE_LINK, _footnotes, _links

    def spans(matches, groups=(0,)):
        return [tuple((m.start(g), m.end(g)) for g in groups) for m in matches]

    assert spans(_links(s), (0, 1)) == spans(_RE_LINK.finditer(s), (0, 1))
    assert spans(_footnotes(s)) == spans(_RE_FOOTNOTE.finditer(s))


def test_pathological_lines_clean_as_before():
    # quick checks of the cases that used to take quadratic time (timing is in benchmarks/)
    assert clean_text("[a" * 2000).text == "[a" * 2000
    assert clean_text("<sup>x " * 500).text == ("x " * 500).strip()  # unclosed: tags go, text stays
    wrapped = clean_text("\n".join(["no stop here"] * 300))
    assert wrapped.text == " ".join(["no stop here"] * 300) and (wrapped.log["action"] == "page_break").sum() == 299
