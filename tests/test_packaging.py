"""offerprint installs the way Python users install things: a wheel built from the project,
installed (not editable) in a fresh virtual environment outside the checkout, makes every
format from an offer in a temporary folder with the templates, fonts and translations it carries.

Building the wheel needs setuptools from PyPI (pip's build isolation), as any `pip install .`
does. To stay fast, the fresh environment gets the wheel alone (--no-deps) and finds the
dependencies (WeasyPrint and the rest) in the test run's own environment through a .pth file:
offerprint itself can only come from the wheel, and the checkout is nowhere on its path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from offerprint.formats import FORMATS

from conftest import ROOT

# What a checkout has that the wheel is not built from.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                    ".hypothesis", "tests", "examples", "docs", "benchmarks", "node_modules")


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv with offerprint installed from a wheel."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)  # a copy: building writes build/ beside the sources
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", work / "dist", source,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    wheel, = (work / "dist").glob("offerprint-*.whl")

    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("templates/offer.html.j2", "templates/print.css", "fonts/fonts.json",
                    "fonts/web/NotoNastaliqUrdu-Regular.woff2",
                    "fonts/OFL-NotoSans.txt", "translations/messages.pot", "translations/ur/LC_MESSAGES/messages.po"):
        assert f"offerprint/{shipped}" in names, shipped
    # Every font the fonts list names, and every file of the package, is in the wheel.
    for font in json.loads((ROOT / "fonts" / "fonts.json").read_text(encoding="utf-8")):
        assert f"offerprint/fonts/{font['file']}" in names, font["file"]
    for path in (ROOT / "offerprint").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            assert path.relative_to(ROOT).as_posix() in names, path

    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel)
    # The dependencies from this environment, after the fresh one's own site-packages.
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv / "bin"


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Path, tmp_path: Path):
    where = run(installed / "python", "-c",
                "import offerprint, offerprint.resources as r, offerprint.i18n as i;"
                "print(offerprint.__file__); print(r.TEMPLATES); print(r.FONTS); print(i.TRANSLATIONS_DIR)",
                cwd=tmp_path).stdout.split()
    venv = installed.parent.resolve()
    for path in where:
        assert Path(path).resolve().is_relative_to(venv), where
        assert not Path(path).resolve().is_relative_to(ROOT), where


def test_the_wheel_makes_every_format(installed: Path, tmp_path: Path):
    offer = tmp_path / "offer"
    shutil.copytree(ROOT / "examples" / "little-acorns-nursery", offer)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    out = tmp_path / "out"
    out.mkdir()
    for fmt in FORMATS:
        target = out / f"little-acorns{FORMATS[fmt].extension}".replace(".", f"-{fmt}.", 1)
        run(installed / "offerprint", "build", offer, "--format", fmt, "-o", target, cwd=tmp_path, env=env)
        assert target.stat().st_size > 500, fmt
    # A translated document: the interface catalogue (translations/) and the right-to-left fonts.
    oakfield = tmp_path / "oakfield"
    shutil.copytree(ROOT / "examples" / "oakfield-primary", oakfield)
    run(installed / "offerprint", "build", oakfield, "--lang", "ur", "--format", "standard", "-o", out / "ur.pdf",
        cwd=tmp_path, env=env)
    text = run("pdftotext", out / "ur.pdf", "-").stdout if shutil.which("pdftotext") else ""
    assert not shutil.which("pdftotext") or "اسکول" in text
