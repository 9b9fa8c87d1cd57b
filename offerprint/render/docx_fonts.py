"""The shipped fonts inside the Word document, so Word and LibreOffice on a machine without
them still show every script (ECMA-376 Part 1, 17.8.1 and 17.8.3.3): each family the document
names is cut down to the characters its runs use (web_fonts.subset_font, TrueType), stored as
word/fonts/fontN.odttf obfuscated with its key (the first 32 bytes XORed with the key GUID's
bytes, last first), and listed in fontTable.xml (w:embedRegular, w:embedBold with the key);
settings.xml says the fonts are embedded, and that Word should keep them as subsets when it
saves the file again (w:embedTrueTypeFonts, w:saveSubsetFonts).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from .docx_ooxml import ordered_child
from .web_fonts import faces, subset_font

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
# Word draws a list's numbers and the footer's page numbers in the paragraph's fonts.
NUMBERS = set("0123456789. ")
# w:settings' children that come before w:embedTrueTypeFonts, w:embedSystemFonts and
# w:saveSubsetFonts (CT_Settings' order); every other one comes after them.
_SETTINGS_BEFORE = ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
                    "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
                    "w:printFractionalCharacterWidth", "w:printFormsData")
# CT_Font's children, in the schema's order.
_FONT_ORDER = ("w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch", "w:sig",
               "w:embedRegular", "w:embedBold", "w:embedItalic", "w:embedBoldItalic")


def font_key(family: str, weight: int, data: bytes) -> str:
    """A GUID for the font (its obfuscation key), from its bytes: the same document, the same
    key."""
    digest = hashlib.sha256(f"{family} {weight}".encode() + data).hexdigest().upper()
    return "{%s-%s-%s-%s-%s}" % (digest[:8], digest[8:12], digest[12:16], digest[16:20], digest[20:32])


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 17.8.1: the first 32 bytes XORed with the key's 16 bytes, read from the GUID's
    last hex pair to its first (the same operation undoes it)."""
    guid = bytes.fromhex(re.sub(r"[{}-]", "", key))[::-1]
    return bytes(b ^ guid[i % 16] for i, b in enumerate(data[:32])) + data[32:]


def _slot(char: str) -> tuple[str, ...]:
    """The rFonts slots Word may draw ``char`` with: Latin (and Cyrillic, Greek) letters in
    ascii/hAnsi, CJK in eastAsia, other scripts' letters and marks in cs; digits, punctuation
    and spaces take their neighbours' font, so any."""
    category = unicodedata.category(char)
    if category[0] not in "LM":
        return SLOTS
    name = unicodedata.name(char, "")
    if name.startswith(("LATIN", "CYRILLIC", "GREEK")):
        return ("ascii", "hAnsi")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO")) or 0x3000 <= ord(char) <= 0x303F:
        return ("eastAsia",)
    return ("cs",)


def _on(element, tag: str) -> bool:
    found = element.find(qn(tag)) if element is not None else None
    return found is not None and found.get(qn("w:val"), "1") not in ("0", "false", "off")


def _run_fonts(parts, defaults: dict[str, str]) -> dict[str, tuple[set[str], bool]]:
    """Each family the runs of ``parts`` name (their own w:rFonts, else the document's default
    fonts): the characters it draws, and whether any of them is bold (w:b, w:bCs, a heading)."""
    used: dict[str, tuple[set[str], bool]] = {}
    for part in parts:
        for paragraph in part.element.iter(qn("w:p")):
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            heading = style is not None and style.get(qn("w:val"), "").startswith("Heading")
            for run in paragraph.iter(qn("w:r")):
                text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                if not text:
                    continue
                rpr = run.find(qn("w:rPr"))
                own = rpr.find(qn("w:rFonts")) if rpr is not None else None
                fonts = {slot: (own.get(qn(f"w:{slot}")) if own is not None else None) or defaults.get(slot)
                         for slot in SLOTS}
                bold = heading or _on(rpr, "w:b") or _on(rpr, "w:bCs")
                for char in set(text) | NUMBERS:
                    for slot in _slot(char):
                        if fonts.get(slot):
                            chars, was_bold = used.get(fonts[slot], (set(), False))
                            chars.add(char)
                            used[fonts[slot]] = (chars, was_bold or bold)
    return used


def _defaults(word) -> dict[str, str]:
    found = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    return {slot: found.get(qn(f"w:{slot}")) for slot in SLOTS if found is not None and found.get(qn(f"w:{slot}"))}


def embed_fonts(word) -> list[str]:
    """Embed the shipped fonts ``word`` (a python-docx Document, complete) uses; returns the
    families embedded. Called once, as the document is saved; a second call changes nothing."""
    document = word.part
    font_table = document.part_related_by(RT.FONT_TABLE)
    if any(rel.reltype == RT.FONT for rel in font_table.rels.values()):
        return []
    parts = [document] + [rel.target_part for rel in document.rels.values()
                          if rel.reltype in (RT.FOOTER, RT.HEADER, RT.FOOTNOTES, RT.ENDNOTES)]
    shipped = faces()
    used = {family: found for family, found in _run_fonts(parts, _defaults(word)).items() if family in shipped}
    if not used:
        return []
    table = parse_xml(font_table.blob)  # python-docx's parser: no entities, no network
    number = 0
    for family in sorted(used):
        chars, bold = used[family]
        codes = frozenset(map(ord, chars))
        entry = next((f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == family), None)
        if entry is None:
            entry = OxmlElement("w:font", {qn("w:name"): family})
            table.append(entry)
        for tag, value in (("w:charset", "00"), ("w:family", "swiss"), ("w:pitch", "variable")):
            ordered_child(entry, tag, _FONT_ORDER).set(qn("w:val"), value)
        for weight, tag in ((400, "w:embedRegular"), (700, "w:embedBold")):
            if weight not in shipped[family] or (weight == 700 and not bold):
                continue  # no bold text in this family: Word and LibreOffice make the regular bolder
            data = subset_font(shipped[family][weight], codes, woff2=False)
            key = font_key(family, weight, data)
            number += 1
            part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, obfuscate(data, key),
                        document.package)
            embed = ordered_child(entry, tag, _FONT_ORDER)
            embed.set(qn("r:id"), font_table.relate_to(part, RT.FONT))
            embed.set(qn("w:fontKey"), key)
            embed.set(qn("w:subsetted"), "1")
    font_table._blob = serialize_part_xml(table)
    _say_embedded(word.settings.element)
    return sorted(used)


def _say_embedded(settings) -> None:
    """w:embedTrueTypeFonts and w:saveSubsetFonts, in their place among the settings."""
    before = {qn(tag) for tag in _SETTINGS_BEFORE}
    earlier = [child for child in settings if child.tag in before]
    for tag in ("w:saveSubsetFonts", "w:embedTrueTypeFonts"):  # each put first after the earlier ones
        if settings.find(qn(tag)) is None:
            element = OxmlElement(tag)
            if earlier:
                earlier[-1].addnext(element)
            else:
                settings.insert(0, element)

