"""Audio (--format audio): offerprint/render/audio.py.

The text normaliser is tested directly (what a listener hears for phone numbers, emails,
dates, times, money). The Oakfield example's English audio is made once (the slow part) and
checked without transcribing anything: the files, their order in the playlist, their lengths
(read from the MP3s with mutagen) against the words at a normal speaking rate, their tags,
that a track decodes to sound, and each track's loudness and true peak as ffmpeg's EBU R128
meter reads them from the MP3. Urdu and Polish are checked up to the speech (the passages
and their languages), which is fast; a language espeak-ng has no voice for is refused.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import wave
import zipfile

import pytest

from offerprint.document import build_document
from offerprint.errors import OfferInputError
from offerprint.load import load_offer
from offerprint.formats import FORMATS
from offerprint.render import render
from offerprint.render import audio
from offerprint.render.audio import speakable
from offerprint.translate import translation_for

from conftest import ROOT

OAKFIELD = ROOT / "examples" / "oakfield-primary"
NORMAL_RATE = 150  # words a minute: a normal speaking rate for information read aloud
PROGRAMS = ("espeak-ng", "lame", "ffmpeg")
MISSING = ("espeak-ng, lame or ffmpeg is not installed (apt-get install espeak-ng lame ffmpeg; "
           "scripts/system-deps.sh does it)")
needs_speech = pytest.mark.skipif(any(shutil.which(p) is None for p in PROGRAMS), reason=MISSING)


# --- the normaliser ------------------------------------------------------------------------

@pytest.mark.parametrize("written, heard", [
    ("Phone 0161 474 5000.", "Phone oh 1 6 1, 4 7 4, 5 oh oh oh."),
    ("Call 07700 900123 today", "Call oh 7 7 oh oh, 9 oh oh 1 2 3 today"),
    ("+44 161 496 0123", "plus 4 4, 1 6 1, 4 9 6, oh 1 2 3"),
    ("(0161) 496-0123", "oh 1 6 1, 4 9 6, oh 1 2 3"),
    ("01614960123", "oh 1 6 1 4 9 6 oh 1 2 3"),
    ("about 210 children in 2026, 35 of them", "about 210 children in 2026, 35 of them"),
    ("office@oakfield.example.org", "office at oakfield dot example dot org"),
    ("Email: j.smith@school.example.org.", "Email: j dot smith at school dot example dot org."),
    ("See https://localoffer.example.org/send/ today", "See localoffer.example.org/send today"),
    ("https://www.stockport.gov.uk.", "stockport.gov.uk."),
    ("on 1 September 2026", "on 1st of September 2026"),
    ("2 May, 3 June, 11 July, 22 August", "2nd of May, 3rd of June, 11th of July, 22nd of August"),
    ("review on 2027-09-01", "review on 1st of September 2027"),
    ("at 3.15pm or 9.00am", "at 3 15 P M or 9 A M"),
    ("from 08:45 to 15:00", "from 8 45 to 15 hundred"),
    ("costs £5.50, £1 or £1,200", "costs 5 pounds 50, 1 pound or 1,200 pounds"),
    ("children aged 4-11", "children aged 4 to 11"),
    ("e.g. speech & language", "for example speech and language"),
])
def test_english_readings(written, heard):
    assert speakable(written, "en-GB") == heard


def test_other_languages_keep_their_own_words():
    # Digits are read by the language's own voice; "@" and "." too (Polish: "małpa", "kropka").
    assert speakable("Telefon 0161 474 5000", "pl") == "Telefon 0 1 6 1, 4 7 4, 5 0 0 0"
    assert speakable("office@oakfield.example.org", "pl") == "office@oakfield.example.org"
    assert speakable("2026-09-01", "pl") == "1 września 2026"
    assert speakable("1 September 2026, 4-11", "pl") == "1 September 2026, 4-11"
    assert speakable("فون: 0161 496 0123", "ur") == "فون: 0 1 6 1, 4 9 6, 0 1 2 3"


# --- voices --------------------------------------------------------------------------------

@needs_speech
def test_voices():
    assert audio.voice_for("en-GB") == "en-gb"
    assert audio.voice_for("en") == "en-gb"
    assert audio.voice_for("ur") == "ur"
    assert audio.voice_for("pl") == "pl"
    assert audio.voice_for("zh-Hans") == "cmn"
    assert audio.voice_for("so") is None  # espeak-ng has no Somali


@needs_speech
def test_a_language_without_a_voice_is_refused(offer_dir, run, tmp_path):
    offer = offer_dir / "offer.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("language: en-GB", "language: so"), encoding="utf-8")
    with pytest.raises(OfferInputError, match=r"espeak-ng has no voice for Somali \(so\), so no audio was made"):
        render(load_offer(offer_dir), "audio")
    out = tmp_path / "offer-audio.zip"
    result = run("build", offer_dir, "--format", "audio", "-o", out)
    assert result.exit_code == 2
    assert "no voice for Somali" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".*.part"))


def test_missing_programs_are_named_with_their_package(oakfield, monkeypatch):
    from offerprint.errors import MissingDependencyError

    monkeypatch.setattr(audio.shutil, "which", lambda name: None if name == "lame" else "/usr/bin/" + name)
    with pytest.raises(MissingDependencyError, match=r"lame is not installed.*sudo apt-get install lame"):
        render(oakfield, "audio")
    monkeypatch.setattr(audio.shutil, "which", lambda name: None if name == "ffmpeg" else "/usr/bin/" + name)
    with pytest.raises(MissingDependencyError, match=r"^ffmpeg is not installed.*sudo apt-get install ffmpeg\)$"):
        render(oakfield, "talking-book")


# --- what is read ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def oakfield():
    return load_offer(OAKFIELD)


@pytest.fixture(scope="session")
def english_tracks(oakfield):
    return build_document(oakfield), audio.tracks(build_document(oakfield), oakfield)


def test_a_track_for_each_part_in_the_documents_order(english_tracks):
    doc, tracks = english_tracks
    titles = [t.title for t in tracks]
    assert tracks[0].name == "01-introduction"
    expected = [e["title"] for e in doc.contents if e["anchor"] != "who-to-talk-to"]
    assert titles[1:] == expected
    assert [t.number for t in tracks] == list(range(1, len(tracks) + 1))
    assert [t.name[:2] for t in tracks] == [f"{n:02d}" for n in range(1, len(tracks) + 1)]
    assert tracks[1].name == "02-identify-needs"
    for track in tracks:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", track.name)


def test_the_introduction_says_what_it_is_and_how_to_get_other_formats(english_tracks):
    doc, tracks = english_tracks
    said = " ".join(p.text for p in tracks[0].passages)
    assert "This is a recording of Support for Learners from Oakfield Primary School" in said
    assert f"It has {len(tracks)} parts" in said
    for item in [doc.labels["other_formats_intro"], *doc.labels["format_list"], doc.labels["ask_us"],
                 doc.setting.phone, doc.setting.email, doc.senco.name]:
        assert item in said, item
    # The parts are listed by their track numbers.
    assert f"Track 2: {doc.sections[0].question}" in said
    assert f"Track {len(tracks)}: {tracks[-1].title}" in said
    # The notice's lines in other languages are read in its own track, not here.
    assert "Jeśli potrzebują" not in said
    assert any("Jeśli potrzebują" in p.text for t in tracks for p in t.passages)


def test_every_answer_is_read(english_tracks, oakfield):
    from offerprint.document import document_texts

    doc, tracks = english_tracks
    said = " ".join(" ".join(p.text for p in t.passages) for t in tracks)
    said = " ".join(said.split())
    for text in document_texts(doc):
        assert " ".join(text.split()) in said, text


@pytest.fixture(scope="session")
def urdu_tracks(oakfield):
    doc = build_document(oakfield, translation_for(oakfield, "ur"))
    return doc, audio.tracks(doc, oakfield)


def test_passages_keep_their_language_urdu(urdu_tracks):
    doc, tracks = urdu_tracks
    intro = audio.track_ssml(tracks[0], "ur")
    assert '<voice xml:lang="en-gb">Oakfield Primary School</voice>' in intro
    # The recording's own wording is in the interface catalogue: said in Urdu, by the Urdu voice.
    assert "This is a recording of" not in intro
    assert "\nیہ <voice xml:lang=\"en-gb\">Oakfield Primary School</voice> کی طرف سے" in intro
    question = audio.track_ssml(tracks[1], "ur")
    assert "اسکول" in question and question.count("<voice") < 10
    # A line in a language without a voice (Somali) is left out, not read in the wrong voice.
    passage = audio.Passage([("Haddii aad u baahan tahay", "so")])
    assert audio.passage_ssml(passage, "ur") is None


def test_passages_polish(oakfield):
    doc = build_document(oakfield, translation_for(oakfield, "pl"))
    tracks = audio.tracks(doc, oakfield)
    assert tracks[1].title == doc.sections[0].question
    markup = audio.track_ssml(tracks[0], "pl")
    assert "0 1 6 1, 4 9 6, 0 1 2 3" in markup  # the school's phone number, digit by digit


def _timed(tracks) -> list:
    """The tracks as if recorded: 1 min 05 s, then 10 s longer each."""
    import dataclasses

    return [dataclasses.replace(t, seconds=65.0 + 10 * n) for n, t in enumerate(tracks)]


def test_the_readme_is_in_the_documents_language(urdu_tracks, oakfield):
    """A translated pack's README.txt is in its language, in the interface catalogue's words
    (issue 26: it was English in every language). Names, file names, the program and the
    English a translator kept ("(Local Offer)") aside, none of its letters are Latin."""
    from offerprint import i18n
    from offerprint.audit.language import expectation
    from offerprint.language_share import measure

    doc, tracks = urdu_tracks
    timed = _timed(tracks)
    readme = audio.readme(doc, timed)
    lines = readme.splitlines()
    assert lines[0] == f"Oakfield Primary School: {doc.title} - آڈیو"
    total = round(sum(t.seconds for t in timed))
    assert f"{total // 60} منٹ {total % 60:02d} سیکنڈ" in lines[2] and "(espeak-ng)" in lines[2]
    assert lines[3] == i18n.interface_translations("ur").gettext(audio.README_PLAY) and "playlist.m3u8" in lines[3]
    assert lines[5] == f"01-introduction.mp3  1 منٹ 05 سیکنڈ  {timed[0].title}"
    kept = [*expectation(oakfield, "ur", []).kept, "espeak-ng", "playlist.m3u8", *(f"{t.name}.mp3" for t in timed)]
    share = measure(readme, "ur", kept)
    assert share.letters > 500 and share.percent == 0, share.english[:5]


def test_the_readme_of_an_english_pack_is_as_it_was(english_tracks):
    doc, tracks = english_tracks
    lines = audio.readme(doc, _timed(tracks)).splitlines()
    total = round(sum(t.seconds for t in _timed(tracks)))
    length = f"{total // 60} min {total % 60:02d} s"
    assert lines[:5] == ["Oakfield Primary School: Support for Learners - audio", "",
                         f"The offer read aloud by a computer voice (espeak-ng), {length} in all.",
                         "Play playlist.m3u8 to hear the tracks in order, or play any one track.", ""]
    assert lines[5] == f"01-introduction.mp3  1 min 05 s  {tracks[0].title}"
    assert lines[6] == f"{tracks[1].name}.mp3  1 min 15 s  {tracks[1].title}"


# --- the recording -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def recording(oakfield):
    if any(shutil.which(p) is None for p in PROGRAMS):
        pytest.skip(MISSING)
    return zipfile.ZipFile(io.BytesIO(render(oakfield, "audio")))


def test_registered():
    assert FORMATS["audio"].load() is audio.render_audio
    assert FORMATS["audio"].extension == ".zip"


def test_zip_holds_the_playlist_readme_and_one_mp3_per_track(recording, english_tracks):
    _, tracks = english_tracks
    names = recording.namelist()
    assert names[:2] == ["playlist.m3u8", "README.txt"]
    assert names[2:] == [f"{t.name}.mp3" for t in tracks]
    playlist = recording.read("playlist.m3u8").decode("utf-8")
    assert playlist.startswith("#EXTM3U\n")
    entries = audio.read_playlist(recording.read("playlist.m3u8"))
    assert [file for file, _, _ in entries] == [f"{t.name}.mp3" for t in tracks]  # the playing order
    assert [title for _, _, title in entries] == [f"Oakfield Primary School - {t.title}" for t in tracks]


def test_lengths_match_the_words_at_a_normal_speaking_rate(recording, english_tracks):
    from mutagen.mp3 import MP3

    _, tracks = english_tracks
    entries = {file: seconds for file, seconds, _ in audio.read_playlist(recording.read("playlist.m3u8"))}
    readme = recording.read("README.txt").decode("utf-8")
    total = 0.0
    for track in tracks:
        mp3 = MP3(io.BytesIO(recording.read(f"{track.name}.mp3")))
        seconds = mp3.info.length
        total += seconds
        assert mp3.info.channels == 1 and mp3.info.sample_rate == audio.SAMPLE_RATE
        assert abs(entries[f"{track.name}.mp3"] - seconds) <= 1.0  # the playlist's length is the file's
        listed = re.search(rf"^{track.name}\.mp3  (\d+) min (\d\d) s  ", readme, re.M)
        assert listed and abs(int(listed[1]) * 60 + int(listed[2]) - seconds) <= 1.0, track.name
        words = sum(len(speakable(text, lang).split()) for p in track.passages for text, lang in p.runs)
        expected = words / NORMAL_RATE * 60
        assert 0.7 * expected <= seconds <= 1.3 * expected, (track.name, words, seconds)
        tags = mp3.tags
        assert str(tags["TIT2"]) == track.title
        assert str(tags["TRCK"]) == f"{track.number}/{len(tracks)}"
        assert str(tags["TPE1"]) == "Oakfield Primary School"
    assert 20 * 60 < total < 70 * 60
    listed = re.search(r"(\d+) min (\d\d) s in all", readme)
    assert abs(int(listed[1]) * 60 + int(listed[2]) - total) <= len(tracks)  # the MP3s add a frame or two each


def test_a_track_decodes_to_speech_not_silence(recording, tmp_path):
    # LAME decodes it back (what any player does); the samples must be speech-loud.
    mp3 = tmp_path / "local-offer.mp3"
    mp3.write_bytes(recording.read(next(n for n in recording.namelist() if n.endswith("-local-offer.mp3"))))
    subprocess.run(["lame", "--quiet", "--decode", str(mp3), str(tmp_path / "out.wav")], check=True)
    with wave.open(str(tmp_path / "out.wav")) as wav:
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    samples = memoryview(frames).cast("h")
    loud = sum(1 for s in samples[::50] if abs(s) > 1000) / len(samples[::50])
    assert seconds > 10
    assert 0.2 < loud < 0.95  # speech with pauses: neither silence nor noise


# --- loudness (EBU R128, measured by ffmpeg's ebur128 on the MP3s a listener gets) ------------
TARGET_LUFS, LOUDNESS_TOLERANCE = -18.0, 1.5
MAX_TRUE_PEAK = -1.0  # dBTP: EBU R128's ceiling (the writer aims lower, at -1.5 or under)
# Integrated loudness is gated over 400 ms blocks: a track of a few seconds rests on a handful of
# them and reads several LU off a long one's. Tracks under SHORT_TRACK seconds are held to the
# true-peak ceiling only (the example has none; the rule is for offers with one-line parts).
SHORT_TRACK = 10.0


def ebur128(name: str, mp3: bytes, tmp_path) -> tuple[float, float, float]:
    """(integrated LUFS, true peak dBTP, seconds) of an MP3, read by ffmpeg's EBU R128 meter."""
    from mutagen.mp3 import MP3

    path = tmp_path / name.rsplit("/", 1)[-1]
    path.write_bytes(mp3)
    done = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path),
                           "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
                          capture_output=True, text=True, timeout=120, check=True)
    summary = done.stderr[done.stderr.rindex("Summary:"):]
    loudness = float(re.search(r"\bI:\s+(\S+) LUFS", summary)[1])
    peak = float(re.search(r"\bPeak:\s+(\S+) dBFS", summary)[1])
    return loudness, peak, MP3(io.BytesIO(mp3)).info.length


def levels_of(book: zipfile.ZipFile, names: list[str], tmp_path) -> dict[str, tuple[float, float, float]]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(lambda name: ebur128(name, book.read(name), tmp_path), names)))


def assert_levelled(levels: dict[str, tuple[float, float, float]]) -> None:
    held = {name: level for name, level in levels.items() if level[2] >= SHORT_TRACK}
    assert len(held) >= len(levels) / 2, "too few tracks long enough to hold to a loudness"
    for name, (loudness, peak, seconds) in levels.items():
        assert peak <= MAX_TRUE_PEAK, f"{name}: true peak {peak} dBTP"
        if name in held:
            assert abs(loudness - TARGET_LUFS) <= LOUDNESS_TOLERANCE, f"{name}: {loudness} LUFS ({seconds:.0f} s)"


def test_every_track_is_loudness_normalised(recording, tmp_path):
    names = [n for n in recording.namelist() if n.endswith(".mp3")]
    levels = levels_of(recording, names, tmp_path)
    assert_levelled(levels)
    # Levelled to one loudness, not merely under a ceiling: the tracks agree within 1 LU.
    loudness = [level[0] for level in levels.values() if level[2] >= SHORT_TRACK]
    assert max(loudness) - min(loudness) <= 1.0, loudness


# --- in the pack -----------------------------------------------------------------------------

def test_pack_makes_audio_only_when_asked():
    from offerprint.pack import default_formats

    for fmt in ("audio", "talking-book"):
        assert fmt in FORMATS and FORMATS[fmt].on_request and fmt not in default_formats()


def test_pack_lists_each_tracks_length(recording, oakfield, tmp_path, monkeypatch):
    # The recording made once above stands in for the pack's own render (same offer, same bytes).
    import json

    import offerprint.pack as pack

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as copy:
        for info in recording.infolist():
            copy.writestr(info, recording.read(info.filename))
    data = buffer.getvalue()
    monkeypatch.setattr(pack, "render", lambda loaded, fmt, options: data)
    result = pack.build_pack([OAKFIELD], tmp_path / "pack", formats=["audio"], jobs=1)
    assert not result.failures
    readme = (tmp_path / "pack" / "README.txt").read_text(encoding="utf-8")
    entries = audio.read_playlist(recording.read("playlist.m3u8"))
    assert f"{len(entries)} tracks, " in readme
    for file, seconds, _ in entries:
        assert f"    {file}  {seconds // 60} min {seconds % 60:02d} s" in readme
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["files"]
    assert entry["path"].endswith("/en-GB/audio.zip") and entry["format"] == "audio"
    assert [t["file"] for t in entry["tracks"]] == [f for f, _, _ in entries]
    assert entry["seconds"] == sum(s for _, s, _ in entries)


@needs_speech
def test_pack_notes_a_language_without_a_voice(offer_dir, tmp_path):
    from offerprint.pack import build_pack

    offer = offer_dir / "offer.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("language: en-GB", "language: so"), encoding="utf-8")
    result = build_pack([offer_dir], tmp_path / "pack", formats=["audio", "text"], jobs=1)
    assert [r.job.fmt for r in result.results] == ["text"] and not result.failures
    assert any("no audio in so, as espeak-ng has no voice for it" in note for note in result.notes)
    assert "no audio in so" in (tmp_path / "pack" / "README.txt").read_text(encoding="utf-8")


def test_cli_pack_has_an_audio_switch(run):
    result = run("pack", "--help")
    assert "--audio" in result.output and "talking book" in result.output


# --- the talking book: EPUB 3 with media overlays --------------------------------------------

@pytest.fixture(scope="session")
def talking_book(tmp_path_factory):
    """The small test offer's talking book (the example's takes half a minute more)."""
    if any(shutil.which(p) is None for p in PROGRAMS):
        pytest.skip(MISSING)
    from conftest import valid_offer_text

    folder = tmp_path_factory.mktemp("talking-book") / "testfield"
    folder.mkdir()
    (folder / "offer.yaml").write_text(valid_offer_text(), encoding="utf-8")
    path = folder.parent / "testfield.epub"
    path.write_bytes(render(load_offer(folder), "talking-book"))
    return path


def test_talking_book_registered():
    assert FORMATS["talking-book"].load() is audio.render_talking_book
    assert FORMATS["talking-book"].extension == ".epub"


def test_talking_book_text_and_audio_in_step(talking_book):
    from xml.etree import ElementTree

    from mutagen.mp3 import MP3

    ns = {"opf": "http://www.idpf.org/2007/opf", "s": "http://www.w3.org/ns/SMIL"}
    book = zipfile.ZipFile(talking_book)
    opf = ElementTree.fromstring(book.read("EPUB/package.opf"))
    items = {i.get("id"): i for i in opf.findall("opf:manifest/opf:item", ns)}
    metas = [(m.get("property"), m.get("refines"), m.text) for m in opf.findall("opf:metadata/opf:meta", ns)]
    assert ("schema:accessMode", None, "auditory") in metas
    assert ("schema:accessibilityFeature", None, "synchronizedAudioText") in metas
    assert ("media:active-class", None, "-epub-media-overlay-active") in metas

    def seconds(clock: str) -> float:
        h, m, s = clock.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    durations = {refines: seconds(text) for prop, refines, text in metas if prop == "media:duration" and refines}
    total = next(seconds(text) for prop, refines, text in metas if prop == "media:duration" and not refines)
    assert abs(total - sum(durations.values())) < 0.01
    pages = [i for i in items.values() if i.get("media-type") == "application/xhtml+xml" and i.get("id") != "nav"]
    assert pages and all(i.get("media-overlay") for i in pages)  # every page is read aloud
    for page in pages:
        smil_item = items[page.get("media-overlay")]
        smil = ElementTree.fromstring(book.read("EPUB/" + smil_item.get("href")))
        xhtml = ElementTree.fromstring(book.read("EPUB/" + page.get("href")))
        ids = {e.get("id") for e in xhtml.iter() if e.get("id")}
        passages = [p for p in audio.page_passages(book.read("EPUB/" + page.get("href")).decode(), "en-GB")]
        pars = smil.findall(".//s:par", ns)
        assert len(pars) == len([p for p in passages if p.element_id])  # every passage, once, in order
        mp3 = MP3(io.BytesIO(book.read("EPUB/audio/" + page.get("id") + ".mp3")))
        assert abs(mp3.info.length - durations["#" + smil_item.get("id")]) < 0.2
        last_end = 0.0
        for par, passage in zip(pars, [p for p in passages if p.element_id]):
            text_src = par.find("s:text", ns).get("src")
            assert text_src == f"../{page.get('href')}#{passage.element_id}" and passage.element_id in ids
            clip = par.find("s:audio", ns)
            begin, end = float(clip.get("clipBegin").rstrip("s")), float(clip.get("clipEnd").rstrip("s"))
            assert last_end <= begin < end <= mp3.info.length
            last_end = end


def test_talking_book_passes_epubcheck(talking_book, tmp_path):
    import json

    jar = "/usr/share/java/epubcheck.jar"
    if shutil.which("java") is None or not __import__("os").path.isfile(jar):
        pytest.skip("epubcheck is not installed (apt-get install epubcheck; scripts/system-deps.sh --test does it)")
    subprocess.run(["java", "-jar", jar, "--json", str(tmp_path / "report.json"), str(talking_book)],
                   capture_output=True, timeout=300)
    report = json.loads((tmp_path / "report.json").read_text())
    assert [m for m in report["messages"] if m["severity"] in {"FATAL", "ERROR", "WARNING"}] == []


def test_talking_book_audio_is_loudness_normalised(talking_book, tmp_path):
    book = zipfile.ZipFile(talking_book)
    assert_levelled(levels_of(book, [n for n in book.namelist() if n.endswith(".mp3")], tmp_path))
