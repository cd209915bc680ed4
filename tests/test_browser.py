"""The notebooks as a student meets them: JupyterLab in a real browser.

Starts JupyterLab from this environment on a free local port with a token,
opens each notebook in Chromium (Debian's ``chromium`` driven by Playwright
from PyPI; ``playwright install`` is not needed; one Lab page per worker, each
notebook opened, run and closed in it in turn), runs all cells, waits until
the kernel is idle, and checks that no cell shows an error, that every figure
is rendered as an image, and that saving leaves the file byte for byte as
stored (the notebooks carry the metadata Lab writes, see
:func:`analysis.reproduce.normalise_notebook`). The stored files are put back
afterwards whatever happens.

Run by ``python3 tasks.py test`` in its one pytest run, beside nbval
(``-m browser``; a plain ``pytest`` leaves it out). Each pytest-xdist worker
starts one JupyterLab and one Chromium for all the notebooks it runs.
``BROWSER_NOTEBOOKS=DIR`` tests another folder of notebooks (with
``ANALYSIS_CORPUS``/``ANALYSIS_FIGURES`` as for ``reproduce``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
NOTEBOOKS = Path(os.environ.get("BROWSER_NOTEBOOKS") or ROOT / "notebooks")
CELL_TIMEOUT_S = 1800  # the whole notebook; 03 takes ~12 minutes on a busy 2-core machine


def _why_not() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -c constraints.txt -e '.[browser]')"
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no chromium at {CHROMIUM} (apt-get install -y chromium; .ci/run does it)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab():
    """A JupyterLab server on NOTEBOOKS: yields (base url, token)."""
    why = _why_not()
    if why:
        pytest.skip(f"browser test skipped: {why}")
    port, token = _free_port(), secrets.token_hex(16)
    scratch = Path(tempfile.mkdtemp(prefix="lab-test-"))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(scratch / "config"), "JUPYTER_RUNTIME_DIR": str(scratch / "run"),
           "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"), "JUPYTERLAB_SETTINGS_DIR": str(scratch / "settings")}
    log = open(scratch / "lab.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={NOTEBOOKS}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=None", "--LabApp.extension_manager=readonly", "--ServerApp.port_retries=0",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(scratch / 'lab.log').read_text(errors='replace')[-2000:]}")
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 2 minutes")
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


_OUTPUTS_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content.model;
  const out = [];
  for (let i = 0; i < nb.cells.length; i++) {
    const c = nb.cells.get(i);
    if (c.type !== 'code') continue;
    const j = c.toJSON();
    out.push({count: j.execution_count, outputs: j.outputs.map(o => ({type: o.output_type, ename: o.ename || '',
      evalue: o.evalue || '', png: !!(o.data && o.data['image/png'])}))});
  }
  return out;
}"""

_IMAGES_JS = """async () => {
  const imgs = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedImage img')];
  const ok = await Promise.all(imgs.map(async i => { i.scrollIntoView(); try { await i.decode(); } catch (e) {}
                                                    return i.naturalWidth > 0 && i.naturalHeight > 0; }));
  return ok;
}"""


def _notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not p.name.startswith("."))


_OPENED_JS = """name => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.context && w.context.path === name && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel && w.sessionContext.kernelDisplayStatus === 'idle'); }"""

_RAN_ALL_JS = """() => { const w = window.jupyterapp.shell.currentWidget; const nb = w.content.model;
  if (w.sessionContext.kernelDisplayStatus !== 'idle') return false;
  for (let i = 0; i < nb.cells.length; i++) { const c = nb.cells.get(i);
    if (c.type === 'code' && c.sharedModel.getSource().trim() && !c.toJSON().execution_count) return false; }
  return true; }"""

_CLOSE_JS = """async () => { const w = window.jupyterapp.shell.currentWidget;
  await w.sessionContext.shutdown(); w.dispose(); }"""

_PAGES: dict[str, object] = {}


def _lab_page(browser, base: str, token: str):
    """The worker's one JupyterLab page (loaded once: opening Lab costs seconds), with no notebook open."""
    page = _PAGES.get("lab")
    if page is None or page.is_closed():
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        # A workspace of its own, reset: Lab would otherwise restore the tabs of an earlier session.
        page.goto(f"{base}/lab/workspaces/browser-test?reset&token={token}", wait_until="domcontentloaded")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.serviceManager.isReady "
                               "&& window.jupyterapp.shell", timeout=180_000)
        page.evaluate("() => window.jupyterapp.restored")
        _PAGES["lab"] = page
    return page


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.name)
def test_notebook_runs_in_lab_and_saving_changes_nothing(path, lab, browser):
    base, token = lab
    stored = path.read_bytes()
    checkpoints = path.parent / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    page = _lab_page(browser, base, token)
    done = False
    try:
        page.evaluate("name => { window.jupyterapp.commands.execute('docmanager:open', {path: name}); }", path.name)
        page.wait_for_function(_OPENED_JS, arg=path.name, timeout=180_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(_RAN_ALL_JS, timeout=CELL_TIMEOUT_S * 1000, polling=250)
        cells = page.evaluate(_OUTPUTS_JS)
        errors = [f"cell {i}: {o['ename']}: {o['evalue']}" for i, c in enumerate(cells) for o in c["outputs"]
                  if o["type"] == "error"]
        assert not errors, f"{path.name}: " + "; ".join(errors)
        n_png = sum(o["png"] for c in cells for o in c["outputs"])
        rendered = page.evaluate(_IMAGES_JS)
        assert len(rendered) == n_png and all(rendered), f"{path.name}: {sum(rendered)} of {n_png} figures rendered"
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=60_000)
        time.sleep(0.5)
        saved = path.read_bytes()
        if saved != stored:
            diff = _difference(stored, saved)
            pytest.fail(f"{path.name}: saving in JupyterLab changed the stored notebook: {diff}")
        page.evaluate(_CLOSE_JS)  # its kernel shut down, the page is ready for the next notebook
        done = True
    finally:
        if not done:  # whatever state it was left in, the next notebook gets a fresh page
            page.close()
        if path.read_bytes() != stored:
            path.write_bytes(stored)
        if not had_checkpoints:
            shutil.rmtree(checkpoints, ignore_errors=True)


def _difference(before: bytes, after: bytes) -> str:
    """Where two notebook files differ, in a line (metadata, or the first differing cell)."""
    a, b = json.loads(before), json.loads(after)
    if a.get("metadata") != b.get("metadata"):
        return f"metadata {a.get('metadata')} -> {b.get('metadata')}"
    for key in ("nbformat", "nbformat_minor"):
        if a.get(key) != b.get(key):
            return f"{key} {a.get(key)} -> {b.get(key)}"
    for i, (x, y) in enumerate(zip(a["cells"], b["cells"])):
        if x != y:
            keys = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
            return f"cell {i} differs in {', '.join(keys)}: {json.dumps({k: x.get(k) for k in keys})[:300]} -> " \
                   f"{json.dumps({k: y.get(k) for k in keys})[:300]}"
    return "same JSON, different bytes (serialisation)"
