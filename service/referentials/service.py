"""The referentials a worker holds (communes, ROME) and where a new record stands: given
coordinates, else its address or commune through `geo/`."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from geo.coords import LatLon, check_coordinates
from geo.errors import GeoError
from geo.french_communes import packaged_communes
from geo.gazetteer import CODE_IN_TEXT, Commune, Gazetteer, MatchedBy
from geo.geocoder import Geocoder
from matching.rome import (
    RomeCode,
    RomeReferential,
    packaged_abbreviations,
    packaged_referential,
    referential_from_rows,
)
from service.models import CommuneEntry, RomeEntry
from service.referentials import queries

LABEL_MAX = 300


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


def gazetteer(db: Session) -> Gazetteer:
    """The packaged communes, extended or overridden by those `passerelle geo import-communes` loaded."""
    imported = [
        Commune(c.insee_code, c.name, tuple(c.postal_codes), c.department, c.latitude, c.longitude, c.population)
        for c in queries.commune_entries(db)
    ]
    return Gazetteer([*packaged_communes(), *imported])


def rome_referential(db: Session) -> RomeReferential:
    """The imported ROME referential when there is one, else the packaged one."""
    imported = queries.rome_entries(db)
    if not imported:
        return packaged_referential()
    rows = (
        {
            "code": r.code,
            "label": r.label,
            "appellations": "|".join(r.appellations),
            "linked_codes": "|".join(r.linked_codes),
        }
        for r in imported
    )
    return referential_from_rows(rows, packaged_abbreviations())


def replace_rome(db: Session, codes: Iterable[RomeCode]) -> None:
    queries.replace_rome(
        db,
        (
            RomeEntry(
                code=c.code,
                label=c.label[:LABEL_MAX],
                domain=c.code[0],
                appellations=list(c.appellations),
                linked_codes=list(c.linked),
            )
            for c in codes
        ),
    )


def import_communes(db: Session, communes: Iterable[Commune]) -> None:
    queries.merge_communes(
        db,
        (
            CommuneEntry(
                insee_code=c.insee_code,
                name=c.name,
                postal_codes=list(c.postal_codes),
                department=c.department,
                latitude=c.lat,
                longitude=c.lon,
                population=c.population,
            )
            for c in communes
        ),
    )


def point(near: str | None) -> LatLon | None:
    """ "50.53,2.64" as a point (the route has checked its shape)."""
    if not near:
        return None
    lat, lon = (float(x) for x in near.split(","))
    return LatLon(lat, lon)


def communes_for(
    gazetteer: Gazetteer, query: str, limit: int, near: LatLon | None, insee: bool
) -> list[tuple[Commune, MatchedBy]]:
    """What a query names, best first, and how it was read."""
    if CODE_IN_TEXT.search(query):
        try:
            located = gazetteer.locate(query, near, insee)
        except GeoError:
            return []
        return [(c, located.matched_by) for c in (located.commune, *located.others)][:limit]
    return [(c, MatchedBy.NAME) for c in gazetteer.search(query, limit, near=near)]


def versions(db: Session, rome: RomeReferential, gazetteer: Gazetteer) -> dict[str, object]:
    """What the service runs on: the referentials' origin and size, and the schema's revision."""
    imported = queries.counts(db)
    return {
        "rome": f"{len(rome)} codes ({'importés' if imported['rome'] else 'ROME 4.0 livré avec Passerelle'})",
        "communes": f"{len(gazetteer)} communes ({imported['communes']} importées, les autres livrées)",
        "schema": queries.schema_revision(db),
    }
