"""Exchanges with partners' systems: LHEO training offers, partner directories, CSV exports."""

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import select

from service import access
from service.deps import DbDep, RuntimeDep, UserDep
from service.interop import lheo
from service.interop.dashboards import positioning_history_csv, session_fill_csv
from service.interop.directories import (
    DirectoryRefused, csv_rows, data_inclusion_rows, import_organisations, organisations_csv,
    organisations_data_inclusion, partnerships_csv,
)
from service.interop.lheo_export import export_sessions
from service.interop.lheo_import import import_sessions
from service.interop.report import ImportReport
from service.models import Organisation, Partnership, Role, TrainingSession
from service.organisations import OFFICER_KINDS
from service.pagination import IdFilter
from service.problems import DomainError

router = APIRouter(prefix="/api/v1", tags=["exchange"])
XML = "application/xml"


async def raw_body(request: Request) -> bytes:
    """The file as sent; `BodyLimit` has already refused (413) one beyond the import limit."""
    return await request.body()


@router.post("/imports/lheo", response_model=ImportReport, openapi_extra={
    "requestBody": {"required": True, "content": {XML: {"schema": {"type": "string", "format": "binary"}}}}})
def import_lheo(body: Annotated[bytes, Depends(raw_body)], db: DbDep, user: UserDep, runtime: RuntimeDep,
                dry_run: bool = False) -> ImportReport:
    """A training body's own sessions (its SIRET), or any for an admin; a bad file changes nothing."""
    access.require(user, Role.TRAINING_BODY)
    only = None
    if user.role is Role.TRAINING_BODY:
        org = db.get(Organisation, user.organisation_id) if user.organisation_id else None
        if org is None or not org.siret:
            raise DomainError("Ce compte d'organisme n'a pas de SIRET : import LHEO impossible.", "siret")
        only = org.siret
    sessions = lheo.read(body, runtime.settings.import_max_bytes)
    return import_sessions(db, runtime.places, sessions, only_siret=only, dry_run=dry_run)


@router.get("/sessions.lheo", response_class=Response, responses={200: {"content": {XML: {}}}})
def export_lheo(db: DbDep, user: UserDep, runtime: RuntimeDep, organisation_id: IdFilter = None,
                include_closed: bool = False) -> Response:
    """Sessions as LHEO 2.3 XML (valid against the published schema)."""
    return Response(export_sessions(db, runtime.gazetteer, organisation_id, include_closed), media_type=XML)


class DirectoryFormat(StrEnum):
    CSV = "csv"
    DATA_INCLUSION = "data-inclusion"


async def text_body(body: Annotated[bytes, Depends(raw_body)]) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DirectoryRefused(f"Le fichier doit être encodé en UTF-8 (octet {exc.start} illisible).", "body") from None


@router.post("/imports/organisations", response_model=ImportReport, openapi_extra={
    "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}},
                                                  "application/json": {"schema": {"type": "array", "items": {}}}}}})
def import_directory(body: Annotated[str, Depends(text_body)], db: DbDep, user: UserDep, runtime: RuntimeDep,
                     format: DirectoryFormat = DirectoryFormat.CSV, dry_run: bool = False) -> ImportReport:
    """Employers and SIAE for a business officer's Mission Locale (any kind for an admin)."""
    access.require(user, Role.BUSINESS_OFFICER)
    officer = user.role is Role.BUSINESS_OFFICER
    rows = csv_rows(body) if format is DirectoryFormat.CSV else data_inclusion_rows(body)
    return import_organisations(db, runtime.places, rows, managed_by_id=user.organisation_id if officer else None,
                                allowed_kinds=OFFICER_KINDS if officer else None, dry_run=dry_run)


@router.get("/organisations.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_organisations_csv(db: DbDep, user: UserDep) -> Response:
    """Every organisation of the network (no personal data), in the import's own columns."""
    return Response(organisations_csv(db.exec(select(Organisation).order_by(Organisation.id)).all()),
                    media_type="text/csv; charset=utf-8")


@router.get("/organisations.data-inclusion.json")
def export_organisations_data_inclusion(db: DbDep, user: UserDep, runtime: RuntimeDep) -> list[dict[str, Any]]:
    """Organisations as data·inclusion *structures*."""
    orgs = db.exec(select(Organisation).order_by(Organisation.id)).all()
    names = {o.insee_code: runtime.gazetteer.by_insee(o.insee_code).name for o in orgs if o.insee_code in runtime.gazetteer}
    return organisations_data_inclusion(orgs, names)


@router.get("/partnerships.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_partnerships_csv(db: DbDep, user: UserDep) -> Response:
    return Response(partnerships_csv(db, db.exec(select(Partnership).order_by(Partnership.id)).all()),
                    media_type="text/csv; charset=utf-8")


@router.get("/positionings.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_positionings_csv(db: DbDep, user: UserDep, session_id: IdFilter = None,
                            since: date | None = None, until: date | None = None) -> Response:
    """Status history of the positionings the user may see (file reference only, no personal data)."""
    text = positioning_history_csv(db, access.positionings_visible(db, user), session_id, since, until)
    return Response(text, media_type="text/csv; charset=utf-8")


@router.get("/sessions.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_sessions_csv(db: DbDep, user: UserDep, organisation_id: IdFilter = None) -> Response:
    """Sessions with places, fill rate and positioning counts."""
    stmt = select(TrainingSession).order_by(TrainingSession.id)
    if organisation_id is not None:
        stmt = stmt.where(TrainingSession.organisation_id == organisation_id)
    return Response(session_fill_csv(db, list(db.exec(stmt).all())), media_type="text/csv; charset=utf-8")
