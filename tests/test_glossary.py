"""The glossary: which terms a document uses (its "Words we use" list at the back)."""

from __future__ import annotations

import random

from offerprint import glossary


def _searched(text: str) -> list[str]:
    """The terms found by searching for every spelling of every term: the rule itself."""
    return sorted(term.term for term in glossary.builtin_terms()
                  if any(pattern.search(text) for pattern in glossary._patterns(term)))


def test_terms_used_finds_what_a_search_for_each_spelling_finds():
    """terms_used looks words up in a set instead of searching the text once per spelling;
    on texts made of spellings in every case, glued to letters, digits, hyphens, brackets
    and apostrophes, it must find exactly the terms the searches find."""
    rng = random.Random(3)
    forms = [form for term in glossary.builtin_terms() for form in term.spellings]
    texts = ["Talk to the SENCO about SEN support.", "sen support", "the Senco", "EHCPs", "EHC-plan", "co-production"]
    for _ in range(1500):
        parts = []
        for _ in range(rng.randint(1, 6)):
            form = rng.choice(forms)
            form = rng.choice([form, form.lower(), form.upper(), form.title()])
            parts.append(rng.choice(["", "x", "-", " ", "(", "é", "_", "2"]) + form
                         + rng.choice(["", "s", "-", " ", ")", ".", "é", "_", "'s"]))
        texts.append(rng.choice([" ", "", "\n"]).join(parts))
    differ = [text for text in texts if sorted(t.term for t in glossary.terms_used(text)) != _searched(text)]
    assert not differ, differ[:3]
    assert any(glossary.terms_used(text) for text in texts) and not glossary.terms_used("Nothing here.")


def test_an_offers_own_term_replaces_the_built_in_one():
    own = glossary.Term(term="SENCO", meaning="Our own words for it.")
    found = glossary.terms_used("Ask the SENCO.", (own,))
    assert own in found and sum(t.term.casefold() == "senco" for t in found) == 1


def test_alphabetical_keeps_each_alphabet_in_its_order():
    """Letters with marks sit among their base letter's words and Urdu's own letters among the
    Arabic ones, where plain code point order puts them after 'z' or after 'ی'."""
    from offerprint.glossary import alphabetical

    polish = ["Zdrowie", "Śliwka", "Asystent", "Łatwy", "Mediacja", "Żaba", "Ocena"]
    # Unicode's default order, not Polish's own (which puts every Ł word after the L words).
    assert sorted(polish, key=alphabetical) == ["Asystent", "Łatwy", "Mediacja", "Ocena", "Śliwka", "Żaba", "Zdrowie"]
    assert sorted(polish)[-1] == "Żaba" and sorted(polish)[-3] == "Łatwy"  # what code points would do
    urdu = ["مقامی", "پ", "ٹیچنگ", "آٹزم", "کونسل", "بچوں"]
    assert sorted(urdu, key=alphabetical) == ["آٹزم", "بچوں", "پ", "ٹیچنگ", "کونسل", "مقامی"]
    assert sorted(["b", "A", "c"], key=alphabetical) == ["A", "b", "c"]
