"""Matching a youth against the live catalogue: the index is refreshed, then `matching/` ranks."""

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlmodel import Session

from geo.gazetteer import Gazetteer
from geo.geocoder import GeocodedPlace
from geo.travel import TravelMode, TravelModel, home_origin
from matching import alerts
from matching.beyond import JustBeyond, just_beyond
from matching.model import YouthProfile
from matching.pathways import Pathway, find_pathways
from matching.ranking import MatchOutcome, MatchRequest, Ranking, Result, explain_ranking, rank
from matching.vocabulary import ItemKind
from service.models import Offer, Organisation, TrainingSession, Youth
from service.models.dates import as_date
from service.notifications import service as notifications
from service.runtime import Runtime
from service.search import queries
from service.search.schemas import Details, MatchProfile
from service.youths import queries as youths

PATHWAY_CANDIDATES = 5_000


def youth_profile(y: Youth, gazetteer: Gazetteer, travel: TravelModel) -> YouthProfile:
    """The part of a youth's file matching may see: never gender, nationality or neighbourhood."""
    population = gazetteer.by_insee(y.home_insee_code).population if y.home_insee_code in gazetteer else 0
    return YouthProfile(
        mission_locale_id=y.mission_locale_id,
        birth_date=as_date(y.birth_date) or date.min,
        level=y.qualification_level,
        wished_rome_codes=tuple(y.wished_rome_codes),
        wishes_text=y.wishes_text,
        origin=home_origin(y.latitude, y.longitude, population, travel, y.home_insee_code),
        travel_modes=tuple(TravelMode(m) for m in y.travel_modes),
        driving_licence=y.driving_licence,
        max_travel_minutes=y.max_travel_minutes,
        available_from=as_date(y.available_from),
        rqth=y.rqth,
        iae_eligible=y.iae_eligible,
    )


def profile_of(runtime: Runtime, youth: Youth) -> YouthProfile:
    return youth_profile(youth, runtime.gazetteer, runtime.matching.provider.model)


def home_place(runtime: Runtime, insee_code: str, address: str) -> GeocodedPlace:
    """Where a typed-in youth lives: their address when given (geocoded, never stored), else
    their commune."""
    commune = runtime.gazetteer.by_insee(insee_code)
    if not address.strip():
        return GeocodedPlace(commune.point, commune, "commune")
    return runtime.places.geocoder.geocode(address, commune)


def unsaved_profile(
    runtime: Runtime, data: MatchProfile, mission_locale_id: int, place: GeocodedPlace | None = None
) -> YouthProfile:
    """The profile typed in during an interview, matched without being stored."""
    place = place or home_place(runtime, data.home_insee_code, data.home_address)
    travel = runtime.matching.provider.model
    return YouthProfile(
        mission_locale_id=mission_locale_id,
        birth_date=data.birth_date,
        level=data.qualification_level,
        wished_rome_codes=tuple(data.wished_rome_codes),
        wishes_text=data.wishes_text,
        origin=home_origin(
            place.point.lat, place.point.lon, place.commune.population, travel, place.commune.insee_code
        ),
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
    request = MatchRequest(profile, runtime.today(), kinds, limit, per_kind, debug)
    return explain_ranking(rank_profile(runtime, db, request))


@dataclass(frozen=True)
class Matches:
    """What a match answer shows."""

    outcome: MatchOutcome
    details: Details
    beyond: tuple[JustBeyond, ...]


def matches_for(
    runtime: Runtime,
    db: Session,
    profile: YouthProfile,
    kinds: frozenset[ItemKind],
    limit: int = 20,
    per_kind: bool = False,
    debug: bool = False,
) -> Matches:
    """The ranked results with their reasons, what an interview needs of each, and, when few fit,
    the nearest options just beyond the youth's limits."""
    outcome = match_profile(runtime, db, profile, kinds, limit, per_kind, debug)
    details = interview_details(runtime, db, outcome.results)
    return Matches(outcome, details, beyond_reach(runtime, profile, kinds, outcome))


def rank_profile(runtime: Runtime, db: Session, request: MatchRequest) -> Ranking:
    """The request's top rows on a fresh index, not yet explained (enough to count them)."""
    runtime.matching.refresh(db, request.today)
    return _ranked(runtime, request)


def _ranked(runtime: Runtime, request: MatchRequest) -> Ranking:
    """The request's top rows on the index as the last refresh left it."""
    state = runtime.matching
    network = state.graph.network_values(request.youth.mission_locale_id)
    return rank(state.index, state.provider, network, request, runtime.settings.weights)


def have_placement(
    runtime: Runtime, db: Session, profiles: Collection[YouthProfile], kinds: frozenset[ItemKind]
) -> list[bool]:
    """Whether each youth has at least one option of these kinds within reach.

    Remembered per profile until the catalogue changes: a dashboard view with a thousand youths
    ranks each of them once per catalogue version, not at every view."""
    state = runtime.matching
    state.refresh(db, runtime.today())  # once for the view: every profile ranks on this version
    known = state.reachability(runtime.today(), kinds)
    for profile in profiles:
        if profile not in known:
            request = MatchRequest(profile, runtime.today(), kinds, limit=1)
            known[profile] = len(_ranked(runtime, request).chosen) > 0
    return [known[p] for p in profiles]


def pathways_for(runtime: Runtime, db: Session, profile: YouthProfile, limit: int = 5) -> list[Pathway]:
    outcome = match_profile(runtime, db, profile, limit=PATHWAY_CANDIDATES)
    ready = max(runtime.today(), profile.available_from or runtime.today())
    return find_pathways(outcome, runtime.matching.graph, ready, limit)


@dataclass(frozen=True)
class Chosen:
    """An option the adviser ticked, for the sheet the youth takes home."""

    row: TrainingSession | Offer
    host: Organisation
    details: dict[str, Any]
    journeys: list[tuple[TravelMode, float]]  # (mode, minutes), quickest first
    distance_km: float
    by_public_transport: str = ""  # the line and its departure, when timetables tell

    @property
    def is_session(self) -> bool:
        return isinstance(self.row, TrainingSession)


def chosen_options(
    runtime: Runtime, db: Session, profile: YouthProfile, keys: Iterable[tuple[bool, int]]
) -> list[Chosen]:
    """The ticked options in the order given, each with how to get there by each of the youth's
    means of travel (no longer than twice the youth's limit: beyond, it is not a way there)."""
    keys = list(dict.fromkeys(keys))
    rows = queries.details(db, [i for s, i in keys if s], [i for s, i in keys if not s])
    found = [rows[k] for k in keys if k in rows]
    if not found:
        return []
    lats = np.array([row.latitude for row, _, _ in found])
    lons = np.array([row.longitude for row, _, _ in found])
    modes = profile.travel_modes
    minutes = runtime.matching.provider.minutes(profile.origin, lats, lons, modes)
    km = profile.origin.distances_km(lats, lons)
    journeys = (
        runtime.matching.provider.describe_all(profile.origin, lats, lons)
        if TravelMode.PUBLIC_TRANSPORT in modes
        else [None] * len(found)
    )
    limit = 2 * profile.max_travel_minutes
    ways = [
        [(m, float(minutes[j][i])) for j, m in enumerate(modes) if minutes[j][i] <= limit] for i in range(len(found))
    ]
    return [
        Chosen(
            row,
            host,
            option_details(runtime, row, host, cfa),
            sorted(ways[i], key=lambda w: w[1]),
            float(km[i]),
            journey.text if journey else "",
        )
        for i, ((row, host, cfa), journey) in enumerate(zip(found, journeys, strict=True))
    ]


def interview_details(runtime: Runtime, db: Session, results: Iterable[Result]) -> Details:
    """For each result, what an interview needs: address, who to call, dates, hours, funding or
    contract, and the option's page. Read for the results shown only (one query per kind), and
    kept by the worker until that option or an organisation is written again
    (`MatchingState.option_details`): most searches show options already read."""
    known = runtime.matching.option_details()
    keys = [r.item.key for r in results]
    missing = [k for k in keys if k not in known]
    if missing:
        rows = queries.details(db, [i for s, i in missing if s], [i for s, i in missing if not s])
        known.update({key: option_details(runtime, row, host, cfa) for key, (row, host, cfa) in rows.items()})
    return {key: known[key] for key in keys if key in known}


def option_details(
    runtime: Runtime, row: TrainingSession | Offer, host: Organisation, cfa: Organisation | None = None
) -> dict[str, Any]:
    """A session's or offer's `ResultDetails`, as a dict."""
    street = row.address or (host.address if host.insee_code == row.insee_code else "")
    common = {
        "address": _postal_address(runtime, street, row.insee_code),
        "contact": _contact(host),
        "accessible": host.accessible,
    }
    if isinstance(row, TrainingSession):
        return {
            **common,
            "url": f"/sessions/{row.id}",
            "accessible": row.accessible or host.accessible,
            "info_session_dates": [d for d in map(as_date, row.info_session_dates) if d],
            "hours": row.hours,
            "funding": [str(f) for f in row.funding],
            "rncp_code": row.rncp_code,
            "apprenticeship_possible": row.apprenticeship_possible,
        }
    return {
        **common,
        "url": f"/offres/{row.id}",
        "contract_type": str(row.contract_type) if row.contract_type else None,
        "duration_months": row.duration_months,
        "hours_per_week": row.hours_per_week,
        "diploma": row.diploma or None,
        "rncp_code": row.rncp_code,
        "cfa": _school(runtime, cfa) if cfa is not None else None,
    }


def _postal_address(runtime: Runtime, street: str, insee_code: str) -> str:
    commune = runtime.gazetteer.by_insee(insee_code) if insee_code in runtime.gazetteer else None
    town = f"{commune.postal_codes[0] if commune and commune.postal_codes else ''} {commune.name if commune else ''}"
    return ", ".join(p for p in (street.strip(), town.strip()) if p)


def _contact(org: Organisation) -> dict[str, str]:
    return {"name": org.contact_name or org.name, "phone": org.contact_phone, "email": org.contact_email}


def _school(runtime: Runtime, cfa: Organisation) -> dict[str, Any]:
    """The CFA an apprentice attends: where it is and whom to ask."""
    address = _postal_address(runtime, cfa.address, cfa.insee_code)
    return {"name": cfa.name, "address": address, "contact": _contact(cfa)}


def beyond_reach(
    runtime: Runtime, profile: YouthProfile, kinds: frozenset[ItemKind], outcome: MatchOutcome
) -> tuple[JustBeyond, ...]:
    """When few options fit, the nearest just beyond the limits (after `match_profile`, which
    refreshed the index)."""
    request = MatchRequest(profile, runtime.today(), kinds)
    return just_beyond(runtime.matching.index, runtime.matching.provider, request, outcome)


NEW_OPTION = "new_option"  # the kind of notification an alert is
ALERT_BOX_KM = 150.0  # no youth beyond this reaches an option in a morning, trains included


def alert_followers(runtime: Runtime, db: Session, key: tuple[bool, int]) -> int:
    """Notify the advisers following youths in whose top results this option now ranks (it was
    just published or reopened); returns how many youths."""
    state = runtime.matching
    state.refresh(db, runtime.today())
    row = state.index.row_of(key)
    item = state.index.items[row] if row is not None else None
    if item is None:
        return 0
    pad = ALERT_BOX_KM / 111.2
    wide = pad / max(math.cos(math.radians(item.lat)), 0.2)
    followed = youths.followed_within(db, item.lat - pad, item.lat + pad, item.lon - wide, item.lon + wide)
    profiles = [profile_of(runtime, y) for y in followed]
    found = alerts.interested(
        state.index,
        state.provider,
        lambda p: state.graph.network_values(p.mission_locale_id),
        item,
        profiles,
        runtime.today(),
        runtime.settings.weights,
    )
    for i in found:
        y = followed[i]
        title = f"Nouvelle solution pour le dossier {y.file_reference} : « {item.title} »"
        followers = notifications.users(db, [y.followed_by_id])
        notifications.notify(db, followers, title, f"/recherche?youth_id={y.id}", NEW_OPTION)
    return len(found)
