"""The map's cells find exactly the points within a radius, anywhere on the globe."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.coords import LatLon
from geo.distance import haversine_km
from matching.cells import Cells

latitudes = st.floats(-89.9, 89.9)
longitudes = st.floats(-180.0, 180.0)
# Where the cells' bounding box is hardest to get right: across the antimeridian, near the poles.
corners = st.sampled_from([(0.0, 179.95), (0.0, -179.95), (-17.5, -179.9), (88.5, 10.0), (-88.5, -170.0)])


def scatter(seed: int, centre: tuple[float, float], spread: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    lat = np.clip(centre[0] + rng.normal(0, spread, n), -90.0, 90.0)
    lon = (centre[1] + rng.normal(0, spread, n) + 180.0) % 360.0 - 180.0
    return lat, lon


def assert_exact(cells: Cells, lat: np.ndarray, lon: np.ndarray, at: tuple[float, float], radius_km: float) -> None:
    found = set(cells.within(at[0], at[1], radius_km).tolist())
    km = haversine_km(LatLon(*at), lat, lon)
    surely_in = set(np.flatnonzero(km < radius_km * (1 - 1e-9) - 1e-9).tolist())
    surely_out = set(np.flatnonzero(km > radius_km * (1 + 1e-9) + 1e-9).tolist())
    assert surely_in <= found
    assert not found & surely_out
    assert cells.count_box(at[0], at[1], radius_km) >= len(found)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), latitudes, longitudes, st.floats(0.0, 3.0), st.floats(0.01, 400.0))
def test_what_lies_within_a_radius_is_found_and_nothing_else(seed, lat0, lon0, spread, radius_km):
    lat, lon = scatter(seed, (lat0, lon0), spread, 500)
    cells = Cells.of(lat, lon)
    assert_exact(cells, lat, lon, (lat0, lon0), radius_km)
    assert_exact(cells, lat, lon, (float(lat[0]), float(lon[0])), radius_km)  # on a point itself


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), corners, st.floats(0.1, 2.0), st.floats(1.0, 600.0))
def test_across_the_antimeridian_and_near_the_poles(seed, corner, spread, radius_km):
    lat, lon = scatter(seed, corner, spread, 400)
    assert_exact(Cells.of(lat, lon), lat, lon, corner, radius_km)


def test_a_radius_larger_than_the_earth_finds_every_point():
    lat, lon = scatter(1, (45.0, 2.0), 40.0, 300)
    assert len(Cells.of(lat, lon).within(-45.0, -178.0, 30_000.0)) == 300


def test_no_points_no_rows():
    cells = Cells.of(np.empty(0), np.empty(0))
    assert len(cells.within(50.0, 2.8, 10.0)) == 0
    assert cells.count_box(50.0, 2.8, 10.0) == 0
