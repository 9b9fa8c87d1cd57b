"""The Nu Html Checker (vnu.jar, the W3C's HTML validator) finds no error in the web page (every
example, a right-to-left translation, bilingual, and a draft) nor in any page of the council's
site (index, the pages by kind and age, each setting's page, the Local Offer team's report):
beside axe (tests/test_web.py), a checker we did not write. One Java run for all pages.

Needs Java (installed for epubcheck) and vnu-jar from npm, installed into the venv:
``npm install --prefix .venv/node vnu-jar@26`` (the Makefile does this); skipped, saying why,
without them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from offerprint.load import load_offer
from offerprint.render import RenderOptions, render

from conftest import ROOT, copy_example

VNU = ROOT / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "npm install --prefix .venv/node vnu-jar@26 (the Makefile does it)"


def missing() -> str | None:
    if shutil.which("java") is None:
        return "Java is not installed (the Debian package default-jre-headless)"
    if not VNU.is_file():
        return f"the Nu Html Checker is not installed ({INSTALL})"
    return None


pytestmark = pytest.mark.skipif(missing() is not None, reason=f"the Nu Html Checker cannot run: {missing()}")


def vnu_errors(pages: list[Path]) -> dict[str, list[str]]:
    """Every error vnu.jar reports, by page name, as "line: message": one Java run for all
    pages (the client compiler only: the checker runs a few seconds, not long enough for more)."""
    done = subprocess.run(["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU),
                           "--errors-only", "--format", "json", *map(str, pages)],
                          capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(done.stderr or done.stdout)
    except ValueError:
        raise AssertionError(f"vnu.jar could not run (exit {done.returncode}): {done.stderr[:500]}") from None
    errors: dict[str, list[str]] = {p.name: [] for p in pages}
    for m in report["messages"]:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            name = Path(m.get("url", "?")).name
            errors.setdefault(name, []).append(f"{m.get('lastLine', '?')}: {m['message']}")
    return errors


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[dict[str, list[str]], list[Path], list[Path]]:
    """(errors by page name, the web pages, the site's pages), from one run of the checker over
    the web page of an example, the same offer in Urdu (right to left, bilingual) as a draft
    (its banner), every page of a two-setting site, and a page with two known errors."""
    from offerprint.output_cache import OutputCache
    from offerprint.site import build_site

    out = tmp_path_factory.mktemp("vnu")
    oakfield = load_offer(ROOT / "examples" / "oakfield-primary")
    web = [out / "oakfield.html", out / "oakfield-ur-draft.html"]
    web[0].write_bytes(render(oakfield, "html", RenderOptions()))
    web[1].write_bytes(render(oakfield, "html", RenderOptions(lang="ur", bilingual=True, draft=True)))
    assert 'dir="rtl"' in web[1].read_text(encoding="utf-8") and 'class="draft-mark"' in web[1].read_text(encoding="utf-8")

    # The site: plain text downloads only (its pages are what is checked); the second offer has
    # a TODO, so its page is a draft's and the team's report has a note about it.
    finished = copy_example("little-acorns-nursery", out / "offers")
    unfinished = copy_example("brinnington-high", out / "offers")
    text = (unfinished / "offer.yaml").read_text(encoding="utf-8")
    (unfinished / "offer.yaml").write_text(re.sub(r"^  phone: .+$", "  phone: TODO", text, count=1, flags=re.M),
                                           encoding="utf-8")
    site = out / "site"
    result = build_site([finished, unfinished], site, council=ROOT / "docs" / "council.yaml", formats=["text"],
                        jobs=1, cache=OutputCache(None))
    assert not result.pack.failures and len(result.settings) == 2
    hub = sorted(p for p in site.rglob("*.html") if not {"pagefind", "documents"} & set(p.relative_to(site).parts))

    bad = out / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
                   '<body><p id="a">one</p><p id="a">two</p></div></body></html>', encoding="utf-8")
    # Names are unique across the run: the site's pages are checked from copies named by path.
    named = []
    for page in hub:
        copy = out / "hub" / page.relative_to(site).as_posix().replace("/", "--")
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(page.read_bytes())
        named.append(copy)
    return vnu_errors([*web, *named, bad]), web, named


def test_the_web_pages_have_no_html_errors(checked):
    errors, web, _ = checked
    found = [f"{p.name}:{e}" for p in web for e in errors[p.name]]
    assert not found, "the Nu Html Checker found:\n" + "\n".join(found)


def test_every_page_of_the_site_has_no_html_errors(checked):
    errors, _, hub = checked
    names = {p.name for p in hub}
    assert {"index.html", "report--index.html"} <= names and len([n for n in names if n.startswith("settings--")]) == 2
    assert any(n.startswith("kind-") for n in names) and any(n.startswith("ages-") for n in names)
    found = [f"{p.name}:{e}" for p in hub for e in errors[p.name]]
    assert not found, "the Nu Html Checker found:\n" + "\n".join(found)


def test_the_checker_reports_an_error_when_there_is_one(checked):
    """So a clean run means something: a duplicate id and a stray end tag are found."""
    errors = checked[0]["bad.html"]
    assert any("Duplicate ID" in e for e in errors) and any("Stray end tag" in e for e in errors)
