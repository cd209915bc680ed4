"""environment.yml (conda, Binder) must name the same packages and bounds as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [s for group in project["optional-dependencies"].values() for s in group]
    wanted = dict(_split(s) for s in project["dependencies"] + extras)
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    have = dict(_split(s) for s in conda if not s.startswith(("python", "pip")))
    assert have == wanted
    python = [d for d in conda if d.startswith("python")]
    assert python == ["python" + project["requires-python"]]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert "-e ." in pip


def test_constraints_pin_every_direct_dependency_inside_its_range():
    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version.strip()
    for spec in project["dependencies"] + [s for group in project["optional-dependencies"].values() for s in group]:
        name, bounds = _split(spec)
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert pins[name] in SpecifierSet(bounds), f"{name}=={pins[name]} is outside {bounds}"
