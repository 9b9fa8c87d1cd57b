"""The shipped fonts: present, licensed, documented; a missing font fails the build and a
system font never slips into a PDF unnoticed."""

from __future__ import annotations

import json
import subprocess

import pytest

from offerprint.errors import AuditError, RenderError
from offerprint.load import load_offer
from offerprint.render import assets, render

from conftest import valid_offer_text

FONTS = assets.FONTS
LISTING = json.loads((FONTS / "fonts.json").read_text())


def test_every_listed_font_is_shipped_with_its_licence_and_source():
    sources = (FONTS / "SOURCES.md").read_text()
    for font in LISTING:
        assert (FONTS / font["file"]).is_file()
        assert font["file"] in sources
        family_file = "OFL-" + font["family"].replace(" ", "") + ".txt"
        licence = (FONTS / family_file).read_text()
        assert "SIL OPEN FONT LICENSE" in licence.upper()


def test_one_file_per_family_and_weight():
    keys = [(f["family"], f["weight"], f.get("style", "normal")) for f in LISTING]
    assert len(keys) == len(set(keys))
    assert ("Atkinson Hyperlegible", 400, "normal") in keys and ("Atkinson Hyperlegible", 700, "normal") in keys


def test_a_missing_font_fails_the_build(tmp_path, monkeypatch):
    (tmp_path / "fonts.json").write_text(json.dumps(LISTING))
    monkeypatch.setattr(assets, "FONTS", tmp_path)
    assets.font_list.cache_clear()
    try:
        with pytest.raises(RenderError, match="font files are missing"):
            assets.font_list()
    finally:
        assets.font_list.cache_clear()


def test_a_system_font_never_slips_in(offer_dir):
    symbol = "\u2318"  # in DejaVu Sans (the usual system font), not in the shipped fonts
    found = subprocess.run(["fc-list", f":charset={ord(symbol):x}", "family"], capture_output=True, text=True)
    if not found.stdout.strip():
        pytest.skip("no system font has the test character")
    (offer_dir / "offer.yaml").write_text(valid_offer_text().replace(
        "We answer this question plainly.", f"Press {symbol} to print.", 1), encoding="utf-8")
    with pytest.raises(AuditError, match="does not ship"):
        render(load_offer(offer_dir), "standard")
