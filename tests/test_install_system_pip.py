"""offerprint installs as a school office's IT person installs it: a new virtual environment
made by the machine's own Python, its bundled pip as it comes (no upgrade), `pip install` of the
project with every dependency from the package index, then an import of a saved web page.

Older pips do not resolve extras of a dependency's dependency (jusText asks for
``lxml[html_clean]``): there `import` of any .html failed with an internal error. The
dependency is listed by name in pyproject.toml, and this test holds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                    ".hypothesis", "tests", "examples", "docs", "benchmarks", "node_modules")


def _system_python() -> Path:
    for candidate in (Path(sys.base_prefix) / "bin" / "python3", Path("/usr/bin/python3")):
        if candidate.is_file():
            return candidate
    pytest.skip("no system Python found to make a fresh virtual environment with")


def test_system_pip_installs_the_project_and_imports_a_web_page(tmp_path: Path):
    python = _system_python()
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")}
    subprocess.run([str(python), "-m", "venv", str(venv)], check=True, env=env, timeout=300)
    pip_version = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "--version"], capture_output=True,
                                 text=True, env=env, check=True).stdout
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                "--disable-pip-version-check", str(source)],
                               capture_output=True, text=True, env=env, timeout=900)
    assert installed.returncode == 0, f"{pip_version}\n{installed.stdout[-3000:]}\n{installed.stderr[-3000:]}"
    report = ROOT / "tests" / "fixtures" / "import" / "brookside-primary.html"
    done = subprocess.run([str(venv / "bin" / "offerprint"), "import", str(report), "--questions", "se7-parent",
                           "--kind", "primary", "-o", str(tmp_path / "brookside")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, f"{pip_version}: {done.stdout}\n{done.stderr}"
    offer = (tmp_path / "brookside" / "offer.yaml").read_text(encoding="utf-8")
    assert "Brookside Primary School" in offer and "speech and language therapy" in offer
