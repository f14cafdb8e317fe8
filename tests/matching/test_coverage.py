"""Coverage on small hand-made territories whose answers are known."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.travel import EstimatedTravelTime
from matching.coverage import (
    MIN_GROUP,
    PRESETS,
    Options,
    Place,
    equity,
    family_codes,
    nearest_site,
    open_options,
    propose_sites,
    reach,
)
from matching.index import CandidateIndex
from matching.rome import packaged_referential
from matching.vocabulary import ItemKind
from tests.matching.builders import KM_LAT, TODAY, item

TRAVEL = EstimatedTravelTime()
KM_LON = 1 / 71.0  # degrees of longitude per km near 50° N
CENTRE = (50.30, 2.40)  # open country south of Béthune
BIKE = PRESETS["bike_30"]
WALK_PT = PRESETS["walk_pt_45"]


def place(name: str, km_north: float = 0.0, km_east: float = 0.0, youths: int = 0, population: int = 800) -> Place:
    lat, lon = CENTRE[0] + km_north * KM_LAT, CENTRE[1] + km_east * KM_LON
    return Place(name, name, lat, lon, population, youths)


def options_at(*places: Place) -> Options:
    return Options(np.array([p.lat for p in places]), np.array([p.lon for p in places]), tuple(p.name for p in places))


# A star: a village in the middle and four at 5 km around it, 7 to 10 km from each other.
STAR = [
    place("Centre", youths=2),
    place("Nord", 5, 0, youths=3),
    place("Sud", -5, 0, youths=3),
    place("Est", 0, 5, youths=3),
    place("Ouest", 0, -5, youths=3),
]


def test_a_white_zone_appears_when_the_only_option_closes_and_goes_when_one_opens_nearby():
    nord = STAR[1]
    assert not reach(TRAVEL, [nord], options_at(nord), BIKE)[0].white
    assert reach(TRAVEL, [nord], options_at(), BIKE)[0].white  # closed: nothing left
    far = place("Loin", 60, 0)
    found = reach(TRAVEL, [nord], options_at(far), BIKE)[0]
    assert found.white
    assert found.nearest == "Loin"
    assert found.nearest_minutes > BIKE.max_minutes  # the nearest is named even out of reach


def test_greedy_picks_the_central_commune_first():
    reaches = reach(TRAVEL, STAR, options_at(), BIKE)
    assert all(r.white for r in reaches)
    picks = propose_sites(TRAVEL, reaches, STAR, BIKE, k=3)
    assert picks[0].place.name == "Centre"
    assert picks[0].youths_gained == 14  # every youth of the star
    assert len(picks) == 1  # nothing left to cover: no second pick


def test_each_pick_counts_only_what_it_adds():
    west = [place(f"O{i}", 0, -40 - 3 * i, youths=1) for i in range(3)]
    reaches = reach(TRAVEL, [*STAR, *west], options_at(), BIKE)
    picks = propose_sites(TRAVEL, reaches, [*STAR, *west], BIKE, k=5)
    assert [p.youths_gained for p in picks] == [14, 3]
    assert sum(p.youths_gained for p in picks) == sum(p.youths for p in [*STAR, *west])


def test_population_decides_where_no_youth_file_is_known():
    towns = [place("Bourg", 0, 0, population=9_000), place("Hameau", 0, 60, population=90)]
    picks = propose_sites(TRAVEL, reach(TRAVEL, towns, options_at(), BIKE), towns, BIKE, k=1)
    assert picks[0].place.name == "Bourg"
    assert picks[0].youths_gained == 0


def test_a_commune_reached_only_by_car_is_a_white_zone_for_walk_and_public_transport():
    home, job = place("Village"), place("Zone d'activités", 32, 0)
    assert not reach(TRAVEL, [home], options_at(job), PRESETS["car_45"])[0].white
    assert reach(TRAVEL, [home], options_at(job), WALK_PT)[0].white


def test_equity_shares_come_from_counts_and_hide_small_groups():
    reaches = reach(TRAVEL, STAR, options_at(STAR[0]), PRESETS["walk_30"])
    qpv = [replace(r, place=replace(r.place, qpv_youths=1)) for r in reaches]  # 5 in all
    shares = equity(qpv)
    assert shares.everyone.youths == 14
    assert shares.qpv.youths == MIN_GROUP
    assert shares.frr.youths is None  # nobody: not shown
    assert shares.frr.percent is None
    one = replace(reaches[0], place=replace(reaches[0].place, youths=MIN_GROUP - 1))
    assert equity([one]).everyone.percent is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-30, 30), st.floats(-30, 30), st.integers(0, 20)), min_size=1, max_size=12))
def test_picks_never_claim_more_youths_than_the_white_zones_hold(spots):
    places = [place(f"P{i}", n, e, youths=y) for i, (n, e, y) in enumerate(spots)]
    reaches = reach(TRAVEL, places, options_at(places[0]), BIKE)
    picks = propose_sites(TRAVEL, reaches, places, BIKE, k=4)
    assert sum(p.youths_gained for p in picks) <= sum(r.place.youths for r in reaches if r.white)
    gains = [p.youths_gained for p in picks]
    assert gains == sorted(gains, reverse=True)  # greedy: each pick adds no more than the one before


def test_open_options_keep_the_family_and_kinds_that_still_take_someone():
    rome = packaged_referential()
    items = [
        item(1, rome_codes=("F1703",)),
        item(2, rome_codes=("F1703",), places_left=0),  # full
        item(3, kind=ItemKind.JOB, rome_codes=("F1703",), end_date=TODAY.replace(day=1)),  # expired
        item(4, kind=ItemKind.JOB, rome_codes=("F1602",)),
        item(5, rome_codes=("G1602",)),  # another family
    ]
    index = CandidateIndex.build(rome, items)
    found = open_options(index, family_codes(rome, "F17"), frozenset(ItemKind), TODAY.toordinal())
    assert len(found) == 1
    found = open_options(index, family_codes(rome, "F"), frozenset({ItemKind.JOB}), TODAY.toordinal())
    assert len(found) == 1
    assert "CAP Maçon" in found.labels[0]


@pytest.mark.parametrize(
    ("family", "expected"),
    [("J1501", {"J1501"}), ("j15", {"J1501", "J1506"}), ("aide à domicile", {"K1304"}), ("logistique", {"N1301"})],
)
def test_a_family_reads_codes_domains_sectors_and_words(family, expected):
    assert expected <= family_codes(packaged_referential(), family)


def test_nothing_matches_a_made_up_family():
    assert family_codes(packaged_referential(), "zzqx") == frozenset()


def test_communes_go_to_the_nearest_site():
    sites = options_at(place("A", 0, -10), place("B", 0, 10))
    assert list(nearest_site([place("x", 0, -3), place("y", 0, 4)], sites)) == [0, 1]
