"""Matching a youth against the live catalogue: the index is refreshed, then `matching/` ranks."""

from sqlmodel import Session

from matching.model import YouthProfile
from matching.pathways import Pathway, find_pathways
from matching.ranking import MatchOutcome, MatchRequest, match
from matching.vocabulary import ItemKind
from service.catalogue import home_origin, youth_profile
from service.models import Youth
from service.runtime import Runtime
from service.schemas.matching import MatchProfile

PATHWAY_CANDIDATES = 5_000


def profile_of(runtime: Runtime, youth: Youth) -> YouthProfile:
    return youth_profile(youth, runtime.gazetteer, runtime.matching.provider.model)


def unsaved_profile(runtime: Runtime, data: MatchProfile, mission_locale_id: int) -> YouthProfile:
    """The profile typed in during an interview, matched without being stored."""
    commune = runtime.gazetteer.by_insee(data.home_insee_code)
    travel = runtime.matching.provider.model
    return YouthProfile(
        mission_locale_id=mission_locale_id, birth_date=data.birth_date, level=data.qualification_level,
        wished_rome_codes=tuple(data.wished_rome_codes), wishes_text=data.wishes_text,
        origin=home_origin(commune.lat, commune.lon, commune.population, travel),
        travel_modes=tuple(dict.fromkeys(data.travel_modes)),
        driving_licence=data.driving_licence, max_travel_minutes=data.max_travel_minutes,
        available_from=data.available_from, rqth=data.rqth, iae_eligible=data.iae_eligible,
    )


def match_profile(
    runtime: Runtime, db: Session, profile: YouthProfile, kinds: frozenset[ItemKind] = frozenset(ItemKind),
    limit: int = 20, per_kind: bool = False, debug: bool = False,
) -> MatchOutcome:
    state = runtime.matching
    state.refresh(db, runtime.today())
    request = MatchRequest(profile, runtime.today(), kinds, limit, per_kind, debug)
    network = state.graph.network_values(profile.mission_locale_id)
    return match(state.index, state.provider, network, request, runtime.settings.weights)


def pathways_for(runtime: Runtime, db: Session, profile: YouthProfile, limit: int = 5) -> list[Pathway]:
    outcome = match_profile(runtime, db, profile, limit=PATHWAY_CANDIDATES)
    return find_pathways(outcome, runtime.matching.graph, limit)
