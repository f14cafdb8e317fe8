"""The map cut in cells of a lat/lon grid, each cell's rows stored together: the spatial index of
the candidate index.

A radius search reads the cells of the circle's bounding box, one run of stored rows per band of
cells, and keeps the rows within the chord: a few numpy calls per band whatever the number found,
where a k-d tree hands back a Python list of every row (most of a search's spatial cost).
"""

import math
from dataclasses import dataclass

import numpy as np

from geo.distance import EARTH_RADIUS_KM, chord, xyz

CELL_DEG = 0.1  # about 11 km by 7 km in France: a few cells span a youth's reach on foot
_MARGIN_DEG = 1e-9  # the box must hold every point of the circle, whatever the rounding


@dataclass(frozen=True, slots=True)
class Cap:
    """The points of the unit sphere within a great-circle radius of a point."""

    centre: np.ndarray
    floor: float  # on the unit sphere |p - c|² = 2 - 2 p·c: within the chord is p·c above this

    @classmethod
    def of(cls, lat: float, lon: float, radius_km: float) -> "Cap":
        la, lo = math.radians(lat), math.radians(lon)
        centre = np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])
        return cls(centre, 1.0 - chord(radius_km) ** 2 / 2.0)

    def holds(self, points: np.ndarray) -> np.ndarray:
        """Which of these points (n, 3) lie within it."""
        return np.asarray(points @ self.centre >= self.floor)


@dataclass(frozen=True, slots=True)
class Cells:
    lat0: float
    lon0: float
    shape: tuple[int, int]  # cell rows (latitude bands), cell columns
    starts: np.ndarray  # starts[k]: where cell k's rows begin in `rows` (row-major cells, one extra)
    rows: np.ndarray  # the rows, cell by cell
    points: np.ndarray  # their points on the unit sphere (n, 3), in the same order

    @classmethod
    def of(cls, lat: np.ndarray, lon: np.ndarray) -> "Cells":
        """Cells over these points; row r is the point at position r."""
        if not len(lat):
            return cls(0.0, 0.0, (0, 0), np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty((0, 3)))
        lat0, lon0 = float(lat.min()), float(lon.min())
        i = ((lat - lat0) / CELL_DEG).astype(np.int64)
        j = ((lon - lon0) / CELL_DEG).astype(np.int64)
        shape = (int(i.max()) + 1, int(j.max()) + 1)
        keys = i * shape[1] + j
        rows = np.argsort(keys, kind="stable")  # within a cell, the rows' own (map) order
        starts = np.searchsorted(keys[rows], np.arange(shape[0] * shape[1] + 1))
        return cls(lat0, lon0, shape, starts, rows, xyz(lat[rows], lon[rows]))

    def count_box(self, lat: float, lon: float, radius_km: float) -> int:
        """How many rows lie in the cells of the circle's bounding box (an upper bound of how many
        lie within it, read in a few array reads)."""
        return sum(end - begin for begin, end in self._runs(lat, lon, radius_km))

    def within(self, lat: float, lon: float, radius_km: float) -> np.ndarray:
        """The rows within `radius_km` (great circle) of a point."""
        cap = Cap.of(lat, lon, radius_km)
        found = [self.rows[a:b][cap.holds(self.points[a:b])] for a, b in self._runs(lat, lon, radius_km)]
        return np.concatenate(found) if found else self.rows[:0]

    def nbytes(self) -> int:
        return self.starts.nbytes + self.rows.nbytes + self.points.nbytes

    def _runs(self, lat: float, lon: float, radius_km: float) -> list[tuple[int, int]]:
        """The runs of `rows` the circle's bounding box covers: one per band of cells and span of
        cell columns (two spans where the box crosses the antimeridian)."""
        bands, columns = self.shape
        if not bands:
            return []
        angle = min(radius_km / EARTH_RADIUS_KM, math.pi)
        dlat = math.degrees(angle) + _MARGIN_DEG
        i0, i1 = self._span(lat - dlat, lat + dlat, self.lat0, bands)
        spans = [self._span(west, east, self.lon0, columns) for west, east in _longitudes(lat, lon, angle)]
        starts = self.starts
        return [
            (int(starts[i * columns + j0]), int(starts[i * columns + j1 + 1]))
            for i in range(i0, i1 + 1)
            for j0, j1 in spans
            if j0 <= j1
        ]

    @staticmethod
    def _span(low: float, high: float, origin: float, cells: int) -> tuple[int, int]:
        """The cells [first, last] a coordinate range covers, clipped to the grid (empty: first > last)."""
        first = math.floor((low - origin) / CELL_DEG)
        last = math.floor((high - origin) / CELL_DEG)
        return max(first, 0), min(last, cells - 1)


def _longitudes(lat: float, lon: float, angle: float) -> list[tuple[float, float]]:
    """The longitude ranges of a spherical cap of `angle` radians around a point, in [-180, 180]:
    all of them when the cap reaches a pole."""
    if angle >= math.pi / 2 - abs(math.radians(lat)):
        return [(-180.0, 180.0)]
    dlon = math.degrees(math.asin(math.sin(angle) / math.cos(math.radians(lat)))) + _MARGIN_DEG
    west, east = lon - dlon, lon + dlon
    if west < -180.0:
        return [(west + 360.0, 180.0), (-180.0, east)]
    if east > 180.0:
        return [(west, 180.0), (-180.0, east - 360.0)]
    return [(west, east)]
