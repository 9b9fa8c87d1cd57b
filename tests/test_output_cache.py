"""One keyed-output cache shared by pack, site and the editor's previews (issue 23.4): a
document made once for the same offer, format, options and code is never made again, whichever
command made it and whichever folder it went to; a changed offer file is made again."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

import offerprint.pack as pack_module
from offerprint import output_cache
from offerprint.output_cache import OutputCache, cache_folder, default_cache, document_key, offer_hash
from offerprint.pack import build_pack
from offerprint.render import RenderOptions
from offerprint.site import build_site

from conftest import ROOT, copy_example, two_offers, valid_offer_text

COUNCIL = ROOT / "docs" / "council.yaml"
PACK_FORMATS = ["standard", "large-print", "text", "slips"]  # a pack's own: slips stay out of the site
SITE_FORMATS = ["standard", "large-print", "text"]


@pytest.fixture
def renders(monkeypatch) -> list[tuple[str, str, RenderOptions]]:
    """Every document really made in this process (jobs=1 makes them here), in order."""
    made: list[tuple[str, str, RenderOptions]] = []
    real = pack_module.render

    def counted(loaded, fmt, options):
        made.append((loaded.offer.setting.name, fmt, options))
        return real(loaded, fmt, options)

    monkeypatch.setattr(pack_module, "render", counted)
    return made


def test_pack_then_site_makes_nothing_twice(tmp_path: Path, renders):
    """`make demo` in small: the pack into build/demo, then the site into build/site (its
    documents in build/site/documents): the site copies every document the pack made."""
    offers = two_offers(tmp_path)
    pack = build_pack(offers, tmp_path / "build" / "demo", large_print=[18], formats=PACK_FORMATS, jobs=1)
    assert not pack.failures and len(renders) == len(pack.results) == 8 and pack.from_cache == 0
    by_pack = len(renders)
    site = build_site(offers, tmp_path / "build" / "site", council=COUNCIL, large_print=[18], formats=SITE_FORMATS,
                      jobs=1)
    assert not site.pack.failures
    assert len(renders) == by_pack, f"the site made again: {renders[by_pack:]}"
    assert site.pack.from_cache == site.pack.rendered == len(site.pack.results) == 6
    for result in site.pack.results:
        copied = (tmp_path / "build" / "site" / "documents" / result.job.relpath).read_bytes()
        assert copied == (tmp_path / "build" / "demo" / result.job.relpath).read_bytes()
        assert result.cached
    by_path = {r.job.relpath: r for r in pack.results}
    assert [(r.pages, r.sha256) for r in site.pack.results] == [
        (by_path[r.job.relpath].pages, by_path[r.job.relpath].sha256) for r in site.pack.results]
    # The site's own manifest and download links are as if it had made them.
    page = (tmp_path / "build" / "site" / "settings" / f"{site.settings[0].slug}.html").read_text()
    assert "Large print, 18 point, in English (United Kingdom) (PDF, " in page


def test_the_cache_counts_what_it_saved(tmp_path: Path):
    offers = two_offers(tmp_path)[:1]
    cache = OutputCache(tmp_path / "cache")
    build_pack(offers, tmp_path / "demo", large_print=[], formats=["text", "standard"], jobs=1, cache=cache)
    assert (cache.hits, cache.misses, cache.stored) == (0, 2, 2)
    build_site(offers, tmp_path / "site", council=COUNCIL, large_print=[], formats=["text", "standard"], jobs=1,
               cache=cache)
    assert cache.hits == 2 and cache.stored == 2 + 1  # the two documents; and the setting page, made once
    build_site(offers, tmp_path / "site2", council=COUNCIL, large_print=[], formats=["text", "standard"], jobs=1,
               cache=cache)
    assert cache.hits == 2 + 3 and cache.stored == 3  # a second site folder: its page is not made again either


def test_a_changed_offer_file_is_made_again(tmp_path: Path, renders):
    offers = two_offers(tmp_path)
    build_pack(offers, tmp_path / "demo", large_print=[18], formats=PACK_FORMATS, jobs=1)
    renders.clear()
    text = (offers[1] / "offer.yaml").read_text().replace("We answer this question plainly.",
                                                          "We answer this question very plainly.", 1)
    (offers[1] / "offer.yaml").write_text(text)
    site = build_site(offers, tmp_path / "site", council=COUNCIL, large_print=[18], formats=SITE_FORMATS, jobs=1)
    assert sorted((name, fmt) for name, fmt, _ in renders) == [
        ("Riverside Primary School", fmt) for fmt in sorted(SITE_FORMATS)]
    made = {r.job.relpath for r in site.pack.results if not r.cached}
    assert made and all(path.startswith("riverside-primary-school/") for path in made)
    assert "very plainly" in (tmp_path / "site" / "documents" / "riverside-primary-school/en-GB/plain-text.txt"
                              ).read_text()
    # A new file in the folder (a photo) is part of the offer too.
    renders.clear()
    (offers[0] / "photo.png").write_bytes(b"\x89PNG not really")
    build_pack(offers, tmp_path / "demo", large_print=[18], formats=["text"], jobs=1)
    assert [(name, fmt) for name, fmt, _ in renders] == [("Testfield Primary School", "text")]


def test_make_demo_pack_then_site_on_worker_processes(tmp_path: Path, run):
    """As the Makefile runs them (worker processes: the pack's parent keeps what they made)."""
    offer = copy_example("oakfield-primary", tmp_path)
    demo, site = tmp_path / "build" / "demo", tmp_path / "build" / "site"
    packed = run("pack", offer, "--large-print", "18", "--jobs", "2", "-o", demo)
    assert packed.exit_code == 0, packed.output
    assert "copied from the cache" not in packed.stdout
    built = run("site", offer, "--council", COUNCIL, "--large-print", "18", "--jobs", "2", "-o", site)
    assert built.exit_code == 0, built.output
    # the site's 8 (its EPUB included) are all among the pack's 9: nothing is made twice
    assert "documents (0 made now, 8 copied from the cache of documents made before)" in built.stdout
    again = run("pack", offer, "--large-print", "18", "--jobs", "2", "-o", tmp_path / "elsewhere")
    assert "(0 made now, 9 copied from the cache of documents made before, 0 unchanged)" in again.stdout
    lines = [line for line in again.stdout.splitlines() if line.startswith("[")]
    assert lines and all(line.endswith(": copied from the cache") for line in lines)
    # #25's done-when: the independent link-structure check passes on every PDF of the pack
    from test_pdf_links import empty_to_unicode, link_structure_faults

    pdfs = sorted(demo.rglob("*.pdf"))
    assert len(pdfs) >= 4
    assert {p.name: link_structure_faults(p.read_bytes()) + empty_to_unicode(p.read_bytes()) for p in pdfs} == \
        {p.name: [] for p in pdfs}


def test_editor_previews_and_the_pack_share_the_cache(tmp_path: Path, monkeypatch):
    """A preview of the saved offer is the pack's standard print: made once, whichever asked
    first; an unsaved change is a new document."""
    from starlette.testclient import TestClient

    import offerprint.render as render_module
    from offerprint.editor.app import create_app

    folder = copy_example("oakfield-primary", tmp_path)
    made = []
    real = render_module.render

    def counted(loaded, fmt, options):
        made.append(fmt)
        return real(loaded, fmt, options)

    monkeypatch.setattr(render_module, "render", counted)
    monkeypatch.setattr(pack_module, "render", counted)
    client = TestClient(create_app(folder, hosts={"testserver"}, token="t", pack_folder=tmp_path / "pack",
                                   today=lambda: dt.date(2026, 12, 4)), base_url="http://testserver")
    first = client.get("/preview?token=t&format=standard")
    assert first.status_code == 200 and made == ["standard"]
    assert client.get("/preview?token=t&format=standard").content == first.content and made == ["standard"]
    pack = build_pack([folder], tmp_path / "pack", large_print=[], formats=["standard"], jobs=1)
    assert made == ["standard"] and pack.from_cache == 1
    (result,) = pack.results
    assert result.pages and (tmp_path / "pack" / result.job.relpath).read_bytes() == first.content
    csrf = client.app.state.editor.csrf
    client.post("/check?token=t", data={"sections[1].answer": "A new answer about our Zebra Club.", "csrf": csrf})
    changed = client.get("/preview?token=t&format=standard")
    assert changed.status_code == 200 and made == ["standard", "standard"] and changed.content != first.content


def test_a_damaged_entry_is_made_again_never_used(tmp_path: Path, renders):
    offers = two_offers(tmp_path)[:1]
    build_pack(offers, tmp_path / "a", large_print=[], formats=["text"], jobs=1)
    (entry,) = [p for p in cache_folder().rglob("*") if p.is_file()]
    entry.write_bytes(entry.read_bytes().replace(b"Testfield", b"Testfielt"))
    again = build_pack(offers, tmp_path / "b", large_print=[], formats=["text"], jobs=1)
    assert len(renders) == 2 and not again.results[0].cached
    assert "Testfielt" not in (tmp_path / "b" / again.results[0].job.relpath).read_text()


def test_off_and_unwritable_caches_cost_time_only(tmp_path: Path, renders, monkeypatch):
    offers = two_offers(tmp_path)[:1]
    monkeypatch.setenv("OFFERPRINT_CACHE", "off")
    assert default_cache().folder is None
    build_pack(offers, tmp_path / "a", large_print=[], formats=["text"], jobs=1)
    build_pack(offers, tmp_path / "b", large_print=[], formats=["text"], jobs=1)
    assert len(renders) == 2
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("OFFERPRINT_CACHE", str(blocked))
    result = build_pack(offers, tmp_path / "c", large_print=[], formats=["text"], jobs=1)
    assert not result.failures and len(renders) == 3


def test_where_the_cache_is(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("OFFERPRINT_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "offerprint"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "offerprint"
    monkeypatch.setenv("OFFERPRINT_CACHE", str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"


def test_keys_hold_everything_a_document_is_made_from(tmp_path: Path, monkeypatch):
    folder = tmp_path / "o"
    folder.mkdir()
    (folder / "offer.yaml").write_text(valid_offer_text())
    source = folder / "offer.yaml"
    offer = offer_hash(folder, "en-GB", source)
    base = document_key(offer, "large-print", "en-GB", RenderOptions(size=18))
    assert base == document_key(offer_hash(folder, "en-GB", source), "large-print", "en-GB", RenderOptions(size=18))
    assert base != document_key(offer, "large-print", "en-GB", RenderOptions(size=24))
    assert base != document_key(offer, "standard", "en-GB", RenderOptions(size=18))
    assert base != document_key(offer, "large-print", "ur", RenderOptions(size=18))
    # The editor's unsaved draft is hashed in place of the file; the same bytes, the same key.
    assert offer_hash(folder, "en-GB", source, source.read_bytes()) == offer
    assert offer_hash(folder, "en-GB", source, source.read_bytes() + b"# more\n") != offer
    assert offer_hash(folder, "en-GB", folder / "other.yaml") != offer  # two offers in one folder
    monkeypatch.setattr(output_cache, "code_hash", lambda: "other code")
    assert document_key(offer, "large-print", "en-GB", RenderOptions(size=18)) != base


def test_pruning_keeps_the_recently_used(tmp_path: Path):
    cache = OutputCache(tmp_path / "cache")
    now = time.time()
    for i, age_days in enumerate([90, 3, 2, 1]):
        key = f"{i:02d}" + "ab" * 31
        cache.put(key, b"x" * 1000)
        os.utime(cache._path(key), (now - age_days * 86400, now - age_days * 86400))
    assert cache.prune(max_bytes=2500) == 2  # the 90-day-old one by age, then the oldest of the rest
    left = sorted(p.name[:2] for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert left == ["02", "03"]
    assert cache.get("02" + "ab" * 31).data == b"x" * 1000


def test_the_code_hash_leaves_out_the_import_side(tmp_path: Path, monkeypatch):
    """A change to the importer (a school's old report into offer.yaml) changes no document;
    a change to a renderer, a template or a font changes every one."""
    package, templates = tmp_path / "offerprint", tmp_path / "templates"
    for folder in (package / "render", package / "importer", package / "readers", templates):
        folder.mkdir(parents=True)
    for path in (package / "render" / "pdf.py", package / "importer" / "build.py", package / "readers" / "pdf.py",
                 templates / "offer.html.j2"):
        path.write_text("one")
    monkeypatch.setattr(output_cache, "PACKAGE", package)
    monkeypatch.setattr(output_cache, "TEMPLATES", templates)
    monkeypatch.setattr(output_cache, "FONTS", tmp_path / "no-fonts")
    monkeypatch.setattr(output_cache, "TRANSLATIONS", tmp_path / "no-translations")
    first = output_cache.code_hash.__wrapped__()
    (package / "importer" / "build.py").write_text("two")
    (package / "readers" / "pdf.py").write_text("two")
    assert output_cache.code_hash.__wrapped__() == first
    (package / "render" / "pdf.py").write_text("two")
    second = output_cache.code_hash.__wrapped__()
    assert second != first
    (templates / "offer.html.j2").write_text("two")
    assert output_cache.code_hash.__wrapped__() != second
