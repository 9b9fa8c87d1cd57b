"""Word (.docx) reports: mammoth turns the document into clean HTML (heading styles become
headings, lists and tables stay), then the shared HTML walker makes sections of it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import ReportInputError
from ..safe_xml import more_elements_than
from . import Section
from .html_blocks import sections_from_html

# A long report with its pictures unpacks to a few MB; a whole policy folder to tens.
MAX_UNPACKED_BYTES = 200_000_000
# mammoth takes about 75 microseconds an element of document.xml: a 100-page report has some
# 50,000 (about 4 s); this many (some 800 pages) is half a minute's reading, never an hour's.
MAX_ELEMENTS = 500_000

# Word's own styles for a title; headings 1-6 are mapped by mammoth itself.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Heading'] => h2:fresh
"""


def read(path: Path) -> list[Section]:
    import mammoth

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            encrypted = any(info.flag_bits & 0x1 for info in archive.infolist())
            # What the parts unpack to, as the archive states it (a "zip bomb" of 1 GB of XML in a
            # small file would take minutes and gigabytes to read): refused before mammoth reads it.
            unpacked = sum(info.file_size for info in archive.infolist())
            too_many = False
            if unpacked <= MAX_UNPACKED_BYTES and "word/document.xml" in names and not encrypted:
                try:
                    with archive.open("word/document.xml") as document:
                        too_many = more_elements_than(document, MAX_ELEMENTS)
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError):
                    pass  # a damaged part: mammoth's reading below says so
    except zipfile.BadZipFile:
        if path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE: old .doc or a locked .docx
            raise ReportInputError(f"{path}: is an old-style or password-protected Word file, not a .docx "
                                   "(open it in Word, remove any password and save it as a .docx file)") from None
        raise ReportInputError(f"{path}: is not a Word file that can be opened (open it in Word and save it "
                               "again as a .docx file)") from None
    if "word/document.xml" not in names or encrypted:
        raise ReportInputError(f"{path}: is a zip file but not a Word document (open the report in Word and save "
                               "it as a .docx file)")
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReportInputError(f"{path}: unpacks to {unpacked / 1e6:.0f} MB, far more than a report "
                               f"({MAX_UNPACKED_BYTES // 1_000_000} MB at most): open it in Word, check it is the "
                               "report, and save it again, or copy its text into a .txt file and import that")
    if too_many:
        raise ReportInputError(f"{path}: has more than {MAX_ELEMENTS:,} parts in its text (paragraphs, runs, "
                               "table cells), far more than a report: open it in Word, check it is the report, and "
                               "save it again, or copy its text into a .txt file and import that")
    try:
        with path.open("rb") as handle:
            result = mammoth.convert_to_html(handle, style_map=STYLE_MAP,
                                             convert_image=mammoth.images.img_element(lambda image: {}))
    except Exception as exc:  # mammoth's errors are many kinds of damaged file
        raise ReportInputError(f"{path}: could not be read as a Word document ({type(exc).__name__}; open it in "
                               "Word and save it again as a .docx file)") from None
    return sections_from_html(result.value, "paragraph")
