"""The bad-input battery (issue 13): 81 broken and hostile inputs, each handled well.

Every case builds a copy of the shipped corpus in a temporary folder
(``c/``, with a folder ``outside/`` beside it), breaks one thing, and runs
the command line in-process (:func:`analysis.cli.main`; a subprocess with a
time and memory limit where a case could run away). It asserts the exit
status; for an error, that stderr starts with one ``FILE[:LINE]: FIELD:
message`` line and holds nothing else but such lines and the count; for a
success, the case's own check (CR-only text splits into the same sentences
as LF...); for both, no traceback and no file changed or created outside the
intended output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links, FIFOs, /dev/full and SIGALRM are POSIX")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
LIMIT_S = 60
LIMIT_BYTES = 1_500_000_000
_MESSAGE = r"^{file}(:\d+)?: {field}: \S"
_ANY_MESSAGE = re.compile(r"^[^:\n]+(:\d+)?: [^:\n]+: \S|^\d+ problem\(s\) found$|^error: ")


@dataclass
class Case:
    """One input of the battery: how to break the corpus, what to run, what to expect."""

    id: str
    argv: list[str]
    setup: Callable[[Path], None] | None = None
    code: int = 1
    file: str = ""
    field: str = ""
    outputs: tuple[str, ...] = ()
    check: Callable[[Path, str, str], None] | None = None
    subprocess: bool = False
    many: bool = False  # the fault has consequences reported too (a row dropped, so its relations dangle)
    marks: tuple = dataclasses.field(default_factory=tuple)


# --- helpers that break one thing -------------------------------------------------------------------------------


def _docs(root: Path) -> list[dict]:
    with open(root / "c" / "documents.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write_docs(root: Path, rows: list[dict], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (root / "c" / "documents.csv").write_text(buf.getvalue(), encoding="utf-8")


def _set_doc(root: Path, i: int, **values) -> None:
    rows = _docs(root)
    rows[i].update(values)
    _write_docs(root, rows)


def _raw(root: Path, i: int = 0) -> Path:
    return root / "c" / _docs(root)[i]["file"]


def _set_text(root: Path, data: bytes, i: int = 0) -> None:
    """Replace text ``i`` and update its checksum, so only the content is at fault."""
    path = _raw(root, i)
    path.write_bytes(data)
    _set_doc(root, i, sha256=hashlib.sha256(data).hexdigest())


def _edit(rel: str, fn: Callable[[str], str]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / rel
        path.write_text(fn(path.read_text(encoding="utf-8-sig")), encoding="utf-8")
    return setup


def _write(rel: str, data: bytes | str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / rel
        if path.is_symlink() or path.is_file():
            path.unlink()
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return setup


def _text(data: bytes | Callable[[bytes], bytes], i: int = 0) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        _set_text(root, data(_raw(root, i).read_bytes()) if callable(data) else data, i)
    return setup


def _doc_field(i: int = 0, **values) -> Callable[[Path], None]:
    return lambda root: _set_doc(root, i, **values)


def _lines(rel: str, fn: Callable[[list[str]], list[str]]) -> Callable[[Path], None]:
    return _edit(rel, lambda t: "\n".join(fn(t.split("\n"))))


def _csv_rows(rel: str, fn: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / rel
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(fn(rows))
        path.write_text(buf.getvalue(), encoding="utf-8")
    return setup


def _symlink(rel: str, target: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / rel
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        path.symlink_to(target)
    return setup


def _both(*steps) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for step in steps:
            step(root)
    return setup


def _codebook_case(text: str) -> Callable[[Path], None]:
    return _write("c/codebook.yml", text)


_CODEBOOK_OK = (
    "variables:\n  stance:\n    values:\n      ENGAGE: {definition: keep}\n      DISENGAGE: {definition: cut}\n"
    "      NEUTRAL: {definition: none}\n  voice:\n    values: {author: {}, actor: {}}\n"
    "  target:\n    values: {russia: {}, ukraine: {}, general: {}}\n"
)


def _blank_consensus(root: Path) -> None:
    """A partly coded sheet with a memo column: two rows uncoded but with a memo."""
    path = root / "c" / "coding" / "consensus.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame["memo"] = ""
    frame.loc[[3, 4], ["stance", "voice", "actor", "target"]] = ""
    frame.loc[[3, 4], "memo"] = "not sure yet"
    frame.to_csv(root / "partial.csv", index=False, lineterminator="\n")


def _merge_two_sentences(root: Path) -> None:
    """Join two adjacent, differently coded sentences of one paragraph into one."""
    sheet = pd.read_csv(root / "c/coding/consensus.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw = _raw(root, 0).read_text(encoding="utf-8")
    for a, b in zip(sheet.itertuples(), sheet.iloc[1:].itertuples()):
        joined = f"{a.text} {b.text}"
        if a.doc_id == b.doc_id == "madrid-latimes" and a.stance != b.stance and a.text.endswith(".") \
                and joined in raw:
            _set_text(root, raw.replace(joined, f"{a.text[:-1]}; {b.text}").encode("utf-8"))
            return
    raise AssertionError("no pair of adjacent differently coded sentences found")


def _big(n_bytes: int) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = _raw(root, 0)
        with open(path, "wb") as f:
            block = b"Cities keep their ties. Others cut them at once.\n\n" * 20_000
            for _ in range(n_bytes // len(block) + 1):
                f.write(block)
        _set_doc(root, 0, sha256="")
    return setup


def _fifo(rel: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / rel).unlink()
        os.mkfifo(root / rel)
    return setup


def _notebook(root: Path) -> None:
    import nbformat

    (root / "nb").mkdir()
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), root / "nb" / "01-one.ipynb")


# --- checks of successes ------------------------------------------------------------------------------------------


def _same_sentences(root: Path, out: str, err: str) -> None:
    got = pd.read_csv(root / "out.csv", dtype=str, keep_default_na=False)
    want = pd.read_csv(root / "baseline.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(got[["sent_id", "start", "end", "text"]], want[["sent_id", "start", "end", "text"]])


def _valid(root: Path, out: str, err: str) -> None:
    assert re.search(r": valid: 5 documents, 156 sentences", out), out


def _kept_every_row(root: Path, out: str, err: str) -> None:
    given = pd.read_csv(root / "partial.csv", dtype=str, keep_default_na=False)
    moved = pd.read_csv(root / "out.csv", dtype=str, keep_default_na=False)
    assert len(moved) == len(given)
    assert set(given.columns) <= set(moved.columns) and "status" in moved
    assert list(moved["memo"]) == list(given["memo"])
    assert list(moved["adjudication"]) == list(given["adjudication"])


def _warned_merge(root: Path, out: str, err: str) -> None:
    assert re.search(r"consensus\.csv:\d+: sent_id: now on \S+ together with line \d+, coded differently", err), err


def _quiet(root: Path, out: str, err: str) -> None:
    noise = [line for line in err.splitlines() if re.search(r"warn|encryption", line, re.IGNORECASE)]
    assert not noise, noise


def _coded(root: Path, out: str, err: str) -> None:
    table = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert len(table) > 0 and {"predicted", "confidence"} <= set(table.columns)


# --- the battery -------------------------------------------------------------------------------------------------

D, R, S = "c/documents.csv", "c/raw/000_e5db3b59a08894f5.txt", "c/coding/coder_a.csv"
RAW = r"c/raw/000_e5db3b59a08894f5\.txt"
CB = r"c/codebook\.yml"
V = ["validate", "c"]
SENT = ["sentences", "c", "-o", "out.csv"]
DICT = ["--coder", "dictionary", "--corpus", "c"]
HTML = b"<!DOCTYPE html>\n<html><head><title>News</title><style>p{}</style></head>\n<body><nav>Home</nav><p>" \
       b"Cities should keep their ties.</p><script>var x = 1;</script></body></html>\n"

CASES = [
    # tables
    Case("table-missing-doc_id", V, _csv_rows(D, lambda r: [row[1:] for row in r]), file=D, field="header", many=True),
    Case("table-duplicate-doc_id", V, _doc_field(1, doc_id="madrid-latimes"), file=D, field="doc_id", many=True),
    Case("table-doc_id-with-space", V, _doc_field(0, doc_id="madrid latimes"), file=D, field="doc_id", many=True),
    Case("table-bad-date", V, _doc_field(0, date="2022-02-30"), file=D, field="date"),
    Case("table-extra-cell", V, _lines(D, lambda ls: [ls[0], ls[1] + ",extra", *ls[2:]]), file=D, field="row",
         many=True),
    Case("table-duplicate-column", V, _lines(D, lambda ls: [ls[0].replace("title", "author", 1), *ls[1:]]),
         file=D, field="author"),
    Case("table-header-only", V, _lines(D, lambda ls: ls[:1]), file=D, field="rows"),
    Case("table-empty-file", V, _write(D, b""), file=D, field="header"),
    Case("table-unknown-reprint", V, _doc_field(0, reprint_of="nowhere"), file=D, field="reprint_of"),
    Case("table-checksum", V, _edit(R, lambda t: t + "\nAdded."), file=D, field="sha256"),
    Case("table-missing-text", V, _doc_field(0, file="raw/nothing.txt"), file=D, field="file"),
    Case("table-utf16", V, lambda root: (root / D).write_bytes((root / D).read_text("utf-8").encode("utf-16")),
         file=D, field="encoding"),
    Case("table-unterminated-quote", V, _lines(D, lambda ls: [*ls[:-1], ls[-1] + ',"open']), file=D, field="row"),
    Case("table-cr-only", V, lambda root: (root / D).write_bytes((root / D).read_bytes().replace(b"\n", b"\r")),
         code=0, check=_valid),
    # encodings of the texts
    Case("text-cp1252", V, _text(lambda b: b.decode("utf-8").encode("cp1252", "replace")), file=RAW, field="encoding"),
    Case("text-utf16", V, _text(lambda b: b.decode("utf-8").encode("utf-16")), file=RAW, field="encoding"),
    Case("text-nul", V, _text(lambda b: b[:500] + b"\x00" + b[500:]), file=RAW, field="encoding"),
    Case("text-escape-char", V, _text(lambda b: b[:500] + b"\x1b[31m" + b[500:]), file=RAW, field="encoding"),
    Case("text-empty", V, _text(b""), file=RAW, field="text"),
    Case("text-html", V, _text(HTML), file=RAW, field="text"),
    Case("text-html-fragment", V, _text(b"<div class='a'><p>One.</p><p>Two.</p><p>Three.</p></div>\n"),
         file=RAW, field="text"),
    Case("text-xml", V, _text(b'<?xml version="1.0"?>\n<article><p>Keep ties.</p></article>\n'), file=RAW,
         field="text"),
    Case("text-cr-only", SENT, _text(lambda b: b.replace(b"\n", b"\r")), code=0, outputs=("out.csv",),
         check=_same_sentences),
    Case("text-mixed-line-ends", SENT, _text(lambda b: b.replace(b"\n\n", b"\r\n\r", 3).replace(b"\n", b"\r", 2)),
         code=0, outputs=("out.csv",), check=_same_sentences),
    Case("text-bom", SENT, _text(lambda b: b"\xef\xbb\xbf" + b), code=0, outputs=("out.csv",), check=_same_sentences),
    # traversal
    Case("path-dotdot", V, _doc_field(0, file="../outside/secret.txt"), file=D, field="file"),
    Case("path-absolute", V, _doc_field(0, file="/etc/passwd"), file=D, field="file"),
    Case("path-directory", V, _doc_field(0, file="raw"), file=D, field="file"),
    Case("path-no-folder", ["validate", "nowhere"], file="nowhere", field="folder"),
    Case("path-folder-is-file", ["validate", "c/documents.csv"], file="c/documents.csv", field="folder"),
    Case("path-empty-folder", ["validate", "empty"], lambda root: (root / "empty").mkdir(), file="empty",
         field="folder"),
    # symbolic links and special files
    Case("link-text-outside", V, _symlink(R, "../../outside/secret.txt"), file=D, field="file"),
    Case("link-raw-folder-outside", V, _symlink("c/raw", "../outside"), file=D, field="file", many=True),
    Case("link-dangling-text", V, _symlink(R, "gone.txt"), file=D, field="file"),
    Case("link-loop", V, _symlink(R, "000_e5db3b59a08894f5.txt"), file=D, field="file"),
    Case("link-table-to-device", V, _symlink(D, "/dev/zero"), file=D, field="file"),
    Case("fifo-text", V, _fifo(R), file=D, field="file"),
    # the codebook
    Case("yaml-scalar-root", V, _codebook_case("just words\n"), file=CB, field="root"),
    Case("yaml-values-list", V, _codebook_case(_CODEBOOK_OK.replace("values: {author: {}, actor: {}}",
                                                                    "values: [author, actor]")),
         file=CB, field=r"variables\.voice\.values"),
    Case("yaml-variables-list", V, _codebook_case("variables: [stance, voice, target]\n"), file=CB, field="variables"),
    Case("yaml-value-string", V, _codebook_case(_CODEBOOK_OK.replace("{definition: keep}", "keep ties")),
         file=CB, field=r"variables\.stance\.values\.ENGAGE"),
    Case("yaml-deep", V, _codebook_case("a: " + "[" * 20_000 + "]" * 20_000 + "\n"), file=CB, field="yaml",
         subprocess=True),
    Case("yaml-alias-bomb", V, _codebook_case(
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
        + "variables: {stance: {values: {ENGAGE: {definition: *j}}}}\n"), file=CB, field="yaml", subprocess=True),
    Case("yaml-duplicate-key", V, _codebook_case(_CODEBOOK_OK + "variables: {}\n"), file=CB, field="variables"),
    Case("yaml-empty", V, _codebook_case(""), file=CB, field="root"),
    Case("yaml-latin1", V, _write("c/codebook.yml", "name: café\n".encode("latin-1")), file=CB, field="encoding"),
    Case("yaml-indicator-list", V, _codebook_case(_CODEBOOK_OK.replace("{definition: keep}",
                                                                       "{definition: keep, indicators: [[a]]}")),
         file=CB, field=r"variables\.stance\.values\.ENGAGE\.indicators\.0"),
    Case("yaml-indicator-mappings", V, _edit("c/codebook.yml", lambda t: t.replace(
        "- maintain ties\n", "- {cue: maintain ties, source: general}\n", 1)), code=0, check=_valid),
    Case("yaml-missing-voice", V, _codebook_case(_CODEBOOK_OK.split("  voice:")[0]), file=CB, field="variables",
         many=True),
    Case("yaml-directory", V, lambda root: ((root / "c/codebook.yml").unlink(), (root / "c/codebook.yml").mkdir()),
         file=CB, field="file"),
    Case("actors-missing-column", V, _csv_rows("c/actors.csv", lambda r: [row[1:] for row in r]),
         file=r"c/actors\.csv", field="header"),
    # coding sheets
    Case("sheet-consensus-incomplete", V, _lines("c/coding/consensus.csv", lambda ls: ls[:5] + ls[6:]),
         file=r"c/coding/consensus\.csv", field="sent_id"),
    Case("sheet-unknown-stance", V, _lines(S, lambda ls: [ls[0], ls[1].replace("NEUTRAL", "MAYBE"), *ls[2:]]),
         file=S, field="stance"),
    Case("sheet-duplicate-column", V, _csv_rows(S, lambda r: [row + [row[7]] for row in r]), file=S, field="stance"),
    Case("sheet-extra-cell", V, _lines(S, lambda ls: [ls[0], ls[1] + ",DISENGAGE", *ls[2:]]), file=S, field="row"),
    Case("sheet-unknown-document", V, _csv_rows(S, lambda r: [r[0], ["elsewhere", "elsewhere-001", *r[1][2:]],
                                                            *r[2:]]), file=S, field="sent_id"),
    Case("sheet-stale-hash", V, _csv_rows(S, lambda r: [r[0], [*r[1][:4], "0000000000", *r[1][5:]], *r[2:]]),
         file=S, field="hash"),
    Case("sheet-nul", V, _edit(S, lambda t: t.replace("NEUTRAL", "NEU\x00TRAL", 1)), file=S, field="encoding"),
    Case("sheet-uncoded-row", V, _csv_rows(S, lambda r: [r[0], [*r[1][:7], "", *r[1][8:]], *r[2:]]), file=S,
         field="stance"),
    Case("reanchor-keeps-rows-and-columns", ["reanchor", "partial.csv", "c", "-o", "out.csv"], _blank_consensus,
         code=0, outputs=("out.csv",), check=_kept_every_row),
    Case("reanchor-merge-warns", ["reanchor", "c/coding/consensus.csv", "c", "-o", "out.csv"], _merge_two_sentences,
         code=0, outputs=("out.csv",), check=_warned_merge),
    Case("reanchor-missing-sheet", ["reanchor", "nothing.csv", "c"], file="nothing.csv", field="file"),
    # output paths (scaling branch: analysis/output.py)
    Case("output-exists", [*SENT], _write("out.csv", "mine\n"), file="out.csv", field="output"),
    Case("output-dangling-symlink", [*SENT, "--force"], _symlink("out.csv", "outside/planted.csv"),
         file="out.csv", field="output"),
    Case("output-symlink-force", [*SENT, "--force"], _both(_write("outside/keep.csv", "mine\n"),
                                                           _symlink("out.csv", "outside/keep.csv")),
         file="out.csv", field="output"),
    Case("output-dev-full", ["sentences", "c", "-o", "/dev/full", "--force"], file="/dev/full", field="output",
         ),
    Case("output-directory", ["sentences", "c", "-o", "outside"], file="outside", field="output"),
    # `code`
    Case("code-empty-csv", ["code", "units.csv", *DICT], _write("units.csv", "text\n"), file="units.csv",
         field="text"),
    Case("code-predicted-column", ["code", "units.csv", *DICT],
         _write("units.csv", "text,predicted\nCities should keep ties.,ENGAGE\n"), file="units.csv", field="predicted"),
    Case("code-extra-cell", ["code", "units.csv", *DICT], _write("units.csv", "text\nKeep ties, now.\n"),
         file="units.csv", field="row"),
    Case("code-unknown-suffix", ["code", "units.pages", *DICT], _write("units.pages", b"PK\x03\x04"),
         file="units.pages", field="file"),
    Case("code-broken-docx", ["code", "units.docx", *DICT], _write("units.docx", b"PK\x03\x04"),
         file="units.docx", field="docx"),
    Case("code-html-txt", ["code", "page.txt", *DICT], _write("page.txt", HTML), file="page.txt", field="text"),
    Case("code-huge-cell", ["code", "units.csv", *DICT], _write("units.csv", "text\n" + "a" * 200_000 + "\n"),
         file="units.csv", field="row"),
    Case("code-txt", ["code", "note.txt", *DICT], _write("note.txt", "Cities should keep their ties.\r"),
         code=0, check=_coded),
    # noise
    Case("reproduce-quiet", ["reproduce", "--notebooks", "nb", "--corpus", "c", "--figures", "figs"], _notebook,
         code=0, outputs=("figs",), check=_quiet, subprocess=True),
    # huge and pathological texts
    Case("huge-text", V, _big(12_000_000), file=RAW, field="text", subprocess=True),
    Case("pathological-one-long-line", SENT, _text(b"word " * 200_000), code=0, outputs=("out.csv",)),
    Case("pathological-no-spaces", SENT, _text(b"x" * 1_000_000 + b".\n"), code=0, outputs=("out.csv",)),
    Case("pathological-stars", SENT, _text(b"*" * 50_000 + b" text " + b"*" * 50_000 + b"\n"), code=0,
         outputs=("out.csv",)),
    Case("pathological-blank-lines", SENT, _text(lambda b: b + b"\n" * 200_000), code=0, outputs=("out.csv",)),
]
assert len(CASES) == 81, len(CASES)
assert len({c.id for c in CASES}) == len(CASES)


# --- running a case ----------------------------------------------------------------------------------------------


def _snapshot(root: Path) -> dict[str, object]:
    """Every entry below ``root``: a link's target, a file's checksum, or its kind."""
    seen = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                seen[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                seen[rel] = stat.S_IFMT(mode)
    return seen


# The child loads the libraries first, then may allocate at most LIMIT_BYTES more address space.
_CHILD = """
import resource, sys
import analysis.apply, analysis.cli, analysis.coding, analysis.sentences, analysis.tokens
size = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + {limit}, size + {limit}))
sys.exit(analysis.cli.main(sys.argv[1:]))
"""


def _run_subprocess(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD.format(limit=LIMIT_BYTES), *argv], cwd=cwd,
                              capture_output=True, text=True, timeout=LIMIT_S, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {LIMIT_S} s")
    return done.returncode, done.stdout, done.stderr


def _timeout(signum, frame):
    raise TimeoutError(f"did not finish within {LIMIT_S} s")


def _run_inprocess(argv: list[str], capsys) -> tuple[int, str, str]:
    old = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(LIMIT_S)
    try:
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The shipped corpus and the sentences it gives (``baseline.csv``), built once."""
    base = tmp_path_factory.mktemp("pristine")
    shutil.copytree(CORPUS, base / "c")
    (base / "outside").mkdir()
    (base / "outside" / "secret.txt").write_text("Not part of the corpus.\n", encoding="utf-8")
    from analysis.corpus import read_corpus
    from analysis.sentences import sentence_table

    sentence_table(read_corpus(base / "c")).to_csv(base / "baseline.csv", index=False, lineterminator="\n")
    return base


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=c.marks) for c in CASES])
def test_bad_input(case: Case, pristine: Path, tmp_path: Path, monkeypatch, capsys):
    shutil.copytree(pristine, tmp_path, dirs_exist_ok=True, symlinks=True)
    if case.setup is not None:
        case.setup(tmp_path)
    before = _snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    if case.subprocess:
        code, out, err = _run_subprocess(case.argv, tmp_path)
    else:
        code, out, err = _run_inprocess(case.argv, capsys)
    assert "Traceback" not in err, err
    assert code == case.code, err
    if case.code:
        lines = err.strip("\n").split("\n")
        pattern = _MESSAGE.format(file=case.file, field=case.field)
        assert re.match(pattern, lines[0]), f"{lines[0]!r} does not match {pattern!r}"
        assert all(_ANY_MESSAGE.match(line) for line in lines), err
        assert case.many or len(lines) <= 2, f"more than one problem: {err}"
    if case.check is not None:
        case.check(tmp_path, out, err)
    after = _snapshot(tmp_path)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed <= set(case.outputs), f"changed outside the intended output: {sorted(changed)}"
