"""Every command has help text and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from offerprint.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_has_help_and_is_documented(name, run):
    command = main.commands[name]
    assert command.help and len(command.help) > 20
    result = run(name, "--help")
    assert result.exit_code == 0
    assert f"offerprint {name}" in README, f"README does not show 'offerprint {name}'"


def test_version(run):
    assert run("--version").stdout.startswith("offerprint, version ")
