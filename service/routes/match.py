from fastapi import APIRouter

from geo.coords import LatLon
from geo.travel import Origin
from matching.model import YouthProfile
from matching.vocabulary import ItemKind
from service import access, audit
from service.deps import DbDep, RuntimeDep, UserDep
from service.matches import match_profile
from service.models import Role
from service.schemas.matching import MatchProfile, MatchResponse, match_response

router = APIRouter(prefix="/api/v1", tags=["matching"])


@router.post("/match", response_model=MatchResponse, response_model_exclude_none=True)
def quick_match(data: MatchProfile, db: DbDep, user: UserDep, runtime: RuntimeDep) -> MatchResponse:
    """Match an unsaved profile, for a quick search during an interview. Nothing is stored."""
    access.require(user, Role.ADVISER)
    commune = runtime.gazetteer.by_insee(data.home_insee_code)
    urban = commune.population >= runtime.settings.travel.urban_min_population
    profile = YouthProfile(
        mission_locale_id=user.organisation_id or 0, birth_date=data.birth_date, level=data.qualification_level,
        wished_rome_codes=tuple(data.wished_rome_codes), wishes_text=data.wishes_text,
        origin=Origin(LatLon(commune.lat, commune.lon), urban), travel_modes=tuple(dict.fromkeys(data.travel_modes)),
        driving_licence=data.driving_licence, max_travel_minutes=data.max_travel_minutes,
        available_from=data.available_from, rqth=data.rqth, iae_eligible=data.iae_eligible,
    )
    audit.record(db, user, "match.quick", "match", None)
    outcome = match_profile(runtime, db, profile, frozenset(data.kinds or ItemKind), data.limit, data.per_kind)
    return match_response(outcome, runtime.matching.rome, True, False)
