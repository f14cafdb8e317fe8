"""Matching a youth against the live catalogue: the index is refreshed, then `matching/` ranks."""

from collections.abc import Collection
from datetime import date

from sqlmodel import Session

from geo.coords import LatLon
from geo.gazetteer import Gazetteer
from geo.travel import Origin, TravelMode, TravelModel, in_town_km
from matching.model import YouthProfile
from matching.pathways import Pathway, find_pathways
from matching.ranking import MatchOutcome, MatchRequest, match
from matching.vocabulary import ItemKind
from service.models import Youth
from service.models.dates import as_date
from service.runtime import Runtime
from service.search.schemas import MatchProfile

PATHWAY_CANDIDATES = 5_000


def home_origin(lat: float, lon: float, population: int, travel: TravelModel) -> Origin:
    """Where a youth's journeys start; a town big enough has the town's public transport."""
    return Origin(LatLon(lat, lon), population >= travel.urban_min_population, in_town_km(population))


def youth_profile(y: Youth, gazetteer: Gazetteer, travel: TravelModel) -> YouthProfile:
    """The part of a youth's file matching may see: never gender, nationality or neighbourhood."""
    population = gazetteer.by_insee(y.home_insee_code).population if y.home_insee_code in gazetteer else 0
    return YouthProfile(
        mission_locale_id=y.mission_locale_id,
        birth_date=as_date(y.birth_date) or date.min,
        level=y.qualification_level,
        wished_rome_codes=tuple(y.wished_rome_codes),
        wishes_text=y.wishes_text,
        origin=home_origin(y.latitude, y.longitude, population, travel),
        travel_modes=tuple(TravelMode(m) for m in y.travel_modes),
        driving_licence=y.driving_licence,
        max_travel_minutes=y.max_travel_minutes,
        available_from=as_date(y.available_from),
        rqth=y.rqth,
        iae_eligible=y.iae_eligible,
    )


def profile_of(runtime: Runtime, youth: Youth) -> YouthProfile:
    return youth_profile(youth, runtime.gazetteer, runtime.matching.provider.model)


def unsaved_profile(runtime: Runtime, data: MatchProfile, mission_locale_id: int) -> YouthProfile:
    """The profile typed in during an interview, matched without being stored."""
    commune = runtime.gazetteer.by_insee(data.home_insee_code)
    travel = runtime.matching.provider.model
    return YouthProfile(
        mission_locale_id=mission_locale_id,
        birth_date=data.birth_date,
        level=data.qualification_level,
        wished_rome_codes=tuple(data.wished_rome_codes),
        wishes_text=data.wishes_text,
        origin=home_origin(commune.lat, commune.lon, commune.population, travel),
        travel_modes=tuple(dict.fromkeys(data.travel_modes)),
        driving_licence=data.driving_licence,
        max_travel_minutes=data.max_travel_minutes,
        available_from=data.available_from,
        rqth=data.rqth,
        iae_eligible=data.iae_eligible,
    )


def match_profile(
    runtime: Runtime,
    db: Session,
    profile: YouthProfile,
    kinds: frozenset[ItemKind] = frozenset(ItemKind),
    limit: int = 20,
    per_kind: bool = False,
    debug: bool = False,
) -> MatchOutcome:
    state = runtime.matching
    state.refresh(db, runtime.today())
    request = MatchRequest(profile, runtime.today(), kinds, limit, per_kind, debug)
    network = state.graph.network_values(profile.mission_locale_id)
    return match(state.index, state.provider, network, request, runtime.settings.weights)


def have_placement(
    runtime: Runtime, db: Session, profiles: Collection[YouthProfile], kinds: frozenset[ItemKind]
) -> list[bool]:
    """Whether each youth has at least one option of these kinds within reach.

    Remembered per profile until the catalogue changes: a dashboard view with a thousand youths
    ranks each of them once per catalogue version, not at every view."""
    state = runtime.matching
    state.refresh(db, runtime.today())
    known = state.reachability(runtime.today(), kinds)
    for profile in profiles:
        if profile not in known:
            known[profile] = bool(match_profile(runtime, db, profile, kinds, limit=1).results)
    return [known[p] for p in profiles]


def pathways_for(runtime: Runtime, db: Session, profile: YouthProfile, limit: int = 5) -> list[Pathway]:
    outcome = match_profile(runtime, db, profile, limit=PATHWAY_CANDIDATES)
    ready = max(runtime.today(), profile.available_from or runtime.today())
    return find_pathways(outcome, runtime.matching.graph, ready, limit)
