"""A quick match for a profile typed in during an interview (nothing stored)."""

from fastapi import APIRouter, Response

from matching.vocabulary import ItemKind
from service import access, audit
from service.deps import DbDep, RuntimeDep, UserDep, in_one_thread
from service.models import Role
from service.search.schemas import MatchProfile, MatchResponse, match_response
from service.search.service import matches_for, unsaved_profile

router = APIRouter(prefix="/api/v1", tags=["matching"])


@router.post("/match", response_model=MatchResponse)
@in_one_thread
def quick_match(data: MatchProfile, db: DbDep, user: UserDep, runtime: RuntimeDep) -> Response:
    """Match an unsaved profile, for a quick search during an interview. Nothing is stored."""
    access.require(user, Role.ADVISER)
    profile = unsaved_profile(runtime, data, user.organisation_id or 0)
    audit.record(db, user, "match.quick", "match", None)
    asked = frozenset(data.kinds or ItemKind)
    found = matches_for(runtime, db, profile, asked, data.limit, data.per_kind)
    return match_response(found.outcome, runtime.matching.rome, True, False, found.details, found.beyond)
