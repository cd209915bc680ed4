"""Cache and parallel map: each document's sentences and tokens computed once.

Every corpus step that works document by document (cleaning and sentences,
tokens) goes through :func:`map_documents`: it runs the step over the
documents in parallel with joblib (any backend: loky on one machine, Dask
on a cluster through ``joblib.parallel_config(backend="dask")``), keeps the
documents' order, and streams the results one document at a time so that a
large corpus never sits in memory whole.

Each document's result is stored as a Parquet file (never a pickle) under
``.cache/city-ties/`` and reused when the same document comes again. The
key is a SHA-256 of the document's content (the raw text with its title and
author for sentences; the sentences themselves for tokens) and of the code
that computes it (:func:`code_fingerprint`: the package version, the source
of the modules of the pipeline, the abbreviation list, and the versions of
NLTK and pandas), so an edited text, or edited code, is recomputed and
nothing else is.

Where the cache lives: ``$CITY_TIES_CACHE`` if set (``off`` turns the
cache off), else ``.cache/city-ties`` in the project folder when the
package runs from a checkout, else ``~/.cache/city-ties``. Deleting the
folder is always safe.

Results that take long to compute and are not per document (cross-validated
predictions, a fitted coder) are remembered with :func:`remembered`, a
``joblib.Memory`` in the same place, keyed by the call's arguments and by
:func:`package_fingerprint` (every file of the package and the versions of
the libraries it computes with), so any change to the code, the data or a
library recomputes them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path

import pandas as pd

__all__ = ["CACHE_ENV", "DocumentCache", "document_cache", "code_fingerprint", "content_key", "cached_call", "map_documents", "use_cache",
           "package_fingerprint", "tree_hash", "remembered"]

CACHE_ENV = "CITY_TIES_CACHE"
_OFF = {"off", "0", "false", "no", ""}

#: Modules (and data) whose source decides what the cached steps compute.
_PIPELINE_FILES = ("__init__.py", "clean.py", "markup.py", "sentences.py", "tokens.py", "cache.py",
                   "data/abbreviations.txt", "data/stop-words-en.txt")
#: Libraries whose versions decide what remembered results (:func:`remembered`) hold.
_RESULT_LIBRARIES = ("numpy", "scipy", "scikit-learn", "pandas", "nltk", "joblib")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Return a hash of the code and versions the cached results depend on."""
    from importlib.metadata import version  # not ``import nltk``, which takes a second or two (it loads SciPy)

    from analysis import __version__

    here = Path(__file__).parent
    h = hashlib.sha256(f"{__version__}|nltk {version('nltk')}|pandas {pd.__version__}".encode())
    for name in _PIPELINE_FILES:
        path = here / name
        h.update(name.encode())
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """Return a hash of every file of the package and of the versions of the libraries it computes with."""
    from importlib.metadata import version

    versions = "|".join(f"{name} {version(name)}" for name in _RESULT_LIBRARIES)
    return hashlib.sha256(f"{versions}|{tree_hash(Path(__file__).parent)}".encode()).hexdigest()[:16]


def tree_hash(folder: Path) -> str:
    """Return the SHA-256 of every file below ``folder`` (names and bytes; ``__pycache__`` left out)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(b"\x1e" + path.relative_to(folder).as_posix().encode() + b"\x1f")
        h.update(path.read_bytes())
    return h.hexdigest()


def content_key(step: str, *parts) -> str:
    """Return the SHA-256 key of ``step`` applied to content ``parts`` (strings or frames)."""
    h = hashlib.sha256(step.encode())
    for part in parts:
        if isinstance(part, pd.DataFrame):
            for col in part.columns:
                h.update(b"\x1e" + str(col).encode())
                h.update("\x1f".join(map(str, part[col].tolist())).encode("utf-8", "surrogatepass"))
        else:
            h.update(b"\x1e" + str(part).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass(frozen=True)
class DocumentCache:
    """Per-document results stored as Parquet files under ``root``.

    Attributes
    ----------
    root : pathlib.Path
        The cache folder; results go to ``root/<fingerprint>/<step>/``.
    """

    root: Path

    def _path(self, step: str, key: str) -> Path:
        suffix = ".csv" if step.endswith("-csv") else ".parquet"
        return self.root / code_fingerprint() / step / key[:2] / f"{key}{suffix}"

    def get(self, step: str, key: str) -> pd.DataFrame | str | None:
        """Return the stored frame (CSV text for a step named ``*-csv``), or None (also when unreadable)."""
        path = self._path(step, key)
        try:
            if path.suffix == ".csv":
                return path.read_text(encoding="utf-8")
            return pd.read_parquet(path)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a damaged entry is recomputed
            path.unlink(missing_ok=True)
            return None

    def put(self, step: str, key: str, frame: pd.DataFrame | str) -> None:
        """Store ``frame`` (atomically: temp file, then rename); errors are ignored."""
        path = self._path(step, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            os.close(fd)
            try:
                if isinstance(frame, str):
                    Path(tmp).write_text(frame, encoding="utf-8")
                else:
                    frame.to_parquet(tmp, index=False)
                os.replace(tmp, path)
            finally:
                Path(tmp).unlink(missing_ok=True)
        except OSError:
            pass


def _default_root() -> Path | None:
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env)
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").exists() and os.access(checkout, os.W_OK):
        return checkout / ".cache" / "city-ties"
    return Path.home() / ".cache" / "city-ties"


_override: list[bool | None] = [None]


@contextmanager
def use_cache(enabled: bool | None):
    """Within the block, turn the default cache off (False) or leave it (None/True)."""
    before = _override[0]
    _override[0] = enabled
    try:
        yield
    finally:
        _override[0] = before


def document_cache(cache: bool | str | os.PathLike | DocumentCache | None = None) -> DocumentCache | None:
    """Return the cache to use, or None for none.

    Parameters
    ----------
    cache : bool, str, Path or DocumentCache, optional
        ``None`` or ``True``: the default place (see the module docstring);
        ``False``: no cache; a path: a cache there.
    """
    if isinstance(cache, DocumentCache):
        return cache
    if cache is False or (cache is None and _override[0] is False):
        return None
    root = _default_root() if cache in (None, True) else Path(cache)
    return DocumentCache(root) if root is not None else None


def cached_call(func: Callable, args: tuple, step: str, key: str | None, store: DocumentCache | None):
    """One document: from the cache when stored, else computed (and stored)."""
    if store is not None and key is not None:
        hit = store.get(step, key)
        if hit is not None:
            return hit
    result = func(*args)
    if store is not None and key is not None:
        store.put(step, key, result)
    return result


def map_documents(
    func: Callable,
    items: Iterable[tuple[tuple, str | None]],
    *,
    step: str,
    n_jobs: int | None = None,
    store: DocumentCache | None = None,
    progress=None,
    total: int | None = None,
) -> Iterator:
    """Yield ``func(*args)`` for each ``(args, key)`` of ``items``, in order.

    Parameters
    ----------
    func : callable
        The per-document step; must return a DataFrame when a cache is used.
    items : iterable of (tuple, str or None)
        Arguments of each call and its cache key (None: not cached).
    step : str
        Name of the step (a folder of the cache).
    n_jobs : int, optional
        joblib's ``n_jobs``; None takes it from an enclosing
        ``joblib.parallel_config`` (default one job).
    store : DocumentCache, optional
        Where results are reused and stored.
    progress : bool, optional
        Show a progress bar (see :func:`analysis.progress.progress`).
    total : int, optional
        Number of items, for the progress bar.

    Notes
    -----
    joblib's generator output keeps the input order and dispatches only a
    few tasks ahead, so memory stays that of a few documents.
    """
    from joblib import Parallel, delayed

    from analysis.progress import progress as bar

    calls = (delayed(cached_call)(func, args, step, key, store) for args, key in items)
    results = Parallel(n_jobs=n_jobs, return_as="generator")(calls)
    yield from bar(results, total=total, desc=step, enabled=progress)


def remembered(func: Callable, *, ignore: Iterable[str] = (), cache=None) -> Callable:
    """Return ``func`` with its results kept on disk and reused for the same arguments and the same code.

    A ``joblib.Memory`` under the cache folder (see the module docstring),
    in a subfolder named by :func:`package_fingerprint`: a result is
    reused only when the arguments hash the same (``joblib.hash``) and
    not one file of the package, nor the version of NumPy, SciPy,
    scikit-learn, pandas, NLTK or joblib, has changed since it was stored.
    Results are stored as pickles, so only ever point it at a folder you
    made yourself.

    Parameters
    ----------
    func : callable
        A deterministic function of its arguments (seeds passed in).
    ignore : iterable of str
        Arguments that do not change the result (e.g. ``n_jobs``).
    cache : bool, str or Path, optional
        As for :func:`document_cache`; with the cache off (``False``,
        ``CITY_TIES_CACHE=off``, ``--no-cache``) ``func`` itself is returned.

    Examples
    --------
    >>> from analysis.evaluate import compare_coders
    >>> compare = remembered(compare_coders, ignore=["n_jobs"])
    """
    store = document_cache(cache)
    if store is None:
        return func
    from joblib import Memory

    cached = Memory(store.root / "results" / package_fingerprint(), verbose=0).cache(func, ignore=list(ignore))

    @wraps(func)
    def call(*args, **kwargs):
        with warnings.catch_warnings():  # joblib's note that describing large arguments was slow
            warnings.filterwarnings("ignore", message="Persisting input arguments took", category=UserWarning)
            return cached(*args, **kwargs)

    return call
