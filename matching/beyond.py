"""When few options fit: the nearest ones just beyond the youth's limits, and what it would take
("à 59 min à vélo — 14 min au-delà de la limite", "accessible en voiture", "accessible avec le
permis"), so that an empty list still helps the adviser.
"""

from dataclasses import dataclass, replace

import numpy as np

from geo.travel import MODE_LABELS_FR, TravelMode, TravelTimeProvider
from matching.filters import Context, apply_filters
from matching.index import CandidateIndex
from matching.model import Item, YouthProfile
from matching.ranking import MatchOutcome, MatchRequest, search_radius_km

THIN = 5  # fewer results than this: show what lies just beyond
STRETCH_MINUTES = 30  # how much further than the youth's limit to look
MAX_MINUTES = 240
SHOWN = 5


@dataclass(frozen=True, slots=True)
class JustBeyond:
    item: Item
    minutes: float
    mode: TravelMode | None
    note: str


def just_beyond(
    index: CandidateIndex, provider: TravelTimeProvider, request: MatchRequest, outcome: MatchOutcome
) -> tuple[JustBeyond, ...]:
    """The nearest options that every rule but the travel time (or the licence) lets through."""
    if len(outcome.results) >= THIN:
        return ()
    youth = request.youth
    shown = {r.item.key for r in outcome.results}
    found = _further(index, provider, request, youth, shown)
    if TravelMode.CAR not in youth.travel_modes:
        found += _by_car(index, provider, request, youth, shown | {b.item.key for b in found})
    return tuple(sorted(found, key=lambda b: (b.minutes, b.item.key))[:SHOWN])


def _passing(
    index: CandidateIndex, provider: TravelTimeProvider, request: MatchRequest, youth: YouthProfile
) -> tuple[list[Item], np.ndarray, list[TravelMode | None]]:
    origin = youth.origin.point
    rows = index.within(origin.lat, origin.lon, search_radius_km(provider, youth))
    passed = apply_filters(Context(index, rows, youth, request.today, request.kinds, provider))
    items = [index.items[int(r)] for r in passed.rows]
    modes = [passed.travel.mode_at(i) if youth.travel_modes else None for i in range(len(passed.rows))]
    return [i for i in items if i is not None], passed.travel.minutes, modes


def _further(
    index: CandidateIndex,
    provider: TravelTimeProvider,
    request: MatchRequest,
    youth: YouthProfile,
    shown: set[tuple[bool, int]],
) -> list[JustBeyond]:
    stretched = replace(youth, max_travel_minutes=min(youth.max_travel_minutes + STRETCH_MINUTES, MAX_MINUTES))
    items, minutes, modes = _passing(index, provider, request, stretched)
    out = []
    for item, m, mode in zip(items, minutes.tolist(), modes, strict=True):
        if m > youth.max_travel_minutes and item.key not in shown:
            label = MODE_LABELS_FR.get(mode, "") if mode else ""
            extra = round(m) - youth.max_travel_minutes
            out.append(JustBeyond(item, m, mode, f"à {round(m)} min {label} — {extra} min au-delà de la limite"))
    return out


def _by_car(
    index: CandidateIndex,
    provider: TravelTimeProvider,
    request: MatchRequest,
    youth: YouthProfile,
    shown: set[tuple[bool, int]],
) -> list[JustBeyond]:
    driven = replace(youth, travel_modes=(TravelMode.CAR,), driving_licence=True)
    items, minutes, _ = _passing(index, provider, request, driven)
    out = []
    for item, m in zip(items, minutes.tolist(), strict=True):
        if item.key in shown:
            continue
        needs_licence = item.driving_licence_required and not youth.driving_licence
        note = "accessible avec le permis" if needs_licence else "accessible en voiture"
        out.append(JustBeyond(item, m, TravelMode.CAR, f"{note} (environ {round(m)} min)"))
    return out
