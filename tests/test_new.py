"""`offerprint new`, then `offerprint check`: the first thing a school office does."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from offerprint.questions import question_sets


@pytest.mark.parametrize("set_id,kind", [("se7-parent", "primary"), ("stockport", "secondary"),
                                         ("se7-young-person", "college"), ("manchester", "primary"),
                                         ("se7-parent", "early-years")])
def test_new_then_check_round_trip(tmp_path, run, set_id, kind):
    target = tmp_path / "our-offer" / "offer.yaml"
    result = run("new", "--questions", set_id, "--kind", kind, "--name", "St Mary's \"Bright\" School", target)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(target.read_text())
    qset = question_sets()[set_id]
    assert [s["id"] for s in data["sections"]] == [q.id for q in qset.for_kind(kind)]
    assert data["setting"]["name"] == "St Mary's \"Bright\" School"
    assert data["offer"]["reviewed"] == dt.date.today()
    text = target.read_text()
    if qset.questions[0].prompts:
        assert "# Things to cover:" in text
    check = run("check", target.parent)
    assert check.exit_code == 1, check.output  # loads fine; content errors: the TODOs
    assert "is not answered yet (it still says TODO)" in check.stdout
    assert "setting.phone: still says TODO" in check.stdout


def test_new_refuses_to_overwrite(tmp_path, run):
    target = tmp_path / "offer.yaml"
    target.write_text("precious work")
    result = run("new", "--questions", "stockport", "--kind", "primary", "--name", "X", target)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_text() == "precious work"
    assert run("new", "--questions", "stockport", "--kind", "primary", "--name", "X", "--force", target).exit_code == 0
    assert "stockport" in target.read_text()


def test_new_into_a_folder(tmp_path, run):
    folder = tmp_path / "newschool"
    assert run("new", "--questions", "se7-parent", "--kind", "primary", "--name", "X", folder).exit_code == 0
    assert (folder / "offer.yaml").is_file()


def test_unknown_set_is_a_clear_error(tmp_path, run):
    result = run("new", "--questions", "se8", "--kind", "primary", "--name", "X", tmp_path / "o.yaml")
    assert result.exit_code == 2
    assert "'se8' is not a question set" in result.stderr
