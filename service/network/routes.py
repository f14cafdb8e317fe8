"""The partner network: organisations, partnerships, the graph and the dashboard figures."""

from typing import Annotated

from fastapi import APIRouter, Query

from matching.vocabulary import OrganisationKind
from service import access
from service.deps import DbDep, RuntimeDep, UserDep
from service.http.pagination import Cursor, Id, Limit, Page
from service.models import Organisation, Partnership, Role
from service.network import queries, service
from service.network.schemas import (
    NetworkView,
    OrganisationCreate,
    OrganisationPublic,
    OrganisationUpdate,
    PartnershipCreate,
    PartnershipPublic,
    Stats,
)

router = APIRouter(prefix="/api/v1")


@router.get("/organisations", response_model=Page[OrganisationPublic], tags=["organisations"])
def list_organisations(
    db: DbDep,
    user: UserDep,
    kind: OrganisationKind | None = None,
    insee_code: Annotated[str | None, Query(max_length=5)] = None,
    department: Annotated[str | None, Query(max_length=3)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sector: Annotated[str | None, Query(max_length=5)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Organisation]:
    """The partner network is shared: every signed-in user may browse it."""
    rows, next_cursor = queries.organisations_page(
        db,
        kind=kind,
        insee_code=insee_code,
        department=department,
        name=q,
        sector=sector.upper() if sector else None,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=rows, next_cursor=next_cursor)


@router.get("/organisations/{org_id}", response_model=OrganisationPublic, tags=["organisations"])
def get_organisation(org_id: Id, db: DbDep, user: UserDep) -> Organisation:
    return service.visible_organisation(db, org_id)


@router.post("/organisations", response_model=OrganisationPublic, status_code=201, tags=["organisations"])
def create_organisation(data: OrganisationCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Organisation:
    """Business officers register employers and SIAE for their Mission Locale; admins anything."""
    return service.register(db, user, data, runtime.places)


@router.patch("/organisations/{org_id}", response_model=OrganisationPublic, tags=["organisations"])
def update_organisation(
    org_id: Id,
    changes: OrganisationUpdate,  # type: ignore[valid-type]
    db: DbDep,
    user: UserDep,
    runtime: RuntimeDep,
) -> Organisation:
    return service.change(db, user, org_id, changes, runtime.places)


@router.delete("/organisations/{org_id}", status_code=204, tags=["organisations"])
def delete_organisation(org_id: Id, db: DbDep, user: UserDep) -> None:
    service.remove(db, user, org_id)


@router.get("/organisations/{org_id}/partnerships", response_model=list[PartnershipPublic], tags=["organisations"])
def list_partnerships(org_id: Id, db: DbDep, user: UserDep) -> list[Partnership]:
    service.visible_organisation(db, org_id)
    return queries.partnerships_of(db, org_id)


@router.post(
    "/organisations/{org_id}/partnerships", response_model=PartnershipPublic, status_code=201, tags=["organisations"]
)
def create_partnership(
    org_id: Id, data: PartnershipCreate, db: DbDep, user: UserDep, runtime: RuntimeDep
) -> Partnership:
    """A Mission Locale's staff record its partnerships; partners record their own."""
    return service.declare_partnership(db, user, org_id, data, runtime.places)


@router.post(
    "/organisations/{org_id}/partnerships/{partnership_id}/confirm",
    response_model=PartnershipPublic,
    tags=["organisations"],
)
def confirm_partnership(org_id: Id, partnership_id: Id, db: DbDep, user: UserDep) -> Partnership:
    """The Mission Locale involved confirms a partnership the other side declared (audited)."""
    return service.confirm_partnership(db, user, org_id, partnership_id)


@router.delete(
    "/organisations/{org_id}/partnerships/{partnership_id}", response_model=PartnershipPublic, tags=["organisations"]
)
def end_partnership(org_id: Id, partnership_id: Id, db: DbDep, user: UserDep) -> Partnership:
    """Either side ends a partnership; it stops counting at once and stays in the history (audited)."""
    return service.end_partnership(db, user, org_id, partnership_id)


@router.get("/network", response_model=NetworkView, tags=["network"])
def network(
    db: DbDep, user: UserDep, runtime: RuntimeDep, department: Annotated[str | None, Query(max_length=3)] = None
) -> NetworkView:
    """The partners of the user's Mission Locale, the most central partners of a territory,
    and the organisations with no partner at all."""
    return service.network_view(runtime, db, user, department)


@router.get("/stats", response_model=Stats, tags=["network"])
def stats(db: DbDep, user: UserDep, runtime: RuntimeDep) -> Stats:
    """Dashboard of the user's Mission Locale: positionings, fill rate, youths left without options."""
    access.require(user, Role.ADVISER, Role.BUSINESS_OFFICER)
    return service.stats_for(runtime, db, user)
