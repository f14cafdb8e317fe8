"""Territorial coverage: where youths cannot reach what a job family offers, and where to bring it."""

import json
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from geo.travel import TravelMode
from matching.vocabulary import ItemKind
from service.coverage import service
from service.coverage.schemas import (
    CSV_COLUMNS,
    CoverageOut,
    FarCommune,
    ProposalsOut,
    commune_out,
    coverage_out,
    far_out,
    geojson,
    proposals_out,
)
from service.deps import DbDep, RuntimeDep, UserDep
from service.http.csv_text import csv_text

router = APIRouter(prefix="/api/v1", tags=["coverage"])


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    GEOJSON = "geojson"


def coverage_for(
    db: DbDep,
    user: UserDep,
    runtime: RuntimeDep,
    family: Annotated[str, Query(min_length=1, max_length=100, description="ROME code, domain (J15) or sector.")],
    mission_locale_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    department: Annotated[str | None, Query(min_length=2, max_length=3, pattern=r"^[0-9][0-9AB][0-9]?$")] = None,
    network: Annotated[bool, Query(description="Every department with a Mission Locale of the network.")] = False,
    kinds: Annotated[list[ItemKind] | None, Query()] = None,
    profile: Annotated[str, Query(max_length=40)] = "walk_pt_45",
    modes: Annotated[list[TravelMode] | None, Query(description="For profile=custom.")] = None,
    max_minutes: Annotated[int | None, Query(ge=5, le=240)] = None,
) -> service.Coverage:
    """The query parameters every coverage route shares, and the map they ask for."""
    return service.coverage_map(
        runtime,
        db,
        user,
        family,
        service.Scope(mission_locale_id, department, network),
        kinds,
        profile,
        modes,
        max_minutes,
    )


CoverageDep = Annotated[service.Coverage, Depends(coverage_for)]


@router.get(
    "/coverage",
    response_model=CoverageOut,
    responses={200: {"content": {"text/csv": {}, "application/geo+json": {}}}},
)
def get_coverage(found: CoverageDep, format: Format = Format.JSON) -> Any:
    """Per commune of the territory: open options of the family within the profile's limit, the
    nearest one and its time, white zones; totals and equity shares (statistics only)."""
    if format is Format.CSV:
        rows = [commune_out(r) for r in found.reaches]
        return Response(csv_text(CSV_COLUMNS, rows), media_type="text/csv; charset=utf-8")
    if format is Format.GEOJSON:
        return Response(json.dumps(geojson(found), ensure_ascii=False), media_type="application/geo+json")
    return coverage_out(found)


@router.get("/coverage/placements", response_model=ProposalsOut)
def get_placements(
    found: CoverageDep,
    db: DbDep,
    runtime: RuntimeDep,
    k: Annotated[int, Query(ge=1, le=10)] = 3,
    candidates: service.Candidates = "all",
) -> dict[str, Any]:
    """Up to K communes where a new session, permanence or antenna would cover most youths now in
    white zones, each with its marginal gain (greedy maximum coverage)."""
    return proposals_out(found, service.proposals(runtime, db, found, k, candidates))


@router.get("/coverage/far-from-sites", response_model=list[FarCommune])
def get_far_from_sites(
    db: DbDep,
    user: UserDep,
    runtime: RuntimeDep,
    mission_locale_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    profile: Annotated[str, Query(max_length=40)] = "walk_pt_45",
    modes: Annotated[list[TravelMode] | None, Query()] = None,
    max_minutes: Annotated[int | None, Query(ge=5, le=240)] = None,
) -> list[dict[str, Any]]:
    """The communes of a Mission Locale's territory more than `max_minutes` from every one of its
    sites (seat and antennas) with the profile's modes, most youths first."""
    how = service.mobility(profile, modes or [], max_minutes)
    where = service.territory(runtime, db, user, mission_locale_id, None)
    return [far_out(r) for r in service.far_from_sites(runtime, db, user, where, how)]
