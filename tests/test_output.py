"""Output writing: streamed, atomic, never through a link or over a file without --force."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis.cli import main
from analysis.output import OutputError, TableWriter, check_output, write_table
from conftest import SAMPLE

FRAME = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y,z", 'say "hi"'], "c": [True, False, True]})


def test_streamed_csv_is_the_whole_frames_csv(tmp_path):
    out = tmp_path / "t.csv"
    with TableWriter(out) as writer:
        writer.write(FRAME.iloc[:1])
        writer.write(FRAME.iloc[1:])
    assert out.read_text(encoding="utf-8") == FRAME.to_csv(index=False, lineterminator="\n")
    assert writer.rows == 3


def test_column_lists_write_the_same_bytes(tmp_path):
    out = tmp_path / "t.csv"
    with TableWriter(out) as writer:
        writer.write({c: FRAME[c].tolist() for c in FRAME.columns})
    assert out.read_text(encoding="utf-8") == FRAME.to_csv(index=False, lineterminator="\n")


def test_missing_values_and_floats_fall_back_to_pandas(tmp_path):
    frame = pd.DataFrame({"x": [0.1, None], "s": ["a", None]})
    write_table(frame, tmp_path / "f.csv")
    assert (tmp_path / "f.csv").read_text(encoding="utf-8") == frame.to_csv(index=False, lineterminator="\n")


def test_empty_table_still_has_its_header(tmp_path):
    with TableWriter(tmp_path / "e.csv", columns=["a", "b"]):
        pass
    assert (tmp_path / "e.csv").read_text(encoding="utf-8") == "a,b\n"


def test_parquet_round_trip(tmp_path):
    out = tmp_path / "t.parquet"
    with TableWriter(out) as writer:
        writer.write(FRAME.iloc[:2])
        writer.write(FRAME.iloc[2:])
    pd.testing.assert_frame_equal(pd.read_parquet(out), FRAME, check_dtype=False)


def test_failure_midway_leaves_the_old_file_and_no_temp(tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("precious", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with TableWriter(out, force=True) as writer:
            writer.write(FRAME)
            raise RuntimeError("boom")
    assert out.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_existing_file_refused_without_force(tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="exists; use --force"):
        check_output(out)
    assert check_output(out, force=True) == out


@pytest.mark.parametrize("dangling", [True, False])
def test_symlink_refused_even_with_force(tmp_path, dangling):
    target = tmp_path / "elsewhere" / "target.csv"
    target.parent.mkdir()
    if not dangling:
        target.write_text("keep", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    with pytest.raises(OutputError, match="symbolic link"):
        write_table(FRAME, link, force=True)
    assert target.exists() != dangling
    if not dangling:
        assert target.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_special_file_refused_in_one_line(capsys):
    assert main(["sentences", str(SAMPLE), "-o", "/dev/full", "--force"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("/dev/full: output: ") and "special file" in err
    assert "Traceback" not in err


def test_folder_refused(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        check_output(tmp_path, force=True)


def test_os_error_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    out = blocker / "sub" / "t.csv"  # a folder cannot be made inside a file
    assert main(["sentences", str(SAMPLE), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ": output: " in err and str(out.name) in err


def test_disk_full_while_writing_is_one_line(tmp_path, monkeypatch, capsys):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "s.csv"
    assert main(["sentences", str(SAMPLE), "-o", str(out), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert err.strip().endswith("s.csv: output: No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_cli_parquet_matches_csv(tmp_path):
    assert main(["tokens", str(SAMPLE), "-o", str(tmp_path / "t.csv"), "-q"]) == 0
    assert main(["tokens", str(SAMPLE), "-o", str(tmp_path / "t.parquet"), "-q"]) == 0
    csv_frame = pd.read_csv(tmp_path / "t.csv", keep_default_na=False, dtype=str)
    parquet = pd.read_parquet(tmp_path / "t.parquet").astype(str)
    assert csv_frame.values.tolist() == parquet.values.tolist()


def test_save_figure_is_byte_stable_whole_and_rewritten_only_on_change(tmp_path):
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.plots import DPI, save_figure

    def figure(title=""):
        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [2, 0, 1])
        ax.set_title(title)
        return fig

    path = save_figure(figure(), "01-line", tmp_path)
    again = figure()
    again.tight_layout()
    direct = io.BytesIO()
    again.savefig(direct, format="png", dpi=DPI, metadata={"Software": None})
    assert path == tmp_path / "01-line.png" and path.read_bytes() == direct.getvalue()
    os.utime(path, (1, 1))
    save_figure(figure(), "01-line", tmp_path)  # the same figure drawn again: the file is left alone
    assert path.stat().st_mtime == 1
    save_figure(figure("changed"), "01-line", tmp_path)
    assert path.read_bytes() != direct.getvalue() and path.stat().st_mtime != 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-line.png"]  # nothing partial left beside it
    plt.close("all")


def test_replace_file_writes_whole_and_a_failed_write_keeps_the_old_file(tmp_path):
    from analysis.output import replace_file

    path = tmp_path / "figure.png"
    path.write_bytes(b"old")
    with pytest.raises(TypeError):
        replace_file(path, "not bytes")
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["figure.png"]
    assert replace_file(path, b"new") == path and path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.png"]
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
