"""The web page: one self-contained, accessible HTML file (the "Support for Learners" page a
school puts on its website).

Same content as the PDFs (it is built from the same Document), in an HTML5 page with
landmarks (header, nav, main, footer), a skip link, one h1 and no skipped heading levels.
The page makes no requests at all: the stylesheet (templates/web.css) is inlined in a
``<style>`` element, the logo and pictures are inlined as ``data:`` URIs, and so are the
shipped fonts, cut down to the page's letters (render/web_fonts.py: any machine shows every
script, with no font installed), and a Content-Security-Policy says so to the browser. Links
to other sites stay links.

Everything from the offer is autoescaped by Jinja; answers arrive as the safe HTML of
:func:`offerprint.markdown.to_html`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import jinja2
from markupsafe import Markup, escape

from .. import markdown as md
from .. import tree
from ..document import Document, FileRef, build_document
from ..errors import RenderError, UnsafeReferenceError
from ..load import LoadedOffer
from ..paths import inside_any
from ..translate import translation_for
from .assets import PICTURES, TEMPLATES
from .pdf import jinja_env as pdf_jinja
from .web_fonts import inline_font_css

# Magic numbers of the picture formats every browser shows, and their MIME types.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_PHONE_CHARS = re.compile(r"^\+?[\d ()-]+$")


def _mime_type(data: bytes, path: Path) -> str:
    """The picture's MIME type from its bytes (a .png that is really a JPEG is still shown)."""
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg", b"<!doctype svg")) and b"<svg" in head:
        return "image/svg+xml"
    raise RenderError(f"{path.name}: not a picture a web page can show (use PNG, JPEG, GIF, WebP or SVG)")


def data_uri(ref: FileRef, loaded: LoadedOffer) -> str:
    """The picture of ``ref`` (a file:// URL from build_document) as a base64 ``data:`` URI.

    Only files inside the offer folder or offerprint's own picture library are read."""
    url = urlparse(ref.url)
    if url.scheme != "file":
        raise UnsafeReferenceError(f"{loaded.display_name}: '{ref.url}' is not a file in the offer folder")
    named = Path(url2pathname(url.path))
    path = inside_any([loaded.folder, PICTURES], named)
    if path is None:
        raise UnsafeReferenceError(f"{loaded.display_name}: '{named}' is outside the offer folder")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RenderError(f"{loaded.display_name}: a file could not be read: {exc}") from None
    encoded = base64.b64encode(data).decode("ascii")
    return f"data:{_mime_type(data, path)};base64,{encoded}"


# --- filters: contact details as links -----------------------------------------------------

def phone_link(number: str | None) -> Markup:
    """A phone number as a tel: link (kept on one line); anything else as plain text."""
    if not number:
        return Markup("")
    if not _PHONE_CHARS.match(number.strip()) or sum(c.isdigit() for c in number) < 6:
        return md.nowrap(number)
    target = "tel:" + re.sub(r"[^\d+]", "", number)
    return Markup(f'<a href="{escape(target)}">{md.nowrap(number)}</a>')


def email_link(address: str | None) -> Markup:
    if not address:
        return Markup("")
    if "@" not in address or any(c.isspace() for c in address.strip()):
        return md.nowrap(address)
    return Markup(f'<a href="mailto:{escape(address.strip())}">{md.nowrap(address)}</a>')


def web_link(url: str | None) -> Markup:
    if not url:
        return Markup("")
    if not re.match(r"^https?://\S+$", url.strip(), re.I):
        return md.nowrap(url)
    # "bare": the words are the address, so print does not write it out again after them.
    return Markup(f'<a class="bare" href="{escape(url.strip())}">{md.nowrap(url)}</a>')


# --- the page ------------------------------------------------------------------------------

@functools.cache
def jinja_env() -> jinja2.Environment:
    """The PDF path's environment (autoescaped, strict), plus the web page's link filters."""
    env = pdf_jinja().overlay()
    env.filters.update(phone_link=phone_link, email_link=email_link, web_link=web_link)
    return env


def stylesheet() -> str:
    """templates/web.css, as inlined in the page."""
    return (TEMPLATES / "web.css").read_text(encoding="utf-8")


def content_security_policy(css: str, *, fonts_inline: bool = False) -> str:
    """Nothing may be fetched: pictures are data: URIs and the one stylesheet is allowed by
    its hash (so a style injected into the page would not apply either). The fonts are data:
    URIs in that stylesheet (``fonts_inline``, the web page), or else the hub's shared font
    stylesheet and files, from the site itself (web_fonts.write_site_fonts)."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    styles, fonts = ("", "data:") if fonts_inline else (" 'self'", "'self'")
    return (f"default-src 'none'; img-src data:; style-src 'sha256-{digest}'{styles}; font-src {fonts}; "
            "base-uri 'none'; form-action 'none'")


def wording(doc: Document) -> dict[str, str]:
    """The web page's own wording (in labels.py, translated like the rest)."""
    return {key: doc.labels[key] for key in ("skip_link", "tell_us_how")}


def render_web_html(doc: Document, loaded: LoadedOffer) -> str:
    logo = data_uri(doc.logo, loaded) if doc.logo else None
    pictures = {id(p): data_uri(p, loaded) for s in doc.sections for p in s.pictures}
    parts = tree.document_tree(doc)  # what the page shows, in reading order

    def page(css: str) -> str:
        return jinja_env().get_template("web.html.j2").render(
            doc=doc,
            parts=parts,
            web=wording(doc),
            css=Markup(css),  # files of ours and our own rules, not offer text: inserted as they are
            csp=content_security_policy(css, fonts_inline=True),
            logo_src=logo,
            picture_src=lambda picture: pictures[id(picture)],
        )

    # The fonts are cut down to the letters of the page as it reads without them (the same text).
    css = stylesheet()
    return page(css + "\n" + inline_font_css(page(css)))


def render_web_page(loaded: LoadedOffer, options) -> bytes:
    """The offer as one self-contained accessible HTML page, UTF-8. Of the options, only the
    language (``lang``, ``bilingual``) and ``draft`` apply."""
    doc = build_document(loaded, translation_for(loaded, options.lang), bilingual=options.bilingual,
                         draft=options.draft)
    return render_web_html(doc, loaded).encode("utf-8")
