"""Reading offer.yaml into the model, collecting every problem with its line and column.

YAML is untrusted (it comes from many hands), so it is read with a safe loader and hard
limits: no tags that construct objects, a size cap, and a cap on how far aliases may expand.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import markdown as md
from .errors import OfferInputError, Problem
from .model import KINDS_NEEDING_SENCO, Offer
from .paths import inside
from .questions import S69, SCHEDULE_1, get_question_set, question_sets
from .safe_xml import looks_like_xml, xml_problem

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000  # after alias expansion: stops "billion laughs" documents
MAX_DEPTH = 50

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

Path_ = tuple[str | int, ...]


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


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to here if it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def resolve_offer_path(path: str | os.PathLike) -> tuple[Path, Path]:
    """Accept an offer folder or its offer.yaml; return (folder, offer.yaml)."""
    p = Path(path)
    if p.is_dir():
        return p, p / "offer.yaml"
    return p.parent, p


# --- reading YAML with positions -----------------------------------------------------------

class _Reader:
    """Turns a composed YAML node graph into plain data, recording each value's position."""

    def __init__(self, name: str):
        self.name = name
        self.positions: dict[Path_, tuple[int, int]] = {}  # where each value starts
        self.key_positions: dict[Path_, tuple[int, int]] = {}  # where each key is written
        self.problems: list[Problem] = []
        self.nodes = 0
        self._scalars = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node | None, path: Path_, message: str, fix: str = "") -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (None, None)
        self.problems.append(Problem(self.name, line, col, field_name(path), message, fix))

    def read(self, node: yaml.Node, path: Path_ = (), depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(node)
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, path, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                         "remove the tag; write plain text, numbers, lists and key: value pairs")
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, path, "'<<' merge keys are not allowed", "write the keys out in full")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_node, path, "a key must be a plain word", "write key: value")
                    continue
                key = str(key_node.value)
                if key in result:
                    self.problem(key_node, path + (key,), "appears twice", "keep one and delete the other")
                    continue
                self.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.read(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.read(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() not in ("true", "false"):
            return node.value  # YAML 1.1 reads 'yes', 'no', 'on', 'off' as true/false; people mean the word
        try:
            value = self._scalars.construct_object(node)
        except (ValueError, yaml.YAMLError):
            # The YAML date pattern matched but the date does not exist (2026-02-30).
            self.problem(node, path, f"'{node.value}' is not a real date", "write a real date as YYYY-MM-DD")
            return None
        if isinstance(value, dt.datetime):
            self.problem(node, path, f"'{node.value}' has a time in it", "write just the date, YYYY-MM-DD")
            return None
        if isinstance(value, str) and not node.style:  # plain: None from PyYAML's parser, '' from libyaml's
            value = _unquote(value)
        return value


# Word turns "..." into curly quotes; around a whole value they are quotes, not part of the name.
_CURLY = re.compile(r"^\s*(?:“([^“”]*)”|‘([^‘’]*)’)\s*$")


def _unquote(value: str) -> str:
    match = _CURLY.match(value)
    if not match:
        return value
    return match.group(1) if match.group(1) is not None else match.group(2)


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


class _TooBig(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


class _TooDeep(_TooBig):
    pass


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:8192]:
        raise OfferInputError(Problem(name, None, None, "", "is not a text file",
                                      "an offer is a YAML text file saved as UTF-8"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise OfferInputError(Problem(name, line, col, "", f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
                                      "save the file as UTF-8 (in Notepad: Save As, Encoding UTF-8)")) from None
    # Control characters other than tab and line ends are never meant (usually a damaged file).
    bad = re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise OfferInputError(Problem(name, line, None, "", "contains a control character",
                                      "delete it; the file may be damaged"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_line(lines: list[str], index: int) -> int | None:
    """The index of the nearest line above ``index`` with content (not blank, not a comment)."""
    for i in range(index - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?):(?:\s|$)")


def explain_yaml_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int | None, int | None, str, str]:
    """A YAML syntax error as (line, column, what is wrong, how to fix it), in an office
    worker's words and at the line to change (PyYAML often names the line after it)."""
    lines = text.split("\n")
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    at = mark.line if mark else 0
    # A tab anywhere in the indentation up to here: YAML indents with spaces only.
    for i, line in enumerate(lines[: at + 1]):
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead:
            return (i + 1, lead.index("\t") + 1, f"line {i + 1} is indented with a tab",
                    "use spaces, not a tab")
    if "\t" in problem:
        return (at + 1, mark.column + 1 if mark else None, f"line {at + 1} has a tab here", "use spaces, not a tab")
    if "quoted scalar" in context and exc.context_mark:
        start = exc.context_mark
        return (start.line + 1, start.column + 1, f"the quote opened on line {start.line + 1} is never closed",
                "add the closing quote at the end of the text, or remove the opening one")
    if "could not find expected ':'" in problem and exc.context_mark:
        start = exc.context_mark
        word = lines[start.line].strip().split(" ")[0] if start.line < len(lines) else ""
        return (start.line + 1, start.column + 1, f"line {start.line + 1} has no colon after '{word}'",
                f"write it as '{word}: ' followed by the value")
    if problem == "mapping values are not allowed here" and mark:
        line = lines[at] if at < len(lines) else ""
        before = _previous_line(lines, at)
        above = lines[before] if before is not None else ""
        key = _KEY.match(line)
        if key and mark.column > key.end() - 1:
            # "answer: Note: we ..." - a second colon inside the value.
            what = "answer" if key.group(2).strip() == "answer" else "text"
            return (at + 1, mark.column + 1, f"line {at + 1} has a colon (:) inside the text of '{key.group(2)}'",
                    f"put this {what} in quotes or start it with |")
        if before is not None and _indent(line) > _indent(above):
            return (at + 1, _indent(line) + 1, f"line {at + 1} is indented more than the line above",
                    f"start it with {_indent(above)} spaces, like line {before + 1}")
        if before is not None and not _KEY.match(above) and above.strip() and _indent(line) == _indent(above):
            word = above.strip().split(" ")[0]
            return (before + 1, _indent(above) + 1, f"line {before + 1} has no colon after '{word}'",
                    f"write it as '{word}: ' followed by the value")
        return (at + 1, mark.column + 1, f"line {at + 1} has a colon (:) inside a text",
                "put this text in quotes or start it with |")
    if problem.startswith("expected <block end>") and mark:
        line = lines[at] if at < len(lines) else ""
        before = _previous_line(lines, at)
        if before is not None:
            above = lines[before]
            where = "more" if _indent(line) > _indent(above) else "less"
            levels = sorted({_indent(lines[i]) for i in range(at) if lines[i].strip()
                             and not lines[i].lstrip().startswith("#") and _indent(lines[i]) < _indent(line)} |
                            {_indent(above)} if where == "less" else {_indent(above)})
            fix = ("use the same number of spaces as the lines it belongs with ("
                   + " or ".join(str(n) for n in levels[-2:]) + " spaces)")
            return (at + 1, _indent(line) + 1, f"line {at + 1} is indented {where} than the line above", fix)
    if problem.startswith("found character") and "cannot start any token" in problem and mark:
        char = problem.split("'")[1] if "'" in problem else "this character"
        return (at + 1, mark.column + 1, f"a value cannot start with {char}", "put the value in quotes")
    if "found undefined alias" in problem and mark:
        return (at + 1, mark.column + 1, "a value starts with '*'", "put the value in quotes")
    what = problem or context or "the layout is not valid"
    return (at + 1 if mark else None, mark.column + 1 if mark else None, f"the file's layout is wrong here ({what})",
            "check the indentation (spaces only) and that every 'key: value' has a space after the colon")


@dataclass(frozen=True)
class Positions:
    """Where each value and each key of a YAML file is (1-based line and column)."""

    values: dict[Path_, tuple[int, int]]
    keys: dict[Path_, tuple[int, int]]

    def of_value(self, path: Path_) -> tuple[int | None, int | None]:
        return _lookup(self.values, path)

    def of_key(self, path: Path_) -> tuple[int | None, int | None]:
        """The key's own position; for the top level, the start of the file."""
        if not path:
            return (1, 1)
        return self.keys.get(path) or self.of_key(path[:-1])


def read_yaml(path: Path, name: str | None = None, raw: bytes | None = None) -> tuple[Any, Positions]:
    """Read a YAML file safely. Returns (data, positions) or raises OfferInputError.
    ``raw``: the file's bytes as they would be written (an editor's unsaved draft), read in
    place of the file."""
    name = name or display_path(path)
    try:
        size = path.stat().st_size if raw is None else len(raw)
        if size > MAX_BYTES:
            raise OfferInputError(Problem(name, None, None, "", f"is {size / 1_048_576:.0f} MB, too big for an offer",
                                          f"an offer is at most {MAX_BYTES // 1_048_576} MB; put photos in separate files"))
        if raw is None:
            raw = path.read_bytes()
    except FileNotFoundError:
        raise OfferInputError(Problem(name, None, None, "", "does not exist",
                                      "give the offer folder or its offer.yaml; 'offerprint new' starts one")) from None
    except IsADirectoryError:
        raise OfferInputError(Problem(name, None, None, "", "is a folder without an offer.yaml",
                                      "give the offer folder or its offer.yaml")) from None
    except PermissionError:
        raise OfferInputError(Problem(name, None, None, "", "cannot be read (permission denied)",
                                      "check the file's permissions")) from None
    text = _decode(raw, name)
    reader = _Reader(name)
    node = _compose(text, name)
    if node is None:
        raise OfferInputError(Problem(name, None, None, "", "is empty", "start one with 'offerprint new'"))
    try:
        data = reader.read(node)
    except _TooDeep as exc:
        raise OfferInputError(Problem(name, exc.node.start_mark.line + 1, exc.node.start_mark.column + 1, "",
                                      "is nested too deeply", f"an offer is at most {MAX_DEPTH} levels deep")) from None
    except _TooBig as exc:
        raise OfferInputError(Problem(name, exc.node.start_mark.line + 1, exc.node.start_mark.column + 1, "",
                                      "repeats anchors and aliases (&, *) too many times",
                                      "write the content out instead of repeating aliases")) from None
    except RecursionError:
        raise OfferInputError(Problem(name, None, None, "", "has an alias that refers to itself",
                                      "remove the '*' alias")) from None
    if reader.problems:
        raise OfferInputError(reader.problems)
    return data, Positions(reader.positions, reader.key_positions)


#: libyaml's composer (C) where PyYAML has it: ten times faster than the Python one, and it
#: stops at 1,000 levels of nesting where the Python one runs out of stack.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_LIBYAML_DIFFERS = re.compile(r"[\t\ufeff]|[|>][-+0-9]*#")


def _compose(text: str, name: str) -> yaml.Node | None:
    """The YAML node graph, with each node's line and column (where each node starts: the only
    mark offerprint uses; test_load compares the two parsers on mutated offers, and the one
    difference seen is the place of an empty value inside odd flow syntax). A file that does
    not parse is read again by PyYAML's own parser, whose messages explain_yaml_error puts in
    plain words."""
    # libyaml takes a tab inside a line as a space and "|#" as "| #" where PyYAML refuses both
    # (and says where), and counts a byte order mark inside the text differently: a file with
    # any of these is read the way it always was.
    if _FAST_LOADER is not None and not _LIBYAML_DIFFERS.search(text):
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # said below, in the words people were given before
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line, column, message, fix = explain_yaml_error(text, exc)
        raise OfferInputError(Problem(name, line, column, "", message, fix)) from None
    except yaml.YAMLError as exc:
        raise OfferInputError(Problem(name, None, None, "", f"this is not valid YAML: {exc}", "")) from None
    except RecursionError:
        raise OfferInputError(Problem(name, None, None, "", "is nested too deeply",
                                      f"an offer is at most {MAX_DEPTH} levels deep")) from None


# --- validation messages ----------------------------------------------------------------------

def field_name(path: Path_) -> str:
    """('sections', 2, 'answer') -> 'sections[3].answer' (people count from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _lookup(positions: dict[Path_, tuple[int, int]], path: Path_) -> tuple[int | None, int | None]:
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return None, None


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
