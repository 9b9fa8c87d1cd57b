"""The offer being edited: the file as opened, the unsaved draft, saving, undo and conflicts.

The draft is a ruamel.yaml round-trip document, so a save changes only the values that were
edited: comments, key order, quoting and layout stay as the school wrote them. Every rule
about what a valid offer is comes from offerprint's own loader and check: the would-be file
is written beside offer.yaml and loaded by :func:`offerprint.load.load_offer` before anything
is saved, so the editor never writes a file offerprint cannot read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

from ..errors import OfferInputError, OfferprintError, Problem
from ..fileio import locked, write_atomic
from ..paths import inside
from ..load import MAX_BYTES, LoadedOffer, display_path, field_name, inner_model, load_offer, read_yaml, resolve_offer_path
from ..model import Offer

Path_ = tuple[str | int, ...]

BACKUPS = ".offer-backups"  # inside the offer folder: the versions before each save
SAVE_LOCK = "save.lock"  # in BACKUPS (a hidden folder, not part of the offer): saves take turns
KEEP_BACKUPS = 30

# Fields written as a block of lines (a text box, not a one-line field).
MULTILINE = frozenset({"answer", "co_production", "complaints", "sen_definition", "admissions",
                       "less_favourable_treatment", "facilities", "accessibility_plan", "address",
                       "feedback_address", "meaning", "what"})
# Fields in the offer's small Markdown (shown with a preview).
MARKDOWN = frozenset({"answer", "co_production", "complaints", "sen_definition", "admissions",
                      "less_favourable_treatment", "facilities", "accessibility_plan"})
BOOLEANS = frozenset({"decorative"})  # check boxes: a hidden "false" then the box's "true"
DATES = frozenset({("offer", "published"), ("offer", "reviewed"), ("offer", "next_review")})

# What a new item of each list starts as: TODO where the school must write, as `offerprint new`
# does, so `check` says what is left to fill in.
NEW_ITEMS: dict[str, dict[str, Any]] = {
    "sections": {"id": "", "question": "TODO", "covers": [], "answer": "TODO\n"},
    "easy_read": {"text": "TODO", "picture": "question"},
    "timescales": {"when": "TODO", "what": "TODO"},
    "contacts": {"name": "TODO", "role": "TODO"},
    "pictures": {"file": "TODO", "alt": "TODO"},
    "glossary": {"term": "TODO", "meaning": "TODO"},
}

_FIELD = re.compile(r"([A-Za-z_]+)|\[(\d{1,4})\]|\.")
_WHOLE_FIELD = re.compile(r"[A-Za-z_]+(?:\[\d{1,4}\]|\.[A-Za-z_]+)*")


class EditorError(OfferprintError):
    """A request the editor refuses, with a message for the person at the keyboard and the
    HTTP status to answer with."""

    exit_code = 2
    kind = "editor"

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def parse_field(name: str) -> Path_:
    """'sections[3].answer' (as check names fields, counting from 1) -> ('sections', 2, 'answer')."""
    path: list[str | int] = []
    if not _WHOLE_FIELD.fullmatch(name):
        raise EditorError(f"'{name}' is not a field of an offer")
    pos = 0
    for match in _FIELD.finditer(name):
        pos = match.end()
        if match.group(1):
            path.append(match.group(1))
        elif match.group(2):
            index = int(match.group(2)) - 1
            if index < 0:
                raise EditorError(f"'{name}' is not a field of an offer")
            path.append(index)
    if pos != len(name) or not path or not isinstance(path[0], str) or path[0] not in Offer.model_fields:
        raise EditorError(f"'{name}' is not a field of an offer")
    return tuple(path)


def field_info(path: Path_):
    """The model's description of the field at ``path`` (None for a field the model lacks)."""
    current: Any = Offer
    info = None
    for part in path:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part) if current else None
        if info is None:
            return None
        current = inner_model(info.annotation)
    return info


def model_order(path: Path_) -> list[str]:
    """The field names of the mapping at ``path``, in the model's order (where new keys go)."""
    current: Any = Offer
    for part in path:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        current = inner_model(info.annotation) if info else None
        if current is None:
            return []
    return list(current.model_fields)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a long line the school wrote
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _needs_quotes(text: str) -> bool:
    """Would offerprint's YAML 1.1 reader take this plain text for something else (a number,
    a date, true/false, 9:30 as a number of minutes)?"""
    if text == "" or text != text.strip():
        return True
    tag = pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, text, (True, False))
    return tag != "tag:yaml.org,2002:str"


def plain_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class CheckResult:
    """What offerprint says about one version of the offer."""

    loaded: LoadedOffer | None
    problems: list[Problem] = field(default_factory=list)  # it is not a valid offer (yet)
    report: Any = None  # check.Report, when it is valid
    easy_read: list = field(default_factory=list)  # easy_read.lint_easy_read findings


@dataclass
class SaveResult:
    saved: bool
    message: str
    conflict: bool = False
    disk_text: str = ""
    problems: list[Problem] = field(default_factory=list)


class Draft:
    """One offer open in the editor. Every method is safe to call from several threads."""

    def __init__(self, path: str | os.PathLike):
        folder, source = resolve_offer_path(path)
        self.folder = folder.resolve()
        self.source = source.resolve()
        self.name = display_path(source)
        if self.source.parent != self.folder:
            raise OfferInputError(Problem(self.name, None, None, "", "is not in the offer folder", ""))
        read_yaml(self.source, self.name)  # a file that is not YAML at all cannot be edited here
        self.lock = threading.RLock()
        self.undo_stack: list[Path] = []  # backups made by this session's saves, newest last
        self._open_from_disk()

    # --- the file on disk -------------------------------------------------------------------

    def _read_disk(self) -> tuple[bytes, str]:
        raw = self.source.read_bytes()
        return raw, _normal(raw.decode("utf-8-sig"))

    def _open_from_disk(self) -> None:
        raw, text = self._read_disk()
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        self.crlf = b"\r\n" in raw
        self.base_hash = hashlib.sha256(raw).hexdigest()
        self.saved_text = text
        self.data = _yaml().load(text)
        if not isinstance(self.data, CommentedMap):
            raise OfferInputError(Problem(self.name, 1, 1, "", "should start with 'setting:', 'offer:' and 'sections:'",
                                          "start one with 'offerprint new'"))

    def reopen(self) -> None:
        """Read offer.yaml again (when there is nothing unsaved to lose)."""
        with self.lock:
            self._open_from_disk()

    def disk_changed(self) -> bool:
        """Has someone (or something) changed offer.yaml since it was opened or last saved?"""
        try:
            return hashlib.sha256(self.source.read_bytes()).hexdigest() != self.base_hash
        except OSError:
            return True

    def disk_text(self) -> str:
        try:
            return self._read_disk()[1]
        except (OSError, UnicodeDecodeError) as exc:
            return f"(the file cannot be read: {exc})"

    # --- the draft --------------------------------------------------------------------------

    def text(self) -> str:
        with self.lock:
            out = io.StringIO()
            _yaml().dump(self.data, out)
            return out.getvalue()

    @property
    def dirty(self) -> bool:
        return self.text() != self.saved_text

    def value(self, path: Path_) -> Any:
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def apply_form(self, fields: dict[str, list[str]]) -> None:
        """Put the values typed into the page into the draft. Values that did not change are
        left alone, so their quoting and layout stay as they were."""
        with self.lock:
            for name, values in fields.items():
                try:
                    path = parse_field(name)
                except EditorError:
                    continue  # not an offer field (the CSRF token, a button)
                if path[-1] == "covers":
                    self._set_list(path, [v for v in values if v])
                else:
                    self._set(path, values[-1] if values else "")

    def _parent(self, path: Path_, create: bool) -> Any:
        node: Any = self.data
        for depth, part in enumerate(path[:-1]):
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    raise EditorError(f"{field_name(path)}: there is no such item (reload the page)", 409)
                node = node[part]
                continue
            if not isinstance(node, dict):
                raise EditorError(f"{field_name(path[:depth + 1])}: is not a group of fields in the file", 409)
            if part not in node or node[part] is None:
                if not create:
                    return None
                self._insert(node, path[:depth], part, CommentedMap())
            node = node[part]
        if not isinstance(node, dict):
            raise EditorError(f"{field_name(path[:-1])}: is not a group of fields in the file", 409)
        return node

    def _insert(self, mapping: CommentedMap, where: Path_, key: str, value: Any) -> None:
        """Add a key where the model puts it (after the fields that come before it)."""
        order = model_order(where)
        position = len(mapping)
        if key in order and isinstance(mapping, CommentedMap):
            before = set(order[: order.index(key)])
            position = 0
            for i, existing in enumerate(mapping):
                if existing in before:
                    position = i + 1
            mapping.insert(position, key, value)
        else:
            mapping[key] = value
        keys = list(mapping)
        index = keys.index(key)
        if index > 0 and isinstance(mapping, CommentedMap):
            _carry_trailing(mapping, keys[index - 1], key)

    def _set(self, path: Path_, typed: str) -> None:
        typed = _normal(typed)
        key = path[-1]
        if isinstance(key, int):
            return
        old_parent = self._parent(path, create=False)
        old = old_parent.get(key) if isinstance(old_parent, dict) else None
        if isinstance(old, (dict, list)):
            return  # a group is never replaced by one typed value
        if key in BOOLEANS:
            wanted = typed.strip().lower() == "true"
            if wanted == (old is True):
                return
            parent = self._parent(path, create=True)
            if wanted:
                self._insert(parent, path[:-1], key, True) if key not in parent else parent.__setitem__(key, True)
            elif key in parent:
                del parent[key]  # false is the default: not written
            return
        multiline = key in MULTILINE
        if (plain_value(old).rstrip("\n") if multiline else plain_value(old).strip()) == \
                (typed.rstrip("\n") if multiline else typed.strip()):
            return
        info = field_info(path)
        if not typed.strip():
            if info is not None and not info.is_required():
                # An optional field left empty is not given at all (and an empty group goes too).
                if isinstance(old_parent, dict) and key in old_parent:
                    del old_parent[key]
                    self._drop_empty(path[:-1])
                return
            value: Any = ""
        elif path in DATES and re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed.strip()):
            try:
                value = dt.date.fromisoformat(typed.strip())
            except ValueError:
                value = typed.strip()  # the loader says it is not a real date
        elif multiline and ("\n" in typed.strip() or isinstance(old, LiteralScalarString)):
            value = LiteralScalarString(typed.strip("\n") + "\n")
        elif multiline and "\n" in typed:
            value = typed.strip()
        else:
            value = typed.strip()
            if isinstance(old, str) and type(old) is not str and not isinstance(old, LiteralScalarString):
                value = type(old)(value)  # keep the quoting the school used
            elif _needs_quotes(value):
                value = SingleQuotedScalarString(value)
        parent = self._parent(path, create=True)
        if key in parent:
            parent[key] = value
        else:
            self._insert(parent, path[:-1], key, value)

    def _drop_empty(self, path: Path_) -> None:
        if not path or isinstance(path[-1], int):
            return
        node = self.value(path)
        parent = self.value(path[:-1])
        if isinstance(node, dict) and not node and isinstance(parent, dict):
            del parent[path[-1]]

    def _set_list(self, path: Path_, values: list[str]) -> None:
        parent = self._parent(path, create=True)
        old = parent.get(path[-1])
        if old is not None and [str(v) for v in old] == values:
            return
        seq = CommentedSeq(SingleQuotedScalarString(v) if _needs_quotes(v) else v for v in values)
        seq.fa.set_flow_style()
        if path[-1] in parent:
            parent[path[-1]] = seq
        else:
            self._insert(parent, path[:-1], path[-1], seq)

    def change(self, op: str) -> str:
        """A change of structure: 'add:sections', 'remove:sections[9]', 'up:...', 'down:...'.
        Returns the field name of the item to show next."""
        verb, _, name = op.partition(":")
        path = parse_field(name)
        with self.lock:
            if verb == "add":
                return self._add(path)
            if not isinstance(path[-1], int):
                raise EditorError(f"'{op}' is not a change the editor can make")
            items = self.value(path[:-1])
            index = path[-1]
            if not isinstance(items, list) or index >= len(items):
                raise EditorError(f"{name}: there is no such item (reload the page)", 409)
            if verb == "remove":
                del items[index]
                if not items and path[:-1] != ("sections",):
                    parent = self.value(path[:-2])
                    if isinstance(parent, dict):
                        del parent[path[-2]]
                return field_name(path[:-1]) if path[:-1] != ("sections",) else field_name(path[:-1] + (max(0, index - 1),))
            if verb in ("up", "down"):
                other = index - 1 if verb == "up" else index + 1
                if 0 <= other < len(items):
                    item = items.pop(index)
                    items.insert(other, item)
                    return field_name(path[:-1] + (other,))
                return name
            raise EditorError(f"'{op}' is not a change the editor can make")

    def _add(self, path: Path_) -> str:
        kind = path[-1]
        if not isinstance(kind, str) or kind not in NEW_ITEMS:
            raise EditorError(f"'{field_name(path)}' is not a list the editor can add to")
        template = dict(NEW_ITEMS[kind])
        if kind == "sections":
            taken = {str(s.get("id")) for s in self.value(("sections",)) or [] if isinstance(s, dict)}
            number = 1
            while f"our-question-{number}" in taken:
                number += 1
            template["id"] = f"our-question-{number}"
        item = CommentedMap()
        for key, value in template.items():
            if isinstance(value, list):
                value = CommentedSeq(value)
                value.fa.set_flow_style()
            elif isinstance(value, str) and "\n" in value:
                value = LiteralScalarString(value)
            item[key] = value
        parent = self._parent(path, create=True)
        items = parent.get(kind)
        if not isinstance(items, list):
            items = CommentedSeq()
            self._insert(parent, path[:-1], kind, items)
        items.append(item)
        return field_name(path + (len(items) - 1,))

    # --- checking ----------------------------------------------------------------------------

    def load(self, text: str) -> LoadedOffer:
        """``text`` through offerprint's loader as if it were offer.yaml (files it names resolve
        in the offer's folder, messages name offer.yaml); nothing is written, so this works in a
        read-only folder too. Raises OfferInputError as `check` would."""
        data = self._encode(text)
        if len(data) > MAX_BYTES:
            raise EditorError(f"the offer would be {len(data) / 1_048_576:.1f} MB, more than an offer may be "
                              f"({MAX_BYTES // 1_048_576} MB)", 413)
        return load_offer(self.source, draft=data)

    def _encode(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")

    def check(self, text: str | None = None, today: dt.date | None = None) -> CheckResult:
        """What `offerprint check` (and `check --easy-read`) says about the draft, unsaved."""
        from ..check import check_offer
        from ..easy_read import lint_easy_read

        text = self.text() if text is None else text
        try:
            loaded = self.load(text)
        except OfferInputError as exc:
            return CheckResult(None, problems=exc.problems)
        return CheckResult(loaded, report=check_offer(loaded, today=today), easy_read=lint_easy_read(loaded))

    # --- saving ------------------------------------------------------------------------------

    def save(self, *, overwrite_disk: bool = False) -> SaveResult:
        """Write the draft to offer.yaml: only a valid offer, atomically, after a backup of the
        previous version. If the file changed on disk since it was opened, nothing is written
        (unless ``overwrite_disk``: the person saw both versions and chose theirs; the version
        on disk is kept as a backup all the same)."""
        with self.lock:
            text = self.text()
            try:
                self.load(text)  # the slow part, before the lock: another editor waits only for the write
            except OfferInputError as exc:
                return SaveResult(False, "nothing was saved: the offer has mistakes to put right first",
                                  problems=exc.problems)
            # Across processes (a second editor, a second computer on a shared folder): the check
            # that nobody changed the file and the write are one step, so no save is ever lost.
            if inside(self.folder, BACKUPS) is None:  # a link to elsewhere: nothing written or pruned there
                return SaveResult(False, f"nothing was saved: the offer's {BACKUPS} folder is a link to a folder "
                                         f"outside it; make it an ordinary folder (or remove it) and save again")
            if inside(self.folder, f"{BACKUPS}/{SAVE_LOCK}") is None:  # opening it would make a file there
                return SaveResult(False, f"nothing was saved: {BACKUPS}/{SAVE_LOCK} is a link to a file outside the "
                                         f"offer's folder; delete the link and save again")
            with locked(self.folder / BACKUPS / SAVE_LOCK):
                if self.disk_changed() and not overwrite_disk:
                    return SaveResult(False, "offer.yaml was changed by someone else since you opened it: nothing "
                                             "was saved", conflict=True, disk_text=self.disk_text())
                backup = self._backup()
                write_atomic(self.source, self._encode(text))
                self.base_hash = hashlib.sha256(self.source.read_bytes()).hexdigest()
            self.saved_text = text
            if backup:
                self.undo_stack.append(backup)
            return SaveResult(True, "Saved" + (f"; the previous version is kept in {BACKUPS}/{backup.name}"
                                               if backup else ""))

    def _backup(self, suffix: str = "") -> Path | None:
        if not self.source.is_file():
            return None
        if inside(self.folder, BACKUPS) is None:
            raise EditorError(f"The offer's {BACKUPS} folder is a link to a folder outside it: make it an ordinary "
                              "folder (or remove it), then try again.", 409)
        folder = self.folder / BACKUPS
        folder.mkdir(exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S-%f")
        target = folder / f"offer-{stamp}{suffix}.yaml"
        write_atomic(target, self.source.read_bytes())
        backups = sorted(folder.glob("offer-*.yaml"))
        keep = set(backups[-KEEP_BACKUPS:]) | set(self.undo_stack)
        for old in backups:
            if old not in keep:
                old.unlink(missing_ok=True)
        return target

    def undo(self) -> SaveResult:
        """Put back the version before the last save (the version undone is kept as a backup)."""
        with self.lock:
            if not self.undo_stack:
                return SaveResult(False, "there is no save to undo")
            if inside(self.folder, f"{BACKUPS}/{SAVE_LOCK}") is None:
                return SaveResult(False, f"nothing was undone: {BACKUPS}/{SAVE_LOCK} is a link to a file outside the "
                                         f"offer's folder; delete the link and try again")
            with locked(self.folder / BACKUPS / SAVE_LOCK):
                if self.disk_changed():
                    return SaveResult(False, "offer.yaml was changed by someone else since the last save: nothing "
                                             "was undone", conflict=True, disk_text=self.disk_text())
                previous = self.undo_stack[-1]
                self._backup(suffix="-undone")
                write_atomic(self.source, previous.read_bytes())
            self.undo_stack.pop()
            self._open_from_disk()
            return SaveResult(True, "The last save was undone: offer.yaml is as it was before it")

    def take_disk_version(self) -> SaveResult:
        """Drop the draft for the version on disk (the draft is kept as a backup file first)."""
        with self.lock:
            if inside(self.folder, BACKUPS) is None:  # the draft would be written elsewhere
                return SaveResult(False, f"nothing was changed: the offer's {BACKUPS} folder is a link to a folder "
                                         f"outside it; make it an ordinary folder (or remove it) and try again")
            folder = self.folder / BACKUPS
            folder.mkdir(exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S-%f")
            mine = folder / f"offer-{stamp}-not-saved.yaml"
            write_atomic(mine, self._encode(self.text()))
            self._open_from_disk()
            return SaveResult(True, f"Opened the version on disk; your changes are kept in {BACKUPS}/{mine.name}")


def _innermost(node: Any, key: Any) -> tuple[Any, Any]:
    """(container, key) of the last scalar written under node[key]: where ruamel keeps the
    blank lines that end a block."""
    while True:
        value = node[key]
        if isinstance(value, dict) and len(value):
            node, key = value, list(value.keys())[-1]
        elif isinstance(value, list) and len(value) and not (isinstance(value, CommentedSeq) and value.fa.flow_style()):
            node, key = value, len(value) - 1
        else:
            return node, key


def _carry_trailing(mapping: CommentedMap, previous: str, added: str) -> None:
    """A key added after a block goes before the blank lines and comments that followed the
    block (they lead in to what comes next; ruamel keeps them on the block's last value)."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    node, key = _innermost(mapping, previous)
    slot = 2 if isinstance(node, dict) else 0
    items = node.ca.items.get(key) if hasattr(node, "ca") else None
    if not items or len(items) <= slot or items[slot] is None:
        return
    token = items[slot]
    if isinstance(node[key], LiteralScalarString):  # a block scalar's token holds only what follows it
        own, rest = "", token.value
    else:
        end = token.value.find("\n")
        own, rest = (token.value, "") if end < 0 else (token.value[:end + 1], token.value[end + 1:])
    if not rest:
        return
    if own.strip():
        token.value = own
    else:
        items[slot] = None
    new_node, new_key = _innermost(mapping, added)
    new_block = isinstance(new_node[new_key], LiteralScalarString)
    carried = CommentToken(("" if new_block else "\n") + rest, CommentMark(0), None)
    if isinstance(new_node, dict):
        new_node.ca.items.setdefault(new_key, [None, None, None, None])[2] = carried
    else:
        new_node.ca.items.setdefault(new_key, [None, None])[0] = carried


def diff(old: str, new: str, old_name: str = "on disk", new_name: str = "yours") -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), old_name, new_name, n=2))
