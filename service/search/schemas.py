"""What a match returns: ranked results, each with its reasons.

Plain pydantic models, for the spec and for FastAPI to validate what routes return (except the
match response itself, see `match_response`).
"""

from datetime import date
from typing import Any

import orjson
from fastapi import Response
from pydantic import BaseModel
from sqlmodel import Field

from geo.travel import TravelMode
from matching.beyond import THIN, JustBeyond
from matching.model import Item
from matching.pathways import Pathway
from matching.ranking import MatchOutcome, Result
from matching.rome import RomeReferential
from matching.vocabulary import ItemKind, Programme
from service.models.base import Input
from service.models.fields import BirthDate, RequiredLevel, RomeCode, YouthLevel
from service.web.forms import rome_codes_in


class CriterionPublic(BaseModel):
    name: str
    value: float
    weight: float
    contribution: float
    reason: str


class Explanation(BaseModel):
    summary: str = Field(description="One sentence an adviser can read to the youth.")
    criteria: list[CriterionPublic]


class OrganisationBrief(BaseModel):
    id: int
    name: str


class ContactDetails(BaseModel):
    name: str = Field(description="The person or desk to ask for.")
    phone: str
    email: str


class SchoolDetails(BaseModel):
    name: str
    address: str
    contact: ContactDetails


class ResultDetails(BaseModel):
    """What an interview needs to position the youth and tell them where to go."""

    address: str = Field(description="Street (when known), postal code and commune.")
    contact: ContactDetails
    url: str = Field(description="The option's page, readable by advisers.")
    accessible: bool
    info_session_dates: list[date] = Field(default_factory=list)
    hours: int | None = Field(default=None, description="A session's length in hours.")
    funding: list[str] = Field(default_factory=list)
    rncp_code: str | None = None
    apprenticeship_possible: bool | None = None
    contract_type: str | None = None
    duration_months: int | None = None
    hours_per_week: float | None = None
    diploma: str | None = Field(default=None, description="The diploma an apprentice prepares.")
    cfa: SchoolDetails | None = Field(default=None, description="The CFA an apprentice attends.")


class MatchResultPublic(BaseModel):
    kind: ItemKind
    id: int
    title: str
    organisation: OrganisationBrief
    rome_code: str | None
    rome_label: str | None
    level: int | None = Field(description="Level a session leads to, or the level an offer requires.")
    entry_level: RequiredLevel
    commune: str
    insee_code: str
    latitude: float
    longitude: float
    distance_km: float
    travel_minutes: float
    travel_mode: TravelMode | None
    journey: str | None = Field(
        default=None,
        description="By public transport: the line, its departure and changes from the timetables, or "
        "« estimation » where none is loaded.",
    )
    start_date: date | None
    end_date: date | None = Field(description="When a session ends, or when an offer expires.")
    permanent_entry: bool
    places_left: int | None = Field(description="None: the training body's feed does not state them.")
    score: float
    explanation: Explanation | None = None
    details: ResultDetails | None = None


class BeyondPublic(BaseModel):
    """An option just beyond the youth's limits, and what it would take."""

    kind: ItemKind
    id: int
    title: str
    organisation: OrganisationBrief
    commune: str
    travel_minutes: float
    note: str


class MatchResponse(BaseModel):
    results: list[MatchResultPublic]
    beyond_reach: list[BeyondPublic] = Field(
        default_factory=list, description="When fewer than 5 results fit: the nearest options just beyond the limits."
    )
    removed_most: dict[str, int] | None = Field(
        default=None, description="When fewer than 5 results fit: the rules that removed the most options."
    )
    considered: int | None = Field(
        description=(
            "Items within the youth's travel reach; null when the top results were settled on a smaller "
            "candidate set (always counted with debug=true)."
        )
    )
    eligible: int | None = Field(description="Items that passed every hard filter; null as for considered.")
    removed: dict[str, int] | None = None
    removed_ids: dict[str, list[tuple[str, int]]] | None = None


class PathwayPublic(BaseModel):
    summary: str
    score: float
    steps: list[MatchResultPublic]
    starts: list[date] = Field(description="When each step can start, each after the previous one is over.")


class MatchProfile(Input):
    """An unsaved profile, for a quick search during an interview."""

    birth_date: BirthDate
    qualification_level: YouthLevel
    wished_rome_codes: list[RomeCode] = Field(default_factory=list, max_length=10)
    wishes_text: str = Field(default="", max_length=500)
    home_insee_code: str = Field(min_length=5, max_length=5)
    home_address: str = Field(
        default="", max_length=300, description="Optional street address: journeys start at the door. Never stored."
    )
    travel_modes: list[TravelMode] = Field(default_factory=lambda: [TravelMode.WALK], max_length=5)
    driving_licence: bool = False
    max_travel_minutes: int = Field(default=45, ge=0, le=240)
    available_from: date | None = None
    rqth: bool = False
    iae_eligible: bool = False
    kinds: list[ItemKind] | None = None
    limit: int = Field(default=20, ge=1, le=200)
    per_kind: bool = False


Details = dict[tuple[bool, int], dict[str, Any]]  # per result (is a session, id): `ResultDetails` as a dict


def result_public(
    r: Result, rome: RomeReferential, explain: bool = True, details: Details | None = None
) -> dict[str, Any]:
    """A result as a `MatchResultPublic` dict, much cheaper than building a dozen models per result
    (a pathways response is validated once as a whole by FastAPI; see `match_response` for matches)."""
    item: Item = r.item
    code = item.rome_codes[0] if item.rome_codes else None
    return {
        "kind": item.kind,
        "id": item.id,
        "title": item.title,
        "organisation": {"id": item.organisation_id, "name": item.organisation_name},
        "rome_code": code,
        "rome_label": rome.label(code) if code else None,
        "level": (item.target_level if item.kind is ItemKind.SESSION else item.required_level) or None,
        "entry_level": item.required_level,
        "commune": item.commune_name,
        "insee_code": item.insee_code,
        "latitude": item.lat,
        "longitude": item.lon,
        "distance_km": r.distance_km,
        "travel_minutes": r.travel_minutes,
        "travel_mode": r.travel_mode,
        "journey": r.journey or None,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "permanent_entry": item.permanent_entry,
        "places_left": item.places_left,
        "score": r.score,
        "details": (details or {}).get(item.key),
        "explanation": {
            "summary": r.summary,
            "criteria": [
                {
                    "name": c.name,
                    "value": c.value,
                    "weight": c.weight,
                    "contribution": c.contribution,
                    "reason": c.reason,
                }
                for c in r.criteria
            ],
        }
        if explain
        else None,
    }


def match_response(
    outcome: MatchOutcome,
    rome: RomeReferential,
    explain: bool,
    debug: bool,
    details: Details,
    beyond: tuple[JustBeyond, ...] = (),
) -> Response:
    """A `MatchResponse`, encoded as it is built.

    Matching is the most frequent request, and FastAPI's validation of what a route returns would
    check a shape that only this function builds: the tests validate it against the model instead
    (the model still documents the response in the spec).
    """
    return Response(
        orjson.dumps(
            {
                "results": [result_public(r, rome, explain, details) for r in outcome.results],
                "beyond_reach": [beyond_public(b) for b in beyond],
                "removed_most": removed_most(outcome) if len(outcome.results) < THIN else None,
                "considered": outcome.considered,
                "eligible": outcome.eligible,
                "removed": outcome.removed if debug else None,
                "removed_ids": outcome.removed_ids if debug else None,
            }
        ),
        media_type="application/json",
    )


def beyond_public(b: JustBeyond) -> dict[str, Any]:
    return {
        "kind": b.item.kind,
        "id": b.item.id,
        "title": b.item.title,
        "organisation": {"id": b.item.organisation_id, "name": b.item.organisation_name},
        "commune": b.item.commune_name,
        "travel_minutes": round(b.minutes, 1),
        "note": b.note,
    }


def removed_most(outcome: MatchOutcome) -> dict[str, int]:
    """The three rules that removed the most options (when every option within reach was looked at)."""
    counts = sorted(((n, rule) for rule, n in outcome.removed.items() if n), reverse=True)[:3]
    return {rule: n for n, rule in counts}


def pathway_public(p: Pathway, rome: RomeReferential, details: Details) -> dict[str, Any]:
    """A `PathwayPublic` as a dict (see `result_public`)."""
    return {
        "summary": p.summary,
        "score": p.score,
        "steps": [result_public(s, rome, details=details) for s in p.steps],
        "starts": list(p.starts),
    }


class ProfileForm(BaseModel):
    """A youth's profile as the pages' forms send it (the quick search, a youth file)."""

    birth_date: date = date(2006, 1, 1)
    level: YouthLevel = 2
    jobs: str = Field(default="", max_length=300)
    wishes_text: str = Field(default="", max_length=300)
    commune: str = Field(default="", max_length=120)
    address: str = Field(default="", max_length=300)  # optional: journeys from the door
    modes: list[TravelMode] = Field(default_factory=lambda: [TravelMode.WALK])
    max_minutes: int = Field(default=45, ge=5, le=240)
    licence: bool = False
    rqth: bool = False  # apprenticeship beyond 29 years of age
    iae: bool = False  # SIAE posts
    available_from: date | None = None
    programme: Programme = Programme.NONE


def profile_fields(form: ProfileForm, insee_code: str) -> dict[str, Any]:
    """The profile typed in, as the fields of a match profile and of a youth file."""
    codes = rome_codes_in(form.jobs)
    return {
        "birth_date": form.birth_date,
        "qualification_level": form.level,
        "wished_rome_codes": codes,
        "wishes_text": form.wishes_text or ("" if codes else form.jobs),
        "home_insee_code": insee_code,
        "home_address": form.address,
        "travel_modes": form.modes,
        "driving_licence": form.licence,
        "rqth": form.rqth,
        "iae_eligible": form.iae,
        "max_travel_minutes": form.max_minutes,
        "available_from": form.available_from,
    }
