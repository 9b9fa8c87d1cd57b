"""The audit reads back real WeasyPrint 70 PDFs (pdf/ua-1), each rendered once per session."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from offerprint.audit import AuditResult, audit_pdf, heading_problems, normalise_text

FURNITURE = (r"^Page \d+ of \d+$", r"^Oak School SEN information report$")
ATTACHMENT_URL = "https://files.example.test/policy.pdf"

STYLE = """
@page { size: A5; margin: 2cm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 18pt "DejaVu Sans" } }
body { font: 18pt/1.3 "DejaVu Sans" }
h1, h2, h3 { font-family: "DejaVu Sans" }
"""


def _png(width: int = 4, height: int = 4) -> bytes:
    """A tiny red RGB PNG, written by hand so the test needs nothing else."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def _page(
    body: str, *, lang: str | None = "en-GB", title: str | None = "Our SEN offer", style: str = ""
) -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    title_tag = f"<title>{title}</title>" if title else ""
    return (
        f"<!doctype html><html{lang_attr}><head><meta charset=utf-8>{title_tag}"
        f"<style>{STYLE}{style}</style></head><body>{body}</body></html>"
    )


GOOD_BODY = """
<h1>Our SEN offer</h1>
<p>We help every child to learn and take part in school life.</p>
<h2>Pictures we use</h2>
<p><img src="dot.png" alt="A red square" style="width: 2cm"></p>
<div style="background: url(dot.png); height: 1cm"></div>
"""

LONG_PARAGRAPH = " ".join(
    f"Sentence {n} explains one more way our staff support pupils and their families." for n in range(1, 11)
)


class _AttachmentFetcher(URLFetcher):
    """Serves the attachment from memory; everything else is fetched as usual (file:)."""

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        if url == ATTACHMENT_URL:
            headers = {"Content-Type": "application/pdf"}
            return URLFetcherResponse(url, body=b"%PDF-1.4 pretend", headers=headers)
        return super().fetch(url, headers)


@pytest.fixture(scope="session")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audit-assets")
    (folder / "dot.png").write_bytes(_png())
    return folder


@pytest.fixture(scope="session")
def render(assets: Path):
    """Render HTML once per distinct document for the whole session, through WeasyPrint as
    offerprint sets it up (page furniture as artifacts), whatever ran before in this process."""
    from offerprint.render import artifacts, text_layer

    text_layer.install()
    artifacts.install()
    cache: dict[tuple[str, bool], bytes] = {}

    def _render(html: str, *, fetch_attachment: bool = False) -> bytes:
        key = (html, fetch_attachment)
        if key not in cache:
            fetcher = _AttachmentFetcher() if fetch_attachment else None
            document = weasyprint.HTML(string=html, base_url=str(assets) + "/", url_fetcher=fetcher)
            cache[key] = document.write_pdf(pdf_variant="pdf/ua-1")
        return cache[key]

    return _render


@pytest.fixture(scope="session")
def good_pdf(render) -> bytes:
    return render(_page(GOOD_BODY))


def _audit(pdf: bytes, **options) -> AuditResult:
    options.setdefault("min_font_size", 18)
    return audit_pdf(pdf, **options)


def _mentions(result: AuditResult, *words: str) -> bool:
    return any(all(word in problem for word in words) for problem in result.problems)


# --------------------------------------------------------------------------- good document


def test_good_document_passes(good_pdf: bytes) -> None:
    result = _audit(
        good_pdf,
        expected_lang="en-gb",  # compared case-insensitively
        expected_title="Our SEN offer",
        expected_texts=["We help every child to learn", "Pictures we use"],
        furniture=FURNITURE,
    )
    assert result.problems == []
    assert result.ok


def test_good_document_facts(good_pdf: bytes) -> None:
    facts = _audit(good_pdf).facts
    assert facts.pages == 1
    assert facts.title == "Our SEN offer"
    assert facts.lang == "en-GB"
    assert facts.display_doc_title is True  # WeasyPrint 70 writes it in pdf/ua mode
    assert facts.tagged is True
    assert facts.pdfua_part == 1
    assert facts.headings == [(1, "Our SEN offer"), (2, "Pictures we use")]
    assert facts.figures == ["A red square"]
    assert facts.fonts and all(embedded for _, embedded in facts.fonts)
    assert facts.embedded_files == 0
    # Body and page number are both 18pt; WeasyPrint writes "24 Tf" under a 0.75 cm.
    assert facts.smallest_font_size == pytest.approx(18, abs=0.01)
    assert "Page 1 of 1" in facts.text  # furniture is kept in the facts


def test_path_input_is_accepted(good_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "good.pdf"
    path.write_bytes(good_pdf)
    assert audit_pdf(path, min_font_size=18).ok


def test_min_font_size_tolerates_rounding(good_pdf: bytes) -> None:
    assert _audit(good_pdf, min_font_size=18.04).ok
    assert not _audit(good_pdf, min_font_size=18.2).ok


# --------------------------------------------------------------------------- failures


def test_small_footnote_fails_naming_its_size(render) -> None:
    body = GOOD_BODY + '<p style="font-size: 10pt">Footnote: figures are from 2024.</p>'
    result = _audit(render(_page(body)))
    assert result.facts.smallest_font_size == pytest.approx(10, abs=0.1)
    assert _mentions(result, "10.0pt", "18pt", "Footnote")
    assert len(result.problems) == 1


def test_small_page_number_fails(render) -> None:
    # Artifacts and margin boxes count too: nothing on a large-print page may be smaller.
    style = "@page { @bottom-center { font-size: 12pt } }"
    result = _audit(render(_page(GOOD_BODY, style=style)))
    assert result.facts.smallest_font_size == pytest.approx(12, abs=0.1)
    assert _mentions(result, "12.0pt", "Page 1 of 1")


def test_scaled_text_is_measured_after_the_transform(render) -> None:
    body = GOOD_BODY + '<p style="font-size: 20pt; transform: scale(0.5)">Shrunk by a transform.</p>'
    result = _audit(render(_page(body)))
    assert result.facts.smallest_font_size == pytest.approx(10, abs=0.1)
    assert _mentions(result, "10.0pt", "Shrunk")


def test_rotated_text_keeps_its_size(render) -> None:
    body = GOOD_BODY + '<p style="transform: rotate(90deg)">Turned on its side.</p>'
    result = _audit(render(_page(body)))
    assert result.facts.smallest_font_size == pytest.approx(18, abs=0.01)
    assert result.ok


def test_heading_jump_fails(render) -> None:
    body = "<h1>Our SEN offer</h1><p>Intro.</p><h3>Too deep</h3><p>Text.</p>"
    result = _audit(render(_page(body)))
    assert result.facts.headings == [(1, "Our SEN offer"), (3, "Too deep")]
    assert _mentions(result, '"Too deep"', "level 1 to level 3")


def test_missing_lang_fails(render) -> None:
    result = _audit(render(_page(GOOD_BODY, lang=None)))
    # WeasyPrint 70 writes an empty /Lang () rather than leaving it out.
    assert result.facts.lang is None
    assert _mentions(result, "language")


def test_wrong_lang_fails(good_pdf: bytes) -> None:
    result = _audit(good_pdf, expected_lang="cy")
    assert _mentions(result, '"en-GB"', '"cy"')


def test_missing_title_fails(render) -> None:
    result = _audit(render(_page(GOOD_BODY, title=None)))
    assert result.facts.title is None
    assert _mentions(result, "no title")


def test_wrong_title_fails(good_pdf: bytes) -> None:
    assert _mentions(_audit(good_pdf, expected_title="Another school"), '"Another school"')


def test_image_without_alt_fails(render) -> None:
    # WeasyPrint 70 keeps the Figure in the tag tree and just leaves out /Alt (alt="" too).
    body = GOOD_BODY + '<p><img src="dot.png"> <img src="dot.png" alt=""></p>'
    result = _audit(render(_page(body)))
    assert result.facts.figures == ["A red square", None, None]
    assert sum("no text description" in problem for problem in result.problems) == 2
    assert _mentions(result, "page 1")


def test_list_image_bullets_are_untagged_pictures(render) -> None:
    # WeasyPrint 70 draws list-style-image bullets inside /Lbl marked content: neither a
    # Figure nor an Artifact. (CSS backgrounds, as in GOOD_BODY, are Artifacts and pass.)
    body = GOOD_BODY + '<ul style="list-style-image: url(dot.png)"><li>One</li></ul>'
    result = _audit(render(_page(body)))
    assert result.facts.figures == ["A red square"]
    assert _mentions(result, "not tagged as a figure", "page 1")


def test_attachment_link_fails(render) -> None:
    body = GOOD_BODY + f'<p><a rel="attachment" href="{ATTACHMENT_URL}">Our policy</a></p>'
    result = _audit(render(_page(body), fetch_attachment=True))
    assert result.facts.embedded_files == 1  # a FileAttachment annotation
    assert _mentions(result, "attached file")


def test_two_h1_and_missing_h1() -> None:
    assert any("2 main headings" in p for p in heading_problems([(1, "A"), (2, "B"), (1, "C")]))
    problems = heading_problems([(2, "Start")])
    assert any("no main heading" in p for p in problems)
    assert any('first heading, "Start"' in p for p in problems)
    assert len(heading_problems([])) == 1  # only "no main heading"


def test_heading_levels_may_go_back_up() -> None:
    assert heading_problems([(1, "A"), (2, "B"), (3, "C"), (2, "D"), (3, "E")]) == []
    assert heading_problems([(1, "A"), (2, "B"), (3, "C"), (1, "D")]) != []  # two H1 only
    jump = heading_problems([(1, "A"), (2, "B"), (4, "C")])
    assert len(jump) == 1 and "level 2 to level 4" in jump[0]


# --------------------------------------------------------------------------- text


def test_expected_texts_present_and_missing(good_pdf: bytes) -> None:
    present = "We  help every\nchild to\u00a0learn"  # whitespace differs: still found
    missing = "Every pupil has a named key adult who meets them each morning before lessons start."
    result = _audit(good_pdf, expected_texts=[present, missing])
    assert len(result.problems) == 1
    assert f'"{missing[:60]}…"' in result.problems[0]


def test_normalise_text() -> None:
    assert normalise_text("of\ufb01ce  \n hours") == "office hours"  # NFKC unfolds the ligature
    assert normalise_text("sup\u00adport\u200b for\u2066 all\u2069\u061c") == "support for all"
    assert normalise_text("\u00a0a\tb\u2003c ") == "a b c"


@pytest.fixture(scope="session")
def two_page_pdf(render) -> bytes:
    style = """@page { @top-center { content: "Oak School SEN information report";
                                       font: 18pt "DejaVu Sans" } }"""
    body = "<h1>Our SEN offer</h1>" + "<p>Short opening paragraph.</p>" * 6 + f"<p>{LONG_PARAGRAPH}</p>"
    return render(_page(body, style=style))


def test_furniture_lines_are_removed_before_matching(two_page_pdf: bytes) -> None:
    # Without the furniture patterns the header and page number interrupt the paragraph.
    # At 18pt on A5 the running header wraps onto two lines in its margin box, so this also
    # covers furniture spread over several extracted lines.
    unfiltered = _audit(two_page_pdf, expected_texts=[LONG_PARAGRAPH])
    pages = unfiltered.facts.pages
    assert pages >= 2
    assert f"Page 1 of {pages}" in unfiltered.facts.text
    assert _mentions(unfiltered, "Sentence 1 explains")
    filtered = _audit(two_page_pdf, expected_texts=[LONG_PARAGRAPH], furniture=FURNITURE)
    assert filtered.problems == []


# --------------------------------------------------------------------------- hand-made PDF


@pytest.fixture(scope="session")
def handmade_pdf() -> bytes:
    """What WeasyPrint never writes: a form XObject with /Matrix, invisible text, an untagged
    image, a non-embedded font and an EmbeddedFiles entry."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    form = pdf.make_stream(b"BT /F1 20 Tf 10 10 Td (Half) Tj ET")
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox, form.Matrix = [0, 0, 500, 500], [0.5, 0, 0, 0.5, 0, 0]
    form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    image = pdf.make_stream(b"\xff\x00\x00")
    image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 1, 1
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    content = (
        b"BT /F1 24 Tf 50 700 Td (Body) Tj ET "
        # Tr is graphics state: it lasts past ET (into the form below) unless Q restores it.
        b"q BT 3 Tr /F1 2 Tf 50 600 Td (Hidden) Tj ET Q "  # invisible: not measured
        b"q BT 7 Tr /F1 2 Tf 50 550 Td (Clip) Tj ET Q "  # clip only: not measured
        b"BT /F1 2 Tf 50 500 Td () Tj ET "  # empty: not measured
        b"q 2 0 0 2 100 100 cm /Fm1 Do Q "  # 20 x 0.5 x 2 = 20pt
        b"q 3 0 0 1.5 100 300 cm /Fm1 Do Q "  # 20 x 0.5 x 1.5 = 15pt, smallest
        b"q 50 0 0 50 300 300 cm /Im1 Do Q"  # drawn outside any Figure or Artifact
    )
    page = pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=pdf.make_stream(content),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font),
                                     XObject=pikepdf.Dictionary(Fm1=form, Im1=image)),
    ))
    pdf.pages.append(page)
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"notes")
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_handmade_pdf(handmade_pdf: bytes) -> None:
    result = _audit(handmade_pdf, min_font_size=15)
    facts = result.facts
    assert facts.smallest_font_size == pytest.approx(15, abs=0.01)
    assert facts.fonts == [("Helvetica", False)]
    assert facts.embedded_files == 1
    assert facts.tagged is False and facts.lang is None and facts.title is None
    assert facts.pdfua_part is None and facts.display_doc_title is False
    assert facts.headings == [] and facts.figures == []
    assert not _mentions(result, "smaller than")  # 15pt meets a 15pt minimum
    for words in (("not tagged",), ("Helvetica", "not embedded"), ("attached file",),
                  ("not tagged as a figure", "page 1"), ("PDF/UA-1",), ("DisplayDocTitle",)):
        assert _mentions(result, *words), words
    assert _mentions(_audit(handmade_pdf, min_font_size=16), "15.0pt", "Half")


def test_font_with_missing_glyphs_is_still_read(render) -> None:
    # A character no installed font has makes WeasyPrint 70 write that font with its own
    # CMap stream (/WP-Encod-0) instead of /Identity-H; its text must still be decoded and
    # measured (pdfminer.six, used before, decoded nothing through such a CMap).
    body = '<h1 style="font-size: 10pt">Our SEN offer \U000f0001</h1><p>Text.</p>'
    pdf = render(_page(body))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        encodings = [obj.get("/Encoding") for obj in document.objects
                     if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Type0"]
    assert any(isinstance(encoding, pikepdf.Stream) for encoding in encodings)
    result = _audit(pdf)
    assert result.facts.headings == [(1, "Our SEN offer \U000f0001")]
    assert result.facts.smallest_font_size == pytest.approx(10, abs=0.1)
    assert _mentions(result, "10.0pt", "Our SEN offer")


def test_missing_pdftotext_is_reported(good_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from offerprint import audit
    from offerprint.errors import MissingDependencyError

    monkeypatch.setattr(audit.shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match="poppler-utils"):
        _audit(good_pdf)


TO_UNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar
<0001> <0048>
<0002> <0069>
endbfchar
2 beginbfrange
<0003> <0004> [<0020> <0021>]
<0010> <0012> <0061>
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""


@pytest.fixture(scope="session")
def content_pdf() -> bytes:
    """Content-stream features WeasyPrint does not use, each checked by the audit's reader:
    a ToUnicode map with bfchar and both kinds of bfrange, literal strings with escapes,
    q/Q around a font change, a form with its own resources, a form drawing itself, a named
    property list, inline images, whitespace-only text and unbalanced Q and EMC."""
    pdf = pikepdf.new()
    to_unicode = pdf.make_stream(TO_UNICODE)
    cid_font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name.Test,
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0)))
    font0 = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name.Test,
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[cid_font], ToUnicode=to_unicode))
    font1 = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding))
    image = pdf.make_stream(b"\xff\x00\x00")
    image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 1, 1
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    form = pdf.make_stream(b"BT /F1 40 Tf (Form) Tj ET /Im1 Do")  # 40 x 0.5 x 2 = 40pt
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox, form.Matrix = [0, 0, 500, 500], [0.5, 0, 0, 0.5, 0, 0]
    form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font1),
                                        XObject=pikepdf.Dictionary(Im1=image))
    loop = pdf.make_stream(b"BT /F1 20 Tf (Loop) Tj ET /Loop Do")  # drawn once: 20pt, smallest
    loop.Type, loop.Subtype, loop.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 500, 500]
    loop.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font1),
                                        XObject=pikepdf.Dictionary(Loop=loop))
    content = (
        b"/H1 <</MCID 0>> BDC BT /F0 30 Tf 1 0 0 1 50 700 Tm [<0001> -20 <0002> <0003> <0004>] TJ "
        b"<001000110012> Tj ET EMC "  # "Hi !" and "abc" through the ToUnicode map
        b"/H2 <</MCID 1>> BDC BT /F1 30 Tf 50 650 Td [(a\\)b) 5 (\\101)] TJ ET EMC "  # "a)bA"
        b"/Figure <</MCID 2>> BDC q 2 0 0 2 0 0 cm /Fm1 Do Q EMC "  # the form's image is in it
        b"/Figure /P1 BDC q 10 0 0 10 300 300 cm /Im1 Do Q EMC "  # MCID 3 from /Properties
        b"/Artifact BMC q 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \xff EI Q EMC "
        b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI "  # an untagged inline image
        b"BT /F1 24 Tf 50 100 Td (Before) Tj ET "
        b"q 0.25 0 0 0.25 0 0 cm BT /F1 8 Tf ET Q "  # both the size and the CTM come back
        b"BT 50 50 Td 50 Tz 5 Ts 2 Tc (After) Tj (Next line) ' 1 1 (And the next) \" ET "
        b"BT /F0 3 Tf [<0003> 10 <0003>] Tj ET BT /F1 2 Tf (   ) Tj ET "  # spaces only: no ink
        b"q /Loop Do Q Q EMC"  # unbalanced Q and EMC are tolerated
    )
    page = pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=pdf.make_stream(content),
        Resources=pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F0=font0, F1=font1),
            XObject=pikepdf.Dictionary(Fm1=form, Im1=image, Loop=loop),
            Properties=pikepdf.Dictionary(P1=pikepdf.Dictionary(MCID=3)),
        ),
    ))
    pdf.pages.append(page)
    page_obj = pdf.pages[0].obj

    def element(role: str, kids: object, **extra: object) -> pikepdf.Object:
        return pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + role), Pg=page_obj, K=kids, **extra))

    document = element("Document", [
        element("H1", 0), element("H2", 1),
        element("Figure", [2], Alt="Chart"), element("Figure", 3, Alt="Named figure"),
    ])
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=document))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_content_stream_reading(content_pdf: bytes) -> None:
    result = _audit(content_pdf, min_font_size=20)
    facts = result.facts
    assert facts.headings == [(1, "Hi !abc"), (2, "a)bA")]
    assert facts.figures == ["Chart", "Named figure"]
    # The self-drawing form is drawn once; the form with a /Matrix measures 40pt, the text
    # after Q is back at 24pt; spaces-only text is not measured.
    assert facts.smallest_font_size == pytest.approx(20, abs=0.01)
    assert not _mentions(result, "smaller than")
    assert _mentions(_audit(content_pdf, min_font_size=21), "20.0pt", '"Loop"')
    assert not _mentions(_audit(content_pdf, min_font_size=21), "24.0pt")
    # Only the untagged inline image is reported: the form's image sits in a Figure's
    # marked content, the named property list gives MCID 3, the other inline image is an
    # Artifact.
    assert sum("not tagged as a figure" in problem for problem in result.problems) == 1


def test_page_furniture_left_in_the_structure_is_reported():
    """Bare WeasyPrint 70 tags a margin box's text but leaves it out of the document's tree;
    the audit says so (run in a fresh process, where offerprint's hooks are not installed)."""
    import subprocess
    import sys

    code = (
        "from weasyprint import HTML\n"
        "from offerprint.audit import audit_pdf\n"
        "pdf = HTML(string=\"<html lang=en><title>T</title><style>@page{@bottom-left{content:'Page ' "
        "counter(page)}}</style><h1>Hi</h1><p>Text</p></html>\").write_pdf(pdf_variant='pdf/ua-1')\n"
        "print(audit_pdf(pdf, min_font_size=1).problems)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "running headers and footers must be marked as artifacts" in out


def test_offerprint_marks_page_furniture_as_artifacts(render):
    pdf = render("<html lang=en><title>T</title><style>@page{@bottom-left{content:'Page ' counter(page)}}"
                 "</style><h1>Hi</h1><p>Text</p></html>")
    result = audit_pdf(pdf, min_font_size=1)
    assert not any("artifacts" in p for p in result.problems)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        stack, in_artifact = [], 0
        for operands, operator in pikepdf.parse_content_stream(document.pages[0]):
            name = str(operator)
            if name in ("BDC", "BMC"):
                stack.append(str(operands[0]))
            elif name == "EMC" and stack:
                stack.pop()
            elif name in ("Tj", "TJ") and "/Artifact" in stack:
                in_artifact += 1
        assert in_artifact >= 1


def test_orphans_counted_in_the_structure_walk_as_in_their_own():
    """structure_elements fills the reachable set orphan_elements needs in its own walk; the
    count is the same as orphan_elements' own walk, also through kids the structure walk does
    not enter (a dictionary without /S, a marked-content reference, a nested array)."""
    from offerprint.audit.structure import orphan_elements, structure_elements

    pdf = pikepdf.new()
    make = pdf.make_indirect
    hidden = make(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, K=2))
    behind_array = make(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, K=3))
    orphan = make(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, K=4))
    paragraph = make(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, K=0))
    wrapper = make(pikepdf.Dictionary(K=hidden))  # no /S: not a structure element, but walked
    reference = make(pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=1))
    document = make(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document,
        K=pikepdf.Array([paragraph, reference, wrapper, pikepdf.Array([behind_array])])))
    owners = pikepdf.Array([paragraph, hidden, behind_array, orphan, document])
    pdf.Root.StructTreeRoot = make(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([document, document]),
        ParentTree=make(pikepdf.Dictionary(Nums=pikepdf.Array([0, owners])))))
    reachable: set[tuple[int, int]] = set()
    elements = structure_elements(pdf.Root, reachable)
    assert [element.role for element in elements] == ["Document", "P"]
    assert orphan_elements(pdf.Root) == orphan_elements(pdf.Root, reachable) == 1
    # Without a ParentTree nothing is orphaned, with or without the set.
    del pdf.Root.StructTreeRoot["/ParentTree"]
    assert orphan_elements(pdf.Root) == orphan_elements(pdf.Root, set()) == 0


# --------------------------------------------------------------------------- links and ToUnicode

LINK_BODY = GOOD_BODY + '<p>Read <a href="#pictures">about pictures</a>.</p><h2 id="pictures">Pictures</h2>'


@pytest.fixture(scope="session")
def link_pdf(render) -> bytes:
    from offerprint.render import pdf_links

    pdf_links.install()  # as offerprint renders: one /Link per link
    return render(_page(LINK_BODY))


def _edited(pdf: bytes, edit) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        edit(document)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def _link_annotation(document: pikepdf.Pdf) -> pikepdf.Dictionary:
    return next(a for page in document.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link")


def test_a_link_tagged_as_offerprint_tags_it_passes(link_pdf: bytes) -> None:
    assert _audit(link_pdf).problems == []


def test_a_link_annotation_under_a_span_fails(link_pdf: bytes) -> None:
    def retag(document):
        annotation = _link_annotation(document)
        tree = document.Root.StructTreeRoot.ParentTree
        nums = tree.Nums
        element = nums[list(nums).index(annotation.StructParent) + 1]
        element.S = pikepdf.Name.Span

    assert _mentions(_audit(_edited(link_pdf, retag)), "not tagged as links")


def test_an_id_for_link_contents_fails(link_pdf: bytes) -> None:
    def as_id(document):
        annotation = _link_annotation(document)
        annotation.Contents = pikepdf.String(str(annotation.Dest))

    assert _mentions(_audit(_edited(link_pdf, as_id)), "address or id instead of words")


def test_an_empty_to_unicode_entry_fails(link_pdf: bytes) -> None:
    def empty_one(document):
        font = next(o for o in document.objects if isinstance(o, pikepdf.Dictionary)
                    and o.get("/Type") == "/Font" and "/ToUnicode" in o)
        data = font.ToUnicode.read_bytes()
        first = data.index(b"beginbfchar") + len(b"beginbfchar")
        code, text = data[first:].split(b">", 2)[:2]  # "<code" and " <text"
        font.ToUnicode.write(data[:first] + code + b"> <>" + data[first + len(code) + len(text) + 2:])

    result = _audit(_edited(link_pdf, empty_one))
    assert _mentions(result, "glyph(s) of the font", "no text")


def test_a_space_pdftotext_puts_before_a_combining_mark_is_not_a_missing_word():
    """At 48 pt pdftotext may read "تعلّم" as "تع ّلم" (a lam and its shadda whose boxes barely
    touch): the Arabic large print at 48 pt was refused as missing text. A mark never starts a
    word, so the space before it is extraction's, not the document's."""
    from offerprint.audit.text import text_problems

    wanted = "تتولّى مديرة المكتب لدينا أمر الأدوية"
    assert text_problems("تتو ّلى مديرة المكتب لدينا أمر الأدوية", [wanted], []) == []
    assert text_problems("مديرة المكتب لدينا أمر الأدوية", [wanted], [])  # a word really missing


def test_pieces_of_an_address_and_a_translators_words_moved_by_a_line_break_are_kept():
    """At 48 pt in Urdu an email breaks ("office@oakfield." / "example.org") and a kept English
    phrase's words land apart ("(higher" ... "level teaching assistant)"): neither is English a
    translator left by mistake."""
    from offerprint.audit.language import _translators_latin
    from offerprint.language_share import measure

    urdu = "یہ کتابچہ آسان زبان میں ہے۔ " * 12
    assert measure(urdu + " ای میل office@oakfield. " + urdu + " example.org", "ur").foreign == 0
    kept = _translators_latin([("a higher level teaching assistant helps",
                                "کلاس میں ایک تجربہ کار معاون استاد (higher level teaching assistant) بچوں کی مدد کرتا ہے")])
    # its own words, not those of offerprint's wording or English's commonest ("level" is
    # offerprint's: an English "level" elsewhere is still found)
    assert {"higher", "teaching", "assistant"} <= kept and "level" not in kept
    with_kept = sorted(kept, key=len, reverse=True)
    assert measure(urdu + " (higher " + urdu + " teaching assistant) ", "ur", with_kept).foreign == 0
    assert measure(urdu + " Tell us what you think ", "ur", with_kept).foreign > 0
