from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import select

from service import access, writes
from service.deps import DbDep, RuntimeDep, UserDep
from service.models import Role, TrainingSession
from service.pagination import Id, Page, paginate
from service.problems import DomainError, NotFound
from service.routes.catalogue_filters import CatalogueQuery, apply, catalogue_query
from service.schemas.resources import SessionCreate, SessionPublic, SessionUpdate

router = APIRouter(prefix="/api/v1/sessions", tags=["sessions"])


@router.get("", response_model=Page[SessionPublic])
def list_sessions(db: DbDep, user: UserDep, q: Annotated[CatalogueQuery, Depends(catalogue_query)]) -> Page[SessionPublic]:
    rows, next_cursor = paginate(db, apply(select(TrainingSession), TrainingSession, q), TrainingSession.id, q.limit, q.cursor)
    if q.rome:
        rows = [s for s in rows if q.rome in s.rome_codes]
    return Page(items=rows, next_cursor=next_cursor)


@router.get("/{session_id}", response_model=SessionPublic)
def get_session(session_id: Id, db: DbDep, user: UserDep) -> TrainingSession:
    s = db.get(TrainingSession, session_id)
    if s is None:
        raise NotFound(f"Session {session_id} introuvable.")
    return s


@router.post("", response_model=SessionPublic, status_code=201)
def create_session(data: SessionCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> TrainingSession:
    """A training body publishes for its own organisation only."""
    access.require(user, Role.TRAINING_BODY)
    org_id = user.organisation_id if user.role is Role.TRAINING_BODY else data.organisation_id
    if org_id is None:
        raise DomainError("organisation_id : requis.", "organisation_id")
    if data.organisation_id not in (None, org_id):
        raise NotFound(f"Organisation {data.organisation_id} introuvable.")
    return writes.create(db, TrainingSession, data, runtime.places, organisation_id=org_id)


@router.patch("/{session_id}", response_model=SessionPublic)
def update_session(session_id: Id, changes: SessionUpdate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> TrainingSession:  # type: ignore[valid-type]
    return writes.update(db, access.session_for_edit(db, user, session_id), changes, runtime.places)


@router.delete("/{session_id}", response_model=SessionPublic)
def close_session(session_id: Id, db: DbDep, user: UserDep) -> TrainingSession:
    """Closing keeps the session and its positionings' history; it leaves every match."""
    s = access.session_for_edit(db, user, session_id)
    writes.close(db, s)
    return s
