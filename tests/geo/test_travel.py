import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.coords import LatLon
from geo.travel import EstimatedTravelTime, Origin, TravelMode, best_travel, trip_for_youth

provider = EstimatedTravelTime()


def test_saint_pol_to_arras_by_bike_in_30_minutes_is_out_of_reach_by_car_it_is_not(gazetteer):
    saint_pol, arras = gazetteer.by_insee("62767"), gazetteer.by_insee("62041")
    origin = Origin(saint_pol.point, urban=False)
    bike = trip_for_youth(provider, origin, arras.point, (TravelMode.BIKE,), 30)
    assert not bike.within_max
    assert bike.minutes > 120
    car = trip_for_youth(provider, origin, arras.point, (TravelMode.BIKE, TravelMode.CAR), 45)
    assert car.within_max
    assert car.mode is TravelMode.CAR
    assert 30 <= car.minutes <= 45  # the real drive is about 35 minutes


def test_best_mode_is_chosen_per_destination():
    origin = Origin(LatLon(50.53, 2.64), urban=True)
    lats, lons = np.array([50.531, 50.70]), np.array([2.641, 2.64])
    best = best_travel(provider, origin, lats, lons, (TravelMode.WALK, TravelMode.CAR))
    assert best.mode_at(0) is TravelMode.WALK  # next door: walking beats parking
    assert best.mode_at(1) is TravelMode.CAR


def test_no_mode_means_nothing_is_reachable():
    best = best_travel(provider, Origin(LatLon(50, 2)), np.array([50.0]), np.array([2.0]), ())
    assert np.isinf(best.minutes[0])


def test_public_transport_is_slower_outside_towns():
    d = np.array([10.0])
    urban = provider.minutes_for_distance(d, TravelMode.PUBLIC_TRANSPORT, urban=True)[0]
    rural = provider.minutes_for_distance(d, TravelMode.PUBLIC_TRANSPORT, urban=False)[0]
    assert rural > urban


@pytest.mark.parametrize("mode", list(TravelMode))
@given(st.floats(0, 500), st.floats(0, 500), st.booleans())
def test_travel_time_grows_with_distance(mode, d1, d2, urban):
    near, far = sorted((d1, d2))
    t = provider.minutes_for_distance(np.array([near, far]), mode, urban)
    assert t[0] <= t[1]


@pytest.mark.parametrize("mode", list(TravelMode))
@given(st.floats(1, 240), st.booleans())
def test_reach_is_the_inverse_of_travel_time(mode, minutes, urban):
    origin = Origin(LatLon(50.0, 2.0), urban)
    reach = provider.reach_km(origin, mode, minutes)
    if reach > 0:
        back = provider.minutes_for_distance(np.array([reach]), mode, urban)[0]
        assert back == pytest.approx(minutes, rel=1e-6)


def test_a_place_in_the_youths_own_commune_is_never_zero_minutes_away():
    from geo.travel import in_town_km

    town = Origin(LatLon(49.894, 2.296), urban=True, in_town_km=in_town_km(134_000))  # Amiens' town hall
    provider = EstimatedTravelTime()
    same_point = provider.minutes(town, np.array([49.894]), np.array([2.296]), (TravelMode.WALK,))[0][0]
    assert same_point > 30  # a walk across Amiens, not 0 min
    assert town.distances_km(np.array([49.894]), np.array([2.296]))[0] == pytest.approx(2.75)
    village = Origin(LatLon(50.3, 2.3), in_town_km=in_town_km(300))
    assert 0 < village.distances_km(np.array([50.3]), np.array([2.3]))[0] < 0.5
    # a place elsewhere keeps its own distance
    assert town.distances_km(np.array([49.95]), np.array([2.296]))[0] == pytest.approx(6.2, abs=0.1)


def test_results_in_the_youths_own_commune_have_a_travel_time(client, login, db, places, demo_user):
    from tests import factories

    org = factories.organisation(db, places, siret=None, insee_code="80021", name="Organisme amiénois")
    factories.session_(db, places, org, insee_code="80021", rome_codes=["F1703"])
    db.commit()
    profile = {
        "birth_date": "2005-01-10",
        "qualification_level": "infra_3",
        "wished_rome_codes": ["F1703"],
        "home_insee_code": "80021",
        "travel_modes": ["walk", "bike"],
        "max_travel_minutes": 60,
    }
    results = client.post("/api/v1/match", headers=login("adviser"), json=profile).json()["results"]
    same_town = [r for r in results if r["insee_code"] == "80021"]
    assert same_town
    assert all(r["travel_minutes"] > 0 and r["distance_km"] > 0 for r in same_town)
