"""Property test: whatever bytes or YAML a file holds, loading never produces a traceback."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offerprint.errors import OfferInputError
from offerprint.load import load_offer

from conftest import valid_offer_text

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates())
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(["setting", "offer", "sections", "name", "kind",
                                                                "id", "answer", "phone", "x"]) | st.text(max_size=6),
                                               children, max_size=5)),
    max_leaves=20,
)


def _load(tmp_path, data: bytes) -> None:
    (tmp_path / "offer.yaml").write_bytes(data)
    try:
        load_offer(tmp_path)
    except OfferInputError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        assert all("offer.yaml" in str(p) for p in exc.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents)
def test_random_documents_never_crash(tmp_path, document):
    _load(tmp_path, yaml.safe_dump(document, allow_unicode=True).encode())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(tmp_path, data):
    _load(tmp_path, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=3000), st.text(string.printable + "ąé€", max_size=5))
def test_damaged_offer_never_crashes(tmp_path, position, junk):
    text = valid_offer_text()
    position = min(position, len(text))
    _load(tmp_path, (text[:position] + junk + text[position + len(junk):]).encode())
