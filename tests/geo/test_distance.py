import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.coords import LatLon
from geo.distance import geodesic_km, haversine_km
from geo.errors import InvalidCoordinates

lat = st.floats(-89.9, 89.9)
lon = st.floats(-179.9, 179.9)


@pytest.mark.parametrize(
    ("a", "b", "expected_km"),
    [
        ("62119", "59350", 33.0),  # Béthune - Lille
        ("62767", "62041", 33.0),  # Saint-Pol-sur-Ternoise - Arras
        ("80021", "80001", 41.0),  # Amiens - Abbeville
    ],
)
def test_known_distances_within_two_percent(gazetteer, a, b, expected_km):
    km = geodesic_km(gazetteer.by_insee(a).point, gazetteer.by_insee(b).point)
    assert km == pytest.approx(expected_km, rel=0.02)


def test_vectorised_haversine_agrees_with_geodesic_within_half_a_percent(gazetteer):
    origin = gazetteer.by_insee("62119").point
    others = [c for c in gazetteer.search_department("59")[:300] if c.insee_code != "62119"]
    fast = haversine_km(origin, np.array([c.lat for c in others]), np.array([c.lon for c in others]))
    exact = np.array([geodesic_km(origin, c.point) for c in others])
    assert np.all(np.abs(fast - exact) <= 0.005 * exact)


@given(lat, lon, lat, lon)
def test_distance_is_symmetric_and_zero_to_itself(la1, lo1, la2, lo2):
    a, b = LatLon(la1, lo1), LatLon(la2, lo2)
    ab = haversine_km(a, np.array([b.lat]), np.array([b.lon]))[0]
    ba = haversine_km(b, np.array([a.lat]), np.array([a.lon]))[0]
    assert ab == pytest.approx(ba, abs=1e-9)
    assert haversine_km(a, np.array([a.lat]), np.array([a.lon]))[0] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(("la", "lo"), [(91.0, 0.0), (0.0, 181.0), (float("nan"), 2.0), (-90.5, 0.0)])
def test_out_of_range_coordinates_name_the_value(la, lo):
    with pytest.raises(InvalidCoordinates) as err:
        LatLon(la, lo)
    assert "latitude" in str(err.value)
