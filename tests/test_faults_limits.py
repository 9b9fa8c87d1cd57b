"""Issue 17, point 5: limits on what comes in (PO files, pictures, the offer itself), each refused
with one clear line and exit code 2, and translations of English the offer does not have
reported as warnings."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from offerprint.load import MAX_BYTES, MAX_IMAGE_PIXELS
from offerprint.translate import MAX_PO_BYTES

from conftest import copy_example


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width x height pixels, with one tiny compressed row: enough for any
    reader to see its size, far too little to decode (so the test never needs the memory)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def one_line_exit_2(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output
    return lines[0]


def test_5_po_file_size_limit(run, offer_dir: Path):
    path = offer_dir / "translations" / "ur.po"
    path.parent.mkdir()
    with path.open("wb") as handle:  # a sparse file: big on paper, written in a moment
        handle.write(b'msgid ""\nmsgstr ""\n"Language: ur\\n"\n')
        handle.truncate(MAX_PO_BYTES + 1)
    for args in (("translate", "status", offer_dir), ("translate", "export", offer_dir, "--lang", "ur"),
                 ("build", offer_dir, "--lang", "ur", "--format", "text", "-o", offer_dir / "ur.txt")):
        line = one_line_exit_2(run(*args))
        assert "translations/ur.po" in line and "more than the 10 MB a translation may be" in line, line
    assert path.stat().st_size == MAX_PO_BYTES + 1  # never rewritten
    assert not (offer_dir / "ur.txt").exists()


def test_5_image_pixel_limit(run, offer_dir: Path):
    (offer_dir / "logo.png").write_bytes(png_header(20000, 20000))
    text = (offer_dir / "offer.yaml").read_text(encoding="utf-8")
    text = text.replace("  website: https://testfield.example.org\n",
                        "  website: https://testfield.example.org\n  logo:\n    file: logo.png\n"
                        "    alt: Testfield Primary School logo\n", 1)
    (offer_dir / "offer.yaml").write_text(text, encoding="utf-8")
    for args in (("check", offer_dir), ("build", offer_dir, "--format", "text", "-o", offer_dir / "out.txt")):
        line = one_line_exit_2(run(*args))
        assert "setting.logo.file: 'logo.png' has more than the 40 million pixels" in line, line
        assert "offer.yaml:" in line
    assert not (offer_dir / "out.txt").exists()

    # Under the limit, but still too many to be sensible for Pillow's own check: the exact size.
    (offer_dir / "logo.png").write_bytes(png_header(8000, 6000))
    line = one_line_exit_2(run("check", offer_dir))
    assert "'logo.png' is 8000 x 6000 pixels" in line and str(MAX_IMAGE_PIXELS // 1_000_000) in line

    (offer_dir / "logo.png").write_bytes(png_header(2000, 1000))
    assert run("check", offer_dir).exit_code in (0, 1)  # accepted: only content findings remain


def test_5_offer_size_limit(run, offer_dir: Path):
    path = offer_dir / "offer.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "#" + "x" * MAX_BYTES + "\n", encoding="utf-8")
    line = one_line_exit_2(run("check", offer_dir))
    assert "offer.yaml: is 2 MB, too big for an offer" in line, line


def test_5_unknown_msgid_is_a_warning_in_status_and_check(run, tmp_path: Path):
    folder = copy_example("oakfield-primary", tmp_path, translations=True)
    path = folder / "translations" / "pl.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgctxt "offer.title"\nmsgid "Support for all our Learners"\n'
                    'msgstr "Wsparcie dla wszystkich"\n', encoding="utf-8")
    line_number = text.count("\n") + 2

    status = run("translate", "status", folder)
    assert status.exit_code == 0, status.output
    warnings = [line for line in status.output.splitlines() if "warning:" in line]
    assert len(warnings) == 1, status.output
    assert f"translations/pl.po:{line_number}: msgctxt 'offer.title' msgid 'Support for all our Learners'" \
        in warnings[0]
    assert "is not English in this offer" in warnings[0]

    check = run("check", folder)
    found = [line for line in check.output.splitlines() if "Support for all our Learners" in line]
    assert len(found) == 1 and f"pl.po:{line_number}: warning:" in found[0], check.output

    # The translations the example ships all match its English: no warning.
    path.write_text(text, encoding="utf-8")
    assert "warning:" not in run("translate", "status", folder).output
