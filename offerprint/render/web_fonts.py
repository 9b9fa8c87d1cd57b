"""The shipped fonts, carried by what is read on a screen: the web page holds them in its own
stylesheet as ``data:`` URLs, the hub in shared files beside its pages, and the Word document
inside its package (render/docx_fonts.py). Each is a subset: only the characters the document
draws in that family (Nastaliq aside: see WHOLE).

Which family draws a character is decided as the browser decides it: the element's language
gives its script's font-family list (assets.family_stack, the same lists as the PDFs), and the
first family in the list that has the character draws it. The stylesheet made here names those
lists, so the subsets and the rules agree by construction.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from .. import i18n
from ..fileio import write_atomic
from ..resources import FONTS
from .assets import SCRIPT_FAMILIES, family_stack, font_list

# After the shipped families: a character none of them has still shows in a system font.
WEB_FALLBACK = "sans-serif"
# Nastaliq's tall letters need room between lines (as in print, render/pdf.py).
NASTALIQ_LINE_HEIGHT = 2.3
# A numbered list's numbers are drawn in its font; the Latin font keeps all of ASCII, for the
# addresses printed after links (web.css, @media print).
LIST_NUMBERS = "0123456789. "
PRINTABLE_ASCII = frozenset(range(0x20, 0x7F))
SITE_FONTS = Path("assets") / "fonts"  # the hub's shared fonts, inside the site folder
SITE_FONTS_CSS = "fonts.css"


# --- the fonts ---------------------------------------------------------------------------------

def faces() -> dict[str, dict[int, str]]:
    """Each shipped family's files by weight: {"Noto Sans Bengali": {400: "...ttf", 700: ...}}."""
    found: dict[str, dict[int, str]] = {}
    for font in font_list():
        found.setdefault(font["family"], {})[font["weight"]] = font["file"]
    return found


@functools.cache
def codepoints(file: str) -> frozenset[int]:
    """The characters a shipped font file has (its cmap)."""
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / file, lazy=True) as font:
        return frozenset(font.getBestCmap())


# Fonts carried whole: cutting Nastaliq takes fontTools about 5 s of CPU for one line of Urdu
# (its contextual forms reach most of its glyphs, so the cut keeps nearly half the font), and
# every page carries that line. Their WOFF2 forms are shipped in fonts/web/ (made from the TTFs
# by fontTools; tests/test_fonts_offline.py checks they match).
WHOLE = frozenset({"NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf"})


def whole_woff2(file: str) -> Path:
    return FONTS / "web" / (Path(file).stem + ".woff2")


@functools.lru_cache(maxsize=64)
def subset_font(file: str, chars: frozenset[int], *, woff2: bool) -> bytes:
    """The shipped font ``file`` cut down to ``chars``, as WOFF2 for browsers or TrueType for
    Word. The same input gives the same bytes. Kept per process, as the cut itself: a pack's
    pages share their language lines' letters, and its web page and Word document theirs."""
    if file in WHOLE:
        return whole_woff2(file).read_bytes() if woff2 else (FONTS / file).read_bytes()
    ttf = _subset_ttf(file, chars)
    if not woff2:
        return ttf
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(ttf), recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@functools.lru_cache(maxsize=32)
def _subset_ttf(file: str, chars: frozenset[int]) -> bytes:
    """Every layout rule kept (Bengali conjuncts, Arabic joining and Nastaliq's contextual forms
    need their substitutions), and the hints (Word on Windows uses them; browsers ignore them).

    fontTools, not the system's hb-subset (HarfBuzz 6, which WeasyPrint uses): that one left out
    Nastaliq forms that LibreOffice then drew in DejaVu Sans (": د" in the Urdu contents)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # the names Word and browsers match on; also skips a slow table walk
    options.name_languages = ["*"]
    font = TTFont(FONTS / file, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def first_family(char: int, stack: list[str], families: dict[str, dict[int, str]]) -> str | None:
    """The family of ``stack`` that draws ``char``: the first that has it."""
    for family in stack:
        if char in codepoints(families[family][400]):
            return family
    return None


def script_stack(lang: str) -> list[str]:
    """The shipped families, in order, for text in ``lang`` (as assets.family_stack)."""
    return list(dict.fromkeys(SCRIPT_FAMILIES.get(i18n.script_of(lang), []) + SCRIPT_FAMILIES["Latn"]))


def chars_by_family(text: dict[tuple[str, bool], set[str]]) -> dict[str, tuple[frozenset[int], bool]]:
    """The characters each shipped family draws, and whether any of them is bold, given the
    text by (language, bold)."""
    families = faces()
    found: dict[str, set[int]] = {}
    bold: set[str] = set()
    for (lang, is_bold), chars in text.items():
        stack = script_stack(lang)
        for char in {ord(c) for c in chars if not c.isspace() or c == " "}:
            family = first_family(char, stack, families)
            if family is not None:
                found.setdefault(family, set()).add(char)
                if is_bold:
                    bold.add(family)
    latin = SCRIPT_FAMILIES["Latn"][0]
    found.setdefault(latin, set()).update(PRINTABLE_ASCII)
    return {family: (frozenset(chars & codepoints(families[family][400])), family in bold)
            for family, chars in found.items()}


# --- what a page says: in which language, bold or not ---------------------------------------------

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_BOLD = re.compile(r"font-weight:\s*(bold|bolder|[6-9]00)\b")
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def bold_selectors(css: str) -> tuple[set[str], set[str]]:
    """The element names and classes a stylesheet makes bold (the last part of each selector of
    a rule setting font-weight 600 or more), with those browsers make bold anyway. Enough to
    know whether a family needs its bold face at all: that face holds all the family's letters."""
    tags, classes = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"}, set()
    for selectors, body in _RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        if not _BOLD.search(body):
            continue
        for selector in selectors.split(","):
            last = re.split(r"[\s>+~]+", selector.strip())[-1].split(":")[0]
            tag = re.match(r"[a-zA-Z][a-zA-Z0-9]*", last)
            if tag:
                tags.add(tag.group(0).lower())
            classes.update(re.findall(r"\.([\w-]+)", last))
    return tags, classes


class _TextByLang(HTMLParser):
    """A page's body text by its language (lang inherited as in HTML) and boldness."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    UNDRAWN = {"head", "style", "script", "template", "noscript"}  # nothing of these is set in a page font

    def __init__(self, bold: tuple[set[str], set[str]]) -> None:
        super().__init__(convert_charrefs=True)
        self.bold_tags, self.bold_classes = bold
        self.stack: list[tuple[str, str, bool, bool]] = [("", "en", False, False)]  # tag, lang, hidden, bold
        self.text: dict[tuple[str, bool], set[str]] = {}

    def handle_starttag(self, tag, attrs):
        _, lang, hidden, bold = self.stack[-1]
        named = dict(attrs)
        bold = bold or tag in self.bold_tags or bool(self.bold_classes & set((named.get("class") or "").split()))
        entry = (tag, (named.get("lang") or "").strip() or lang, hidden or tag in self.UNDRAWN, bold)
        if tag in ("input", "button", "textarea", "select", "option") and not entry[2]:
            values = " ".join(v for k, v in attrs if k in ("value", "placeholder") and v)  # drawn too
            self.text.setdefault((entry[1], bold), set()).update(values)
        if tag == "ol" and not entry[2]:
            self.text.setdefault((entry[1], bold), set()).update(LIST_NUMBERS)
        if tag not in self.VOID:
            self.stack.append(entry)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        _, lang, hidden, bold = self.stack[-1]
        if not hidden:
            self.text.setdefault((lang, bold), set()).update(data)


def text_by_lang(*pages: str) -> dict[tuple[str, bool], set[str]]:
    """The characters of ``pages``' bodies by (language tag, bold), boldness read from each
    page's own <style>."""
    found: dict[tuple[str, bool], set[str]] = {}
    for page in pages:
        parser = _TextByLang(bold_selectors("\n".join(_STYLE.findall(page))))
        parser.feed(page)
        parser.close()
        for key, chars in parser.text.items():
            found.setdefault(key, set()).update(chars)
    return found


# --- the stylesheet ---------------------------------------------------------------------------------

def stack_rules(langs) -> str:
    """font-family lists naming the shipped families first: the body in the Latin ones, and each
    language of the page in its script's (the longest tag last, so zh-Hans wins over zh)."""
    rules = [f"body {{ font-family: {family_stack('Latn')}, {WEB_FALLBACK}; }}"]
    for lang in sorted({lang for lang in langs if re.fullmatch(r"[A-Za-z0-9-]+", lang)}, key=lambda t: (len(t), t)):
        script = i18n.script_of(lang)
        extra = f" line-height: {NASTALIQ_LINE_HEIGHT};" if script == "Aran" else ""
        rules.append(f":lang({lang}) {{ font-family: {family_stack(script)}, {WEB_FALLBACK};{extra} }}")
    return "\n".join(rules)


def face_rule(family: str, weight: int, src: str) -> str:
    return (f'@font-face {{ font-family: "{family}"; src: url("{src}") format("woff2"); '
            f"font-weight: {weight}; font-style: normal; }}")


def _woff2_subsets(text: dict[tuple[str, bool], set[str]]):
    """(family, weight, file, WOFF2 bytes) for every family the text needs. The bold face only
    where some of the family's text is bold, with the same letters as the regular one (a bold
    run the page's styles hide from bold_selectors still finds its letters); without it a
    browser makes the regular face bolder, in the same family."""
    families = faces()
    for family, (chars, bold) in chars_by_family(text).items():
        for weight, file in sorted(families[family].items()):
            if weight == 400 or bold:
                yield family, weight, file, subset_font(file, chars, woff2=True)


def inline_font_css(page: str) -> str:
    """For one self-contained page: @font-face rules holding the subsets as data: URLs, and the
    font-family lists. ``page`` is the page as rendered without them (its text is what counts)."""
    text = text_by_lang(page)
    rules = [face_rule(family, weight, "data:font/woff2;base64," + base64.b64encode(data).decode("ascii"))
             for family, weight, _file, data in _woff2_subsets(text)]
    return "\n".join(["/* The shipped fonts, cut down to this page's letters (offerprint render/web_fonts.py). */",
                      *rules, stack_rules(lang for lang, _bold in text)])


# --- the hub's shared fonts -------------------------------------------------------------------------

def site_pages(site: Path) -> list[Path]:
    """The hub's own pages: not the documents (each web page there carries its own fonts)."""
    return sorted(p for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("documents", "pagefind", "assets"))


def write_site_fonts(site: Path) -> bool:
    """SITE/assets/fonts/: one WOFF2 file per family and weight, cut down to the letters of all
    the hub's pages, and fonts.css (linked from every page) naming them. Files are named by
    their content, so a browser never keeps an old subset; they are made again only when the
    pages' letters changed. Returns whether anything was written."""
    folder = site / SITE_FONTS
    text = text_by_lang(*(p.read_text(encoding="utf-8") for p in site_pages(site)))
    key = hashlib.sha256(repr(sorted((key, sorted(chars)) for key, chars in text.items())).encode()
                         + repr(font_list()).encode()).hexdigest()
    stamp = f"/* offerprint site fonts {key} */"
    css_path = folder / SITE_FONTS_CSS
    try:
        if css_path.read_text(encoding="utf-8").startswith(stamp):
            return False
    except OSError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    rules, names = [], set()
    for family, weight, file, data in _woff2_subsets(text):
        name = f"{Path(file).stem}.{hashlib.sha256(data).hexdigest()[:12]}.woff2"
        if not (folder / name).is_file():
            write_atomic(folder / name, data)
        names.add(name)
        rules.append(face_rule(family, weight, name))
    css = "\n".join([stamp, *rules, stack_rules(lang for lang, _bold in text)]) + "\n"
    write_atomic(css_path, css)
    for old in folder.glob("*.woff2"):  # subsets of letters the pages no longer have
        if old.name not in names:
            os.unlink(old)
    return True
