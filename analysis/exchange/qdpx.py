"""REFI-QDA exchange: projects (``.qdpx``) and codebooks (``.qdc``).

REFI-QDA is the open exchange standard that MAXQDA, NVivo, ATLAS.ti,
QualCoder and others import and export [1]_. :func:`write_qdpx` writes a
``.qdpx`` zip holding ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``)
and each document's clean text (the text the sentence offsets count in,
:mod:`analysis.clean`) as a UTF-8 plain-text source under ``sources/``:

* the codebook as codes: one group code per variable (``stance``,
  ``voice``, ``actor``, ``target``; not codable) whose codable children are
  the allowed values, each with its definition as description (actors from
  ``actors.csv``);
* each coded sentence as a ``PlainTextSelection`` (character offsets in the
  source; ``name`` is the ``sent_id``) with one ``Coding`` per non-empty code;
* memos as notes referenced from their selection, and the coder as the user
  who made every coding.

:func:`read_qdpx` maps the selections of a project made elsewhere back onto
sentences: by character offsets when the source text is ours, else by
finding the selected text in the document (then by word overlap, as
:func:`analysis.anchoring.reanchor` does). A selection that covers half a
sentence or more codes it; a selection inside one sentence codes that
sentence; what cannot be mapped (unknown source or code, no sentence, two
values of one variable on one sentence) is reported, never silently dropped.
:func:`write_qdc` writes the codebook alone (``urn:QDA-XML:codebook:1.0``).

GUIDs are UUID 5 of fixed names (same input, same file, byte for byte).

References
----------
.. [1] REFI (Rotterdam Exchange Format Initiative) (2019). QDA-XML 1.0:
   Project.xsd and Codebook.xsd, https://www.qdasoftware.org (MIT licence).
"""

from __future__ import annotations

import io
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd

from analysis.anchoring import reanchor
from analysis.coding import CODE_COLUMNS, coding_sheet
from analysis.errors import CorpusError, Problem, display_path
from analysis.output import replace_file

__all__ = ["PROJECT_NS", "CODEBOOK_NS", "code_guids", "clean_texts", "project_xml", "codebook_xml", "write_qdpx",
           "write_qdc", "read_qdpx"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_SEED = uuid.UUID("6f1d4a52-2b8e-5c1e-9d7a-3c2f0e8b1a47")
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(_SEED, "\x1f".join(parts)))


def _allowed(codebook) -> dict[str, list[tuple[str, str]]]:
    """Variable -> [(value, description)] in codebook order."""
    out = {var: [(v, codebook.definitions[(var, v)]) for v in getattr(codebook, var + "s")]
           for var in ("stance", "voice", "target")}
    out["actor"] = [(a.actor_id, ", ".join(x for x in (a.name, a.kind, a.country) if x))
                    for a in codebook.actors.itertuples()]
    return {var: out[var] for var in CODE_COLUMNS}


def code_guids(codebook) -> dict[tuple[str, str], str]:
    """Return ``(variable, value) -> GUID`` of every code (``value == ""`` for a group)."""
    guids = {}
    for var, values in _allowed(codebook).items():
        guids[(var, "")] = _guid("code", var)
        for value, _ in values:
            guids[(var, value)] = _guid("code", var, value)
    return guids


def _codes(parent: ET.Element, codebook, ns: str) -> None:
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    questions = {var: str(((codebook.raw.get("variables") or {}).get(var) or {}).get("question", ""))
                 for var in CODE_COLUMNS}
    for var, values in _allowed(codebook).items():
        group = ET.SubElement(codes, f"{{{ns}}}Code", guid=_guid("code", var), name=var, isCodable="false")
        if questions[var]:
            ET.SubElement(group, f"{{{ns}}}Description").text = questions[var]
        for value, description in values:
            code = ET.SubElement(group, f"{{{ns}}}Code", guid=_guid("code", var, value), name=value, isCodable="true")
            if description:
                ET.SubElement(code, f"{{{ns}}}Description").text = description


def _tostring(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def codebook_xml(codebook) -> bytes:
    """Return the codebook as a REFI-QDA ``.qdc`` document (UTF-8 bytes)."""
    from analysis import __version__

    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", origin=f"city-ties {__version__}")
    _codes(root, codebook, CODEBOOK_NS)
    return _tostring(root, CODEBOOK_NS)


def project_xml(coding: pd.DataFrame, sentences: pd.DataFrame, texts: dict[str, str], codebook, *, coder: str,
                name: str = "city-ties") -> tuple[bytes, dict[str, str]]:
    """Return ``project.qde`` and the source texts ``{zip member: text}``.

    Parameters
    ----------
    coding : pandas.DataFrame
        A coding frame (:func:`analysis.coding.read_coding_sheet`).
    sentences : pandas.DataFrame
        The codable sentences of the corpus (no pull quotes).
    texts : dict of str to str
        ``doc_id -> clean text`` (:func:`clean_texts`); every document
        becomes a source.
    codebook : Codebook
    coder : str
        Who coded (the project's user); say what kind of coder it was.
    name : str
        The project name.
    """
    from analysis import __version__

    p = f"{{{PROJECT_NS}}}"
    user = _guid("user", coder)
    root = ET.Element(f"{p}Project", name=name, origin=f"city-ties {__version__}", creatingUserGUID=user)
    users = ET.SubElement(root, f"{p}Users")
    ET.SubElement(users, f"{p}User", guid=user, name=coder)
    _codes(ET.SubElement(root, f"{p}CodeBook"), codebook, PROJECT_NS)
    sources = ET.SubElement(root, f"{p}Sources")
    notes = []
    members = {}
    by_sent = {sid: row for sid, row in zip(coding["sent_id"], coding.to_dict("records"))}
    groups = dict(tuple(sentences.groupby("doc_id", sort=False)))
    for doc_id, text in texts.items():
        sents = groups.get(doc_id, sentences.iloc[:0])
        src_guid = _guid("source", doc_id)
        members[f"sources/{src_guid}.txt"] = text
        src = ET.SubElement(sources, f"{p}TextSource", guid=src_guid, name=doc_id,
                            plainTextPath=f"internal://{src_guid}.txt", creatingUser=user)
        for s in sents.itertuples():
            row = by_sent.get(s.sent_id)
            if row is None or not row.get("stance"):
                continue
            sel = ET.SubElement(src, f"{p}PlainTextSelection", guid=_guid("selection", coder, s.sent_id),
                                name=s.sent_id, startPosition=str(int(s.start)), endPosition=str(int(s.end)),
                                creatingUser=user)
            for var in CODE_COLUMNS:
                if row.get(var):
                    coding_el = ET.SubElement(sel, f"{p}Coding", guid=_guid("coding", coder, s.sent_id, var),
                                              creatingUser=user)
                    ET.SubElement(coding_el, f"{p}CodeRef", targetGUID=_guid("code", var, row[var]))
            if row.get("memo"):
                note_guid = _guid("note", coder, s.sent_id)
                notes.append((note_guid, s.sent_id, row["memo"]))
                ET.SubElement(sel, f"{p}NoteRef", targetGUID=note_guid)
    if notes:
        notes_el = ET.SubElement(root, f"{p}Notes")
        for note_guid, sid, memo in notes:
            note = ET.SubElement(notes_el, f"{p}Note", guid=note_guid, name=f"memo {sid}", creatingUser=user)
            ET.SubElement(note, f"{p}PlainTextContent").text = memo
    return _tostring(root, PROJECT_NS), members


def clean_texts(corpus) -> dict[str, str]:
    """Return ``doc_id -> clean text`` (the text sentence offsets count in)."""
    return {doc_id: clean.text for doc_id, clean in corpus.clean_texts()}


def _write_zip(path: Path, members: dict[str, bytes], *, force: bool) -> Path:
    if path.exists() and not force:
        raise FileExistsError(f"{display_path(path)} exists; use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            info = zipfile.ZipInfo(member, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return replace_file(path, buffer.getvalue())


def write_qdpx(path: str | Path, coding: pd.DataFrame, sentences: pd.DataFrame, texts: dict[str, str], codebook,
               *, coder: str, force: bool = False) -> Path:
    """Write a REFI-QDA project (``.qdpx``); see :func:`project_xml`. Never overwrites without ``force``."""
    path = Path(path)
    qde, texts = project_xml(coding, sentences[sentences["duplicate_of"] == ""], texts, codebook, coder=coder,
                             name=path.stem)
    members = {"project.qde": qde, **{k: v.encode("utf-8") for k, v in texts.items()}}
    return _write_zip(path, members, force=force)


def write_qdc(path: str | Path, codebook, *, force: bool = False) -> Path:
    """Write the codebook alone as a REFI-QDA ``.qdc`` file."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{display_path(path)} exists; use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    return replace_file(path, codebook_xml(codebook))


# ---------------------------------------------------------------- import


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _code_map(root: ET.Element, codebook) -> dict[str, tuple[str, str] | None]:
    """Code GUID -> (variable, value), by our GUIDs first, else by names under a variable group."""
    ours = {g: key for key, g in code_guids(codebook).items() if key[1]}
    allowed = {var: {v for v, _ in vals} for var, vals in _allowed(codebook).items()}
    out: dict[str, tuple[str, str] | None] = {}

    def walk(el, parent_name):
        for code in _children(el, "Code"):
            guid, name = code.get("guid", "").strip("{}").lower(), code.get("name", "")
            if guid in ours:
                out[guid] = ours[guid]
            elif parent_name in allowed and name in allowed[parent_name]:
                out[guid] = (parent_name, name)
            else:
                out[guid] = None
            walk(code, name.lower())

    for book in root.iter():
        if _local(book.tag) == "CodeBook":
            for codes in _children(book, "Codes"):
                walk(codes, "")
    return out


def _source_text(zf: zipfile.ZipFile, src: ET.Element) -> str | None:
    content = _children(src, "PlainTextContent")
    if content:
        return content[0].text or ""
    path = src.get("plainTextPath", "")
    if path.startswith("internal://"):
        member = "sources/" + path[len("internal://"):]
        if member in zf.namelist():
            return zf.read(member).decode("utf-8-sig")
    return None


def _covering(start: int, end: int, spans: list[tuple[int, int]]) -> tuple[list[int], str]:
    """Sentences a character span codes, and how: exact, covers (>= half of each), within, or none."""
    hits = [(i, min(end, e) - max(start, s), e - s) for i, (s, e) in enumerate(spans) if min(end, e) > max(start, s)]
    if any(spans[i] == (start, end) for i, _, _ in hits):
        return [next(i for i, _, _ in hits if spans[i] == (start, end))], "exact"
    covered = [i for i, o, n in hits if n and o / n >= 0.5]
    if covered:
        return covered, "covers"
    if hits:
        return [max(hits, key=lambda h: h[1])[0]], "within"
    return [], "none"


def read_qdpx(path: str | Path, sentences: pd.DataFrame, texts: dict[str, str], codebook
              ) -> tuple[pd.DataFrame, list[Problem]]:
    """Map the codings of a REFI-QDA project onto sentences.

    Parameters
    ----------
    path : str or Path
        The ``.qdpx`` file.
    sentences : pandas.DataFrame
        The sentences frame of the corpus.
    texts : dict of str to str
        ``doc_id -> clean text`` (:func:`clean_texts`).
    codebook : Codebook

    Returns
    -------
    coding : pandas.DataFrame
        A coding sheet (:data:`analysis.coding.SHEET_COLUMNS` plus ``coder``
        and ``mapping``: exact, covers, within, text, overlap) of the
        sentences that received a code, in sentence order.
    problems : list of Problem
        What could not be mapped, one per selection or code
        (``project.qdpx: FIELD: message``).
    """
    path = Path(path)
    name = display_path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            root = ET.fromstring(zf.read("project.qde"))
            sources = [(src, _source_text(zf, src)) for src in root.iter() if _local(src.tag) == "TextSource"]
    except FileNotFoundError:
        raise CorpusError([Problem(name, None, "file", "does not exist")]) from None
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError) as exc:
        raise CorpusError([Problem(name, None, "file", f"not a readable REFI-QDA project ({exc})")]) from None
    codes = _code_map(root, codebook)
    users = {u.get("guid"): u.get("name") or u.get("id") or u.get("guid") for u in root.iter() if _local(u.tag) == "User"}
    notes = {n.get("guid"): "".join(c.text or "" for c in _children(n, "PlainTextContent"))
             for n in root.iter() if _local(n.tag) == "Note"}
    sheet = coding_sheet(sentences).assign(coder="", mapping="")
    sheet = sheet.set_index("sent_id", drop=False)
    problems: list[Problem] = []
    docs = {d: g for d, g in sentences[sentences["duplicate_of"] == ""].groupby("doc_id", sort=False)}
    for src, text in sources:
        doc_id = src.get("name", "")
        doc_id = doc_id[:-4] if doc_id not in docs and doc_id.endswith(".txt") else doc_id
        selections = [s for s in src.iter() if _local(s.tag) == "PlainTextSelection"]
        if doc_id not in docs:
            if selections:
                problems.append(Problem(name, None, "source", f"{src.get('name')!r} is not a document of the corpus; "
                                        f"{len(selections)} selection(s) not mapped"))
            continue
        sents = docs[doc_id]
        spans = list(zip(sents["start"].astype(int), sents["end"].astype(int)))
        ours = texts.get(doc_id, "")
        for sel in selections:
            where = f"{doc_id} [{sel.get('startPosition')}:{sel.get('endPosition')}]"
            start, end = int(sel.get("startPosition", 0)), int(sel.get("endPosition", 0))
            if text is not None and text.rstrip() == ours.rstrip():
                idx, how = _covering(start, end, spans)
            else:
                idx, how = _by_text(text, start, end, sents, ours)
            if not idx:
                problems.append(Problem(name, None, "selection", f"{where}: no sentence holds this selection; not mapped"))
                continue
            values = []
            for coding_el in _children(sel, "Coding"):
                for ref in _children(coding_el, "CodeRef"):
                    target = ref.get("targetGUID", "").strip("{}").lower()
                    if codes.get(target) is None:
                        problems.append(Problem(name, None, "code", f"{where}: code {target} is not in the codebook; skipped"))
                    else:
                        values.append((codes[target], users.get(coding_el.get("creatingUser"), "")))
            memo = " ".join(notes.get(r.get("targetGUID"), "") for r in _children(sel, "NoteRef")).strip()
            for i in idx:
                sid = sents["sent_id"].iloc[i]
                for (var, value), user in values:
                    old = sheet.at[sid, var]
                    if old and old != value:
                        problems.append(Problem(name, None, var, f"{where}: {sid} has {var} {old!r} and {value!r}; kept {old!r}"))
                        continue
                    sheet.at[sid, var] = value
                    if user and user not in sheet.at[sid, "coder"].split("; "):
                        sheet.at[sid, "coder"] = "; ".join(x for x in (sheet.at[sid, "coder"], user) if x)
                if memo:
                    sheet.at[sid, "memo"] = "; ".join(x for x in (sheet.at[sid, "memo"], memo) if x)
                sheet.at[sid, "mapping"] = sheet.at[sid, "mapping"] or how
    coded = sheet[(sheet[list(CODE_COLUMNS)] != "").any(axis=1)]
    return coded.reset_index(drop=True), problems


def _by_text(text: str | None, start: int, end: int, sents: pd.DataFrame, ours: str) -> tuple[list[int], str]:
    """Place a selection whose source text differs from ours: find its text, else re-anchor by words."""
    if text is None:
        return [], "none"
    selected = text[start:end].strip()
    if not selected:
        return [], "none"
    found, i = [], ours.find(selected)
    while i != -1:
        found.append(i)
        i = ours.find(selected, i + 1)
    spans = list(zip(sents["start"].astype(int), sents["end"].astype(int)))
    if found:
        at = min(found, key=lambda i: abs(i - start))
        idx, _ = _covering(at, at + len(selected), spans)
        return idx, "text"
    probe = pd.DataFrame([{"doc_id": sents["doc_id"].iloc[0], "sent_id": "", "text": selected}], dtype=object)
    moved = reanchor(probe, sents).iloc[0]
    if moved["status"] == "orphan":
        return [], "none"
    return [list(sents["sent_id"]).index(moved["sent_id"])], "overlap"
