"""The codebook: ``corpus/codebook.yml`` and ``corpus/actors.csv`` as one object.

:func:`read_codebook` reads the YAML with a restricted safe loader
(:mod:`analysis.safeyaml`: no aliases, bounded depth, no duplicate keys) and
the actors table, checks their shape against :data:`CODEBOOK_SCHEMA`, and returns a frozen :class:`Codebook`
that the coding sheets (:mod:`analysis.coding`), the dictionary coder
(:mod:`analysis.coders`) and notebook 02 use. Problems are reported as
``FILE:LINE: FIELD: message``, with YAML line numbers from the parser.

Statement model (Discourse Network Analysis, Leifeld 2017): a coded
sentence has a ``stance`` (ENGAGE / DISENGAGE / NEUTRAL), a ``voice``
(author / actor), an ``actor`` (an ``actor_id`` of ``actors.csv``) and a
``target`` (russia / ukraine / general).

References
----------
.. [1] Leifeld, P. (2017). Discourse network analysis: policy debates as
   dynamic networks. In The Oxford Handbook of Political Networks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from analysis.corpus import decode_text, read_csv_records
from analysis.errors import CorpusError, Problem, display_path
from analysis.safeyaml import load_yaml, schema_problems

__all__ = ["Codebook", "read_codebook", "read_actors", "codebook_table", "VARIABLES", "CODEBOOK_SCHEMA"]

VARIABLES = ("stance", "voice", "actor", "target")
ACTOR_COLUMNS = ("actor_id", "name", "kind", "country")

_TEXT = {"type": "string", "description": "text"}
_TEXTS = {"type": ["array", "null"], "items": _TEXT, "description": "a list of texts (- item)"}
_CUE = {
    "anyOf": [_TEXT, {"type": "object", "required": ["cue"],
                      "properties": {"cue": _TEXT, "source": _TEXT}}],
    "description": "a cue as text or as a mapping {cue: ..., source: ...}",
}
_VALUE = {
    "type": ["object", "null"],
    "description": "a mapping with definition, include, exclude, indicators, examples",
    "properties": {
        "definition": _TEXT,
        "include": _TEXTS,
        "exclude": _TEXTS,
        "indicators": {"type": ["array", "null"], "items": _CUE, "description": "a list of cues (- cue)"},
        "examples": {"type": ["array", "null"], "description": "a list of examples (- sent_id: ..., text: ...)",
                     "items": {"type": "object", "description": "a mapping {sent_id, text, note}",
                               "properties": {"sent_id": _TEXT, "text": _TEXT, "note": _TEXT}}},
    },
}
_VARIABLE = {
    "type": "object",
    "description": "a mapping with question, values",
    "required": ["values"],
    "properties": {"values": {"type": ["object", "null"], "additionalProperties": _VALUE,
                              "description": "a mapping of VALUE: {definition: ...}"}},
}
#: JSON Schema of ``codebook.yml`` (indicators: text, or ``{cue, source}``).
CODEBOOK_SCHEMA = {
    "type": "object",
    "description": "a mapping with name, version, variables, rules",
    "required": ["variables"],
    "properties": {
        "name": _TEXT,
        "variables": {
            "type": "object",
            "description": "a mapping of VARIABLE: {values: ...}",
            "required": ["stance", "voice", "target"],
            "properties": {"stance": _VARIABLE, "voice": _VARIABLE, "target": _VARIABLE,
                           "actor": {"type": "object", "description": "a mapping"},
                           "memo": {"type": "object", "description": "a mapping"}},
        },
        "rules": {"type": ["array", "null"], "description": "a list of rules (- id: ..., rule: ...)",
                  "items": {"type": "object", "description": "a mapping {id, rule, example}",
                            "properties": {"id": _TEXT, "rule": _TEXT, "example": _TEXT}}},
    },
}


@dataclass(frozen=True)
class Codebook:
    """Allowed codes, their definitions and cue words.

    Attributes
    ----------
    stances, voices, targets : tuple of str
        Allowed values of each variable, in codebook order.
    actors : pandas.DataFrame
        ``actor_id, name, kind, country, notes`` from ``actors.csv``.
    indicators : dict
        Stance -> tuple of indicator entries as in the YAML: a cue string or
        ``{cue, source}`` (see :meth:`cue_table`; :meth:`lexicon` gives the
        dictionary coder's cues).
    definitions : dict
        ``(variable, value)`` -> definition text.
    rules : tuple of dict
        The coding rules (``id, rule, example``).
    raw : dict
        The parsed YAML, for display.
    """

    stances: tuple[str, ...]
    voices: tuple[str, ...]
    targets: tuple[str, ...]
    actors: pd.DataFrame
    indicators: dict
    definitions: dict
    rules: tuple
    raw: dict

    @property
    def actor_ids(self) -> tuple[str, ...]:
        """The allowed ``actor`` codes."""
        return tuple(self.actors["actor_id"])

    @staticmethod
    def _cue_entry(label: str, entry) -> tuple[str, str]:
        """``(cue, source)`` of one indicator entry: a string, or a mapping ``{cue, source}``."""
        if isinstance(entry, str):
            return entry, "unknown"
        if isinstance(entry, dict) and isinstance(entry.get("cue"), str) and entry["cue"].strip():
            return entry["cue"], str(entry.get("source") or "unknown")
        raise ValueError(f"indicator of {label!r} must be a cue string or {{cue: ..., source: ...}}, got {entry!r}")

    def cue_table(self) -> pd.DataFrame:
        """Return every indicator with its provenance: ``label, cue, source``.

        ``source`` is ``"general"`` (the cue follows from the definition and
        would be written without reading the texts), the ``doc_id`` the cue
        was taken from, or ``"unknown"`` for a plain string entry. Rows in
        codebook order; index 0..n-1.

        References
        ----------
        .. [1] Grimmer, J. & Stewart, B. M. (2013). Text as data. Political
           Analysis, 21(3), 267-297 (a dictionary built from the texts it
           codes must be validated on other texts).
        """
        rows = [(label, *self._cue_entry(label, entry)) for label, entries in self.indicators.items()
                for entry in entries]
        return pd.DataFrame(rows, columns=["label", "cue", "source"])

    def lexicon(self, *, sources=None, exclude_sources=()) -> dict[str, tuple[str, ...]]:
        """Return ``{stance: (cues)}`` for the stances that have indicators.

        Parameters
        ----------
        sources : iterable of str, optional
            Keep only cues of these sources, e.g. ``("general",)``.
        exclude_sources : iterable of str, default=()
            Drop cues taken from these documents (e.g. the held-out ones).

        Examples
        --------
        >>> cb = Codebook((), (), (), pd.DataFrame(), {"E": ("keep", {"cue": "fab", "source": "d1"})}, {}, (), {})
        >>> cb.lexicon(), cb.lexicon(exclude_sources=["d1"]), cb.lexicon(sources=["general"])
        ({'E': ('keep', 'fab')}, {'E': ('keep',)}, {})
        """
        if isinstance(sources, str) or isinstance(exclude_sources, str):
            raise TypeError("sources and exclude_sources take a list of sources, not one string")
        keep = None if sources is None else set(sources)
        drop = set(exclude_sources)
        table = self.cue_table()
        mask = ~table["source"].isin(drop) & (table["source"].isin(keep) if keep is not None else True)
        out = {}
        for label, cue in zip(table.loc[mask, "label"], table.loc[mask, "cue"]):
            out.setdefault(label, []).append(cue)
        return {label: tuple(cues) for label, cues in out.items()}


def _node_line(node, *keys) -> int | None:
    """1-based line of the YAML node at ``keys`` (best effort)."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        for k, v in node.value:
            if k.value == key:
                node = v
                break
        else:
            break
    return node.start_mark.line + 1 if node is not None else None


def read_actors(path: str | Path) -> pd.DataFrame:
    """Read ``actors.csv``: ``actor_id, name, kind, country`` (+ ``notes``).

    Raises
    ------
    CorpusError
        Missing columns, empty or duplicate ``actor_id``.
    """
    name = display_path(path)
    header, records = read_csv_records(path, what="actors table")
    missing = [c for c in ACTOR_COLUMNS if c not in header]
    if missing:
        raise CorpusError([Problem(name, 1, "header", f"missing column(s) {', '.join(missing)}; found: {', '.join(header)}")])
    rows, problems, seen = [], [], {}
    for line, record in records:
        row = dict(zip(header, record))
        actor_id = (row.get("actor_id") or "").strip()
        if not actor_id:
            problems.append(Problem(name, line, "actor_id", "empty"))
            continue
        if actor_id in seen:
            problems.append(Problem(name, line, "actor_id", f"duplicate {actor_id!r} (first on line {seen[actor_id]})"))
            continue
        seen[actor_id] = line
        rows.append({c: (row.get(c) or "").strip() for c in (*ACTOR_COLUMNS, "notes")})
    if problems:
        raise CorpusError(problems)
    return pd.DataFrame(rows, columns=[*ACTOR_COLUMNS, "notes"])


def read_codebook(path: str | Path, *, actors: str | Path | None = None) -> Codebook:
    """Read and check a codebook YAML file and its actors table.

    Parameters
    ----------
    path : str or Path
        The codebook, e.g. ``corpus/codebook.yml``.
    actors : str or Path, optional
        The actors table; default ``actors.csv`` beside the codebook.

    Returns
    -------
    Codebook

    Raises
    ------
    CorpusError
        Unreadable or unsafe YAML (aliases, deep nesting, duplicate keys:
        see :func:`analysis.safeyaml.load_yaml`), a field of the wrong shape
        (``FILE:LINE: FIELD: expected ...``, see :data:`CODEBOOK_SCHEMA`), or
        a variable without values.
    """
    path = Path(path)
    name = display_path(path)
    if not path.is_file():
        raise CorpusError([Problem(name, None, "file", "does not exist" if not path.exists() else "is not a file")])
    text = decode_text(path.read_bytes(), name)
    root, data = load_yaml(text, name)
    problems = schema_problems(root, data, CODEBOOK_SCHEMA, name)
    if problems:
        raise CorpusError(problems)
    variables = data["variables"]
    values = {}
    for var in ("stance", "voice", "target"):
        vals = (variables.get(var) or {}).get("values") or {}
        if not vals:
            problems.append(Problem(name, _node_line(root, "variables", var), var, "no values defined"))
        values[var] = tuple(vals)
    if problems:
        raise CorpusError(problems)
    stance_values = variables["stance"]["values"]
    indicators = {k: tuple((v or {}).get("indicators") or ()) for k, v in stance_values.items()}
    definitions = {}
    for var in ("stance", "voice", "target"):
        for value, spec in variables[var]["values"].items():
            definitions[(var, value)] = " ".join(str((spec or {}).get("definition", "")).split())
    actor_path = Path(actors) if actors is not None else path.with_name("actors.csv")
    return Codebook(
        stances=values["stance"],
        voices=values["voice"],
        targets=values["target"],
        actors=read_actors(actor_path),
        indicators=indicators,
        definitions=definitions,
        rules=tuple(data.get("rules") or ()),
        raw=data,
    )


def codebook_table(codebook: Codebook) -> pd.DataFrame:
    """Return the codebook as a table for display: ``variable, value, definition``."""
    rows = [(var, value, text) for (var, value), text in codebook.definitions.items()]
    return pd.DataFrame(rows, columns=["variable", "value", "definition"])
