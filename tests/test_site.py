"""The council's hub (offerprint/site.py): a borough of 30 generated offers built once per
session, then checked as a family and the Local Offer team would meet it: every link leads to a
file, axe-core finds nothing on the index, a setting page and the report, Pagefind's own index
finds a setting by name and by a word in its answers (its JavaScript run in headless Chromium
over a local web server), the report says what `check --format json` says, a Dask cluster
makes the same manifest as local processes, and a rebuild makes only what changed.

Rendering is bounded: most settings are built as plain text only (with their setting page); one
gets every format at two large-print sizes, and two carry translations (text and web page)."""

from __future__ import annotations

import csv
import io
import datetime as dt
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest
from click.testing import CliRunner

from offerprint.cli import main
from offerprint.errors import OfferInputError
from offerprint.model import SETTING_KINDS
from offerprint.output_cache import OutputCache
from offerprint.site import build_site, load_council

from conftest import EXAMPLES, ROOT

sys.path.insert(0, str(Path(__file__).parent / "axe"))
import run_axe  # noqa: E402

PLACES = ["Adswood", "Bramhall", "Bredbury", "Brinnington", "Cheadle", "Cheadle Hulme", "Compstall", "Davenport",
          "Edgeley", "Gatley", "Hazel Grove", "Heald Green", "Heaton Chapel", "Heaton Mersey", "Heaton Moor",
          "Heaton Norris", "High Lane", "Marple", "Marple Bridge", "Mellor", "Offerton", "Reddish", "Romiley",
          "Shaw Heath", "Woodford", "Woodley", "Great Moor", "Hillgate", "Portwood", "Lancashire Hill"]
KIND_WORDS = {"early-years": "Nursery", "primary": "Primary School", "secondary": "High School",
              "all-through": "Academy", "special": "School (special)", "pru": "Learning Centre", "college": "College"}
FULL = 23  # the setting built in every format (finished: neither stale nor missing)
TRANSLATED = (8, 14)  # settings that keep the Oakfield translations (pl, ur); finished too
STALE = {i for i in range(30) if i % 4 == 1}
MISSING = {i for i in range(30) if i % 5 == 2}
SEARCH_WORD, SEARCH_SETTING = "trampolining", 11
COUNCIL = ROOT / "docs" / "council.yaml"


def _make_offer(i: int, base: Path, folder: Path) -> str:
    shutil.copytree(base, folder, ignore=shutil.ignore_patterns("__pycache__"))
    if i not in TRANSLATED:
        shutil.rmtree(folder / "translations", ignore_errors=True)
    else:
        for po in (folder / "translations").glob("*.po"):
            if po.stem not in ("pl", "ur"):
                po.unlink()
    text = (folder / "offer.yaml").read_text(encoding="utf-8")
    old_name = re.search(r"^  name: (.+)$", text, re.M).group(1)
    kind = SETTING_KINDS[i % len(SETTING_KINDS)]
    name = f"{PLACES[i]} {KIND_WORDS[kind]}"
    text = text.replace(old_name, name)
    text = re.sub(r"^  kind: .+$", f"  kind: {kind}", text, count=1, flags=re.M)
    if i in STALE:
        text = re.sub(r"^  published: .+$", "  published: 2024-01-15", text, count=1, flags=re.M)
        text = re.sub(r"^  reviewed: .+$", "  reviewed: 2024-01-15", text, count=1, flags=re.M)
        text = re.sub(r"^  next_review: .+$", "  next_review: 2025-01-15", text, count=1, flags=re.M)
    if i in MISSING:  # drop the second and third sections: their questions and Schedule 1 items go missing
        starts = [m.start() for m in re.finditer(r"^  - id: ", text, re.M)]
        text = text[:starts[1]] + text[starts[3]:]
    if i == SEARCH_SETTING:
        text = re.sub(r"(    answer: \|\n)( +)", rf"\1\2Children can join our {SEARCH_WORD} club after school.\n\2",
                      text, count=1)
    (folder / "offer.yaml").write_text(text, encoding="utf-8")
    return name


@pytest.fixture(scope="session")
def borough(tmp_path_factory):
    """30 settings from the three examples, every kind, some stale, some incomplete, two
    translated; built once. Returns (offer folders, names, site folder, first build)."""
    base = tmp_path_factory.mktemp("borough")
    folders, names = [], []
    for i in range(30):
        folder = base / "offers" / f"setting-{i:02d}"
        names.append(_make_offer(i, EXAMPLES[i % len(EXAMPLES)], folder))
        folders.append(folder)
    # Most settings: plain text only (the setting page is their web version); the translated
    # ones also the web page download; one setting every format.
    narrow = {folder: ["text", "html"] if i in TRANSLATED else ["text"] for i, folder in enumerate(folders) if i != FULL}
    site = base / "site"
    options = dict(council=COUNCIL, langs=["pl", "ur"], large_print=[18, 24], formats_by_offer=narrow, jobs=2)
    result = build_site(folders, site, **options)
    return folders, names, site, result, options


def _slug_of(result, index: int) -> str:
    return result.settings[index].slug


def test_every_setting_is_built_with_its_documents(borough):
    folders, names, site, result, _ = borough
    assert not result.pack.failures, [f.error for f in result.pack.failures]
    assert len(result.settings) == 30 and result.pages_total == 30
    assert {s.setting.kind for s in result.settings} == set(SETTING_KINDS)
    full = result.settings[FULL]
    assert {(d.fmt, d.size) for d in full.downloads} == {
        ("standard", None), ("large-print", 18), ("large-print", 24), ("easy-read", None), ("text", None),
        ("braille", None), ("docx", None), ("html", None), ("epub", None)}
    for i in TRANSLATED:
        assert {d.lang for d in result.settings[i].downloads} == {"en-GB", "pl", "ur"}
    index = (site / "index.html").read_text()
    for name in names:
        assert name in index or name.replace("&", "&amp;") in index
    # Each setting's phone and address on the index; each kind has its own page.
    assert "0161 496 0123" in index and "SK1 2AB" in index
    for kind in SETTING_KINDS:
        page = (site / f"kind-{kind}.html").read_text()
        members = [s.setting.name for s in result.settings if s.setting.kind == kind]
        assert all(m in page for m in members)
        assert not any(s.setting.name in page for s in result.settings if s.setting.kind != kind)


def test_links_say_format_language_and_size(borough):
    _, _, site, result, _ = borough
    page = (site / "settings" / f"{_slug_of(result, FULL)}.html").read_text()
    assert re.search(r">Large print, 24 point, in English \(United Kingdom\) \(PDF, \d+ pages, \d+ KB\)</a>", page)
    assert re.search(r">Braille \(Unified English Braille, grade 2\), in English \(United Kingdom\) \(braille file", page)
    translated = (site / "settings" / f"{_slug_of(result, TRANSLATED[0])}.html").read_text()
    assert 'In Polish (<span lang="pl">polski</span>)' in translated


def test_each_download_is_labelled_in_its_own_language_with_the_english_beside_it(borough):
    _, _, site, result, _ = borough
    page = (site / "settings" / f"{_slug_of(result, TRANSLATED[0])}.html").read_text()
    links = re.findall(r'<li><a href="\.\./([^"]+)" hreflang="([\w-]+)"[^>]*?(?: lang="([\w-]+)" dir="(\w+)")?>([^<]+)</a>'
                       r'(?: <span class="in-english">\[English: ([^\]]+)\]</span>)?</li>', page)
    by_lang = {}
    for path, hreflang, lang, direction, label, english in links:
        by_lang.setdefault(hreflang, []).append((path, lang, direction, label, english))
    assert set(by_lang) == {"en-GB", "pl", "ur"} and all(len(v) == 2 for v in by_lang.values()), links
    for path, lang, direction, label, english in by_lang["ur"]:
        assert (lang, direction) == ("ur", "rtl"), label
        # The words are Urdu's (Arabic script), not English: only PDF/KB-like acronyms stay Latin.
        assert re.search("[\u0600-\u06ff]{3}", label) and "اردو میں" in label, label
        assert not re.search(r"\b(?!KB\b)[A-Za-z]{2,}\b", label), label
        assert english.endswith(" KB)") and ", in Urdu (" in english, english
    assert {label.split("،")[0] for *_, label, _ in by_lang["ur"]} == {"سادہ تحریر (اسکرین ریڈر اور بریل ڈسپلے کے لیے)",
                                                                      "ویب صفحہ (ایک فائل"}
    for path, lang, direction, label, english in by_lang["pl"]:
        assert (lang, direction) == ("pl", "ltr") and "w języku: polski" in label, label
    for path, lang, direction, label, english in by_lang["en-GB"]:
        assert not lang and not english and ", in English (United Kingdom) (" in label, label


def test_the_epub_is_linked_and_is_there(borough):
    _, _, site, result, _ = borough
    page = (site / "settings" / f"{_slug_of(result, FULL)}.html").read_text()
    found = re.search(r'<a href="\.\./([^"]+\.epub)" hreflang="en-GB" download>EPUB e-book, in English \(United Kingdom\) '
                      r'\(EPUB e-book, \d+ KB\)</a>', page)
    assert found, "no EPUB link on the page of the setting built in every format"
    epub = site / found.group(1)
    assert epub.is_file() and epub.read_bytes()[:2] == b"PK" and b"application/epub+zip" in epub.read_bytes()[:100]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "meta"):
                self.links.append(attrs[key])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_link_on_every_page_resolves_to_a_file(borough):
    _, _, site, _, _ = borough
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 30 + 11 + 1
    checked = 0
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    for page in pages:
        links = parse(page.resolve())
        for link in links.links:
            url = urlparse(link)
            if url.scheme in ("http", "https", "mailto", "tel", "data"):
                continue
            assert not url.scheme and not url.netloc, f"{page}: {link} leaves the site"
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {link} does not lead to a file"
            assert site.resolve() in target.parents, f"{page}: {link} leads outside the site"
            if url.fragment and target.suffix == ".html":
                ids = parse(target).ids
                assert url.fragment in ids, f"{page.relative_to(site)}: {link}: no id '{url.fragment}' there"
            checked += 1
    assert checked > 1000


def test_every_page_says_how_to_get_it_on_paper_from_the_council(borough):
    _, _, site, _, _ = borough
    council = load_council(COUNCIL)
    for page in [site / "index.html", site / "report" / "index.html", site / "kind-special.html",
                 *sorted((site / "settings").glob("*.html"))]:
        html = page.read_text()
        assert "On paper, in another format or in another language" in html, page
        assert council.phone in html and "Fred Perry House" in html, page


@pytest.mark.skipif(run_axe.missing() is not None, reason=f"axe-core cannot run: {run_axe.missing()}")
def test_axe_finds_nothing_on_index_setting_page_and_report(borough):
    _, _, site, result, _ = borough
    pages = [site / "index.html", site / "settings" / f"{_slug_of(result, TRANSLATED[0])}.html",
             site / "report" / "index.html"]
    with ThreadPoolExecutor(3) as pool:
        outcomes = list(pool.map(lambda p: run_axe.run_axe(p.read_text(encoding="utf-8")), pages))
    for page, outcome in zip(pages, outcomes):
        assert not outcome["violations"], f"{page.name}: " + run_axe.describe(outcome["violations"])
        assert len(outcome["passes"]) > 20


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _search(site: Path, words: str, from_file: bool = False) -> list[tuple[str, str]]:
    """The index page's own search (search.js and Pagefind's JavaScript and WebAssembly) in
    headless Chromium, over a local web server or opened from the file (as from a USB stick):
    (link, title) of each result."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = (f"{(site / 'index.html').as_uri()}?q={quote(words)}" if from_file else
               f"http://127.0.0.1:{server.server_address[1]}/index.html?q={quote(words)}")
        for budget in (20000, 40000, 60000):  # Pagefind's worker can be slow to start on a busy machine
            dom = subprocess.run([run_axe.find_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                                  f"--virtual-time-budget={budget}", "--dump-dom", url],
                                 capture_output=True, text=True, timeout=180).stdout
            status = re.search(r'<p id="search-status"[^>]*>(.*?)</p>', dom, re.S)
            if status and "Searching" not in status.group(1) and status.group(1).strip():
                break
        assert status and "found for" in status.group(1) and "No setting" not in status.group(1), dom[-3000:]
        results = re.search(r'<ol id="search-results"[^>]*>(.*?)</ol>', dom, re.S).group(1)
        return re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', results)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(run_axe.find_chromium() is None, reason="Chromium is not installed")
def test_search_finds_a_setting_by_name_and_by_a_word_in_its_answers(borough):
    _, names, site, result, _ = borough
    assert (site / "pagefind" / "pagefind.js").is_file()
    by_name = _search(site, "Marple Bridge")
    assert by_name and by_name[0][1] == names[18]
    assert by_name[0][0] == f"/settings/{_slug_of(result, 18)}.html"
    by_word = _search(site, SEARCH_WORD)
    assert by_word[0] == (f"/settings/{_slug_of(result, SEARCH_SETTING)}.html", names[SEARCH_SETTING])


@pytest.mark.skipif(run_axe.find_chromium() is None, reason="Chromium is not installed")
def test_search_works_from_a_usb_stick_without_a_server(borough):
    """Opened from the file: Pagefind's same index, from pagefind/offline.js."""
    _, names, site, result, _ = borough
    by_word = _search(site, SEARCH_WORD, from_file=True)
    assert by_word[0] == (f"settings/{_slug_of(result, SEARCH_SETTING)}.html", names[SEARCH_SETTING])


@pytest.mark.skipif(run_axe.find_chromium() is None, reason="Chromium is not installed")
def test_filter_narrows_the_list_in_place(borough, tmp_path):
    """search.js's filter: kind and age chosen, only those settings stay shown (a copy of the
    index with a script that chooses them; its Content-Security-Policy removed for that)."""
    _, _, site, result, _ = borough
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", (site / "index.html").read_text())
    choose = "".join(f'document.getElementById("{i}").value = "{v}";'
                     f'document.getElementById("{i}").dispatchEvent(new Event("change"));'
                     for i, v in (("filter-kind", "primary"), ("filter-age", "4-to-11")))
    page = site / "filter-check.html"
    page.write_text(html.replace("</body>", f"<script>{choose}</script></body>"))
    try:
        dom = subprocess.run([run_axe.find_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                              "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
    finally:
        page.unlink()
    shown = re.findall(r'<li class="setting" data-kind="([a-z-]+)" data-ages="[^"]*">', dom)
    expected = [s.setting.kind for s in result.settings if s.setting.kind == "primary"]
    assert shown == expected and len(expected) >= 4
    assert f"Showing {len(expected)} settings." in dom


def _marks(findings: list[dict]) -> dict[str, str]:
    marks = {}
    for quality in ("comprehensive", "accessible", "collaborative", "transparent"):
        found = [f for f in findings if f["quality"] == quality and f["level"] != "note"]
        marks[quality] = "fail" if any(f["level"] == "error" for f in found) else ("warn" if found else "pass")
    return marks


def test_report_figures_match_check_json(borough):
    folders, names, site, _, _ = borough
    rows = list(csv.DictReader((site / "report" / "report.csv").open(encoding="utf-8")))
    assert [r["setting"] for r in rows] == names
    runner = CliRunner()
    today = dt.date.today()
    for i, row in enumerate(rows):
        next_review = dt.date.fromisoformat(row["next_review"])
        assert int(row["days_overdue"]) == max(0, (today - next_review).days)
        assert (int(row["days_overdue"]) > 0) == (i in STALE)
    # `check --format json` for a sample that has every variation (stale, missing items, translated, full).
    sample = sorted({0, FULL, SEARCH_SETTING, *TRANSLATED, *sorted(STALE)[:3], *sorted(MISSING)[:3]})
    for i in sample:
        folder, row = folders[i], rows[i]
        out = runner.invoke(main, ["check", "--format", "json", str(folder)])
        assert out.exit_code in (0, 1), out.output
        data = json.loads(out.output)
        assert (int(row["errors"]), int(row["warnings"]), int(row["notes"])) == \
            (data["errors"], data["warnings"], data["notes"]), row["setting"]
        assert {q: row[q] for q in _marks(data["findings"])} == _marks(data["findings"])
        missing = [k for k, ok in data["coverage"]["schedule1"].items() if not ok]
        assert row["schedule1_missing"] == "; ".join(missing)
        assert row["status"] == ("errors" if data["errors"] else "warnings" if data["warnings"] else "passes")
    assert any(rows[i]["schedule1_missing"] for i in MISSING)
    assert all(rows[i]["status"] == "errors" for i in STALE | MISSING)
    assert rows[TRANSLATED[0]]["translations"].startswith("Polish: ")
    assert "Urdu: " in rows[TRANSLATED[0]]["translations"]
    assert rows[FULL]["formats_built"] == "9"
    html = (site / "report" / "index.html").read_text()
    assert f"{len(STALE)} past their review date" in html


def test_a_setting_check_finds_errors_in_has_no_downloads_and_a_marked_page(borough):
    """A family must not download a draft: the documents of an unfinished offer are left out,
    the report's notes say why, and its page says it is a draft; a finished one's does not."""
    folders, names, site, result, _ = borough
    report = (site / "report" / "index.html").read_text()
    for i in STALE | MISSING:
        entry = result.settings[i]
        assert entry.report.errors and not entry.downloads, names[i]
        assert any(n.startswith(f"{names[i]}: no documents to download") for n in result.notes)
        assert f"offerprint check {folders[i]}" in report.replace("&#96;", "`")
        assert 'class="draft-mark">DRAFT - not checked</p>' in (site / entry.page).read_text()
    finished = result.settings[FULL]
    assert finished.downloads and 'class="draft-mark"' not in (site / finished.page).read_text()


def test_council_yaml_is_checked_with_one_line_per_problem(tmp_path):
    bad = tmp_path / "council.yaml"
    bad.write_text("name: Stockport Council\nphone: ring us\nadress: Town Hall\nemail: nobody\n")
    with pytest.raises(OfferInputError) as caught:
        load_council(bad)
    lines = caught.value.format_message().splitlines()
    assert lines == [
        f"{bad}:1:1: website: is missing (add website: with the council's website)",
        f"{bad}:2:8: phone: is not a phone number (write it with digits and spaces, for example 0161 496 0123)",
        f"{bad}:3:1: adress: is not a council detail (did you mean 'address'?)",
        f"{bad}:4:8: email: is not an email address (write it like office@school.example.org)",
    ]
    out = CliRunner().invoke(main, ["site", str(EXAMPLES[0]), "-o", str(tmp_path / "site"), "--council", str(bad)])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert not (tmp_path / "site").exists()


def test_no_dask_unless_asked():
    code = ("import sys, offerprint.cli, offerprint.site, offerprint.pack; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_dask_cluster_builds_the_same_manifest_as_local_processes(borough, tmp_path):
    distributed = pytest.importorskip("distributed")
    folders = [borough[0][i] for i in (0, 3, 4)]  # finished offers: an unfinished one's documents are left out
    options = dict(council=COUNCIL, formats=["text", "braille"], large_print=[18])
    local = build_site(folders, tmp_path / "local", jobs=2, **options)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        # An output cache of its own: with the one the local build filled, the cluster would make nothing.
        on_dask = build_site(folders, tmp_path / "dask", scheduler=cluster.scheduler_address,
                             cache=OutputCache(tmp_path / "dask-cache"), **options)
    assert not local.pack.failures and not on_dask.pack.failures
    assert on_dask.pack.rendered == len(on_dask.pack.results) == 6

    def files(folder):
        manifest = json.loads((folder / "documents" / "manifest.json").read_text())
        return {f["path"]: (f["inputs"], f["sha256"], f["bytes"]) for f in manifest["files"]}

    assert files(tmp_path / "dask") == files(tmp_path / "local")


def test_rebuild_makes_nothing_then_only_the_changed_offer(borough):
    """Last: it changes one offer of the borough."""
    folders, _, site, first, options = borough
    again = build_site(folders, site, **options)
    assert again.rendered == 0 and again.pack.rendered == 0 and again.pages_rendered == 0
    assert not again.search_indexed
    changed = 20
    pages_before = {p.name: p.stat().st_mtime_ns for p in (site / "settings").glob("*.html")}
    offer = folders[changed] / "offer.yaml"
    offer.write_text(re.sub(r"(    answer: \|\n)( +)", r"\1\2We have a new sensory garden.\n\2", offer.read_text(),
                            count=1))
    third = build_site(folders, site, **options)
    slug = _slug_of(third, changed)
    made = [r.job.relpath for r in third.pack.results if r.rendered]
    assert made and all(path.startswith(f"{slug}/") for path in made)
    assert len(made) == len([r for r in third.pack.results if r.job.slug == slug])
    assert third.pages_rendered == 1 and third.search_indexed
    pages_after = {p.name: p.stat().st_mtime_ns for p in (site / "settings").glob("*.html")}
    assert [n for n in pages_after if pages_after[n] != pages_before[n]] == [f"{slug}.html"]
    assert "sensory garden" in (site / "settings" / f"{slug}.html").read_text()


def test_spreadsheet_formula_injection_in_the_report_csv():
    """#24 point 9: a cell a spreadsheet would run as a formula gets a leading apostrophe."""
    from offerprint.site import CSV_COLUMNS, report_csv

    row = {c: "" for c in CSV_COLUMNS}
    row["setting"] = '=HYPERLINK("http://x","c")'
    row[CSV_COLUMNS[1]] = "@SUM(A1)"
    row[CSV_COLUMNS[2]] = ["+1", "-2"]
    row[CSV_COLUMNS[3]] = 12
    out = list(csv.reader(io.StringIO(report_csv([row]))))[1]
    cells = dict(zip(CSV_COLUMNS, out))
    assert cells["setting"] == '\'=HYPERLINK("http://x","c")'
    assert cells[CSV_COLUMNS[1]] == "'@SUM(A1)" and cells[CSV_COLUMNS[2]] == "'+1; -2"
    assert cells[CSV_COLUMNS[3]] == "12"  # numbers stay numbers
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in out)


def test_messages_an_oversize_council_file_says_council(tmp_path):
    """#24 point 12: a council.yaml too big is named as a council file, not an offer."""
    big = tmp_path / "council.yaml"
    big.write_text("name: Stockport Council\n" + "# " + "x" * 3_000_000 + "\n")
    with pytest.raises(OfferInputError) as caught:
        load_council(big)
    message = caught.value.format_message()
    assert "too big for a council file" in message and "offer" not in message


def test_a_talking_book_link_is_in_the_document_language_or_wholly_in_english():
    from types import SimpleNamespace

    from offerprint.i18n import interface_translations
    from offerprint.site import link_words

    def made(fmt, lang_size=None, pages=None):
        return SimpleNamespace(job=SimpleNamespace(fmt=fmt, options=SimpleNamespace(size=lang_size)), pages=pages,
                               bytes=5 * 1024 * 1024)

    words, complete = link_words(made("talking-book"), interface_translations("ur").gettext, "اردو")
    assert complete and words == "بولتی کتاب (EPUB 3، بلند آواز میں پڑھتے وقت متن نمایاں ہوتا ہے)، اردو میں " \
                                 "(آواز کے ساتھ EPUB ای بک، 5120 KB)"
    words, complete = link_words(made("large-print", 24, 31), interface_translations("pl").gettext, "polski")
    assert complete and words == "Duży druk, 24 pkt, w języku: polski (plik PDF, stron: 31, 5120 KB)"
    # A format whose words a catalogue lacks: said wholly in English, not half-translated.
    words, complete = link_words(made("audio"), lambda m: "MP3" if m == "zip file of MP3s" else m, "Urdu")
    assert not complete and words.startswith("Audio (an MP3")
