"""Drafts are drafts: an offer that `offerprint check` finds errors in (a TODO, a question not
answered, a review date long gone) is not made into documents as if it were finished, where a
family could be handed it. `build` and `pack` refuse it unless asked for a draft (``--draft``),
which every writer marks "DRAFT - not checked" (:attr:`offerprint.document.Document.draft`); the
editor's previews are drafts while errors remain; the site leaves its documents out."""

from __future__ import annotations

import datetime as dt

from .check import Finding, check_offer
from .errors import OfferInputError
from .load import LoadedOffer

# How to go on, said to whoever asked for the document.
WITH_DRAFT = "or add --draft to make a copy marked \"DRAFT - not checked\" on every page"


class UnfinishedOfferError(OfferInputError):
    """The offer has errors `check` finds: it is made only as a marked draft."""

    kind = "unfinished"


def check_errors(loaded: LoadedOffer, today: dt.date | None = None) -> list[Finding]:
    """What `offerprint check` counts as errors (warnings never stop a document)."""
    return check_offer(loaded, today=today, errors_only=True).errors


def first_error(errors: list[Finding]) -> Finding:
    """The error to name: the first in the file (one with a line), else the first found."""
    placed = [f for f in errors if f.line]
    return min(placed, key=lambda f: f.line) if placed else errors[0]


def unfinished_message(loaded: LoadedOffer, errors: list[Finding], way_on: str = WITH_DRAFT) -> str:
    """One line for the office: how many problems, the first with its file:line, that a family
    could be handed the offer as it is, and how to go on."""
    first = first_error(errors)
    where = f"{first.file or loaded.display_name}" + (f":{first.line}" if first.line else "")
    what = f"{first.field}: {first.message}" if first.field else first.message
    count = f"{len(errors)} problem{'' if len(errors) == 1 else 's'}"
    return (f"{loaded.display_name}: not made: `offerprint check` finds {count} in this offer (the first: "
            f"{where}: {what}), so a family could be handed it unfinished. Fix them (offerprint check "
            f"{loaded.folder} lists them all), {way_on}.")


def refuse_unfinished(loaded: LoadedOffer, *, way_on: str = WITH_DRAFT, today: dt.date | None = None) -> None:
    """Raise :class:`UnfinishedOfferError` when `check` finds errors in ``loaded``."""
    errors = check_errors(loaded, today)
    if errors:
        raise UnfinishedOfferError(unfinished_message(loaded, errors, way_on))
