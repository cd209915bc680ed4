"""How ``python3 tasks.py test`` shares its one pytest run between the cores (pytest-xdist).

Here, not in ``tests/conftest.py``, so that the notebooks' grouping holds
whichever paths pytest is given (``pytest -n auto --dist loadgroup --nbval
notebooks`` too).
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """Under ``--dist loadgroup``: a notebook's nbval cells are one work unit, every other test is one on its own.

    A notebook's cells then run on one worker, in order. (xdist's own
    ``xdist_group`` marks rename ``item._nodeid``, which pytest 9 no longer
    reads, so the grouping is done here, from the test ids.) The browser run
    of a notebook may run beside its nbval run: figures are replaced whole
    (:func:`analysis.plots.save_figure`).
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class NotebookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            notebook = nodeid.split("::", 1)[0]
            return notebook if notebook.endswith(".ipynb") else nodeid

    return NotebookScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """Browser runs first, then nbval notebooks in reverse order, then the rest (a stable sort).

    The longest units start first, so under ``python3 tasks.py test``
    (``--dist loadgroup --no-loadscope-reorder``) the cores finish together.
    The browser runs the notebooks first to last and nbval last to first, so
    a notebook's browser run is over before its nbval run starts and the
    second reads back what the first remembered (:func:`analysis.cache.remembered`).
    """
    notebooks = sorted({item.path for item in items if item.path.suffix == ".ipynb"}, reverse=True)
    order = {path: i for i, path in enumerate(notebooks)}

    def rank(item):
        if item.get_closest_marker("browser"):
            return (0, 0)
        return (1, order[item.path]) if item.path in order else (2, 0)

    items.sort(key=rank)
