"""The interface string catalogues: labels.py's fixed wording in each catalogue language.

The catalogues are the PO files under ``translations/<folder>/LC_MESSAGES/messages.po``, made
from ``translations/messages.pot`` (``scripts/update-catalogues.sh`` re-extracts the template
and updates every catalogue). They are compiled in memory the first time a language is asked
for, so there is no separate build step and a catalogue edited in Poedit or Weblate is used as
it is.

Language tags here are BCP 47 (``zh-Hans``, ``en-GB``); POSIX spellings (``zh_Hans``) are
accepted too. A tag matches a catalogue when its language and (likely) script do: ``ur-IN``
gets the Urdu catalogue, ``zh`` the Simplified Chinese one, but ``zh-Hant`` and ``pa-Arab``
(Shahmukhi) get none, since printing them in the wrong script would be worse than English.

Each catalogue's header says whether a native speaker has reviewed it::

    "X-Offerprint-Reviewed: no\\n"
    "X-Offerprint-Reviewer: \\n"

Babel drops headers it does not know when it reads or updates a PO file, so they are read
here from the file's text, and the update script puts them back after ``pybabel update``.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
import string
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, unescape
from babel.support import Translations

from .labels import labels
from .resources import TRANSLATIONS

TRANSLATIONS_DIR = TRANSLATIONS  # the project's translations/, or the installed package's

#: BCP 47 tag -> the catalogue's folder under translations/ (a Babel locale identifier), in the
#: order the other-formats notice lists them.
CATALOGUE_LANGUAGES: dict[str, str] = {
    "pl": "pl",            # Polish
    "ur": "ur",            # Urdu (Arabic script, set in Nastaliq)
    "ar": "ar",            # Arabic
    "bn": "bn",            # Bengali
    "pa": "pa",            # Punjabi in Gurmukhi (Babel's "pa" is pa_Guru_IN)
    "zh-Hans": "zh_Hans",  # Chinese, simplified characters
    "ro": "ro",            # Romanian
    "uk": "uk",            # Ukrainian
    "so": "so",            # Somali
    "fa": "fa",            # Persian (Farsi)
}

REVIEWED_HEADER = "X-Offerprint-Reviewed"
REVIEWER_HEADER = "X-Offerprint-Reviewer"

# Languages whose Arabic script is set in Nastaliq: their documents need a Nastaliq font, which
# ISO 15924 names "Aran".
_NASTALIQ = {"ur"}
# Fallback when Babel has no locale data for a tag: the scripts written right to left.
_RTL_SCRIPTS = {"Arab", "Aran", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"}
_DEFAULT_LOCALE = "en_GB"


# --- language tags ---------------------------------------------------------------------------


def _subtags(lang: str) -> tuple[str, str | None, str | None] | None:
    """(language, script, territory) of a BCP 47 or POSIX tag; None if it is not one."""
    parts = [p for p in re.split(r"[-_]", (lang or "").strip()) if p]
    if not parts or not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]):
        return None
    language, script, territory = parts[0].lower(), None, None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha() and script is None and territory is None:
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            if territory is None:
                territory = part.upper()
        else:
            break  # a variant or extension: not needed here
    return language, script, territory


@functools.lru_cache(maxsize=256)
def _resolved(lang: str) -> tuple[str, str | None, str | None] | None:
    """The tag with its likely script filled in (CLDR likely subtags), as Babel knows them."""
    tags = _subtags(lang)
    if tags is None:
        return None
    language, script, territory = tags
    if script == "Aran":  # a font choice within Arabic script, not a different script
        script = "Arab"
    if script is None:
        likely = get_global("likely_subtags")
        for key in ([f"{language}_{territory}"] if territory else []) + [language]:
            if key in likely:
                found = likely[key].split("_")
                if len(found) > 1 and len(found[1]) == 4:
                    script = found[1]
                break
    return language, script, territory


def catalogue_folder(lang: str) -> str | None:
    """The catalogue folder for a tag, or None when no catalogue fits (English among them)."""
    wanted = _resolved(lang)
    if wanted is None:
        return None
    for tag, folder in CATALOGUE_LANGUAGES.items():
        have = _resolved(tag)
        if have is not None and have[:2] == wanted[:2]:
            return folder
    return None


def catalogue_tag(lang: str) -> str | None:
    """The CATALOGUE_LANGUAGES tag that serves a tag (``zh_Hans_CN`` -> ``zh-Hans``), or None."""
    folder = catalogue_folder(lang)
    return next((tag for tag, f in CATALOGUE_LANGUAGES.items() if f == folder), None)


def _locale(lang: str) -> Locale | None:
    resolved = _resolved(lang)
    if resolved is None:
        return None
    language, script, territory = resolved
    given = _subtags(lang)
    explicit_script = given[1] if given else None
    candidates = []
    if explicit_script and territory:
        candidates.append(f"{language}_{script}_{territory}")
    if explicit_script:
        candidates.append(f"{language}_{script}")
    if territory:
        candidates.append(f"{language}_{territory}")
    if language == "en" and not territory:
        candidates.append(_DEFAULT_LOCALE)  # a UK project: English dates the British way
    candidates.append(language)
    for candidate in candidates:
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return None


def babel_locale(lang: str) -> str:
    """The Babel locale identifier for formatting dates and numbers in ``lang``.

    ``format_date(d, "long", locale=babel_locale("zh-Hans"))`` and the like: "pl", "zh_Hans",
    "ur_IN", "en_GB" ("en" alone, an unknown or a malformed tag give "en_GB").
    """
    locale = _locale(lang)
    return str(locale) if locale is not None else _DEFAULT_LOCALE


def text_direction(lang: str) -> str:
    """"rtl" or "ltr", from Babel's locale data (character order); for a language Babel does
    not know, from its script."""
    resolved = _resolved(lang)
    if resolved is None:
        return "ltr"
    locale = _locale(lang)
    if locale is not None and (_resolved(str(locale)) or (None, None))[1] == resolved[1]:
        return "rtl" if locale.character_order == "right-to-left" else "ltr"
    return "rtl" if resolved[1] in _RTL_SCRIPTS else "ltr"


def script_of(lang: str) -> str:
    """The ISO 15924 script a document in ``lang`` is set in: "Latn", "Cyrl", "Arab", "Beng",
    "Guru", "Hans", ... from CLDR's likely subtags, with "Aran" (Arabic script in Nastaliq) for
    Urdu. An unknown or malformed tag gives "Latn"."""
    resolved = _resolved(lang)
    if resolved is None or resolved[1] is None:
        return "Latn"
    language, script, _ = resolved
    if script == "Arab" and language in _NASTALIQ:
        return "Aran"
    return script


def native_name(lang: str) -> str:
    """The language's name in itself, from Babel: "polski", "اردو", "中文 (简体)"."""
    locale = _locale(lang)
    if locale is None:
        return lang
    return locale.get_display_name(locale) or lang


# --- catalogues ------------------------------------------------------------------------------


def catalogue_path(folder: str) -> Path:
    return TRANSLATIONS_DIR / folder / "LC_MESSAGES" / "messages.po"


def template_path() -> Path:
    return TRANSLATIONS_DIR / "messages.pot"


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message ("{{" and "}}" are literal braces)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # unbalanced braces: not a usable format string
        return {"<unbalanced braces>"}


def po_headers(path: Path) -> dict[str, str]:
    """Every header of a PO file, unknown ones included (Babel's reader keeps only its own)."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r'^msgid ""\s*\nmsgstr ((?:"(?:[^"\\\n]|\\.)*"\s*\n?)+)', text, re.MULTILINE)
    if not match:
        return {}
    value = "".join(unescape(quoted) for quoted in re.findall(r'"(?:[^"\\\n]|\\.)*"', match.group(1)))
    headers = {}
    for line in value.splitlines():
        name, sep, content = line.partition(":")
        if sep:
            headers[name.strip()] = content.strip()
    return headers


def _read_catalogue(path: Path):
    with path.open("rb") as fp:
        return read_po(fp, domain="messages")


@functools.lru_cache(maxsize=None)
def _compiled(folder: str) -> Translations:
    catalog = _read_catalogue(catalogue_path(folder))
    for message in catalog:
        # A translation that lost or renamed a placeholder would break .format(): English is
        # printed instead (catalogue_status reports it).
        if message.id and isinstance(message.id, str) and message.string \
                and placeholders(message.string) != placeholders(message.id):
            message.string = ""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")


def interface_translations(lang: str) -> gettext.NullTranslations:
    """The translations of labels.py's wording for ``lang`` (``.gettext`` is the ``_`` to pass
    to ``labels()``); English and languages without a catalogue get NullTranslations, which
    return the English. Compiled once per catalogue, then cached."""
    folder = catalogue_folder(lang)
    if folder is None or not catalogue_path(folder).is_file():
        return gettext.NullTranslations()
    return _compiled(folder)


def clear_cache() -> None:
    """Forget compiled catalogues (after editing a PO file in a long-running process)."""
    _compiled.cache_clear()


def template_ids() -> list[str]:
    """The message ids of translations/messages.pot, in order."""
    return [m.id for m in _read_catalogue(template_path()) if m.id]


def catalogue_reviewed(folder: str) -> bool:
    """Whether a native speaker has reviewed the catalogue in ``folder`` (its header says so):
    read from the header alone, without reading the catalogue (``offerprint check``)."""
    path = catalogue_path(folder)
    return path.is_file() and po_headers(path).get(REVIEWED_HEADER, "").lower() in {"yes", "true"}


def catalogue_status(folders: set[str] | None = None) -> list[dict]:
    """One entry per catalogue language, for ``offerprint check``: how many of the template's
    messages are translated (not empty, not fuzzy, placeholders kept), and whether a native
    speaker has reviewed the catalogue.

    Keys: lang, folder, name, translated, total, reviewed (bool), reviewer, missing (ids not
    translated) and broken (ids whose translation changed the placeholders).
    """
    ids = template_ids()
    status = []
    for tag, folder in CATALOGUE_LANGUAGES.items():
        if folders is not None and folder not in folders:
            continue  # ``folders``: only these catalogues (an offer's languages: `translate status`)
        path = catalogue_path(folder)
        missing, broken, headers = list(ids), [], {}
        if path.is_file():
            catalog = _read_catalogue(path)
            headers = po_headers(path)
            missing, broken = [], []
            for msgid in ids:
                message = catalog.get(msgid)
                if message is None or not message.string or message.fuzzy:
                    missing.append(msgid)
                elif placeholders(message.string) != placeholders(msgid):
                    broken.append(msgid)
        status.append({
            "lang": tag,
            "folder": folder,
            "name": native_name(tag),
            "translated": len(ids) - len(missing) - len(broken),
            "total": len(ids),
            "reviewed": headers.get(REVIEWED_HEADER, "").lower() in {"yes", "true"},
            "reviewer": headers.get(REVIEWER_HEADER, ""),
            "missing": missing,
            "broken": broken,
        })
    return status


# --- the other-formats notice ----------------------------------------------------------------

_MARK = "\ue000"  # stands in for the setting's name while the sentence is split around it


def _language_line(translations: gettext.NullTranslations) -> str:
    """labels.py's "language_line" in one language, with _MARK where the setting's name goes
    (whether labels() fills in {setting} itself or leaves it to the caller)."""
    sentence = labels(translations.gettext, setting=_MARK)["language_line"]
    if _MARK not in sentence:
        sentence = sentence.format(setting=_MARK)
    return sentence


def language_lines(setting_name: str) -> list[dict]:
    """"If you need this in your language, please contact {setting}." in every catalogue
    language, each in its own script (the catalogue's translation of labels.py's
    ``language_line``), in CATALOGUE_LANGUAGES order.

    Each entry: ``lang`` (BCP 47, for a ``lang`` attribute), ``dir`` ("rtl"/"ltr"), ``text``
    (the sentence with the name in it), ``script`` (see script_of, for the font), ``name`` (the
    language's own name) and ``before``/``after`` (the sentence either side of the name, so a
    template can isolate the name: ``{{ l.before }}<bdi>{{ name }}</bdi>{{ l.after }}``).
    A language whose catalogue does not translate the sentence is left out rather than printed
    in English.
    """
    english = _language_line(gettext.NullTranslations())
    lines = []
    for tag in CATALOGUE_LANGUAGES:
        sentence = _language_line(interface_translations(tag))
        if sentence == english or sentence.count(_MARK) != 1:
            continue
        before, after = sentence.split(_MARK)
        lines.append({
            "lang": tag,
            "dir": text_direction(tag),
            "script": script_of(tag),
            "name": native_name(tag),
            "text": before + setting_name + after,
            "before": before,
            "after": after,
        })
    return lines
