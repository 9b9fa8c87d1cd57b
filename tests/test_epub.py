"""The EPUB (--format epub): offerprint/render/epub.py.

The Oakfield example is made once per language (English, Urdu right to left, Polish) and
checked: the container, the package's accessibility metadata, the navigation document (every
question), language and direction, alt text, the same content as the standard print. Then
epubcheck (0 errors, 0 warnings) and Ace by DAISY (no serious or critical violation), each
skipped saying why when it is not installed (the Makefile and scripts/system-deps.sh install
them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

import pytest

from offerprint import markdown as md
from offerprint.document import build_document, document_texts
from offerprint.load import load_offer
from offerprint.formats import FORMATS
from offerprint.render import RenderOptions, render
from offerprint.render import epub
from offerprint.translate import translation_for

from conftest import ROOT

OAKFIELD = ROOT / "examples" / "oakfield-primary"
LANGS = ["en-GB", "ur", "pl"]
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
ACE = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "ace-cli"
BLOCK = {"body", "section", "nav", "div", "p", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "table",
         "tr", "th", "td", "figure", "br", "img"}
INSTALL_ACE = "PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix .venv/node @daisy/ace-cli@1 (the Makefile does it)"


def squash(text: str) -> str:
    return " ".join(str(text).split())


class Book:
    """A made EPUB, opened: its files, the package, and the spine's pages as parsed XML."""

    def __init__(self, data: bytes, lang: str):
        self.data, self.lang = data, lang
        self.zip = zipfile.ZipFile(BytesIO(data))
        self.names = self.zip.namelist()
        container = ElementTree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.base = self.opf_path.rsplit("/", 1)[0] + "/"
        self.opf = ElementTree.fromstring(self.zip.read(self.opf_path))
        manifest = {i.get("id"): i for i in self.opf.findall("opf:manifest/opf:item", NS)}
        self.manifest = manifest
        self.manifest_types = {i.get("href"): i.get("media-type") for i in manifest.values()}
        self.spine = [manifest[r.get("idref")].get("href") for r in self.opf.findall("opf:spine/opf:itemref", NS)
                      if r.get("linear") != "no"]
        self.pages = {href: ElementTree.fromstring(self.zip.read(self.base + href)) for href in self.spine}
        self.nav = ElementTree.fromstring(self.zip.read(self.base + "nav.xhtml"))

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.findall("opf:metadata/opf:meta", NS) if m.get("property") == prop]

    def text(self) -> str:
        """All the words of the spine, in reading order (block elements separate words, inline
        ones like <strong> do not)."""
        out: list[str] = []

        def walk(element) -> None:
            block = element.tag.rsplit("}", 1)[-1] in BLOCK
            out.append(" " if block else "")
            out.append(element.text or "")
            for child in element:
                walk(child)
                out.append(child.tail or "")
            out.append(" " if block else "")

        for page in self.pages.values():
            walk(page.find("x:body", NS))
        return squash("".join(out))


@pytest.fixture(scope="session")
def oakfield():
    return load_offer(OAKFIELD)


@pytest.fixture(scope="session")
def books(oakfield):
    made = {}
    for lang in LANGS:
        options = RenderOptions(lang=None if lang == "en-GB" else lang)
        made[lang] = Book(render(oakfield, "epub", options), lang)
    return made


@pytest.fixture(params=LANGS)
def book(request, books):
    return books[request.param]


def test_registered():
    assert FORMATS["epub"].load() is epub.render_epub
    assert FORMATS["epub"].extension == ".epub"


def test_container(book):
    first = book.zip.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert book.zip.read("mimetype") == b"application/epub+zip"
    assert book.opf.get("version") == "3.0"


def test_same_offer_same_bytes(oakfield, books):
    assert render(oakfield, "epub", RenderOptions(lang="pl")) == books["pl"].data


def test_accessibility_metadata(book):
    assert book.meta("schema:accessMode") == ["textual", "visual"]  # Oakfield has a logo
    assert book.meta("schema:accessModeSufficient") == ["textual"]
    features = book.meta("schema:accessibilityFeature")
    for feature in ("structuralNavigation", "tableOfContents", "alternativeText", "readingOrder",
                    "displayTransformability"):
        assert feature in features
    assert "printPageNumbers" not in features  # no page-list: the pages map to no printed edition
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert "WCAG 2.1" in book.meta("schema:accessibilitySummary")[0]  # in the book's language: see below
    assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert book.meta("a11y:certifiedBy") == ["Oakfield Primary School"]
    assert book.meta("dcterms:modified")[0].endswith("T00:00:00Z")
    assert book.opf.find("opf:metadata/dc:language", NS).text == book.lang
    assert book.opf.find("opf:metadata/dc:identifier", NS).text.startswith("urn:uuid:")


def test_reflowable_with_the_readers_fonts(book):
    assert not book.meta("rendition:layout")  # reflowable is the default
    fonts = sorted(n for n in book.names if n.lower().endswith((".ttf", ".otf", ".woff", ".woff2")))
    css = book.zip.read(book.base + "epub.css").decode()
    assert "font-size" not in css  # the reader chooses the size
    if book.lang == "ur":
        # E-readers rarely have a Nastaliq font: the shipped one comes with the book, whole.
        assert fonts == ["EPUB/fonts/NotoNastaliqUrdu-Bold.ttf", "EPUB/fonts/NotoNastaliqUrdu-Regular.ttf"]
        for font in fonts:
            assert book.zip.read(font) == (ROOT / "fonts" / font.rsplit("/", 1)[1]).read_bytes()
            assert book.manifest_types[font.removeprefix(book.base)] == "font/ttf"
        assert css.count("@font-face") == 2 and 'font-family: "Noto Nastaliq Urdu", serif' in css
        assert "(Noto Nastaliq Urdu، شامل)" in book.meta("schema:accessibilitySummary")[0]
    else:
        assert fonts == [] and "@font-face" not in css


def test_language_and_direction(book):
    rtl = book.lang == "ur"
    spine = book.opf.find("opf:spine", NS)
    assert spine.get("page-progression-direction") == ("rtl" if rtl else None)
    for page in [*book.pages.values(), book.nav]:
        assert page.get("lang") == page.get(XML_LANG) == book.lang
        assert page.get("dir") == ("rtl" if rtl else "ltr")
    # Every element with a language says it both ways, and the same.
    for page in book.pages.values():
        for element in page.iter():
            if element.get("lang") is not None:
                assert element.get(XML_LANG) == element.get("lang"), ElementTree.tostring(element)[:200]
    if book.lang != "en-GB":
        # The setting's name and addresses stay English, marked as English.
        front = book.pages["title-page.xhtml"]
        marked = [e for e in front.iter() if e.get("lang") == "en-GB"]
        assert any(squash("".join(e.itertext())) == "Oakfield Primary School" for e in marked)


def test_navigation_has_every_question_in_order(book, oakfield):
    doc = build_document(oakfield, translation_for(oakfield, None if book.lang == "en-GB" else book.lang))
    toc = book.nav.find(".//x:nav[@id='toc']", NS)
    assert toc.get("{http://www.idpf.org/2007/ops}type") == "toc"
    links = [(squash("".join(a.itertext())), a.get("href")) for a in toc.iter("{http://www.w3.org/1999/xhtml}a")]
    titles = [t for t, _ in links]
    questions = [squash(s.question) for s in doc.sections]
    positions = [titles.index(q) for q in questions]
    assert positions == sorted(positions)
    for entry in doc.contents:
        assert squash(entry["title"]) in titles
    # Every link lands on a page of the spine, on an element that exists.
    for _, href in links:
        page, _, anchor = href.partition("#")
        assert page in book.pages
        if anchor:
            assert book.pages[page].find(f".//*[@id='{anchor}']") is not None, href
    assert book.nav.find(".//x:nav[@id='landmarks']", NS) is not None
    assert not [n for n in book.nav.iter() if n.get("{http://www.idpf.org/2007/ops}type") == "page-list"]


def test_one_h1_per_page_and_no_skipped_levels(book):
    for href, page in book.pages.items():
        levels = [int(e.tag[-1]) for e in page.iter() if e.tag[-2:-1] == "h" and e.tag[-1].isdigit()]
        assert levels and levels[0] == 1 and levels.count(1) == 1, href
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), href


def test_every_picture_has_alt_text_and_is_in_the_manifest(book):
    hrefs = {i.get("href"): i.get("media-type") for i in book.manifest.values()}
    images = [img for page in book.pages.values() for img in page.iter("{http://www.w3.org/1999/xhtml}img")]
    assert images  # the logo
    for img in images:
        assert img.get("alt"), img.attrib
        assert hrefs[img.get("src")] == "image/png"
        assert book.zip.read(book.base + img.get("src")).startswith(b"\x89PNG")


def test_same_content_as_the_standard_print(book, oakfield):
    doc = build_document(oakfield, translation_for(oakfield, None if book.lang == "en-GB" else book.lang))
    text = book.text()
    for expected in document_texts(doc):
        assert squash(expected) in text, expected
    lab = doc.labels
    # The other-formats notice, the first contact, every contact, the Local Offer, the glossary.
    for item in [lab["other_formats"], lab["other_formats_intro"], *lab["format_list"], lab["ask_us"],
                 doc.setting.phone, doc.setting.email, doc.setting.address_line, doc.senco.name, doc.senco.phone,
                 doc.local_offer.website, doc.local_offer.phone, lab["tell_us_intro"], doc.feedback_address]:
        assert squash(item) in text, item
    for section in doc.sections:
        for contact in section.contacts:
            for detail in (contact.name, contact.role, contact.phone, contact.email):
                if detail:
                    assert squash(detail) in text, detail
    for term in doc.glossary:
        assert squash(term.term) in text and squash(term.meaning) in text
    # In the order of the document's contents.
    at = 0
    for entry in doc.contents:
        at = text.index(squash(entry["title"]), at)  # ValueError: missing or out of order


def _summary(opf) -> ElementTree.Element:
    (meta,) = [m for m in opf.findall("opf:metadata/opf:meta", NS)
               if m.get("property") == "schema:accessibilitySummary"]
    return meta


def test_the_accessibility_summary_is_in_the_books_language(books, oakfield):
    """schema:accessibilitySummary is in the book's language, from the interface catalogue,
    and says so (issue 26: it was English in every language); an English book's is as it was."""
    from offerprint import i18n
    from offerprint.audit.language import expectation
    from offerprint.language_share import english_sentences, measure

    english = _summary(books["en-GB"].opf)
    assert english.text == epub.SUMMARY and english.get(XML_LANG) == "en-GB"
    polish = _summary(books["pl"].opf)
    assert polish.get(XML_LANG) == "pl"
    assert polish.text == i18n.interface_translations("pl").gettext(epub.SUMMARY) != epub.SUMMARY
    assert not english_sentences(polish.text)
    urdu = _summary(books["ur"].opf)
    assert urdu.get(XML_LANG) == "ur"
    # The standards' names (EPUB Accessibility, WCAG) and the font's aside, no Latin letter.
    share = measure(urdu.text, "ur", [*expectation(oakfield, "ur", []).kept, "Noto Nastaliq Urdu"])
    assert share.letters > 300 and share.percent == 0, share.english
    assert "نستعلیق" in urdu.text  # the script named in Urdu


def test_a_talking_books_metadata_is_in_its_language(oakfield, monkeypatch):
    """The talking book's summary sentence and narrator in the book's language; where the
    catalogue lacks them, English, marked as English."""
    import gettext

    from offerprint import i18n
    from offerprint.render import audio

    doc = build_document(oakfield, translation_for(oakfield, "ur"))
    overlays = epub.Overlays(smil={}, audio={}, seconds={}, narrator=audio.NARRATOR)

    def package() -> tuple[ElementTree.Element, ElementTree.Element]:
        opf = ElementTree.fromstring(epub.book_files(doc, oakfield, overlays)["EPUB/package.opf"])
        (narrator,) = [m for m in opf.findall("opf:metadata/opf:meta", NS) if m.get("property") == "media:narrator"]
        return _summary(opf), narrator

    summary, narrator = package()
    say = i18n.interface_translations("ur").gettext
    assert narrator.text == say(audio.NARRATOR) == "espeak-ng (کمپیوٹر کی آواز)"
    assert narrator.get(XML_LANG) is None
    assert say(epub.SUMMARY_OVERLAYS) in summary.text and summary.get(XML_LANG) == "ur"
    monkeypatch.setattr(i18n, "interface_translations", lambda lang: gettext.NullTranslations())
    summary, narrator = package()
    assert narrator.text == audio.NARRATOR and narrator.get(XML_LANG) == "en"
    font = ("Text in Nastaliq comes with its own font (Noto Nastaliq Urdu, embedded), which the reader can "
            "change in their reading system.")
    assert summary.get(XML_LANG) == "en" and summary.text == f"{epub.SUMMARY} {epub.SUMMARY_OVERLAYS} {font}"


def test_urdu_answers_are_urdu(books):
    text = books["ur"].text()
    assert sum("\u0600" <= ch <= "\u06ff" for ch in text) > 5000


def test_hostile_text_is_escaped(offer_dir):
    loaded = load_offer(offer_dir)
    first = loaded.offer.sections[0]
    first.answer = "<script>alert('answer')</script> Fish & chips <img src=x onerror=alert(1)>"
    first.question = "<b>Evil</b> & \"Co\"?"
    book = Book(render(loaded, "epub"), "en-GB")
    text = book.text()
    assert "<script>alert('answer')</script> Fish & chips" in text
    assert "<b>Evil</b> & \"Co\"?" in text
    for page in book.pages.values():
        assert not [e for e in page.iter() if e.tag.endswith(("}script", "}b"))]


def test_cli_builds_the_epub(offer_dir, run, tmp_path):
    out = tmp_path / "offer.epub"
    result = run("build", offer_dir, "--format", "epub", "-o", out)
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(out).read("mimetype") == b"application/epub+zip"


def test_xhtml_closes_void_elements_and_doubles_lang():
    html = md.to_html("Line one  \nline two")
    assert "<br>" in html
    fixed = epub.xhtml(str(html) + '<span lang="en-GB">x</span>')
    assert "<br/>" in fixed and "<br>" not in fixed
    assert 'lang="en-GB" xml:lang="en-GB"' in fixed
    assert epub.xhtml(fixed) == fixed


# --- epubcheck and Ace -----------------------------------------------------------------------

def _epubcheck_missing() -> str | None:
    if shutil.which("java") is None:
        return "Java is not installed (apt-get install default-jre-headless; scripts/system-deps.sh --test does it)"
    if not EPUBCHECK_JAR.is_file():
        return "epubcheck is not installed (apt-get install epubcheck; scripts/system-deps.sh --test does it)"
    return None


def _ace_missing() -> str | None:
    if shutil.which("chromium") is None:
        return "Chromium is not installed (apt-get install chromium; scripts/system-deps.sh --test does it)"
    if not ACE.is_file():
        return f"Ace by DAISY is not installed ({INSTALL_ACE})"
    return None


@pytest.fixture(scope="session")
def checked(books, tmp_path_factory):
    """epubcheck's and Ace's reports for each language: all six run at once, in the background."""
    folder = tmp_path_factory.mktemp("epub-checks")
    runs = {}
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=shutil.which("chromium") or "", HOME=str(folder))
    for lang, book in books.items():
        path = folder / f"oakfield-{lang}.epub"
        path.write_bytes(book.data)
        if not _epubcheck_missing():
            runs[("epubcheck", lang)] = subprocess.Popen(
                ["java", "-jar", str(EPUBCHECK_JAR), "--json", str(folder / f"epubcheck-{lang}.json"), str(path)],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if not _ace_missing():
            runs[("ace", lang)] = subprocess.Popen(
                [str(ACE), "--force", "--silent", "--outdir", str(folder / f"ace-{lang}"), str(path)],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    output = {key: proc.communicate(timeout=300)[0] for key, proc in runs.items()}
    return folder, output


@pytest.mark.parametrize("lang", LANGS)
def test_epubcheck_no_errors_no_warnings(checked, lang):
    reason = _epubcheck_missing()
    if reason:
        pytest.skip(reason)
    folder, output = checked
    report = json.loads((folder / f"epubcheck-{lang}.json").read_text())
    problems = [(m["severity"], m["ID"], m["message"], m["locations"][:1]) for m in report["messages"]
                if m["severity"] in {"FATAL", "ERROR", "WARNING"}]
    assert problems == [], output[("epubcheck", lang)]
    assert report["checker"]["nFatal"] == report["checker"]["nError"] == report["checker"]["nWarning"] == 0


@pytest.mark.parametrize("lang", LANGS)
def test_ace_no_serious_or_critical(checked, lang):
    reason = _ace_missing()
    if reason:
        pytest.skip(reason)
    folder, output = checked
    report_path = folder / f"ace-{lang}" / "report.json"
    if not report_path.is_file() and "Failed to launch the browser process" in output[("ace", lang)]:
        pytest.skip("Ace by DAISY could not start Chromium here: "
                    + output[("ace", lang)].strip().splitlines()[-1][:200])
    assert report_path.is_file(), output[("ace", lang)]
    report = json.loads(report_path.read_text())
    found = [(a["earl:testSubject"]["url"], t["earl:test"]["earl:impact"], t["earl:test"]["dct:title"])
             for a in report["assertions"] for t in a["assertions"]]
    assert [f for f in found if f[1] in {"serious", "critical"}] == []
    # The metadata Ace looks for is all there (the certifier's credential and report are optional).
    assert set(report["a11y-metadata"]["missing"]) <= {"a11y:certifierCredential", "a11y:certifierReport"}
    assert found == [], "moderate or minor findings: " + repr(found)


def test_pack_holds_the_epub(offer_dir, tmp_path):
    import json

    from offerprint.pack import build_pack, default_formats

    assert "epub" in default_formats()
    result = build_pack([offer_dir], tmp_path / "pack", formats=["epub"], jobs=1)
    assert not result.failures
    (made,) = result.results
    assert made.job.relpath.endswith("/en-GB/ebook.epub")
    assert zipfile.ZipFile(tmp_path / "pack" / made.job.relpath).read("mimetype") == b"application/epub+zip"
    assert "EPUB e-book in English" in (tmp_path / "pack" / "README.txt").read_text(encoding="utf-8")
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"][0]["format"] == "epub"
