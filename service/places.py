"""Where a new record stands: given coordinates, else its address or commune through `geo/`."""

from dataclasses import dataclass

from geo.coords import check_coordinates
from geo.gazetteer import Gazetteer
from geo.geocoder import Geocoder


@dataclass(frozen=True)
class Places:
    gazetteer: Gazetteer
    geocoder: Geocoder

    def locate(self, insee_code: str, address: str, lat: float | None, lon: float | None) -> tuple[float, float]:
        commune = self.gazetteer.by_insee(insee_code)  # unknown commune: a 4xx naming it
        if lat is not None and lon is not None:
            check_coordinates(lat, lon)
            return lat, lon
        place = self.geocoder.geocode(address, commune) if address else None
        point = place.point if place else commune.point
        return point.lat, point.lon
