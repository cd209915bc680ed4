"""The command line: outputs, never overwriting, help, and errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import build_parser, main
from conftest import SAMPLE


def test_sentences_to_file_and_no_overwrite(tmp_path, capsys):
    out = tmp_path / "sentences.csv"
    assert main(["sentences", str(SAMPLE), "-o", str(out)]) == 0
    frame = pd.read_csv(out, keep_default_na=False)
    assert len(frame) == 156 and frame["sent_id"].iloc[0] == "madrid-latimes-001"
    before = out.read_bytes()
    out.write_text("coder's precious work", encoding="utf-8")
    assert main(["sentences", str(SAMPLE), "-o", str(out)]) == 1
    assert "exists; use --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "coder's precious work"
    assert main(["sentences", str(SAMPLE), "-o", str(out), "--force"]) == 0
    assert out.read_bytes() == before


def test_tokens_to_stdout(capsys):
    assert main(["tokens", str(SAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "doc_id,sent_id,token_id,start,end,token,term,stem,is_punct,is_stop"
    assert lines[1] == "madrid-latimes,madrid-latimes-001,1,0,2,In,in,in,False,True"


@pytest.mark.parametrize("command", ["validate", "sentences", "tokens", "coding-sheet", "reanchor", "code", "reproduce"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args([command, "--help"])
    assert info.value.code == 0
    assert "usage: python -m analysis " + command in capsys.readouterr().out


def test_bad_input_gives_message_not_traceback(tmp_path):
    broken = tmp_path / "c"
    (broken / "raw").mkdir(parents=True)
    (broken / "documents.csv").write_text("doc_id,file\na,raw/none.txt\n", encoding="utf-8")
    for cmd in (["sentences", str(broken)], ["tokens", str(broken)], ["validate", str(broken)]):
        run = subprocess.run([sys.executable, "-m", "analysis", *cmd], capture_output=True, text=True)
        assert run.returncode == 1, cmd
        assert "Traceback" not in run.stderr
        assert "documents.csv:2: file: " in run.stderr and "raw/none.txt does not exist" in run.stderr


def test_unknown_command_exits_2():
    run = subprocess.run([sys.executable, "-m", "analysis", "frobnicate"], capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr


_HEAVY = ("nltk", "sklearn", "scipy", "jsonschema")


def _imported_after(code: str, env: dict | None = None) -> list[str]:
    """The heavy packages a fresh interpreter has imported after running ``code``."""
    import os

    probe = f"{code}\nimport sys\nprint('imported:', *(m for m in {_HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, **(env or {})}, cwd=SAMPLE.parent)
    return out.stdout.splitlines()[-1].split()[1:]


def test_command_line_starts_without_the_heavy_libraries():
    # NLTK alone loads SciPy and scikit-learn (seconds): the parser and the codebook check need none of them
    assert _imported_after("from analysis.cli import build_parser; build_parser()") == []
    codebook = SAMPLE / "codebook.yml"
    assert _imported_after(f"from analysis.codebook import read_codebook; read_codebook({str(codebook)!r})") == []


def test_cached_tokens_are_read_back_without_nltk(tmp_path):
    run = (f"from analysis.cli import main; main(['tokens', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'tok.csv')!r}, "
           "'--force', '-q'])")
    env = {"CITY_TIES_CACHE": str(tmp_path / "cache")}
    assert "nltk" in _imported_after(run, env)  # the first run tokenizes
    assert _imported_after(run, env) == []  # the second reads every document from the cache
