"""The web page (--format html): one self-contained accessible HTML file.

The page is parsed (stdlib HTMLParser into a small tree) and checked: lang and dir, one h1 and
no skipped heading levels, landmarks, the skip link, the same content as the PDFs, no
requests at all (only <a href> links leave the page), alt text, escaping. Then axe-core runs
on it in headless Chromium (tests/axe/run_axe.py; skipped, saying why, when Chromium or
axe-core is missing).
"""

from __future__ import annotations

import base64
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from offerprint import markdown as md
from offerprint.document import FileRef, build_document, document_texts
from offerprint.errors import UnsafeReferenceError
from offerprint.load import load_offer
from offerprint.formats import FORMATS
from offerprint.render import RenderOptions, render
from offerprint.render import web

from conftest import EXAMPLES, ROOT, valid_offer_text

sys.path.insert(0, str(Path(__file__).parent / "axe"))
import run_axe  # noqa: E402


# --- a small DOM -----------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose start and end separate words (the rest, like <span> and <wbr>, join them).
BLOCK = {"html", "head", "body", "header", "nav", "main", "footer", "section", "div", "p", "ul", "ol", "li",
         "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
         "figure", "figcaption", "br", "title", "img"}


@dataclass
class Node:
    tag: str
    attrs: dict
    parent: "Node | None" = None
    children: list = field(default_factory=list)  # Node or str

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str) -> list["Node"]:
        return [n for n in self.iter() if n.tag == tag]

    def by_id(self, id_: str) -> "Node":
        found = [n for n in self.iter() if n.attrs.get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements with id {id_!r}"
        return found[0]

    def text(self) -> str:
        out: list[str] = []

        def walk(node: Node) -> None:
            if node.tag in {"style", "script", "head"}:
                return
            if node.tag in BLOCK:
                out.append(" ")
            for child in node.children:
                out.append(child) if isinstance(child, str) else walk(child)
            if node.tag in BLOCK:
                out.append(" ")

        walk(self)
        return " ".join("".join(out).split())


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # The page is generated: every element is closed, in order.
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    assert builder.doctype and builder.doctype.lower() == "doctype html"
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


# --- offers ----------------------------------------------------------------------------------

def _png(path: Path) -> bytes:
    data = (ROOT / "examples" / "oakfield-primary" / "logo.png").read_bytes()
    path.write_bytes(data)
    return data


def _jpeg(path: Path) -> bytes:
    from PIL import Image

    Image.new("RGB", (64, 48), (30, 90, 160)).save(path, "JPEG")
    return path.read_bytes()


SVG = ('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10">'
       '<rect width="40" height="10" fill="#0b3d91"/></svg>\n')


@pytest.fixture(scope="module")
def picture_offer(tmp_path_factory) -> Path:
    """The small test offer with a logo, a photo (JPEG saved as .png: the bytes decide) and a
    decorative SVG in its first section."""
    folder = tmp_path_factory.mktemp("web") / "pictures-offer"
    folder.mkdir()
    _png(folder / "logo.png")
    _jpeg(folder / "photo.png")
    (folder / "border.svg").write_text(SVG, encoding="utf-8")
    text = valid_offer_text().replace(
        "  website: https://testfield.example.org\n",
        "  website: https://testfield.example.org\n  logo:\n    file: logo.png\n"
        "    alt: Testfield Primary School logo, a green tree\n", 1)
    text = text.replace(
        "    easy_read:\n",
        "    pictures:\n      - file: photo.png\n        alt: Children reading with a teacher in the library\n"
        "      - file: border.svg\n        decorative: true\n    easy_read:\n", 1)
    (folder / "offer.yaml").write_text(text, encoding="utf-8")
    return folder


OFFERS = [*EXAMPLES, "pictures"]
OFFER_IDS = [e.name for e in EXAMPLES] + ["pictures"]


@pytest.fixture(scope="module", params=OFFERS, ids=OFFER_IDS)
def page(request):
    """(loaded offer, Document, HTML text, parsed tree) for each example and the picture offer,
    made once for the module (the tests only read them)."""
    folder = request.getfixturevalue("picture_offer") if request.param == "pictures" else request.param
    loaded = load_offer(folder)
    data = render(loaded, "html", RenderOptions())
    assert isinstance(data, bytes)
    html = data.decode("utf-8")
    return loaded, build_document(loaded), html, parse(html)


# --- structure -------------------------------------------------------------------------------

def test_registered():
    assert FORMATS["html"].load() is web.render_web_page
    assert FORMATS["html"].extension == ".html"


def test_lang_dir_title_and_charset(page):
    loaded, doc, html, tree = page
    (root,) = tree.find_all("html")
    assert root.attrs["lang"] == doc.lang and root.attrs["dir"] == doc.dir
    assert html.startswith("<!DOCTYPE html>")
    assert any(m.attrs.get("charset", "").lower() == "utf-8" for m in tree.find_all("meta"))
    assert any(m.attrs.get("name") == "viewport" for m in tree.find_all("meta"))
    (title,) = tree.find_all("title")
    assert title.text() == f"{doc.title}: {doc.setting.name}"


def test_one_h1_and_no_skipped_heading_levels(page):
    _, doc, _, tree = page
    levels = [int(n.tag[1]) for n in tree.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, "the first heading must be the h1"
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"h{before} is followed by h{after}"
    assert tree.find_all("h1")[0].text() == doc.title
    assert all(n.text() for n in tree.iter() if re.fullmatch(r"h[1-6]", n.tag)), "an empty heading"


def test_landmarks(page):
    _, doc, _, tree = page
    (body,) = tree.find_all("body")
    top = [c.tag for c in body.children if isinstance(c, Node)]
    for landmark in ("header", "nav", "main", "footer"):
        assert top.count(landmark) == 1, f"one top-level <{landmark}>: {top}"
    assert top.index("header") < top.index("nav") < top.index("main") < top.index("footer")
    (nav,) = tree.find_all("nav")
    labelled = nav.attrs.get("aria-labelledby")
    assert labelled and tree.by_id(labelled).text() == doc.labels["contents"]
    targets = [a.attrs["href"] for a in nav.find_all("a")]
    assert targets == [f"#{entry['anchor']}" for entry in doc.contents]
    (main,) = tree.find_all("main")
    for entry in doc.contents:  # every contents entry is a section of the main content
        section = tree.by_id(entry["anchor"])
        assert section.tag == "section" and main in _ancestors(section)
        assert section.find_all("h2")[0].text() == squash(entry["title"])


def _ancestors(node: Node) -> list[Node]:
    out = []
    while node.parent is not None:
        node = node.parent
        out.append(node)
    return out


FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary", "iframe"}


def test_skip_link_is_first_and_points_at_main(page):
    _, _, _, tree = page
    focusable = [n for n in tree.iter()
                 if (n.tag == "a" and "href" in n.attrs) or (n.tag in FOCUSABLE - {"a"})
                 or ("tabindex" in n.attrs and int(n.attrs["tabindex"]) >= 0)]
    first = focusable[0]
    assert first.tag == "a" and "skip-link" in first.attrs.get("class", "").split()
    assert first.text() == "Skip to main content"
    target = tree.by_id(first.attrs["href"].removeprefix("#"))
    assert target.tag == "main"


def test_ids_unique_and_in_page_links_resolve(page):
    _, _, _, tree = page
    ids = [n.attrs["id"] for n in tree.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for a in tree.find_all("a"):
        href = a.attrs.get("href", "")
        if href.startswith("#"):
            assert href[1:] in ids, f"{href} points at nothing"
        assert a.text(), f"a link without words: {a.attrs}"


# --- the same content as the PDFs ------------------------------------------------------------

def test_every_question_and_answer_is_on_the_page(page):
    loaded, doc, _, tree = page
    text = tree.find_all("body")[0].text()
    for section in doc.sections:
        page_section = tree.by_id(section.anchor)
        own = page_section.text()
        assert squash(section.question) in own
        for block in md.blocks(section.answer):
            if block.kind == "row":
                for cell in block.text.split(" | "):
                    assert squash(cell) in own, cell
            else:
                assert squash(block.text) in own, block.text
        for step in section.timescales:
            assert squash(step.when) in own and squash(step.what) in own
        for contact in section.contacts:
            for detail in (contact.name, contact.role, contact.phone, contact.email):
                if detail:
                    assert squash(detail) in own, detail
    for expected in document_texts(doc):
        assert squash(expected) in text, expected


def test_everything_else_the_pdf_shows(page):
    loaded, doc, _, tree = page
    lab = doc.labels
    header = tree.find_all("header")[0].text()
    for item in (doc.setting.name, doc.title, lab["what_this_is"], doc.reviewed, doc.next_review):
        assert squash(item) in header
    if doc.version_label:
        assert doc.version_label in header

    formats = tree.by_id("other-formats").text()
    for item in [lab["other_formats"], lab["other_formats_intro"], *lab["format_list"], lab["ask_us"],
                 doc.setting.phone, doc.setting.email, doc.setting.address_line]:
        assert squash(item) in formats, item
    for line in doc.language_lines:
        assert squash(line["text"]) in formats

    if doc.senco:
        first = tree.by_id("who-to-talk-to").text()
        for item in (lab["senco_intro"], doc.senco.name, doc.senco.role, doc.senco.phone, doc.senco.email):
            assert squash(item) in first

    if doc.accessibility:  # s.69: the four items, each under its own heading
        part = tree.by_id("disabled-pupils")
        assert [h.text() for h in part.find_all("h3")] == [a["title"] for a in doc.accessibility]

    local = tree.by_id("local-offer").text()
    lo = doc.local_offer
    for item in (lab["local_offer_intro"], lo.name, lo.website, lo.phone, lo.address_line,
                 lab["local_offer_no_internet"]):
        assert squash(item) in local, item

    if doc.glossary:
        words = tree.by_id("words-we-use").text()
        for term in doc.glossary:
            assert squash(term.term) in words and squash(term.meaning) in words

    # Feedback: a "tell us what you think" section with the return address and the email.
    tell = tree.by_id("tell-us")
    said = tell.text()
    for item in (lab["tell_us"], lab["tell_us_intro"], lab["slip_helpful"], lab["slip_change"],
                 doc.feedback_address, doc.setting.email):
        assert squash(item) in said, item
    assert f"mailto:{doc.setting.email}" in [a.attrs["href"] for a in tell.find_all("a")]
    assert lab["cut_here"] not in said, "the page has no slip to cut off"

    footer = tree.find_all("footer")[0].text()
    assert doc.setting.name in footer and doc.setting.phone in footer and doc.reviewed in footer


def test_contact_details_are_links(page):
    _, doc, _, tree = page
    hrefs = {a.attrs["href"] for a in tree.find_all("a")}
    assert "tel:" + re.sub(r"[^\d+]", "", doc.setting.phone) in hrefs
    assert f"mailto:{doc.setting.email}" in hrefs
    assert doc.local_offer.website in hrefs


# --- no requests -----------------------------------------------------------------------------

URL_ATTRS = {"src", "href", "srcset", "data", "poster", "action", "formaction", "background", "xlink:href",
             "ping", "manifest", "longdesc", "cite", "lowsrc", "imagesrcset", "itemtype"}
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//|^\s*(?:https?|ftp|wss?):", re.I)


def test_no_requests_at_all(page):
    _, _, html, tree = page
    for tag in ("link", "script", "iframe", "frame", "object", "embed", "base", "form", "audio", "video",
                "source", "picture", "svg", "use", "image"):
        assert not tree.find_all(tag), f"<{tag}> in the page"
    for node in tree.iter():
        assert "style" not in node.attrs, f"a style attribute on <{node.tag}>"
        for name, value in node.attrs.items():
            if name in URL_ATTRS and value and REMOTE.match(value):
                assert node.tag == "a" and name == "href", f"<{node.tag} {name}={value!r}> fetches from the web"
    for img in tree.find_all("img"):
        assert img.attrs["src"].startswith("data:image/"), img.attrs["src"][:60]
    (style,) = tree.find_all("style")
    css = "".join(style.children)
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # the rules, without the comments
    # The only url()s are the shipped fonts, inline (render/web_fonts.py).
    fonts = re.findall(r"url\(([^)]*)\)", rules)
    assert fonts and all(url.startswith('"data:font/woff2;base64,') for url in fonts)
    rules = re.sub(r'url\("data:[^"]*"\)', "", rules)
    assert "@import" not in rules
    assert "image-set(" not in rules and not re.search(r"https?:|//", rules, re.I)
    # The browser is told so: nothing may be fetched, and only this stylesheet applies.
    (csp,) = [m for m in tree.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = csp.attrs["content"]
    assert "default-src 'none'" in policy and "img-src data:" in policy and "font-src data:;" in policy
    assert policy == web.content_security_policy(css, fonts_inline=True)
    assert css.startswith(web.stylesheet()), "the stylesheet is inserted as it is (autoescape must not touch it)"
    assert "&#34;" not in css and "&quot;" not in css and "&gt;" not in css


def test_external_links_stay_links(page):
    _, doc, _, tree = page
    links = [a for a in tree.find_all("a") if a.attrs["href"].startswith("http")]
    assert any(a.attrs["href"] == doc.local_offer.website for a in links)


# --- pictures ------------------------------------------------------------------------------

def _data(uri: str) -> tuple[str, bytes]:
    found = re.fullmatch(r"data:([a-z]+/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)", uri)
    assert found, uri[:80]
    return found.group(1), base64.b64decode(found.group(2), validate=True)


def test_every_img_has_alt(page):
    _, doc, _, tree = page
    for img in tree.find_all("img"):
        assert "alt" in img.attrs, img.attrs["src"][:40]
    if doc.logo:
        (logo,) = [i for i in tree.find_all("img") if "logo" in i.attrs.get("class", "")]
        assert logo.attrs["alt"] == doc.logo.alt
        mime, data = _data(logo.attrs["src"])
        assert mime == "image/png" and data.startswith(b"\x89PNG")


def test_pictures_are_inlined_with_their_types(picture_offer):
    loaded = load_offer(picture_offer)
    tree = parse(render(loaded, "html").decode())
    section = tree.by_id(build_document(loaded).sections[0].anchor)
    imgs = section.find_all("img")
    assert [i.attrs["alt"] for i in imgs] == ["Children reading with a teacher in the library", ""]
    photo, border = (_data(i.attrs["src"]) for i in imgs)
    assert photo == ("image/jpeg", (picture_offer / "photo.png").read_bytes())  # the bytes decide
    assert border == ("image/svg+xml", SVG.encode())
    (logo,) = tree.find_all("header")[0].find_all("img")
    assert _data(logo.attrs["src"]) == ("image/png", (picture_offer / "logo.png").read_bytes())
    assert logo.attrs["alt"] == "Testfield Primary School logo, a green tree"


def test_files_outside_the_offer_are_refused(picture_offer, tmp_path):
    loaded = load_offer(picture_offer)
    secret = tmp_path / "secret.png"
    _png(secret)
    with pytest.raises(UnsafeReferenceError):
        web.data_uri(FileRef(secret.as_uri(), "x"), loaded)
    with pytest.raises(UnsafeReferenceError):
        web.data_uri(FileRef("https://example.org/logo.png", "x"), loaded)
    # offerprint's own picture library may be used
    assert web.data_uri(FileRef((web.PICTURES / "book.svg").as_uri(), "a book"), loaded).startswith(
        "data:image/svg+xml;base64,")


# --- escaping --------------------------------------------------------------------------------

HOSTILE = "<script>alert('answer')</script> Fish & chips <img src=x onerror=alert(1)>"


def test_hostile_text_is_escaped(offer_dir):
    loaded = load_offer(offer_dir)
    # load_offer refuses raw HTML in answers; the renderer must be safe without that check.
    first = loaded.offer.sections[0]
    first.answer = HOSTILE + "\n\n[click](javascript:alert(1))"
    first.question = "<script>alert('question')</script>?"
    loaded.offer.setting.name = "<b>Evil</b> & \"Co\""
    loaded.offer.glossary[0].meaning = "</style><script>alert('glossary')</script>"
    html = render(loaded, "html").decode()
    tree = parse(html)
    assert not tree.find_all("script") and not tree.find_all("b")
    assert [i for i in tree.find_all("img") if "onerror" in i.attrs] == []
    assert all(not a.attrs["href"].lower().startswith("javascript:") for a in tree.find_all("a"))
    text = tree.find_all("body")[0].text()
    assert "<script>alert('answer')</script> Fish & chips" in text
    assert "<script>alert('question')</script>?" in text
    assert "<b>Evil</b> & \"Co\"" in text
    assert "</style><script>alert('glossary')</script>" in text
    assert "<script" not in html.lower()


# --- the stylesheet --------------------------------------------------------------------------

def test_stylesheet_rules():
    css = web.stylesheet()
    family = re.search(r"body\s*{[^}]*font-family:\s*([^;]+);", css).group(1)
    names = [f.strip().strip('"') for f in family.split(",")]
    assert names[0] == "Atkinson Hyperlegible" and names[-1] == "sans-serif"
    assert re.search(r"html\s*{[^}]*font-size:\s*100%", css), "the root size is the reader's own"
    # 1rem stays the reader's size: no size in px below 16, no body text below 1rem.
    assert all(int(px) >= 16 for px in re.findall(r"font-size:\s*(\d+)px", css))
    screen = css.split("@media print")[0]
    assert all(float(r) >= 1 for r in re.findall(r"font-size:\s*([\d.]+)rem", screen))
    assert "max-width: var(--measure)" in css and "--measure: 70ch" in css
    assert re.search(r":focus\s*{[^}]*outline:\s*3px solid", css)
    assert "@media print" in css
    assert "text-align: justify" not in css and "font-style: italic" not in css


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colours_contrast_at_least_7_to_1():
    css = web.stylesheet()
    colour = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    for ink in ("ink", "link", "link-visited"):
        assert _contrast(colour[ink], colour["paper"]) >= 7, ink
    assert _contrast(colour["ink"], colour["focus"]) >= 7


# --- command line ----------------------------------------------------------------------------

def test_cli_builds_the_page(offer_dir, run, tmp_path, monkeypatch):
    out = tmp_path / "page.html"
    result = run("build", offer_dir, "--format", "html", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    monkeypatch.chdir(tmp_path)
    assert run("build", offer_dir, "--format", "html").exit_code == 0
    assert (tmp_path / "testfield-primary-school-html.html").is_file()


def test_right_to_left_offer(offer_dir):
    text = (offer_dir / "offer.yaml").read_text().replace("language: en-GB", "language: ur")
    (offer_dir / "offer.yaml").write_text(text)
    tree = parse(render(load_offer(offer_dir), "html").decode())
    root = tree.find_all("html")[0]
    assert (root.attrs["lang"], root.attrs["dir"]) == ("ur", "rtl")


@pytest.fixture(scope="module")
def translated_page(tmp_path_factory):
    """Oakfield in Urdu, bilingual, with one answer left untranslated (so it prints in English)."""
    from offerprint.translate import export_po, format_po, read_po, translation_for

    from conftest import copy_example

    folder = copy_example("oakfield-primary", tmp_path_factory.mktemp("web-ur"))
    po_path = export_po(load_offer(folder), "ur")
    po = read_po(po_path)
    for entry in po.live:
        if "staff-support" not in (entry.context or ""):
            entry.msgstr = "[ur] " + entry.msgid
    po_path.write_text(format_po(po), encoding="utf-8")
    loaded = load_offer(folder)
    html = render(loaded, "html", RenderOptions(lang="ur", bilingual=True)).decode("utf-8")
    return build_document(loaded, translation_for(loaded, "ur"), bilingual=True), html, parse(html)


def test_translated_and_bilingual_page(translated_page):
    doc, html, tree = translated_page
    root = tree.find_all("html")[0]
    assert (root.attrs["lang"], root.attrs["dir"]) == ("ur", "rtl")
    assert tree.find_all("h1")[0].text() == "[ur] Support for Learners"
    staff = tree.by_id("q-staff-support")
    assert doc.labels["not_translated"] in staff.text()
    assert 'lang="en-GB"' in html  # the English left in is marked as English for screen readers
    english = [n for n in tree.iter() if "english" in n.attrs.get("class", "").split()]
    assert english and all(n.attrs["lang"] == "en-GB" and n.attrs["dir"] == "ltr" for n in english)
    levels = [int(n.tag[1]) for n in tree.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels.count(1) == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    text = tree.find_all("body")[0].text()
    for expected in document_texts(doc):
        assert squash(expected) in text, expected


# --- axe-core in headless Chromium ----------------------------------------------------------

@pytest.mark.skipif(run_axe.missing() is not None, reason=f"axe-core cannot run: {run_axe.missing()}")
def test_axe_finds_no_violations(page):
    _, _, html, _ = page
    results = run_axe.run_axe(html)
    assert "color-contrast-enhanced" in results["passes"], "the 7:1 contrast rule did not run"
    assert {"region", "landmark-one-main", "page-has-heading-one", "bypass", "heading-order"} <= set(
        results["passes"])
    assert not results["violations"], "axe-core found:\n" + run_axe.describe(results["violations"])


@pytest.mark.skipif(run_axe.missing() is not None, reason=f"axe-core cannot run: {run_axe.missing()}")
def test_axe_finds_no_violations_right_to_left(translated_page):
    _, html, _ = translated_page
    results = run_axe.run_axe(html)
    assert not results["violations"], "axe-core found:\n" + run_axe.describe(results["violations"])


@pytest.mark.skipif(run_axe.missing() is not None, reason=f"axe-core cannot run: {run_axe.missing()}")
def test_axe_runner_reports_violations():
    """The runner is not silently passing everything: a bad page fails."""
    bad = ('<!DOCTYPE html><html><head><title>x</title></head><body><main><h1>x</h1>'
           '<p style="color:#777">grey</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>')
    ids = {v["id"] for v in run_axe.run_axe(bad)["violations"]}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= ids
