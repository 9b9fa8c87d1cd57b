"""Easy read's own wording: the rows every easy read prints (what this booklet is, what
special educational needs means, who to talk to, the Local Offer, how to complain), its
headings and labels, in the document's language.

Every sentence is a message of the interface catalogues (marked with ``N_`` for Babel's
extraction into translations/messages.pot), filled in from the loaded offer so the SENCO's
name and phone number are in it. A sentence that names the setting's learners or staff is a
whole message for each of them ("Some children ...", "Some students ..."), so that each
language can make its words agree. :mod:`offerprint.easy_read` builds the document from these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from babel.dates import format_date
from markupsafe import Markup

from . import markdown as md
from .easy_read_text import plain, sentence_html, split_sentences
from .load import LoadedOffer
from .picture_library import library


def N_(message: str) -> str:
    """Marks easy read wording for Babel's extraction (translations/messages.pot, with
    labels.py's); looked up in the interface catalogues when the easy read is made."""
    return message


# Fixed wording of the easy read document: plain English, translated through the interface
# catalogues like labels.py's (some messages are the same as labels.py's, and share them).
HEADINGS = {
    # TRANSLATORS: easy read is information in short sentences with pictures, for people who
    # find reading hard: your language's usual name for it.
    "subtitle": N_("Easy read"),
    "about": N_("About this booklet"),
    "what_sen_means": N_("What special educational needs means"),
    "who_to_talk_to": N_("Who to talk to"),
    "local_offer": N_("The Local Offer"),
    "complaints": N_("If you are not happy"),
    "words": N_("Words to know"),
    "contents": N_("Contents"),
    "not_yet": N_("More in our full booklet"),
    "credit": N_("About the pictures"),
    "last_reviewed": N_("Last checked"),
    "next_review": N_("Next check"),
    "version": N_("Version"),
}
# The picture credit, as picture_library.CREDIT says it in English (a test keeps them equal).
PICTURE_CREDIT = N_("Pictures: OpenMoji, the open-source emoji and icon project (https://openmoji.org), "
                    "licensed CC BY-SA 4.0.")

@dataclass(frozen=True)
class Row:
    """One picture and its words."""

    text: str  # one or two sentences; **bold** marks a hard word
    picture: str  # a library name, or a file in the offer folder
    url: str  # file:// address of the picture
    alt: str  # what a screen reader says for the picture
    where: tuple = ()  # the item's place in offer.yaml (empty for built-in rows)
    details: tuple[str, ...] = ()  # lines printed under the words, such as an address
    library: bool = True  # an OpenMoji picture from the library (needs the credit)
    lang: str | None = None  # set when the words are not in the document's language (not translated yet)
    mark_latin: bool = False  # a document in another script: Latin words set in the Latin font

    @property
    def sentences(self) -> list[str]:
        return split_sentences(self.text)

    @property
    def sentences_html(self) -> list[Markup]:
        return [sentence_html(s, self.mark_latin) for s in self.sentences]

    @property
    def details_html(self) -> list[Markup]:
        return [md.nowrap(line) for line in self.details]

    @property
    def plain_sentences(self) -> list[str]:
        return [plain(s) for s in self.sentences]


# --- built-in rows -------------------------------------------------------------------------------

# Who the setting's learners are, and whom a family talks to first: each sentence that names
# them is a whole message, so that every language can make its words agree with them.
_LEARNERS = {"early-years": "children", "primary": "children", "secondary": "students", "college": "students",
             "all-through": "both", "special": "both", "pru": "young"}
_TEACHER = {"early-years": "key person", "college": "tutor"}

COVER = {
    "children": N_("This booklet is from {setting}. It tells you how we help children who need extra help."),
    "students": N_("This booklet is from {setting}. It tells you how we help students who need extra help."),
    "both": N_("This booklet is from {setting}. It tells you how we help children and young people who need "
               "extra help."),
    "young": N_("This booklet is from {setting}. It tells you how we help young people who need extra help."),
}
SOME_FIND_IT_HARDER = {
    "children": N_("Some children find learning much harder than others of the same age."),
    "students": N_("Some students find learning much harder than others of the same age."),
    "both": N_("Some children and young people find learning much harder than others of the same age."),
    "young": N_("Some young people find learning much harder than others of the same age."),
}
SOME_HAVE_A_DISABILITY = {
    # TRANSLATORS: easy read. **bold** marks a hard word: keep the ** around its translation, and
    # explain it in the next sentence (the word list at the end prints both).
    "children": N_("Some children have a **disability**. A disability can make everyday things harder to do."),
    "students": N_("Some students have a **disability**. A disability can make everyday things harder to do."),
    "both": N_("Some children and young people have a **disability**. A disability can make everyday things "
               "harder to do."),
    "young": N_("Some young people have a **disability**. A disability can make everyday things harder to do."),
}
THEY_MAY_HAVE_SEN = {
    "children": N_("These children may have **special educational needs**. This means they need extra help to "
                   "learn."),
    "students": N_("These students may have **special educational needs**. This means they need extra help to "
                   "learn."),
    "both": N_("These children and young people may have **special educational needs**. This means they need "
               "extra help to learn."),
    "young": N_("These young people may have **special educational needs**. This means they need extra help to "
                "learn."),
}
THE_LAW = {
    "schools": N_("The law says schools must give them the help they need."),
    "we": N_("The law says we must give them the help they need."),
}
SENCO_PLANS = {
    "children": N_("{name} is our **special educational needs co-ordinator**. This person plans extra help for "
                   "children."),
    "students": N_("{name} is our **special educational needs co-ordinator**. This person plans extra help for "
                   "students."),
    "both": N_("{name} is our **special educational needs co-ordinator**. This person plans extra help for "
               "children and young people."),
    "young": N_("{name} is our **special educational needs co-ordinator**. This person plans extra help for "
                "young people."),
}
TALK_TO_TEACHER = {
    "teacher": N_("You can talk to your child's teacher first."),
    "key person": N_("You can talk to your child's key person first."),
    "tutor": N_("You can talk to your child's tutor first."),
}
FIRST_TALK_TO_TEACHER = {
    "teacher": N_("First, talk to your child's teacher."),
    "key person": N_("First, talk to your child's key person."),
    "tutor": N_("First, talk to your child's tutor."),
}


class Wording:
    """Easy read's fixed sentences in the document's language, from the interface catalogues.

    A row whose wording a catalogue lacks is printed whole in English and marked so (its
    ``lang``), never half in each language."""

    def __init__(self, lang: str | None = None, source: str = "en-GB"):
        from . import i18n

        target = lang or source
        # The wording is English: in a document in any other language, English is marked so.
        self.english = "en-GB" if target.replace("_", "-").split("-")[0].lower() != "en" else None
        self.gettext = i18n.interface_translations(target).gettext if self.english else (lambda m: m)
        self.locale = i18n.babel_locale(target)
        # Chinese runs its sentences together; every other catalogue language puts a space.
        self.joiner = "" if i18n.script_of(target) in {"Hans", "Hant", "Jpan"} else " "

    def text(self, message: str) -> md.Text | str:
        """One heading or label: translated, or English marked as such."""
        said = self.gettext(message)
        return md.Text(message, self.english) if self.english and said == message else said

    def row(self, messages: str | tuple[str, ...], picture: str, details: tuple[str, ...] = (),
            english: dict | None = None, **fields) -> Row:
        """A row of one or more messages with their {fields} filled in (``english``: fields
        worded differently in English, such as "the Stockport Local Offer")."""
        messages = (messages,) if isinstance(messages, str) else messages
        said = [self.gettext(m) for m in messages]
        lang = None
        if self.english and any(s == m for s, m in zip(said, messages)):
            said, lang = list(messages), self.english
        if not self.english or lang:
            fields = {**fields, **(english or {})}
        joiner = " " if lang else self.joiner
        return library_row(joiner.join(s.format(**fields) for s in said), picture, details, lang=lang)


_ENGLISH = Wording()


def _learners(loaded: LoadedOffer) -> str:
    return _LEARNERS.get(loaded.offer.setting.kind, "children")


def _teacher(loaded: LoadedOffer) -> str:
    return _TEACHER.get(loaded.offer.setting.kind, "teacher")


def _lines(address: str) -> tuple[str, ...]:
    return tuple(line.strip().rstrip(",") for line in address.strip().splitlines() if line.strip())


def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else f"the {name}"


def library_row(text: str, picture: str, details: tuple[str, ...] = (), lang: str | None = None) -> Row:
    pic = library()[picture]
    return Row(text=text, picture=picture, url=pic.path.resolve().as_uri(), alt=pic.alt, details=details, lang=lang)


def _with_name(setting) -> tuple[str, ...]:
    """The setting's postal address, its name once (even where the address starts with it)."""
    address = _lines(setting.address)
    if not address or address[0].casefold() != setting.name.strip().casefold():
        address = (setting.name, *address)
    return address


def cover_row(loaded: LoadedOffer, say: Wording = _ENGLISH) -> Row:
    """The short "about this document" row on the cover."""
    return say.row(COVER[_learners(loaded)], "information", setting=loaded.offer.setting.name)


def cover_contact_row(loaded: LoadedOffer, say: Wording = _ENGLISH) -> Row:
    """Who to phone, on the cover: the SENCO (or the school), then email and postal address."""
    setting = loaded.offer.setting
    senco = setting.senco
    address = _with_name(setting)
    if senco is not None:
        row = say.row(N_("If you have a question, phone {name} on {phone}. You can also email {email}."),
                      "telephone", name=senco.name, phone=senco.phone, email=senco.email)
        label = "Phone:" if row.lang else say.gettext(N_("Phone:"))  # in the row's language
        return replace(row, details=(*address, f"{label} {setting.phone}"))
    return say.row(N_("If you have a question, phone us on {phone}. You can also email {email}."), "telephone",
                   address, phone=setting.phone, email=setting.email)


def about_rows(loaded: LoadedOffer, say: Wording = _ENGLISH) -> list[Row]:
    """What this document is, other formats and how to ask for them."""
    setting = loaded.offer.setting
    info = loaded.offer.offer
    # The month alone, as a calendar names it ("LLLL": Polish "wrzesień", not "września").
    month = format_date(info.next_review, "LLLL yyyy", locale=say.locale)
    return [
        say.row(N_("This booklet is in **easy read**. Easy read uses short sentences and pictures."), "read"),
        say.row(N_("You can ask for this booklet in large print, braille or another language."), "language"),
        say.row(N_("To ask, phone us on {phone}. You can also email {email}."), "telephone",
                phone=setting.phone, email=setting.email),
        say.row(N_("You can write to us at this address."), "letter", _with_name(setting)),
        # TRANSLATORS: {month} is a month and year as a calendar names it ("September 2027").
        say.row(N_("We check this booklet every year. We will check it again in {month}."), "calendar",
                english={"month": format_date(info.next_review, "LLLL yyyy", locale="en_GB")}, month=month),
    ]


def sen_rows(loaded: LoadedOffer, say: Wording = _ENGLISH) -> list[Row]:
    """What special educational needs means."""
    who = _learners(loaded)
    we = "we" if loaded.offer.setting.kind in ("early-years", "college") else "schools"
    return [
        say.row(SOME_FIND_IT_HARDER[who], "child"),
        say.row(SOME_HAVE_A_DISABILITY[who], "wheelchair"),
        say.row(THEY_MAY_HAVE_SEN[who], "help"),
        say.row(THE_LAW[we], "school"),
    ]


def contact_rows(loaded: LoadedOffer, say: Wording = _ENGLISH) -> list[Row]:
    """Who to talk to: the child's teacher, then the SENCO by name, phone and email."""
    setting = loaded.offer.setting
    senco = setting.senco
    rows = [
        say.row(N_("If you are worried about your child, please talk to us."), "worried"),
        say.row(TALK_TO_TEACHER[_teacher(loaded)], "teacher"),
    ]
    if senco is not None:
        rows += [
            say.row(SENCO_PLANS[_learners(loaded)], "person", name=senco.name),
            say.row(N_("You can phone {name} on {phone}. You can also email {email}."), "telephone",
                    name=senco.name, phone=senco.phone, email=senco.email),
        ]
    else:
        rows.append(say.row(N_("You can phone us on {phone}. You can also email {email}."), "telephone",
                            phone=setting.phone, email=setting.email))
    return rows


def local_offer_rows(loaded: LoadedOffer, say: Wording = _ENGLISH) -> list[Row]:
    """Where the council's Local Offer is, for people with and without the internet."""
    local = loaded.offer.offer.local_offer
    return [
        say.row(N_("The **Local Offer** is information from the council. It tells you about help in your area."),
                "information"),
        say.row(N_("You can read {name} on the internet at {website}."), "computer",
                english={"name": _the(local.name)}, name=local.name, website=local.website),
        say.row(N_("If you have no internet, you can phone them on {phone}."), "telephone", phone=local.phone),
        say.row(N_("You can write to them at this address. They will send you the information on paper."),
                "letter", _lines(local.address)),
    ]


def complaint_rows(loaded: LoadedOffer, say: Wording = _ENGLISH) -> list[Row]:
    """How to complain, step by step."""
    senco = loaded.offer.setting.senco
    first = FIRST_TALK_TO_TEACHER[_teacher(loaded)]
    if senco is not None:
        then = say.row((first, N_("If you are still not happy, talk to {name}.")), "teacher", name=senco.name)
    else:
        then = say.row((first, N_("If you are still not happy, phone us.")), "teacher")
    return [
        say.row(N_("If you are not happy with the help your child gets, please tell us."), "sad"),
        then,
        say.row(N_("You can make a **complaint**. A complaint is when you tell us in writing what is wrong."),
                "complaint"),
        say.row(N_("Ask us for a copy of our complaint rules. Phone us on {phone}."), "form",
                phone=loaded.offer.setting.phone),
        say.row(N_("A free advice service for parents can help you. The Local Offer has their phone number."),
                "help"),
    ]


def missing_row(loaded: LoadedOffer, headings: tuple[str, ...] = (), say: Wording = _ENGLISH) -> Row:
    """What the easy read says (with --allow-missing) about the parts that have no easy read
    text yet: one row, listing them, saying whom to ask. Never a question mark on each."""
    return say.row(N_("Our full booklet also tells you about these things. They are not in easy read yet."),
                   "book", headings)


def missing_ask_row(loaded: LoadedOffer, say: Wording = _ENGLISH) -> Row:
    senco = loaded.offer.setting.senco
    if senco is not None:
        return say.row(N_("You can ask {name} about them. Phone {phone}."), "telephone",
                       name=senco.name, phone=senco.phone)
    return say.row(N_("You can ask us about them. Phone {phone}."), "telephone", phone=loaded.offer.setting.phone)
