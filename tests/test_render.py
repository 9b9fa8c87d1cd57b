"""The PDFs, measured: every example at standard and large print passes the audit; the
variants hold their sizes and contrast; hostile answers are contained.

Rendering is slow, so each document is rendered once per session and shared."""

from __future__ import annotations

import http.server
import re
import subprocess
import threading
from pathlib import Path

import pytest

from offerprint.audit import audit_pdf
from offerprint.errors import AuditError, OfferInputError, UnsafeReferenceError
from offerprint.load import load_offer
from offerprint.render import RenderOptions, render
from offerprint.render.assets import shipped_families
from offerprint.render.pdf import PAPERS

from conftest import EXAMPLES, valid_offer_text

VARIANTS = [("standard", None), ("large-print", 18), ("large-print", 24), ("large-print", 36)]


@pytest.fixture(scope="session")
def rendered():
    """(example name, format, size) -> PDF bytes, rendered on first use."""
    cache: dict = {}

    def get(example: Path, fmt: str, size: float | None = None, paper: str = "white", preset=None) -> bytes:
        key = (example.name, fmt, size, paper, preset)
        if key not in cache:
            cache[key] = render(load_offer(example), fmt, RenderOptions(size=size, paper=paper, preset=preset))
        return cache[key]

    return get


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
@pytest.mark.parametrize("fmt,size", VARIANTS, ids=[f"{f}-{s}" for f, s in VARIANTS])
def test_every_example_passes_the_audit(rendered, example, fmt, size):
    pdf = rendered(example, fmt, size)
    offer = load_offer(example).offer
    result = audit_pdf(pdf, min_font_size=size or 12, expected_lang="en-GB")
    assert result.ok, result.problems
    facts = result.facts
    assert facts.smallest_font_size >= (size or 12) - 0.05
    assert facts.title == f"Support for Learners: {offer.setting.name}"
    assert [level for level, _ in facts.headings].count(1) == 1
    assert facts.embedded_files == 0
    assert all(embedded for _, embedded in facts.fonts)
    used = {re.sub(r"[^a-z]", "", re.sub(r"^[A-Z]{6}\+", "", name).lower()) for name, _ in facts.fonts}
    shipped = {re.sub(r"[^a-z]", "", family.lower()) for family in shipped_families()}
    assert all(any(u.startswith(f) for f in shipped) for u in used), used
    assert any(u.startswith("atkinsonhyperlegible") for u in used)


def test_words_come_back_in_order(rendered):
    example = EXAMPLES[0]
    text = re.sub(r"\s+", " ", _text(rendered(example, "standard")))
    offer = load_offer(example).offer
    positions = []
    for section in offer.sections:
        question = re.sub(r"\s+", " ", section.question or "")
        if question:
            positions.append(text.find(question))
    assert -1 not in positions and positions == sorted(positions)
    for marker in ("This information in other formats", "Contents", "Words we use", "Tell us what you think",
                   "Page 1 of"):
        assert marker in text


def test_page_n_of_m_on_every_page(rendered):
    pdf = rendered(EXAMPLES[0], "large-print", 24)
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.decode()
    count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))
    text = _text(pdf)
    for n in range(1, count + 1):
        assert f"Page {n} of {count}" in text


@pytest.mark.parametrize("paper", list(PAPERS))
def test_each_paper_passes_the_audit(rendered, paper):
    pdf = rendered(EXAMPLES[0], "large-print", 18, paper)
    assert audit_pdf(pdf, min_font_size=18, expected_lang="en-GB").ok


def test_modified_preset_is_bold_throughout(rendered):
    pdf = rendered(EXAMPLES[0], "large-print", None, "white", "modified")
    result = audit_pdf(pdf, min_font_size=18)
    assert result.ok
    assert all("Bold" in name for name, _ in result.facts.fonts), result.facts.fonts


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("paper", list(PAPERS))
def test_paper_contrast_is_at_least_4_5(paper):
    background, ink = PAPERS[paper]
    light, dark = sorted([_luminance(background), _luminance(ink)], reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


@pytest.mark.parametrize("fmt,size", [("large-print", 12), ("large-print", 50), ("standard", 18)])
def test_sizes_out_of_range_are_refused(fmt, size):
    with pytest.raises(OfferInputError, match="--size"):
        render(load_offer(EXAMPLES[0]), fmt, RenderOptions(size=size))


# --- hostile content --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def listening_server():
    """A local web server that records every request; the renderer must send it none."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], requests
    server.shutdown()


def _hostile_offer(folder: Path, answer: str) -> Path:
    text = valid_offer_text().replace("      We answer this question plainly.",
                                      "\n".join("      " + line for line in answer.splitlines()), 1)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "offer.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("answer", [
    "![x](file:///etc/passwd)",
    "![x](../../secret.png)",
    "[click](file:///etc/passwd)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<link rel="attachment" href="file:///etc/passwd">',
])
def test_hostile_markup_is_refused_when_loaded(tmp_path, answer):
    with pytest.raises(OfferInputError):
        load_offer(_hostile_offer(tmp_path / "o", answer))


def test_web_image_is_never_fetched(tmp_path, listening_server):
    port, requests = listening_server
    with pytest.raises(OfferInputError):
        load_offer(_hostile_offer(tmp_path / "o", f"![x](http://127.0.0.1:{port}/spy.png)"))
    assert requests == []


def test_template_code_prints_as_text(tmp_path):
    folder = _hostile_offer(tmp_path / "o", "Sum {{ 7*7 }} and {% if true %}yes{% endif %} and &lt;b&gt;.")
    text = _text(render(load_offer(folder), "standard"))
    assert "Sum {{ 7*7 }}" in text and "Sum 49" not in text
    assert "{% if true %}yes{% endif %}" in text


def test_fetcher_refuses_everything_outside(tmp_path, listening_server):
    """Below the loader: even if hostile HTML reached WeasyPrint, nothing outside is fetched."""
    from offerprint.render.fetch import ContainedFetcher

    port, requests = listening_server
    inside = tmp_path / "offer"
    inside.mkdir()
    (inside / "ok.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = ContainedFetcher([inside])
    assert fetcher.fetch((inside / "ok.png").as_uri()).read() == b"\x89PNG"
    for url in [f"http://127.0.0.1:{port}/x", "https://example.org/x", "file:///etc/passwd",
                (inside / ".." / "secret.txt").as_uri(), "ftp://example.org/x",
                "data:image/png;base64," + "A" * 100_000]:
        with pytest.raises(UnsafeReferenceError):
            fetcher.fetch(url)
    assert requests == []


def test_rel_attachment_never_embeds(tmp_path, listening_server):
    """Raw HTML that asks WeasyPrint to attach a file still produces no embedded file."""
    from offerprint.document import build_document
    from offerprint.render.pdf import html_to_pdf, render_html, standard_style

    port, requests = listening_server
    folder = _hostile_offer(tmp_path / "o", "Plain answer.")
    (folder / "note.txt").write_text("inside the folder, but still not to be attached")
    loaded = load_offer(folder)
    doc = build_document(loaded)
    html = render_html(doc).replace(
        "</body>", '<p><a rel="attachment" href="note.txt">note</a></p>'
                   '<link rel="attachment" href="note.txt"></body>')
    pdf = html_to_pdf(html, loaded, standard_style(12).css(doc.labels["page_of"]))
    assert audit_pdf(pdf, min_font_size=12).facts.embedded_files == 0
    assert requests == []


def test_audit_failure_stops_the_build(tmp_path, monkeypatch):
    """A render that breaks a rule is never returned (so never written)."""
    import offerprint.render.pdf as pdf_module

    folder = _hostile_offer(tmp_path / "o", "Plain answer.")
    real_css = pdf_module.PrintStyle.css
    monkeypatch.setattr(pdf_module.PrintStyle, "css",
                        lambda self, *a, **k: real_css(self, *a, **k) + "\n.slip p { font-size: 8pt !important; }")
    with pytest.raises(AuditError, match="smaller than"):
        render(load_offer(folder), "standard")


def test_build_writes_atomically_and_keeps_old_file_on_failure(tmp_path, run):
    folder = _hostile_offer(tmp_path / "o", "Plain answer.")
    out = tmp_path / "out.pdf"
    assert run("build", folder, "--format", "standard", "-o", out).exit_code == 0
    first = out.read_bytes()
    assert first.startswith(b"%PDF")
    result = run("build", folder, "--format", "large-print", "--size", "99", "-o", out)
    assert result.exit_code == 2 and "--size" in result.stderr
    assert out.read_bytes() == first
    assert not list(tmp_path.glob("*.part"))


def test_print_document_is_built_once_per_offer_and_translation(tmp_path, monkeypatch):
    """Standard and large print of one loaded offer share one document build; a new load of
    the offer, or a translator's save, builds it again; each caller gets its own copy."""
    import shutil
    import time

    from offerprint.render import pdf as pdf_module

    built = []
    original = pdf_module.build_document
    monkeypatch.setattr(pdf_module, "build_document", lambda *a, **k: built.append(k) or original(*a, **k))
    folder = tmp_path / "offer"
    shutil.copytree(next(e for e in EXAMPLES if (e / "translations").is_dir()), folder)
    loaded = load_offer(folder)
    first, texts = pdf_module.print_document(loaded, None, False)
    first.body_class = "large-print"
    second, same_texts = pdf_module.print_document(loaded, None, False)
    assert len(built) == 1 and second is not first and second.body_class == "" and same_texts == texts
    pdf_module.print_document(load_offer(folder), None, False)
    assert len(built) == 2
    po = folder / "translations" / "pl.po"
    pdf_module.print_document(loaded, "pl", False)
    pdf_module.print_document(loaded, "pl", False)
    assert len(built) == 3
    time.sleep(0.01)
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    pdf_module.print_document(loaded, "pl", False)
    assert len(built) == 4


def test_the_cycle_collector_is_paused_for_a_render_and_frees_its_cycles(monkeypatch):
    """WeasyPrint runs with Python's cycle collector paused (it otherwise walks the growing box
    tree again and again); it is running again when the PDF comes back, and the cycles the
    render left are already freed."""
    import gc
    import weakref

    from offerprint.render import pdf as pdf_module

    class Node:
        pass

    seen, left = [], []
    original = pdf_module._render_contained

    def render_contained(*args):
        seen.append(gc.isenabled())
        cycle = Node()
        cycle.itself = cycle  # garbage only the cycle collector can free
        left.append(weakref.ref(cycle))
        return original(*args)

    monkeypatch.setattr(pdf_module, "_render_contained", render_contained)
    assert gc.isenabled()
    pdf = pdf_module.render_library_sheet('<html lang="en"><title>t</title><body><h1>Pictures</h1></body></html>')
    assert pdf.startswith(b"%PDF") and seen == [False]
    assert gc.isenabled() and left[0]() is None


def test_renders_in_threads_share_one_pause_and_a_host_switch_stays_off():
    """The editor renders in threads: the collector resumes when the last render ends, not the
    first; a program that switched the collector off itself finds it off afterwards."""
    import gc

    from offerprint.render.pdf import cyclic_gc_paused

    inside, release = threading.Event(), threading.Event()

    def long_render():
        with cyclic_gc_paused():
            inside.set()
            release.wait(10)

    other = threading.Thread(target=long_render)
    other.start()
    inside.wait(10)
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other render is still running
    release.set()
    other.join(10)
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("example,size", [("little-acorns-nursery", s) for s in (16, 16.5, 22, 29.5, 36, 42.5, 48)]
                         + [("oakfield-primary", 48), ("brinnington-high", 48)])
def test_the_documented_maximum_size_builds(example, size):
    """#24 point 11: every large-print size the documentation allows (16-48 pt, whole and half
    points) builds and passes its audit: at 48pt "three- and" broke after "three-" (pdftotext
    joins it to "threeand"), a web address wider than the line ran off the page, and
    Brinnington's SEND policy address, broken over pages 145 and 146, was two links.
    Each web address is as many /Link elements as the page has links to it."""
    from offerprint.render.pdf import print_document, render_html

    loaded = load_offer(Path(__file__).parent.parent / "examples" / example)
    pdf = render(loaded, "large-print", RenderOptions(size=size))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Page 1 of" in text
    doc, _ = print_document(loaded, None, False)
    doc.body_class = "large-print"
    html = render_html(doc)
    elements = _link_elements(pdf)
    assert elements, "the example links to web pages: the check must see some"
    for uri, found in elements.items():
        assert len(found) == html.count(f'href="{uri}"'), f"{uri}: {len(found)} /Link elements"


# --- a link broken over a page break (#24 point 11: Brinnington at 48 pt) ------------------------

def _link_elements(pdf: bytes) -> dict[str, set[tuple[int, int]]]:
    """Each web address linked to -> the structure elements its annotations lead to, read from
    the raw objects (the parent tree), as a PDF/UA checker reads them."""
    import io

    import pikepdf

    found: dict[str, set[tuple[int, int]]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        parents, stack = {}, [document.Root.StructTreeRoot.ParentTree]
        while stack:
            node = stack.pop()
            stack.extend(node.get("/Kids", []))
            nums = list(node.get("/Nums", []))
            parents.update((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
        for page in document.pages:
            for annotation in page.obj.get("/Annots", []):
                uri = annotation.get("/A", {}).get("/URI") if "/A" in annotation else None
                if uri is None:
                    continue
                element = parents[int(annotation.StructParent)]
                assert element.S == "/Link", f"{uri} leads to {element.S}"
                found.setdefault(str(uri), set()).add(element.objgen)
    return found


BROKEN_LINK_PAGE = """<html lang="en"><head><title>A link over a page break</title><style>
@page { size: 105mm 148mm; margin: 10mm; }
h1, p { font-size: 14pt; line-height: 1.2; margin: 0; orphans: 1; widows: 1; width: 35mm; }
</style></head><body><h1>Our policy</h1><div style="height: 113mm"></div>
<p><a href="https://example.org/send/policy">https://<wbr>example.<wbr>org/<wbr>send/<wbr>policy</a></p>
</body></html>"""


def test_a_web_address_broken_over_a_page_break_is_one_link():
    """WeasyPrint tags each page on its own: the two lines of an address link either side of a
    page break were two /Link elements, each with half the address, and the audit refused
    them (its /Contents, the address, was not the text of either). They are one /Link now."""
    from offerprint.render import pdf as pdf_module

    pdf = pdf_module.render_library_sheet(BROKEN_LINK_PAGE)  # the audit passes
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = text.decode().split("\f")
    assert "https://" in pages[0] and "policy" in pages[1], pages  # it did break over the page
    assert {uri: len(elements) for uri, elements in _link_elements(pdf).items()} == {
        "https://example.org/send/policy": 1}
