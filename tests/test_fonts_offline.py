"""The web page, a hub page and the Word document carry their fonts (render/web_fonts.py,
render/docx_fonts.py): on a machine with no Noto and no Atkinson font, every script still shows
in the shipped fonts, never as boxes or in a system font.

The system's fonts are hidden with a fontconfig file naming only DejaVu (Debian's default);
fc-list checks that it does. Then headless Chromium opens the Bengali web page and a setting's
hub page, and the DevTools protocol names the fonts each element's text was drawn with
(CSS.getPlatformFontsForNode): every one must be a web font of ours. LibreOffice turns the
Bengali DOCX into a PDF, whose fonts must be the shipped ones for every character of another
script than Latin. Chromium, chromedriver, Selenium and LibreOffice are needed: without them the
tests fail, saying what to install (they are the only proof of the point).
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from offerprint.load import load_offer
from offerprint.render import RenderOptions, render
from offerprint.render.assets import families
from offerprint.render.web_fonts import SITE_FONTS, SITE_FONTS_CSS, write_site_fonts

from conftest import ROOT

sys.path.insert(0, str(Path(__file__).parent / "axe"))
import run_axe  # noqa: E402

OAKFIELD = ROOT / "examples" / "oakfield-primary"
SHIPPED = set(families())
SHIPPED_NAMES = {name.replace(" ", "") for name in SHIPPED}  # as PostScript names have them


def _need(tool: str | None, what: str) -> str:
    if tool is None:
        pytest.fail(f"{what} is not installed: scripts/system-deps.sh --test installs it (this test cannot "
                    "show the fonts are carried without it)")
    return tool


@pytest.fixture(scope="module")
def no_system_fonts(tmp_path_factory) -> dict[str, str]:
    """An environment whose fontconfig sees only DejaVu."""
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    "<fontconfig>\n  <dir>/usr/share/fonts/truetype/dejavu</dir>\n"
                    f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    listed = subprocess.run([_need(shutil.which("fc-list"), "fontconfig (fc-list)"), ":", "family"], env=env,
                            capture_output=True, text=True, check=True).stdout
    assert "DejaVu Sans" in listed, listed
    assert not any(word in listed.lower() for word in ("noto", "atkinson")), f"not hidden: {listed}"
    return env


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The Bengali web page, and a hub folder with the setting's page and its shared fonts."""
    from offerprint.check import check_offer
    from offerprint.site import SettingEntry, council_from_offers, render_setting_page

    loaded = load_offer(OAKFIELD)
    folder = tmp_path_factory.mktemp("pages")
    web = folder / "oakfield-bn.html"
    web.write_bytes(render(loaded, "html", RenderOptions(lang="bn")))
    site = folder / "site"
    (site / "settings").mkdir(parents=True)
    entry = SettingEntry(loaded, "oakfield-primary", check_offer(loaded, dt.date(2026, 12, 4)))
    (site / entry.page).write_bytes(render_setting_page(entry, council_from_offers([loaded])))
    assert write_site_fonts(site)
    return {"web": web, "hub": site / entry.page, "site": site}


@pytest.fixture(scope="module")
def browser(no_system_fonts, tmp_path_factory):
    _need(run_axe.find_chromium(), "Chromium")
    driver_path = _need(shutil.which("chromedriver"), "chromium-driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("Selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = run_axe.find_chromium()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1024",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--no-first-run", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path, env=no_system_fonts), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def drawn_with(driver, url: str) -> dict[str, collections.Counter]:
    """Every font the page's text was drawn with: {"custom: Noto Sans Bengali": glyphs, ...},
    per language of the element (its lang, inherited)."""
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(() => arguments[arguments.length - 1]())")
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = driver.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": root, "selector": "body, body *"})["nodeIds"]
    langs = driver.execute_script(
        "return Array.from(document.querySelectorAll('body, body *'), e => (e.closest('[lang]') || {}).lang || '')")
    used: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for node, lang in zip(nodes, langs):
        for font in driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            kind = "custom" if font["isCustomFont"] else "system"
            used[lang.split("-")[0]][f"{kind}: {font['familyName']}"] += font["glyphCount"]
    return used


def _not_ours(used: dict[str, collections.Counter]) -> dict[str, list[str]]:
    return {lang: [font for font in fonts if not font.startswith("custom: ") or font[8:] not in SHIPPED]
            for lang, fonts in used.items() if any(not f.startswith("custom: ") or f[8:] not in SHIPPED
                                                   for f in fonts)}


def test_the_bengali_web_page_draws_every_script_in_its_own_fonts(no_system_fonts, pages, browser):
    used = drawn_with(browser, pages["web"].as_uri())
    assert not _not_ours(used), f"text drawn in fonts the page does not carry: {_not_ours(used)}"
    assert used["bn"]["custom: Noto Sans Bengali"] > 2000, used["bn"]
    assert used["ur"]["custom: Noto Nastaliq Urdu"] > 20, used["ur"]  # the line asking for other languages
    assert used["zh"]["custom: Noto Sans SC"] > 10, used["zh"]
    assert used["en"]["custom: Atkinson Hyperlegible"] > 100, used["en"]  # the setting's name, links


def test_a_hub_page_links_the_shared_fonts_and_draws_every_script_in_them(no_system_fonts, pages, browser):
    html = pages["hub"].read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../assets/fonts/fonts.css">' in html and "@font-face" not in html
    css = (pages["site"] / SITE_FONTS / SITE_FONTS_CSS).read_text(encoding="utf-8")
    files = sorted(p.name for p in (pages["site"] / SITE_FONTS).glob("*.woff2"))
    assert all(f'url("{name}")' in css for name in files) and len(files) >= 7, (files, css[:500])
    used = drawn_with(browser, pages["hub"].as_uri())
    assert not _not_ours(used), f"text drawn in fonts the hub does not carry: {_not_ours(used)}"
    assert used["en"]["custom: Atkinson Hyperlegible"] > 2000, used["en"]
    for lang, family in (("bn", "Noto Sans Bengali"), ("ur", "Noto Nastaliq Urdu"), ("ar", "Noto Naskh Arabic"),
                         ("pa", "Noto Sans Gurmukhi")):
        assert used[lang][f"custom: {family}"] > 10, (lang, used[lang])
    assert not write_site_fonts(pages["site"]), "the same pages' letters: nothing to make again"


def test_libreoffice_draws_the_bengali_docx_in_its_embedded_fonts(no_system_fonts, tmp_path):
    import pdfplumber

    soffice = _need(shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice (soffice)")
    source = tmp_path / "oakfield-bn.docx"
    source.write_bytes(render(load_offer(OAKFIELD), "docx", RenderOptions(lang="bn")))
    done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          env=no_system_fonts, capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "oakfield-bn.pdf"
    assert pdf.is_file(), done.stderr or done.stdout
    listed = subprocess.run([_need(shutil.which("pdffonts"), "poppler-utils (pdffonts)"), str(pdf)],
                            capture_output=True, text=True, check=True).stdout
    embedded = {line.split()[0].split("+")[-1].split("-")[0] for line in listed.splitlines()[2:] if line.strip()}
    assert {"AtkinsonHyperlegible", "NotoSansBengali", "NotoNastaliqUrdu", "NotoSansSC"} <= embedded, listed
    # Every letter of a script other than Latin is in a shipped font (DejaVu draws only the list
    # bullets, Word's Symbol character, which no shipped font has).
    wrong = collections.Counter()
    drawn = collections.Counter()
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for char in page.chars:
                font = char["fontname"].split("+")[-1].split("-")[0]
                if char["text"].isalpha() and not char["text"].isascii():
                    drawn[font] += 1
                    if font not in SHIPPED_NAMES:
                        wrong[(font, char["text"])] += 1
    assert not wrong, f"drawn in a font LibreOffice found on the system: {wrong.most_common(10)}"
    assert drawn["NotoSansBengali"] > 2000, drawn


def test_the_font_key_obfuscation_is_the_one_word_and_libreoffice_undo():
    """ECMA-376 17.8.1 as LibreOffice reads it: the key's hex pairs taken from the GUID string
    at these positions (its last pair first), each XORed into bytes i and i + 16."""
    from offerprint.render.docx_fonts import font_key, obfuscate

    data = bytes(range(64))
    key = font_key("Noto Sans Bengali", 400, data)
    assert key == font_key("Noto Sans Bengali", 400, data) and len(key) == 38 and key[0] == "{" and key[-1] == "}"
    positions = (35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1)
    guid = [int(key[p:p + 2], 16) for p in positions]
    expected = bytearray(data)
    for i in range(16):
        expected[i] ^= guid[i]
        expected[i + 16] ^= guid[i]
    assert obfuscate(data, key) == bytes(expected)
    assert obfuscate(obfuscate(data, key), key) == data and obfuscate(data, key)[32:] == data[32:]
