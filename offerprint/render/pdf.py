"""The HTML -> PDF path shared by standard print, large print, easy read and the slips.

One template and one stylesheet; a variant is a handful of CSS values written from the
options. Every PDF is audited before it is returned: WeasyPrint's pdf/ua-1 mode tags the PDF
but checks nothing, so offerprint measures its own output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import engine  # noqa: F401  (first: it imports WeasyPrint; see there)
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from .. import i18n
from .. import markdown as md
from .. import tree
from ..audit import audit_pdf
from ..audit.language import expectation, language_problems, print_marked
from ..document import Document, build_document, document_texts
from ..errors import AuditError, OfferInputError, RenderError, UnsafeReferenceError
from ..formats import FORMATS
from ..gc_pause import cyclic_gc_paused
from ..load import LoadedOffer
from ..translate import language, po_path, translation_for
from .assets import (ASSET_ROOTS, TEMPLATES, families, family_stack, font_face_css, needed_families,
                     shipped_families)
from . import PAPERS, RenderOptions, artifacts, pdf_links, text_layer
from .fetch import ContainedFetcher


SLIP_FILLS_PAGE_UP_TO = 18  # points: above this the feedback slip is a page or more already
# A contents entry in Nastaliq: its lines 2.1 apart and 0.2em between entries, where the body's
# 2.3 and the contents' 0.3em set the entries 2.6em apart. At 2.3em no glyph of one entry
# touches the next's (measured at 24 point, entries drawn odd and even apart); at 2.2em some do.
NASTALIQ_CONTENTS_LINE_HEIGHT = 2.1
NASTALIQ_CONTENTS_GAP = "0.2em"


@dataclass(frozen=True)
class PrintStyle:
    """What makes one PDF variant: all of it ends up as CSS values."""

    size: float  # body size in points; nothing on the page is smaller
    heading_scale: float  # h1 is size * scale**2, h2 size * scale, h3 size * sqrt(scale)
    bold_body: bool
    paper: str
    margin_mm: float
    line_height: float
    max_line: str  # measure, e.g. "34em" (about 70 characters) or "none"

    def css(self, page_label: str, script: str = "Latn") -> str:
        """The variant's stylesheet; ``script`` is the document language's (see i18n.script_of)."""
        background, ink = PAPERS[self.paper]
        h2 = round(self.size * self.heading_scale, 1)
        h1 = round(h2 * self.heading_scale, 1)
        h3 = round(self.size * (self.heading_scale ** 0.5), 1)
        weight = 700 if self.bold_body else 400
        # The page label is split around the counters: "Page " counter(page) " of " counter(pages).
        before, _, rest = page_label.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        label = f'"{css_string(before)}" counter(page) "{css_string(middle)}" counter(pages) "{css_string(after)}"'
        return f"""
@page {{
  margin: {self.margin_mm}mm {self.margin_mm}mm {self.margin_mm + self.size * 0.6}mm;
  background: {background};
  @bottom-left {{
    content: {label};
    font-family: {family_stack(script)};
    font-size: {self.size}pt; font-weight: {weight}; color: {ink};
    vertical-align: top;
  }}
}}
html {{ font-family: {family_stack(script)}; font-size: {self.size}pt; line-height: {self.line_height};
        color: {ink}; background: {background}; font-weight: {weight}; }}
body, p, li, dd, dt, td, th, caption, a, span, strong, small, sub, sup, code, figcaption {{
  font-size: {self.size}pt; }}
body {{ max-width: {self.max_line}; }}
h1 {{ font-size: {h1}pt; margin: 0 0 0.5em; }}
h2 {{ font-size: {h2}pt; margin: 1.2em 0 0.4em; }}
h3 {{ font-size: {h3}pt; margin: 1em 0 0.3em; }}
strong, b, th, dt, h1, h2, h3 {{ font-weight: 700; }}
{self._long_addresses_css()}
{_script_css()}
{self._script_line_heights_css()}
{self._cover_css(script)}
{self._back_css()}
"""

    def _cover_css(self, script: str) -> str:
        """Who to call and the dates on page 1 up to 24 point: the logo gives up room as the
        print grows (and in Nastaliq, whose lines are tall). At 30 point and over a contact box
        is most of a page: it may run on to the next page rather than leave page 1 half empty
        (each paragraph still keeps two lines)."""
        if self.size <= 14 and script != "Aran":
            css = ".cover .logo { max-height: 3.5cm; }"
        else:  # beside the name and title, so the contacts and the dates still fit on page 1
            css = (".cover .logo { max-height: 2.2cm; max-width: 4cm; float: left; margin: 0 0.5em 0.3em 0; }\n"
                   "[dir=rtl] .cover .logo { float: right; margin: 0 0 0.3em 0.5em; }\n"
                   ".cover .what-this-is { clear: both; }")
        if self.size > 20:
            # The cover runs on to page 2: the contents follow it there, not after a page
            # holding only the end of the cover.
            css += ("\n.cover { break-after: auto; page-break-after: auto; }"
                    "\nnav.contents { break-before: auto; page-break-before: auto; margin-top: 1em; }")
        if self.size >= 30:
            css += ("\n.cover .contact-box { break-inside: auto; page-break-inside: auto; }"
                    "\n.cover h1 { clear: both; }"
                    # A heading still keeps two lines (orphans); with two widows as well,
                    # WeasyPrint 70 moved heading and paragraph on and left pages a quarter full.
                    "\np, li, dd, dt { widows: 1; }")
        return css

    def _back_css(self) -> str:
        """"This information in your language", line by language, kept on one page in standard
        print, not a line or two alone on the page before the slip. In large print the lines
        take most of a page or more: kept together, they left a page holding only the contact
        box at 18 point, and half a page empty for nothing at 24, so there they break."""
        css = ""
        if self.size <= FORMATS["standard"].sizes[1]:
            css = "section.formats ul.languages { break-inside: avoid; page-break-inside: avoid; }\n"
        if self.size <= SLIP_FILLS_PAGE_UP_TO:
            # The slip starts a page of its own (print.css): it fills that page, its writing
            # space grown, instead of leaving half a page blank. Larger, it runs over a page
            # already (a flex box WeasyPrint 70 cannot split).
            height = 297 - 2 * self.margin_mm - self.size * 0.6 - 2  # the page's text area, mm
            css += (f".slip {{ display: flex; flex-direction: column; min-height: {height:g}mm; }}\n"
                    ".slip .write-line { flex: 1 1 auto; }")
        return css

    def _script_line_heights_css(self) -> str:
        """Each script its own line height: only Nastaliq needs the loose one, so an English or
        Polish line inside an Urdu block is set at the body's (else it looks double spaced).
        Phone numbers, email and web addresses are set in the Latin font in every script: the
        Nastaliq font's space is a sixth of Atkinson's, and "0161 496 0123" read as one number."""
        # Only elements that name their language: headings keep their own line height.
        nastaliq = "".join(f":not(:lang({t}))" for t in i18n.CATALOGUE_LANGUAGES if i18n.script_of(t) == "Aran")
        return (f"[lang]{nastaliq}:not(h1):not(h2):not(h3) {{ line-height: {self.line_height}; }}\n"
                f"span.ltr {{ font-family: {family_stack('Latn')}; }}")

    def _long_addresses_css(self) -> str:
        """Let web and email addresses that cannot fit on one line wrap (after / . @)."""
        usable_pt = (210 - 2 * self.margin_mm) / 25.4 * 72
        fits = int(usable_pt / (self.size * 0.62))  # a generous average character width
        selectors = ", ".join(f".len-{n}" for n in range(fits + 1, 201))
        return f"{selectors} {{ white-space: normal; }}" if selectors else ""


@functools.cache
def _script_css() -> str:
    """Each catalogue language in its own script's font (the language lines of the other-formats
    notice, and whole translated documents). Nastaliq's tall letters need room between lines."""
    # English and the Latin-script languages too: inside an Urdu page they must not take the
    # Nastaliq font's own Latin letters.
    rules = [f":lang(en) {{ font-family: {family_stack('Latn')}; }}"]
    for tag in i18n.CATALOGUE_LANGUAGES:
        script = i18n.script_of(tag)
        extra = " line-height: 2.3;" if script == "Aran" else ""
        rules.append(f":lang({tag}) {{ font-family: {family_stack(script)};{extra} }}")
        if script == "Aran":
            entry = f"nav.contents li:lang({tag})"
            rules.append(f"{entry}, {entry} * {{ line-height: {NASTALIQ_CONTENTS_LINE_HEIGHT}; }}\n"
                         f"{entry} {{ margin-bottom: {NASTALIQ_CONTENTS_GAP}; }}")
    return "\n".join(rules)


def css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def standard_style(size: float | None, paper: str = "white") -> PrintStyle:
    standard = FORMATS["standard"]
    low, high = standard.sizes
    size = standard.default_size if size is None else size
    if not low <= size <= high:
        raise OfferInputError(f"--size: standard print is {low:g} to {high:g} point "
                              f"(for {size:g} point use --format large-print)")
    return PrintStyle(size=size, heading_scale=1.3, bold_body=False, paper=_paper(paper),
                      margin_mm=20, line_height=1.4, max_line="34em")


def large_print_style(size: float | None, paper: str = "white", preset: str | None = None) -> PrintStyle:
    # "modified large print" is bold throughout, at the usual size unless a size is asked
    large_print = FORMATS["large-print"]
    size = large_print.default_size if size is None else size
    low, high = large_print.sizes
    if not low <= size <= high:
        raise OfferInputError(f"--size: large print is {low:g} to {high:g} point, not {size:g} "
                              f"(UKAAF: at least {low:g} point; {large_print.default_size:g} is the usual size)")
    return PrintStyle(size=size, heading_scale=1.25, bold_body=preset == "modified", paper=_paper(paper),
                      margin_mm=15 if size < 30 else 12, line_height=1.35, max_line="none")


def _paper(name: str) -> str:
    if name not in PAPERS:
        raise OfferInputError(f"--paper: '{name}' is not a paper (use one of: {', '.join(PAPERS)})")
    return name


@functools.cache
def jinja_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value from an offer or a translation is text, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    env.filters["nowrap"] = md.nowrap
    env.filters["tie"] = md.tie
    env.filters["lang_attr"] = md.lang_attr
    env.filters["lang_span"] = md.lang_span
    env.filters["node_type"] = tree.node_type  # the document tree's nodes (templates/nodes.html.j2)
    env.filters["of_type"] = tree.of_type
    return env


_FONTS_LOCK = threading.Lock()
_FONT_SETS: dict[tuple[str, ...], tuple[FontConfiguration, CSS]] = {}


def _fonts(wanted: tuple[str, ...]) -> tuple[FontConfiguration, CSS]:
    """A font configuration holding the shipped families ``wanted`` (assets.needed_families),
    and their @font-face stylesheet. Each is made once per process and never changed after, as
    a render in another thread may be using it (the editor): a set already made that holds all
    of ``wanted`` is used as it is (a pack's worker loads every family before its first job; a
    cold `offerprint build` of an English easy read loads the Latin families alone)."""
    with _FONTS_LOCK:
        fitting = [made for made in _FONT_SETS if set(wanted) <= set(made)]
        if fitting:
            return _FONT_SETS[min(fitting, key=len)]
        config = FontConfiguration()
        faces = CSS(string=font_face_css(wanted), font_config=config,
                    url_fetcher=ContainedFetcher(list(ASSET_ROOTS)))
        _FONT_SETS[wanted] = (config, faces)
        return config, faces


def font_config() -> FontConfiguration:
    """The font configuration holding every shipped family."""
    return _fonts(families())[0]


@functools.cache
def _shared_css() -> CSS:
    """print.css (it declares no @font-face: the fonts are _fonts')."""
    return CSS(filename=str(TEMPLATES / "print.css"), url_fetcher=ContainedFetcher(list(ASSET_ROOTS)))


def _static_css() -> tuple[CSS, CSS]:
    """Every shipped family's @font-face stylesheet (in font_config()), and print.css."""
    return _fonts(families())[1], _shared_css()


def warm_up() -> None:
    """Load every font and the shared stylesheet now: a pack's worker, before its first job."""
    _static_css()


def render_html(doc: Document, template: str = "offer.html.j2") -> str:
    """The template fed the document and its tree (``parts``, in reading order)."""
    return jinja_env().get_template(template).render(doc=doc, parts=tree.document_tree(doc))


def html_to_pdf(html: str, loaded: LoadedOffer, style_css: str) -> bytes:
    """An offer's document: the shared stylesheets plus the variant's, the offer folder
    readable beside the packaged assets, and the fonts its text needs."""
    config, faces = _fonts(needed_families(html, style_css))
    return _weasyprint(html, [faces, _shared_css(), _variant_css(style_css)], loaded.folder, loaded.display_name,
                       config)


@functools.lru_cache(maxsize=32)
def _variant_css(style_css: str) -> CSS:
    """A variant's stylesheet, parsed once per process (a pack prints each size for many offers).
    It declares no @font-face, so it is the same whichever fonts a document has."""
    return CSS(string=style_css, url_fetcher=ContainedFetcher(list(ASSET_ROOTS)))


def _weasyprint(html: str, stylesheets: list[CSS], folder: Path | None, name: str,
                config: FontConfiguration) -> bytes:
    """WeasyPrint, contained: only packaged assets (and ``folder``, an offer's own files) are
    read, nothing is attached, and the output is PDF/UA-1 tagged."""
    text_layer.install()  # real text for complex scripts, /Lang on elements (WeasyPrint 70 lacks both)
    artifacts.install()  # "Page N of M" as an artifact, outside the structure tree
    pdf_links.install()  # one /Link element per link, holding its annotations (PDF/UA 7.18.5)
    with cyclic_gc_paused():
        return _render_contained(html, stylesheets, folder, name, config)


def _render_contained(html: str, stylesheets: list[CSS], folder: Path | None, name: str,
                      config: FontConfiguration) -> bytes:
    roots = [folder, *ASSET_ROOTS] if folder is not None else list(ASSET_ROOTS)
    base = (folder or TEMPLATES).resolve().as_uri() + "/"
    try:
        document = HTML(string=html, base_url=base, url_fetcher=ContainedFetcher(roots)).render(
            font_config=config, stylesheets=stylesheets, pdf_variant="pdf/ua-1")
        # Never embed files, whatever the HTML says (rel=attachment).
        document.metadata.attachments = []
        for page in document.pages:
            page.links[:] = [link for link in page.links if link[0] != "attachment"]
        return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        if isinstance(cause, UnsafeReferenceError):
            raise UnsafeReferenceError(f"{name}: {cause.message}") from None
        raise RenderError(f"{name}: a file could not be read: {cause or exc}") from None


def page_furniture(page_label: str) -> str:
    """A regex for the page label line ("Page 3 of 20", in the document's language).

    Order-free: a line made only of the label's words, numbers and direction marks, since
    text extraction sets a right-to-left label out in its own order ("90 از 66 صفحہ")."""
    words = [w for w in re.split(r"\{page\}|\{pages\}|\s+", page_label) if w]
    word = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    gap = r"[\s\d\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*"
    return rf"^{gap}(?:(?:{word}){gap})+$"


def unshipped_fonts(fonts: list[tuple[str, bool]]) -> list[str]:
    """A font offerprint does not ship means some text fell back to a system font: the output
    would differ from machine to machine, and may show boxes."""
    allowed = [_squash(f) for f in shipped_families()]
    problems = []
    for name, _embedded in fonts:
        family = re.sub(r"^[A-Z]{6}\+", "", name)
        if not any(_squash(family).startswith(f) for f in allowed):
            problems.append(f"a font that offerprint does not ship was used ({family}): some text has "
                            "characters the shipped fonts lack")
    return problems


def audit_output(pdf: bytes, output_name: str, *, min_font_size: float, lang: str | None, title: str | None,
                 texts: list[str] = (), page_label: str | None = None, more_checks=None,
                 draft_mark: str | None = None, language=None):
    """The audit every offerprint PDF passes before it is returned; raises AuditError listing
    every problem. ``more_checks(result) -> [problems]`` adds a format's own checks;
    ``draft_mark``: a draft's mark, page furniture like the page label (draft_css);
    ``language``: a translated document's audit.language.LanguageExpectation (its text is in
    its language)."""
    furniture = [page_furniture(page_label)] if page_label else []
    if draft_mark:
        furniture.append(rf"^\s*{re.escape(draft_mark)}\s*$")
    # Paused as for a render: the walk of thousands of PDF objects set off full collections of a
    # heap still holding the render's boxes (about 0.06 s of a cold build's audit).
    with cyclic_gc_paused():
        result = audit_pdf(pdf, min_font_size=min_font_size, expected_lang=lang, expected_title=title,
                           expected_texts=list(texts), furniture=furniture)
    problems = list(result.problems) + unshipped_fonts(result.facts.fonts)
    if more_checks is not None:
        problems += more_checks(result)
    problems += language_problems(result.facts.text, language)
    if problems:
        raise AuditError(output_name, problems)
    return result


def audit_document(pdf: bytes, doc: Document, style: PrintStyle, output_name: str,
                   texts: list[str] | None = None, language=None) -> None:
    """Audit a rendered offer: every question and answer must come back out as text."""
    audit_output(pdf, output_name, min_font_size=style.size, lang=doc.lang,
                 title=f"{doc.title}: {doc.setting.name}", texts=document_texts(doc) if texts is None else texts,
                 page_label=doc.labels["page_of"], draft_mark=doc.labels["draft"] if doc.draft else None,
                 language=language)


# The documents last built, with their expected texts: a pack prints the same document in
# standard print and in each large print size, so it is built once for all of them.
_DOCUMENTS: OrderedDict[tuple, tuple[LoadedOffer, Document, list[str]]] = OrderedDict()
_DOCUMENTS_LOCK = threading.Lock()


def print_document(loaded: LoadedOffer, lang: str | None, bilingual: bool,
                   draft: bool = False) -> tuple[Document, list[str]]:
    """The offer's document (a copy of its own: the caller may set its body class) and the
    texts its audit expects. Kept while ``loaded`` is the same object and its translation file
    is unchanged: an offer loaded again (edited) is built again; so is every document on
    another day (dates are printed)."""
    key = (id(loaded), lang, bilingual, draft, dt.date.today(), _translation_stamp(loaded, lang))
    with _DOCUMENTS_LOCK:
        kept = _DOCUMENTS.get(key)
    if kept is None or kept[0] is not loaded:  # the id of an offer no longer kept may be reused
        doc = build_document(loaded, translation_for(loaded, lang), bilingual=bilingual, draft=draft)
        kept = (loaded, doc, document_texts(doc))
        with _DOCUMENTS_LOCK:
            _DOCUMENTS[key] = kept
            while len(_DOCUMENTS) > 4:
                _DOCUMENTS.popitem(last=False)
    return dataclasses.replace(kept[1]), kept[2]


def _translation_stamp(loaded: LoadedOffer, lang: str | None) -> tuple[int, int] | None:
    """When and how big the translation file is: a translator's save is seen at once."""
    if not lang:
        return None
    try:
        stat = po_path(loaded, language(lang)[0]).stat()
    except (OSError, ValueError, LookupError):
        return None
    return stat.st_mtime_ns, stat.st_size


def render_print(loaded: LoadedOffer, style: PrintStyle, *, name: str, body_class: str,
                 lang: str | None = None, bilingual: bool = False, draft: bool = False) -> bytes:
    if bilingual and not lang:
        raise OfferInputError("--bilingual needs --lang: the language to put beside the English")
    doc, texts = print_document(loaded, lang, bilingual, draft)
    doc.body_class = body_class
    html = render_html(doc)
    css = style.css(doc.labels["page_of"], i18n.script_of(doc.lang))
    if draft:
        css += draft_css(style, doc.labels["draft"], i18n.script_of(doc.lang))
    pdf = html_to_pdf(html, loaded, css)
    # A bilingual document prints the English on purpose: only a translated one is measured.
    language = None if bilingual or not lang else expectation(loaded, lang, print_marked(doc))
    audit_document(pdf, doc, style, name, texts, language)
    return pdf


def draft_css(style, mark: str, script: str = "Latn") -> str:
    """``mark`` ("DRAFT - not checked") at the top of every page of a draft, at the body size
    and bold, in a top margin made tall enough for it. A margin box, so it is drawn as page
    furniture (an artifact, see artifacts.py): the cover's notice is the tagged one."""
    ink = PAPERS[style.paper][1]
    top_mm = max(style.margin_mm, style.size * 2.4 * 25.4 / 72)
    return f"""
@page {{
  margin-top: {top_mm:.1f}mm;
  @top-center {{
    content: "{css_string(mark)}";
    font-family: {family_stack(script)};
    font-size: {style.size}pt; font-weight: 700; color: {ink};
    vertical-align: middle;
  }}
}}
"""


def _squash(name: str) -> str:
    """'Atkinson-Hyperlegible-Bold' and 'Atkinson Hyperlegible' compare alike."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def render_library_sheet(html: str, min_font_size: float = 12) -> bytes:
    """A PDF of a page made only from packaged assets (the picture contact sheet), in the
    shipped fonts, audited like every other PDF."""
    our_fonts = f"html, body, * {{ font-family: {family_stack()} !important; }}"
    config, faces = _fonts(needed_families(html, our_fonts))
    pdf = _weasyprint(html, [faces, CSS(string=our_fonts)], None, "the picture sheet", config)
    audit_output(pdf, "picture sheet PDF", min_font_size=min_font_size, lang="en", title=None)
    return pdf


def render_slips(loaded: LoadedOffer, style: PrintStyle, lang: str | None = None, draft: bool = False) -> bytes:
    """The office's printable slips: ask for another format, and tell us what you think."""
    doc = build_document(loaded, translation_for(loaded, lang), draft=draft)
    html = render_html(doc, "slips.html.j2")
    css = style.css(doc.labels["page_of"], i18n.script_of(doc.lang))
    if draft:
        css += draft_css(style, doc.labels["draft"], i18n.script_of(doc.lang))
    pdf = html_to_pdf(html, loaded, css)
    # A translated slip is in its language: it prints nothing in English on purpose.
    language = expectation(loaded, lang, []) if lang else None
    audit_output(pdf, "slips PDF", min_font_size=style.size, lang=doc.lang,
                 title=f"{doc.labels['slips_title']}: {doc.setting.name}",
                 texts=[doc.labels["request_title"], doc.labels["tell_us"], doc.feedback_address],
                 page_label=doc.labels["page_of"], draft_mark=doc.labels["draft"] if doc.draft else None,
                 language=language)
    return pdf


# --- the formats (offerprint.formats names these) ----------------------------------------------

def render_standard(loaded: LoadedOffer, options: RenderOptions = RenderOptions()) -> bytes:
    """Clear print: A4, 12pt body (14 on request), audited."""
    style = standard_style(options.size, options.paper)
    return render_print(loaded, style, name="standard print PDF", body_class="standard", lang=options.lang,
                        bilingual=options.bilingual, draft=options.draft)


def render_large_print(loaded: LoadedOffer, options: RenderOptions = RenderOptions()) -> bytes:
    """Large print: re-set at the asked size (16-48pt, default 18), nothing smaller, audited."""
    style = large_print_style(options.size, options.paper, options.preset)
    return render_print(loaded, style, name=f"large print PDF ({style.size:g}pt)", body_class="large-print",
                        lang=options.lang, bilingual=options.bilingual, draft=options.draft)


def render_request_slips(loaded: LoadedOffer, options: RenderOptions = RenderOptions()) -> bytes:
    """Two slips to print for the office counter: ask for another format, and feedback.
    14pt by default (any size from 14 to 48), so the slips are clear print too."""
    size = options.size or FORMATS["slips"].default_size
    style = standard_style(14, options.paper) if size <= 14 else large_print_style(size, options.paper)
    return render_slips(loaded, style, options.lang, options.draft)
