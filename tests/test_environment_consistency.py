"""environment.yml (conda-forge) and pyproject.toml must list the same packages and bounds."""

from __future__ import annotations

import re
import tomllib

import yaml

from cdsanalysis.base import paths

# Packages whose conda-forge name differs from the PyPI name (the slimmer conda builds).
PYPI_TO_CONDA = {
    "matplotlib": "matplotlib-base",
    "seaborn": "seaborn-base",
    "nbconvert": "nbconvert-core",
}
_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _split(requirement: str) -> tuple[str, str]:
    match = _REQ.match(requirement)
    assert match, requirement
    return match.group(1).lower(), match.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():  # test, cluster: make installs both
        requirements += list(extra)
    out = {}
    for requirement in requirements:
        name, spec = _split(requirement)
        out[PYPI_TO_CONDA.get(name, name)] = spec
    return out


def _conda_requirements() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    out, pip_section = {}, []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip_section = item["pip"]
            continue
        name, spec = _split(item)
        if name not in ("python", "pip"):
            out[name] = spec
    return out, pip_section


def test_same_packages_and_bounds():
    expected = _pyproject_requirements()
    result, _ = _conda_requirements()
    missing = sorted(set(expected) - set(result))
    extra = sorted(set(result) - set(expected))
    assert not missing, f"in pyproject.toml but not in environment.yml: {missing}"
    assert not extra, f"in environment.yml but not in pyproject.toml: {extra}"
    differing = {k: (expected[k], result[k]) for k in expected if expected[k] != result[k]}
    assert not differing, f"version bounds differ (pyproject, conda): {differing}"


def test_environment_installs_the_package_itself_with_pip():
    _, pip_section = _conda_requirements()
    assert "-e ." in pip_section


def test_python_bound_agrees():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python == ["python" + project["requires-python"]]


def test_the_check_notices_a_disagreement(tmp_path, monkeypatch):
    """The comparison itself must be able to fail: drop one package from a copy."""
    env = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    broken_root = tmp_path
    (broken_root / "environment.yml").write_text(env.replace("  - tqdm>=4.66\n", ""), "utf-8")
    (broken_root / "pyproject.toml").write_text(
        (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"), "utf-8"
    )
    monkeypatch.setattr(paths, "ROOT", broken_root)
    expected = _pyproject_requirements()
    result, _ = _conda_requirements()
    assert set(expected) - set(result) == {"tqdm"}
