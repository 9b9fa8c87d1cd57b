"""Loading offer.yaml: every bad input gets one clear line with file, line and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from offerprint.errors import OfferInputError
from offerprint.load import load_offer

from conftest import HEAD, sections_yaml, valid_offer_text


def _replace(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return edit


def _append(extra: str):
    return lambda text: text + extra


# (id, how to break a valid offer, the expected message as a regex on the first line)
BAD_INPUTS = [
    ("broken-yaml-indent", _replace("  kind: primary\n", "   kind: primary\n"),
     r"offer\.yaml:3:4: line 3 is indented more than the line above \(start it with 2 spaces, like line 2\)"),
    ("unclosed-quote", _replace('  version: "1"', '  version: "1'),
     r"offer\.yaml:22:\d+: the quote opened on line 22 is never closed"),
    ("tab-indent", _replace("  kind: primary", "\tkind: primary"),
     r"offer\.yaml:3:1: line 3 is indented with a tab \(use spaces, not a tab\)"),
    ("unknown-top-key", _append("glosary: []\n"),
     r"offer\.yaml:\d+:1: glosary: 'glosary' is not a field here \(did you mean 'glossary'\?\)"),
    ("unknown-setting-key", _replace("  phone: 0161 496 0001", "  phonee: 0161 496 0001"),
     r"offer\.yaml:8:3: setting\.phonee: 'phonee' is not a field here \(did you mean 'phone'\?\)"),
    ("kind-typo", _replace("kind: primary", "kind: primry"),
     r"offer\.yaml:3:9: setting\.kind: 'primry' is not allowed \(did you mean 'primary'\?\)"),
    ("missing-name", _replace("  name: Testfield Primary School\n", ""),
     r"offer\.yaml:1:1: setting\.name: is missing \(add it\)"),
    ("name-is-list", _replace("  name: Testfield Primary School", "  name: [a, b]"),
     r"offer\.yaml:2:9: setting\.name: should be text"),
    ("bad-date", _replace("published: 2026-09-01", "published: 2026-02-30"),
     r"offer\.yaml:19:14: offer\.published: '2026-02-30' is not a real date \(write a real date as YYYY-MM-DD\)"),
    ("date-as-words", _replace("reviewed: 2026-09-01", "reviewed: 1st September"),
     r"offer\.yaml:20:13: offer\.reviewed: '1st September' is not a date \(write it as YYYY-MM-DD"),
    ("date-uk-style", _replace("next_review: 2027-09-01", "next_review: 01/09/2027"),
     r"offer\.yaml:21:16: offer\.next_review: '01/09/2027' is not a date"),
    ("date-with-time", _replace("published: 2026-09-01", "published: 2026-09-01 10:00:00"),
     r"offer\.yaml:19:14: offer\.published: '2026-09-01 10:00:00' has a time in it"),
    ("bad-phone", _replace("  phone: 0161 496 0001", "  phone: call the office"),
     r"offer\.yaml:8:10: setting\.phone: is not a phone number \(write it with digits"),
    ("bad-email", _replace("email: office@testfield.example.org", "email: office at testfield"),
     r"offer\.yaml:9:10: setting\.email: is not an email address"),
    ("bad-website", _replace("website: https://testfield.example.org", "website: testfield dot org"),
     r"offer\.yaml:10:12: setting\.website: is not a web address"),
    ("bad-language", _replace("language: en-GB", "language: English (UK)"),
     r"offer\.yaml:18:13: offer\.language: is not a language tag"),
    ("unknown-question-set", _replace("questions: se7-parent", "questions: se7-parents"),
     r"offer\.yaml:24:14: offer\.questions: 'se7-parents' is not a question set \(did you mean 'se7-parent'\?\)"),
    ("missing-senco", lambda t: re.sub(r"  senco:\n(    .*\n)+", "", t),
     r"offer\.yaml:\d+:\d+: setting\.senco: is missing: a primary setting must name its SENCO"),
    ("missing-logo-file", _replace("  website: https://testfield.example.org\n",
                                   "  website: https://testfield.example.org\n  logo: {file: logo.png, alt: Our logo}\n"),
     r"offer\.yaml:11:\d+: setting\.logo\.file: 'logo\.png' does not exist"),
    ("logo-outside-folder", _replace("  website: https://testfield.example.org\n",
                                     "  website: https://testfield.example.org\n  logo: {file: ../../secret.png, alt: x}\n"),
     r"offer\.yaml:11:\d+: setting\.logo\.file: '\.\./\.\./secret\.png' is outside the offer folder"),
    ("hostile-python-tag", _replace('version: "1"', "version: !!python/object/apply:os.system ['echo hi']"),
     r"offer\.yaml:22:12: offer\.version: the YAML tag !!python/object/apply:os\.system is not allowed"),
    ("hostile-custom-tag", _replace('version: "1"', "version: !include /etc/passwd"),
     r"offer\.yaml:22:12: offer\.version: the YAML tag !include is not allowed"),
    ("alias-bomb", lambda t: "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                             "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                             "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n" + t,
     r"offer\.yaml:\d+:\d+: repeats anchors and aliases \(&, \*\) too many times"),
    ("duplicate-key", _replace("  kind: primary\n", "  kind: primary\n  kind: secondary\n"),
     r"offer\.yaml:4:3: setting\.kind: appears twice \(keep one and delete the other\)"),
    ("unknown-section-id", _replace("  - id: ", "  - id: x", ),
     r"offer\.yaml:\d+:\d+: sections\[1\]\.id: 'x[a-z-]+' is not a question of the se7-parent set"),
    ("section-twice", lambda t: t + sections_yaml().split("\n", 1)[1].split("  - id:")[1].join(["  - id:", ""])[:0]
     + "  - id: " + sections_yaml().split("  - id: ")[1],
     r"offer\.yaml:\d+:\d+: sections\[\d+\]\.id: '[a-z-]+' is answered twice"),
    ("raw-html-in-answer", _replace("      We answer this question plainly.", "      <script>alert(1)</script> We answer"),
     r"offer\.yaml:\d+:\d+: sections\[1\]\.answer: raw HTML is not allowed: <script>"),
    ("file-link-in-answer", _replace("      We answer this question plainly.", "      See ![x](file:///etc/passwd)."),
     r"offer\.yaml:\d+:\d+: sections\[1\]\.answer: the link 'file:///etc/passwd' is not a web, email or phone address"),
    ("easy-read-picture-typo", _replace("picture: teacher", "picture: teachr"),
     r"offer\.yaml:\d+:\d+: sections\[1\]\.easy_read\[1\]\.picture: 'teachr' is not a picture in the library \(did you mean 'teacher'\?\)"),
    ("picture-without-alt", _replace("    easy_read:\n", "    pictures:\n      - file: offer.yaml\n    easy_read:\n"),
     r"offer\.yaml:\d+:\d+: sections\[1\]\.pictures\[1\]: needs alt text"),
    ("not-a-mapping", lambda t: "- just\n- a list\n",
     r"offer\.yaml:1:1: should start with 'setting:', 'offer:' and 'sections:'"),
    ("empty-file", lambda t: "",
     r"offer\.yaml: is empty \(start one with 'offerprint new'\)"),
    ("no-sections", lambda t: HEAD + "sections: []\n",
     r"offer\.yaml:\d+:\d+: sections: is empty \(add at least one item\)"),
    ("review-before-reviewed", _replace("next_review: 2027-09-01", "next_review: 2026-01-01"),
     r"offer\.yaml:21:\d+: offer\.next_review: is not after the reviewed date"),
]

BAD_BYTES = [
    ("binary-junk", lambda: bytes(range(256)) * 4, r"offer\.yaml: is not a text file"),
    ("latin-1", lambda: valid_offer_text().replace("Testfield Primary", "Testfield Prim\u00e4ry").encode("latin-1"),
     r"offer\.yaml:2:\d+: byte 0xe4 is not UTF-8 text \(save the file as UTF-8"),
    ("forty-megabytes", lambda: b"# " + b"x" * (40 * 1024 * 1024),
     r"offer\.yaml: is 40 MB, too big for an offer"),
    ("control-character", lambda: valid_offer_text().replace("Stockport\n", "Stock\x07port\n", 1).encode(),
     r"offer\.yaml:6: setting\.address: holds a control character \(U\+0007\) \(delete it, or press Enter"),
    ("word-line-break-typed-raw", lambda: valid_offer_text().replace("Stockport\n", "Stock\x0bport\n", 1).encode(),
     r"offer\.yaml:6: setting\.address: holds a line break typed in Word \(Shift\+Enter\)"),
]


def _write(folder: Path, data: str | bytes) -> Path:
    path = folder / "offer.yaml"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize("name,edit,expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gets_one_clear_line(offer_dir, monkeypatch, run, name, edit, expected):
    monkeypatch.chdir(offer_dir)
    _write(offer_dir, edit(valid_offer_text()))
    result = run("check", ".")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert re.match(expected, lines[0]), lines
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize("name,make,expected", BAD_BYTES, ids=[b[0] for b in BAD_BYTES])
def test_bad_bytes_get_one_clear_line(offer_dir, monkeypatch, run, name, make, expected):
    monkeypatch.chdir(offer_dir)
    _write(offer_dir, make())
    result = run("check", "offer.yaml")
    assert result.exit_code == 2
    assert re.match(expected, result.stderr.strip()), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_problem_is_collected_not_just_the_first(offer_dir):
    text = valid_offer_text().replace("kind: primary", "kind: primry").replace(
        "phone: 0161 496 0001", "phone: ring us").replace("published: 2026-09-01", "published: soon")
    _write(offer_dir, text)
    with pytest.raises(OfferInputError) as info:
        load_offer(offer_dir)
    fields = [p.field for p in info.value.problems]
    assert {"setting.kind", "setting.phone", "offer.published"} <= set(fields)


def test_missing_offer_is_named(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith("nowhere: does not exist (give the offer folder")


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_are_fine(offer_dir, variant):
    text = valid_offer_text()
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    _write(offer_dir, data)
    loaded = load_offer(offer_dir / "offer.yaml")
    assert loaded.offer.setting.name == "Testfield Primary School"
    assert loaded.offer.setting.address.startswith("1 Test Road\nStockport")


def test_folder_or_file_both_work(offer_dir):
    assert load_offer(offer_dir).source == load_offer(offer_dir / "offer.yaml").source


def test_next_review_defaults_to_a_year_after_review(offer_dir):
    _write(offer_dir, valid_offer_text().replace("  next_review: 2027-09-01\n", ""))
    assert str(load_offer(offer_dir).offer.offer.next_review) == "2027-09-01"


def test_debug_shows_traceback_only_when_asked(offer_dir, run, monkeypatch):
    import offerprint.check as check_module  # the check command imports check_offer when it runs

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(check_module, "check_offer", boom)
    result = run("check", str(offer_dir))
    assert result.exit_code == 70
    assert "internal error: RuntimeError: kaboom" in result.stderr
    assert "Traceback" not in result.output
    with pytest.raises(RuntimeError):
        run("--debug", "check", str(offer_dir))


# Point 7 of issue 15: YAML mistakes said in plain words, at the line to change.
YAML_MISTAKES = [
    ("tab", _replace("  phone: 0161 496 0001", "\tphone: 0161 496 0001"),
     r"offer\.yaml:8:1: line 8 is indented with a tab \(use spaces, not a tab\)$"),
    ("indented-more", _replace("  email: office@", "    email: office@"),
     r"offer\.yaml:9:5: line 9 is indented more than the line above \(start it with 2 spaces, like line 8\)$"),
    ("indented-less", _replace("  email: office@", " email: office@"),
     r"offer\.yaml:9:2: line 9 is indented less than the line above \(use the same number of spaces"),
    ("colon-in-answer", _replace("    answer: |\n      We answer this question plainly.",
                                 "    answer: Note: we answer this question plainly."),
     r"offer\.yaml:\d+:\d+: line \d+ has a colon \(:\) inside the text of 'answer' "
     r"\(put this answer in quotes or start it with \|\)$"),
    ("missing-colon", _replace("  phone: 0161 496 0001", "  phone 0161 496 0001"),
     r"offer\.yaml:8:3: line 8 has no colon after 'phone' \(write it as 'phone: ' followed by the value\)$"),
    ("missing-colon-before-key", _replace("  name: Testfield Primary School", "  name Testfield Primary School"),
     r"offer\.yaml:2:3: line 2 has no colon after 'name'"),
]


@pytest.mark.parametrize("name,edit,expected", YAML_MISTAKES, ids=[m[0] for m in YAML_MISTAKES])
def test_yaml_mistakes_in_plain_words(offer_dir, monkeypatch, run, name, edit, expected):
    monkeypatch.chdir(offer_dir)
    text = edit(valid_offer_text())
    _write(offer_dir, text)
    result = run("check", ".")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert re.match(expected, lines[0]), lines
    for jargon in ("block end", "mapping values", "token", "scanning", "YAML"):
        assert jargon not in lines[0]
    if name == "colon-in-answer":  # the line named is the one with the colon
        number = int(lines[0].split(":")[1])
        assert "Note: we answer" in text.splitlines()[number - 1]


def test_word_curly_quotes_and_www_links(offer_dir):
    """Point 8 of issue 15: Word's curly quotes around a value are quotes, not part of the
    name; "www.school.org" is a web address (https:// is added)."""
    text = (valid_offer_text()
            .replace("  name: Testfield Primary School", "  name: \u201cTestfield Primary School\u201d")
            .replace("    name: Stockport Local Offer", "    name: \u2018Stockport Local Offer\u2019")
            .replace("website: https://testfield.example.org", "website: www.testfield.example.org")
            .replace("website: https://localoffer.example.org", "website: WWW.localoffer.example.org")
            .replace("We answer this question plainly.", "Read [our policy](www.testfield.example.org/send).", 1))
    _write(offer_dir, text)
    loaded = load_offer(offer_dir)
    assert loaded.offer.setting.name == "Testfield Primary School"
    assert loaded.offer.offer.local_offer.name == "Stockport Local Offer"
    assert loaded.offer.setting.website == "https://www.testfield.example.org"
    assert loaded.offer.offer.local_offer.website == "https://WWW.localoffer.example.org"
    from offerprint.markdown import to_html

    assert 'href="https://www.testfield.example.org/send"' in to_html(loaded.offer.sections[0].answer)
    # Quotes inside a value are the school's own words, kept as written.
    _write(offer_dir, valid_offer_text().replace("  name: Testfield Primary School",
                                                 "  name: The \u201cBright\u201d School"))
    assert load_offer(offer_dir).offer.setting.name == "The \u201cBright\u201d School"


def test_deeply_nested_yaml_is_refused_in_plain_words(tmp_path):
    """Thousands of nested brackets once ran PyYAML's parser out of stack (an internal error);
    now it is one line saying what is wrong, whichever parser reads it."""
    (tmp_path / "offer.yaml").write_text("setting: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(OfferInputError, match="is nested too deeply"):
        load_offer(tmp_path)
    from offerprint import safe_yaml

    with pytest.raises(OfferInputError, match="is nested too deeply"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(safe_yaml, "_FAST_LOADER", None)
            load_offer(tmp_path)


def test_libyaml_reads_offers_as_pyyaml_does():
    """Offers are composed by libyaml (fast) unless it is missing or the file does not parse;
    every node must start at the same line and column, with the same tag, style and value,
    and a file that does not parse must get the same message. Checked on the examples and on
    a few hundred seeded mutations of them (odd characters, quotes, anchors, tabs, BOMs)."""
    import random

    import yaml

    from offerprint import safe_yaml

    if getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("PyYAML was built without libyaml")

    def nodes(node, out, seen):
        if id(node) in seen:
            out.append("alias")
            return out
        seen.add(id(node))
        out.append((type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column,
                    getattr(node, "style", None) or None, node.value if isinstance(node, yaml.ScalarNode) else None))
        children = node.value if isinstance(node, yaml.SequenceNode) else (
            [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else [])
        for child in children:
            nodes(child, out, seen)
        return out

    def read(text, fast):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(safe_yaml, "_FAST_LOADER", yaml.CSafeLoader if fast else None)
            try:
                node = safe_yaml._compose(text, "offer.yaml")
            except OfferInputError as exc:
                return str(exc)
        return nodes(node, [], set()) if node is not None else None

    inserts = ["é", "😀", "\u200f", "اردو", "\t", "  # note", "'q'", '"d \\u00e9"', "|\n    block", "\r\n", "\u00a0",
               "\ufeff", "&a x", "*a", "key: value", "- item", "\u2028", "\x85", ": ", '"', "'", "[", "{", "?", "%",
               "@", "`", "!!str ", "!x ", "---\n", "\\", "#", ">-\n  folded", "~", "yes", "2026-02-30", "1e3"]
    rng = random.Random(14)
    examples = [path.read_text(encoding="utf-8") for path in sorted(Path(__file__).parent.parent.glob("examples/*/offer.yaml"))]
    texts = list(examples)
    for text in examples:
        lines = text.split("\n")
        for _ in range(80):
            changed = list(lines)
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(changed))
                j = rng.randint(0, len(changed[i]))
                changed[i] = changed[i][:j] + rng.choice(inserts) + changed[i][j:]
            texts.append("\n".join(changed))
    differ = [text for text in texts if read(text, True) != read(text, False)]
    assert not differ, f"{len(differ)} of {len(texts)} read differently"


@pytest.mark.parametrize("phone", ["(01207) 234 691", "+44 (0)161 496 0001", "0161-496-0001", "07700 900123"])
def test_uk_phone_numbers_as_schools_write_them(offer_dir, phone):
    _write(offer_dir, valid_offer_text().replace("  phone: 0161 496 0001", f"  phone: {phone}"))
    assert load_offer(offer_dir).offer.setting.phone == phone


def test_characters_pasted_from_word(offer_dir, run):
    """#24 point 8: Word's line break (Shift+Enter, a vertical tab) becomes a line break; NUL, bell,
    escape and the other control characters are refused at load with the file, line and field,
    so no writer sees them."""
    text = valid_offer_text()
    complaints = text[text.index("complaints: |"):text.index("accessibility:")]
    _write(offer_dir, text.replace(complaints, 'complaints: "Talk to the class teacher first.\\vThen the SENCO."\n'))
    assert load_offer(offer_dir).offer.complaints == "Talk to the class teacher first.\nThen the SENCO."
    for char, code in (("\\0", "0000"), ("\\a", "0007"), ("\\e", "001B"), ("\\x1f", "001F")):
        _write(offer_dir, text.replace("  name: Testfield Primary School", f'  name: "Testfield{char} School"', 1))
        result = run("check", offer_dir)
        assert result.exit_code == 2, (char, result.output)
        line, = result.output.strip().splitlines()
        assert re.search(rf"offer\.yaml:2:\d+: setting\.name: holds a control character \(U\+{code}\)", line), line
