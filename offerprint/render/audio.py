"""Audio: the offer read aloud by a computer voice, for families who would rather listen.

A zip holding one MP3 per part (a spoken introduction, then one for each entry of the
document's contents: every question, the glossary, the other-formats notice...), a UTF-8 M3U
playlist (``playlist.m3u8``, with each track's length) and a short ``README.txt`` (in the
document's language, from the interface catalogues).

It reads the same pages as the EPUB (render/epub.py), so it says the same as every other
format, and it reads each passage in its own language: a part left in English in a translated
document is read by the English voice. Speech is made by espeak-ng (Debian package
``espeak-ng``) in the document's language; a language espeak-ng has no voice for gets a clear
error and no audio at all (a recording in the wrong language would be worse than none). MP3s
are made by LAME (Debian package ``lame``), mono, for speech, each track first levelled to one
loudness by ffmpeg (Debian package ``ffmpeg``): see render/loudness.py.

Before espeak-ng, :func:`speakable` rewrites what a speech engine reads badly for a listener:
phone numbers digit by digit in their groups ("0161 474 5000": "oh 1 6 1, 4 7 4, 5 0 0 0"),
web and email addresses without their punctuation noise, dates and times as said aloud.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
import wave
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from babel.dates import format_date
from markupsafe import escape

from .. import i18n
from ..document import Document, build_document
from ..errors import MissingDependencyError, OfferInputError, RenderError
from ..lifetime import program
from ..load import LoadedOffer
from ..translate import translation_for
from . import epub
from .loudness import levelled

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPEED = 160  # words a minute: espeak-ng's default (175) is brisk for information to take in
SAMPLE_RATE = 22050  # espeak-ng's own rate
PAUSE_MS = {"heading": 900, "block": 450, "item": 300}
PROGRAMS = ("espeak-ng", "lame", "ffmpeg")  # each in the Debian package of its name
# Elements read as one passage each (their inline content, up to any nested block).
_BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "th", "td", "figcaption"}
_HEADINGS = {"h1", "h2", "h3", "h4"}
_CONTAINERS = {"body", "section", "div", "ul", "ol", "dl", "table", "thead", "tbody", "tr", "figure", "nav"}

# The recording's own wording (the rest comes from labels.py, already translated). Looked up
# in the interface catalogues like labels.py's; a language without it hears it in English,
# read by the English voice.
def N_(message: str) -> str:
    """Marks wording for Babel's extraction (translations/messages.pot); translated when said."""
    return message


INTRO = N_("This is a recording of {title} from {setting}, read aloud by a computer voice. "
         "It has {parts} parts. Each part is a separate track: skip to the next track to hear "
         "the next part.")
PART_LIST = N_("The parts are:")
TRACK = N_("Track {number}:")
PICTURE = N_("Picture:")
END = N_("This is the end of the recording.")
# README.txt in the zip, and the talking book's narrator (epub.py words it in the book's language).
README_TITLE = N_("{setting}: {title} - audio")
README_ABOUT = N_("The offer read aloud by a computer voice (espeak-ng), {length} in all.")
# TRANSLATORS: keep the file name playlist.m3u8 as it is.
README_PLAY = N_("Play playlist.m3u8 to hear the tracks in order, or play any one track.")
# TRANSLATORS: a track's length, "4 min 05 s"; {seconds} is always two digits.
LENGTH = N_("{minutes} min {seconds} s")
NARRATOR = N_("espeak-ng (computer voice)")


# --- text normalisation ------------------------------------------------------------------

_MONTHS_EN = ("January|February|March|April|May|June|July|August|September|October|November|December")
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ ]?(?:\(0\)[ ]?)?\d|\(?0\d)[\d ()-]*\d(?![\w])")
_URL = re.compile(r"\bhttps?://(?:www\.)?([^\s<>\"]+?)/?(?=[\s,;:!?)]|\.(?:\s|$)|$)", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(rf"\b([0-3]?\d) ({_MONTHS_EN})\b")
_TIME_12 = re.compile(r"\b(\d{1,2})[.:](\d{2}) ?([ap])\.?m\b\.?", re.I)
_TIME_24 = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")
_POUNDS = re.compile(r"£(\d+(?:,\d{3})*)(?:\.(\d{2}))?")
_RANGE = re.compile(r"\b(\d+) ?[-–] ?(\d+)\b")
_EN_ABBREVIATIONS = {"e.g.": "for example", "i.e.": "that is", "etc.": "etcetera", "&": "and"}


def _english(lang: str) -> bool:
    return lang.lower().split("-")[0] == "en"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def say_phone(number: str, lang: str) -> str:
    """A phone number digit by digit, in its groups, with a pause between groups: UK listeners
    hear 0 as "oh"."""
    groups = [g for g in re.split(r"[ ()-]+", number.strip()) if g]
    spoken = []
    for group in groups:
        plus = group.startswith("+")
        digits = [("oh" if d == "0" and _english(lang) else d) for d in group if d.isdigit()]
        spoken.append(("plus " if plus else "") + " ".join(digits))
    return ", ".join(spoken)


def say_email(address: str, lang: str) -> str:
    """English: "office at oakfield dot example dot org". Other languages' voices already name
    "@" and "." in their own words (Polish: "małpa", "kropka"), so the address is kept."""
    if not _english(lang):
        return address
    local, _, domain = address.partition("@")
    return " dot ".join(local.split(".")) + " at " + " dot ".join(domain.split("."))


def speakable(text: str, lang: str) -> str:
    """``text`` as a listener needs it read (see the module's docstring). ``lang`` is the
    language it will be read in."""
    english = _english(lang)

    def phone(match: re.Match) -> str:
        found = match.group()
        if sum(c.isdigit() for c in found) < 9:  # not a phone number (a year, a count)
            return found
        return say_phone(found, lang)

    def iso_date(match: re.Match) -> str:
        import datetime as dt

        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return match.group()
        return format_date(day, "long", locale=i18n.babel_locale(lang))

    text = _URL.sub(lambda m: m[1], text)
    text = _EMAIL.sub(lambda m: say_email(m.group(), lang), text)
    text = _ISO_DATE.sub(iso_date, text)
    text = _PHONE.sub(phone, text)
    if english:
        text = _DAY_MONTH.sub(lambda m: f"{_ordinal(int(m[1]))} of {m[2]}", text)
        text = _TIME_12.sub(lambda m: f"{int(m[1])}{'' if m[2] == '00' else ' ' + m[2]} {m[3].upper()} M", text)
        text = _POUNDS.sub(lambda m: f"{m[1]} pound{'' if m[1] == '1' else 's'}"
                           + (f" {int(m[2])}" if m[2] and m[2] != "00" else ""), text)
        text = _RANGE.sub(lambda m: f"{m[1]} to {m[2]}", text)
        for short, long in _EN_ABBREVIATIONS.items():
            text = text.replace(short, long)
    if english:  # "15:30" as "15 30", "09:00" as "9 hundred"
        text = _TIME_24.sub(lambda m: f"{int(m[1])} {m[2]}" if m[2] != "00" else f"{int(m[1])} hundred", text)
    return " ".join(text.split())


# --- what is read ----------------------------------------------------------------------------

@dataclass
class Passage:
    """One heading, paragraph or list item, as runs of (text, language)."""

    runs: list[tuple[str, str]]
    kind: str = "block"  # "heading", "block" or "item": sets the pause after it
    element_id: str | None = None  # the page element it reads (for media overlays)

    @property
    def text(self) -> str:
        return " ".join("".join(t for t, _ in self.runs).split())


@dataclass
class Track:
    number: int
    name: str  # the file's name without extension
    title: str
    title_lang: str
    passages: list[Passage] = field(default_factory=list)
    seconds: float = 0.0


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def page_passages(page: str, lang: str, picture: tuple[str, str] = (PICTURE, "en-GB")) -> list[Passage]:
    """The passages of one XHTML page of the book, in reading order, each run marked with its
    language (from ``lang``/``xml:lang``). Hidden things, the logo and decorative pictures
    are not read; a picture's alt text is."""
    root = ElementTree.fromstring(page.encode("utf-8"))
    body = root.find(f"{XHTML}body")
    passages: list[Passage] = []

    def own_lang(element, inherited: str) -> str:
        return element.get(XML_LANG) or element.get("lang") or inherited

    def inline_runs(element, inherited: str, runs: list) -> None:
        """Text of an inline element and its inline children."""
        here = own_lang(element, inherited)
        if _local(element.tag) == "br":
            runs.append((", ", here))
        if element.text:
            runs.append((element.text, here))
        for child in element:
            inline_runs(child, here, runs)
            if child.tail:
                runs.append((child.tail, here))

    def walk(element, inherited: str) -> None:
        tag = _local(element.tag)
        here = own_lang(element, inherited)
        if element.get("hidden") is not None or element.get("aria-hidden") == "true":
            return
        if tag == "img":
            alt = element.get("alt") or ""
            if alt and "logo" not in (element.get("class") or ""):
                passages.append(Passage([(picture[0] + " ", picture[1]), (alt, here)], element_id=element.get("id")))
            return
        if tag in _BLOCKS:
            runs: list[tuple[str, str]] = []
            if element.text:
                runs.append((element.text, here))
            for child in element:
                if _local(child.tag) in _BLOCKS | _CONTAINERS or _local(child.tag) == "img":
                    if "".join(t for t, _ in runs).strip():
                        passages.append(Passage(runs, _kind(tag), element.get("id")))
                    runs = []
                    walk(child, here)
                else:
                    inline_runs(child, here, runs)
                if child.tail:
                    runs.append((child.tail, here))
            if "".join(t for t, _ in runs).strip():
                passages.append(Passage(runs, _kind(tag), element.get("id")))
            return
        if element.text and element.text.strip():
            passages.append(Passage([(element.text, here)]))
        for child in element:
            walk(child, here)
            if child.tail and child.tail.strip():
                passages.append(Passage([(child.tail, here)]))

    walk(body, own_lang(root, lang))
    return passages


def _primary(lang: str) -> str:
    return lang.lower().replace("_", "-").split("-")[0]


def _kind(tag: str) -> str:
    return "heading" if tag in _HEADINGS else "item" if tag in {"li", "dt", "dd", "td", "th"} else "block"


def _wording(lang: str) -> tuple:
    """The recording's own sentences through the interface catalogue: (gettext, language of
    the result) for each."""
    gettext = i18n.interface_translations(lang).gettext

    def say(english: str) -> tuple[str, str]:
        said = gettext(english)
        return said, (lang if said != english or _english(lang) else "en-GB")

    return say


def tracks(doc: Document, loaded: LoadedOffer) -> list[Track]:
    """The recording: a spoken introduction, then one track per part of the book."""
    _, images_by_ref = epub.book_images(doc, loaded)
    made = epub.pages(doc, images_by_ref)
    say = _wording(doc.lang)
    parts = [(part, page_passages(page, doc.lang, say(PICTURE))) for part, page in made]
    title_page, rest = parts[0], parts[1:]

    intro_text, intro_lang = say(INTRO)
    title_lang = getattr(doc.title, "lang", None) or doc.lang
    # The sentence may be in English in a translated document: the title and name inside it
    # are still read in their own languages.
    values = {"{title}": (str(doc.title), title_lang), "{setting}": (doc.setting.name, doc.source_lang),
              "{parts}": (str(len(rest) + 1), intro_lang)}
    intro_runs = [values.get(piece, (piece, intro_lang))
                  for piece in re.split(r"(\{title\}|\{setting\}|\{parts\})", intro_text) if piece]
    intro = Track(1, "01-introduction", doc.title, doc.lang)
    intro.passages.append(Passage([(doc.setting.name, doc.source_lang)], "heading"))
    intro.passages.append(Passage([(str(doc.title), title_lang)], "heading"))
    intro.passages.append(Passage(intro_runs))
    # The title page after the setting's name and title: what this is, dates, who to talk to.
    title_passages = [p for p in title_page[1] if p.text not in {doc.setting.name, " ".join(doc.title.split())}]
    # A draft says so before anything else (the title page's mark, read first).
    mark = " ".join(str(doc.labels["draft"]).split()) if doc.draft else None
    intro.passages[:0] = [p for p in title_passages if p.text == mark]
    intro.passages += [p for p in title_passages if p.text != mark]
    # How to get other formats, from the other-formats notice (its lines in other languages
    # are read in that part's own track).
    notice = next((p for part, p in rest if part.id == "other-formats"), [])
    own = {_primary(doc.lang), _primary(doc.source_lang)}
    intro.passages += [p for p in notice if {_primary(lang) for _, lang in p.runs} <= own]
    listed, listed_lang = say(PART_LIST)
    intro.passages.append(Passage([(listed, listed_lang)], "heading"))
    track_word, track_lang = say(TRACK)
    result = [intro]
    for number, (part, passages) in enumerate(rest, start=2):
        title_lang = getattr(part.title, "lang", None) or doc.lang
        intro.passages.append(Passage([(track_word.format(number=number) + " ", track_lang),
                                       (str(part.title), title_lang)], "item"))
        name = f"{number:02d}-{part.id.removeprefix('q-')}"
        result.append(Track(number, name, str(part.title), title_lang, passages))
    end, end_lang = say(END)
    result[-1].passages.append(Passage([(end, end_lang)], "heading"))
    return result


# --- speech ----------------------------------------------------------------------------------

@functools.cache
def espeak_voices() -> frozenset[str]:
    """The languages espeak-ng has a voice for (lower case tags, as ``-v`` takes them)."""
    _require("espeak-ng", "espeak-ng")
    listing = subprocess.run(program(["espeak-ng", "--voices"]), capture_output=True, text=True, check=True).stdout
    return frozenset(line.split()[1].lower() for line in listing.splitlines()[1:] if len(line.split()) >= 4)


def voice_for(lang: str) -> str | None:
    """The espeak-ng voice for a BCP 47 tag, or None when espeak-ng has none for it."""
    voices = espeak_voices()
    tag = lang.lower().replace("_", "-")
    language = tag.split("-")[0]
    candidates = [tag, language]
    if language == "zh":
        candidates = ["cmn"]  # Mandarin, read from the characters
    if language == "en":
        candidates = [tag, "en-gb"]  # a UK project: British English unless asked otherwise
    for candidate in candidates:
        if candidate in voices:
            return candidate
    return None


def _require(executable: str, package: str) -> None:
    if shutil.which(executable) is None:
        raise MissingDependencyError(f"{executable} is not installed, so audio cannot be made "
                                     f"(install it: sudo apt-get install {package})")


def _language_name(lang: str) -> str:
    from babel import Locale

    try:
        return Locale.parse(lang, sep="-").get_display_name("en")
    except Exception:  # noqa: BLE001 - an unusual tag is named as it is
        return lang


def check_voice(lang: str) -> str:
    """The voice for the document's language, or a clear error saying there is none."""
    voice = voice_for(lang)
    if voice is None:
        raise OfferInputError(
            f"audio: espeak-ng has no voice for {_language_name(lang)} ({lang}), so no audio was made. "
            f"Make the EPUB or the web page instead (a screen reader reads them aloud), or ask a "
            f"speaker of the language to record the offer.")
    return voice


def passage_ssml(passage: Passage, document_lang: str) -> str | None:
    """One passage as SSML: runs not in the document's language in their own voice, or None
    when it is all in languages espeak-ng has no voice for (read in another language's voice it
    would be noise). A passage without an end mark gets a full stop, so it ends as a sentence."""
    runs: list[tuple[str, str]] = []
    for text, lang in passage.runs:  # neighbours in one language are read in one breath
        if runs and runs[-1][1] == lang:
            runs[-1] = (runs[-1][0] + text, lang)
        else:
            runs.append((text, lang))
    out = []
    for text, lang in runs:
        # Keep the run's edge spaces: runs are pieces of one text ("The Nest" + ", our group").
        spoken = (" " if text[:1].isspace() else "") + speakable(text, lang) + (" " if text[-1:].isspace() else "")
        if lang == document_lang:
            out.append(str(escape(spoken)))
            continue
        voice = voice_for(lang)
        if voice:
            out.append(f'<voice xml:lang="{voice}">{escape(spoken)}</voice>')
    body = " ".join("".join(out).split())
    if not body.strip():
        return None
    if not re.search(r"[.?!:;,\u061f\u06d4\u3002\uff1f\u0964](</voice>)?$", body):
        body += "."
    return body


def track_ssml(track: Track, document_lang: str) -> str:
    """The whole track as one SSML document: the passages with a pause after each."""
    pieces = []
    for passage in track.passages:
        body = passage_ssml(passage, document_lang)
        if body:
            pieces.append(f'{body} <break time="{PAUSE_MS[passage.kind]}ms"/>')
    return "<speak>" + "\n".join(pieces) + "</speak>"


def synthesise(markup: str, voice: str) -> bytes:
    """16-bit mono PCM of an SSML document at SAMPLE_RATE."""
    command = ["espeak-ng", "-v", voice, "-s", str(SPEED), "-m", "--stdout"]  # the text on stdin
    done = subprocess.run(program(command), input=markup.encode("utf-8"), capture_output=True, timeout=600)
    if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
        raise RenderError(f"audio: espeak-ng failed: {done.stderr.decode(errors='replace').strip()[:300]}")
    # espeak-ng writes to a pipe without knowing the length: its header's sizes are wrong, so
    # the samples are everything after the 44-byte header.
    header = done.stdout[:44]
    if header[22:24] != b"\x01\x00" or int.from_bytes(header[24:28], "little") != SAMPLE_RATE \
            or header[34:36] != b"\x10\x00":
        raise RenderError("audio: espeak-ng made audio in an unexpected format")
    return done.stdout[44:]


def _silence(ms: int) -> bytes:
    return b"\x00\x00" * (SAMPLE_RATE * ms // 1000)


def track_pcm(track: Track, voice: str, document_lang: str) -> bytes:
    """The track's audio, with a short silence before it."""
    return _silence(300) + synthesise(track_ssml(track, document_lang), voice)


def encode_mp3(pcm: bytes, track: Track, doc: Document, total: int) -> bytes:
    """Mono MP3 for speech, tagged with the title, the setting, the document's title and the
    track number. LAME at a constant 48 kbit/s (plenty for a voice; exact seeking in any
    player) with its faster algorithms (-q 7), which a voice does not need: a third quicker.
    The speech is first levelled: -18 LUFS, peaks limited (render/loudness.py)."""
    for name in PROGRAMS[1:]:
        _require(name, name)
    pcm, scale = levelled(pcm, SAMPLE_RATE)
    with tempfile.TemporaryDirectory(prefix="offerprint-audio-") as tmp:
        wav_path, mp3_path = Path(tmp) / "in.wav", Path(tmp) / "out.mp3"
        with wave.open(str(wav_path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(SAMPLE_RATE)
            wav.writeframes(pcm)
        command = ["lame", "--quiet", "-m", "m", "-b", "48", "-q", "7", "--scale", f"{scale:.4f}",
                   "--id3v2-only", "--id3v2-utf16",
                   "--tt", track.title, "--ta", doc.setting.name, "--tl", f"{doc.title}: {doc.setting.name}",
                   "--tn", f"{track.number}/{total}", "--ty", doc.created[:4], "--tg", "Speech",
                   "--tv", f"TLAN={doc.lang}", str(wav_path), str(mp3_path)]
        done = subprocess.run(program(command), capture_output=True, timeout=300)
        if done.returncode != 0 or not mp3_path.is_file():
            raise RenderError(f"audio: lame failed: {done.stderr.decode(errors='replace').strip()[:300]}")
        return mp3_path.read_bytes()


def playlist(doc: Document, made: list[Track]) -> str:
    """Extended M3U, UTF-8: each track's length in whole seconds and its title."""
    lines = ["#EXTM3U", f"#PLAYLIST:{doc.title}: {doc.setting.name}"]
    for track in made:
        lines.append(f"#EXTINF:{round(track.seconds)},{doc.setting.name} - {track.title}")
        lines.append(f"{track.name}.mp3")
    return "\n".join(lines) + "\n"


def read_playlist(data: bytes) -> list[tuple[str, int, str]]:
    """(file, seconds, title) of each track of a playlist made by :func:`playlist`."""
    entries, pending = [], None
    for line in data.decode("utf-8").splitlines():
        if line.startswith("#EXTINF:"):
            seconds, _, title = line[len("#EXTINF:"):].partition(",")
            pending = (int(seconds), title)
        elif line and not line.startswith("#") and pending:
            entries.append((line, *pending))
            pending = None
    return entries


def clock(seconds: float, gettext=lambda message: message) -> str:
    """"4 min 05 s" (``gettext``: the catalogue's, for the document's language)."""
    whole = round(seconds)
    return gettext(LENGTH).format(minutes=whole // 60, seconds=f"{whole % 60:02d}")


def readme(doc: Document, made: list[Track]) -> str:
    """README.txt, in the document's language (English where its catalogue lacks a line)."""
    say = i18n.interface_translations(doc.lang).gettext
    total = sum(t.seconds for t in made)
    lines = [say(README_TITLE).format(setting=doc.setting.name, title=doc.title), "",
             say(README_ABOUT).format(length=clock(total, say)), say(README_PLAY), ""]
    lines += [f"{t.name}.mp3  {clock(t.seconds, say)}  {t.title}" for t in made]
    return "\n".join(lines) + "\n"


def zip_audio(doc: Document, made: list[Track], mp3s: list[bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        def put(name: str, data: bytes, compress: int) -> None:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        put("playlist.m3u8", playlist(doc, made).encode("utf-8"), zipfile.ZIP_DEFLATED)
        put("README.txt", readme(doc, made).encode("utf-8"), zipfile.ZIP_DEFLATED)
        for track, mp3 in zip(made, mp3s):
            put(f"{track.name}.mp3", mp3, zipfile.ZIP_STORED)  # MP3 does not compress further
    return buffer.getvalue()


def render_audio(loaded: LoadedOffer, options) -> bytes:
    """The offer read aloud: a zip of MP3s, a playlist and a README. Of the options, only the
    language (``lang``) and ``draft`` apply."""
    doc = build_document(loaded, translation_for(loaded, options.lang), draft=options.draft)
    for name in PROGRAMS:
        _require(name, name)
    voice = check_voice(doc.lang)  # before any work: no voice, no audio
    made = tracks(doc, loaded)

    def make(track: Track) -> bytes:
        pcm = track_pcm(track, voice, doc.lang)
        track.seconds = len(pcm) / 2 / SAMPLE_RATE
        return encode_mp3(pcm, track, doc, len(made))

    # espeak-ng and lame are separate processes: two tracks at a time keep two cores busy.
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        mp3s = list(pool.map(make, made))
    return zip_audio(doc, made, mp3s)


# --- the talking book: EPUB 3 with media overlays --------------------------------------------

def passage_pcm(passage: Passage, voice: str, document_lang: str) -> bytes:
    body = passage_ssml(passage, document_lang)
    return synthesise(f"<speak>{body}</speak>", voice) if body else b""


def smil(part: epub.Part, clips: list[tuple[str, float, float]]) -> bytes:
    """The part's media overlay: each passage's element and its stretch of the part's audio."""
    pars = "\n".join(
        f'    <par id="par-{n}"><text src="../{part.href}#{element}"/>'
        f'<audio src="../audio/{part.id}.mp3" clipBegin="{begin:.3f}s" clipEnd="{end:.3f}s"/></par>'
        for n, (element, begin, end) in enumerate(clips, start=1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
            f'  <body>\n  <seq id="seq-1" epub:textref="../{part.href}#{part.id}">\n{pars}\n  </seq>\n  </body>\n</smil>\n'
            ).encode("utf-8")


def render_talking_book(loaded: LoadedOffer, options) -> bytes:
    """EPUB 3 with media overlays: the EPUB, every part also read aloud by espeak-ng, the text
    highlighted as it is read. The same pages as ``--format epub`` and the same voice and
    readings as ``--format audio``. Of the options, only the language (``lang``) applies."""
    doc = build_document(loaded, translation_for(loaded, options.lang), draft=options.draft)
    for name in PROGRAMS:
        _require(name, name)
    voice = check_voice(doc.lang)
    _, images_by_ref = epub.book_images(doc, loaded)
    made = epub.pages(doc, images_by_ref)
    say = _wording(doc.lang)

    def part_audio(item: tuple[int, tuple[epub.Part, str]]) -> tuple[str, bytes, bytes, float]:
        number, (part, page) = item
        pcm = bytearray(_silence(200))
        clips = []
        for passage in page_passages(page, doc.lang, say(PICTURE)):
            speech = passage_pcm(passage, voice, doc.lang)
            if not speech:
                continue
            begin = len(pcm) / 2 / SAMPLE_RATE
            pcm += speech
            if passage.element_id:
                clips.append((passage.element_id, begin, len(pcm) / 2 / SAMPLE_RATE))
            pcm += _silence(PAUSE_MS[passage.kind])
        seconds = len(pcm) / 2 / SAMPLE_RATE
        track = Track(number, part.id, str(part.title), doc.lang)
        return part.id, smil(part, clips), encode_mp3(bytes(pcm), track, doc, len(made)), seconds

    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        results = list(pool.map(part_audio, enumerate(made, start=1)))
    overlays = epub.Overlays(smil={r[0]: r[1] for r in results}, audio={r[0]: r[2] for r in results},
                             seconds={r[0]: r[3] for r in results}, narrator=NARRATOR)
    return epub.zip_book(epub.book_files(doc, loaded, overlays, made))
