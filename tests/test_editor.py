"""The offer editor's server (offerprint/editor): security, saving, checking as one types.

Driven through Starlette's TestClient; the browser tests are in test_editor_browser.py.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import os
import re
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx versions
    from starlette.testclient import TestClient

from click.testing import CliRunner

from offerprint.cli import main
from offerprint.editor.app import create_app
from offerprint.editor.draft import BACKUPS, Draft, EditorError, parse_field
from offerprint.load import load_offer
from offerprint.new import new_offer_yaml

from conftest import copy_example

TOKEN = "test-token-123"


def _client(folder: Path, **kwargs) -> TestClient:
    app = create_app(folder, hosts={"testserver"}, token=TOKEN, pack_folder=folder.parent / "pack",
                     today=lambda: dt.date(2026, 12, 4), **kwargs)
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def _csrf(client: TestClient) -> str:
    return client.app.state.editor.csrf


def _post(client: TestClient, path: str, data: dict, csrf: bool = True, **kwargs):
    body = dict(data)
    if csrf:
        body["csrf"] = _csrf(client)
    return client.post(f"{path}?token={TOKEN}", data=body, **kwargs)


@pytest.fixture
def oakfield(tmp_path: Path) -> Path:
    return copy_example("oakfield-primary", tmp_path)


@pytest.fixture
def client(oakfield: Path) -> TestClient:
    return _client(oakfield)


# --- security ---------------------------------------------------------------------------------------

def test_every_request_needs_the_token(client: TestClient):
    assert client.get("/").status_code == 403
    wrong = client.get("/?token=guess")
    assert wrong.status_code == 403
    assert TOKEN not in wrong.text and "missing its key" in wrong.text
    for path in ("/static/editor.js", "/picture/teacher", "/file/logo.png", "/pack/status", "/preview"):
        assert client.get(path + "?token=nope").status_code == 403, path
    ok = client.get(f"/?token={TOKEN}")
    assert ok.status_code == 200
    assert "Oakfield Primary School" in ok.text


def test_a_foreign_host_is_refused(client: TestClient):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1."""
    response = client.get(f"/?token={TOKEN}", headers={"Host": "evil.example:8123"})
    assert response.status_code == 400
    assert TOKEN not in response.text
    assert client.get(f"/?token={TOKEN}", headers={"Host": "testserver"}).status_code == 200


def test_changes_need_the_csrf_token(client: TestClient, oakfield: Path):
    before = (oakfield / "offer.yaml").read_bytes()
    for path in ("/save", "/check", "/change", "/undo", "/resolve", "/pack", "/translations/export", "/upload"):
        response = _post(client, path, {"setting.name": "Hacked"}, csrf=False)
        assert response.status_code == 403, path
        wrong = client.post(f"{path}?token={TOKEN}", data={"csrf": "old", "setting.name": "Hacked"})
        assert wrong.status_code == 403, path
    assert (oakfield / "offer.yaml").read_bytes() == before
    assert "Hacked" not in client.app.state.editor.draft.text()


def test_a_change_from_another_origin_is_refused(client: TestClient, oakfield: Path):
    before = (oakfield / "offer.yaml").read_bytes()
    response = _post(client, "/save", {"setting.name": "Hacked"}, headers={"Origin": "http://evil.example"})
    assert response.status_code == 403
    assert (oakfield / "offer.yaml").read_bytes() == before


def test_pages_forbid_requests_that_leave_the_machine(client: TestClient):
    response = client.get(f"/?token={TOKEN}")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "script-src 'self'" in csp
    assert response.headers["referrer-policy"] == "same-origin"  # the token never goes to another site
    # Nothing the page loads by itself comes from anywhere else.
    loaded = re.findall(r'<(?:script|link|img|iframe)[^>]* (?:src|href)="([^"]+)"', response.text)
    assert loaded and all(url.startswith(("/", "data:", "about:blank")) for url in loaded), loaded
    assert not re.search(r"(?i)<form[^>]* action=\"(https?:)?//", response.text)


@pytest.mark.parametrize("path", [
    "/file/../offer.yaml", "/file/%2e%2e/%2e%2e/etc/passwd", "/file/..%2f..%2fetc%2fpasswd",
    "/file//etc/passwd", "/file/offer.yaml", "/file/translations/ur.po", "/pack/file/../oakfield-primary/offer.yaml",
    "/pack/file/%2e%2e/oakfield-primary/logo.png", "/translations/..%2f..%2foffer.po", "/picture/..%2fpictures",
    "/static/..%2f..%2fpyproject.toml", "/static/page.html.j2",
])
def test_nothing_outside_the_offer_folder_can_be_read(client: TestClient, path: str):
    response = client.get(f"{path}?token={TOKEN}")
    assert response.status_code == 404
    assert b"setting:" not in response.content and b"root:" not in response.content


def test_a_link_out_of_the_folder_is_not_followed(client: TestClient, oakfield: Path, tmp_path: Path):
    secret = tmp_path / "secret.png"
    secret.write_bytes((oakfield / "logo.png").read_bytes())
    (oakfield / "inside.png").symlink_to(secret)
    assert client.get(f"/file/inside.png?token={TOKEN}").status_code == 404
    assert client.get(f"/file/logo.png?token={TOKEN}").status_code == 200


def test_a_file_outside_the_folder_cannot_be_named_in_the_offer(client: TestClient, oakfield: Path):
    before = (oakfield / "offer.yaml").read_bytes()
    response = _post(client, "/save", {"setting.logo.file": "../../../etc/passwd"})
    assert response.status_code == 422
    assert "is outside the offer folder" in response.text
    assert (oakfield / "offer.yaml").read_bytes() == before


def test_uploads_must_be_images_of_limited_size(client: TestClient, oakfield: Path):
    from PIL import Image

    fake = _post(client, "/upload", {"purpose": "photo"}, files={"file": ("evil.png", b"<script>alert(1)</script>")})
    assert fake.status_code == 415 and "not a picture" in fake.text
    svg = _post(client, "/upload", {"purpose": "photo"}, files={"file": ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")})
    assert svg.status_code == 415
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    assert _post(client, "/upload", {"purpose": "photo"}, files={"file": ("a.gif", gif.getvalue())}).status_code == 415
    big = _post(client, "/upload", {"purpose": "photo"}, files={"file": ("big.png", b"\x89PNG" + b"0" * (6 * 1024 * 1024))})
    assert big.status_code == 413
    good = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(good, "PNG")
    ok = _post(client, "/upload", {"purpose": "photo"}, files={"file": ("../../Our Hall!.png", good.getvalue())})
    assert ok.status_code == 303
    assert (oakfield / "photos" / "our-hall.png").read_bytes() == good.getvalue()
    again = _post(client, "/upload", {"purpose": "photo"}, files={"file": ("our hall.png", good.getvalue())})
    assert again.status_code == 303 and (oakfield / "photos" / "our-hall-2.png").is_file()  # nothing replaced
    assert not list(oakfield.parent.glob("*.png"))
    logo = _post(client, "/upload", {"purpose": "logo"}, files={"file": ("crest.png", good.getvalue())})
    assert logo.status_code == 303
    assert client.app.state.editor.draft.value(("setting", "logo", "file")) == "crest.png"


def test_the_server_listens_on_loopback_only(tmp_path: Path, monkeypatch):
    import offerprint.editor as editor

    seen = {}

    class FakeServer:
        def __init__(self, config):
            seen["app"] = config.app

        def run(self, sockets):
            seen["address"] = sockets[0].getsockname()

    import uvicorn

    monkeypatch.setattr(uvicorn, "Server", FakeServer)
    lines = []
    editor.run_editor(copy_example("oakfield-primary", tmp_path), open_browser=False, echo=lines.append)
    host, port = seen["address"]
    assert host == "127.0.0.1" and port > 0
    ed = seen["app"].state.editor
    assert ed.hosts == {f"127.0.0.1:{port}", f"localhost:{port}"}
    assert f"http://127.0.0.1:{port}/?token={ed.token}" in lines[0]
    assert len(ed.token) >= 32 and len(ed.csrf) >= 32


# --- checking as one types ------------------------------------------------------------------------

def test_check_runs_on_the_unsaved_text(client: TestClient, oakfield: Path):
    before = (oakfield / "offer.yaml").read_bytes()
    long_sentence = "We " + " ".join(["always"] * 30) + " help."
    data = _post(client, "/check", {"sections[1].answer": f"{long_sentence}\n\nWe use **bold** and a list:\n\n- one\n- two"}).json()
    assert (oakfield / "offer.yaml").read_bytes() == before  # nothing saved
    mine = [f for f in data["findings"] if f["field"] == "sections[1].answer"]
    assert any("a sentence has 32 words" in f["text"] and f["level"] == "warning" for f in mine), mine
    assert "<strong>bold</strong>" in data["previews"]["sections[1].answer"]
    assert "<li>one</li>" in data["previews"]["sections[1].answer"]
    assert "words a sentence on average" in data["notes"]["sections[1].answer"]
    assert [q["quality"] for q in data["summary"]] == ["Comprehensive", "Accessible", "Collaborative", "Transparent"]
    assert data["dirty"] is True
    # Put right, the finding goes.
    original = load_offer(oakfield).offer.sections[0].answer
    data = _post(client, "/check", {"sections[1].answer": original}).json()
    assert not [f for f in data["findings"] if f["field"] == "sections[1].answer"]


def test_checking_and_previewing_write_nothing_in_the_offer_folder(client: TestClient, oakfield: Path, monkeypatch):
    """A folder on a read-only share can still be checked and previewed: the draft is read in
    memory, never written beside offer.yaml first."""
    import tempfile

    real_mkstemp = tempfile.mkstemp

    def read_only(*args, **kwargs):
        if Path(kwargs.get("dir") or tempfile.gettempdir()).resolve() == oakfield.resolve():
            raise PermissionError(13, "Read-only file system")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    before = sorted(p.name for p in oakfield.rglob("*"))
    data = _post(client, "/check", {"sections[1].answer": "TODO"}).json()
    assert any(f["field"] == "sections[1].answer" for f in data["findings"])
    _post(client, "/check", {"sections[1].answer": "A new answer about our Zebra Club, written today."})
    response = client.get(f"/preview?token={TOKEN}&format=standard")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert sorted(p.name for p in oakfield.rglob("*")) == before


def test_findings_use_the_words_check_prints(client: TestClient, oakfield: Path):
    from offerprint.check import check_offer

    data = _post(client, "/check", {"sections[2].answer": "TODO"}).json()
    found = [f for f in data["findings"] if f["field"] == "sections[2].answer"]
    text = (oakfield / "offer.yaml").read_text(encoding="utf-8")
    (oakfield / "copy.yaml").write_text(text.replace(
        load_offer(oakfield).offer.sections[1].answer.splitlines()[0], "TODO", 1), encoding="utf-8")
    printed = [f for f in check_offer(load_offer(oakfield / "copy.yaml")).findings if f.field == "sections[2].answer"]
    assert printed and [f["text"] for f in found] == [f"{f.level.capitalize()}: {f.message} ({f.fix})" for f in printed]


def test_a_bad_value_gets_checks_message_and_is_never_written(client: TestClient, oakfield: Path):
    before = (oakfield / "offer.yaml").read_bytes()
    data = _post(client, "/check", {"setting.phone": "call us", "offer.published": "2026-02-30",
                                    "setting.kind": "primry"}).json()
    by_field = {f["field"]: f["text"] for f in data["findings"]}
    assert by_field["setting.phone"] == "Error: is not a phone number (write it with digits and spaces, for example 0161 496 0123)"
    assert "not a date" in by_field["offer.published"] or "not a real date" in by_field["offer.published"]
    assert "did you mean 'primary'?" in by_field["setting.kind"]
    assert data["valid"] is False and "mistakes to put right" in data["headline"]
    response = _post(client, "/save", {"setting.phone": "call us"})
    assert response.status_code == 422
    assert "nothing was saved" in response.text.lower() and "is not a phone number" in response.text
    assert (oakfield / "offer.yaml").read_bytes() == before
    assert not list(oakfield.glob(".*.part"))  # no temporary file left behind


def test_text_that_looks_like_something_else_stays_text(tmp_path: Path):
    folder = copy_example("oakfield-primary", tmp_path)
    draft = Draft(folder)
    draft.apply_form({"offer.version": ["2027"], "sections[10].timescales[1].when": ["9:30"],
                      "sections[1].easy_read[1].picture": ["yes"], "setting.senco.phone": ["01614960124"]})
    import yaml

    data = yaml.safe_load(draft.text())  # read as offerprint reads it (YAML 1.1)
    assert data["offer"]["version"] == "2027"
    assert data["sections"][9]["timescales"][0]["when"] == "9:30"  # not 570 (minutes)
    assert data["setting"]["senco"]["phone"] == "01614960124"  # not a number without its 0
    assert data["sections"][0]["easy_read"][0]["picture"] == "yes"


def test_the_review_date_warns_when_near(oakfield: Path):
    client = _client(oakfield)
    client.app.state.editor.today = lambda: dt.date(2027, 8, 1)
    data = _post(client, "/check", {}).json()
    assert "must be reviewed by 01 September 2027, in 31 days" in data["review"]
    client.app.state.editor.today = lambda: dt.date(2026, 12, 4)
    assert _post(client, "/check", {}).json()["review"] == ""


# --- saving -------------------------------------------------------------------------------------------

def test_saving_keeps_comments_order_and_layout(tmp_path: Path):
    folder = tmp_path / "new"
    folder.mkdir()
    original = new_offer_yaml("se7-parent", "primary", "Test School", today=dt.date(2026, 12, 1))
    (folder / "offer.yaml").write_text(original, encoding="utf-8")
    client = _client(folder)
    answer = "We know every child well.\n\nWe talk to you **first**."
    response = _post(client, "/save", {"sections[1].answer": answer, "setting.phone": "0161 496 0001"})
    assert response.status_code == 303
    saved = (folder / "offer.yaml").read_text(encoding="utf-8")
    changed = [line for line in saved.splitlines() if line not in original.splitlines()]
    removed = [line for line in original.splitlines() if line not in saved.splitlines()]
    assert changed == ["  phone: 0161 496 0001", "      We know every child well.", "      We talk to you **first**."]
    assert removed == ["  phone: TODO"]  # the first answer's TODO line is the same text as others
    assert [l for l in saved.splitlines() if l.lstrip().startswith("#")] == \
        [l for l in original.splitlines() if l.lstrip().startswith("#")]
    assert load_offer(folder).offer.sections[0].answer == answer + "\n"
    # The previous version is kept, and the save can be undone.
    backups = sorted((folder / BACKUPS).glob("offer-*.yaml"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == original
    assert _post(client, "/undo", {}).status_code == 303
    assert (folder / "offer.yaml").read_text(encoding="utf-8") == original


def test_every_example_round_trips_unchanged(tmp_path: Path):
    for name in ("oakfield-primary", "brinnington-high", "little-acorns-nursery"):
        folder = copy_example(name, tmp_path)
        before = (folder / "offer.yaml").read_bytes()
        draft = Draft(folder)
        draft.apply_form({"setting.name": [load_offer(folder).offer.setting.name]})
        assert not draft.dirty
        assert draft.save().saved
        assert (folder / "offer.yaml").read_bytes() == before


def test_a_change_on_disk_is_never_overwritten_silently(client: TestClient, oakfield: Path):
    source = oakfield / "offer.yaml"
    theirs = source.read_text(encoding="utf-8").replace("version: \"2026.1\"", "version: \"2026.9\"")
    source.write_text(theirs, encoding="utf-8")  # someone else saves meanwhile
    assert _post(client, "/check", {}).json()["disk_changed"] is True
    response = _post(client, "/save", {"setting.name": "Oakfield Primary"})
    assert response.status_code == 409
    assert "changed by someone else" in response.text
    assert "2026.9" in response.text and "Oakfield Primary" in response.text  # both versions shown
    assert source.read_text(encoding="utf-8") == theirs
    # Choosing mine keeps theirs as a backup.
    assert _post(client, "/resolve", {"keep": "mine"}).status_code == 303
    assert "name: Oakfield Primary\n" in source.read_text(encoding="utf-8")
    assert any(b.read_text(encoding="utf-8") == theirs for b in (oakfield / BACKUPS).glob("*.yaml"))


def test_a_change_on_disk_is_shown_when_nothing_is_unsaved(client: TestClient, oakfield: Path):
    source = oakfield / "offer.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("version: \"2026.1\"", "version: \"2026.9\""),
                      encoding="utf-8")
    page = client.get(f"/?token={TOKEN}").text
    assert "changed outside the editor" in page and 'value="2026.9"' in page
    assert _post(client, "/save", {"setting.name": "Oakfield"}).status_code == 303  # no conflict now


def test_taking_the_version_on_disk_keeps_mine_as_a_backup(client: TestClient, oakfield: Path):
    source = oakfield / "offer.yaml"
    theirs = source.read_text(encoding="utf-8").replace("version: \"2026.1\"", "version: \"2026.9\"")
    source.write_text(theirs, encoding="utf-8")
    assert _post(client, "/save", {"setting.name": "Mine"}).status_code == 409
    assert _post(client, "/resolve", {"keep": "theirs"}).status_code == 303
    assert source.read_text(encoding="utf-8") == theirs
    assert "2026.9" in client.app.state.editor.draft.text()
    assert any("name: Mine" in b.read_text(encoding="utf-8") for b in (oakfield / BACKUPS).glob("*-not-saved.yaml"))


def test_undo_of_the_last_saves(client: TestClient, oakfield: Path):
    source = oakfield / "offer.yaml"
    first = source.read_text(encoding="utf-8")
    assert _post(client, "/save", {"setting.name": "Second"}).status_code == 303
    second = source.read_text(encoding="utf-8")
    assert _post(client, "/save", {"setting.name": "Third"}).status_code == 303
    assert _post(client, "/undo", {}).status_code == 303
    assert source.read_text(encoding="utf-8") == second
    assert _post(client, "/undo", {}).status_code == 303
    assert source.read_text(encoding="utf-8") == first
    assert _post(client, "/undo", {}).status_code == 303
    assert "no save to undo" in client.get(f"/?token={TOKEN}").text


# --- questions of one's own, and the other lists ------------------------------------------------------

def test_own_questions_add_reorder_cover_and_remove(client: TestClient, oakfield: Path):
    count = len(load_offer(oakfield).offer.sections)
    response = _post(client, "/change", {"op": "add:sections"})
    assert response.status_code == 303 and response.headers["location"].endswith(f"#f-sections-{count + 1}")
    name = f"sections[{count + 1}]"
    data = _post(client, "/check", {f"{name}.question": "How do you find out what parents think?",
                                    f"{name}.covers": ["", "7"], f"{name}.answer": "We ask every parent."}).json()
    assert data["valid"], data["findings"]
    _post(client, "/change", {"op": f"up:{name}"})
    assert _post(client, "/save", {}).status_code == 303
    sections = load_offer(oakfield).offer.sections
    assert sections[count - 1].id == "our-question-1" and sections[count - 1].covers == ["7"]
    page = client.get(f"/?token={TOKEN}").text
    assert "Remove question" in page and "A question of your own." in page
    _post(client, "/change", {"op": f"remove:sections[{count}]"})
    assert _post(client, "/save", {}).status_code == 303
    assert len(load_offer(oakfield).offer.sections) == count


def test_easy_read_sentences_and_pictures(client: TestClient, oakfield: Path):
    _post(client, "/change", {"op": "add:sections[1].easy_read"})
    draft = client.app.state.editor.draft
    items = draft.value(("sections", 0, "easy_read"))
    n = len(items)
    data = _post(client, "/check", {f"sections[1].easy_read[{n}].text": "We can't wait.",
                                    f"sections[1].easy_read[{n}].picture": "techer"}).json()
    texts = {f["field"]: f["text"] for f in data["findings"]}
    assert "'techer' is not a picture in the library (did you mean 'teacher'?)" in texts[f"sections[1].easy_read[{n}].picture"]
    data = _post(client, "/check", {f"sections[1].easy_read[{n}].picture": "teacher"}).json()
    texts = {f["field"]: f["text"] for f in data["findings"]}
    assert "'can't' is a contraction" in texts[f"sections[1].easy_read[{n}].text"]
    assert client.get(f"/picture/teacher?token={TOKEN}").headers["content-type"].startswith("image/svg+xml")
    _post(client, "/change", {"op": f"remove:sections[1].easy_read[{n}]"})
    assert len(draft.value(("sections", 0, "easy_read"))) == n - 1


def test_field_names_are_checked(tmp_path: Path):
    assert parse_field("sections[3].easy_read[2].text") == ("sections", 2, "easy_read", 1, "text")
    for bad in ("__class__", "sections[0].answer", "sections[1]..answer", "os.system", "sections[1]answer"):
        with pytest.raises(EditorError):
            parse_field(bad)


# --- preview and translations ---------------------------------------------------------------------------

def test_preview_renders_the_unsaved_draft(client: TestClient):
    _post(client, "/check", {"sections[1].answer": "A brand new answer about Zebras."})
    response = client.get(f"/preview?token={TOKEN}&format=standard")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert b"%PDF" not in client.get(f"/preview?token={TOKEN}&format=../../x").content
    _post(client, "/check", {"setting.phone": "call us"})
    refused = client.get(f"/preview?token={TOKEN}&format=easy-read")
    assert refused.status_code == 422 and "is not a phone number" in refused.text
    assert ".part" not in refused.text and "offer.yaml" in refused.text  # named as the person knows it


def test_translation_status_and_export(tmp_path: Path):
    folder = copy_example("oakfield-primary", tmp_path, translations=True)
    client = _client(folder)
    page = client.get(f"/?token={TOKEN}").text
    assert re.search(r"<th scope=\"row\">ur \(Urdu\)</th><td>\d+ of \d+</td>", page)
    response = _post(client, "/translations/export", {"lang": "so"})
    assert response.status_code == 303
    assert (folder / "translations" / "so.po").is_file()
    po = client.get(f"/translations/so.po?token={TOKEN}")
    assert po.status_code == 200 and b"msgid" in po.content
    assert _post(client, "/translations/export", {"lang": "../../x"}).status_code == 400


def test_the_page_has_labels_landmarks_and_live_regions(client: TestClient):
    page = client.get(f"/?token={TOKEN}").text
    assert '<main id="main"' in page and "<nav aria-label=" in page and "<header" in page
    assert 'id="headline" class="headline" role="status" aria-live="polite"' in page
    ids = set(re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', page))
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    assert ids and ids <= labelled, ids - labelled
    assert page.count('class="findings"') > 100  # a place for findings next to every field


# --- the print pack and the command ---------------------------------------------------------------

def test_the_pack_is_made_from_the_saved_offer_only(client: TestClient, oakfield: Path):
    _post(client, "/check", {"setting.name": "Not saved yet"})
    response = _post(client, "/pack", {"sizes": "18,24"})
    assert response.status_code == 400 and "Save the offer first" in response.text
    assert _post(client, "/save", {}).status_code == 303
    response = _post(client, "/pack", {"sizes": "18; rm -rf /"})
    assert response.status_code == 400 and "point sizes separated by commas" in response.text
    assert not (oakfield.parent / "pack").exists()


def test_edit_command(run, tmp_path: Path):
    result = run("edit", "--help")
    assert result.exit_code == 0 and "--no-browser" in result.output and "--port" in result.output
    result = CliRunner().invoke(main, ["edit", str(tmp_path / "nowhere"), "--no-browser"])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "offer.yaml").write_text("setting: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["edit", str(tmp_path / "broken"), "--no-browser"])
    assert result.exit_code == 2 and "offer.yaml:2:1: " in result.output  # the loader's own message


def test_an_offer_with_mistakes_still_opens(tmp_path: Path):
    folder = copy_example("oakfield-primary", tmp_path)
    source = folder / "offer.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("kind: primary", "kind: primry", 1), encoding="utf-8")
    client = _client(folder)
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200
    assert "did you mean &#39;primary&#39;?" in page.text or "did you mean 'primary'?" in page.text
    assert _post(client, "/save", {"setting.kind": "primary"}).status_code == 303
    assert load_offer(folder).offer.setting.kind == "primary"


def test_a_new_key_goes_before_the_blank_line_and_comments_that_end_a_block(tmp_path: Path):
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "offer.yaml").write_text(new_offer_yaml("se7-parent", "special", "Test School"), encoding="utf-8")
    draft = Draft(folder)
    draft.apply_form({"offer.feedback_address": ["The office\nTest Road"], "sections[1].covers": ["7"],
                      "sen_definition": ["Our own words."]})
    text = draft.text()
    assert "      TODO\n  feedback_address: |\n    The office\n    Test Road\n\nsections:\n" in text
    assert "    covers: ['7']\n\n  - id: staff-support\n" in text
    assert "sen_definition: Our own words.\n\n# How parents" in text
    assert draft.save().saved


def test_photos_printed_with_an_answer(client: TestClient, oakfield: Path):
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(image, "JPEG")
    assert _post(client, "/upload", {"purpose": "photo"}, files={"file": ("hall.jpg", image.getvalue())}).status_code == 303
    assert _post(client, "/change", {"op": "add:sections[1].pictures"}).status_code == 303
    data = _post(client, "/check", {}).json()
    assert any(f["field"] == "sections[1].pictures[1].file" and "'TODO' does not exist" in f["text"] for f in data["findings"])
    data = _post(client, "/check", {"sections[1].pictures[1].file": "photos/hall.jpg",
                                    "sections[1].pictures[1].alt": "Our hall with the lunch tables",
                                    "sections[1].pictures[1].decorative": ["false", "true"]}).json()
    assert data["valid"], data["findings"]
    assert _post(client, "/save", {}).status_code == 303
    picture = load_offer(oakfield).offer.sections[0].pictures[0]
    assert (picture.file, picture.decorative) == ("photos/hall.jpg", True)
    assert _post(client, "/save", {"sections[1].pictures[1].decorative": "false"}).status_code == 303
    assert "decorative" not in (oakfield / "offer.yaml").read_text(encoding="utf-8")
    assert 'id="f-sections-1-pictures-1-decorative"' in client.get(f"/?token={TOKEN}").text


def test_a_new_offer_can_be_finished_without_opening_the_file(tmp_path: Path):
    """Every TODO that `offerprint new` writes has a box on the page, and filling them in
    there gives an offer that check passes."""
    from offerprint.check import check_offer
    from offerprint.load import field_name

    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "offer.yaml").write_text(new_offer_yaml("se7-parent", "primary", "Test School"), encoding="utf-8")
    client = _client(folder)
    draft = client.app.state.editor.draft
    page = client.get(f"/?token={TOKEN}").text

    def todos(node, path=()):
        if isinstance(node, str) and "TODO" in node:
            yield path
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from todos(value, path + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from todos(value, path + (i,))

    answer = ("We get to know every child well and we talk with you often about how your child is doing. "
              "Our teachers plan lessons so that every child can take part, and we tell you who to ask "
              "and how you can join in at every step.")
    values = {}
    for path in todos(draft.data):
        name = field_name(path)
        assert f'name="{name}"' in page, f"no box on the page for {name}"
        leaf = path[-1]
        values[name] = {"phone": "0161 496 0000", "email": "office@test.example.org",
                        "website": "https://test.example.org", "name": "Mrs Test",
                        "address": "1 Test Road\nStockport\nSK1 1AA", "text": "We help your child.",
                        "when": "Summer term", "what": "We visit the new school with your child."}.get(
            leaf, answer + f" This part is about {name.replace('_', ' ').replace('.', ' ')}.")
        if path[0] == "sections" and leaf == "answer":
            values[name] = answer + f" This answer is about {draft.data['sections'][path[1]]['id'].replace('-', ' ')}."
    values["co_production"] = ("Parents and carers read the first draft at our coffee morning and told us what was "
                               "missing. Children from our school council told us what helps them in class, and we "
                               "changed the offer after listening to them.")
    assert _post(client, "/save", values).status_code == 303
    report = check_offer(load_offer(folder), today=dt.date.today())
    assert not report.errors, "\n".join(str(f) for f in report.errors)


def test_make_the_print_pack(client: TestClient, oakfield: Path):
    import time

    client.app.state.editor.pack_formats = ["text"]  # the quickest format: the other formats have their own tests
    assert _post(client, "/pack", {"sizes": "18"}).status_code == 303
    assert _post(client, "/pack", {"sizes": "18"}).status_code in (303, 409)  # never two at once
    for _ in range(600):
        status = client.get(f"/pack/status?token={TOKEN}").json()
        if status["finished"]:
            break
        time.sleep(0.2)
    assert status["finished"] and status["ok"], status
    assert status["done"] == status["total"] == 1
    names = [f["name"] for f in status["files"]]
    assert names == ["README.txt", "oakfield-primary-school/en-GB/plain-text.txt"]
    text = client.get(status["files"][1]["url"])
    assert text.status_code == 200 and "Oakfield Primary School" in text.text
    assert (oakfield.parent / "pack" / "README.txt").is_file()


def test_messages_a_picture_with_too_many_pixels(client: TestClient, oakfield: Path):
    """#24 point 12: a 20000 x 20000 PNG is refused as too many pixels, not as "not a picture"."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    answer = _post(client, "/upload", {"purpose": "photo"}, files={"file": ("huge.png", png)})
    assert answer.status_code == 413 and "too many pixels" in answer.text and "not a picture" not in answer.text



def test_the_editor_killed_while_the_pack_runs(tmp_path):
    """#24 point 3: the editor's pack process (and so its workers) ends when the editor is
    killed (SIGKILL), instead of living on and writing files. A stand-in editor starts the pack
    process as the editor does (spawn, its own pid given); the pack process is made to wait."""
    import os
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "pack.pid"
    script = f"""
import multiprocessing, os, sys, time
from pathlib import Path

def pack(editor_pid):
    from offerprint.lifetime import end_with_parent
    end_with_parent(editor_pid)
    Path({str(marker)!r}).write_text(str(os.getpid()))
    time.sleep(60)
    Path({str(marker)!r} + ".late").write_text("written after the editor died")

if __name__ == "__main__":
    process = multiprocessing.get_context("spawn").Process(target=pack, args=(os.getpid(),))
    process.start()
    time.sleep(60)
"""
    editor_file = tmp_path / "editor.py"  # spawn imports the parent's main module from its file
    editor_file.write_text(script, encoding="utf-8")
    editor = subprocess.Popen([sys.executable, str(editor_file)])
    try:
        for _ in range(300):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.1)
        pack_pid = int(marker.read_text())
        editor.send_signal(signal.SIGKILL)
        editor.wait(timeout=10)
        for _ in range(100):
            try:
                os.kill(pack_pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            os.kill(pack_pid, signal.SIGKILL)
            raise AssertionError("the pack process lived on after the editor was killed")
    finally:
        if editor.poll() is None:
            editor.kill()
    assert not (tmp_path / "pack.pid.late").exists()
    from offerprint.editor import jobs
    import inspect
    assert "end_with_parent(editor_pid)" in inspect.getsource(jobs._pack_worker)  # the editor's pack uses it


def _save_in_a_process(folder: str, value: str, barrier, results) -> None:
    draft = Draft(folder)
    draft.apply_form({"setting.phone": [value]})
    barrier.wait()
    results.put((value, draft.save().saved))


def test_two_editors_saving_at_once(tmp_path: Path):
    """#24 point 2: two editors (two processes) save the same offer at the same moment, 12 times:
    each time exactly one says "Saved" and the file holds that one's change; the other is told
    the file changed (nothing overwritten silently)."""
    import multiprocessing

    folder = copy_example("oakfield-primary", tmp_path)
    context = multiprocessing.get_context("fork")
    for round_ in range(12):
        barrier, results = context.Barrier(2), context.Queue()
        values = [f"0161 496 {1000 + 2 * round_}", f"0161 496 {1001 + 2 * round_}"]
        processes = [context.Process(target=_save_in_a_process, args=(str(folder), v, barrier, results))
                     for v in values]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=60)
        outcome = dict(results.get(timeout=10) for _ in processes)
        saved = [v for v, ok in outcome.items() if ok]
        assert len(saved) == 1, (round_, outcome)
        assert f"phone: {saved[0]}" in (folder / "offer.yaml").read_text(encoding="utf-8")


def test_request_size_counted_as_it_streams(client: TestClient, oakfield: Path):
    """#24 point 4: a chunked upload (no Content-Length) is counted as it arrives and refused once
    past the limit: the server stops reading (it took in 600 MB before, 133 -> 725 MB of memory)."""
    import asyncio

    from offerprint.editor.app import MAX_FORM, MAX_UPLOAD, BodyLimit, Refused

    chunks = 0

    async def receive():  # a client sending 1 MB chunks for ever
        nonlocal chunks
        chunks += 1
        return {"type": "http.request", "body": b"0" * (1024 * 1024), "more_body": True}

    async def app(scope, receive, send):  # reads the whole body, as form parsing does
        while (await receive()).get("more_body"):
            pass

    with pytest.raises(Refused) as refused:
        asyncio.run(BodyLimit(app, MAX_FORM + MAX_UPLOAD)({"type": "http"}, receive, None))
    assert refused.value.status == 413
    assert chunks * 1024 * 1024 <= MAX_FORM + MAX_UPLOAD + 1024 * 1024, f"{chunks} MB read"

    def body():  # and through the editor itself: refused with the page's words
        yield (b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\n"
               b"Content-Type: image/png\r\n\r\n")
        for _ in range(20):
            yield b"0" * (1024 * 1024)

    answer = client.post(f"/upload?token={TOKEN}", content=body(),
                         headers={"content-type": "multipart/form-data; boundary=x", "x-csrf-token": _csrf(client)})
    assert answer.status_code == 413 and "too much to send" in answer.text


def test_symlinks_inside_the_offer_folder_are_not_followed_out_of_it(tmp_path: Path):
    """#24 point 1: a translation linked to a file outside, photos/ and .offer-backups/ linked to
    folders outside: nothing outside is read, written or deleted, and each says why."""
    from click.testing import CliRunner
    from PIL import Image

    from offerprint.cli import main

    folder = copy_example("oakfield-primary", tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "translations").mkdir(exist_ok=True)
    (folder / "translations" / "pl.po").unlink(missing_ok=True)
    (folder / "translations" / "pl.po").symlink_to(secret)
    for args in (["check", str(folder)], ["translate", "status", str(folder)]):
        out = CliRunner().invoke(main, args)
        assert "root:x" not in out.output and "is a link to a file outside the offer's folder" in out.output, out.output
    (folder / "translations" / "pl.po").unlink()

    photos = outside / "photos"
    photos.mkdir()
    shutil.rmtree(folder / "photos", ignore_errors=True)
    (folder / "photos").symlink_to(photos, target_is_directory=True)
    backups = outside / "backups"
    backups.mkdir()
    kept = [backups / f"offer-2020-01-0{i}-000000-000000.yaml" for i in range(1, 8)]
    for path in kept:
        path.write_text("someone else's file\n")
    shutil.rmtree(folder / ".offer-backups", ignore_errors=True)
    (folder / ".offer-backups").symlink_to(backups, target_is_directory=True)
    client = _client(folder)
    good = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(good, "PNG")
    upload = _post(client, "/upload", {"purpose": "photo"}, files={"file": ("hall.png", good.getvalue())})
    assert upload.status_code == 409 and "link to a folder outside" in upload.text
    assert list(photos.iterdir()) == []
    draft = Draft(folder)
    draft.apply_form({"setting.phone": ["0161 496 0999"]})
    result = draft.save()
    assert not result.saved and ".offer-backups folder is a link" in result.message
    assert sorted(backups.iterdir()) == sorted(kept)  # nothing written there, nothing pruned
