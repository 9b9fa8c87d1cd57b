"""Reading offer.yaml into the model, collecting every problem with its line and column.

YAML is untrusted (it comes from many hands): :mod:`offerprint.safe_yaml` reads it with a safe
loader and hard limits (no tags that construct objects, a size cap, and a cap on how far
aliases may expand), keeping each value's position for the messages here.
"""

from __future__ import annotations

import difflib
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import markdown as md
from .errors import OfferInputError, Problem
from .model import KINDS_NEEDING_SENCO, Offer
from .paths import display_path, inside
from .questions import S69, SCHEDULE_1, get_question_set, question_sets
from .safe_xml import looks_like_xml, xml_problem
# offer.yaml read safely, with positions; these names stay importable from here.
from .safe_yaml import (  # noqa: F401
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    Path_,
    Positions,
    control_problems,
    explain_yaml_error,
    field_name,
    read_yaml,
)


@dataclass
class LoadedOffer:
    """An offer that passed validation, with where it came from."""

    offer: Offer
    folder: Path
    source: Path
    positions: Positions = field(default_factory=lambda: Positions({}, {}), repr=False)
    draft: bytes | None = field(default=None, repr=False)  # what was read in place of source (unsaved)

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """Where a field is written: its key's line (what a person looks for)."""
        return self.positions.of_key(path)

    @property
    def display_name(self) -> str:
        return display_path(self.source)


def resolve_offer_path(path: str | os.PathLike) -> tuple[Path, Path]:
    """Accept an offer folder or its offer.yaml; return (folder, offer.yaml)."""
    p = Path(path)
    if p.is_dir():
        return p, p / "offer.yaml"
    return p.parent, p


# Web addresses a person writes without https:// ("www.school.org"): the fields that hold one.
_WEBSITE_FIELDS = (("setting", "website"), ("offer", "local_offer", "website"))


def _add_https(data: dict) -> None:
    for path in _WEBSITE_FIELDS:
        parent = data
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict) and isinstance(parent.get(path[-1]), str):
            address = parent[path[-1]].strip()
            if re.match(r"(?i)^www\.[^\s]+\.[^\s]+$", address):
                parent[path[-1]] = "https://" + address


# --- validation messages ----------------------------------------------------------------------

def _fields_of(model: type[BaseModel], path: Path_) -> list[str]:
    """The field names allowed at ``path`` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = inner_model(info.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = inner_model(arg)
        if found:
            return found
    return None


def _describe(error: dict, parent_fields: list[str]) -> tuple[str, str]:
    """A pydantic error as (what is wrong, how to fix it), in plain words."""
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "is missing", "add it"
    if kind == "extra_forbidden":
        key = error["loc"][-1]
        close = difflib.get_close_matches(str(key), parent_fields, n=1, cutoff=0.6)
        if close:
            return f"'{key}' is not a field here", f"did you mean '{close[0]}'?"
        allowed = ", ".join(parent_fields)
        return f"'{key}' is not a field here", f"the fields here are: {allowed}" if allowed else "remove it"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        close = difflib.get_close_matches(str(value), re.findall(r"'([^']+)'", expected), n=1, cutoff=0.5)
        fix = f"did you mean '{close[0]}'?" if close else f"use one of: {expected}"
        return f"'{value}' is not allowed", fix
    if kind.startswith("date") or kind in {"datetime_type"}:
        return f"'{value}' is not a date", "write it as YYYY-MM-DD, for example 2026-09-01"
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        text, _, fix = message.partition("|")
        return text, fix
    if kind in {"string_type", "string_too_short"}:
        if value is None or value == "":
            return "is empty", "write the text, or remove the line"
        return "should be text", "write plain text (put it in quotes if it looks like a number or date)"
    if kind == "string_too_long":
        return "is too long", f"shorten it to at most {error.get('ctx', {}).get('max_length')} characters"
    if kind in {"list_type"}:
        return "should be a list", "start each item on its own line with '- '"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "should be a group of 'key: value' lines", "indent the fields under it"
    if kind == "too_short":
        return "is empty", "add at least one item"
    if kind.startswith("bool"):
        return f"'{value}' is not true or false", "write true or false"
    return error["msg"], ""


def _validation_problems(exc: ValidationError, name: str, positions: Positions) -> list[Problem]:
    errors = exc.errors(include_url=False)
    for error in errors:
        error["loc"] = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    # A misspelt key is one mistake, not two: say "did you mean 'phone'?" and not also
    # "phone is missing".
    misspelt = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = error["loc"]
            close = difflib.get_close_matches(str(loc[-1]), _fields_of(Offer, loc[:-1]), n=1, cutoff=0.6)
            if close:
                misspelt.add(loc[:-1] + (close[0],))
    problems = []
    for error in errors:
        loc = error["loc"]
        if error["type"] == "missing" and loc in misspelt:
            continue
        parent = loc[:-1] if error["type"] == "extra_forbidden" else loc
        message, fix = _describe(error, _fields_of(Offer, parent))
        if error["type"] == "extra_forbidden":
            line, col = positions.of_key(loc)
        elif error["type"] == "missing":
            line, col = positions.of_key(loc[:-1])
        else:
            line, col = positions.of_value(loc)
        problems.append(Problem(name, line, col, field_name(loc), message, fix))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


# --- checks that need more than the schema -----------------------------------------------------

def _check_file(folder: Path, relative: str, where: Path_, add) -> None:
    target = inside(folder, relative)
    if target is None:
        add(where, f"'{relative}' is outside the offer folder", "put the file in the offer folder and give its name")
    elif not target.is_file():
        add(where, f"'{relative}' does not exist", "check the spelling, or copy the file into the offer folder")
    else:
        problem = image_problem(target)
        if problem:
            add(where, f"'{relative}' {problem[0]}", problem[1])
        elif looks_like_xml(target):  # SVG: no DOCTYPE or entities, checked once for every format
            found = xml_problem(target)
            if found:
                line, _column, message, fix = found
                add(where, f"'{relative}'" + (f" line {line}" if line else "") + f": {message}", fix)


# A picture is printed at most a page wide: 40 megapixels is a phone photo at full size (and
# what the editor accepts); more only costs memory when it is decoded (a 20000x20000 PNG needs
# 1.6 GB).
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
_RASTER = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff"}


def image_problem(path: Path) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) when a picture is too big to use, else None. Pillow reads
    only the image's header for its size: nothing is decoded."""
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return (f"is {size / 1_048_576:.0f} MB, more than the {MAX_IMAGE_BYTES // 1_048_576} MB a picture may be",
                "save it smaller (a picture prints well at 2000 pixels wide)")
    if path.suffix.lower() not in _RASTER:
        return None
    from PIL import Image, UnidentifiedImageError

    too_many = (f"has more than the {MAX_IMAGE_PIXELS // 1_000_000} million pixels a picture may have",
                "save it smaller (a picture prints well at 2000 pixels wide)")
    try:
        with warnings.catch_warnings():  # Pillow warns above half its limit: ours is lower
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own, far higher, limit
        return too_many
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return ("is not a picture offerprint can read", "save it as a PNG or JPEG image")
    if width * height > MAX_IMAGE_PIXELS:
        return (f"is {width} x {height} pixels: it {too_many[0][4:]}", too_many[1])
    return None


def _semantic_problems(offer: Offer, folder: Path, add) -> None:
    from .picture_library import library  # the easy-read picture names

    qset = get_question_set(offer.offer.questions)
    if qset is None:
        names = list(question_sets())
        close = difflib.get_close_matches(offer.offer.questions, names, n=1)
        add(("offer", "questions"), f"'{offer.offer.questions}' is not a question set",
            f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(names)}")
    seen: set[str] = set()
    for i, section in enumerate(offer.sections):
        where = ("sections", i)
        if section.id in seen:
            add(where + ("id",), f"'{section.id}' is answered twice", "merge the two answers into one section")
        seen.add(section.id)
        if qset is not None and qset.question(section.id) is None and not section.question:
            # An id outside the set is a question of the school's own, which needs its wording;
            # without one it is most likely a typo.
            close = difflib.get_close_matches(section.id, qset.ids, n=1)
            add(where + ("id",), f"'{section.id}' is not a question of the {qset.id} set",
                f"did you mean '{close[0]}'?" if close else
                f"run 'offerprint questions {qset.id}' to see the ids, or add question: for a question of your own")
        for j, item in enumerate(section.covers):
            if item not in SCHEDULE_1 and item not in S69:
                add(where + ("covers", j), f"'{item}' is not a Schedule 1 or s.69 item",
                    f"use {', '.join(SCHEDULE_1)} or {', '.join(S69)}")
        for j, picture in enumerate(section.pictures):
            _check_file(folder, picture.file, where + ("pictures", j, "file"), add)
        for j, item in enumerate(section.easy_read):
            if item.picture not in library():
                if "." in item.picture or "/" in item.picture:
                    _check_file(folder, item.picture, where + ("easy_read", j, "picture"), add)
                else:
                    close = difflib.get_close_matches(item.picture, list(library()), n=1)
                    add(where + ("easy_read", j, "picture"), f"'{item.picture}' is not a picture in the library",
                        f"did you mean '{close[0]}'?" if close else "run 'offerprint pictures' to see the names")
        for problem in md.unsafe_markdown(section.answer):
            add(where + ("answer",), problem, md.ALLOWED_MARKDOWN)
    for name in ("co_production", "complaints", "sen_definition"):
        text = getattr(offer, name)
        for problem in md.unsafe_markdown(text or ""):
            add((name,), problem, md.ALLOWED_MARKDOWN)
    if offer.accessibility:
        for name in type(offer.accessibility).model_fields:
            for problem in md.unsafe_markdown(getattr(offer.accessibility, name)):
                add(("accessibility", name), problem, md.ALLOWED_MARKDOWN)
    if offer.setting.logo:
        _check_file(folder, offer.setting.logo.file, ("setting", "logo", "file"), add)
    if offer.setting.kind in KINDS_NEEDING_SENCO and offer.setting.senco is None:
        add(("setting", "senco"), f"is missing: a {offer.setting.kind} setting must name its SENCO",
            "add senco: with name, phone and email (SEND Regulations 2014, Schedule 1 item 4)")
    if offer.accessibility is None and offer.setting.kind != "college":
        add(("accessibility",), "is missing: schools must publish the four s.69 accessibility items",
            "add accessibility: with admissions, less_favourable_treatment, facilities and accessibility_plan")
    info = offer.offer
    if info.reviewed < info.published:
        add(("offer", "reviewed"), "is before the published date", "the review date is the same or later")
    if info.next_review is not None and info.next_review <= info.reviewed:
        add(("offer", "next_review"), "is not after the reviewed date", "the next review comes after the last one")


def load_offer(path: str | os.PathLike, draft: bytes | None = None) -> LoadedOffer:
    """Load and validate an offer (its folder or its offer.yaml).

    ``draft``: the bytes of an unsaved offer.yaml (the editor's), read in place of the file, so
    that files it names resolve in the offer's folder and messages name offer.yaml, with nothing
    written (the folder may be read-only).
    Raises :class:`OfferInputError` listing every problem found, each with file, line, column.
    """
    folder, source = resolve_offer_path(path)
    name = display_path(source)
    data, positions = read_yaml(source, name, draft)
    if not isinstance(data, dict):
        raise OfferInputError(Problem(name, 1, 1, "", "should start with 'setting:', 'offer:' and 'sections:'",
                                      "start one with 'offerprint new'"))
    _add_https(data)
    control = control_problems(data, positions, name)
    if control:
        raise OfferInputError(control)
    try:
        offer = Offer.model_validate(data)
    except ValidationError as exc:
        raise OfferInputError(_validation_problems(exc, name, positions)) from None
    problems: list[Problem] = []

    def add(where: Path_, message: str, fix: str = "") -> None:
        line, col = positions.of_value(where) if where in positions.values else positions.of_key(where)
        problems.append(Problem(name, line, col, field_name(where), message, fix))

    _semantic_problems(offer, folder, add)
    if problems:
        raise OfferInputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return LoadedOffer(offer=offer, folder=folder, source=source, positions=positions, draft=draft)
