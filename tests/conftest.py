"""Shared fixtures. Rendering is slow, so rendered documents are session-scoped and shared."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from offerprint.cli import main
from offerprint.questions import get_question_set

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "offer.yaml").is_file())

# The output cache (offerprint/output_cache.py) is shared by every command, so the tests never
# use the user's own: session and module fixtures share one of their own, and each test gets an
# empty one, so a test that makes a document (or fails to) really makes it. Subprocesses inherit it.
_SESSION_CACHE = tempfile.mkdtemp(prefix="offerprint-test-cache-")
atexit.register(shutil.rmtree, _SESSION_CACHE, ignore_errors=True)
os.environ["OFFERPRINT_CACHE"] = _SESSION_CACHE


@pytest.fixture(autouse=True)
def _own_output_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("OFFERPRINT_CACHE", str(tmp_path_factory.mktemp("output-cache")))

# The head of a small valid offer. Bad-input tests edit it by line, so keep lines stable.
HEAD = """\
setting:
  name: Testfield Primary School
  kind: primary
  address: |
    1 Test Road
    Stockport
    SK1 1AA
  phone: 0161 496 0001
  email: office@testfield.example.org
  website: https://testfield.example.org
  senco:
    name: Mr Sam Lee
    role: Special educational needs co-ordinator (SENCO)
    phone: 0161 496 0002
    email: senco@testfield.example.org
offer:
  title: Support for Learners
  language: en-GB
  published: 2026-09-01
  reviewed: 2026-09-01
  next_review: 2027-09-01
  version: "1"
  approved: {by: Governing body, on: 2026-09-10}
  questions: se7-parent
  local_offer:
    name: Stockport Local Offer
    website: https://localoffer.example.org
    phone: 0161 496 0500
    address: |
      Town Hall
      Stockport
      SK1 3XE
co_production: |
  Parents and carers from our coffee morning read the first draft with us and told us what
  was missing. Children from our school council told us what helps them in class.
complaints: |
  Talk to your child's teacher first. If you are still worried, talk to the special
  educational needs co-ordinator (SENCO), then the head teacher.
accessibility:
  admissions: |
    We admit disabled children on the same terms as every other child.
  less_favourable_treatment: |
    We make reasonable adjustments so disabled children are never treated less favourably.
  facilities: |
    We have ramps, a lift and an accessible toilet.
  accessibility_plan: |
    Our accessibility plan is on our website, and on paper from the office.
glossary:
  - term: Rainbow Room
    meaning: Our small quiet classroom for children who need a calm space.
"""


def sections_yaml(set_id: str = "se7-parent", kind: str = "primary") -> str:
    """A short, plain answer for every question of a set."""
    lines = ["sections:"]
    for q in get_question_set(set_id).for_kind(kind):
        lines += [
            f"  - id: {q.id}",
            "    answer: |",
            f"      We answer this question plainly. Our staff will help you with {q.id.replace('-', ' ')}.",
        ]
        if "transition" in q.themes:
            lines += ["    timescales:", "      - when: Summer term", "        what: We visit the new school with your child."]
        lines += [
            "    easy_read:",
            "      - text: We will help your child.",
            "        picture: teacher",
            "      - text: You can talk to us.",
            "        picture: talk",
            "      - text: We listen to you.",
            "        picture: listen",
        ]
    return "\n".join(lines) + "\n"


def valid_offer_text() -> str:
    return HEAD + sections_yaml()


@pytest.fixture
def offer_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "testfield"
    folder.mkdir()
    (folder / "offer.yaml").write_text(valid_offer_text(), encoding="utf-8")
    return folder


@pytest.fixture
def run():
    """Run the CLI in-process; returns the click Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def copy_example(name: str, dest: Path, translations: bool = False) -> Path:
    """A copy of an example offer to change; without its translations unless asked."""
    target = dest / name
    ignore = None if translations else shutil.ignore_patterns("translations")
    shutil.copytree(ROOT / "examples" / name, target, ignore=ignore)
    return target


def two_offers(tmp_path: Path) -> list[Path]:
    """Two small valid offers of different settings, each in its own folder."""
    folders = []
    for name in ("Testfield Primary School", "Riverside Primary School"):
        folder = tmp_path / name.split()[0].lower()
        folder.mkdir()
        (folder / "offer.yaml").write_text(valid_offer_text().replace("Testfield Primary School", name))
        folders.append(folder)
    return folders


def page_fill(page) -> float:
    """How far down its text area a pdfplumber page is filled (0 to 1): from the top of the
    first thing on it (text, pictures, boxes; not the paper's and the page area's backgrounds)
    to the bottom of the last, over the height down to the page number line."""
    items = [(c["top"], c["bottom"]) for c in page.chars if c["text"].strip()]
    items += [(i["top"], i["bottom"]) for i in page.images]
    items += [(o["top"], o["bottom"]) for o in page.rects + page.lines + page.curves
              if o["bottom"] - o["top"] < 0.6 * float(page.height)]
    footer = max(top for top, _ in items)  # the page number line is the lowest text
    body = [(t, b) for t, b in items if t < footer - 1]
    if not body:
        return 0.0
    top = min(t for t, _ in body)
    return (max(b for _, b in body) - top) / (footer - top)
