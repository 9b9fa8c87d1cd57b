"""offerprint/paths.py: the one rule for "is this file inside that folder?" (issue 23.5), and
each place that reads a named file keeps to it with its own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from offerprint.paths import inside, inside_any


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "offer"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "hall.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.txt").write_text("not the offer's")
    return folder


def test_a_file_inside_is_found_resolved(root: Path):
    assert inside(root, "photos/hall.png") == (root / "photos" / "hall.png").resolve()
    assert inside(root, "photos/../photos/hall.png") == (root / "photos" / "hall.png").resolve()
    assert inside(root, "") == root.resolve() and inside(root, ".") == root.resolve()  # root: never a file


@pytest.mark.parametrize("name", ["../secret.txt", "photos/../../secret.txt", "/etc/passwd", "\\\\server\\share",
                                  "C:secret.txt", "c:\\secret.txt", "file:///etc/passwd", "photos/\x00hall.png"])
def test_names_that_leave_the_folder_are_refused(root: Path, name: str):
    assert inside(root, name) is None


def test_a_symbolic_link_pointing_out_is_refused(root: Path, tmp_path: Path):
    (root / "photos" / "link.png").symlink_to(tmp_path / "secret.txt")
    (root / "outside").symlink_to(tmp_path)
    assert inside(root, "photos/link.png") is None
    assert inside(root, "outside/secret.txt") is None
    (root / "photos" / "inner.png").symlink_to(root / "photos" / "hall.png")  # a link that stays inside is fine
    assert inside(root, "photos/inner.png") == (root / "photos" / "hall.png").resolve()


def test_a_loop_of_links_is_refused_not_raised(root: Path):
    (root / "a").symlink_to(root / "b")
    (root / "b").symlink_to(root / "a")
    assert inside(root, "a") is None or not inside(root, "a").is_file()


def test_a_root_reached_through_a_link_still_holds(tmp_path: Path, root: Path):
    (tmp_path / "alias").symlink_to(root)
    assert inside(tmp_path / "alias", "photos/hall.png") == (root / "photos" / "hall.png").resolve()
    assert inside(tmp_path / "alias", "../secret.txt") is None


def test_absolute_paths_offerprint_made_itself(root: Path, tmp_path: Path):
    hall = root / "photos" / "hall.png"
    assert inside(root, hall) is None  # a name a person wrote is relative
    assert inside(root, hall, relative=False) == hall.resolve()
    assert inside(root, tmp_path / "secret.txt", relative=False) is None
    assert inside(root, root / ".." / "secret.txt", relative=False) is None
    other = tmp_path / "pictures"
    other.mkdir()
    (other / "book.svg").write_text("<svg/>")
    assert inside_any([root, other], other / "book.svg") == (other / "book.svg").resolve()
    assert inside_any([root, other], tmp_path / "secret.txt") is None


def test_every_caller_uses_the_one_rule():
    """load (pictures named in offer.yaml), document and easy read, the editor's files, the web
    page's pictures and WeasyPrint's fetcher: no containment check of their own."""
    package = Path(__file__).resolve().parent.parent / "offerprint"
    own_checks = []
    for path in package.rglob("*.py"):
        if path.name == "paths.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "in candidate.parents" in text or "in path.parents for root" in text or "def _inside" in text:
            own_checks.append(str(path.relative_to(package)))
    assert own_checks == []
    for module in ("load.py", "document.py", "easy_read.py", "editor/app.py", "render/web.py", "render/fetch.py"):
        assert "from ..paths import" in (package / module).read_text() or \
            "from .paths import" in (package / module).read_text(), module


def test_a_picture_linked_from_outside_is_refused_in_the_offers_words(tmp_path: Path):
    """offer.yaml names logo.png, a symbolic link to a file outside the folder: load says so in
    its own words, as for ../ (tests/test_load.py)."""
    from conftest import valid_offer_text

    from offerprint.errors import OfferInputError
    from offerprint.load import load_offer

    folder = tmp_path / "o"
    folder.mkdir()
    (tmp_path / "elsewhere.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "logo.png").symlink_to(tmp_path / "elsewhere.png")
    (folder / "offer.yaml").write_text(valid_offer_text().replace(
        "  website: https://testfield.example.org\n",
        "  website: https://testfield.example.org\n  logo: {file: logo.png, alt: Our logo}\n", 1))
    with pytest.raises(OfferInputError, match=r"setting\.logo\.file: 'logo\.png' is outside the offer folder"):
        load_offer(folder)
