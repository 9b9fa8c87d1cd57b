"""`offerprint openreferral SITE`: the read-only API of the Open Referral UK profile, served from
the feed ``offerprint site`` wrote in ``SITE/openreferral/`` (:mod:`.openreferral`).

What the profile's compliance page asks of it: GET only, open to everyone without keys, and
``Access-Control-Allow-Origin: *`` on every answer (errors too), so that a council's directory
or a page's script can read it from anywhere. Lists page as asked (``page``, ``per_page``, with
the profile's paging fields); an id that is not in the feed, or an unknown address, is a 404 in
JSON. Files are read as each request comes (a rebuilt site is served at once, its files renamed
into place whole), and only inside ``SITE/openreferral/``: a link that leads out is not followed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ..errors import OfferInputError
from ..paths import display_path, inside
from .openreferral import ENDPOINTS, FEED, PER_PAGE, page_of

MAX_PER_PAGE = 1000
CORS = {"Access-Control-Allow-Origin": "*"}
_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def _answer(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=CORS)


def _error(status: int, message: str) -> JSONResponse:
    words = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error"}
    return _answer({"status": status, "error": words.get(status, "Error"), "message": message}, status)


def feed_folder(site: Path) -> Path:
    """``SITE/openreferral``, resolved, when it is a feed inside SITE; else one plain line."""
    shown = display_path(Path(site))
    folder = inside(site, FEED)
    if not Path(site).is_dir():
        raise OfferInputError(f"{shown}: is not a folder (give the site folder that offerprint site wrote)")
    if folder is None or not (folder / "index.json").is_file():
        raise OfferInputError(f"{shown}/{FEED}/: has no Open Referral feed (build the site first: "
                              f"offerprint site OFFERS... -o {shown})")
    return folder


def _read(folder: Path, name: str):
    """A file of the feed, parsed; None when it is not there (or leads outside the feed)."""
    path = inside(folder, name)
    if path is None or not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise _Refused(500, f"{name}: cannot be read; build the site again") from None


def _whole_number(request: Request, name: str, default: int, highest: int | None = None) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit() or int(text) < 1 or (highest and int(text) > highest):
        raise _Refused(400, f"{name}: '{text[:20]}' is not a whole number from 1"
                       + (f" to {highest}" if highest else ""))
    return int(text)


def _all_items(folder: Path, endpoint: str) -> list:
    """Every item of a list, from its page files in order."""
    first = _read(folder, f"{endpoint}/page-1.json")
    if first is None:
        raise _Refused(500, f"{endpoint}/page-1.json: is missing; build the site again")
    items = list(first["contents"])
    for page in range(2, first["total_pages"] + 1):
        more = _read(folder, f"{endpoint}/page-{page}.json")
        if more is None:
            raise _Refused(500, f"{endpoint}/page-{page}.json: is missing; build the site again")
        items += more["contents"]
    return items


def create_app(site: Path) -> Starlette:
    """The API over ``site``'s feed (checked to be there now; read at each request)."""
    folder = feed_folder(site)

    def guarded(handler):
        async def endpoint(request: Request):
            try:
                return await run_in_threadpool(handler, request)  # file reads off the event loop
            except _Refused as refused:
                return _error(refused.status, refused.message)
        return endpoint

    def root(request: Request):
        return _answer(_read(folder, "index.json"))

    def listing(endpoint: str):
        def handler(request: Request):
            page = _whole_number(request, "page", 1)
            per_page = _whole_number(request, "per_page", PER_PAGE, MAX_PER_PAGE)
            return _answer(page_of(_all_items(folder, endpoint), page, per_page))
        return handler

    def one(endpoint: str):
        def handler(request: Request):
            item_id = request.path_params["id"]
            found = _read(folder, f"{endpoint}/{item_id}.json") if _ID.match(item_id) else None
            if found is None:
                raise _Refused(404, f"{endpoint}/{item_id[:60]}: there is none with this id")
            return _answer(found)
        return handler

    routes = [Route("/", guarded(root), methods=["GET"])]
    for endpoint in ENDPOINTS:
        routes += [Route(f"/{endpoint}", guarded(listing(endpoint)), methods=["GET"]),
                   Route(f"/{endpoint}/{{id}}", guarded(one(endpoint)), methods=["GET"])]
    app = Starlette(routes=routes)

    async def not_found(request: Request, exc):
        status = getattr(exc, "status_code", 404)
        return _error(status, "only GET is answered here" if status == 405 else
                      f"{request.url.path[:80]}: no such address (try /services)")

    async def failed(request: Request, exc):  # said in JSON, with CORS, like every other answer
        return _error(500, "the feed could not be read; build the site again")

    app.add_exception_handler(404, not_found)
    app.add_exception_handler(405, not_found)
    app.add_exception_handler(Exception, failed)
    return app


def run_api(site: Path, *, host: str = "127.0.0.1", port: int = 8000, echo=print) -> None:
    """Serve the API on ``host``:``port`` until Ctrl+C."""
    import socket

    import uvicorn

    app = create_app(site)
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OfferInputError(f"--host {host} --port {port}: cannot be listened on ({exc.strerror}); "
                              "choose another port, or leave --host out") from None
    echo(f"Open Referral UK API for {display_path(Path(site))}/{FEED}/ at http://{host}:{sock.getsockname()[1]}/ "
         "(try /services). Press Ctrl+C to stop.")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", server_header=False, date_header=False))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
