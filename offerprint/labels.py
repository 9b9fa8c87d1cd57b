"""Every fixed piece of wording the documents print, marked for translation.

Kept in Python (not in templates) so that one list serves every format: PDF, plain text and
the others. Babel extracts the ``_()`` calls into translations/messages.pot.
"""

from __future__ import annotations

from typing import Callable


def labels(_: Callable[[str], str], *, setting: str) -> dict:
    """The document's fixed wording, through the translation function ``_``."""
    return {
        "what_this_is": _(
            "Information for families about how {setting} supports children and young people "
            "with special educational needs and disabilities (SEND)."
        ).format(setting=setting),
        "last_reviewed": _("Last reviewed"),
        "next_review": _("Next review"),
        "version": _("Version"),
        "other_formats": _("This information in other formats"),
        "other_formats_intro": _("You can ask us for this information in other formats, free of charge:"),
        "format_list": [
            _("large print, at the size you need"),
            _("easy read, with pictures"),
            _("braille"),
            _("audio, read aloud"),
            _("other languages"),
        ],
        "ask_us": _("To ask, contact us by phone, email or post:"),
        "phone": _("Phone:"),
        "email": _("Email:"),
        "post": _("Post:"),
        "website": _("Website:"),
        "language_line": _("If you need this in your language, please contact {setting}."),
        "who_to_talk_to": _("Who to talk to"),
        "senco_intro": _("If you are worried about your child, talk to your child's teacher or our special "
                         "educational needs co-ordinator (SENCO):"),
        "contents": _("Contents"),
        "timescales": _("When things happen"),
        "when": _("When"),
        "what_happens": _("What happens"),
        "contacts": _("Who to contact"),
        "what_sen_means": _("What special educational needs means"),
        "how_we_wrote_this": _("How we wrote this information"),
        "disabled_pupils": _("Disabled pupils: admissions and access"),
        "admissions": _("Admissions for disabled pupils"),
        "less_favourable_treatment": _("How we make sure disabled pupils are treated fairly"),
        "facilities": _("Facilities to help disabled pupils"),
        "accessibility_plan": _("Our accessibility plan"),
        "local_offer": _("The Local Offer"),
        "local_offer_intro": _("The council's Local Offer describes the support for children and young people "
                               "with SEND in the area, and how to get it."),
        "local_offer_no_internet": _("No internet? Phone or write to the Local Offer and they will send you "
                                     "the information on paper. You can also ask us for a printed copy."),
        "complaints": _("Concerns, complaints and disagreements"),
        "glossary": _("Words we use"),
        "cut_here": _("Cut here and return this slip"),
        "tell_us": _("Tell us what you think"),
        "tell_us_intro": _("We review this information every year. Your views help us make it better."),
        "slip_helpful": _("What was helpful?"),
        "slip_change": _("What should we change or add?"),
        "slip_name": _("Your name and phone number or email (if you would like a reply):"),
        "slip_return": _("Please return this slip to:"),
        "page_of": _("Page {page} of {pages}"),
        "skip_link": _("Skip to main content"),
        "tell_us_how": _("Send us your views by email or post:"),
        "not_translated": _("Part of this section is not translated yet, so it is in English."),
        # TRANSLATORS: on every page of a draft (check finds problems); capitals where the language has them.
        "draft": _("DRAFT - not checked"),
        "slips_title": _("Request and feedback slips"),
        "request_title": _("Ask for this information in another format"),
        "request_intro": _("Tick what you would like. It is free. We will send it to you or you can collect it."),
        "request_large_print": _("Large print. The size I need: ____ point"),
        "request_easy_read": _("Easy read, with pictures"),
        "request_braille": _("Braille"),
        "request_audio": _("Audio, read aloud"),
        "request_text": _("Plain text by email"),
        "request_language": _("Another language: ______________"),
        "subject": _("SEN information report (School Offer)"),
        # TRANSLATORS: the legal definition (Children and Families Act 2014, section 20), in
        # Markdown: keep the "- " at the start of the two list items and the blank lines.
        "sen_definition": _(
            "A child of compulsory school age or a young person has a learning difficulty or "
            "disability if they:\n\n"
            "- have a significantly greater difficulty in learning than the majority of others "
            "of the same age, or\n"
            "- have a disability which prevents or hinders them from making use of facilities of "
            "a kind generally provided for others of the same age in mainstream schools or "
            "mainstream post-16 institutions.\n\n"
            "A child under compulsory school age has special educational needs if they are likely "
            "to fall within this definition when they reach compulsory school age, or would do so "
            "if special educational provision was not made for them (Children and Families Act "
            "2014, section 20)."
        ),
    }
