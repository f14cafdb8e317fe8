"""What the coverage API returns: per commune, totals, equity shares, proposals; and the same
rows as CSV or GeoJSON."""

from typing import Any

from pydantic import BaseModel, Field

from geo.travel import TravelMode
from matching.coverage import Proposal, Reach, Share
from service.coverage.service import Coverage


class CommuneCoverage(BaseModel):
    insee_code: str
    name: str
    latitude: float
    longitude: float
    population: int
    youths: int = Field(description="Youth files of the user's Mission Locale living there (0 for training bodies).")
    reachable: int = Field(description="Open options within the profile's limit.")
    white_zone: bool
    nearest_minutes: float | None = Field(description="The quickest option, within the limit or not (estimate).")
    nearest: str | None
    nearest_mode: TravelMode | None


class ShareOut(BaseModel):
    youths: int | None = Field(description="None below 5 youths: too few to show.")
    reaching: int | None
    percent: float | None


class EquityOut(BaseModel):
    """Statistics only: the share of youths who reach an option, overall and by where they live."""

    everyone: ShareOut
    qpv: ShareOut
    frr: ShareOut


class Totals(BaseModel):
    communes: int
    white_communes: int
    population: int
    population_in_white: int
    youths: int
    youths_in_white: int


class CoverageOut(BaseModel):
    territory: str
    family: str
    rome_codes: int = Field(description="How many ROME codes the family covers.")
    kinds: list[str]
    profile: str
    max_minutes: int
    options: int = Field(description="Open options of the family and kinds in the index.")
    travel_times: str
    totals: Totals
    equity: EquityOut
    communes: list[CommuneCoverage]


class ProposalOut(BaseModel):
    insee_code: str
    name: str
    youths_gained: int
    population_gained: int
    communes_covered: list[str]
    summary: str


class ProposalsOut(BaseModel):
    territory: str
    profile: str
    youths_in_white: int
    proposals: list[ProposalOut]


class FarCommune(BaseModel):
    insee_code: str
    name: str
    population: int
    youths: int
    nearest_site: str | None
    nearest_minutes: float | None


def commune_out(r: Reach) -> dict[str, Any]:
    p = r.place
    return {
        "insee_code": p.insee_code,
        "name": p.name,
        "latitude": p.lat,
        "longitude": p.lon,
        "population": p.population,
        "youths": p.youths,
        "reachable": r.reachable,
        "white_zone": r.white,
        "nearest_minutes": None if r.nearest_minutes is None else round(r.nearest_minutes, 1),
        "nearest": r.nearest,
        "nearest_mode": r.nearest_mode,
    }


def _share(s: Share) -> dict[str, Any]:
    return {"youths": s.youths, "reaching": s.reaching, "percent": s.percent}


def coverage_out(c: Coverage) -> dict[str, Any]:
    white = c.white
    return {
        "territory": c.territory.label,
        "family": c.asked.family,
        "rome_codes": len(c.asked.codes),
        "kinds": sorted(str(k) for k in c.asked.kinds),
        "profile": c.asked.mobility.label,
        "max_minutes": c.asked.mobility.max_minutes,
        "options": c.options,
        "travel_times": c.travel_note,
        "totals": {
            "communes": len(c.reaches),
            "white_communes": len(white),
            "population": sum(r.place.population for r in c.reaches),
            "population_in_white": sum(r.place.population for r in white),
            "youths": sum(r.place.youths for r in c.reaches),
            "youths_in_white": sum(r.place.youths for r in white),
        },
        "equity": {"everyone": _share(c.equity.everyone), "qpv": _share(c.equity.qpv), "frr": _share(c.equity.frr)},
        "communes": [commune_out(r) for r in c.reaches],
    }


def proposal_summary(p: Proposal, profile: str) -> str:
    """« Saint-Pol-sur-Ternoise : +46 jeunes couverts (12 300 habitants, 9 communes) — à pied + … »."""
    people = f"{p.population_gained:,} habitants".replace(",", "\u202f")
    towns = len(p.communes_gained)
    where = f"{people}, {towns} commune{'s' if towns > 1 else ''}"
    if not p.youths_gained:
        return f"{p.place.name} : aucun jeune suivi de plus, mais {where} couverts — {profile}"
    plural = "s" if p.youths_gained > 1 else ""
    return f"{p.place.name} : +{p.youths_gained} jeune{plural} couvert{plural} ({where}) — {profile}"


def proposals_out(c: Coverage, picks: list[Proposal]) -> dict[str, Any]:
    return {
        "territory": c.territory.label,
        "profile": c.asked.mobility.label,
        "youths_in_white": sum(r.place.youths for r in c.white),
        "proposals": [
            {
                "insee_code": p.place.insee_code,
                "name": p.place.name,
                "youths_gained": p.youths_gained,
                "population_gained": p.population_gained,
                "communes_covered": list(p.communes_gained),
                "summary": proposal_summary(p, c.asked.mobility.label),
            }
            for p in picks
        ],
    }


def far_out(r: Reach) -> dict[str, Any]:
    return {
        "insee_code": r.place.insee_code,
        "name": r.place.name,
        "population": r.place.population,
        "youths": r.place.youths,
        "nearest_site": r.nearest,
        "nearest_minutes": None if r.nearest_minutes is None else round(r.nearest_minutes, 1),
    }


CSV_COLUMNS = (
    "insee_code",
    "name",
    "latitude",
    "longitude",
    "population",
    "youths",
    "reachable",
    "white_zone",
    "nearest_minutes",
    "nearest",
    "nearest_mode",
)


def geojson(c: Coverage) -> dict[str, Any]:
    """One point per commune (its town hall), with the same figures as the table."""
    features = []
    for r in c.reaches:
        props = commune_out(r)
        lon, lat = props.pop("longitude"), props.pop("latitude")
        props["nearest_mode"] = str(r.nearest_mode) if r.nearest_mode else None
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
        )
    return {"type": "FeatureCollection", "features": features}
