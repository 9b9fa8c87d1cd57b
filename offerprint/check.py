"""The guidance's four-quality litmus test (comprehensive, accessible, collaborative,
transparent) as findings a governor could read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from . import markdown as md
from . import plain_english as pe
from . import readability as rd
from .gc_pause import cyclic_gc_paused
from .load import LoadedOffer, field_name
from .model import KINDS_NEEDING_SENCO, add_months
from .questions import S69, SCHEDULE_1, get_question_set, own_question, tailor_wording

QUALITIES = ("comprehensive", "accessible", "collaborative", "transparent")
MAX_SENTENCE_WORDS = 25
MAX_PARAGRAPH_SENTENCES = 3
MAX_AVERAGE_SENTENCE = 20
TODO = re.compile(r"\bTODO\b")
# An answer shorter than this cannot say what the school does, who does it and how.
MIN_ANSWER_WORDS = 10
# Words that stand in for an answer: a family cannot act on them.
_PLACEHOLDER = re.compile(
    r"\b(tbc|tba|tbd|to be (confirmed|announced|decided|added)|n/?a|coming soon|under review|in progress"
    r"|see (the |our )?(school )?(website|web site|policy|prospectus|office)|available on (the |our )?website"
    r"|(please )?(ask|contact|speak to|phone|call) (at )?(the |our )?(school )?(office|reception|senco|school)"
    r"(?: about this)?)\b", re.I)
MIN_YES_NO_WORDS = 4
_YES_NO = re.compile(r"^(do|does|is|are|can|will|have|has)\b", re.I)
MAX_PLACEHOLDER_WORDS = 15  # a longer answer that mentions "see our website" is a real answer


@dataclass(frozen=True)
class Finding:
    level: str  # "error", "warning" or "note" (for information: never fails a check)
    quality: str  # one of QUALITIES
    message: str
    fix: str = ""
    file: str = ""
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line else (f"{self.file}: " if self.file else "")
        text = f"{where}{self.level}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.fix:
            text += f" ({self.fix})"
        return text


@dataclass
class Report:
    offer_name: str
    setting: str
    findings: list[Finding]
    stats: dict
    coverage: dict
    audit: dict | None = None  # the statutory audit's row (offerprint.council.statutory), when asked for

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "note"]

    def to_dict(self) -> dict:
        return {
            "offer": self.offer_name,
            "setting": self.setting,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "notes": len(self.notes),
            "findings": [asdict(f) for f in self.findings],
            "stats": self.stats,
            "coverage": self.coverage,
            **({"audit": self.audit} if self.audit is not None else {}),
        }


class _Collector:
    def __init__(self, loaded: LoadedOffer):
        self.loaded = loaded
        self.findings: list[Finding] = []
        raw = loaded.source.read_bytes() if loaded.draft is None else loaded.draft
        self._raw = raw.decode("utf-8-sig").replace("\r\n", "\n").splitlines()

    def add(self, level: str, quality: str, message: str, fix: str = "", where: tuple = (), near: str = "") -> None:
        line, _ = self.loaded.position(where) if where else (None, None)
        if line and near:
            line = self._line_of(near, line) or line
        self.findings.append(Finding(level, quality, message, fix, self.loaded.display_name, line, field_name(where)))

    def _line_of(self, snippet: str, start: int) -> int | None:
        """The line, at or after ``start``, where ``snippet`` begins (for sentence-level findings)."""
        needle = re.sub(r"\s+", " ", snippet)[:30].strip()
        for number in range(start, min(start + 400, len(self._raw) + 1)):
            if needle and needle in re.sub(r"\s+", " ", self._raw[number - 1]):
                return number
        return None


def _texts(loaded: LoadedOffer):
    """(where, markdown text) for every text the documents print, in document order."""
    offer = loaded.offer
    qset = get_question_set(offer.offer.questions)
    for i, section in enumerate(offer.sections):
        # The question set's wording is not the school's to fix: only a question it wrote itself.
        asked = qset.question(section.id) if qset else None
        set_wording = {asked.question, tailor_wording(asked.question, offer.setting.kind)} if asked else set()
        if section.question and " ".join(section.question.split()) not in set_wording:
            yield ("sections", i, "question"), section.question
        yield ("sections", i, "answer"), section.answer
        for j, contact in enumerate(section.contacts):
            yield ("sections", i, "contacts", j, "role"), contact.role
        for j, step in enumerate(section.timescales):
            yield ("sections", i, "timescales", j, "what"), step.what
    if offer.sen_definition:
        yield ("sen_definition",), offer.sen_definition
    yield ("co_production",), offer.co_production
    yield ("complaints",), offer.complaints
    if offer.accessibility:
        for name in type(offer.accessibility).model_fields:
            yield ("accessibility", name), getattr(offer.accessibility, name)


def _placeholders(value, where: tuple = ()):
    """Where the offer still holds a TODO that `offerprint new` wrote."""
    if isinstance(value, str):
        if TODO.search(value):
            yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, where + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _placeholders(item, where + (i,))


def _normalised(text: str) -> str:
    return " ".join(rd.words(md.to_plain(text).lower()))


def filler(text: str, *, min_words: int = MIN_ANSWER_WORDS) -> str | None:
    """Why ``text`` is not an answer ("a placeholder", "too short"), or None when it is one."""
    plain = md.to_plain(text)
    count = len(rd.words(plain))
    if count <= MAX_PLACEHOLDER_WORDS and (_PLACEHOLDER.search(plain) or not count):
        return "a placeholder"
    if count < min_words:
        return f"too short to answer it ({count} word{'s' if count != 1 else ''})"
    return None


def _fillers(c: _Collector) -> set[str]:
    """Report answers that are not answers (placeholders, too short, or the same as another
    section's); returns the ids of those sections, which then cover nothing."""
    offer = c.loaded.offer
    qset = get_question_set(offer.offer.questions)
    not_answers: set[str] = set()
    first_with: dict[str, str] = {}
    for i, section in enumerate(offer.sections):
        if TODO.search(section.answer):
            continue
        where = ("sections", i, "answer")
        quoted = _quote(md.to_plain(section.answer))
        # "Do you offer Open Days?" can be answered in a few words; other questions cannot.
        asked = section.question or (qset.question(section.id).question if qset and qset.question(section.id) else "")
        yes_no = bool(_YES_NO.match(asked))
        why = filler(section.answer, min_words=MIN_YES_NO_WORDS if yes_no else MIN_ANSWER_WORDS)
        key = _normalised(section.answer)
        if why:
            not_answers.add(section.id)
            c.add("error", "comprehensive", f"'{section.id}' is not answered: {quoted} is {why}",
                  "say what the school does, who does it and how a family takes part", where)
        elif key in first_with:
            not_answers.add(section.id)
            c.add("error", "comprehensive", f"'{section.id}' has the same answer as '{first_with[key]}': {quoted}",
                  "answer each question in its own words", where)
        else:
            first_with[key] = section.id
    return not_answers


def _quote(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return f"\"{text if len(text) <= limit else text[:limit] + '…'}\""


def _comprehensive(c: _Collector, today: dt.date) -> dict:
    offer = c.loaded.offer
    qset = get_question_set(offer.offer.questions)
    not_answers = _fillers(c)
    answered = {s.id: s for s in offer.sections if not TODO.search(s.answer) and s.id not in not_answers}
    for where in _placeholders(offer.model_dump()):
        if where == ("co_production",):
            continue  # the collaborative quality reports it
        if where[0] == "sections" and where[-1] == "answer":
            c.add("error", "comprehensive", f"'{offer.sections[where[1]].id}' is not answered yet (it still says TODO)",
                  "write the answer in place of TODO", where)
        else:
            c.add("error", "comprehensive", "still says TODO", "fill it in", where)
    covered_items: set[str] = set()
    covered_s69: set[str] = set()
    themes: set[str] = set()
    # Where each item is covered (paths into the offer): the statutory audit's "met" or "partly".
    sources: dict[str, list[tuple]] = {k: [] for k in (*SCHEDULE_1, *S69)}

    def cover(items, where: tuple) -> None:
        for item in items:
            (covered_items if item in SCHEDULE_1 else covered_s69).add(item)
            sources[item].append(where)

    index = {id(s): i for i, s in enumerate(offer.sections)}
    for question in qset.for_kind(offer.setting.kind):
        if question.id not in {s.id for s in offer.sections}:
            c.add("error", "comprehensive", f"question '{question.id}' has no section: {question.question[:80]}",
                  f"add a section with id: {question.id}", ("sections",))
        if question.id in answered:
            cover(question.schedule1 | question.s69, ("sections", index[id(answered[question.id])], "answer"))
            themes |= question.themes
    for section in answered.values():  # questions of the school's own say what they cover
        cover(set(section.covers) & (set(SCHEDULE_1) | set(S69)), ("sections", index[id(section)], "answer"))
    # The offer's own fields cover items no question asks directly.
    if offer.setting.senco:
        cover({"4"}, ("setting", "senco"))
    complaints_filler = filler(offer.complaints) if not TODO.search(offer.complaints) else None
    if complaints_filler:
        c.add("error", "comprehensive", f"the complaints part is {complaints_filler}: {_quote(md.to_plain(offer.complaints))}",
              "say how to raise a concern or complain, and how disagreements are resolved", ("complaints",))
    elif not TODO.search(offer.complaints):
        cover({"9"}, ("complaints",))
        themes.add("complaints")
    cover({"13"}, ("offer", "local_offer"))  # local_offer is required by the schema
    if offer.accessibility:
        field_items = {"admissions": "admissions", "less_favourable_treatment": "less-favourable-treatment",
                       "facilities": "access-facilities", "accessibility_plan": "accessibility-plan"}
        for name, item in field_items.items():
            text = getattr(offer.accessibility, name)
            if TODO.search(text):
                continue  # reported with the other TODOs
            why = filler(text, min_words=5)
            if why:
                c.add("error", "comprehensive", f"accessibility.{name} is {why}: {_quote(md.to_plain(text))}",
                      "say what the school does for disabled pupils", ("accessibility", name))
            else:
                cover({item}, ("accessibility", name))
    for item, words in SCHEDULE_1.items():
        if item not in covered_items:
            asking = [f"'{q.id}'" for q in qset.for_kind(offer.setting.kind) if item in q.schedule1]
            if item == "4":
                fix = "add setting.senco: with the name, phone and email of your SENCO or SEN lead"
            elif item == "9":
                fix = "write in complaints: how to raise a concern or complain"
            elif asking:
                fix = "answer " + " or ".join(asking)
            else:
                fix = (f"the {qset.id} questions do not ask about it: add a section of your own with id:, question:, "
                       f"answer: and covers: ['{item}']")
            c.add("error", "comprehensive", f"Schedule 1 item {item} ({words}) is not covered by any answer", fix)
    if offer.setting.kind != "college":
        for item, words in S69.items():
            if item not in covered_s69:
                c.add("error", "comprehensive", f"the s.69 item '{words}' is missing",
                      "fill in the accessibility: part", ("accessibility",))
    if offer.setting.senco is None and offer.setting.kind not in KINDS_NEEDING_SENCO:
        c.add("warning", "comprehensive", "no SENCO or SEN lead is named", "add setting.senco", ("setting",))
    if "transition" in {t for q in qset.questions for t in q.themes}:
        for i, section in enumerate(offer.sections):
            q = qset.question(section.id)
            if q and "transition" in q.themes and section.id in answered and not section.timescales:
                c.add("warning", "transparent", f"'{section.id}' is about moving on but gives no timescales",
                      "add timescales: with when each step happens", ("sections", i))
    set_ids = {q.id for q in qset.for_kind(offer.setting.kind)}
    own = [s for s in offer.sections if qset.question(s.id) is None]
    return {
        "schedule1": {k: k in covered_items for k in SCHEDULE_1},
        "s69": {k: k in covered_s69 for k in S69},
        "themes": sorted(themes),
        "questions_answered": len(set_ids & set(answered)),
        "questions_in_set": len(set_ids),
        "question_set": qset.id,
        "own_questions": len(own),
        "own_questions_answered": sum(1 for s in own if s.id in answered),
        "not_answers": sorted(not_answers),
        "sources": {k: [list(w) for w in dict.fromkeys(v)] for k, v in sources.items()},
    }


def spelled_out_by_offerprint() -> set[str]:
    """Acronyms the documents spell out themselves before any answer (SENCO, SEND): the
    fixed wording says 'special educational needs co-ordinator (SENCO)'."""
    import gettext

    from .labels import labels

    found: set[str] = set()
    for text in labels(gettext.NullTranslations().gettext, setting="the school").values():
        for line in (text if isinstance(text, list) else [text]):
            found |= {a for a, at in rd.acronyms(line) if rd.spelled_out_at(line, a, at)}
    return found


def _accessible(c: _Collector) -> dict:
    all_sentences: list[str] = []
    explained: set[str] = spelled_out_by_offerprint()
    seen_acronyms: set[str] = set(explained)
    used: set[str] = set()
    italics_reported = False
    for where, text in _texts(c.loaded):
        if not text or TODO.search(text):
            continue
        plain_units = md.blocks(text) if where[-1] != "question" else [md.Block("paragraph", text)]
        for unit in plain_units:
            unit_sentences = rd.sentences(unit.text)
            all_sentences.extend(unit_sentences)
            for sentence in unit_sentences:
                n = len(rd.words(sentence))
                if n > MAX_SENTENCE_WORDS:
                    c.add("warning", "accessible", f"a sentence has {n} words: \"{sentence[:60]}…\"",
                          f"split it; aim for at most {MAX_SENTENCE_WORDS} words", where, near=sentence)
            if unit.kind == "paragraph" and len(unit_sentences) > MAX_PARAGRAPH_SENTENCES:
                c.add("warning", "accessible", f"a paragraph has {len(unit_sentences)} sentences: \"{unit.text[:50]}…\"",
                      f"split it into paragraphs of {MAX_PARAGRAPH_SENTENCES} sentences or fewer, or use a list",
                      where, near=unit.text)
            for acronym, offset in rd.acronyms(unit.text):
                used.add(acronym)
                if acronym in seen_acronyms:
                    continue
                seen_acronyms.add(acronym)
                if rd.spelled_out_at(unit.text, acronym, offset):
                    explained.add(acronym)
                else:
                    c.add("warning", "accessible", f"{acronym} is used before it is spelled out",
                          f"the first time, write the words in full with {acronym} in brackets", where, near=acronym)
        if md.has_italics(text) and not italics_reported:
            italics_reported = True
            c.add("warning", "accessible", "italics are hard to read for many readers (they print as bold)",
                  "use **bold** for emphasis", where)
    counts = [len(rd.words(s)) for s in all_sentences]
    average = round(sum(counts) / len(counts), 1) if counts else 0.0
    if average > MAX_AVERAGE_SENTENCE:
        c.add("warning", "accessible", f"sentences average {average} words",
              f"plain English averages 15 to {MAX_AVERAGE_SENTENCE} words; split the long ones")
    return {
        "sentences": len(counts),
        "words": sum(counts),
        "average_sentence_words": average,
        "longest_sentence_words": max(counts, default=0),
        "flesch_reading_ease": rd.flesch_reading_ease(all_sentences),
        "acronyms": sorted(seen_acronyms - (spelled_out_by_offerprint() - used)),
    }


# An answer that says who decides what support a child gets.
_DECIDES = re.compile(r"\b(decides?|decided|decisions?|deciding)\b", re.I)

_PEOPLE = {
    "parents": re.compile(r"\b(parents?|carers?|famil(y|ies))\b", re.I),
    "children or young people": re.compile(r"\b(child(ren)?|pupils?|students?|young (people|person)|learners?)\b", re.I),
}


def _collaborative(c: _Collector) -> None:
    text = md.to_plain(c.loaded.offer.co_production)
    if TODO.search(text):
        c.add("error", "collaborative", "the co-production statement still says TODO",
              "say how parents, carers and young people helped write this offer", ("co_production",))
        return
    if filler(c.loaded.offer.co_production) == "a placeholder":
        c.add("error", "collaborative", f"the co-production statement is a placeholder: {_quote(text)}",
              "say how parents, carers and young people helped write this offer", ("co_production",))
        return
    if len(rd.words(text)) < 30:
        c.add("warning", "collaborative", "the co-production statement is very short",
              "say who was involved, how, and how families can comment on the offer", ("co_production",))
    for who, pattern in _PEOPLE.items():
        if not pattern.search(text):
            c.add("warning", "collaborative", f"the co-production statement does not mention {who}",
                  f"say how {who} were involved", ("co_production",))


def _transparent(c: _Collector, today: dt.date) -> None:
    offer = c.loaded.offer
    info = offer.offer
    qset = get_question_set(info.questions)
    decision_questions = [q.id for q in qset.questions if "decisions" in q.themes]
    answered = {s.id for s in offer.sections if not TODO.search(s.answer) and not filler(s.answer)}
    if decision_questions and not answered & set(decision_questions):
        c.add("error", "transparent", "the offer does not say how decisions about support are made",
              f"answer '{decision_questions[0]}'", ("sections",))
    elif not decision_questions and not any(
            (own_question(s.id) and own_question(s.id).decisions) or _DECIDES.search(md.to_plain(s.answer))
            for s in offer.sections if s.id in answered):
        c.add("warning", "transparent", f"the {qset.id} question set has no question on how decisions are made",
              "say in an answer who decides what support a child gets, and how", ("offer", "questions"))
    if info.next_review < today:
        c.add("error", "transparent", f"the review date {info.next_review:%d %B %Y} has passed",
              "review the offer, then update offer.reviewed and offer.next_review", ("offer", "next_review"))
    elif add_months(info.reviewed, 12) < today:
        c.add("error", "transparent", f"the offer was last reviewed on {info.reviewed:%d %B %Y}, over 12 months ago",
              "the information must be reviewed every year: review it and update offer.reviewed", ("offer", "reviewed"))
    if info.approved is None:
        c.add("warning", "transparent", "the offer does not say who approved it (the governing body or proprietor), "
              "or when", "once they have, add offer.approved: {by: Governing body, on: YYYY-MM-DD}", ("offer",))
    elif info.approved.on > today or info.approved.on < info.reviewed:
        c.add("warning", "transparent", f"the offer was approved on {info.approved.on:%d %B %Y}, "
              + ("a date still to come" if info.approved.on > today else f"before its last review ({info.reviewed:%d %B %Y})"),
              "write the date the governors or proprietor approved this version", ("offer", "approved", "on"))
    if info.next_review > add_months(info.reviewed, 12):
        c.add("warning", "transparent", "the next review is more than 12 months after the last",
              "the information must be reviewed every year", ("offer", "next_review"))


def _translations(c: _Collector) -> None:
    """Draft translations are useful but must be said to be drafts."""
    from . import i18n

    offer = c.loaded.offer
    wanted = {i18n.catalogue_folder(p.stem) for p in (c.loaded.folder / "translations").glob("*.po")}
    wanted.add(i18n.catalogue_folder(offer.offer.language))
    drafts = [tag for tag, folder in i18n.CATALOGUE_LANGUAGES.items()
              if folder in wanted and not i18n.catalogue_reviewed(folder)]
    if drafts:
        c.add("note", "accessible", f"the printed wording in {', '.join(drafts)} is a draft that no native "
              "speaker has reviewed yet", "ask a translator to review translations/<language>/LC_MESSAGES/"
              "messages.po and set X-Offerprint-Reviewed: yes")
    _unknown_msgids(c)
    _english_left(c)


def _english_left(c: _Collector) -> None:
    """A translated document that would still print English: how much, which, and where each
    is translated (offerprint's catalogue, or the offer's PO file)."""
    from .language_share import english_left

    for path in sorted((c.loaded.folder / "translations").glob("*.po")):
        lang = path.stem
        try:
            left = english_left(c.loaded, lang, standard=False)
        except Exception:  # noqa: BLE001 - a broken PO file is reported by _unknown_msgids
            continue
        share = max(left.easy_read.percent, left.text.percent)
        if left.catalogue:
            c.add("warning", "accessible", f"the {lang} easy read prints {len(left.catalogue)} of offerprint's own "
                  f"texts in English ({share} % of its letters are not {lang}), such as {_quote(left.catalogue[0])}",
                  f"translate them in {left.catalogue_path} (or ask offerprint's maintainers to)")
        if left.offer:
            c.add("warning", "accessible", f"the {lang} easy read prints {len(left.offer)} of the offer's easy read "
                  f"texts in English, such as {_quote(left.offer[0])}",
                  f"translate them in translations/{lang}.po (offerprint translate export --lang {lang} adds them)")


def _unknown_msgids(c: _Collector) -> None:
    """A translation of English the offer does not have is never printed: say so."""
    from .errors import OfferInputError, Problem
    from .load import display_path
    from .translate import translation_status

    try:
        statuses = translation_status(c.loaded, read_interface=False)  # the catalogues: _english_left
    except OfferInputError as exc:  # the translation file's own line and fix
        c.findings += [Finding("warning", "accessible", p.message, p.fix, p.file, p.line)
                       if isinstance(p, Problem) else Finding("warning", "accessible", str(p)) for p in exc.problems]
        return
    for status in statuses:
        if status.optional_to_do:
            c.findings.append(Finding(
                "note", "accessible", f"{status.optional_to_do} built-in glossary texts (words we use, and their "
                f"meanings) are not translated into {status.lang} yet, so that part of the {status.lang} document is "
                "in English", f"run offerprint translate export --lang {status.lang} and give the file to the "
                "translator: they are the entries marked Optional", display_path(status.path)))
        for line, context, msgid in status.unknown:
            c.findings.append(Finding(
                "warning", "accessible", f"msgctxt {context!r} msgid {msgid[:50]!r} is not English in this offer, "
                "so its translation is never printed", "copy the msgid exactly from offer.yaml, or run "
                f"offerprint translate export --lang {status.lang} to keep it at the end of the file",
                display_path(status.path), line))


def _easy_read(c: _Collector) -> None:
    """Sections without easy read text: say so now, not when the easy read is made."""
    offer = c.loaded.offer
    missing = [(i, s.id) for i, s in enumerate(offer.sections) if not s.easy_read]
    if not missing:
        return
    names = ", ".join(f"'{sid}'" for _, sid in missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    c.add("warning", "accessible",
          f"{len(missing)} section{'s have' if len(missing) != 1 else ' has'} no easy read text ({names}), "
          "so the easy read document cannot be made yet",
          "add easy_read: items (text and picture) to each; or make the easy read with --allow-missing, "
          "which leaves them out and lists them with whom to ask", ("sections", missing[0][0], "id"))


def _plain_english(c: _Collector) -> None:
    """Notes, never failures: the sentences that pull each answer's reading ease down, worst first,
    with suggestions (offerprint.plain_english)."""
    for i, section in enumerate(c.loaded.offer.sections):
        where, text = ("sections", i, "answer"), section.answer
        if TODO.search(text):
            continue
        hard = pe.help_for(text).sentences
        for rank, sentence in enumerate(hard, 1):
            c.add("note", "accessible", pe.note_message(sentence, rank, len(hard), _quote(sentence.sentence, 70)),
                  sentence.advice(), where, near=sentence.sentence)


def _shown(found: list[Finding]) -> tuple[list[Finding], int]:
    """The findings text output shows: an answer's worst plain-English notes only."""
    ranks = [pe.NOTE_RANK.match(f.message) if f.level == "note" else None for f in found]
    shown = [f for f, r in zip(found, ranks) if not r or int(r.group(1)) <= pe.SHOWN_PER_ANSWER]
    return shown, len(found) - len(shown)


def check_offer(loaded: LoadedOffer, today: dt.date | None = None, *, errors_only: bool = False) -> Report:
    """Run the litmus test on a loaded offer.

    ``errors_only``: leave out the parts that only ever note or warn (plain English, the
    translations: the costliest, reading every PO file and catalogue), for a caller that asks
    only whether there are errors (a build refusing an unfinished offer); its errors are the
    same (tests/test_startup.py compares them)."""
    with cyclic_gc_paused():  # what it reads and builds lives until it ends (see gc_pause)
        return _check_offer(loaded, today or dt.date.today(), errors_only)


def _check_offer(loaded: LoadedOffer, today: dt.date, errors_only: bool) -> Report:
    c = _Collector(loaded)
    coverage = _comprehensive(c, today)
    stats = _accessible(c)
    _easy_read(c)
    if not errors_only:
        _plain_english(c)
    _collaborative(c)
    _transparent(c, today)
    if not errors_only:
        _translations(c)
    order = {q: i for i, q in enumerate(QUALITIES)}
    rank = {"error": 0, "warning": 1, "note": 2}
    c.findings.sort(key=lambda f: (order[f.quality], rank[f.level], f.line or 0))
    return Report(loaded.display_name, loaded.offer.setting.name, c.findings, stats, coverage)


def format_report(report: Report) -> str:
    """The report as text a governor could read."""
    lines = [f"Checking {report.offer_name}: {report.setting}", ""]
    blurbs = {
        "comprehensive": "every question answered and every legal item covered",
        "accessible": "easy to read, no unexplained jargon",
        "collaborative": "parents, carers and young people were involved",
        "transparent": "clear about how decisions are made, and up to date",
    }
    for quality in QUALITIES:
        found = [f for f in report.findings if f.quality == quality]
        failing = [f for f in found if f.level != "note"]
        mark = "PASS" if not failing else ("FAIL" if any(f.level == "error" for f in found) else "WARN")
        lines.append(f"{quality.capitalize()} ({blurbs[quality]}): {mark}")
        shown, hidden = _shown(found)
        lines.extend(f"  {f}" for f in shown)
        if hidden:
            lines.append(f"  ... and {hidden} more hard sentences to make plainer (check --format json lists them all)")
    s = report.stats
    cov = report.coverage
    lines += [
        "",
        f"Questions answered: {cov['questions_answered']} of the {cov['questions_in_set']} in the "
        f"{cov['question_set']} set" + (f", and {cov['own_questions_answered']} of {cov['own_questions']} "
                                        f"question{'s' if cov['own_questions'] != 1 else ''} of your own"
                                        if cov["own_questions"] else "") + ". "
        f"Schedule 1 items covered: {sum(cov['schedule1'].values())} of {len(cov['schedule1'])}.",
        f"Reading: {s['sentences']} sentences, average {s['average_sentence_words']} words, "
        f"longest {s['longest_sentence_words']}; reading ease {s['flesch_reading_ease']} (60 or more is plain English).",
        f"Result: {len(report.errors)} error(s), {len(report.warnings)} warning(s), {len(report.notes)} note(s).",
    ]
    return "\n".join(lines)
