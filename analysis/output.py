"""Output: every table the command line writes, streamed, atomic and never clobbering.

A table is written as rows arrive (one document's frame at a time), so a
large corpus never has to sit in memory whole: CSV by default, Parquet
(through pyarrow) when the output name ends in ``.parquet``. The rows go to
a temporary file in the output's own folder, which is renamed over the
output only when every row is written, so a failure never leaves a
half-written file, and never touches an existing file of the user's:

- an existing output is refused unless ``force`` is given;
- a symbolic link (even a dangling one) or a special file (``/dev/full``, a
  FIFO, a folder) is always refused: writing through it would write
  somewhere the user did not name;
- an operating-system error (disk full, no such folder, permission) becomes
  one line ``FILE: output: message`` (:class:`OutputError`).

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> with TableWriter(out) as writer:
...     writer.write(pd.DataFrame({"a": [1, 2]}))
...     writer.write(pd.DataFrame({"a": [3]}))
>>> out.read_text()
'a\\n1\\n2\\n3\\n'
"""

from __future__ import annotations

import csv
import os
import stat
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis.errors import display_path

__all__ = ["OutputError", "TableWriter", "check_output", "write_table", "replace_file"]

PARQUET_SUFFIXES = (".parquet", ".pq")


class OutputError(Exception):
    """An output that cannot or must not be written: ``FILE: output: message``.

    Parameters
    ----------
    path : str or Path
        The output as the user named it.
    message : str
        What is wrong.
    """

    def __init__(self, path, message: str):
        self.path = display_path(path)
        self.message = message
        super().__init__(f"{self.path}: output: {message}")


def _os_message(exc: OSError) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def check_output(out: str | os.PathLike, *, force: bool = False) -> Path:
    """Return ``out`` as a Path if it may be written, else raise :class:`OutputError`.

    Parameters
    ----------
    out : str or Path
        The output file.
    force : bool, default False
        Allow replacing an existing regular file.

    Raises
    ------
    OutputError
        If ``out`` is a symbolic link, a folder or a special file, or exists
        and ``force`` is false.
    """
    path = Path(out)
    if path.is_symlink():
        return _refuse(path, "is a symbolic link; refusing to write through it (name a regular file)")
    try:
        st = path.stat()
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputError(path, _os_message(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        return _refuse(path, "is a folder; name a file")
    if not stat.S_ISREG(st.st_mode):
        return _refuse(path, "is a special file (device, pipe or socket); refusing to replace it")
    if not force:
        return _refuse(path, "exists; use --force to overwrite it")
    return path


def replace_file(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole: into a temporary file beside it, then renamed over it.

    A reader (or a second writer) never sees half a file, and a failed write
    leaves the old file as it was. The new file gets the usual permissions
    (``0o666`` less the umask). No checks: for files the suite owns, such as
    figures; user-named outputs go through :func:`check_output` first.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _refuse(path: Path, message: str):
    raise OutputError(path, message)


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() in PARQUET_SUFFIXES


class TableWriter:
    """Write a table row block by row block to a file (atomically) or stdout.

    Use as a context manager; :meth:`write` appends a DataFrame's rows. On a
    clean exit the temporary file replaces ``out``; on an exception it is
    removed and ``out`` is left as it was.

    Parameters
    ----------
    out : str, Path or None
        The output file; ``None`` or ``"-"`` writes CSV to standard output.
        A name ending in ``.parquet`` writes Parquet.
    force : bool, default False
        Replace an existing regular file.
    columns : sequence of str, optional
        Column names, so that an empty table still gets its header.

    Attributes
    ----------
    rows : int
        Rows written so far.
    where : str
        ``"stdout"`` or the output as displayed in messages.
    """

    def __init__(self, out=None, *, force: bool = False, columns=None):
        self.stdout = out is None or str(out) == "-"
        self.path = None if self.stdout else check_output(out, force=force)
        self.force = force
        self.columns = list(columns) if columns is not None else None
        self.rows = 0
        self.where = "stdout" if self.stdout else display_path(self.path)
        self._fh = None
        self._tmp = None
        self._parquet = None
        self._schema = None
        self._header_done = False
        self._csv = None

    # -- opening and closing -------------------------------------------------
    def __enter__(self) -> "TableWriter":
        if self.stdout:
            self._fh = sys.stdout
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        except OSError as exc:
            raise OutputError(self.path, _os_message(exc)) from None
        self._tmp = Path(tmp)
        if _is_parquet(self.path):
            os.close(fd)
        else:
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.stdout:
            self._fh.flush()
            return
        try:
            if exc_type is None:
                if self.columns is not None and not self._header_done and self.rows == 0:
                    self.write(pd.DataFrame({c: pd.Series(dtype=object) for c in self.columns}))
                self._close()
                self._commit()
        except OSError as exc:
            self._discard()
            raise OutputError(self.path, _os_message(exc)) from None
        except BaseException:
            self._discard()
            raise
        finally:
            if exc_type is not None:
                self._discard()

    def _close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        elif self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
        elif _is_parquet(self.path) and not self._header_done:
            self._write_parquet(pd.DataFrame())

    def _commit(self) -> None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._tmp, 0o666 & ~umask)
        check_output(self.path, force=self.force)  # nothing appeared meanwhile
        os.replace(self._tmp, self.path)
        self._tmp = None

    def _discard(self) -> None:
        for closer in (self._parquet, self._fh):
            try:
                if closer is not None:
                    closer.close()
            except Exception:  # noqa: BLE001 - already failing; keep the first error
                pass
        self._parquet = self._fh = None
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None

    # -- writing -------------------------------------------------------------
    def write(self, frame: pd.DataFrame | dict) -> None:
        """Append the rows of ``frame`` (same columns every time).

        ``frame`` may also be a dict of equal-length column lists of plain
        ``str``, ``int`` and ``bool`` values (no missing values), written
        without building a DataFrame, or (CSV only) rows already formatted
        as CSV text by ``csv.writer(lineterminator="\\n")``, one per line.
        """
        if isinstance(frame, str):
            self._write_text(frame)
            return
        if isinstance(frame, dict):
            if self.stdout or not _is_parquet(self.path):
                self._write_columns(frame)
                return
            frame = pd.DataFrame(frame)
        if self.columns is None:
            self.columns = list(frame.columns)
        try:
            if not self.stdout and _is_parquet(self.path):
                self._write_parquet(frame)
            else:
                self._write_csv(frame)
        except OSError as exc:
            if self.stdout:
                raise
            raise OutputError(self.path, _os_message(exc)) from None
        self._header_done = True
        self.rows += len(frame)

    def _write_text(self, text: str) -> None:
        if not self.stdout and _is_parquet(self.path):
            raise TypeError("CSV text cannot be written to a Parquet file")
        try:
            if not self._header_done:
                if self.columns is None:
                    raise ValueError("columns are needed to write CSV text")
                csv.writer(self._fh, lineterminator="\n").writerow([str(c) for c in self.columns])
            self._fh.write(text)
        except OSError as exc:
            if self.stdout:
                raise
            raise OutputError(self.path, _os_message(exc)) from None
        self._header_done = True
        self.rows += text.count("\n")

    def _write_columns(self, columns: dict) -> None:
        if self.columns is None:
            self.columns = list(columns)
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            raise ValueError("columns of different lengths")
        try:
            if self._csv is None:
                self._csv = csv.writer(self._fh, lineterminator="\n")
            if not self._header_done:
                self._csv.writerow([str(c) for c in columns])
            self._csv.writerows(zip(*columns.values()))
        except OSError as exc:
            if self.stdout:
                raise
            raise OutputError(self.path, _os_message(exc)) from None
        self._header_done = True
        self.rows += lengths.pop() if lengths else 0

    def _write_csv(self, frame: pd.DataFrame) -> None:
        rows = _plain_rows(frame)
        if rows is None:
            frame.to_csv(self._fh, header=not self._header_done, index=False, lineterminator="\n")
            return
        if self._csv is None:
            self._csv = csv.writer(self._fh, lineterminator="\n")
        if not self._header_done:
            self._csv.writerow([str(c) for c in frame.columns])
        self._csv.writerows(rows)

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            if frame.columns.empty and self.columns:
                frame = pd.DataFrame({c: pd.Series(dtype=object) for c in self.columns})
            table = pa.Table.from_pandas(frame, preserve_index=False)
            self._schema = table.schema
            self._parquet = pq.ParquetWriter(self._tmp, self._schema)
        else:
            table = pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False)
        self._parquet.write_table(table)


def _plain_rows(frame: pd.DataFrame):
    """Rows of ``frame`` as Python values when ``csv.writer`` prints them as pandas would, else None.

    True for columns of integers, booleans and strings without missing values
    (the sentences and tokens tables): ``str()`` of each value is exactly
    what ``DataFrame.to_csv`` writes, at a fraction of its cost.
    """
    for dtype in frame.dtypes:
        if not (
            pd.api.types.is_integer_dtype(dtype)
            or pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_string_dtype(dtype)
        ) or isinstance(dtype, pd.CategoricalDtype):
            return None
    if frame.isna().to_numpy().any():
        return None
    return zip(*(frame[c].tolist() for c in frame.columns))


def write_table(frame: pd.DataFrame, out=None, *, force: bool = False) -> str:
    """Write a whole ``frame`` through :class:`TableWriter`; return where it went.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    out : str, Path or None
        Output file (``.parquet`` for Parquet), or ``None``/``"-"`` for stdout.
    force : bool, default False
        Replace an existing regular file.

    Returns
    -------
    str
        ``"stdout"`` or the output path as displayed in messages.
    """
    with TableWriter(out, force=force, columns=frame.columns) as writer:
        writer.write(frame)
    return writer.where
