"""offer.yaml read safely into plain data, with the line and column of every key and value.

YAML is untrusted (it comes from many hands), so it is read with a safe loader and hard
limits: no tags that construct objects, a size cap, and a cap on how far aliases may expand.
A syntax error is told in an office worker's words, at the line to change
(:func:`explain_yaml_error`). :mod:`offerprint.load` validates what is read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import OfferInputError, Problem
from .paths import display_path, inside

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000  # after alias expansion: stops "billion laughs" documents
MAX_DEPTH = 50

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

Path_ = tuple[str | int, ...]


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


# Word's line break (Shift+Enter, a vertical tab) and Unicode's line and paragraph separators are
# line breaks; every other control character (NUL, bell, escape ...) is refused at load, so no
# writer (EPUB, Word, braille, audio) ever sees one.
LINE_BREAKS = str.maketrans({"\v": "\n", "\u2028": "\n", "\u2029": "\n\n", "\x0c": "\n"})
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")


def control_characters(value, where: Path_ = ()):
    """(where, character) for each control character in the data; Word's line breaks are made
    line breaks in place."""
    if isinstance(value, (dict, list)):
        for key, item in list(value.items() if isinstance(value, dict) else enumerate(value)):
            if isinstance(item, str):
                value[key] = item = item.translate(LINE_BREAKS)
            yield from control_characters(item, where + (key,))
    elif isinstance(value, str) and (found := CONTROL.search(value)):
        yield where, found.group()


def control_problems(data, positions: "Positions", name: str) -> list[Problem]:
    """Word's line breaks in ``data`` made line breaks (in place); a problem naming the file, line
    and field of every other control character (offer.yaml, council.yaml)."""
    problems = []
    for where, char in control_characters(data):
        line, col = positions.of_value(where) if where in positions.values else positions.of_key(where)
        problems.append(Problem(name, line, col, field_name(where),
                                f"holds a control character (U+{ord(char):04X}) that no document can print",
                                "delete it: it usually comes from text pasted from Word or a web page"))
    return problems


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
        what = ("holds a line break typed in Word (Shift+Enter)" if bad.group() == "\x0b"
                else f"holds a control character (U+{ord(bad.group()):04X})")
        raise OfferInputError(Problem(name, line, None, _field_at(text.split("\n"), line - 1), what,
                                      "delete it, or press Enter for a new line; the file may be damaged"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(?:\s|$)")  # the key's column counts the "- "


def _field_at(lines: list[str], index: int) -> str:
    """The dotted path of the field a line belongs to ("setting.name"), read from the keys above it
    by their indentation: the file could not be parsed, so this is where a person should look."""
    path: list[tuple[int, str]] = []
    deepest = None
    for number in range(index, -1, -1):
        found = _KEY.match(lines[number])
        if not found:
            continue
        depth = len(found.group(1))
        if deepest is None or depth < deepest:
            path.insert(0, (depth, found.group(2)))
            deepest = depth
            if depth == 0:
                break
    return ".".join(key for _, key in path)


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


def read_yaml(path: Path, name: str | None = None, raw: bytes | None = None,
              what: str = "an offer") -> tuple[Any, Positions]:
    """Read a YAML file safely. Returns (data, positions) or raises OfferInputError.
    ``raw``: the file's bytes as they would be written (an editor's unsaved draft), read in
    place of the file. ``what``: the kind of file, as messages name it ("a council file")."""
    name = name or display_path(path)
    if raw is None and inside(path.parent, path.name) is None:  # a link to a file elsewhere is never read
        raise OfferInputError(Problem(name, None, None, "", "is a link to a file outside its folder, so it was not read",
                                      "put the file itself in the folder, in place of the link"))
    try:
        size = path.stat().st_size if raw is None else len(raw)
        if size > MAX_BYTES:
            fix = "; put photos in separate files" if what == "an offer" else ""
            raise OfferInputError(Problem(name, None, None, "", f"is {size / 1_048_576:.0f} MB, too big for {what}",
                                          f"{what} is at most {MAX_BYTES // 1_048_576} MB{fix}"))
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
