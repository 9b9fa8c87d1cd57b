"""EPUB 3: the offer for e-readers and reading apps (Apple Books, Thorium, Kindle via Send to
Kindle, screen readers and braille displays through them).

Same content as the standard print (it walks the same document tree, offerprint/tree.py): the
title page with who to talk to, then one file for each part of the tree in its order (each
question, what SEN means, how we wrote this, disabled pupils, the Local Offer, complaints, the
glossary, the other-formats notice, "tell us what you think").

Reflowable, with no embedded fonts (the reader's own font, size and colours apply), a
navigation document listing every heading (every question), landmarks, and no page-list (its
pages map to no printed edition). Every element not in the document's language says its own
(``lang`` and ``xml:lang``); right-to-left languages set ``dir`` and the spine's
``page-progression-direction``. The package carries EPUB Accessibility 1.1 metadata, its
summary in the book's language (from the interface catalogues; English, marked so, without).

The output is checked with epubcheck (0 errors, 0 warnings) and Ace by DAISY in
tests/test_epub.py. The zip is deterministic: the same offer on the same day gives the same
bytes (the pack relies on that).
"""

from __future__ import annotations

import base64
import functools
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from xml.etree import ElementTree

import jinja2
from markupsafe import Markup

from .. import i18n, tree
from ..document import Document, build_document
from ..errors import RenderError
from ..load import LoadedOffer
from ..translate import translation_for
from .assets import FONTS, SCRIPT_FAMILIES, TEMPLATES, font_list
from .pdf import jinja_env as pdf_jinja
from .web import data_uri

EPUB_TEMPLATES = TEMPLATES / "epub"
# The MIME types of the pictures an EPUB 3.2 reading system must show (core media types).
_IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}
_VOID = re.compile(r"<(br|wbr|hr|img)(\s[^<>]*?)?\s*/?>")
_LANG = re.compile(r'(?<=\s)lang="([^"]*)"(?! xml:lang)')
_DATE_TIME = "T00:00:00Z"
_NAMESPACE = uuid.UUID("6f1e8f57-3c0b-4d6e-9a57-0a4b3c1d2e7f")  # offerprint's EPUB identifiers


def N_(message: str) -> str:
    """Marks wording for Babel's extraction (translations/messages.pot); translated when used."""
    return message


# schema:accessibilitySummary, the sentences after it where they apply, in the book's language
# (see accessibility_summary).
# TRANSLATORS: the EPUB's accessibility summary. Keep the standards'
# names "EPUB Accessibility 1.1" and "WCAG 2.1" and the level "AA".
SUMMARY = N_("This publication meets the EPUB Accessibility 1.1 and WCAG 2.1 Level AA requirements. "
             "It has a table of contents with every question, headings in order, text alternatives for "
             "pictures, and each passage marked with its language. It reflows and uses the reader's "
             "own fonts, sizes and colours. There are no page numbers, as it matches no printed edition.")
# Scripts whose fonts e-readers often lack (e-ink readers have none for Nastaliq, Naskh,
# Bengali or Gurmukhi): their shipped font is embedded, whole (subsetting a Nastaliq font
# takes longer than making the book). Latin and Cyrillic are everywhere; Chinese fonts are in
# every reader that sells Chinese books, and ours is 4.7 MB.
EMBEDDED_SCRIPTS = {"Aran", "Arab", "Beng", "Guru"}
# TRANSLATORS: {script} is a writing system's name in your language
# ("Nastaliq", "Bengali"); {family} is a font's name.
SUMMARY_FONT = N_("Text in {script} comes with its own font ({family}, embedded), which the reader can "
                  "change in their reading system.")
SUMMARY_OVERLAYS = N_("Every part is also read aloud by a computer voice, with the text highlighted "
                      "as it is read (media overlays).")


@dataclass
class Part:
    """One XHTML file of the book."""

    kind: str  # "front" (the title page), else the tree part's kind ("question", "extra" ...)
    id: str
    title: str
    node: tree.Part
    children: list = field(default_factory=list)  # entries below it in the navigation

    @property
    def href(self) -> str:
        return f"{self.id}.xhtml"


@dataclass
class Image:
    id: str
    href: str
    mime: str
    data: bytes


def xhtml(html: str) -> Markup:
    """Safe HTML from offerprint.markdown made XML: void elements closed, ``xml:lang`` beside
    every ``lang``."""
    return Markup(_LANG.sub(lambda m: f'lang="{m[1]}" xml:lang="{m[1]}"',
                            _VOID.sub(lambda m: f"<{m[1]}{m[2] or ''}/>", str(html))))


@functools.cache
def _jinja() -> jinja2.Environment:
    """The PDF path's environment (autoescaped, strict), loading the EPUB's templates."""
    env = pdf_jinja().overlay(loader=jinja2.FileSystemLoader(EPUB_TEMPLATES))
    env.filters["xhtml"] = xhtml
    return env


def _parts(parts: tuple[tree.Part, ...]) -> list[Part]:
    """The book's files in the tree's order: the cover (with who to talk to) is the title
    page, each other part its own file; the navigation document is the book's contents."""
    book = []
    for node in parts:
        if node.kind == "contents":
            continue
        if node.kind == "cover":
            book.append(Part("front", "title-page", node.heading.text, node))
            continue
        part = Part(node.kind, node.anchor, node.heading.text, node)
        part.children = [{"title": h.text, "href": f"{part.href}#{h.anchor}"}
                         for h in node.children if isinstance(h, tree.Heading) and h.anchor]
        book.append(part)
    return book


def book_images(doc: Document, loaded: LoadedOffer) -> tuple[list[Image], dict[str, str]]:
    """The logo and pictures, read from the offer folder only (as the web page does), each
    stored once."""
    refs = ([doc.logo] if doc.logo else []) + [p for s in doc.sections for p in s.pictures]
    images: list[Image] = []
    by_url: dict[str, str] = {}
    for ref in refs:
        if ref.url in by_url:
            continue
        uri = data_uri(ref, loaded)  # checks the file is inside the offer folder
        mime, _, encoded = uri[len("data:"):].partition(";base64,")
        if mime not in _IMAGE_EXTENSIONS:
            raise RenderError(f"{ref.url.rsplit('/', 1)[-1]}: an EPUB can hold PNG, JPEG, GIF or SVG pictures, "
                              f"not {mime} (save it as PNG)")
        n = len(images) + 1
        href = f"images/picture-{n}.{_IMAGE_EXTENSIONS[mime]}"
        images.append(Image(f"image-{n}", href, mime, base64.b64decode(encoded)))
        by_url[ref.url] = href
    return images, by_url


def identifier(doc: Document) -> str:
    """A stable urn:uuid for this offer in this language (a new version is a new edition)."""
    key = "|".join([doc.setting.name, doc.lang, doc.version_label or "", doc.reviewed])
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def _toc(doc: Document, parts: list[Part]) -> list[dict]:
    """Every entry of the document's contents (the tree's), pointing into the file that holds it."""
    file_of = {p.id: p.href for p in parts}
    children = {p.id: p.children for p in parts}
    contents = next(n for n in tree.walk(tree.document_tree(doc)) if isinstance(n, tree.ContentsList))
    toc = []
    for entry in contents.entries:
        anchor = entry["anchor"]
        href = file_of.get(anchor) or f"{parts[0].href}#{anchor}"
        toc.append({"title": entry["title"], "href": href, "children": children.get(anchor, [])})
    return toc


_PASSAGE = re.compile(r"<(h[1-6]|p|li|dt|dd|th|td|figcaption|img)(\s[^<>]*?)?(/?)>")


def with_passage_ids(page: str) -> str:
    """Every heading, paragraph, list item, cell and picture given an id (``t1``, ``t2``...)
    where it has none, so a media overlay can point at it."""
    count = 0

    def add(match: re.Match) -> str:
        nonlocal count
        attrs = match[2] or ""
        if re.search(r'\sid="', attrs):
            return match[0]
        count += 1
        return f'<{match[1]} id="t{count}"{attrs}{match[3]}>'

    return _PASSAGE.sub(add, page)


def pages(doc: Document, images_by_ref: dict[str, str]) -> list[tuple[Part, str]]:
    """The book's XHTML files in reading order (the audio reads the same pages)."""
    template = _jinja().get_template("part.xhtml.j2")
    return [(part, with_passage_ids(xhtml(template.render(doc=doc, part=part, images_by_ref=images_by_ref))))
            for part in _parts(tree.document_tree(doc))]


@dataclass
class Font:
    id: str
    href: str
    family: str
    weight: int
    data: bytes
    lang: str  # the language it is embedded for


def book_fonts(doc: Document) -> list[Font]:
    """The shipped fonts embedded for the document's script (none for most languages)."""
    script = i18n.script_of(doc.lang)
    if script not in EMBEDDED_SCRIPTS:
        return []
    family = SCRIPT_FAMILIES[script][0]
    primary = doc.lang.split("-")[0]
    return [Font(f"font-{n}", f"fonts/{entry['file']}", family, entry["weight"], (FONTS / entry["file"]).read_bytes(),
                 primary)
            for n, entry in enumerate((e for e in font_list() if e["family"] == family), start=1)]


def stylesheet(fonts: list[Font]) -> bytes:
    """templates/epub/epub.css, after the @font-face rules and the font for the document's
    script when one is embedded."""
    css = (EPUB_TEMPLATES / "epub.css").read_text(encoding="utf-8")
    if fonts:
        faces = "".join(f'@font-face {{ font-family: "{f.family}"; src: url("{f.href}"); font-weight: {f.weight}; '
                        f'font-style: normal; }}\n' for f in fonts)
        # Passages in other languages (the setting's English name) keep the reader's font.
        css = faces + css + (f'body {{ font-family: "{fonts[0].family}", serif; }}\n'
                             f'[lang]:not(:lang({fonts[0].lang})) {{ font-family: serif; }}\n')
    return css.encode("utf-8")


@dataclass
class Overlays:
    """Media overlays (text and audio in step, render/audio.py): per part, its SMIL document
    and audio file, and their lengths."""

    smil: dict[str, bytes]  # part id -> SMIL document
    audio: dict[str, bytes]  # part id -> MP3
    seconds: dict[str, float]  # part id -> length of its audio
    narrator: str  # in English: worded in the book's language by the interface catalogue


def clock_value(seconds: float) -> str:
    """A SMIL clock value: "0:01:23.456"."""
    ms = round(seconds * 1000)
    return f"{ms // 3600000}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _worded(doc: Document, messages: list[str]) -> tuple[list[str], str | None]:
    """``messages`` in the book's language from the interface catalogue, with None for their
    language (the book's); or all in English, with "en", where the catalogue lacks any."""
    say = i18n.interface_translations(doc.lang).gettext
    if any(say(m) == m for m in messages):  # an English book too: its catalogue is the messages
        return list(messages), None if doc.lang.lower().startswith("en") else "en"
    return [say(m) for m in messages], None


def accessibility_summary(doc: Document, fonts: list[Font], overlays: bool) -> tuple[str, str | None]:
    """schema:accessibilitySummary, and its language where it is not the book's."""
    from babel import Locale

    sentences = [SUMMARY] + ([SUMMARY_OVERLAYS] if overlays else []) + ([SUMMARY_FONT] if fonts else [])
    said, lang = _worded(doc, sentences)
    if fonts:
        script = i18n.script_of(doc.lang)[:4]
        names = Locale.parse(i18n.babel_locale(lang or doc.lang)).scripts
        said[-1] = said[-1].format(script=names.get(script) or Locale("en").scripts.get(script, script),
                                   family=fonts[0].family)
    return " ".join(said), lang


def book_files(doc: Document, loaded: LoadedOffer, overlays: Overlays | None = None,
               made: list[tuple[Part, str]] | None = None) -> dict[str, bytes]:
    """Every file of the EPUB by its path in the zip (``mimetype`` first); with ``overlays``,
    the pages' audio and SMIL too (``made``: the pages the overlays point into)."""
    env = _jinja()
    images, images_by_ref = book_images(doc, loaded)
    # Pages name pictures relative to EPUB/, as the package does.
    made = made or pages(doc, images_by_ref)
    parts = [part for part, _ in made]
    text_files: dict[str, str] = {f"EPUB/{part.href}": page for part, page in made}
    toc = _toc(doc, parts)
    text_files["EPUB/nav.xhtml"] = env.get_template("nav.xhtml.j2").render(
        doc=doc, parts=parts, toc=toc, body_start=parts[1].href if len(parts) > 1 else parts[0].href)
    fonts = book_fonts(doc)
    summary, summary_lang = accessibility_summary(doc, fonts, bool(overlays))
    narrator, narrator_lang = None, None
    if overlays:
        (narrator,), narrator_lang = _worded(doc, [overlays.narrator])
    text_files["EPUB/package.opf"] = env.get_template("package.opf.j2").render(
        doc=doc, parts=parts, images=images, has_images=bool(images), identifier=identifier(doc),
        modified=doc.created + _DATE_TIME, summary=summary, summary_lang=summary_lang or doc.lang,
        overlays=overlays, narrator=narrator, narrator_lang=narrator_lang, clock=clock_value, fonts=fonts)
    files: dict[str, bytes] = {"mimetype": b"application/epub+zip",
                               "META-INF/container.xml": (EPUB_TEMPLATES / "container.xml").read_bytes()}
    for path, text in text_files.items():
        if path.endswith(".xhtml"):
            text = xhtml(text)
        _well_formed(path, text)
        files[path] = text.encode("utf-8")
    files["EPUB/epub.css"] = stylesheet(fonts)
    for font in fonts:
        files[f"EPUB/{font.href}"] = font.data
    for image in images:
        files[f"EPUB/{image.href}"] = image.data
    if overlays:
        for part_id, smil in overlays.smil.items():
            _well_formed(f"EPUB/{part_id}.smil", smil.decode("utf-8"))
            files[f"EPUB/overlays/{part_id}.smil"] = smil
            files[f"EPUB/audio/{part_id}.mp3"] = overlays.audio[part_id]
    return files


def _well_formed(path: str, text: str) -> None:
    """A reading system rejects a file that is not XML: fail here, naming it, instead."""
    try:
        ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as exc:
        raise RenderError(f"EPUB: {path} is not well-formed XML ({exc}); please report this as a bug") from None


def zip_book(files: dict[str, bytes]) -> bytes:
    """The OCF container: ``mimetype`` first and stored, the rest deflated; fixed timestamps so
    the same book gives the same bytes."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if path == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def render_epub(loaded: LoadedOffer, options) -> bytes:
    """The offer as an EPUB 3 book. Of the options, only the language (``lang``,
    ``bilingual``) and ``draft`` apply."""
    doc = build_document(loaded, translation_for(loaded, options.lang), bilingual=options.bilingual,
                         draft=options.draft)
    return zip_book(book_files(doc, loaded))
