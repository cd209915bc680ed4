"""Safe YAML: aliases, depth, duplicate keys refused; schema problems named with their line."""

from __future__ import annotations

import pytest

from analysis.errors import CorpusError
from analysis.safeyaml import MAX_BYTES, MAX_DEPTH, load_yaml, schema_problems


def message(text: str) -> str:
    with pytest.raises(CorpusError) as info:
        load_yaml(text, "x.yml")
    return str(info.value)


def test_plain_document_loads_with_its_nodes():
    node, data = load_yaml("a: [1, two]\nb: {c: d}\n", "x.yml")
    assert data == {"a": [1, "two"], "b": {"c": "d"}}
    assert node.start_mark.line == 0


def test_empty_document():
    assert load_yaml("# only a comment\n", "x.yml") == (None, None)


def test_alias_refused_at_its_line():
    assert message("a: &x [1, 2]\nb: *x\n") == (
        "x.yml:2: yaml: aliases (*name) are not allowed; write the value out in full")


def test_duplicate_key_refused_with_both_lines():
    assert message("a: 1\nb:\n  c: 2\n  c: 3\n") == "x.yml:4: c: key given twice in one mapping (first on line 3)"


def test_non_string_key_refused():
    assert message("yes: 1\n") == "x.yml:1: True: key 'yes' is read as bool; put it in quotes"


def test_merge_key_refused():
    assert "merge keys" in message("a:\n  <<: {b: 1}\n")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 20_000])
def test_deep_nesting_refused_before_recursion(depth):
    assert message("a: " + "[" * depth + "]" * depth + "\n").endswith(f"nested more than {MAX_DEPTH} levels deep")


def test_nesting_up_to_the_limit_loads():
    depth = MAX_DEPTH - 1
    assert load_yaml("[" * depth + "]" * depth, "x.yml")[1] is not None


def test_syntax_error_names_the_line():
    assert message("a: [1\nb: 2\n") == "x.yml:2: yaml: expected ',' or ']', but got ':'"


SCHEMA = {"type": "object", "required": ["items"], "properties": {
    "items": {"type": "array", "items": {"type": "string"}},
    "cue": {"anyOf": [{"type": "string"}, {"type": "object"}], "description": "text or a mapping"}}}


def test_schema_problems_name_field_line_and_expectation():
    node, data = load_yaml("items:\n  - one\n  - [two]\ncue: [x]\n", "x.yml")
    assert [str(p) for p in schema_problems(node, data, SCHEMA, "x.yml")] == [
        "x.yml:3: items.1: expected text, got a list",
        "x.yml:4: cue: expected text or a mapping, got a list",
    ]


def test_schema_missing_key_and_wrong_root():
    node, data = load_yaml("other: 1\n", "x.yml")
    assert [str(p) for p in schema_problems(node, data, SCHEMA, "x.yml")] == ["x.yml:1: root: expected a key 'items'"]
    node, data = load_yaml("just text\n", "x.yml")
    assert [str(p) for p in schema_problems(node, data, SCHEMA, "x.yml")] == [
        "x.yml:1: root: expected a mapping (key: value), got text 'just text'"]


def test_oversized_file_refused_before_parsing():
    assert message("a: b\n" * (MAX_BYTES // 5 + 1)) == (
        f"x.yml: file: {MAX_BYTES + 5:,} characters, more than the {MAX_BYTES:,} a YAML file here may have")


def _mutated(data, path, value):
    """A copy of ``data`` with the node at ``path`` replaced by ``value``."""
    import json

    out = json.loads(json.dumps(data))
    if not path:
        return value
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


def test_fast_check_and_jsonschema_agree_on_every_codebook_mutation():
    """A file the fast check passes is one jsonschema passes too, and the other way round."""
    import json

    import jsonschema

    from analysis.codebook import CODEBOOK_SCHEMA
    from analysis.safeyaml import _fast_validator
    from conftest import ROOT

    _, data = load_yaml((ROOT / "corpus" / "codebook.yml").read_text(encoding="utf-8"), "codebook.yml")
    fast = _fast_validator(json.dumps(CODEBOOK_SCHEMA, sort_keys=True))
    full = jsonschema.Draft202012Validator(CODEBOOK_SCHEMA)
    values = [None, "text", 1.5, True, ["a"], {}, {"values": None}]
    checked = invalid = 0
    for path in list(_paths(data)):
        for value in values:
            case = _mutated(data, path, value)
            expected = full.is_valid(case)
            assert fast(case) == expected, (path, value)
            checked += 1
            invalid += not expected
    assert checked > 1000 and 0 < invalid < checked  # both kinds of case were tried
