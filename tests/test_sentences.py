"""Sentence segmentation: the tricky boundaries of the sample, and exact offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean import clean_text
from analysis.sentences import SENTENCE_COLUMNS, check_sentences, read_abbreviations, split_sentences

# Sentences that must come out whole, exactly as written: each one tests a
# trap for a sentence splitter.
WHOLE = {
    # abbreviations: U.S., St., L.A., Mr., Aug., pop.
    "madrid-latimes-008": "Last week, Ukrainian President Volodymyr Zelensky spoke remotely to the U.S. Conference of "
    "Mayors in Reno and described a new geopolitical framework that requires a new set of solutions.",
    "kristmanson-cpdblog-041": "Enduring many international vicissitudes, warm relations seem to have persisted on "
    "the L.A.-St. Petersburg axis through the 1990s and 2000s before attenuating in recent years.",
    "kristmanson-cpdblog-034": "It's not hard to fathom why Dixon, Illinois has affinities with Russia's Dikson (pop. 676).",
    "amiri-cpdblog-008": "But, Mr. Mayor, know that the city of Los Angeles is here for you.",
    # initials
    "kristmanson-cpdblog-012": "The Windy City's fundraising for Kyiv's relief was launched on March 2 when Mayor "
    "Lori E. Lightfoot announced a further measure: the suspension of Chicago's sister-city status with Moscow.",
    "kristmanson-cpdblog-032": "A few began earlier, during the Cold War when President Dwight D. Eisenhower founded "
    "the sister city movement.",
    # quotations ending in ", he said." / "he wrote."
    "madrid-latimes-011": "“Please don’t let those who became murderers call your cities their sister cities,” he said.",
    "news-sister-cities-006": "“This is an act of unprecedented aggression that we, as two longtime friends, cannot "
    "ignore or disregard,” he wrote.",
    # a quoted sentence that ends inside the closing quote
    "news-sister-cities-014": "“Rather, we need to strengthen our resolve to build on person-to-person leadership and "
    "celebrate citizen diplomacy.”",
    # headlines (one unit, even with a question mark inside)
    "kristmanson-cpdblog-003": "Can City Diplomacy Help Ukraine? Continuing the Conversation",
    "grassrootslab-madrid-001": "Mike Madrid: It’s Time to End Our Sister City Relationships With Russia",
    # a list of places
    "grassrootslab-madrid-021": "These include Berkeley, Livermore, Los Altos, Oakland, San Bernardino, San Jose, "
    "and Santa Clara County.",
    # page breaks joined
    "kristmanson-cpdblog-010": "The U.S. sister city movement, now 66 years old, comprises an important set of "
    "international municipal relationships.",
    "kristmanson-cpdblog-036": "In Michigan, Flint has paired up with Tolyatti, Russia's auto-making capital, and "
    "Kalamazoo recognizes the greatness of Russian culture through its city-to-city pact with Pushkin.",
    "amiri-cpdblog-033": "Perhaps, it may be best for these programs to be citizen-initiated and completely "
    "citizen-run with some level of support from the city.",
    # a parenthetical citation stays with its sentence
    "amiri-cpdblog-029": "Second, is our faith in the great promise of people-to-people and sister city affiliations "
    "in helping build the solid structure of world peace. (Eisenhower, 1956.)",
    # markup removed, footnote link space closed
    "kristmanson-cpdblog-045": "In the meantime, sister cities should foster that people-to-people \"solidarity\" that "
    "Rogier van der Pluijm and Jan Melissen once diagnosed as a core dimension of city diplomacy.",
}


def test_tricky_sentences_are_whole(sample_sentences):
    by_id = dict(zip(sample_sentences["sent_id"], sample_sentences["text"]))
    for sent_id, text in WHOLE.items():
        assert by_id[sent_id] == text, sent_id


def test_sentence_counts_per_document(sample_sentences):
    counts = sample_sentences.groupby("doc_id", sort=False).size().to_dict()
    assert counts == {
        "madrid-latimes": 32,
        "grassrootslab-madrid": 21,
        "kristmanson-cpdblog": 46,
        "news-sister-cities": 16,
        "amiri-cpdblog": 41,
    }


def test_short_sentences_are_split(sample_sentences):
    by_id = dict(zip(sample_sentences["sent_id"], sample_sentences["text"]))
    assert by_id["amiri-cpdblog-005"] == "Mr. Mayor, we see you."
    assert by_id["amiri-cpdblog-006"] == "We honor you."
    assert by_id["news-sister-cities-001"] == "date 2022-03-18"


def test_kinds_of_non_body_lines(sample_sentences):
    kind = dict(zip(sample_sentences["sent_id"], sample_sentences["kind"]))
    assert kind["madrid-latimes-031"] == "bio"
    assert kind["madrid-latimes-032"] == "boilerplate"
    assert kind["kristmanson-cpdblog-001"] == "metadata"
    assert kind["kristmanson-cpdblog-002"] == "byline"
    assert kind["amiri-cpdblog-041"] == "boilerplate"


def test_pull_quotes_point_to_the_body_sentence(sample_sentences):
    pulls = sample_sentences[sample_sentences["kind"] == "pull_quote"]
    assert dict(zip(pulls["sent_id"], pulls["duplicate_of"])) == {
        "kristmanson-cpdblog-024": "kristmanson-cpdblog-030",
        "amiri-cpdblog-023": "amiri-cpdblog-018",
    }


def test_offsets_and_raw_lines(sample_corpus, sample_sentences):
    clean = dict(sample_corpus.clean_texts())
    raw = dict(sample_corpus.texts())
    for row in sample_sentences.itertuples():
        assert clean[row.doc_id].text[row.start : row.end] == row.text
        raw_lines = raw[row.doc_id].split("\n")
        first_word = row.text.split()[0].strip("“\"'(")
        assert first_word in raw_lines[row.line - 1], row.sent_id
    row = sample_sentences.set_index("sent_id").loc["kristmanson-cpdblog-010"]
    assert (row["line"], row["line_end"]) == (18, 21)


def test_columns_and_ids(sample_sentences):
    assert tuple(sample_sentences.columns) == SENTENCE_COLUMNS
    check_sentences(sample_sentences)
    with pytest.raises(ValueError, match="missing column"):
        check_sentences(sample_sentences.drop(columns="text"))


def test_abbreviation_list_is_shipped():
    abbrevs = read_abbreviations()
    assert {"u.s", "st", "mr", "mrs", "dr", "l.a", "aug", "pop", "e", "d"} <= abbrevs


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.?!,\n“”\"()U.S.Mr")), max_size=150))
def test_offsets_hold_for_any_input(raw):
    ct = clean_text(raw)
    frame = split_sentences(ct, "x")
    for row in frame.itertuples():
        assert ct.text[row.start : row.end] == row.text
        assert row.text.strip() == row.text and row.text
    assert list(frame["position"]) == list(range(1, len(frame) + 1))
