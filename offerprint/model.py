"""The offer model: what a school said, as structure only (never presentation).

Loaded and checked once by :mod:`offerprint.load`; every output format reads this model.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

SettingKind = Literal["early-years", "primary", "secondary", "all-through", "special", "pru", "college"]
SETTING_KINDS: tuple[str, ...] = SettingKind.__args__  # type: ignore[attr-defined]

# Kinds whose offer must name the SENCO (SEND Regulations 2014, Schedule 1 item 4: mainstream
# schools and maintained nurseries).
KINDS_NEEDING_SENCO = frozenset({"early-years", "primary", "secondary", "all-through"})

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=50_000)]

# UK numbers as schools write them: "0161 496 0123", "(01207) 234 691", "+44 (0)161 496 0123".
_PHONE = re.compile(r"^(?:\+|\(?)[0-9][0-9 ()-]{5,20}[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEB = re.compile(r"^https?://[^\s]+\.[^\s]+$")
_LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


# `offerprint new` writes TODO where the school must fill in a detail; `check` reports each one.
PLACEHOLDER = "TODO"


def valid_phone(value: str) -> str:
    if value.strip() == PLACEHOLDER:
        return PLACEHOLDER
    if not _PHONE.match(value.strip()):
        raise ValueError("is not a phone number|write it with digits and spaces, for example 0161 496 0123")
    return value.strip()


def valid_email(value: str) -> str:
    if value.strip() == PLACEHOLDER:
        return PLACEHOLDER
    if not _EMAIL.match(value.strip()):
        raise ValueError("is not an email address|write it like office@school.example.org")
    return value.strip()


def valid_website(value: str) -> str:
    if value.strip() == PLACEHOLDER:
        return PLACEHOLDER
    if not _WEB.match(value.strip()):
        raise ValueError("is not a web address|write it in full, starting https://")
    return value.strip()


Phone = Annotated[str, Field(json_schema_extra={"format": "phone"})]
Email = Annotated[str, Field(json_schema_extra={"format": "email"})]
Website = Annotated[str, Field(json_schema_extra={"format": "uri"})]


class Strict(BaseModel):
    """Base: unknown keys are errors; dates are real dates (no times, no free text)."""

    # Numbers written where text is expected (version: 2, a phone without spaces) are text.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_default=False,
                              coerce_numbers_to_str=True)


class Image(Strict):
    file: ShortText = Field(description="A file inside the offer folder.")
    alt: ShortText = Field(description="Alternative text read aloud by screen readers.")


class Picture(Strict):
    file: ShortText = Field(description="A file inside the offer folder.")
    alt: ShortText | None = Field(None, description="What the picture shows, for screen readers.")
    decorative: bool = Field(False, description="True if the picture adds nothing a reader needs.")

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> "Picture":
        if not self.alt and not self.decorative:
            raise ValueError("needs alt text|add 'alt: what the picture shows', or 'decorative: true'")
        return self


class Contact(Strict):
    name: ShortText
    role: ShortText
    phone: Phone | None = None
    email: Email | None = None

    _check_phone = field_validator("phone")(lambda cls, v: valid_phone(v) if v is not None else v)
    _check_email = field_validator("email")(lambda cls, v: valid_email(v) if v is not None else v)


class Senco(Contact):
    role: ShortText = "Special educational needs co-ordinator (SENCO)"
    phone: Phone
    email: Email


# DfE's Unique Reference Number of a school or college (Get Information about Schools).
_URN = re.compile(r"^[0-9]{5,8}$")
OLDEST_AGE = 25  # SEND support runs from birth to 25


class Ages(Strict):
    """The ages a setting takes, from its registration (GIAS's statutory low and high ages)."""

    youngest: int = Field(ge=0, le=OLDEST_AGE)
    oldest: int = Field(ge=0, le=OLDEST_AGE)

    @field_validator("youngest", "oldest", mode="before")
    @classmethod
    def _whole_years(cls, value):
        # Checked here, before the bounds, so that every mistake gets the same plain message.
        text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
        if not text.isdigit() or int(text) > OLDEST_AGE:
            raise ValueError(f"is not an age in years|write a whole number from 0 to {OLDEST_AGE}, for example 4")
        return int(text)

    @model_validator(mode="after")
    def _in_order(self) -> "Ages":
        if self.youngest > self.oldest:
            raise ValueError("has the youngest age above the oldest|write the youngest age first, for example "
                             "{youngest: 4, oldest: 11}")
        return self


class Setting(Strict):
    name: ShortText
    kind: SettingKind
    urn: ShortText | None = Field(None, description="DfE's Unique Reference Number (Get Information about "
                                                    "Schools), digits only.")
    ages: Ages | None = Field(None, description="The ages the setting takes; default: the usual ages of its kind.")
    needs: list[ShortText] = Field([], description="The kinds of special educational need the setting makes "
                                                   "provision for, as Get Information about Schools records them.")
    address: Text
    phone: Phone
    email: Email
    website: Website | None = None
    logo: Image | None = None
    senco: Senco | None = Field(None, description="Required for mainstream schools and nurseries.")

    _check_phone = field_validator("phone")(lambda cls, v: valid_phone(v))
    _check_email = field_validator("email")(lambda cls, v: valid_email(v))
    _check_web = field_validator("website")(lambda cls, v: valid_website(v) if v is not None else v)

    @field_validator("urn")
    @classmethod
    def _urn(cls, value: str | None) -> str | None:
        if value is not None and not _URN.match(value.strip()):
            raise ValueError("is not a URN|write the setting's Unique Reference Number from Get Information about "
                             "Schools, digits only, for example 106123")
        return value.strip() if value is not None else None


class LocalOffer(Strict):
    name: ShortText = "the Local Offer"
    website: Website
    phone: Phone = Field(description="For people without internet access.")
    address: Text = Field(description="Postal address, for people without internet access.")

    _check_phone = field_validator("phone")(lambda cls, v: valid_phone(v))
    _check_web = field_validator("website")(lambda cls, v: valid_website(v))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month where it does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Approval(Strict):
    """Who approved the offer and when: the governing body of a maintained school, or the
    proprietor (an academy trust's board) of an academy or independent school."""

    by: ShortText = Field(description="Who approved it, for example Governing body or Trust board.")
    on: dt.date = Field(description="The date they approved it.")


class OfferInfo(Strict):
    title: ShortText = "Support for Learners"
    language: ShortText = "en-GB"
    published: dt.date
    reviewed: dt.date
    next_review: dt.date | None = Field(None, description="Default: reviewed + 12 months.")
    version: ShortText | None = None
    questions: ShortText = Field(description="The question set the sections answer.")
    local_offer: LocalOffer
    feedback_address: Text | None = Field(None, description="Default: the setting's address.")
    approved: Approval | None = Field(None, description="Who approved this version (governors or proprietor), and when.")

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not _LANG.match(value):
            raise ValueError("is not a language tag|write a BCP 47 tag such as en-GB, ur or pl")
        return value

    @model_validator(mode="after")
    def _default_next_review(self) -> "OfferInfo":
        if self.next_review is None:
            self.next_review = add_months(self.reviewed, 12)
        return self


class Timescale(Strict):
    when: ShortText
    what: Text


class EasyReadItem(Strict):
    text: Text
    picture: ShortText = Field(description="A picture library name, or a file in the offer folder.")
    alt: ShortText | None = Field(None, description="For a photo of your own: what it shows.")


class Section(Strict):
    id: ShortText = Field(description="The question id from the offer's question set.")
    question: ShortText | None = Field(None, description="Default: the question set's wording.")
    answer: Markdown
    contacts: list[Contact] = []
    timescales: list[Timescale] = []
    pictures: list[Picture] = []
    easy_read: list[EasyReadItem] = []
    covers: list[ShortText] = Field(
        [], description="For a question of your own (an id not in the set, with its question): the Schedule 1 "
                        "items ('1', '3a' ...) or s.69 items ('admissions' ...) its answer covers.")


class Accessibility(Strict):
    """Children and Families Act 2014 s.69 items."""

    admissions: Markdown
    less_favourable_treatment: Markdown
    facilities: Markdown
    accessibility_plan: Markdown


class GlossaryEntry(Strict):
    term: ShortText
    short: ShortText | None = None
    meaning: Text


class Offer(Strict):
    """One school offer, as written in offer.yaml."""

    setting: Setting
    offer: OfferInfo
    sections: list[Section] = Field(min_length=1)
    sen_definition: Markdown | None = None
    co_production: Markdown
    complaints: Markdown
    accessibility: Accessibility | None = None
    glossary: list[GlossaryEntry] = []

    @property
    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]


def json_schema() -> dict:
    """The JSON Schema of offer.yaml, for editors."""
    schema = Offer.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "offerprint offer.yaml"
    return schema
