"""Issue 26: every translated document wholly in its language.

The Urdu, Arabic and Bengali easy reads of the example are rendered once (module fixture) and
measured from the PDF's own text: Latin letters outside names, addresses, emails, web
addresses, acronyms and glossary terms are at most 2 % of the letters. Polish has no English
sentence in its easy read (its document, which the PDF prints word for word), its plain text
or the document tree every other format prints. The measure itself, `check` and `translate
status` are shown to catch English on purpose-made cases."""

from __future__ import annotations

import gettext
import subprocess

import pytest

from offerprint import i18n
from offerprint.easy_read import PICTURE_CREDIT, build_easy_read
from offerprint.language_share import english_left, english_sentences, kept_words, measure, standard_text
from offerprint.load import load_offer
from offerprint.picture_library import CREDIT
from offerprint.render import RenderOptions, render

from conftest import ROOT

OAKFIELD = ROOT / "examples" / "oakfield-primary"
OTHER_SCRIPTS = ("ur", "ar", "bn")


@pytest.fixture(scope="module")
def loaded():
    return load_offer(OAKFIELD)


@pytest.fixture(scope="module")
def easy_read_text(loaded) -> dict[str, str]:
    """The pdftotext of each easy read in another script (rendered once: the slow part)."""
    texts = {}
    for lang in OTHER_SCRIPTS:
        pdf = render(loaded, "easy-read", RenderOptions(lang=lang))
        texts[lang] = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                                     capture_output=True, check=True).stdout.decode()
    return texts


@pytest.mark.parametrize("lang", OTHER_SCRIPTS)
def test_easy_read_in_another_script_is_at_most_two_percent_latin(lang, loaded, easy_read_text):
    share = measure(easy_read_text[lang], lang, kept_words(loaded))
    assert share.letters > 4000  # the whole booklet was measured, not a page of it
    assert share.percent <= 2.0, (share.percent, share.english[:10])


@pytest.mark.parametrize("lang", OTHER_SCRIPTS)
def test_easy_read_prints_offerprint_s_wording_in_the_language(lang, loaded, easy_read_text):
    """The sentences the issue found in English are printed in the catalogue's words."""
    say = i18n.interface_translations(lang).gettext
    text = "".join(easy_read_text[lang].split())
    for english in ("If you are not happy with the help your child gets, please tell us.",
                    "You can ask for this booklet in large print, braille or another language.",
                    "Words to know"):
        assert say(english) != english
        assert "".join(say(english).split())[:12] in text
        assert "".join(english.split()) not in text


def test_no_english_sentence_in_the_polish_documents(loaded):
    from offerprint.language_share import easy_read_text as words_of

    doc = build_easy_read(loaded, lang="pl")
    assert not [r for r in doc.rows() if r.lang], "a Polish easy read row is marked as English"
    texts = {"easy read": words_of(doc)}
    # The plain text (a quick writer), and the document tree every other format prints
    # (standard and large print, web page, DOCX, EPUB: the same words).
    text = render(loaded, "text", RenderOptions(lang="pl"))
    texts["text"] = text.decode("utf-8") if isinstance(text, bytes) else text
    texts["document tree"] = standard_text(loaded, "pl")
    for name, text in texts.items():
        found = english_sentences(measure_ready(text, loaded))
        assert not found, (name, found[:5])


def measure_ready(text: str, loaded) -> str:
    """The text as measure() sees it: names, addresses, URLs, emails and acronyms out."""
    from offerprint.language_share import _without_kept

    return _without_kept(text, kept_words(loaded))


# --- the measure, check and status catch English ---------------------------------------------


def test_the_measure_finds_english():
    urdu = "یہ کتابچہ آسان زبان میں ہے۔ " * 20
    assert measure(urdu, "ur").percent == 0
    mixed = measure(urdu + "If you are not happy with the help your child gets, please tell us.", "ur")
    assert mixed.percent > 2 and mixed.english
    # Names, emails, web addresses and acronyms are not counted against a translation.
    kept = measure(urdu + " Mrs Amina Shah senco@oakfield.example.org https://openmoji.org SENCO",
                   "ur", ["Mrs Amina Shah"])
    assert kept.percent == 0
    polish = "Jeśli masz pytanie, zadzwoń do nas. To jest łatwe do czytania."
    assert english_sentences(polish) == []
    assert english_sentences(polish + " You can ask us for this in another language.") == [
        "You can ask us for this in another language."]


def test_check_and_status_report_wording_a_catalogue_lacks(loaded, monkeypatch):
    """With the Urdu catalogue emptied, the easy read's own wording is English: `check` says
    which and where to translate it, and `translate status` never says complete."""
    from offerprint.check import check_offer
    from offerprint.translate import translation_status

    real = i18n.interface_translations
    monkeypatch.setattr(i18n, "interface_translations",
                        lambda lang: gettext.NullTranslations() if lang.startswith("ur") else real(lang))
    left = english_left(loaded, "ur")
    assert "If you are not happy with the help your child gets, please tell us." in left.catalogue
    assert left.easy_read.percent > 2 and "translations/ur/LC_MESSAGES/messages.po" in left.catalogue_path
    found = [f for f in check_offer(loaded).findings if "ur easy read prints" in f.message]
    assert found and "messages.po" in found[0].fix

    status = {s.lang: s for s in translation_status(loaded)}
    assert status["pl"].complete
    real_status = i18n.catalogue_status
    monkeypatch.setattr(i18n, "catalogue_status", lambda folders=None: [
        {**entry, "missing": entry["missing"] + ["Words to know"]} if entry["folder"] == "ur" else entry
        for entry in real_status(folders)])
    status = {s.lang: s for s in translation_status(loaded)}
    assert status["ur"].interface_to_do == 1 and not status["ur"].complete


def test_every_catalogue_translates_the_easy_read_wording():
    """Drafts for the 10 catalogue languages: every easy read message translated, its
    placeholders and ** marks kept."""
    import ast

    from offerprint import easy_read_wording as wording

    tree = ast.parse(open(wording.__file__, encoding="utf-8").read())
    messages = [node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "N_" and isinstance(node.args[0], ast.Constant)]
    assert len(messages) > 50
    for entry in i18n.catalogue_status():
        missing = set(entry["missing"]) | set(entry["broken"])
        assert not missing & set(messages), (entry["lang"], sorted(missing & set(messages))[:3])
        say = i18n.interface_translations(entry["lang"]).gettext
        for message in messages:
            assert say(message).count("**") == message.count("**"), (entry["lang"], message)


def test_the_easy_read_credit_is_the_picture_library_s():
    assert PICTURE_CREDIT == CREDIT
