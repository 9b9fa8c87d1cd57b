"""The editor's web application (Starlette): pages and the small JSON answers its script asks for.

Security, because a page in a browser can be reached by any other page the person opens:
only 127.0.0.1 is listened on; every request must carry the random token that was printed
with the address; a Host header that is not the server's own is refused (DNS rebinding);
every change carries a CSRF token; files are read and written only inside the offer folder
(and the pack folder the editor chose); uploads must be PNG or JPEG images of limited size;
the page's Content-Security-Policy lets nothing be fetched from anywhere else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import mimetypes
import re
import secrets
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import OfferprintError
from ..formats import FORMATS
from ..load import field_name, load_offer
from ..model import SETTING_KINDS
from ..paths import inside
from ..picture_library import library
from ..questions import S69, SCHEDULE_1, get_question_set, question_sets, question_text
from ..resources import shipped
# The app's parts, by concern; their names stay importable from here: the state it serves
# (state), what the page shows about the draft (analysis), uploaded pictures (uploads), the
# print pack made in the background (jobs).
from .analysis import REVIEW_WARNING_DAYS, analysis, answer_notes  # noqa: F401
from .draft import BACKUPS, MARKDOWN, MULTILINE, Draft, EditorError, diff, parse_field, plain_value
from .jobs import start_pack, stop_pack
from .state import Editor, PackRun  # noqa: F401
from .uploads import MAX_UPLOAD, MAX_UPLOAD_PIXELS, store_image  # noqa: F401

TEMPLATES = shipped("templates") / "editor"  # inside the wheel, or the project's top-level folder
STATIC = {"editor.js": "text/javascript; charset=utf-8", "editor.css": "text/css; charset=utf-8"}
MAX_FORM = 4 * 1024 * 1024
# The formats the page previews (offerprint.formats: preview), with their words.
PREVIEW_FORMATS = {f.name: f.label for f in FORMATS.values() if f.preview}

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-src 'self'; base-uri 'none'; frame-ancestors 'self'")


# --- helpers -------------------------------------------------------------------------------------

def _jinja() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["field"] = field_name
    return env


_ENV = _jinja()


def _headers(page: bool = True) -> dict[str, str]:
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
               "Cross-Origin-Resource-Policy": "same-origin"}
    if page:
        headers["Content-Security-Policy"] = CSP
    return headers


class Refused(EditorError):
    """A request that did not come from the editor's own page: answered without a link back
    (it would carry the token to whoever asked)."""

    kind = "refused"

    def __init__(self, status: int, message: str):
        super().__init__(message, status)


def _guard(ed: Editor, request: Request) -> None:
    """Refuse a request that does not come from the page this server gave out."""
    host = request.headers.get("host", "")
    if host not in ed.hosts:
        raise Refused(400, f"This server only answers to {' or '.join(sorted(ed.hosts))}.")
    if not secrets.compare_digest(request.query_params.get("token", ""), ed.token):
        raise Refused(403, "This address is missing its key. Use the address offerprint edit printed.")


class BodyLimit:
    """Every request body counted as it streams in, chunked ones included (Content-Length is
    only what the sender says): past ``limit`` bytes the request is refused, nothing more read."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise Refused(413, "That is too much to send at once.")
            return message

        await self.app(scope, counted, send)


async def _form(ed: Editor, request: Request) -> dict[str, list[str]]:
    """The posted form, after checking it came from our own page (CSRF token, Origin)."""
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1] not in ed.hosts:
        raise Refused(403, "Changes are accepted only from the editor's own page.")
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_FORM + MAX_UPLOAD:
        raise Refused(413, "That is too much to send at once.")
    form = await request.form(max_files=1, max_fields=5000, max_part_size=MAX_FORM)
    sent = form.get("csrf") or request.headers.get("x-csrf-token") or ""
    if not isinstance(sent, str) or not secrets.compare_digest(sent, ed.csrf):
        raise Refused(403, "This change did not come from the editor's page (its form key is missing or old). "
                           "Reload the page and try again.")
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(key, []).append(value)
    request.state.form = form
    return fields


def _url(ed: Editor, path: str, **params: Any) -> str:
    from urllib.parse import urlencode

    query = urlencode({"token": ed.token, **{k: v for k, v in params.items() if v is not None}})
    return f"{path}?{query}"


def _see(ed: Editor, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(_url(ed, "/") + (f"#{anchor}" if anchor else ""), status_code=303, headers=_headers(False))


def field_id(name: str) -> str:
    """An HTML id for a field name: 'sections[3].answer' -> 'f-sections-3-answer'."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")


# --- the page (what it shows about the draft: see analysis) --------------------------------------

def _json_analysis(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "loaded"}


def _photos(folder: Path) -> list[str]:
    """Image files in the offer folder (for the picture picker and the logo)."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file() or inside(folder, rel) is None:
            continue  # hidden, not a file, or a link to a picture elsewhere (never offered, never served)
        if path.suffix.lower() in {".png", ".jpg", ".jpeg"} and len(found) < 500:
            found.append(rel.as_posix())
    return found


def _sections_view(ed: Editor) -> list[dict]:
    draft = ed.draft
    set_id = str(draft.value(("offer", "questions")) or "")
    kind = str(draft.value(("setting", "kind")) or "")
    qset = get_question_set(set_id)
    out = []
    for i, raw in enumerate(draft.value(("sections",)) or []):
        raw = raw if isinstance(raw, dict) else {}
        sid = str(raw.get("id") or "")
        asked = qset.question(sid) if qset else None

        class _S:  # what question_text needs
            id = sid
            question = str(raw.get("question") or "") or None

        out.append({
            "index": i, "name": field_name(("sections", i)), "id": sid, "own": asked is None,
            "heading": question_text(set_id, _S, kind) if set_id else sid,
            "set_wording": question_text(set_id, type("_Q", (), {"id": sid, "question": None}), kind) if asked else "",
            "prompts": [_tailor(p, kind) for p in asked.prompts] if asked else [],
            "raw": raw,
        })
    return out


def _tailor(text: str, kind: str) -> str:
    from ..questions import tailor_wording

    return tailor_wording(text, kind) if kind else text


def _page(ed: Editor, status: int = 200, data: dict | None = None) -> HTMLResponse:
    draft = ed.draft
    data = data or analysis(ed)
    by_field: dict[str, list[dict]] = {}
    for f in data["findings"]:
        by_field.setdefault(f["field"], []).append(f)
    statuses, status_problem = [], ""
    if data["loaded"] is not None:
        from ..translate import translation_status

        try:
            statuses = translation_status(data["loaded"])
        except OfferprintError as exc:
            status_problem = str(exc)
    flash, ed.flash = ed.flash, []
    template = _ENV.get_template("page.html.j2")
    html = template.render(
        d=draft.data, v=draft.value, draft=draft, a=data, by_field=by_field, sections=_sections_view(ed),
        url=lambda path, **p: _url(ed, path, **p), csrf=ed.csrf, fid=field_id, flash=flash,
        kinds=SETTING_KINDS, sets=question_sets(), schedule1=SCHEDULE_1, s69=S69, multiline=MULTILINE,
        markdown=MARKDOWN, pictures=library(), photos=_photos(draft.folder), statuses=statuses,
        status_problem=status_problem, formats=PREVIEW_FORMATS, pack=ed.pack, backups=BACKUPS,
        can_undo=bool(draft.undo_stack), name=draft.name, pack_folder=str(ed.pack_folder),
        today=ed.today(), token=ed.token, name_path=parse_field, plain=plain_value,
        plain_list=lambda items: [str(i) for i in items or []],
        pack_formats=_pack_formats(), language_name=_language_name,
        initial_json=Markup(json.dumps(_json_analysis(data)).replace("<", "\\u003c")),
    )
    return HTMLResponse(html, status_code=status, headers=_headers())


def _pack_formats() -> str:
    from ..pack import default_formats

    return ", ".join(FORMATS[f].label.lower() for f in default_formats())


def _language_name(tag: str) -> str:
    from ..translate import language

    try:
        return language(tag)[1].get_display_name("en")
    except OfferprintError:
        return ""


def _message_page(ed: Editor | None, status: int, message: str) -> HTMLResponse:
    html = _ENV.get_template("message.html.j2").render(message=message,
                                                       back=_url(ed, "/") if ed and status != 403 else None)
    return HTMLResponse(html, status_code=status, headers=_headers())


# --- the application ------------------------------------------------------------------------------

def create_app(offer: str | Path, *, hosts: set[str] | frozenset[str], token: str | None = None,
               pack_folder: Path | None = None, today: Callable[[], dt.date] | None = None) -> Starlette:
    """The editor for one offer. ``hosts``: the Host values the server answers to (its own
    address, e.g. {'127.0.0.1:8123', 'localhost:8123'})."""
    draft = Draft(offer)
    ed = Editor(draft=draft, token=token or secrets.token_urlsafe(24), csrf=secrets.token_urlsafe(24),
                hosts=frozenset(hosts),
                pack_folder=(pack_folder or draft.folder.parent / f"{draft.folder.name}-print-pack").resolve(),
                today=today or dt.date.today)

    def endpoint(handler):
        async def wrapped(request: Request):
            try:
                _guard(ed, request)
                return await handler(request)
            except Refused as exc:  # no link back: it would carry the token to whoever asked
                return _message_page(None, exc.status, exc.message)
            except EditorError as exc:
                return _message_page(ed, exc.status, exc.message)
        return wrapped

    async def page(request: Request):
        with draft.lock:
            if draft.disk_changed() and not draft.dirty:
                # Nothing unsaved here to lose: show what is in the file now.
                draft.reopen()
                ed.flash.append(("ok", "offer.yaml was changed outside the editor: this is the version in the file now."))
        return await run_in_threadpool(_page, ed)

    async def check(request: Request):
        fields = await _form(ed, request)
        draft.apply_form(fields)
        data = await run_in_threadpool(analysis, ed)  # the check and the previews take a moment
        return JSONResponse(_json_analysis(data), headers=_headers(False))

    async def change(request: Request):
        fields = await _form(ed, request)
        draft.apply_form(fields)
        op = (fields.get("op") or [""])[-1]
        if op == "save":
            return await _save(fields)
        shown = draft.change(op)
        return _see(ed, field_id(shown))

    async def _save(fields) -> Response:
        result = await run_in_threadpool(draft.save)
        if result.conflict:
            html = _ENV.get_template("conflict.html.j2").render(
                message=result.message, disk=result.disk_text, mine=draft.text(),
                changes=diff(result.disk_text, draft.text()), url=lambda path, **p: _url(ed, path, **p),
                csrf=ed.csrf, backups=BACKUPS)
            return HTMLResponse(html, status_code=409, headers=_headers())
        if not result.saved:
            ed.flash.append(("error", result.message.capitalize() + ": " +
                             "; ".join(f"{p.field}: {p.message}" for p in result.problems[:5])))
            return await run_in_threadpool(_page, ed, 422)
        ed.flash.append(("ok", result.message + "."))
        return _see(ed)

    async def save(request: Request):
        fields = await _form(ed, request)
        draft.apply_form(fields)
        return await _save(fields)

    async def resolve(request: Request):
        fields = await _form(ed, request)
        choice = (fields.get("keep") or [""])[-1]
        if choice == "mine":
            result = draft.save(overwrite_disk=True)
            if not result.saved:
                ed.flash.append(("error", result.message))
                return _page(ed, status=422)
            ed.flash.append(("ok", result.message + " (your version replaced the other one, which is kept too)."))
        elif choice == "theirs":
            ed.flash.append(("ok", draft.take_disk_version().message + "."))
        else:
            raise EditorError("Choose which version to keep.")
        return _see(ed)

    async def undo(request: Request):
        await _form(ed, request)
        result = draft.undo()
        ed.flash.append(("ok" if result.saved else "error", result.message + "."))
        return _see(ed)

    async def preview(request: Request):
        from ..output_cache import default_cache, document_key, loaded_hash
        from ..render import RenderOptions, render
        from ..unfinished import check_errors

        fmt = request.query_params.get("format", "standard")
        if fmt not in PREVIEW_FORMATS:
            raise EditorError("Choose standard print, large print or easy read.")
        try:
            size = float(request.query_params.get("size") or 0) or None
        except ValueError:
            raise EditorError("The size should be a number of points, such as 24.") from None
        def make() -> bytes | str:
            # The options a pack gives the same document (allow_missing is read by easy read
            # alone), so a preview of the saved offer and the pack's document are one entry of
            # the output cache: made once, whichever asked first.
            try:
                loaded = draft.load(draft.text())
                # A preview is for the office: while check finds errors it is a draft, marked as one.
                options = RenderOptions(size=size if fmt == "large-print" else None, allow_missing=fmt == "easy-read",
                                        draft=bool(check_errors(loaded, ed.today())))
                key = document_key(loaded_hash(loaded, loaded.offer.offer.language), fmt,
                                   loaded.offer.offer.language, options)
                return default_cache().made(key, lambda: render(loaded, fmt, options), fmt)
            except OfferprintError as exc:  # EditorError too
                return exc.format_message()

        data = await run_in_threadpool(make)  # seconds of work: the page stays answering meanwhile
        if isinstance(data, str):
            return _message_page(ed, 422, "The preview could not be made: " + data)
        record = FORMATS[fmt]
        return Response(data, media_type=record.media_type, headers={
            **_headers(False), "Content-Disposition": f'inline; filename="preview-{fmt}{record.extension}"'})

    async def picture(request: Request):
        name = request.path_params["name"]
        pic = library().get(name)
        if pic is None:
            return Response("no such picture", status_code=404, headers=_headers(False))
        return FileResponse(pic.path, media_type="image/svg+xml",
                            headers={**_headers(False), "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})

    async def offer_file(request: Request):
        target = inside(draft.folder, request.path_params["path"])
        if target is None or not target.is_file() or target.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
            return Response("not found in the offer folder", status_code=404, headers=_headers(False))
        return FileResponse(target, media_type=mimetypes.guess_type(target.name)[0] or "application/octet-stream",
                            headers=_headers(False))

    async def upload(request: Request):
        fields = await _form(ed, request)
        draft.apply_form(fields)
        form = request.state.form
        upload_file = form.get("file")
        purpose = (fields.get("purpose") or ["photo"])[-1]
        if upload_file is None or isinstance(upload_file, str) or not upload_file.filename:
            raise EditorError("Choose a picture file to add.")
        data = await upload_file.read(MAX_UPLOAD + 1)
        saved = store_image(draft.folder, upload_file.filename, data, "" if purpose == "logo" else "photos")
        if purpose == "logo":
            draft.apply_form({"setting.logo.file": [saved]})
            ed.flash.append(("ok", f"Added {saved} as the logo. Say what it shows in 'Logo description', then save."))
            return _see(ed, field_id("setting.logo.file"))
        ed.flash.append(("ok", f"Added {saved}: choose it as the picture of an easy read sentence."))
        return _see(ed, "pictures-heading")

    async def pack_start(request: Request):
        await _form(ed, request)
        if draft.dirty:
            raise EditorError("Save the offer first: the print pack is made from the saved offer.yaml.")
        from ..unfinished import unfinished_message

        checked = await run_in_threadpool(draft.check, None, ed.today())
        if checked.report is not None and checked.report.errors:  # the pack is what families are handed
            raise EditorError(unfinished_message(checked.loaded, checked.report.errors,
                                                 "each is shown beside its field on this page; until then "
                                                 "the previews show it as a draft, marked as one"), 409)
        start_pack(ed, request.state.form.get("sizes") or "18,24")
        return _see(ed, "pack-heading")

    async def pack_status(request: Request):
        run = ed.pack
        return JSONResponse({"running": run.running, "done": run.done, "total": run.total, "finished": run.finished,
                             "ok": run.ok, "lines": run.lines[-5:],
                             "files": [{"name": f, "url": _url(ed, "/pack/file/" + f)} for f in run.files]},
                            headers=_headers(False))

    async def pack_file(request: Request):
        target = inside(ed.pack_folder, request.path_params["path"])
        if target is None or not target.is_file():
            return Response("not found in the pack", status_code=404, headers=_headers(False))
        return FileResponse(target, headers=_headers(False), filename=target.name,
                            content_disposition_type="inline" if target.suffix == ".pdf" else "attachment")

    async def translation_export(request: Request):
        from ..translate import export_po

        fields = await _form(ed, request)
        lang = (fields.get("lang") or [""])[-1].strip()
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}", lang):
            raise EditorError("Give the language as a short code, such as ur, pl or zh-Hans.")
        try:
            path = export_po(load_offer(draft.source), lang)
        except OfferprintError as exc:
            raise EditorError(str(exc.format_message()), 422) from None
        ed.flash.append(("ok", f"Wrote translations/{path.name} from the saved offer: download it below and give it "
                               "to the translator."))
        return _see(ed, "translations-heading")

    async def translation_file(request: Request):
        lang = request.path_params["lang"]
        target = inside(draft.folder, f"translations/{lang}.po") if re.fullmatch(r"[A-Za-z0-9-]{2,20}", lang) else None
        if target is None or not target.is_file():
            return Response("no such translation", status_code=404, headers=_headers(False))
        return FileResponse(target, media_type="text/x-gettext-translation", filename=target.name,
                            headers=_headers(False))

    async def static(request: Request):
        name = request.path_params["name"]
        if name not in STATIC:
            return Response("not found", status_code=404, headers=_headers(False))
        return FileResponse(TEMPLATES / name, media_type=STATIC[name], headers=_headers(False))

    async def pictures_page(request: Request):
        html = _ENV.get_template("pictures.html.j2").render(pictures=library(), photos=_photos(draft.folder),
                                                             url=lambda path, **p: _url(ed, path, **p))
        return HTMLResponse(html, headers=_headers())

    routes = [
        Route("/", endpoint(page)),
        Route("/check", endpoint(check), methods=["POST"]),
        Route("/change", endpoint(change), methods=["POST"]),
        Route("/save", endpoint(save), methods=["POST"]),
        Route("/resolve", endpoint(resolve), methods=["POST"]),
        Route("/undo", endpoint(undo), methods=["POST"]),
        Route("/preview", endpoint(preview)),
        Route("/picture/{name}", endpoint(picture)),
        Route("/pictures", endpoint(pictures_page)),
        Route("/file/{path:path}", endpoint(offer_file)),
        Route("/upload", endpoint(upload), methods=["POST"]),
        Route("/pack", endpoint(pack_start), methods=["POST"]),
        Route("/pack/status", endpoint(pack_status)),
        Route("/pack/file/{path:path}", endpoint(pack_file)),
        Route("/translations/export", endpoint(translation_export), methods=["POST"]),
        Route("/translations/{lang}.po", endpoint(translation_file)),
        Route("/static/{name}", endpoint(static)),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        stop_pack(ed)

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.editor = ed
    app.add_middleware(BodyLimit, limit=MAX_FORM + MAX_UPLOAD)

    async def not_found(request: Request, exc):  # unknown paths say nothing about the server
        return Response("not found", status_code=getattr(exc, "status_code", 404), headers=_headers(False))

    app.add_exception_handler(404, not_found)
    app.add_exception_handler(405, not_found)
    return app
