"""Geocoding: the offline gazetteer by default, the BAN (via geopy) optionally for street addresses."""

import logging
from dataclasses import dataclass
from typing import Protocol

from geopy.exc import GeopyError
from geopy.geocoders import BANFrance

from geo.coords import LatLon
from geo.gazetteer import Commune, Gazetteer

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GeocodedPlace:
    point: LatLon
    commune: Commune
    precision: str  # "address" or "commune": advisers must know when a point is only a centroid
    note: str = ""


class Geocoder(Protocol):
    def geocode(self, address: str, commune: Commune) -> GeocodedPlace: ...


class GazetteerGeocoder:
    """Places every address at its commune's town hall: no network, always answers."""

    def geocode(self, address: str, commune: Commune) -> GeocodedPlace:
        return _centre(commune, "centre de la commune (adresses non géolocalisées sur ce serveur)")


class BanGeocoder:
    """Street-level geocoding through the Base Adresse Nationale; falls back to the commune."""

    def __init__(self, gazetteer: Gazetteer, timeout_s: float = 3.0, client: object = None) -> None:
        self.gazetteer = gazetteer
        self.client = client or BANFrance(timeout=timeout_s)

    def geocode(self, address: str, commune: Commune) -> GeocodedPlace:
        query = f"{address}, {commune.postal_codes[0] if commune.postal_codes else ''} {commune.name}"
        try:
            found = self.client.geocode(query)  # type: ignore[union-attr]
        except (GeopyError, OSError) as exc:
            log.warning("BAN geocoding failed, using the commune centre: %s", type(exc).__name__)
            return _centre(commune, "service d'adresses indisponible : centre de la commune")
        if found is None:
            return _centre(commune, "adresse non trouvée : centre de la commune")
        return GeocodedPlace(LatLon(found.latitude, found.longitude), commune, "address")


def _centre(commune: Commune, note: str) -> GeocodedPlace:
    return GeocodedPlace(commune.point, commune, "commune", note)
