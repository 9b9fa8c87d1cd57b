"""Pictures for the Word writer (:mod:`offerprint.render.docx`): the file a picture's URL names,
in a format Word reads (SVG drawn by WeasyPrint and rasterised by pdftoppm; others, such as
WebP, converted to PNG by Pillow)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage

from ..errors import MissingDependencyError, RenderError
from ..lifetime import program


def file_path(url: str) -> Path:
    parts = urlsplit(url)
    return Path(url2pathname(unquote(parts.path)))


def _svg_to_png(path: Path, width_px: int = 1200) -> bytes:
    """An SVG picture as PNG (Word's PNG fallback): drawn by WeasyPrint, reading only the
    picture's own folder, then rasterised by pdftoppm."""
    from weasyprint import HTML

    from .fetch import ContainedFetcher

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise MissingDependencyError("an SVG picture in a Word document needs pdftoppm: install the Debian "
                                     "package poppler-utils, or use a PNG or JPEG picture")
    from ..safe_xml import parse_svg

    root = parse_svg(path)  # a DOCTYPE or entity is refused, as when the offer is loaded
    box = (root.get("viewBox") or "").replace(",", " ").split()
    ratio = 1.0
    if len(box) == 4 and float(box[2]) > 0:
        ratio = float(box[3]) / float(box[2])
    else:
        try:
            ratio = float(re.sub(r"[a-z%]+$", "", root.get("height", "1"))) / float(
                re.sub(r"[a-z%]+$", "", root.get("width", "1")))
        except ValueError:
            pass
    height_px = max(1, round(width_px * ratio))
    html = (f"<style>@page {{ size: {width_px}px {height_px}px; margin: 0 }} body {{ margin: 0 }}"
            f"img {{ display: block; width: {width_px}px; height: {height_px}px }}</style>"
            f'<img src="{path.resolve().as_uri()}" alt="">')
    fetcher = ContainedFetcher([path.resolve().parent])
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "picture.pdf"
        source.write_bytes(pdf)
        done = subprocess.run(program([pdftoppm, "-png", "-singlefile", "-r", "72", str(source),
                                       str(Path(tmp) / "picture")]), capture_output=True)
        target = Path(tmp) / "picture.png"
        if done.returncode != 0 or not target.is_file():
            raise RenderError(f"the picture '{path.name}' could not be turned into PNG for Word")
        return target.read_bytes()


def picture_stream(path: Path) -> io.BytesIO:
    """The picture in a format Word reads (PNG, JPEG, GIF, BMP, TIFF as they are; SVG and
    others such as WebP converted to PNG)."""
    data = path.read_bytes()
    try:
        DocxImage.from_blob(data)
        return io.BytesIO(data)
    except UnrecognizedImageError:
        pass
    if path.suffix.lower() == ".svg" or data.lstrip()[:5] in (b"<?xml", b"<svg ") or b"<svg" in data[:512]:
        return io.BytesIO(_svg_to_png(path))
    try:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as picture:
            out = io.BytesIO()
            picture.save(out, format="PNG")
            return io.BytesIO(out.getvalue())
    except Exception:
        raise RenderError(f"the picture '{path.name}' is not in a format Word can show "
                          "(use PNG, JPEG or SVG)") from None
