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


# --- a document loads only the fonts its text needs (issue 23) --------------------------------

def test_the_coverage_listing_is_the_fonts_own():
    """fonts/coverage.json (written by build_fonts.py) is each family's cmap: a character a
    family has is never missed when choosing a document's fonts."""
    from fontTools.ttLib import TTFont

    assets._coverage.cache_clear()
    listed = set(assets.families())
    assert set(assets._coverage()) == listed
    for font in LISTING:
        cmap = TTFont(FONTS / font["file"], lazy=True).getBestCmap()
        starts, ends = assets._coverage()[font["family"]]
        assert sum(e - s + 1 for s, e in zip(starts, ends)) == len(cmap)
        assert all(assets._has(font["family"], c) for c in cmap)


def test_a_document_loads_the_families_of_its_characters():
    latin = ("Atkinson Hyperlegible", "Noto Sans")
    assert assets.needed_families("Who to contact: 0161 496 0123 – café") == latin
    urdu = assets.needed_families("Hello", "اگر آپ کو")
    assert urdu == latin + ("Noto Naskh Arabic", "Noto Nastaliq Urdu")
    assert "Noto Sans SC" in assets.needed_families("请联系") and "Noto Sans Bengali" in assets.needed_families("তথ্য")
    # A symbol the Latin families lack loads every family that has it, as when all were loaded.
    sc_only = next(c for c in range(0x2000, 0x3000)
                   if assets._has("Noto Sans SC", c) and not any(assets._has(f, c) for f in latin))
    assert "Noto Sans SC" in assets.needed_families(chr(sc_only))


def test_english_print_embeds_every_script_of_the_language_lines_and_easy_read_only_latin(tmp_path):
    """The lines in each language at the back of standard print need every script's font; the
    English easy read has none of them, so a cold build of it loads the Latin families alone
    (checked in a fresh process: a pack's worker has every family loaded already)."""
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "examples" / "oakfield-primary"
    script = ("import sys\nfrom offerprint.load import load_offer\nfrom offerprint.render import render, pdf\n"
              "render(load_offer(sys.argv[1]), sys.argv[2])\n"
              "print(sorted(f for made in pdf._FONT_SETS for f in made))\n")
    loaded = {}
    for fmt in ("standard", "easy-read"):
        out = subprocess.run([sys.executable, "-c", script, str(example), fmt], capture_output=True, text=True,
                             timeout=300, check=True).stdout
        loaded[fmt] = out.strip().splitlines()[-1]
    assert loaded["easy-read"] == str(sorted(["Atkinson Hyperlegible", "Noto Sans"]))
    assert loaded["standard"] == str(sorted(assets.families()))


def test_fonts_carried_whole_have_their_woff2_beside_them():
    """Nastaliq is carried whole on screens (render/web_fonts.WHOLE): its shipped WOFF2 must be
    the same font as the TTF, or a web page would draw with other glyphs than the PDF."""
    from fontTools.ttLib import TTFont

    from offerprint.render.web_fonts import FONTS, WHOLE, whole_woff2

    for file in WHOLE:
        ttf, woff2 = TTFont(FONTS / file), TTFont(whole_woff2(file))
        assert woff2.flavor == "woff2"
        assert ttf.getGlyphOrder() == woff2.getGlyphOrder()
        assert ttf.getBestCmap() == woff2.getBestCmap()
        assert ttf["head"].fontRevision == woff2["head"].fontRevision
