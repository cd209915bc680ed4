"""pyproject.toml, constraints.txt and environment.yml (conda, Binder) must describe one environment."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT


#: conda-forge names that differ from the PyPI name
CONDA_NAMES = {"python-fastjsonschema": "fastjsonschema"}


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    name = m.group(1).lower().replace("_", "-")
    return CONDA_NAMES.get(name, name), m.group(2).replace(" ", "")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version.strip()
    return pins


def _direct(project: dict, extras=None) -> list[str]:
    groups = project["optional-dependencies"]
    return project["dependencies"] + [s for k, v in sorted(groups.items()) if extras is None or k in extras for s in v]


def test_environment_yml_pins_the_constraints_versions():
    """Binder builds exactly what tasks.py installs: python 3.11, the runtime, lab and test pins."""
    project = _project()
    pins = _pins()
    wanted = {name: "==" + pins[name] for name, _ in map(_split, _direct(project, ("lab", "test")))}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    have = dict(_split(s) for s in conda if _split(s)[0] not in ("python", "pip"))  # keeps python-docx
    assert have == wanted
    assert [d for d in conda if _split(d)[0] == "python"] == ["python=3.11"]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert "-e ." in pip


def test_constraints_pin_every_direct_dependency_inside_its_range():
    from packaging.specifiers import SpecifierSet

    pins = _pins()
    for spec in _direct(_project()):
        name, bounds = _split(spec)
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert pins[name] in SpecifierSet(bounds), f"{name}=={pins[name]} is outside {bounds}"


def test_notebook_tools_are_extras_not_runtime_dependencies():
    names = {_split(s)[0] for s in _project()["dependencies"]}
    assert not names & {"jupyterlab", "nbval", "pytest", "playwright", "xmlschema"}
