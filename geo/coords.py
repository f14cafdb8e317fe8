"""A point on the globe, always latitude first."""

import math
from dataclasses import dataclass

from geo.errors import InvalidCoordinates


@dataclass(frozen=True, slots=True)
class LatLon:
    lat: float
    lon: float

    def __post_init__(self) -> None:
        check_coordinates(self.lat, self.lon)


def check_coordinates(lat: float, lon: float, field: str = "coordinates") -> None:
    valid = math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
    if not valid:
        raise InvalidCoordinates(lat, lon, field=field)
