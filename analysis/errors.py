"""The one exception for bad input files, and its message format.

Every problem with a file a user gives us (a documents table, a text, a
coding sheet, the codebook) is reported as ``FILE:LINE: FIELD: message`` so
that an editor can jump to it. A check collects *every* problem in a file and
raises once, so one pass fixes every row. Only :func:`analysis.cli.main`
catches :class:`CorpusError`; it prints the problems and exits non-zero.
"""

from __future__ import annotations

import os

from dataclasses import dataclass
from os import PathLike
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    Attributes
    ----------
    file : str
        Path of the file, as the user named it (or relative to the corpus).
    line : int or None
        1-based line number in that file, or None when no line applies.
    field : str
        Column, key or aspect concerned (``doc_id``, ``encoding``...).
    message : str
        What is wrong, and where useful what was expected.
    """

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else f"{self.file}"
        return f"{where}: {self.field}: {self.message}"


class CorpusError(ValueError):
    """Bad input in a corpus file: carries every :class:`Problem` found.

    Parameters
    ----------
    problems : list of Problem
        At least one problem; ``str(error)`` lists them one per line.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: str | PathLike) -> str:
    """Return ``path`` as a short string for messages.

    Relative to the current directory when it lies below it, else as given.
    """
    p = Path(path)
    try:  # abspath, not resolve: a symbolic link is named as the user gave it, not by its target
        return str(Path(os.path.abspath(p)).relative_to(os.path.abspath(Path.cwd())))
    except ValueError:
        return str(p)
