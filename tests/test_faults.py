"""Faults and hostile files (issue 17): a killed pack leaves no workers behind, an output
folder that cannot be written is said so in plain words, SVG with a DOCTYPE is refused in
every format, and names with < > & " ' print as written in every format."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from offerprint.load import load_offer
from offerprint.render import FORMATS, RenderOptions, render

from conftest import copy_example

SETTING = "Oakfield <Primary> & \"School\" 'x'"
SENCO = "Mrs <Amina> & \"Shah\" 'o'"


def _yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    """The text in content-stream order (-raw): a name laid out in the wrong direction
    comes back with its end quote or bracket moved to the front."""
    source = tmp_path / "read.pdf"
    source.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(source), "-"], capture_output=True, text=True,
                          check=True).stdout


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)


@pytest.fixture(scope="module")
def marked_offer(tmp_path_factory) -> Path:
    folder = copy_example("oakfield-primary", tmp_path_factory.mktemp("names"), translations=True)
    source = folder / "offer.yaml"
    text = source.read_text(encoding="utf-8")
    assert "  name: Oakfield Primary School\n" in text and "    name: Mrs Amina Shah\n" in text
    text = text.replace("  name: Oakfield Primary School\n", f"  name: {_yaml_quoted(SETTING)}\n", 1)
    text = text.replace("    name: Mrs Amina Shah\n", f"    name: {_yaml_quoted(SENCO)}\n", 1)
    source.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt,lang", [(f, None) for f in FORMATS] + [("standard", "ur"), ("standard", "ar"),
                                                                    ("html", "ur"), ("docx", "ur")])
def test_17_4_markup_characters_in_names_print_as_written(marked_offer, tmp_path, fmt, lang):
    """< > & " ' in the setting's and the SENCO's names: every format renders (every PDF
    passes its audit: no glyph drawn at size 0), and the names come back as written."""
    if fmt in ("standard", "large-print", "easy-read", "slips") and not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (poppler-utils)")
    loaded = load_offer(marked_offer)
    data = render(loaded, fmt, RenderOptions(lang=lang))  # a failed audit raises
    if fmt in ("standard", "large-print", "slips", "easy-read"):
        text = _pdf_text(data, tmp_path)
        assert SETTING in text
        if fmt in ("standard", "large-print"):
            assert SENCO in text
    elif fmt == "html":
        parser = _Text()
        parser.feed(data.decode("utf-8"))
        text = "".join(parser.parts)
        assert SETTING in text and SENCO in text
        assert "<Primary>" not in data.decode("utf-8")  # escaped, never markup
    elif fmt == "docx":
        text = _docx_text(data)
        assert SETTING in text and SENCO in text
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert "&lt;Primary&gt;" in archive.read("word/document.xml").decode("utf-8")
    elif fmt == "text":
        assert SETTING in data.decode("utf-8") and SENCO in data.decode("utf-8")
    else:  # braille: made, and non-empty (UEB has its own signs for < and >)
        assert data.strip()


def test_17_4_a_mirrored_bracket_in_a_latin_font_draws_no_zero_size_letter(tmp_path):
    """The zero-size glyph's source: right to left, a bracket is drawn mirrored, so the text
    layer gives it an /ActualText span; the span's anchor (drawn at size 0.001) must be a
    glyph that reads as nothing, and a Latin font has none: then no anchor is drawn."""
    from weasyprint import HTML

    from offerprint.audit import audit_pdf
    from offerprint.render import pdf as pdf_module, text_layer

    text_layer.install()  # as every PDF render does
    fonts, _shared = pdf_module._static_css()
    html = ('<html lang="en-GB"><head><title>Brackets</title></head><body><h1>Brackets</h1>'
            '<p lang="ur" dir="rtl" style="font-family: \'Atkinson Hyperlegible\'; font-size: 14pt">'
            '&lt;Test&gt; (Oakfield)</p></body></html>')
    target = tmp_path / "brackets.pdf"
    HTML(string=html).write_pdf(target, stylesheets=[fonts], font_config=pdf_module.font_config(),
                                pdf_variant="pdf/ua-1")
    result = audit_pdf(target, min_font_size=12)
    assert result.facts.smallest_font_size >= 13.9, result.problems
    assert not [p for p in result.problems if "smaller than" in p]


ENTITY_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY name "Oakfield">
]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><text x="5" y="30">&name;</text></svg>
"""
LAUGHS_SVG = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>
"""
PLAIN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><circle cx="25" cy="25" r="20"/></svg>\n'


@pytest.fixture
def svg_logo_offer(tmp_path) -> Path:
    folder = copy_example("oakfield-primary", tmp_path)
    source = folder / "offer.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("file: logo.png", "file: logo.svg", 1),
                      encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_17_3_svg_with_a_doctype_is_refused_in_every_format(svg_logo_offer, tmp_path, run, fmt):
    """Checked once, when the offer is loaded: every format gives the same one line (exit 2),
    naming the offer's line and field and the picture's own line; nothing is written."""
    (svg_logo_offer / "logo.svg").write_text(ENTITY_SVG, encoding="utf-8")
    target = tmp_path / f"out-{fmt}"
    result = run("build", svg_logo_offer, "--format", fmt, "-o", target)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "offer.yaml:13:" in lines[0] and "setting.logo.file" in lines[0]
    assert "'logo.svg' line 2" in lines[0] and "DOCTYPE" in lines[0] and "internal error" not in lines[0]
    assert not target.exists()


def test_17_3_entities_are_refused_wherever_a_picture_is_read(svg_logo_offer, tmp_path):
    """Billion laughs, an undefined entity: refused by the loader and by the parser the Word
    renderer uses (never expanded)."""
    from offerprint.errors import OfferInputError
    from offerprint.safe_xml import parse_svg, xml_problem

    bomb = tmp_path / "bomb.svg"
    bomb.write_text(LAUGHS_SVG, encoding="utf-8")
    line, _column, message, _fix = xml_problem(bomb)
    assert line == 2 and "DOCTYPE" in message
    with pytest.raises(OfferInputError, match="bomb.svg:2: has a DOCTYPE"):
        parse_svg(bomb)
    undefined = tmp_path / "undefined.svg"
    undefined.write_text('<svg xmlns="http://www.w3.org/2000/svg">\n<text>&name;</text></svg>', encoding="utf-8")
    assert xml_problem(undefined)[:3] == (2, 7, "is not a readable SVG picture: undefined entity")
    # an easy read picture of the offer's own is checked the same way
    picture = svg_logo_offer / "ours.svg"
    picture.write_text(LAUGHS_SVG, encoding="utf-8")
    (svg_logo_offer / "logo.svg").write_text(PLAIN_SVG, encoding="utf-8")
    source = svg_logo_offer / "offer.yaml"
    text = source.read_text(encoding="utf-8")
    assert "picture: " in text
    head, _, tail = text.partition("picture: ")
    source.write_text(head + "picture: ours.svg\n" + tail.split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(OfferInputError, match=r"easy_read\[1\]\.picture: 'ours.svg' line 2: has a DOCTYPE"):
        load_offer(svg_logo_offer)


def test_17_3_a_plain_svg_logo_still_prints(svg_logo_offer):
    (svg_logo_offer / "logo.svg").write_text(PLAIN_SVG, encoding="utf-8")
    data = render(load_offer(svg_logo_offer), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())
