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


def test_output_piped_to_head_ends_quietly(run, monkeypatch):
    """Issue 15 point 10: `offerprint check ... | head` must not say "internal error"."""
    import subprocess
    import sys

    import offerprint.check as check_module  # the check command imports format_report when it runs

    def closed_pipe(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(check_module, "format_report", closed_pipe)
    result = run("check", Path(__file__).resolve().parent.parent / "examples" / "oakfield-primary")
    assert result.exit_code == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.output
    # The real thing: a reader that has gone before the first line is written.
    proc = subprocess.Popen([sys.executable, "-m", "offerprint", "questions", "manchester"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) != 0
    assert stderr == "", stderr
