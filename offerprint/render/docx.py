"""Word (DOCX): the offer as a document a school can edit in Word, built with python-docx from
the same Document as every other format, in the same order as the PDFs.

What makes it accessible in Word: real Heading 1/2/3 styles (one Heading 1, the title, so the
navigation pane shows the questions), "List Bullet" and "List Number" for lists, bold for
emphasis (never italics), hyperlinks that are real links, the language on the Normal style
and in the core properties, right to left paragraphs and runs for ur/ar/fa, alt text on
every picture (decorative ones marked decorative), Atkinson Hyperlegible named in the styles
(not embedded: Word falls back when it is not installed), every size at or above the body size.

Output is deterministic: the core properties' dates and the ZIP entries' dates are the
offer's reviewed date, so building twice gives the same bytes.
"""


from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt

from .. import i18n, tree
from ..document import Document, build_document
from ..errors import OfferInputError
from ..formats import FORMATS
from ..load import LoadedOffer
from ..translate import translation_for
# The writer's parts, by concern: WordprocessingML (docx_ooxml), pictures (docx_pictures), the
# paragraph builder (docx_writer). Their public names stay importable from here.
from .docx_ooxml import DECORATIVE_EXT_URI, DECORATIVE_NS, DRAWINGML_NS, LATIN_FONT, NBSP  # noqa: F401
from .docx_writer import Writer

SIZES = FORMATS["docx"].sizes  # body sizes in points (the registry's)
DEFAULT_SIZE = FORMATS["docx"].default_size


def _mail(address: str) -> tuple[str, str, bool]:
    return (address, f"mailto:{address}", False)


def _contact_box(w: Writer, box: tree.ContactBox, lab: dict, rtl: bool | None) -> None:
    """A contact box as the PDFs draw it; where the reply slip goes is a few lines, not a box."""
    if box.kind == "return":  # the slip's return address, then its email
        (c,) = box.contacts
        w.line(box.intro)
        w.line(c.post, bold=True)
        w.labelled(w.para(), lab["email"], c.email, link=f"mailto:{c.email}")
        return
    if box.kind == "senco":
        (c,) = box.contacts
        w.box([[[(box.intro, None, False)]],
               [[(c.name, None, True), (f", {c.role}", None, False)],
                [(f"{lab['phone']} {c.phone}", None, False)],
                [(f"{lab['email']} ", None, False), _mail(c.email)]]])
    elif box.kind == "school":
        (c,) = box.contacts
        school = [[(c.name, None, True)]]  # the name once, even where the address starts with it
        if c.address:
            school.append([(c.address, None, False)])
        school += [[(f"{lab['phone']} {c.phone}", None, False)], [(f"{lab['email']} ", None, False), _mail(c.email)]]
        w.box([school])
    elif box.kind == "section":
        entries = [[[(box.title, None, True)]]]
        for c in box.contacts:
            lines = [[(f"{c.name}, {c.role}", None, False)]]
            if c.phone:
                lines.append([(f"{lab['phone']} {c.phone}", None, False)])
            if c.email:
                lines.append([(f"{lab['email']} ", None, False), _mail(c.email)])
            entries.append(lines)
        w.box(entries, rtl=rtl)
    elif box.kind == "local-offer":
        (c,) = box.contacts
        w.box([[[(c.name, None, True)],
                [(f"{lab['website']} ", None, False), (c.website, c.website, False)],
                [(f"{lab['phone']} {c.phone}", None, False)],
                [(f"{lab['post']} {c.post}", None, False)]]])
    elif box.kind == "ask-us":
        (c,) = box.contacts
        w.box([[[(box.intro, None, False)],
                [(lab["phone"], None, True), (" " + c.phone, None, False)],
                [(lab["email"], None, True), (" ", None, False), _mail(c.email)],
                [(lab["post"], None, True), (" " + c.post, None, False)]]])


def _contents(w: Writer, entries) -> None:
    """Each entry a numbered link to its heading (the navigation pane lists them too)."""
    num = None
    for entry in entries:
        paragraph = w.para("List Number")
        num = num or w._restart_numbering("List Number", 1)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num
        w.hyperlink(paragraph, None, entry["title"], anchor=w.bookmark_name(entry["anchor"]))


def _slip_field(w: Writer, field: tree.SlipField) -> None:
    label = w.line(field.label, bold=True)
    label.paragraph_format.keep_with_next = True
    label.paragraph_format.space_after = Pt(0)
    for n in range(field.lines):
        blank = w.para()
        blank.paragraph_format.space_before = Pt(round(w.size * 0.6, 1))
        w._borders(blank._p.get_or_add_pPr(), ("bottom", "between") if field.lines > 1 else ("bottom",), size=8,
                   space=1)
        if n < field.lines - 1:
            blank.paragraph_format.keep_with_next = True


def _language_lines(w: Writer, node: tree.LanguageLines) -> None:
    for line in node.lines:
        rtl = line.get("dir") == "rtl"
        paragraph = w.para(rtl=rtl)
        before, after = line.get("before"), line.get("after")
        if before is None or after is None:
            w.runs(paragraph, line["text"], lang=line["lang"], rtl_para=rtl)
        else:
            w.runs(paragraph, before, lang=line["lang"], rtl_para=rtl)
            w.runs(paragraph, node.name, lang=w.source_lang, rtl_para=rtl)
            w.runs(paragraph, after, lang=line["lang"], rtl_para=rtl)


class _Walk:
    """Writes the document tree's nodes in order. A part's heading carries the part's anchor
    (the title the cover's); the contents and the first question start a page, and so does
    the reply slip (at its cut line). Word leaves out the pointer to the formats page, the
    not-translated notice and a bilingual document's original text."""

    def __init__(self, w: Writer, lab: dict):
        self.w, self.lab = w, lab
        self.width = w.text_width_cm()
        self.first_question = True

    def parts(self, parts) -> None:
        for part in parts:
            lang = part.lang if part.kind == "question" else None
            rtl = (i18n.text_direction(lang) == "rtl") if lang else None
            page_break = part.kind == "contents" or (part.kind == "question" and self.first_question)
            if part.kind == "question":
                self.first_question = False
            self.nodes(part, lang, rtl, page_break)

    def nodes(self, part: tree.Part, lang: str | None, rtl: bool | None, page_break: bool) -> None:
        w, lab = self.w, self.lab
        for node in part.children:
            match node:
                case tree.Part():
                    self.parts((node,))
                case tree.Heading() if node is part.heading:
                    w.heading(node.text, node.level, anchor=part.anchor, page_break=page_break, lang=lang, rtl=rtl)
                case tree.Heading():
                    w.heading(node.text, node.level, rtl=rtl)
                case tree.Paragraph(role="setting-name"):
                    w.line(node.text, bold=True)
                case tree.Paragraph(role="cut-line"):  # the slip starts a page
                    cut = w.line(node.text)
                    cut.paragraph_format.page_break_before = True
                    w._borders(cut._p.get_or_add_pPr(), ("top",), size=16, space=4, style="dashed")
                case tree.Paragraph(role="formats-pointer"):
                    pass
                case tree.Paragraph():
                    w.line(node.text)
                case tree.Prose():
                    w.markdown(node.text, lang=lang, rtl=rtl)
                case tree.Dates():
                    for label, value in node.entries:
                        w.labelled(w.para(), f"{label}:", value)
                case tree.ContactBox():
                    _contact_box(w, node, lab, rtl)
                case tree.ContentsList():
                    _contents(w, node.entries)
                case tree.Timescales():
                    w.heading(node.title, 3, rtl=rtl)
                    for step in node.steps:
                        paragraph = w.para("List Bullet", rtl=rtl)
                        w.runs(paragraph, f"{step.when}:", bold=True, lang=lang, rtl_para=rtl)
                        w.runs(paragraph, f" {step.what}", lang=lang, rtl_para=rtl)
                case tree.Picture(role="logo"):
                    w.picture(node.picture, min(8.0, self.width), 4.0)
                case tree.Picture():
                    decorative = node.picture.decorative
                    w.picture(node.picture, self.width, 5.0 if decorative else 9.0, decorative=decorative)
                case tree.Items():
                    for item in node.items:
                        w.line(item, "List Bullet")
                case tree.Glossary():
                    for term in node.terms:
                        paragraph = w.para("List Bullet")
                        name = f"{term.term} ({term.short})" if term.short else term.term
                        w.runs(paragraph, f"{name}:", bold=True)
                        w.runs(paragraph, f" {term.meaning}")
                case tree.LanguageLines():
                    _language_lines(w, node)
                case tree.SlipField():
                    _slip_field(w, node)
                case tree.Notice(kind="draft"):
                    w.line(node.text, bold=True)
                    _draft_header(w, node.text)
                case tree.Notice():
                    pass


def _draft_header(w: Writer, text: str) -> None:
    """Word repeats a section's header on every page: a draft's mark goes there too."""
    for section in w.word.sections:
        paragraph = section.header.paragraphs[0]
        paragraph.style = w.word.styles["Header"]
        w.runs(paragraph, text, bold=True)


def _build(doc: Document, size: float) -> Writer:
    """Write ``doc``'s tree (offerprint/tree.py) in its order, with render/text.py's labels."""
    w = Writer(doc, size)
    _Walk(w, doc.labels).parts(tree.document_tree(doc))
    return w


PROPERTY_LIMIT = 255  # Word's core properties hold at most 255 characters (python-docx refuses more)


def _property(text: str) -> str:
    """A document property cut at a word to fit, with an ellipsis (a setting's name may be 300)."""
    if len(text) <= PROPERTY_LIMIT:
        return text
    cut = text[:PROPERTY_LIMIT - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[PROPERTY_LIMIT // 2:] else cut).rstrip() + "…"


def _properties(w: Writer, doc: Document, when: dt.datetime) -> None:
    props = w.word.core_properties
    props.title = _property(f"{doc.title}: {doc.setting.name}")
    props.author = _property(doc.setting.name)
    props.last_modified_by = _property(doc.setting.name)
    props.subject = _property(doc.subject)
    props.keywords = _property(f"SEND, SEN information report, Local Offer, {doc.setting.name}")
    props.language = doc.lang
    props.comments = _property(f"Made with offerprint {doc.version}")
    props.category = _property(doc.subject)
    props.version = _property(doc.version_label or "")
    props.revision = 1
    props.created = when
    props.modified = when
    # The template's thumbnail (of another document) and Word-for-Mac statistics would be wrong.
    package = w.word.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]
            package.rels.related_parts.pop(r_id, None)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                f"<Template>Normal.dotm</Template><Application>offerprint {doc.version}</Application>"
                "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company></Company>"
                "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
                "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
            ).encode("utf-8")


def _drop_unused_parts(w: Writer) -> None:
    """stylesWithEffects.xml holds the template's old styles (Word 2010): leave it out."""
    rels = w.word.part.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del rels[r_id]
            rels.related_parts.pop(r_id, None)


def _stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same DOCX with every entry dated ``when``: the same input gives the same bytes."""
    stamp = (max(1980, when.year), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render_document_docx(doc: Document, size: float = DEFAULT_SIZE, *, reviewed: dt.date | None = None) -> bytes:
    """``doc`` as DOCX bytes at body ``size`` points. ``reviewed`` dates the file (created and
    modified); without it, the document's creation date."""
    w = _build(doc, size)
    day = reviewed or dt.date.fromisoformat(doc.created)
    when = dt.datetime(day.year, day.month, day.day)
    _properties(w, doc, when)
    _drop_unused_parts(w)
    out = io.BytesIO()
    w.word.save(out)
    return _stable_zip(out.getvalue(), when)


def check_size(size: float | None) -> float:
    size = DEFAULT_SIZE if size is None else size
    low, high = SIZES
    if not low <= size <= high:
        raise OfferInputError(f"--size: a Word document is {low} to {high} point, not {size:g} "
                              "(12 or 14 for clear print, 16 and over for large print)")
    return size


def render_docx(loaded: LoadedOffer, options) -> bytes:
    """The offer as a Word document; ``options.size`` is the body size (12 by default, 12-48)."""
    size = check_size(options.size)
    doc = build_document(loaded, translation_for(loaded, options.lang), bilingual=options.bilingual,
                         draft=options.draft)
    return render_document_docx(doc, size, reviewed=loaded.offer.offer.reviewed)
