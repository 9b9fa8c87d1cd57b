"""Drafts are drafts (issue #25): an offer `check` finds errors in is not made into documents as
if it were finished. `build` and `pack` refuse it in one line unless --draft, and a draft says
"DRAFT - not checked" where a reader meets it first (every page of a PDF, the top of the text,
braille and web page, Word's header); a finished offer never does; the output cache never
serves a draft for a finished document. Two PDF renders in all (standard print, easy read)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from offerprint.check import check_offer
from offerprint.document import build_document
from offerprint.load import load_offer
from offerprint.output_cache import OutputCache, document_key
from offerprint.pack import build_pack
from offerprint.render import RenderOptions, render
from offerprint.tree import Notice, document_tree
from offerprint.unfinished import UnfinishedOfferError, first_error, refuse_unfinished

from conftest import EXAMPLES, copy_example

MARK = "DRAFT - not checked"


@pytest.fixture(scope="module")
def todo_offer(tmp_path_factory) -> Path:
    """A started offer as `offerprint new` writes it: every answer still says TODO."""
    from click.testing import CliRunner

    from offerprint.cli import main

    folder = tmp_path_factory.mktemp("drafts") / "todo-school"
    result = CliRunner().invoke(main, ["new", "--questions", "se7-parent", "--kind", "primary", "--name",
                                       "Todo Primary School", str(folder / "offer.yaml")])
    assert result.exit_code == 0, result.output
    assert "TODO" in (folder / "offer.yaml").read_text(encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def draft_pdf(todo_offer: Path, tmp_path_factory) -> Path:
    """The standard print of the TODO offer made with --draft (audited as every PDF is)."""
    from click.testing import CliRunner

    from offerprint.cli import main

    target = tmp_path_factory.mktemp("draft-pdf") / "draft.pdf"
    result = CliRunner().invoke(main, ["build", str(todo_offer), "--format", "standard", "--draft", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "a draft marked" in result.output and "passed the accessibility audit" in result.output
    return target


def _pages_text(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, pages + 1)]


def _first_line(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


# --- refused without --draft ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["standard", "text"])
def test_build_refuses_an_unfinished_offer_in_one_line(run, todo_offer: Path, tmp_path: Path, fmt: str):
    loaded = load_offer(todo_offer)
    errors = check_offer(loaded).errors
    first = first_error(errors)
    target = tmp_path / f"out-{fmt}"
    result = run("build", todo_offer, "--format", fmt, "-o", target)
    assert result.exit_code == 2 and not target.exists()
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    (line,) = lines
    assert f"{len(errors)} problems" in line and f"{first.file}:{first.line}" in line and first.line
    assert "a family could be handed it" in line
    assert f"offerprint check {todo_offer}" in line and "--draft" in line


def test_the_first_problem_named_is_the_first_in_the_file(todo_offer: Path):
    errors = check_offer(load_offer(todo_offer)).errors
    with_lines = [f for f in errors if f.line]
    assert len(with_lines) > 1 and first_error(errors).line == min(f.line for f in with_lines)


def test_pack_refuses_an_unfinished_offer(run, todo_offer: Path, tmp_path: Path):
    result = run("pack", todo_offer, "-o", tmp_path / "pack")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "--draft" in result.stderr and not (tmp_path / "pack").exists()
    with pytest.raises(UnfinishedOfferError):
        build_pack([todo_offer], tmp_path / "pack2", formats=["text"], jobs=1)


def test_a_finished_example_is_not_refused_and_has_no_mark(run, tmp_path: Path):
    loaded = load_offer(EXAMPLES[0])
    assert not any(isinstance(n, Notice) and n.kind == "draft" for n in document_tree(build_document(loaded)))
    assert any(isinstance(n, Notice) and n.kind == "draft"
               for n in document_tree(build_document(loaded, draft=True))[0].children)  # first on the cover
    target = tmp_path / "final.txt"
    result = run("build", EXAMPLES[0], "--format", "text", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert MARK not in target.read_text(encoding="utf-8") and "draft" not in result.stdout


def test_an_offer_with_one_error_is_refused_too(tmp_path: Path):
    folder = copy_example("oakfield-primary", tmp_path)
    text = (folder / "offer.yaml").read_text(encoding="utf-8")
    (folder / "offer.yaml").write_text(re.sub(r"^  phone: .+$", "  phone: TODO", text, count=1, flags=re.M),
                                       encoding="utf-8")
    with pytest.raises(UnfinishedOfferError) as caught:
        refuse_unfinished(load_offer(folder))
    assert "1 problem " in str(caught.value) and "setting.phone" in str(caught.value)


# --- a draft is marked everywhere -------------------------------------------------------------

def test_the_draft_pdf_has_the_mark_on_every_page(draft_pdf: Path):
    pages = _pages_text(draft_pdf)
    assert len(pages) > 3
    for number, text in enumerate(pages, 1):
        assert _first_line(text) == MARK, f"page {number}: {_first_line(text)!r}"
    # Page 1 also carries it as a tagged paragraph of the cover (the mark above is furniture).
    assert pages[0].count(MARK) == 2 and all(text.count(MARK) == 1 for text in pages[1:])
    assert "TODO" in pages[0]


def test_the_easy_read_draft_has_the_mark_on_every_page(run, todo_offer: Path, tmp_path: Path):
    target = tmp_path / "easy.pdf"
    result = run("build", todo_offer, "--format", "easy-read", "--allow-missing", "--draft", "-o", target)
    assert result.exit_code == 0, result.stderr
    for number, text in enumerate(_pages_text(target), 1):
        assert _first_line(text) == MARK, f"page {number}"


def test_text_braille_and_web_page_start_with_the_mark(todo_offer: Path):
    from offerprint.render.braille import lou_translate

    loaded = load_offer(todo_offer)
    draft = RenderOptions(draft=True)
    text = render(loaded, "text", draft).decode("utf-8")
    assert text.splitlines()[0] == MARK
    brf = render(loaded, "braille", draft).decode("ascii")
    assert _first_line(brf) == lou_translate([MARK])[0].strip()
    html = render(loaded, "html", draft).decode("utf-8")
    body = html[html.index("<body"):]
    banner = body.index(f'<p class="draft-mark">{MARK}</p>')
    assert banner < body.index("<h1") and body.index('<header class="page-header"') < banner
    assert "font-size: 1.25em; border:" in html  # the banner's style is on the page
    # Without --draft the same offer's writers say nothing of the kind.
    assert MARK not in render(loaded, "text", RenderOptions()).decode("utf-8")


def test_the_recording_of_a_draft_says_so_first(todo_offer: Path):
    """Audio and the talking book read the EPUB's pages: the draft mark of the title page is
    the first thing said (nothing is synthesised here: the tracks are what would be read)."""
    from offerprint.render.audio import tracks

    loaded = load_offer(todo_offer)
    intro = tracks(build_document(loaded, draft=True), loaded)[0]
    assert intro.passages[0].text == MARK
    assert sum(p.text == MARK for p in intro.passages) == 1
    assert all(p.text != MARK for p in tracks(build_document(loaded), loaded)[0].passages)


def test_word_has_the_mark_in_every_page_header_and_epub_on_its_first_page(todo_offer: Path):
    import docx

    loaded = load_offer(todo_offer)
    word = docx.Document(io.BytesIO(render(loaded, "docx", RenderOptions(draft=True))))
    assert word.paragraphs[0].text == MARK
    for section in word.sections:
        assert not section.different_first_page_header_footer
        assert [p.text for p in section.header.paragraphs] == [MARK]
    with zipfile.ZipFile(io.BytesIO(render(loaded, "epub", RenderOptions(draft=True)))) as book:
        spine = re.findall(r'<itemref idref="([^"]+)"', book.read("EPUB/package.opf").decode())
        manifest = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', book.read("EPUB/package.opf").decode()))
        first = book.read("EPUB/" + manifest[spine[0]]).decode("utf-8")
        assert f'class="draft-mark">{MARK}</p>' in first
        assert first.index("draft-mark") < first.index("<h1")


# --- packs, the cache and the editor ----------------------------------------------------------

def test_the_cache_keeps_a_draft_and_a_final_apart(tmp_path: Path):
    cache = OutputCache(tmp_path / "cache")
    example = EXAMPLES[0]
    assert document_key("x", "text", "en", RenderOptions()) != document_key("x", "text", "en", RenderOptions(draft=True))
    final = build_pack([example], tmp_path / "final", formats=["text"], jobs=1, cache=cache)
    draft = build_pack([example], tmp_path / "draft", formats=["text"], jobs=1, cache=cache, draft=True)
    again = build_pack([example], tmp_path / "again", formats=["text"], jobs=1, cache=cache)
    (f,), (d,), (a,) = final.results, draft.results, again.results
    assert not d.cached and a.cached  # the draft was made, not served the final; the final comes back
    final_text = (tmp_path / "final" / f.job.relpath).read_text(encoding="utf-8")
    draft_text = (tmp_path / "draft" / d.job.relpath).read_text(encoding="utf-8")
    assert draft_text.splitlines()[0] == MARK and MARK not in final_text
    assert (tmp_path / "again" / a.job.relpath).read_text(encoding="utf-8") == final_text
    readme = (tmp_path / "draft" / "README.txt").read_text(encoding="utf-8")
    assert "DRAFTS" in readme and "DRAFTS" not in (tmp_path / "final" / "README.txt").read_text(encoding="utf-8")


def test_pack_with_draft_makes_an_unfinished_offer_marked(todo_offer: Path, tmp_path: Path):
    pack = build_pack([todo_offer], tmp_path / "pack", formats=["text"], jobs=1, draft=True,
                      cache=OutputCache(None))
    (result,) = pack.results
    assert result.ok and result.job.options.draft
    assert (tmp_path / "pack" / result.job.relpath).read_text(encoding="utf-8").splitlines()[0] == MARK


def _editor(folder: Path):
    from starlette.testclient import TestClient

    from offerprint.editor.app import create_app

    app = create_app(folder, hosts={"testserver"}, token="t", pack_folder=folder.parent / "pack",
                     today=lambda: dt.date(2026, 12, 4))
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def test_the_editor_previews_a_draft_marked_and_will_not_make_its_pack(todo_offer: Path, tmp_path: Path,
                                                                        monkeypatch):
    import offerprint.render as render_module

    asked = []
    monkeypatch.setattr(render_module, "render", lambda loaded, fmt, options: asked.append(options) or b"%PDF-1.7")
    todo = _editor(todo_offer)
    assert todo.get("/preview?token=t&format=standard").status_code == 200
    finished = _editor(copy_example("oakfield-primary", tmp_path))
    assert finished.get("/preview?token=t&format=standard").status_code == 200
    assert [o.draft for o in asked] == [True, False]

    refused = todo.post("/pack?token=t", data={"sizes": "18", "csrf": todo.app.state.editor.csrf})
    assert refused.status_code == 409 and "a family could be handed it" in refused.text
    assert not (todo_offer.parent / "pack").exists() and not todo.app.state.editor.pack.running
