"""`offerprint import`: a school's existing SEN information report becomes an offer.

The report is read into sections (:mod:`offerprint.readers`); each section (its heading and
its text) is matched to the question of the set it answers best (rapidfuzz on the heading
against the question and its prompts, and words of each topic in the heading and the text),
unless a classifier learnt from real reports' labelled sections is sure what it is about
(:mod:`.classifier`); text that answers no question of the set becomes a question of the
school's own, with the
Schedule 1 items it seems to cover. Nothing is dropped: every paragraph lands somewhere, and
the import report says where, how sure the match is, and what a person must still do.
The offer is written with `offerprint new`'s template, so unanswered questions keep their
prompts and TODO.
"""

from .build import HeadingMatch, ImportResult, Placement, import_report
from .facts import find_facts
from .matching import CHECK, FIELD_TARGETS, HIGH, Target, guess_covers, match_section
from .report import format_import_report, write_import

__all__ = ["CHECK", "FIELD_TARGETS", "HIGH", "HeadingMatch", "ImportResult", "Placement", "Target", "find_facts",
           "format_import_report", "guess_covers", "import_report", "match_section", "write_import"]
