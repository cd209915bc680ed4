"""Progress bars (tqdm) for steps that can take more than a few seconds.

A bar is shown only where someone is watching, and only once a step has
run :data:`DELAY` seconds: in a terminal (standard
error is a TTY) or in a notebook opened in Jupyter (``tqdm.auto`` draws a
widget there). It is off when notebooks are executed by ``nbval``,
``nbconvert`` or ``python -m analysis reproduce`` (their stored outputs
must stay byte-stable), when output is redirected, and wherever
``CITY_TIES_PROGRESS=0``. ``CITY_TIES_PROGRESS=1`` forces bars on. The
command line's ``--quiet`` turns them off.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

__all__ = ["PROGRESS_ENV", "progress", "progress_enabled", "show_progress"]

PROGRESS_ENV = "CITY_TIES_PROGRESS"
#: Seconds a step runs before its bar is drawn (tqdm's ``delay``).
DELAY = 5.0
_forced: list[bool | None] = [None]


def progress_enabled() -> bool:
    """Return whether progress bars should be drawn here (see the module docstring)."""
    if _forced[0] is not None:
        return _forced[0]
    env = os.environ.get(PROGRESS_ENV)
    if env is not None:
        return env.strip().lower() not in ("0", "off", "false", "no", "")
    if "ipykernel" in sys.modules:
        # A kernel started by a Jupyter server (an interactive session) has
        # JPY_SESSION_NAME; nbval, nbclient and nbconvert do not set it.
        return "JPY_SESSION_NAME" in os.environ
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def show_progress(enabled: bool | None):
    """Within the block, force bars on (True) or off (False); None leaves the default."""
    before = _forced[0]
    _forced[0] = enabled
    try:
        yield
    finally:
        _forced[0] = before


def progress(iterable: Iterable, *, total: int | None = None, desc: str = "", enabled: bool | None = None) -> Iterator:
    """Iterate ``iterable``, drawing a tqdm bar when :func:`progress_enabled` (or ``enabled``).

    Parameters
    ----------
    iterable : iterable
        What to iterate.
    total : int, optional
        Its length, when it has none.
    desc : str
        Label of the bar.
    enabled : bool, optional
        Overrides :func:`progress_enabled`.
    """
    if not (progress_enabled() if enabled is None else enabled):
        yield from iterable
        return
    if "ipykernel" in sys.modules and importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.auto import tqdm  # a widget in JupyterLab
    else:
        from tqdm import tqdm  # text on stderr (tqdm.auto would warn without ipywidgets)

    # delay: a bar appears only once a step has run DELAY seconds, so short steps (the sample corpus in a
    # notebook opened in Lab) leave no output behind and saving the notebook changes nothing
    with tqdm(iterable, total=total, desc=desc, unit="doc", file=sys.stderr, leave=False, delay=DELAY) as bar:
        yield from bar
