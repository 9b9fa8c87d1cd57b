"""The easy read PDF: each idea a row, picture on the left (at least 3.5 cm), words on the right.

A4, 16pt by default (--size 14 to 48), bold for hard words and a word list at the end, the
OpenMoji credit, "Page N of M" at body size. The rows come from :mod:`offerprint.easy_read`;
the HTML -> PDF path and the audit are the same as standard and large print.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pikepdf

from .. import i18n
from ..document import draft_mark
from ..easy_read import PAGE_LIMIT, EasyReadDocument, build_easy_read, missing_sections
from ..errors import MissingEasyReadError, OfferInputError, Problem, RenderError
from ..formats import FORMATS
from ..load import LoadedOffer, field_name
from .assets import TEMPLATES, family_stack
from ..audit.language import easy_read_marked, expectation
from .pdf import PAPERS, audit_output, css_string, draft_css, html_to_pdf, jinja_env

if TYPE_CHECKING:
    from . import RenderOptions

SIZES = FORMATS["easy-read"].sizes  # body sizes in points (the registry's)
DEFAULT_SIZE = FORMATS["easy-read"].default_size
MIN_PICTURE_CM = 3.5
# An OpenMoji drawing fills about the middle three quarters of its square: drawn this much
# larger than its column, the drawing itself is about the column's size.
OPENMOJI_SCALE = 1.3


# The line height of each script's body text (Latin and the rest: 1.4). Nastaliq's tall,
# sloping letters need print's loose 2.3 (render/pdf.py), or its lines collide.
LINE_HEIGHTS = {"Aran": 2.3}
BODY_LINE_HEIGHT = 1.4


def line_height(script: str) -> float:
    return LINE_HEIGHTS.get(script, BODY_LINE_HEIGHT)


@functools.cache
def _script_fonts_css() -> str:
    """Each language in its own script's font and line height, as in print (render/pdf.py):
    an English row in an Urdu booklet in the Latin font at the Latin line height; Latin words
    inside Urdu or Arabic sentences (span.latn, see easy_read_text.latin_runs), phone numbers,
    email and web addresses (span.ltr) in the Latin font."""
    latin = family_stack("Latn")
    rules = [f":lang(en) {{ font-family: {latin}; line-height: {BODY_LINE_HEIGHT}; }}"]
    for tag in i18n.CATALOGUE_LANGUAGES:
        script = i18n.script_of(tag)
        rules.append(f":lang({tag}) {{ font-family: {family_stack(script)}; line-height: {line_height(script)}; }}")
    rules.append(f"span.ltr, span.latn {{ font-family: {latin}; }}")
    return "\n".join(rules)


@dataclass(frozen=True)
class EasyReadStyle:
    """The size-dependent CSS of the easy read PDF."""

    size: float
    paper: str = "white"

    @property
    def picture_cm(self) -> float:
        # 3.5 cm at the usual sizes (as large as it can be while a booklet stays near 24
        # pages), growing with larger print up to 5 cm so the words column keeps its width.
        return round(min(5.0, max(MIN_PICTURE_CM, self.size * 0.2)), 2)

    @property
    def gap_cm(self) -> float:
        """Between the picture and its words: the drawing's own overhang, then 0.4 cm."""
        return round(self.picture_cm * (OPENMOJI_SCALE - 1) / 2 + 0.4, 2)

    @property
    def margin_mm(self) -> float:
        return 15 if self.size < 30 else 12

    def css(self, page_label: str, script: str = "Latn") -> str:
        background, ink = PAPERS[self.paper]
        h2 = round(self.size * 1.3, 1)
        h1 = round(self.size * 1.7, 1)
        before, _, rest = page_label.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        label = f'"{css_string(before)}" counter(page) "{css_string(middle)}" counter(pages) "{css_string(after)}"'
        families = family_stack(script)
        pic = self.picture_cm
        big = round(pic * OPENMOJI_SCALE, 2)
        inset = round((big - pic) / 2, 3)
        return f"""
@page {{
  size: A4 portrait;
  margin: {self.margin_mm}mm {self.margin_mm}mm {self.margin_mm + self.size * 0.7}mm;
  background: {background};
  @bottom-center {{
    content: {label};
    font-family: {families};
    font-size: {self.size}pt; font-weight: 700; color: {ink};
    vertical-align: top;
  }}
}}
html {{ font-family: {families}; font-size: {self.size}pt; line-height: {line_height(script)}; color: {ink};
        background: {background}; font-weight: 400; }}
body, p, li, a, span, strong, div {{ font-size: {self.size}pt; }}
h1 {{ font-size: {h1}pt; }}
h2, .cover .subtitle {{ font-size: {h2}pt; }}
strong, b, h1, h2 {{ font-weight: 700; }}
.row .picture {{ width: {pic}cm; height: {pic}cm; margin-right: {self.gap_cm}cm; }}
[dir=rtl] .row .picture {{ margin-right: 0; margin-left: {self.gap_cm}cm; }}
.row {{ min-height: {pic}cm; }}
.row .picture.library img {{ width: {big}cm; height: {big}cm; margin: -{inset}cm; }}
nav.contents a::after {{ content: leader(". ") target-counter(attr(href), page); }}
{self._long_addresses_css()}
{_script_fonts_css()}
{self._tall_script_css(script)}
"""

    def _tall_script_css(self, script: str) -> str:
        """Headings and the contents in a script with tall lines (Nastaliq) get room between
        their lines too, and the cover gives up space so that it stays on page 1."""
        height = line_height(script)
        if height == BODY_LINE_HEIGHT:
            return ""
        scale = height / BODY_LINE_HEIGHT
        return (f"h1, h2 {{ line-height: {round(1.2 * scale, 2)}; }}\n"
                f"nav.contents li {{ line-height: {round(1.25 * scale, 2)}; margin-bottom: 0; }}\n"
                ".cover .logo { max-height: 2.5cm; margin-bottom: 0.3em; }\n"
                ".cover .row.about { margin-bottom: 0.5em; }\n"
                ".cover .subtitle { margin-bottom: 0.6em; }\n"
                ".cover .dates { margin-top: 0.4em; }\n"
                ".cover .credit { margin-top: 0.6em; }\n"
                # names and addresses, in Latin letters: the Latin line height is room enough
                f".row .details {{ line-height: {round(BODY_LINE_HEIGHT * 1.15, 2)}; }}")

    def _long_addresses_css(self) -> str:
        """Let web and email addresses too long for the words column wrap (after / . @)."""
        words_pt = ((210 - 2 * self.margin_mm) / 10 - self.picture_cm - self.gap_cm) / 2.54 * 72
        fits = int(words_pt / (self.size * 0.62))  # a generous average character width
        selectors = ", ".join(f".len-{n}" for n in range(fits + 1, 201))
        return f"{selectors} {{ white-space: normal; }}" if selectors else ""


def easy_read_style(size: float | None, paper: str = "white") -> EasyReadStyle:
    size = DEFAULT_SIZE if size is None else size
    low, high = SIZES
    if not low <= size <= high:
        raise OfferInputError(f"--size: easy read is {low} to {high} point, not {size:g} "
                              f"(at least 14 point; {DEFAULT_SIZE} is usual)")
    if paper not in PAPERS:
        raise OfferInputError(f"--paper: '{paper}' is not a paper (use one of: {', '.join(PAPERS)})")
    return EasyReadStyle(size=size, paper=paper)


@functools.cache
def _static_css() -> str:
    return (TEMPLATES / "easy-read.css").read_text(encoding="utf-8")


def render_easy_read_html(doc: EasyReadDocument, draft_mark: str | None = None) -> str:
    """``draft_mark``: the words of a draft's mark, first on the cover (None: not a draft)."""
    return jinja_env().get_template("easy-read.html.j2").render(doc=doc, draft_mark=draft_mark)


def _missing_error(loaded: LoadedOffer, missing: list[str]) -> MissingEasyReadError:
    problems = []
    for i, section in enumerate(loaded.offer.sections):
        if section.id in missing:
            line, column = loaded.position(("sections", i, "id"))  # the section's first line
            problems.append(Problem(loaded.display_name, line, column, field_name(("sections", i)),
                                    f"'{section.id}' has no easy read text",
                                    "add easy_read: items (text and picture), or build with --allow-missing "
                                    "to print a note saying whom to ask"))
    return MissingEasyReadError(problems)


def audit_easy_read(pdf: bytes, doc: EasyReadDocument, style: EasyReadStyle, output_name: str,
                    draft_mark: str | None = None, language=None) -> None:
    """The shared audit, plus: every picture printed is a tagged figure."""

    def every_picture_tagged(result) -> list[str]:
        pictures = len(doc.rows()) + (1 if doc.logo else 0)
        if len(result.facts.figures) == pictures:
            return []
        return [f"the PDF has {len(result.facts.figures)} tagged pictures but the document prints "
                f"{pictures}: every picture must be tagged with its alt text"]

    audit_output(pdf, output_name, min_font_size=style.size, lang=doc.lang, title=doc.pdf_title,
                 texts=doc.sentences(), page_label=doc.page_of, more_checks=every_picture_tagged,
                 draft_mark=draft_mark, language=language)


def render_easy_read(loaded: LoadedOffer, options: RenderOptions) -> bytes:
    """Easy read: A4, a picture (at least 3.5 cm) beside one or two short sentences, 16pt by
    default (--size 14 to 48), audited. Sections without easy read text are refused, listed
    with their lines, unless ``options.allow_missing`` (then a note says whom to ask)."""
    style = easy_read_style(options.size, options.paper)
    missing = missing_sections(loaded)
    if missing and not options.allow_missing:
        raise _missing_error(loaded, missing)
    doc = build_easy_read(loaded, allow_missing=options.allow_missing, lang=options.lang)
    mark = draft_mark(doc.lang) if options.draft else None
    html = render_easy_read_html(doc, mark)
    css = _static_css() + style.css(doc.page_of, i18n.script_of(doc.lang))
    if mark:
        css += draft_css(style, mark, i18n.script_of(doc.lang))
    pdf = html_to_pdf(html, loaded, css)
    language = expectation(loaded, options.lang, easy_read_marked(doc)) if options.lang else None
    audit_easy_read(pdf, doc, style, f"easy read PDF ({style.size:g}pt)", mark, language)
    return pdf


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            return len(document.pages)
    except pikepdf.PdfError as error:
        raise RenderError(f"the PDF could not be read back to count its pages: {error}") from None


def page_warning(pdf: bytes) -> str | None:
    """The warning to print when an easy read PDF is longer than easy read should be."""
    pages = page_count(pdf)
    if pages <= PAGE_LIMIT:
        return None
    return (f"warning: the easy read PDF has {pages} pages; easy read should be about {PAGE_LIMIT} pages at "
            "most (shorten the easy read text, or split it into more than one booklet)")
