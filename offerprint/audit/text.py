"""The text read back as a reader gets it (poppler's pdftotext, in reading order): every
question and answer must come back, with the page furniture (page numbers, running headers)
set aside first."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..errors import MissingDependencyError, RenderError
from ..lifetime import program

# Characters that change nothing a reader sees but break substring matching: soft hyphen,
# zero-width space/joiners, LRM/RLM, bidi isolates, Arabic letter mark, word joiner and BOM
# (the last two are not in Unicode's "format" set the brief lists but behave the same).
# Soft hyphens, zero-width characters and direction marks: pdftotext wraps each right-to-left
# line in embedding marks (U+202A-U+202E), which are not part of the words.
_INVISIBLE = dict.fromkeys(
    [0x00AD, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C, 0x2060, 0xFEFF]
)
# The same characters as one class: removing them with a regex is several times faster than
# str.translate with a mapping (a Python lookup per character), and normalise_text is called
# for every extracted line.
_INVISIBLE_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in _INVISIBLE) + "]")


def normalise_text(text: str) -> str:
    """Normalise text for matching: NFKC, invisible marks dropped, whitespace collapsed."""
    if text.isascii():  # NFKC changes no ASCII text and every invisible mark is outside it
        return " ".join(text.split())
    # NFKC also unfolds ligatures (U+FB01 -> "fi") and no-break spaces.
    text = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text))
    return " ".join(text.split())


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _words(text: str) -> list[str]:
    """Runs of letters and marks, and runs of digits (no regex: Arabic vowel marks are not \\w).
    Direction marks separate words, and so does a change between digits and letters: in a
    right-to-left line "و11" comes back as "و" and "11" in two runs."""
    words, current, kind = [], [], None
    for ch in text:
        category = unicodedata.category(ch)[0]
        this = "N" if category == "N" else ("L" if category in "LM" else None)
        if this != kind and current:
            words.append("".join(current))
            current = []
        if this is not None:
            current.append(ch)
        kind = this
    if current:
        words.append("".join(current))
    return words


def _bare(text: str) -> str:
    """Without combining marks (Arabic vowel signs): the text layer may attach a tanween to the
    letter before its own in a few clusters; the letters are what a search needs."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


# A space pdftotext puts before a combining mark: at large sizes a lam and its shadda ("تعلّم")
# may come back as two words ("تع ّلم") where their boxes barely touch; the mark is the word's.
_SPACE_BEFORE_MARK = re.compile("\\s+(?=[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                                "\u0981-\u0983\u09bc-\u09d7])")


def _raw_body(text: str, furniture: Sequence[str]) -> str:
    """The extracted text for word matching: NFKC, but direction marks kept as separators."""
    return _SPACE_BEFORE_MARK.sub("", unicodedata.normalize("NFKC", " ".join(_without_furniture(text, furniture))))


def _words_together(wanted: list[str], body: list[str]) -> bool:
    """Every word of ``wanted`` (with repeats) within one stretch of ``body`` no longer than
    ``wanted`` plus a little (for the furniture and line ends between)."""
    if not wanted:
        return True
    need = Counter(wanted)
    rarest = min(need, key=lambda w: body.count(w) if w in body else 0)
    span = len(wanted) + 8
    for i, word in enumerate(body):
        if word != rarest:
            continue
        window = Counter(body[max(0, i - span):i + span])
        if not need - window:
            return True
    return False


def _unspaced(text: str) -> str:
    return "".join(text.split())


class PdfToText:
    """Text in reading order, as poppler's pdftotext gives it (pages separated by form feeds).

    pdftotext starts as soon as the job is made and runs while the caller reads the PDF
    itself; :meth:`result` waits for it. Leaving the ``with`` block stops it if still running.
    """

    TIMEOUT = 120  # seconds

    def __init__(self, data: bytes) -> None:
        executable = shutil.which("pdftotext")
        if executable is None:
            raise MissingDependencyError(
                "pdftotext is needed to check the text of the PDF; install poppler-utils."
            )
        self._folder = tempfile.TemporaryDirectory(prefix="offerprint-audit-")
        folder = Path(self._folder.name)
        (folder / "audited.pdf").write_bytes(data)
        self._output = folder / "audited.txt"  # a file, not a pipe: pdftotext never waits on us
        try:
            self._process = subprocess.Popen(
                program([executable, "-enc", "UTF-8", str(folder / "audited.pdf"), str(self._output)]),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except BaseException:
            self._folder.cleanup()
            raise

    def __enter__(self) -> PdfToText:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()  # reaps it and closes the stderr pipe
        self._folder.cleanup()

    def result(self) -> str:
        try:
            _, stderr = self._process.communicate(timeout=self.TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            raise
        if self._process.returncode != 0:
            message = stderr.decode(errors="replace").strip()
            raise RenderError(f"pdftotext could not read the rendered PDF: {message}")
        return self._output.read_bytes().decode("utf-8", errors="replace")


def text_problems(text: str, expected_texts: Sequence[str], furniture: Sequence[str]) -> list[str]:
    if not expected_texts:
        return []
    # Compared without whitespace: where a line broke (inside a long web address, say) the
    # extracted text has a space or none at all, and neither changes the words.
    spaced = normalise_text(" ".join(_without_furniture(text, furniture)))
    body = _unspaced(spaced)
    body_words: list[str] | None = None
    unhyphenated: str | None = None
    problems = []
    for expected in expected_texts:
        wanted = normalise_text(expected)
        if not wanted or _unspaced(wanted) in body:
            continue
        # pdftotext joins a word hyphenated at a line's end: "three- and" broken after "three-"
        # comes back "threeand" (large print at 48pt); hyphens are compared away, not words.
        unhyphenated = unhyphenated if unhyphenated is not None else body.replace("-", "")
        if _unspaced(wanted).replace("-", "") in unhyphenated:
            continue
        if _RTL.search(wanted):
            # In a right-to-left paragraph pdftotext orders the left-to-right runs (numbers,
            # English words) and neutral punctuation by its own rules ("(SEN)" comes back as
            # "( )SEN", "6 (Year 6)" as "Year 6 6"), while the PDF's own text is in logical
            # order. So for these, every word must come back, together, in any order.
            body_words = body_words if body_words is not None else _words(_bare(_raw_body(text, furniture)))
            if _words_together(_words(_bare(wanted)), body_words):
                continue
        if True:
            problems.append(
                f'The text "{short(wanted, 60)}" is missing from the PDF (or cannot be '
                "extracted from it); check that the section was written and rendered."
            )
    return problems


#: A running header too long for its margin box wraps onto this many lines at most.
FURNITURE_MAX_LINES = 3


def _without_furniture(text: str, furniture: Sequence[str]) -> list[str]:
    """The extracted lines, less the page furniture.

    A line is furniture when a pattern finds a match in it (raw or normalised). A margin box
    that wrapped (a long running header in large print does) comes out as several lines, so
    runs of up to FURNITURE_MAX_LINES lines are furniture too when a pattern matches their
    joined text as a whole (fullmatch, so an unanchored pattern cannot swallow body lines).
    """
    patterns = [re.compile(pattern) for pattern in furniture]
    lines = re.split(r"[\n\f]", text)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if patterns and line.strip():
            if any(p.search(line.strip()) or p.search(normalise_text(line)) for p in patterns):
                index += 1
                continue
            span = _wrapped_furniture(lines, index, patterns)
            if span:
                index += span
                continue
        kept.append(line)
        index += 1
    return kept


def _wrapped_furniture(lines: list[str], start: int, patterns: list[re.Pattern[str]]) -> int:
    """How many lines from ``start`` (2 or more) form one furniture item; 0 if none do."""
    for count in range(2, FURNITURE_MAX_LINES + 1):
        window = lines[start : start + count]
        if len(window) < count or not all(line.strip() for line in window):
            return 0  # a wrapped margin box has no blank line inside
        joined = normalise_text(" ".join(window))
        if any(p.fullmatch(joined) for p in patterns):
            return count
    return 0


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
