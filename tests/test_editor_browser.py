"""The offer editor in a real browser: headless Chromium (Debian's chromium) driven by Selenium
through chromium-driver. One server and one browser for the whole module (they are slow to
start). Skipped, saying why, when Chromium, its driver or Selenium is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_example

sys.path.insert(0, str(Path(__file__).parent / "axe"))
import run_axe  # noqa: E402

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = run_axe.find_chromium()


def _missing() -> str | None:
    if CHROMIUM is None:
        return "Chromium is not installed (apt-get install chromium; scripts/system-deps.sh --test does it)"
    if CHROMEDRIVER is None:
        return "chromium-driver is not installed (apt-get install chromium-driver; scripts/system-deps.sh --test does it)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "Selenium is not installed (pip install -e '.[test]')"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")

COMMENT = "# Oakfield's offer, kept by the school office. Ask Mrs Shah before changing the legal parts.\n"


@pytest.fixture(scope="module")
def offer(tmp_path_factory) -> Path:
    folder = copy_example("oakfield-primary", tmp_path_factory.mktemp("editor-browser"))
    source = folder / "offer.yaml"
    text = COMMENT + source.read_text(encoding="utf-8").replace("  kind: primary\n", "  kind: primary  # we are\n", 1)
    source.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(offer: Path):
    import uvicorn

    from offerprint.editor.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(offer, hosts={f"127.0.0.1:{port}"}, token="browser-test-token",
                     pack_folder=offer.parent / "pack", today=lambda: dt.date(2026, 12, 4))
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/?token=browser-test-token"
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1024",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--no-first-run", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def _wait(condition, timeout: float = 15, what: str = "") -> None:
    from selenium.common.exceptions import StaleElementReferenceException

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if condition():
                return
        except StaleElementReferenceException:  # the page changed under us: look again
            pass
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout}s for {what}")


def _findings(browser, field_id: str) -> list[str]:
    # Read in one go: the page replaces the list after each check.
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(function (li) { return li.textContent; });",
        f"#{field_id}-findings li")


def _type(element, text: str) -> None:
    """Replace a box's text the way a person does: select all, then type."""
    from selenium.webdriver.common.keys import Keys

    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def test_change_an_answer_see_a_finding_come_and_go_save_and_reload(browser, server, offer: Path):
    from selenium.webdriver.common.keys import Keys

    source = offer / "offer.yaml"
    before = source.read_text(encoding="utf-8")
    browser.get(server)
    _wait(lambda: browser.find_elements("css selector", "#general-findings li"), what="the first check")
    answer = browser.find_element("id", "f-sections-1-answer")
    long_sentence = "We " + " ".join(["always"] * 28) + " listen to you."
    _type(answer, f"{long_sentence}\n\nTalk to **Mrs Shah** about it.")
    _wait(lambda: any("a sentence has 32 words" in t for t in _findings(browser, "f-sections-1-answer")),
          what="the long-sentence warning next to the answer")
    assert "32 words" in browser.find_element("id", "headline").text  # said to screen readers too
    preview = browser.find_element("id", "f-sections-1-answer-preview")
    _wait(lambda: "<strong>Mrs Shah</strong>" in preview.get_attribute("innerHTML"), what="the preview")
    assert browser.find_element("id", "save-state").text == "Changes not saved yet."
    assert source.read_text(encoding="utf-8") == before  # checked unsaved

    new_answer = ("We watch how every child learns. We talk to you first if we think your child needs "
                  "extra help.\n\nTalk to **Mrs Shah**, our special educational needs co-ordinator, about it. "
                  "She will listen and explain what happens next, and how you can take part at every step.")
    _type(answer, new_answer)
    _wait(lambda: not any("a sentence has" in t for t in _findings(browser, "f-sections-1-answer")),
          what="the warning to go")

    # Save with the keyboard: Enter on the Save button.
    browser.find_element("id", "save").send_keys(Keys.ENTER)
    _wait(lambda: "Saved" in browser.find_element("tag name", "main").text, what="the save")
    saved = source.read_text(encoding="utf-8")
    assert saved.startswith(COMMENT) and "  kind: primary  # we are\n" in saved  # comments kept
    assert "      Talk to **Mrs Shah**, our special educational needs co-ordinator, about it." in saved
    # Only the one answer changed: every other line is as it was, in the same order.
    old_lines, new_lines = before.splitlines(), saved.splitlines()
    start = old_lines.index("    answer: |", old_lines.index("  - id: identify-needs"))
    end = old_lines.index("    contacts:", start)
    assert new_lines[:start + 1] == old_lines[:start + 1]
    assert new_lines[start + 1 + len(new_answer.splitlines()):] == old_lines[end:]

    browser.get(server)
    _wait(lambda: browser.find_elements("css selector", "#general-findings li"), what="the page after reload")
    assert browser.find_element("id", "f-sections-1-answer").get_attribute("value") == new_answer
    assert browser.find_element("id", "save-state").text == "All changes saved."


def test_a_bad_value_is_explained_beside_its_field(browser, server):
    browser.get(server)
    phone = browser.find_element("id", "f-setting-phone")
    _type(phone, "ring us")
    _wait(lambda: _findings(browser, "f-setting-phone"), what="the phone finding")
    assert _findings(browser, "f-setting-phone") == [
        "Error: is not a phone number (write it with digits and spaces, for example 0161 496 0123)"]
    assert "mistake" in browser.find_element("id", "headline").text
    _type(phone, "0161 496 0123")
    _wait(lambda: not _findings(browser, "f-setting-phone"), what="the phone finding to go")


def test_the_keyboard_reaches_the_offer_first(browser, server):
    from selenium.webdriver.common.keys import Keys

    browser.get(server)
    body = browser.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to the offer"
    skip.send_keys(Keys.ENTER)
    _wait(lambda: browser.switch_to.active_element.get_attribute("id") == "main", what="focus on main")


def test_axe_finds_no_violations(browser, server):
    if not run_axe.AXE_JS.is_file():
        pytest.skip(f"axe-core is not installed ({run_axe.INSTALL_AXE}; the Makefile does it)")
    browser.get(server)
    _wait(lambda: browser.find_elements("css selector", "#general-findings li"), what="the page")
    # With findings of every level showing: an error and a warning beside their fields.
    _type(browser.find_element("id", "f-setting-phone"), "ring us")
    _wait(lambda: _findings(browser, "f-setting-phone"), what="the phone finding")
    _type(browser.find_element("id", "f-setting-phone"), "0161 496 0123")
    _type(browser.find_element("id", "f-sections-2-answer"), "We " + " ".join(["often"] * 30) + " help.")
    _wait(lambda: _findings(browser, "f-sections-2-answer"), what="the long sentence warning")
    # Selenium's script runs outside the page's Content-Security-Policy, so axe can be added.
    browser.execute_script(run_axe.AXE_JS.read_text(encoding="utf-8"))
    results = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(function (r) { done(JSON.stringify({violations: r.violations,"
        " passes: r.passes.length})); }, function (e) { done(JSON.stringify({error: String(e)})); });",
        run_axe.AXE_OPTIONS)
    results = json.loads(results)
    assert "error" not in results, results
    assert results["passes"] > 10
    assert results["violations"] == [], run_axe.describe(results["violations"])
