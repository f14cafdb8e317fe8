"""Positionings: an adviser positions a youth; the host answers; everyone sees the history."""

from fastapi import APIRouter

from service import access
from service.deps import DbDep, RuntimeDep, UserDep
from service.http.pagination import Cursor, Id, IdFilter, Limit, Page
from service.models import PositioningStatus, Role
from service.positionings import queries, service
from service.positionings.schemas import PositioningCreate, PositioningPublic, StatusChange

router = APIRouter(prefix="/api/v1/positionings", tags=["positionings"])


@router.post("", response_model=PositioningPublic, status_code=201)
def create_positioning(data: PositioningCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> PositioningPublic:
    """An adviser positions a youth of their Mission Locale on a session or an offer."""
    access.require(user, Role.ADVISER)
    youth = access.youth_for(db, user, data.youth_id)
    p = service.create(db, user, youth, data.session_id, data.offer_id, data.status)
    return service.public_list(db, user, [p], runtime.today(), history=True)[0]


@router.get("", response_model=Page[PositioningPublic])
def list_positionings(
    db: DbDep,
    user: UserDep,
    runtime: RuntimeDep,
    status: PositioningStatus | None = None,
    session_id: IdFilter = None,
    offer_id: IdFilter = None,
    youth_id: IdFilter = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[PositioningPublic]:
    filters = {"status": status, "session_id": session_id, "offer_id": offer_id, "youth_id": youth_id}
    rows, next_cursor = queries.positionings_page(db, access.positionings_visible(db, user), filters, limit, cursor)
    return Page(items=service.public_list(db, user, rows, runtime.today(), history=False), next_cursor=next_cursor)


@router.get("/{positioning_id}", response_model=PositioningPublic)
def get_positioning(positioning_id: Id, db: DbDep, user: UserDep, runtime: RuntimeDep) -> PositioningPublic:
    p = access.positioning_for(db, user, positioning_id)
    return service.public_list(db, user, [p], runtime.today(), history=True)[0]


@router.post("/{positioning_id}/status", response_model=PositioningPublic)
def change_status(
    positioning_id: Id, change: StatusChange, db: DbDep, user: UserDep, runtime: RuntimeDep
) -> PositioningPublic:
    """Move a positioning along; invalid transitions are a 409, entering a full session too."""
    p = access.positioning_for(db, user, positioning_id)
    moved = service.move(db, user, p, change.status, change.note, change.reason)
    return service.public_list(db, user, [moved], runtime.today(), history=True)[0]
