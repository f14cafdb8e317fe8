from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import col, or_, select

from matching.vocabulary import OrganisationKind
from service import access, organisations, writes
from service.deps import DbDep, RuntimeDep, UserDep
from service.models import Organisation, Partnership, Role
from service.pagination import Cursor, Id, Limit, Page, paginate
from service.problems import Forbidden, NotFound
from service.schemas.resources import (
    OrganisationCreate, OrganisationPublic, OrganisationUpdate, PartnershipCreate, PartnershipPublic,
)

router = APIRouter(prefix="/api/v1/organisations", tags=["organisations"])

@router.get("", response_model=Page[OrganisationPublic])
def list_organisations(
    db: DbDep, user: UserDep, kind: OrganisationKind | None = None,
    insee_code: Annotated[str | None, Query(max_length=5)] = None,
    department: Annotated[str | None, Query(max_length=3)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None, sector: Annotated[str | None, Query(max_length=5)] = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> Page[OrganisationPublic]:
    """The partner network is shared: every signed-in user may browse it."""
    stmt = select(Organisation)
    if kind:
        stmt = stmt.where(Organisation.kind == kind)
    if insee_code:
        stmt = stmt.where(Organisation.insee_code == insee_code)
    if department:
        stmt = stmt.where(col(Organisation.insee_code).startswith(department))
    if q:
        stmt = stmt.where(col(Organisation.name).icontains(q))
    rows, next_cursor = paginate(db, stmt, Organisation.id, limit, cursor)
    if sector:
        rows = [o for o in rows if sector.upper() in o.sectors]
    return Page(items=rows, next_cursor=next_cursor)


@router.get("/{org_id}", response_model=OrganisationPublic)
def get_organisation(org_id: Id, db: DbDep, user: UserDep) -> Organisation:
    org = db.get(Organisation, org_id)
    if org is None:
        raise NotFound(f"Organisation {org_id} introuvable.")
    return org


@router.post("", response_model=OrganisationPublic, status_code=201)
def create_organisation(data: OrganisationCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Organisation:
    """Business officers register employers and SIAE for their Mission Locale; admins anything."""
    return organisations.register(db, user, data, runtime.places)


@router.patch("/{org_id}", response_model=OrganisationPublic)
def update_organisation(org_id: Id, changes: OrganisationUpdate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Organisation:  # type: ignore[valid-type]
    org = access.organisation_for_edit(db, user, org_id)
    return writes.update(db, org, changes, runtime.places)


@router.delete("/{org_id}", status_code=204)
def delete_organisation(org_id: Id, db: DbDep, user: UserDep) -> None:
    access.require(user, Role.ADMIN)
    org = db.get(Organisation, org_id)
    if org is None:
        raise NotFound(f"Organisation {org_id} introuvable.")
    db.delete(org)
    db.flush()


@router.get("/{org_id}/partnerships", response_model=list[PartnershipPublic])
def list_partnerships(org_id: Id, db: DbDep, user: UserDep) -> list[Partnership]:
    get_organisation(org_id, db, user)
    return list(db.exec(select(Partnership).where(
        or_(Partnership.source_id == org_id, Partnership.target_id == org_id)).order_by(Partnership.id)).all())  # type: ignore[arg-type]


@router.post("/{org_id}/partnerships", response_model=PartnershipPublic, status_code=201)
def create_partnership(org_id: Id, data: PartnershipCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Partnership:
    """A Mission Locale's staff record its partnerships; partners record their own."""
    if org_id not in (data.source_id, data.target_id):
        raise Forbidden("Le partenariat doit concerner cette organisation.", "source_id")
    if user.role is not Role.ADMIN and org_id not in access.mission_locale_family(db, user) | {user.organisation_id}:
        access.organisation_for_edit(db, user, org_id)
    for other in (data.source_id, data.target_id):
        get_organisation(other, db, user)
    return writes.create(db, Partnership, data, runtime.places)
