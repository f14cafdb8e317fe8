from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlmodel import SQLModel, col, select

from matching.vocabulary import ItemKind
from service import access, audit, writes
from service import youths as youth_files
from service.deps import DbDep, RuntimeDep, UserDep
from service.matches import match_profile, pathways_for, profile_of
from service.models import Role, User, Youth
from service.models.fields import utcnow
from service.pagination import Cursor, Id, Limit, Page, paginate
from service.problems import DomainError
from service.schemas.matching import MatchResponse, PathwayPublic, match_response, pathway_public
from service.schemas.resources import YouthCreate, YouthPublic, YouthUpdate

router = APIRouter(prefix="/api/v1/youths", tags=["youths"])


@router.get("", response_model=Page[YouthPublic])
def list_youths(
    db: DbDep, user: UserDep, q: Annotated[str | None, Query(max_length=50)] = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> Page[YouthPublic]:
    """The youths of the adviser's own Mission Locale (and antennas)."""
    access.require(user, Role.ADVISER)
    stmt = select(Youth).where(access.youths_listed(user))
    if q:
        stmt = stmt.where(col(Youth.file_reference).icontains(q))
    rows, next_cursor = paginate(db, stmt, Youth.id, limit, cursor)
    audit.record(db, user, "youth.list", "youth", None, f"{len(rows)} profils")
    return Page(items=rows, next_cursor=next_cursor)


@router.get("/{youth_id}", response_model=YouthPublic)
def get_youth(youth_id: Id, db: DbDep, user: UserDep) -> Youth:
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.read", "youth", youth.id)
    return youth


@router.post("", response_model=YouthPublic, status_code=201)
def create_youth(data: YouthCreate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Youth:
    access.require(user, Role.ADVISER)
    if user.organisation_id is None:
        raise DomainError("Un profil appartient à une Mission Locale : compte sans organisation.", "mission_locale_id")
    youth = writes.create(db, Youth, data, runtime.places, mission_locale_id=user.organisation_id)
    audit.record(db, user, "youth.create", "youth", youth.id)
    return youth


@router.patch("/{youth_id}", response_model=YouthPublic)
def update_youth(youth_id: Id, changes: YouthUpdate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Youth:  # type: ignore[valid-type]
    youth = access.youth_for(db, user, youth_id)
    youth.last_activity_at = utcnow()
    audit.record(db, user, "youth.update", "youth", youth.id)
    return writes.update(db, youth, changes, runtime.places)


@router.delete("/{youth_id}", status_code=204)
def erase_youth(youth_id: Id, db: DbDep, user: UserDep) -> None:
    """Erasure: the personal data goes, anonymous positioning counts stay."""
    youth_files.erase(db, user, access.youth_for(db, user, youth_id))


class AccessPublic(SQLModel):
    at: datetime
    user_id: int | None
    user_email: str | None
    action: str


@router.get("/{youth_id}/accesses", response_model=list[AccessPublic])
def youth_accesses(youth_id: Id, db: DbDep, user: UserDep) -> list[AccessPublic]:
    """Who read or changed a youth's file, and when (admins; kept after erasure)."""
    access.require(user, Role.ADMIN)
    events = audit.events_for(db, "youth", youth_id)
    emails = dict(db.exec(select(User.id, User.email).where(col(User.id).in_({e.user_id for e in events}))).all())
    return [AccessPublic(at=e.at, user_id=e.user_id, user_email=emails.get(e.user_id), action=e.action) for e in events]


@router.get("/{youth_id}/export")
def export_youth(youth_id: Id, db: DbDep, user: UserDep) -> dict[str, Any]:
    """Everything held about this youth (right of access), as JSON."""
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.export", "youth", youth.id)
    return youth_files.export(db, youth)


@router.get("/{youth_id}/matches", response_model=MatchResponse)
def youth_matches(
    youth_id: Id, db: DbDep, user: UserDep, runtime: RuntimeDep,
    kinds: Annotated[list[ItemKind] | None, Query()] = None,
    limit: Limit = 20,
    per_kind: bool = False, explain: bool = True, debug: bool = False,
) -> Response:
    """Ranked placements and immersions for this youth, each with the reasons for its rank."""
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.match", "youth", youth.id)
    outcome = match_profile(runtime, db, profile_of(runtime, youth), frozenset(kinds or ItemKind), limit, per_kind, debug)
    return match_response(outcome, runtime.matching.rome, explain, debug)


@router.get("/{youth_id}/pathways", response_model=list[PathwayPublic])
def youth_pathways(youth_id: Id, db: DbDep, user: UserDep, runtime: RuntimeDep,
                   limit: Annotated[int, Query(ge=1, le=20)] = 5) -> list[dict[str, Any]]:
    """Two- or three-step pathways toward the youth's wished job through the partner network."""
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.pathways", "youth", youth.id)
    return [pathway_public(p, runtime.matching.rome) for p in pathways_for(runtime, db, profile_of(runtime, youth), limit)]
