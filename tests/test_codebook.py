"""The codebook: its shape, its examples, and errors with YAML line numbers."""

from __future__ import annotations

import pytest

from analysis.codebook import read_codebook
from analysis.errors import CorpusError
from conftest import SAMPLE


@pytest.fixture(scope="module")
def codebook():
    return read_codebook(SAMPLE / "codebook.yml")


def test_values(codebook):
    assert codebook.stances == ("ENGAGE", "DISENGAGE", "NEUTRAL")
    assert codebook.voices == ("author", "actor")
    assert codebook.targets == ("russia", "ukraine", "general")
    assert {"zelensky", "lightfoot", "tallahassee-council", "sister-cities-international", "unspecified"} <= set(
        codebook.actor_ids
    )


def test_every_category_has_definition_and_two_quoted_examples(codebook, sample_sentences):
    texts = dict(zip(sample_sentences["sent_id"], sample_sentences["text"]))
    variables = codebook.raw["variables"]
    for var in ("stance", "voice", "target"):
        for value, spec in variables[var]["values"].items():
            assert spec["definition"].strip(), (var, value)
            examples = spec["examples"]
            assert len(examples) >= 2, (var, value)
            for ex in examples:
                assert ex["sent_id"] in texts, ex["sent_id"]
                for fragment in ex["text"].split("..."):
                    assert fragment.strip(" ,") in texts[ex["sent_id"]], ex["sent_id"]


def test_lexicon_from_indicators(codebook):
    lexicon = codebook.lexicon()
    assert set(lexicon) == {"ENGAGE", "DISENGAGE"}
    assert "sever" in lexicon["DISENGAGE"] and "maintain ties" in lexicon["ENGAGE"]


def test_rules_have_examples(codebook):
    assert [r["id"] for r in codebook.rules] == [f"R{i}" for i in range(1, 10)]


def test_yaml_error_names_the_line(tmp_path):
    bad = tmp_path / "codebook.yml"
    bad.write_text("variables:\n  stance:\n    values: [ENGAGE\n", encoding="utf-8")
    (tmp_path / "actors.csv").write_text("actor_id,name,kind,country\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_codebook(bad)
    assert ":4: yaml: " in str(info.value) or ":3: yaml: " in str(info.value)


def test_variable_without_values_named_with_its_line(tmp_path):
    bad = tmp_path / "codebook.yml"
    bad.write_text(
        "variables:\n  stance:\n    values: {ENGAGE: {}}\n  voice:\n    values: {}\n  target:\n    values: {a: {}}\n",
        encoding="utf-8",
    )
    (tmp_path / "actors.csv").write_text("actor_id,name,kind,country\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_codebook(bad)
    assert str(info.value).endswith("codebook.yml:5: voice: no values defined")


def test_duplicate_actor(tmp_path):
    (tmp_path / "codebook.yml").write_text((SAMPLE / "codebook.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "actors.csv").write_text("actor_id,name,kind,country\na,A,x,\na,B,y,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"actors.csv:3: actor_id: duplicate 'a' \(first on line 2\)"):
        read_codebook(tmp_path / "codebook.yml")


MINIMAL = (
    "variables:\n  stance:\n    values:\n      ENGAGE:\n        definition: keep\n        indicators:\n"
    "          - keep ties\n          - {cue: maintain ties, source: general}\n      NEUTRAL: {definition: none}\n"
    "  voice:\n    values: {author: {}}\n  target:\n    values: {russia: {}}\n"
)


def _read(tmp_path, text):
    (tmp_path / "codebook.yml").write_text(text, encoding="utf-8")
    (tmp_path / "actors.csv").write_text("actor_id,name,kind,country\n", encoding="utf-8")
    return read_codebook(tmp_path / "codebook.yml")


def test_indicators_as_text_or_cue_mapping(tmp_path):
    assert _read(tmp_path, MINIMAL).stances == ("ENGAGE", "NEUTRAL")


@pytest.mark.parametrize("text, expected", [
    ("- a list\n", "codebook.yml:1: root: expected a mapping with name, version, variables, rules, got a list"),
    (MINIMAL.replace("values: {author: {}}", "values: [author]"),
     "codebook.yml:11: variables.voice.values: expected a mapping of VALUE: {definition: ...}, got a list"),
    ("variables: [stance]\n", "codebook.yml:1: variables: expected a mapping of VARIABLE: {values: ...}, got a list"),
    (MINIMAL.replace("{definition: none}", "none at all"),
     "codebook.yml:9: variables.stance.values.NEUTRAL: expected a mapping with definition, include, exclude, "
     "indicators, examples, got text 'none at all'"),
    (MINIMAL.replace("- keep ties", "- {source: general}"),
     "codebook.yml:7: variables.stance.values.ENGAGE.indicators.0: expected a cue as text or as a mapping "
     "{cue: ..., source: ...}, got a mapping"),
    (MINIMAL + "variables: {}\n", "codebook.yml:14: variables: key given twice in one mapping (first on line 1)"),
])
def test_wrongly_shaped_field_named_with_line_and_expectation(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorpusError) as info:
        _read(tmp_path, text)
    assert str(info.value) == expected


def test_alias_bomb_refused_at_once(tmp_path):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    with pytest.raises(CorpusError, match=r"codebook.yml:2: yaml: aliases"):
        _read(tmp_path, bomb + MINIMAL)


def test_cue_table_records_provenance(codebook, sample_corpus):
    table = codebook.cue_table()
    assert list(table.columns) == ["label", "cue", "source"]
    assert len(table) == sum(len(v) for v in codebook.lexicon().values())
    assert set(table["source"]) <= {"general", *sample_corpus.documents["doc_id"]}
    source = dict(zip(table["cue"], table["source"]))
    assert source["tantamount to providing support"] == "madrid-latimes"
    assert source["here for you"] == "amiri-cpdblog" and source["sever"] == "general"


def test_cue_taken_from_a_document_occurs_in_it(codebook, sample_sentences):
    """A cue attributed to a document must fire in that document (provenance checked against the texts)."""
    from analysis.coders import DictionaryCoder

    for label, cue, source in codebook.cue_table().itertuples(index=False):
        if source == "general":
            continue
        text = sample_sentences.loc[sample_sentences["doc_id"] == source, "text"]
        matches = DictionaryCoder({label: [cue]}).fit(["x"]).match_table(text)
        assert len(matches) > 0, (cue, source)


def test_lexicon_filters_by_source(codebook):
    everything, general = codebook.lexicon(), codebook.lexicon(sources=("general",))
    assert "here for you" in everything["ENGAGE"] and "here for you" not in general["ENGAGE"]
    assert set(general["DISENGAGE"]) < set(everything["DISENGAGE"])
    no_madrid = codebook.lexicon(exclude_sources=["madrid-latimes"])
    assert "cannot coexist" not in no_madrid["DISENGAGE"] and "here for you" in no_madrid["ENGAGE"]
    with pytest.raises(TypeError):
        codebook.lexicon(sources="general")


def test_plain_string_indicator_has_unknown_source(tmp_path):
    text = (SAMPLE / "codebook.yml").read_text(encoding="utf-8").replace(
        "- {cue: keep ties, source: general}", "- keep ties")
    (tmp_path / "codebook.yml").write_text(text, encoding="utf-8")
    cb = read_codebook(tmp_path / "codebook.yml", actors=SAMPLE / "actors.csv")
    row = cb.cue_table().query("cue == 'keep ties'")
    assert row["source"].tolist() == ["unknown"]
    assert "keep ties" not in cb.lexicon(sources=("general",))["ENGAGE"] and "keep ties" in cb.lexicon()["ENGAGE"]
