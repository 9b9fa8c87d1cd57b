"""The interface string catalogues (translations/) and offerprint.i18n."""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from offerprint import i18n
from offerprint.labels import labels

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGS = list(i18n.CATALOGUE_LANGUAGES)

# Catalogues no native speaker has reviewed yet. When one is reviewed, its header gets
# "X-Offerprint-Reviewed: yes" and the reviewer's name, and it comes off this list.
UNREVIEWED = {"pl", "ur", "ar", "bn", "pa", "zh-Hans", "ro", "uk", "so", "fa"}

# Characters (letters and marks) each script may use.
SCRIPT_RANGES = {
    "Cyrl": [(0x0400, 0x04FF)],
    "Arab": [(0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "Beng": [(0x0980, 0x09FF)],
    "Guru": [(0x0A00, 0x0A7F)],
    "Hans": [(0x4E00, 0x9FFF)],
}
SCRIPT_RANGES["Aran"] = SCRIPT_RANGES["Arab"]

ACRONYM = re.compile(r"\b(SENCO|SEND)\b")


def in_script(ch: str, script: str) -> bool:
    if script == "Latn":
        return unicodedata.name(ch, "").startswith("LATIN")
    return any(lo <= ord(ch) <= hi for lo, hi in SCRIPT_RANGES[script])


def letters(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch)[0] in "LM"]


def template_ids() -> list[str]:
    with (TRANSLATIONS / "messages.pot").open("rb") as fp:
        return [m.id for m in read_po(fp) if m.id]


def catalogue(lang: str):
    with i18n.catalogue_path(i18n.CATALOGUE_LANGUAGES[lang]).open("rb") as fp:
        return read_po(fp)


# --- the template -------------------------------------------------------------------------


def test_pot_is_up_to_date_with_labels(tmp_path):
    """translations/messages.pot holds exactly the _() messages of offerprint/ (otherwise run
    scripts/update-catalogues.sh and translate what it adds)."""
    out = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "--quiet", "extract", "--mapping-file", str(ROOT / "babel.cfg"),
                                "--output-file", str(out), "--no-location", str(ROOT)])
    with out.open("rb") as fp:
        fresh = [m.id for m in read_po(fp) if m.id]
    assert fresh, "extraction found no messages: is babel.cfg right?"
    current = template_ids()
    assert set(fresh) == set(current), (
        "translations/messages.pot is out of date: run scripts/update-catalogues.sh\n"
        f"new: {sorted(set(fresh) - set(current))}\ngone: {sorted(set(current) - set(fresh))}")


def test_pot_has_every_label():
    seen = []
    labels(lambda s: seen.append(s) or s, setting="X")
    assert set(seen) <= set(template_ids())


# --- the catalogues -----------------------------------------------------------------------


def test_a_catalogue_for_every_language_and_no_other():
    folders = {p.name for p in TRANSLATIONS.iterdir() if p.is_dir()}
    assert folders == set(i18n.CATALOGUE_LANGUAGES.values())
    assert LANGS == ["pl", "ur", "ar", "bn", "pa", "zh-Hans", "ro", "uk", "so", "fa"]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_translates_every_message(lang):
    cat = catalogue(lang)
    assert str(cat.locale) == i18n.CATALOGUE_LANGUAGES[lang]
    for msgid in template_ids():
        message = cat.get(msgid)
        assert message is not None, f"{lang}: missing {msgid!r}"
        assert message.string and message.string.strip(), f"{lang}: untranslated {msgid!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {msgid!r}"
        assert message.string != msgid or msgid in {"Braille"}, f"{lang}: left in English {msgid!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_keeps_placeholders_acronyms_and_blanks(lang):
    for message in catalogue(lang):
        if not message.id:
            continue
        where = f"{lang}: {message.id!r} -> {message.string!r}"
        assert i18n.placeholders(message.string) == i18n.placeholders(message.id), where
        assert sorted(ACRONYM.findall(message.string)) == sorted(ACRONYM.findall(message.id)), where
        assert ("____" in message.string) == ("____" in message.id), where
        assert message.string == message.string.strip(), where


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_marked_with_its_review(lang):
    headers = i18n.po_headers(i18n.catalogue_path(i18n.CATALOGUE_LANGUAGES[lang]))
    assert headers.get("X-Offerprint-Reviewed") in {"yes", "no"}
    assert "X-Offerprint-Reviewer" in headers
    if headers["X-Offerprint-Reviewed"] == "yes":
        assert headers["X-Offerprint-Reviewer"], "a reviewed catalogue names its reviewer"
    assert (headers["X-Offerprint-Reviewed"] == "no") == (lang in UNREVIEWED)
    if lang in UNREVIEWED:
        assert headers["X-Offerprint-Reviewer"] == ""


def test_catalogues_use_each_languages_own_letters():
    text = {lang: "".join(m.string for m in catalogue(lang) if m.id) for lang in LANGS}
    # Romanian: comma below (ș ț), not the old cedilla forms (ş ţ).
    assert not set("şţŞŢ") & set(text["ro"])
    # Urdu and Persian: Farsi yeh and keheh, not the Arabic yeh and kaf (and the reverse).
    for lang in ("ur", "fa"):
        assert not set("\u064a\u0643") & set(text[lang]), lang
    assert not set("\u06cc\u06a9") & set(text["ar"])
    # Urdu: heh goal and yeh barree, as Urdu is written.
    assert "\u06c1" in text["ur"] and "\u06d2" in text["ur"]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_in_its_own_script(lang):
    script = i18n.script_of(lang)
    for message in catalogue(lang):
        if not message.id:
            continue
        english = set(re.findall(r"[A-Za-z]+", message.id)) | set(re.findall(r"\w+", message.id)) \
            | {"SEND", "SENCO", "Local", "Offer", "School", "point", "MP3"}  # whole words too: "MP3"
        rest = re.sub(r"\{\w+\}", "", message.string)
        rest = " ".join(w for w in re.split(r"(\W+)", rest) if w not in english)
        wrong = [ch for ch in letters(rest) if not in_script(ch, script)]
        assert not wrong, f"{lang} ({script}): {wrong} in {message.string!r}"


def test_labels_render_in_every_language():
    english = labels(gettext.NullTranslations().gettext, setting="Oakfield")
    for lang in LANGS:
        words = labels(i18n.interface_translations(lang).gettext, setting="Oakfield")
        assert "Oakfield" in words["what_this_is"]
        assert words["contents"] != english["contents"]
        assert words["page_of"].format(page=2, pages=9).count("2") == 1


def test_catalogue_status():
    status = i18n.catalogue_status()
    assert [s["lang"] for s in status] == LANGS
    total = len(template_ids())
    for s in status:
        assert s["total"] == total
        assert s["translated"] == total, s
        assert s["missing"] == [] and s["broken"] == []
        assert s["reviewed"] is (s["lang"] not in UNREVIEWED)
        assert s["name"] == i18n.native_name(s["lang"])


# --- the update script --------------------------------------------------------------------


def test_update_script_keeps_translations_and_review_headers(tmp_path):
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "offerprint", work / "offerprint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "scripts", work / "scripts")
    shutil.copytree(TRANSLATIONS, work / "translations")
    shutil.copy(ROOT / "babel.cfg", work / "babel.cfg")
    po = work / "translations" / "so" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        '"X-Offerprint-Reviewer: \\n"', '"X-Offerprint-Reviewer: A Reviewer\\n"'), encoding="utf-8")
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PYBABEL=str(bindir / "pybabel"), PYTHON=sys.executable,
               PYTHONPATH=str(work))
    subprocess.run(["bash", str(work / "scripts" / "update-catalogues.sh")], cwd=tmp_path, env=env,
                   check=True, capture_output=True, text=True, timeout=300)
    for lang, folder in i18n.CATALOGUE_LANGUAGES.items():
        path = work / "translations" / folder / "LC_MESSAGES" / "messages.po"
        headers = i18n.po_headers(path)
        assert headers["X-Offerprint-Reviewed"] == "no"
        assert headers["X-Offerprint-Reviewer"] == ("A Reviewer" if folder == "so" else "")
        with path.open("rb") as fp:
            after = {m.id: m.string for m in read_po(fp) if m.id}
        assert after == {m.id: m.string for m in catalogue(lang) if m.id}


# --- tags, direction, script, locale ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_text_direction(lang):
    assert i18n.text_direction(lang) == ("rtl" if lang in {"ur", "ar", "fa"} else "ltr")


def test_text_direction_of_other_tags():
    assert i18n.text_direction("en-GB") == "ltr"
    assert i18n.text_direction("pa-Arab") == "rtl"
    assert i18n.text_direction("ur-IN") == "rtl"
    assert i18n.text_direction("not a tag") == "ltr"


def test_script_of():
    assert {lang: i18n.script_of(lang) for lang in LANGS} == {
        "pl": "Latn", "ur": "Aran", "ar": "Arab", "bn": "Beng", "pa": "Guru", "zh-Hans": "Hans",
        "ro": "Latn", "uk": "Cyrl", "so": "Latn", "fa": "Arab",
    }
    assert i18n.script_of("en-GB") == "Latn"
    assert i18n.script_of("zh") == "Hans"
    assert i18n.script_of("zh-TW") == "Hant"
    assert i18n.script_of("ur-IN") == "Aran"
    assert i18n.script_of("") == "Latn"


@pytest.mark.parametrize("lang", LANGS)
def test_babel_locale_formats_dates(lang):
    text = format_date(dt.date(2025, 9, 1), "long", locale=i18n.babel_locale(lang))
    assert text and "September" not in text


def test_babel_locale():
    assert i18n.babel_locale("zh-Hans") == "zh_Hans"
    assert i18n.babel_locale("pl") == "pl"
    assert i18n.babel_locale("en") == "en_GB"
    assert i18n.babel_locale("en-GB") == "en_GB"
    assert i18n.babel_locale("nonsense!") == "en_GB"


def test_native_name():
    assert i18n.native_name("ur") == "اردو"
    assert i18n.native_name("pl") == "polski"
    assert i18n.native_name("pa") == "ਪੰਜਾਬੀ"
    assert i18n.native_name("zh-Hans").startswith("中文")


# --- interface_translations ---------------------------------------------------------------


def test_interface_translations():
    pl = i18n.interface_translations("pl")
    assert pl.gettext("Contents") != "Contents"
    assert pl.gettext("Contents") == "Spis treści"
    assert pl.gettext("not a message") == "not a message"
    assert i18n.interface_translations("pl") is pl  # compiled once
    assert i18n.interface_translations("zh-Hans").gettext("Contents") == "目录"
    assert i18n.interface_translations("zh_Hans_CN").gettext("Contents") == "目录"
    assert i18n.interface_translations("zh").gettext("Contents") == "目录"
    assert i18n.interface_translations("ur-PK").gettext("Contents") != "Contents"


@pytest.mark.parametrize("lang", ["en", "en-GB", "de", "zh-Hant", "pa-Arab", "", "??"])
def test_no_catalogue_gives_english(lang):
    translations = i18n.interface_translations(lang)
    assert isinstance(translations, gettext.NullTranslations)
    assert translations.gettext("Contents") == "Contents"


def test_broken_placeholder_falls_back_to_english(tmp_path, monkeypatch):
    shutil.copytree(TRANSLATIONS, tmp_path / "translations")
    po = tmp_path / "translations" / "pl" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Strona {page} z {pages}", "Strona {strona} z {pages}"),
                  encoding="utf-8")
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path / "translations")
    i18n.clear_cache()
    try:
        pl = i18n.interface_translations("pl")
        assert pl.gettext("Page {page} of {pages}") == "Page {page} of {pages}"
        assert pl.gettext("Contents") == "Spis treści"
        status = {s["lang"]: s for s in i18n.catalogue_status()}
        assert status["pl"]["broken"] == ["Page {page} of {pages}"]
        assert status["pl"]["translated"] == status["pl"]["total"] - 1
    finally:
        i18n.clear_cache()


# --- the other-formats notice -------------------------------------------------------------


def test_language_lines():
    name = "Oakfield Primary School"
    lines = i18n.language_lines(name)
    assert [line["lang"] for line in lines] == LANGS
    assert len(lines) == 10
    for line in lines:
        lang = line["lang"]
        assert name in line["text"]
        assert line["text"] == line["before"] + name + line["after"]
        assert line["dir"] == i18n.text_direction(lang)
        assert line["script"] == i18n.script_of(lang)
        assert line["name"] == i18n.native_name(lang)
        own = letters(line["text"].replace(name, ""))
        assert len(own) >= 10, line
        wrong = [ch for ch in own if not in_script(ch, line["script"])]
        assert not wrong, f"{lang}: {wrong} in {line['text']!r}"


def test_language_lines_are_distinct_and_not_english():
    texts = [line["text"] for line in i18n.language_lines("X")]
    assert len(set(texts)) == len(texts)
    assert not any(text.startswith("If you need") for text in texts)


# --- issue 26: the audio's words, and the Polish easy read's register -------------------------

def test_the_audio_download_is_worded_in_every_catalogue_language():
    """The audio zip's link on the hub is in the document's language, like every other
    format's (before, its words were in no catalogue, so every language said them in English)."""
    from types import SimpleNamespace

    from offerprint.formats import FORMATS
    from offerprint.site import link_words

    audio = FORMATS["audio"]
    assert {audio.link_words, audio.file_type} <= set(i18n.template_ids())
    made = SimpleNamespace(job=SimpleNamespace(fmt="audio", options=SimpleNamespace(size=None)), pages=None,
                           bytes=40 * 1024 * 1024)
    for tag in i18n.CATALOGUE_LANGUAGES:
        say = i18n.interface_translations(tag).gettext
        words, complete = link_words(made, say, i18n.native_name(tag))
        assert complete, tag
        assert say(audio.link_words) != audio.link_words and say(audio.file_type) != audio.file_type, tag
        assert "MP3" in say(audio.link_words) and "MP3" in words, tag


# A Polish verb or pronoun that says "you" to one person ("ty"): the 2nd person singular of
# the present tense (-sz: możesz, masz, martwisz; not "nasz", ours), imperatives, and
# ci/cię/twój (a capital "Ci" starting a sentence is "these": "Ci uczniowie").
_POLISH_TY = re.compile(
    r"(?i:\b(?!nasz\b)\w+(?:esz|isz|ysz|asz)\b|\b(?:zadzwoń|porozmawiaj|poproś|powiedz|napisz|zapytaj|wyślij|"
    r"cię|ciebie|tobie|tobą|twój|twoja|twoje|twojego|twojej|twoim|twoją|twoich)\b)|\bci\b")


def test_polish_easy_read_addresses_parents_formally():
    """The Polish catalogue speaks to parents as "Państwo" (3rd person plural): so do the easy
    read's sentences and the easy read headings of the parents' question sets (the young
    person's set, which speaks to the young person, keeps "ty"). Still drafts for review."""
    import ast

    from offerprint import easy_read_wording
    from offerprint.questions import OWN_QUESTIONS

    tree = ast.parse(Path(easy_read_wording.__file__).read_text(encoding="utf-8"))
    messages = [node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "N_" and isinstance(node.args[0], ast.Constant)]
    parents = {q.easy for q in OWN_QUESTIONS}
    for name in ("se7-parent", "stockport", "manchester"):
        text = (Path(easy_read_wording.__file__).parent / "questions" / f"{name}.yaml").read_text(encoding="utf-8")
        parents |= set(re.findall(r'^\s+easy: "(.+)"$', text, flags=re.MULTILINE))
    say = i18n.interface_translations("pl").gettext
    informal = {m: say(m) for m in [*messages, *sorted(parents)] if _POLISH_TY.search(say(m))}
    assert not informal, list(informal.items())[:3]
    formal = [say(m) for m in messages if re.search(r"\byou(?:r)?\b", m, re.IGNORECASE)]
    # Most say "Państwo" (some need no "you" in Polish: "Mówi, jak pomagamy ...", "prosimy ...").
    assert sum("Państw" in s for s in formal) >= 2 * len(formal) // 3
    assert say("If you are not happy with the help your child gets, please tell us.") == (
        "Jeśli nie podoba się Państwu pomoc, którą dostaje Państwa dziecko, prosimy nam o tym powiedzieć.")
    assert not i18n.catalogue_reviewed("pl")  # drafts, marked for review as the others are
