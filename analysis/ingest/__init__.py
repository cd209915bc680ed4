"""Bring your own texts: read web pages, Word, PDF, RTF, exports and news downloads.

One reader per format (see :mod:`analysis.ingest.readers` for the table of
suffixes); :func:`import_sources` (:mod:`analysis.ingest.build`) turns
source files into a new corpus folder, as ``python -m analysis import``
does. Importing this package imports no reader; each loads on first use.
"""

from __future__ import annotations

__all__ = ["import_sources"]


def import_sources(*args, **kwargs):
    """Import source files into a new corpus folder (see :func:`analysis.ingest.build.import_sources`)."""
    from analysis.ingest.build import import_sources as _import

    return _import(*args, **kwargs)
