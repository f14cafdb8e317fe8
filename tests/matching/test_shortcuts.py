"""The early-settled ranking is exactly the full one (same items, order, scores, reasons)."""

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from geo.travel import EstimatedTravelTime, TravelMode
from matching import ranking
from matching.graph import NetworkValues
from matching.index import CandidateIndex
from matching.ranking import MatchOutcome, MatchRequest, match, rank
from matching.rome import packaged_referential
from matching.vocabulary import ItemKind
from tests.matching.builders import NO_NETWORK, TODAY, item, youth

ROME = packaged_referential()
CODES = ("F1703", "F1704", "F1602", "N1103", "N4101", "J1501", "K1302", "G1602")
kinds = st.sampled_from(list(ItemKind))
items = st.lists(
    st.tuples(
        kinds,
        st.floats(0, 12),
        st.sampled_from(CODES),
        st.integers(0, 60),
        st.integers(0, 8),
        st.sampled_from([0, 0, 0, 3]),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=150,
)
youths = st.fixed_dictionaries(
    {
        "wished_rome_codes": st.lists(st.sampled_from(CODES), max_size=2).map(tuple),
        "wishes_text": st.sampled_from(["", "", "maçon", "cuisine"]),
        "travel_modes": st.sampled_from(
            [(TravelMode.WALK, TravelMode.BIKE), (TravelMode.PUBLIC_TRANSPORT, TravelMode.CAR)]
        ),
        "max_travel_minutes": st.sampled_from([30, 60]),
        "driving_licence": st.booleans(),
        "iae_eligible": st.booleans(),
    }
)


@pytest.fixture(autouse=True, scope="module")
def shortcuts_on_small_catalogues() -> Iterator[None]:
    """These catalogues are small: the shortcuts are tried whatever the number of items in reach."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ranking, "SHORTCUTS_FROM_ROWS", 0)
        yield


def catalogue(specs) -> CandidateIndex:
    built = [
        item(
            i + 1,
            kind,
            km,
            rome_codes=(code,),
            start_date=TODAY + timedelta(days=days),
            places_left=places,
            organisation_id=org,
            required_level=required,
        )
        for i, (kind, km, code, days, places, required, org) in enumerate(specs)
    ]
    return CandidateIndex.build(ROME, built)


def view(outcome: MatchOutcome) -> list[tuple]:
    return [(r.item.key, r.score, r.travel_minutes, r.criteria) for r in outcome.results]


def settled_early(index: CandidateIndex, request: MatchRequest) -> MatchOutcome:
    """The outcome, once checked to be settled on a smaller set and to equal the full search's."""
    fast = match(index, EstimatedTravelTime(), NO_NETWORK, request)
    full = match(index, EstimatedTravelTime(), NO_NETWORK, replace(request, debug=True))
    assert fast.considered is None
    assert view(fast) == view(full)
    return fast


@settings(max_examples=150, deadline=None)
@given(
    items,
    youths,
    st.integers(1, 5),
    st.booleans(),
    st.lists(st.sampled_from([0.0, 0.0, 0.0, 0.5, 1.0]), min_size=6, max_size=6),
)
def test_shortcut_ranking_equals_the_full_ranking(specs, profile, limit, per_kind, network_values):
    index = catalogue(specs)
    network = NetworkValues(np.arange(6, dtype=np.int64), np.array(network_values))
    y = youth(**profile)
    provider = EstimatedTravelTime()
    fast = match(index, provider, network, MatchRequest(y, TODAY, limit=limit, per_kind=per_kind))
    full = match(index, provider, network, MatchRequest(y, TODAY, limit=limit, per_kind=per_kind, debug=True))
    event(f"settled early: {fast.considered is None}")
    assert view(fast) == view(full)
    # the ranking alone (alerts, counts) lists the same items in the same order
    ranked = rank(index, provider, network, MatchRequest(y, TODAY, limit=limit, per_kind=per_kind))
    assert [index.items[r].key for r in ranked.rows] == [r.item.key for r in fast.results]


def test_a_dense_catalogue_is_settled_early():
    specs = [(ItemKind.SESSION, km / 100, "F1703", 5, 5, 0, 1) for km in range(200)]
    specs += [(ItemKind.JOB, 20 + km / 100, "N4101", 5, 5, 0, 2) for km in range(200)]
    index = catalogue(specs)
    out = match(index, EstimatedTravelTime(), NO_NETWORK, MatchRequest(youth(), TODAY, limit=5))
    assert out.considered is None  # settled on the wished job's items alone
    assert [r.item.id for r in out.results] == [1, 2, 3, 4, 5]


def test_realistic_catalogues_settle_early_and_exactly():
    """Seeded catalogues of 150 items: many settle early, all rank as the full search does."""
    settled = 0
    for seed in range(40):
        r = random.Random(seed)
        specs = [
            (
                r.choice(list(ItemKind)),
                r.uniform(0, 12),
                r.choice(CODES),
                r.randint(0, 60),
                r.randint(0, 8),
                r.choice([0, 0, 0, 3]),
                r.randint(0, 5),
            )
            for _ in range(150)
        ]
        index = catalogue(specs)
        y = youth(wished_rome_codes=tuple(r.sample(CODES, r.randint(0, 2))), max_travel_minutes=r.choice([30, 60]))
        request = MatchRequest(y, TODAY, limit=r.randint(1, 5), per_kind=r.random() < 0.2)
        fast = match(index, EstimatedTravelTime(), NO_NETWORK, request)
        full = match(index, EstimatedTravelTime(), NO_NETWORK, replace(request, debug=True))
        assert view(fast) == view(full)
        settled += fast.considered is None
    assert settled >= 10


def test_an_item_with_two_wished_codes_is_listed_once():
    built = [item(i, ItemKind.SESSION, i / 10, rome_codes=("F1703", "F1704")) for i in range(1, 40)]
    built += [item(i, ItemKind.JOB, i / 100, rome_codes=("N4101",)) for i in range(100, 300)]  # listed once
    index = CandidateIndex.build(ROME, built)
    y = youth(wished_rome_codes=("F1703", "F1704"))
    fast = settled_early(index, MatchRequest(y, TODAY, limit=5))
    assert len({r.item.id for r in fast.results}) == 5


def test_wished_items_far_away_are_picked_out_of_those_within_reach():
    """Nationwide, the wished job has more items than the youth can reach: the shortcut takes
    them from the reachable ones instead, and still ranks exactly as the full search."""
    specs = [(ItemKind.SESSION, 200 + km, "F1703", 5, 5, 0, 1) for km in range(300)]  # out of reach
    specs += [(ItemKind.SESSION, km / 10, "F1703" if km % 3 else "N4101", 5, 5, 0, 1) for km in range(60)]
    settled_early(catalogue(specs), MatchRequest(youth(), TODAY, limit=5))


def test_a_wish_with_few_items_settles_on_them_and_what_is_close_by():
    """Three items of the wished job, not enough for five results: the wished items together with
    the items close by settle it, since what is left both fits less and lies further."""
    specs = [(ItemKind.JOB, 4 + km, "F1703", 5, 5, 0, 1) for km in range(3)]
    # the same family of jobs (F1702, 0.4): close by, they beat anything further of that fit
    specs += [(ItemKind.JOB, km / 100, "F1702", 5, 5, 0, 2) for km in range(200)]
    specs += [(ItemKind.JOB, 6 + km / 100, "F1702", 5, 5, 0, 2) for km in range(200)]
    fast = settled_early(catalogue(specs), MatchRequest(youth(), TODAY, limit=5))
    assert [r.item.id for r in fast.results][:3] == [1, 2, 3]
