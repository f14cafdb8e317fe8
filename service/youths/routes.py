"""Youth files: the adviser's own Mission Locale only; every read is audited."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from matching.vocabulary import ItemKind
from service import access, audit
from service.deps import DbDep, RuntimeDep, UserDep, in_one_thread
from service.http.pagination import Cursor, Id, Limit, Page
from service.models import Role, Youth
from service.search import service as search
from service.search.schemas import MatchResponse, PathwayPublic, match_response, pathway_public
from service.youths import queries, service
from service.youths.schemas import AccessPublic, YouthCreate, YouthPublic, YouthUpdate

router = APIRouter(prefix="/api/v1/youths", tags=["youths"])


@router.get("", response_model=Page[YouthPublic])
def list_youths(
    db: DbDep,
    user: UserDep,
    q: Annotated[str | None, Query(max_length=50)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Youth]:
    """The youths of the adviser's own Mission Locale (and antennas)."""
    access.require(user, Role.ADVISER)
    rows, next_cursor = queries.youths_page(db, access.youths_listed(user), q, limit, cursor)
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
    return service.create(db, user, data, runtime.places)


@router.patch("/{youth_id}", response_model=YouthPublic)
def update_youth(youth_id: Id, changes: YouthUpdate, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Youth:  # type: ignore[valid-type]
    return service.update(db, user, access.youth_for(db, user, youth_id), changes, runtime.places)


@router.delete("/{youth_id}", status_code=204)
def erase_youth(youth_id: Id, db: DbDep, user: UserDep) -> None:
    """Erasure: the personal data goes, anonymous positioning counts stay."""
    service.erase(db, user, access.youth_for(db, user, youth_id))


@router.get("/{youth_id}/accesses", response_model=list[AccessPublic])
def youth_accesses(youth_id: Id, db: DbDep, user: UserDep) -> list[AccessPublic]:
    """Who read or changed a youth's file, and when (admins; kept after erasure)."""
    access.require(user, Role.ADMIN)
    return service.accesses(db, youth_id)


@router.get("/{youth_id}/export")
def export_youth(youth_id: Id, db: DbDep, user: UserDep) -> dict[str, Any]:
    """Everything held about this youth (right of access), as JSON."""
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.export", "youth", youth.id)
    return service.export(db, youth)


@router.get("/{youth_id}/matches", response_model=MatchResponse)
@in_one_thread
def youth_matches(
    youth_id: Id,
    db: DbDep,
    user: UserDep,
    runtime: RuntimeDep,
    kinds: Annotated[list[ItemKind] | None, Query()] = None,
    limit: Limit = 20,
    per_kind: bool = False,
    explain: bool = True,
    debug: bool = False,
) -> Response:
    """Ranked placements and immersions for this youth, each with the reasons for its rank."""
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.match", "youth", youth.id)
    profile = search.profile_of(runtime, youth)
    asked = frozenset(kinds or ItemKind)
    found = search.matches_for(runtime, db, profile, asked, limit, per_kind, debug)
    return match_response(found.outcome, runtime.matching.rome, explain, debug, found.details, found.beyond)


@router.get("/{youth_id}/pathways", response_model=list[PathwayPublic])
def youth_pathways(
    youth_id: Id, db: DbDep, user: UserDep, runtime: RuntimeDep, limit: Annotated[int, Query(ge=1, le=20)] = 5
) -> list[dict[str, Any]]:
    """Two- or three-step pathways toward the youth's wished job through the partner network."""
    youth = access.youth_for(db, user, youth_id)
    audit.record(db, user, "youth.pathways", "youth", youth.id)
    found = search.pathways_for(runtime, db, search.profile_of(runtime, youth), limit)
    details = search.interview_details(runtime, db, [s for p in found for s in p.steps])
    return [pathway_public(p, runtime.matching.rome, details) for p in found]
