"""Training offers in and out as LHEO 2.3 XML."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from service import access
from service.deps import DbDep, RuntimeDep, UserDep
from service.interop import lheo
from service.interop.lheo_export import export_sessions
from service.interop.lheo_import import import_sessions
from service.interop.report import ImportReport
from service.interop.xml_safety import XmlRefused
from service.models import Organisation, Role
from service.pagination import IdFilter
from service.problems import DomainError

router = APIRouter(prefix="/api/v1", tags=["exchange"])
XML = "application/xml"


async def xml_body(request: Request, runtime: RuntimeDep) -> bytes:
    """The raw request body, refused beyond the configured size before it is all read."""
    limit, chunks, size = runtime.settings.import_max_bytes, [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise XmlRefused(f"Fichier trop volumineux (au plus {limit} octets).", "body")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/imports/lheo", response_model=ImportReport, openapi_extra={
    "requestBody": {"required": True, "content": {XML: {"schema": {"type": "string", "format": "binary"}}}}})
def import_lheo(body: Annotated[bytes, Depends(xml_body)], db: DbDep, user: UserDep, runtime: RuntimeDep,
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
