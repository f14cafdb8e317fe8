"""Exchanges with partners' systems: LHEO training offers, partner directories, CSV exports."""

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from service.deps import DbDep, RuntimeDep, UserDep
from service.http.pagination import IdFilter
from service.interop import service
from service.interop.directories import decoded
from service.interop.lheo_export import export_sessions
from service.interop.schemas import ImportReport

router = APIRouter(prefix="/api/v1", tags=["exchange"])
XML = "application/xml"
CSV = "text/csv; charset=utf-8"


async def raw_body(request: Request) -> bytes:
    """The file as sent: `BodyGate` has checked the caller and its role, and read it within the import limit."""
    return await request.body()


@router.post(
    "/imports/lheo",
    response_model=ImportReport,
    openapi_extra={
        "requestBody": {"required": True, "content": {XML: {"schema": {"type": "string", "format": "binary"}}}}
    },
)
def import_lheo(
    body: Annotated[bytes, Depends(raw_body)], db: DbDep, user: UserDep, runtime: RuntimeDep, dry_run: bool = False
) -> ImportReport:
    """A training body's own sessions (its SIRET), or any for an admin; a bad file changes nothing."""
    return service.import_lheo(db, user, runtime.places, body, runtime.settings.import_max_bytes, dry_run)


@router.get("/sessions.lheo", response_class=Response, responses={200: {"content": {XML: {}}}})
def export_lheo(
    db: DbDep, user: UserDep, runtime: RuntimeDep, organisation_id: IdFilter = None, include_closed: bool = False
) -> Response:
    """Sessions as LHEO 2.3 XML (valid against the published schema)."""
    return Response(export_sessions(db, runtime.gazetteer, organisation_id, include_closed), media_type=XML)


class DirectoryFormat(StrEnum):
    CSV = "csv"
    DATA_INCLUSION = "data-inclusion"


async def text_body(body: Annotated[bytes, Depends(raw_body)]) -> str:
    return decoded(body)


@router.post(
    "/imports/organisations",
    response_model=ImportReport,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "array", "items": {}}},
            },
        }
    },
)
def import_directory(
    body: Annotated[str, Depends(text_body)],
    db: DbDep,
    user: UserDep,
    runtime: RuntimeDep,
    format: DirectoryFormat = DirectoryFormat.CSV,
    dry_run: bool = False,
) -> ImportReport:
    """Employers and SIAE for a business officer's Mission Locale (any kind for an admin)."""
    data_inclusion = format is DirectoryFormat.DATA_INCLUSION
    return service.import_directory(db, user, runtime.places, body, data_inclusion, dry_run)


@router.get("/organisations.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_organisations_csv(db: DbDep, user: UserDep) -> Response:
    """Every organisation of the network (no personal data), in the import's own columns."""
    return Response(service.organisations_as_csv(db), media_type=CSV)


@router.get("/organisations.data-inclusion.json")
def export_organisations_data_inclusion(db: DbDep, user: UserDep, runtime: RuntimeDep) -> list[dict[str, Any]]:
    """Organisations as data·inclusion *structures*."""
    return service.organisations_as_data_inclusion(db, runtime.gazetteer)


@router.get("/partnerships.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_partnerships_csv(db: DbDep, user: UserDep) -> Response:
    return Response(service.partnerships_as_csv(db), media_type=CSV)


@router.get("/positionings.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_positionings_csv(
    db: DbDep, user: UserDep, session_id: IdFilter = None, since: date | None = None, until: date | None = None
) -> Response:
    """Status history of the positionings the user may see (file reference only, no personal data)."""
    return Response(service.positionings_as_csv(db, user, session_id, since, until), media_type=CSV)


@router.get("/sessions.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_sessions_csv(db: DbDep, user: UserDep, organisation_id: IdFilter = None) -> Response:
    """Sessions with places, fill rate and positioning counts."""
    return Response(service.sessions_as_csv(db, organisation_id), media_type=CSV)
