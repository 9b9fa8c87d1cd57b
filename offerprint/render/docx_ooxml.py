"""WordprocessingML for the Word writer (:mod:`offerprint.render.docx`): the fonts and languages
of a run, sizes in Word's units, and each property element put in its place in the schema's
order (python-docx has no API for most of them)."""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .. import i18n
from .assets import SCRIPT_FAMILIES

LATIN_FONT = "Atkinson Hyperlegible"

# Word's extension marking a picture decorative (Office 365: "Mark as decorative").
DECORATIVE_EXT_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DRAWINGML_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LTR_CHAR = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
NBSP = "\u00a0"


def twips(points: float) -> int:
    return int(round(points * 20))


def _half_points(points: float) -> int:
    return int(round(points * 2))


def heading_sizes(size: float) -> tuple[float, float, float]:
    """H1, H2, H3 in points, as the PDFs have them (render/pdf.PrintStyle), to the half point."""
    scale = 1.3 if size <= 14 else 1.25
    h2 = size * scale
    return round(h2 * scale * 2) / 2, round(h2 * 2) / 2, round(size * scale ** 0.5 * 2) / 2


def fonts_for(lang: str) -> dict[str, str]:
    """w:rFonts attributes for a language: Atkinson Hyperlegible for Latin text, and the
    script's own shipped family in the slot Word uses for that script."""
    script = i18n.script_of(lang)
    first = (SCRIPT_FAMILIES.get(script) or [LATIN_FONT])[0]
    fonts = {"ascii": LATIN_FONT, "hAnsi": LATIN_FONT, "cs": LATIN_FONT, "eastAsia": LATIN_FONT}
    if script == "Cyrl":
        fonts["ascii"] = fonts["hAnsi"] = first
    elif script in ("Hans", "Hant", "Jpan", "Kore"):
        fonts["eastAsia"] = first
    elif script != "Latn":
        fonts["cs"] = first
    return fonts


def lang_attrs(lang: str) -> dict[str, str]:
    """w:lang attributes: the language for Latin text, and for complex-script or East Asian
    text when the language is written in one."""
    attrs = {"val": lang}
    script = i18n.script_of(lang)
    if script in ("Hans", "Hant", "Jpan", "Kore"):
        attrs["eastAsia"] = lang
    elif script not in ("Latn", "Cyrl", "Grek"):
        attrs["bidi"] = lang
    return attrs


# Schema order of the children of w:rPr and w:pPr, to insert an element in its right place.
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def ordered_child(parent, tag: str, order: tuple[str, ...]):
    """``parent``'s child ``tag``, made if missing and put in its place in ``order``."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        later = {qn(t) for t in order[order.index(tag) + 1:]}
        for sibling in parent:
            if sibling.tag in later:
                sibling.addprevious(found)
                break
        else:
            parent.append(found)
    return found


def set_attrs(element, **attrs) -> None:
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))


def reset_attrs(element, **attrs) -> None:
    for key in list(element.attrib):
        del element.attrib[key]
    set_attrs(element, **attrs)


def rpr_child(rpr, tag: str):
    return ordered_child(rpr, tag, _RPR_ORDER)


def ppr_child(ppr, tag: str):
    return ordered_child(ppr, tag, _PPR_ORDER)


def set_run_props(rpr, *, fonts: dict | None = None, size: float | None = None, bold: bool | None = None,
                   lang: str | None = None, rtl: bool = False, no_italics: bool = False,
                   colour: str | None = None) -> None:
    if fonts:  # theme fonts would override named ones: reset_attrs drops them
        reset_attrs(rpr_child(rpr, "w:rFonts"), **fonts)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            reset_attrs(rpr_child(rpr, tag), val="1" if bold else "0")
    if no_italics:
        for tag in ("w:i", "w:iCs"):
            reset_attrs(rpr_child(rpr, tag), val="0")
    if colour is not None:
        reset_attrs(rpr_child(rpr, "w:color"), val=colour)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            reset_attrs(rpr_child(rpr, tag), val=_half_points(size))
    if rtl:
        rpr_child(rpr, "w:rtl")
    if lang:
        reset_attrs(rpr_child(rpr, "w:lang"), **lang_attrs(lang))
