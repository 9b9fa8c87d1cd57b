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

from .. import i18n
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


def _build(doc: Document, size: float) -> Writer:
    """Write ``doc`` in the PDFs' order (templates/offer.html.j2) with render/text.py's labels."""
    w = Writer(doc, size)
    lab = doc.labels
    width = w.text_width_cm()

    # Cover
    if doc.logo:
        w.picture(doc.logo, min(8.0, width), 4.0)
    w.line(doc.setting.name, bold=True)
    w.heading(doc.title, 1, anchor="cover")
    w.line(lab["what_this_is"])
    for label, value in ((lab["last_reviewed"], doc.reviewed), (lab["next_review"], doc.next_review),
                         (lab["version"], doc.version_label)):
        if value:
            paragraph = w.para()
            w.labelled(paragraph, f"{label}:", value)

    # Who to talk to: on the cover, as in print (the other-formats notice is at the back)
    w.heading(lab["who_to_talk_to"], 2, anchor="who-to-talk-to")
    if doc.senco:
        s = doc.senco
        w.box([[[(lab["senco_intro"], None, False)]],
               [[(s.name, None, True), (f", {s.role}", None, False)],
                [(f"{lab['phone']} {s.phone}", None, False)],
                [(f"{lab['email']} ", None, False), (s.email, f"mailto:{s.email}", False)]]])
    school = [[(doc.setting.name, None, True)]]  # the name once, even where the address starts with it
    if doc.setting.after_name_line:
        school.append([(doc.setting.after_name_line, None, False)])
    school += [[(f"{lab['phone']} {doc.setting.phone}", None, False)],
               [(f"{lab['email']} ", None, False), (doc.setting.email, f"mailto:{doc.setting.email}", False)]]
    w.box([school])

    # Contents: each entry a link to its heading (the navigation pane lists them too)
    w.heading(lab["contents"], 2, anchor="contents", page_break=True)
    num = None
    for entry in doc.contents:
        paragraph = w.para("List Number")
        num = num or w._restart_numbering("List Number", 1)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num
        w.hyperlink(paragraph, None, entry["title"], anchor=w.bookmark_name(entry["anchor"]))

    # The questions
    for i, section in enumerate(doc.sections):
        lang = section.lang
        rtl = (i18n.text_direction(lang) == "rtl") if lang else None
        w.heading(section.question, 2, anchor=section.anchor, page_break=i == 0, lang=lang, rtl=rtl)
        w.markdown(section.answer, lang=lang, rtl=rtl)
        if section.timescales:
            w.heading(lab["timescales"], 3, rtl=rtl)
            for step in section.timescales:
                paragraph = w.para("List Bullet", rtl=rtl)
                w.runs(paragraph, f"{step.when}:", bold=True, lang=lang, rtl_para=rtl)
                w.runs(paragraph, f" {step.what}", lang=lang, rtl_para=rtl)
        for picture in section.pictures:
            w.picture(picture, width, 5.0 if picture.decorative else 9.0, decorative=picture.decorative)
        if section.contacts:
            entries = [[[(lab["contacts"], None, True)]]]
            for c in section.contacts:
                lines = [[(f"{c.name}, {c.role}", None, False)]]
                if c.phone:
                    lines.append([(f"{lab['phone']} {c.phone}", None, False)])
                if c.email:
                    lines.append([(f"{lab['email']} ", None, False), (c.email, f"mailto:{c.email}", False)])
                entries.append(lines)
            w.box(entries, rtl=rtl)

    # After the questions
    w.heading(lab["what_sen_means"], 2, anchor="what-sen-means")
    w.markdown(doc.sen_definition)
    w.heading(lab["how_we_wrote_this"], 2, anchor="how-we-wrote-this")
    w.markdown(doc.co_production)
    if doc.accessibility:
        w.heading(lab["disabled_pupils"], 2, anchor="disabled-pupils")
        for part in doc.accessibility:
            w.heading(part["title"], 3)
            w.markdown(part["text"])
    w.heading(lab["local_offer"], 2, anchor="local-offer")
    w.line(lab["local_offer_intro"])
    lo = doc.local_offer
    w.box([[[(lo.name, None, True)],
            [(f"{lab['website']} ", None, False), (lo.website, lo.website, False)],
            [(f"{lab['phone']} {lo.phone}", None, False)],
            [(f"{lab['post']} {lo.address_line}", None, False)]]])
    w.line(lab["local_offer_no_internet"])
    w.heading(lab["complaints"], 2, anchor="complaints")
    w.markdown(doc.complaints)
    if doc.glossary:
        w.heading(lab["glossary"], 2, anchor="words-we-use")
        for term in doc.glossary:
            paragraph = w.para("List Bullet")
            name = f"{term.term} ({term.short})" if term.short else term.term
            w.runs(paragraph, f"{name}:", bold=True)
            w.runs(paragraph, f" {term.meaning}")

    # This information in other formats
    w.heading(lab["other_formats"], 2, anchor="other-formats")
    w.line(lab["other_formats_intro"])
    for item in lab["format_list"]:
        w.line(item, "List Bullet")
    w.box([[[(lab["ask_us"], None, False)],
            [(lab["phone"], None, True), (" " + doc.setting.phone, None, False)],
            [(lab["email"], None, True), (" ", None, False), (doc.setting.email, f"mailto:{doc.setting.email}", False)],
            [(lab["post"], None, True), (" " + doc.setting.postal_line, None, False)]]])
    for line in doc.language_lines:
        rtl = line.get("dir") == "rtl"
        paragraph = w.para(rtl=rtl)
        before, after = line.get("before"), line.get("after")
        if before is None or after is None:
            w.runs(paragraph, line["text"], lang=line["lang"], rtl_para=rtl)
        else:
            w.runs(paragraph, before, lang=line["lang"], rtl_para=rtl)
            w.runs(paragraph, doc.setting.name, lang=w.source_lang, rtl_para=rtl)
            w.runs(paragraph, after, lang=line["lang"], rtl_para=rtl)

    # The feedback slip, last, on a page of its own
    cut = w.line(lab["cut_here"])
    cut.paragraph_format.page_break_before = True
    w._borders(cut._p.get_or_add_pPr(), ("top",), size=16, space=4, style="dashed")
    w.heading(lab["tell_us"], 2, anchor="tell-us")
    w.line(lab["tell_us_intro"])
    for field, lines in ((lab["slip_helpful"], 1), (lab["slip_change"], 2), (lab["slip_name"], 1)):
        label = w.line(field, bold=True)
        label.paragraph_format.keep_with_next = True
        label.paragraph_format.space_after = Pt(0)
        for n in range(lines):
            blank = w.para()
            blank.paragraph_format.space_before = Pt(round(w.size * 0.6, 1))
            w._borders(blank._p.get_or_add_pPr(), ("bottom", "between") if lines > 1 else ("bottom",), size=8, space=1)
            if n < lines - 1:
                blank.paragraph_format.keep_with_next = True
    w.line(lab["slip_return"])
    w.line(doc.feedback_address, bold=True)
    paragraph = w.para()
    w.labelled(paragraph, lab["email"], doc.setting.email, link=f"mailto:{doc.setting.email}")
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
    doc = build_document(loaded, translation_for(loaded, options.lang), bilingual=options.bilingual)
    return render_document_docx(doc, size, reviewed=loaded.offer.offer.reviewed)
