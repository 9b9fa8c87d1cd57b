"""The curated OpenMoji picture library: files, index, alt text, lookup, contact sheet."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
import yaml

from offerprint import picture_library
from offerprint.picture_library import (
    CREDIT,
    PICTURES_DIR,
    Picture,
    contact_sheet_html,
    get_picture,
    library,
)

SVG_NS = "{http://www.w3.org/2000/svg}"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Names the easy read templates rely on (the brief's required list).
REQUIRED = """
teacher parent child school talk meeting telephone email letter calendar clock
medicine doctor nurse wheelchair ramp lift toilet bus taxi playground lunch book
computer happy sad worried calm help listen quiet-room friends home new-school
college work money form question yes no safe first-aid trip sport music
baby family young-person person group write read think idea plan check star
heart hospital therapy ear eye glasses brain map house-visit door key bed water
apple car walk tablet headphones sign-language complaint certificate graduation
clipboard target team handshake information language ok stop
""".split()


@pytest.fixture(scope="module")
def pictures() -> dict[str, Picture]:
    return library()


def test_at_least_sixty_pictures(pictures):
    assert len(pictures) >= 60


def test_required_names_present(pictures):
    missing = [name for name in REQUIRED if name not in pictures]
    assert not missing, f"missing pictures: {missing}"


def test_names_are_kebab_case(pictures):
    bad = [name for name in pictures if not KEBAB.match(name)]
    assert not bad


@pytest.mark.parametrize("name", sorted(library()))
def test_svg_exists_and_parses(name):
    pic = library()[name]
    assert pic.path == PICTURES_DIR / f"{name}.svg"
    assert pic.path.is_file()
    root = ET.parse(pic.path).getroot()
    assert root.tag in ("svg", f"{SVG_NS}svg")
    assert root.get("viewBox"), f"{name}.svg has no viewBox, so it will not scale"


def test_alt_text_is_short_plain_and_capitalised(pictures):
    for pic in pictures.values():
        assert pic.alt.strip(), pic.name
        assert len(pic.alt) < 60, pic.name
        assert pic.alt[0].isupper(), pic.name
        lowered = pic.alt.lower()
        assert not lowered.startswith(("image of", "picture of", "icon of", "emoji")), pic.name
        assert not pic.alt.endswith("."), pic.name


def test_every_picture_is_openmoji(pictures):
    assert {pic.source for pic in pictures.values()} == {"openmoji"}


def test_index_and_folder_agree():
    index = yaml.safe_load((PICTURES_DIR / "pictures.yaml").read_text(encoding="utf-8"))
    assert all(isinstance(name, str) for name in index), "quote keys like 'yes' and 'no'"
    for name, entry in index.items():
        assert re.fullmatch(r"[0-9A-F]{4,5}(-[0-9A-F]{4,5})*", str(entry["openmoji"])), name
        assert entry["annotation"], name
    svgs = {p.stem for p in PICTURES_DIR.glob("*.svg")}
    assert svgs == set(index), "every SVG is listed and every listed SVG exists"


def test_licence_file_names_source_and_version():
    text = (PICTURES_DIR / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in text
    assert "https://openmoji.org" in text
    assert picture_library.OPENMOJI_VERSION in text


def test_credit_names_openmoji_and_licence():
    assert "OpenMoji" in CREDIT
    assert "https://openmoji.org" in CREDIT
    assert "CC BY-SA 4.0" in CREDIT


def test_library_is_cached(pictures):
    assert library() is pictures


def test_picture_is_frozen(pictures):
    with pytest.raises(FrozenInstanceError):
        pictures["teacher"].alt = "changed"  # type: ignore[misc]


def test_get_picture_known_name():
    pic = get_picture("teacher")
    assert pic.name == "teacher"
    assert pic.alt == "A teacher"
    assert isinstance(pic.path, Path)


def test_get_picture_unknown_name_suggests_close_one():
    with pytest.raises(KeyError) as info:
        get_picture("techer")
    message = str(info.value)
    assert "Did you mean" in message
    assert "'teacher'" in message


def test_get_picture_unknown_name_without_close_match():
    with pytest.raises(KeyError) as info:
        get_picture("zzzzzzzz")
    assert "Did you mean" not in str(info.value)


def test_missing_file_is_reported(tmp_path, monkeypatch):
    (tmp_path / "pictures.yaml").write_text(
        "ghost:\n  alt: A ghost\n  openmoji: 1F47B\n  annotation: ghost\n", encoding="utf-8"
    )
    monkeypatch.setattr(picture_library, "PICTURES_DIR", tmp_path)
    monkeypatch.setattr(picture_library, "INDEX", tmp_path / "pictures.yaml")
    picture_library.library.cache_clear()
    try:
        with pytest.raises(picture_library.PictureLibraryError, match="ghost"):
            picture_library.library()
    finally:
        picture_library.library.cache_clear()


def test_unquoted_boolean_key_is_reported(tmp_path, monkeypatch):
    (tmp_path / "yes.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "pictures.yaml").write_text(
        "yes:\n  alt: A tick\n  openmoji: '2705'\n", encoding="utf-8"
    )
    monkeypatch.setattr(picture_library, "PICTURES_DIR", tmp_path)
    monkeypatch.setattr(picture_library, "INDEX", tmp_path / "pictures.yaml")
    picture_library.library.cache_clear()
    try:
        with pytest.raises(picture_library.PictureLibraryError, match="not a string"):
            picture_library.library()
    finally:
        picture_library.library.cache_clear()


def test_contact_sheet_shows_every_picture(pictures):
    page = contact_sheet_html(pictures)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "size: A4" in page
    assert page.count("<img ") == len(pictures)
    assert page.count("<tr>") == -(-len(pictures) // 6)
    for pic in pictures.values():
        assert pic.path.resolve().as_uri() in page
        assert f'alt="{pic.alt}"' in page
    assert CREDIT in page


def test_contact_sheet_text_is_at_least_12pt():
    page = contact_sheet_html()
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)pt", page)]
    assert sizes and min(sizes) >= 12


def test_contact_sheet_accepts_iterable_of_pictures(pictures):
    page = contact_sheet_html([pictures["yes"], pictures["no"]])
    assert page.count("<img ") == 2
    assert "2 pictures" in page


def test_contact_sheet_escapes_text(tmp_path):
    nasty = Picture(
        name='<b>x</b>"&',
        alt='A "quoted" <script>alert(1)</script> & more',
        path=tmp_path / 'a"b<c>.svg',
        source="openmoji",
    )
    page = contact_sheet_html([nasty], title="<Title> & co")
    assert "<script>" not in page
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;&quot;&amp;" in page
    assert "A &quot;quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "&lt;Title&gt; &amp; co" in page
    assert 'src="' in page and 'a"b' not in page


def test_contact_sheet_renders_with_weasyprint(pictures):
    weasyprint = pytest.importorskip("weasyprint")
    subset = [pictures[name] for name in ("teacher", "school", "happy", "bus", "yes", "no", "lift")]
    pdf = weasyprint.HTML(string=contact_sheet_html(subset)).write_pdf()
    assert pdf.startswith(b"%PDF")
