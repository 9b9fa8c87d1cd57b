"""`offerprint edit`: a page in the browser where office staff write and check the offer
without seeing YAML. The server listens on this computer only (see :mod:`.app`)."""

from __future__ import annotations

import secrets
import socket
import webbrowser
from pathlib import Path

from ..errors import OfferInputError


def run_editor(offer: str | Path, *, port: int | None = None, open_browser: bool = True, echo=print) -> None:
    """Serve the editor for ``offer`` on 127.0.0.1 until Ctrl+C."""
    import uvicorn

    from .app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A port used a moment ago (connections still closing) can be listened on again at once;
    # on Linux this never lets two servers share a port.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port or 0))  # 0: a free port
    except OSError as exc:
        sock.close()
        raise OfferInputError(f"--port {port}: cannot be used ({exc.strerror}); choose another, or leave it out") from None
    chosen = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    try:
        app = create_app(offer, hosts={f"127.0.0.1:{chosen}", f"localhost:{chosen}"}, token=token)
    except BaseException:
        sock.close()
        raise
    editor = app.state.editor
    address = f"http://127.0.0.1:{chosen}/?token={token}"
    echo(f"Editing {editor.draft.name}. Open this address in your browser (it works on this computer only):\n\n"
         f"  {address}\n\nPrint packs go to {editor.pack_folder}. Press Ctrl+C here to stop.")
    if open_browser:
        webbrowser.open(address)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                                           date_header=False))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
