"""A URL fetcher that keeps WeasyPrint inside what offerprint may read.

Offer text comes from many hands, so a document may only load packaged assets (templates,
fonts, pictures) and files inside the offer's own folder. Everything else (http, https, ftp,
``file:`` outside those folders, ``..`` escapes, oversized ``data:`` URLs) is refused, and the
refusal stops the render with an error naming the reference.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..errors import UnsafeReferenceError
from ..paths import inside_any

MAX_DATA_URL = 64 * 1024  # small inline images only
MAX_FILE_BYTES = 20 * 1024 * 1024


class ContainedFetcher(URLFetcher):
    """Serves ``file:`` URLs below ``roots`` and small ``data:`` URLs; refuses the rest."""

    def __init__(self, roots: list[Path]):
        # fail_on_errors: a refused or missing resource stops the render instead of being
        # silently left out of the PDF.
        super().__init__(fail_on_errors=True, allowed_protocols={"file", "data"})
        self.roots = [r.resolve() for r in roots]
        self.fetched: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            if len(url) > MAX_DATA_URL:
                raise UnsafeReferenceError(f"an embedded data: URL of {len(url) // 1024} KB is too big "
                                           f"(at most {MAX_DATA_URL // 1024} KB); use a file in the offer folder")
            return super().fetch(url, headers)
        if scheme != "file":
            raise UnsafeReferenceError(f"'{url[:120]}' was not fetched: documents may only use files inside "
                                       "the offer folder (web addresses and other places are never fetched)")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise UnsafeReferenceError(f"'{url[:120]}' was not fetched: it points at another machine")
        path = inside_any(self.roots, Path(url2pathname(unquote(parts.path))))
        if path is None:
            raise UnsafeReferenceError(f"'{url[:120]}' was not fetched: it is outside the offer folder")
        if not path.is_file():
            raise UnsafeReferenceError(f"'{path.name}' was not found in the offer folder")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UnsafeReferenceError(f"'{path.name}' is over {MAX_FILE_BYTES // 1_048_576} MB; use a smaller picture")
        self.fetched.append(str(path))
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})
