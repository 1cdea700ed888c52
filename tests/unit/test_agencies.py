"""The one agency list (extractors/data/agencies.csv) and its two readers."""

from __future__ import annotations

from extractors.agencies import credit_names, wire_services
from extractors.line_features import lexicon
from warehouse.claims.records import AGENCIES


def test_claims_and_the_furniture_features_read_the_one_list():
    assert AGENCIES == wire_services()
    assert lexicon().agencies == credit_names()


def test_a_wire_service_is_grouped_under_its_short_name_by_any_of_its_names():
    wires = wire_services()
    assert wires["associated press"] == wires["ap"] == "AP"
    assert wires["press association"] == wires["pa media"] == wires["pa"] == "PA"


def test_photo_agencies_are_credits_but_not_wire_services():
    assert {"getty images", "shutterstock", "reuters"} <= credit_names()
    assert "getty images" not in wire_services()
