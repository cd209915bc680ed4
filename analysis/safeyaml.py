"""Read a user's YAML file safely and check its shape against a JSON Schema.

:func:`load_yaml` parses with PyYAML's safe loader, restricted further:
aliases are refused (a "billion laughs" alias bomb of a few kilobytes would
otherwise expand to gigabytes), nesting deeper than ``max_depth`` is refused
before Python's recursion limit is reached, a key given twice in one
mapping is refused (instead of the last silently winning), and mapping keys
must be strings. :func:`schema_problems` validates the parsed data with
``jsonschema`` and names each wrongly shaped field with the line the YAML
parser saw it on, so every message reads ``FILE:LINE: FIELD: expected ...``.
A file that passes is checked only with ``fastjsonschema`` (a schema
compiled once into Python code); ``jsonschema``, which lists every problem
but takes a second or two to import where its optional format checkers are
installed, is imported only for a file that fails. The schemas here use no
keyword whose meaning differs between the two (draft 7 and draft 2020-12);
the tests check that both libraries agree.

References
----------
.. [1] YAML Ain't Markup Language, version 1.1, section 3.2.2.2 (anchors and
   aliases) and 3.2.1.1 (keys of a mapping are unique).
.. [2] JSON Schema: a media type for describing JSON documents, draft
   2020-12 (https://json-schema.org/draft/2020-12/json-schema-core).
"""

from __future__ import annotations

import json
from functools import lru_cache

import yaml
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent

from analysis.errors import CorpusError, Problem

__all__ = ["load_yaml", "schema_problems", "MAX_DEPTH", "MAX_BYTES"]

#: Deepest nesting of mappings and sequences accepted.
MAX_DEPTH = 40
#: Largest YAML file accepted (characters): the pure-Python parser that the
#: checks above need reads about 20 KB a second on a slow machine, and a
#: codebook is a few tens of kilobytes.
MAX_BYTES = 300_000


class _Refused(Exception):
    def __init__(self, line: int | None, field: str, message: str):
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


def _loader_class(max_depth: int):
    class Loader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent, index):
            event = self.peek_event()
            line = event.start_mark.line + 1
            if isinstance(event, AliasEvent):
                raise _Refused(line, "yaml", "aliases (*name) are not allowed; write the value out in full")
            nests = isinstance(event, (MappingStartEvent, SequenceStartEvent))
            if nests:
                self._depth += 1
                if self._depth > max_depth:
                    raise _Refused(line, "yaml", f"nested more than {max_depth} levels deep")
            try:
                return super().compose_node(parent, index)
            finally:
                if nests:
                    self._depth -= 1

        def construct_mapping(self, node, deep=False):
            seen: dict = {}
            for key_node, _ in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(line, "yaml", "a key must be a plain word, not a list or mapping")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(line, "yaml", "merge keys (<<) are not allowed")
                key = self.construct_object(key_node)
                if not isinstance(key, str):
                    raise _Refused(line, str(key), f"key {key_node.value!r} is read as {type(key).__name__}; "
                                   "put it in quotes")
                if key in seen:
                    raise _Refused(line, key, f"key given twice in one mapping (first on line {seen[key]})")
                seen[key] = line
            return super().construct_mapping(node, deep=deep)

    return Loader


def load_yaml(text: str, name: str, *, max_depth: int = MAX_DEPTH) -> tuple[yaml.Node | None, object]:
    """Parse one YAML document safely; return its node tree and its data.

    Parameters
    ----------
    text : str
        The decoded file.
    name : str
        File name for messages.
    max_depth : int
        Deepest nesting accepted.

    Returns
    -------
    node : yaml.Node or None
        The composed document (for line numbers); None for an empty file.
    data : object
        The constructed Python data.

    Raises
    ------
    CorpusError
        ``NAME:LINE: yaml: ...`` for a syntax error, an alias, too deep a
        nesting, a file too large; ``NAME:LINE: KEY: ...`` for a duplicate
        or non-string key.

    Examples
    --------
    >>> load_yaml("a: 1", "x.yml")[1]
    {'a': 1}
    >>> load_yaml("a: 1\\na: 2", "x.yml")
    Traceback (most recent call last):
    analysis.errors.CorpusError: x.yml:2: a: key given twice in one mapping (first on line 1)
    """
    if len(text) > MAX_BYTES:
        raise CorpusError([Problem(name, None, "file", f"{len(text):,} characters, more than the {MAX_BYTES:,} a YAML file here may have")])
    loader = _loader_class(max_depth)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        raise CorpusError([Problem(name, exc.line, exc.field, exc.message)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise CorpusError([Problem(name, line, "yaml", str(getattr(exc, "problem", None) or exc))]) from None
    finally:
        loader.dispose()
    return node, data


_KINDS = {"object": "a mapping (key: value)", "array": "a list (- item)", "string": "text", "null": "nothing",
          "number": "a number", "integer": "a whole number", "boolean": "true or false"}


def _kind(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return f"{type(value).__name__} {value!r}"


def _line(node, path) -> int | None:
    """Line of the node at ``path`` (mapping keys and list indexes), or of its nearest parent."""
    if node is None:
        return None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if k.value == step]
            if not found:
                break
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
    return node.start_mark.line + 1


def _message(error) -> str:
    """The "expected ..." text of a ``jsonschema.ValidationError``."""
    if "description" in error.schema and error.validator in ("anyOf", "oneOf", "type"):
        return f"expected {error.schema['description']}, got {_kind(error.instance)}"
    if error.validator == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"expected {' or '.join(_KINDS.get(t, t) for t in types)}, got {_kind(error.instance)}"
    if error.validator == "required":
        return f"expected a key {error.message.split(' is ')[0]}"
    return f"expected {error.schema.get('description', 'another value')}: {error.message}"


@lru_cache(maxsize=16)
def _fast_validator(schema_json: str):
    """A function ``data -> bool``: does ``data`` satisfy the schema (compiled by fastjsonschema)?"""
    import fastjsonschema

    check = fastjsonschema.compile(json.loads(schema_json))

    def valid(data) -> bool:
        try:
            check(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return valid


def schema_problems(node, data, schema: dict, name: str, *, root: str = "root") -> list[Problem]:
    """Check ``data`` against a JSON Schema; one :class:`Problem` per wrongly shaped field.

    Parameters
    ----------
    node : yaml.Node or None
        From :func:`load_yaml` (gives the lines).
    data : object
        From :func:`load_yaml`.
    schema : dict
        A JSON Schema (draft 2020-12); a ``description`` on a node is used
        as the "expected ..." text.
    name : str
        File name for messages.
    root : str
        Field name used for the document itself.

    Returns
    -------
    list of Problem
        ``NAME:LINE: a.b.c: expected ...``, in document order.
    """
    if _fast_validator(json.dumps(schema, sort_keys=True))(data):
        return []
    import jsonschema  # only for a file that fails: every problem, with its path

    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in validator.iter_errors(data):
        path = list(error.absolute_path)
        field = ".".join(str(p) for p in path) or root
        problems.append(Problem(name, _line(node, path), field, _message(error)))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.field))
