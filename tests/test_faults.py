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
