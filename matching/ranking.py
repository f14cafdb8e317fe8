"""Matching a youth against the index: filter, score, rank, explain."""

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from geo.distance import haversine_km
from geo.travel import TravelMode, TravelTimeProvider
from matching import explain
from matching.filters import Context, apply_filters
from matching.graph import NetworkValues
from matching.index import KINDS, NO_DATE, CandidateIndex
from matching.model import Item, YouthProfile
from matching.scoring import (
    CRITERIA, DISCOVERY_FIT, NEUTRAL_FIT, Weights, combine, job_fit_codes, job_fit_text,
    offer_level_score, places_score, session_level_score, timing_score, travel_score,
)
from matching.vocabulary import ItemKind

_SESSION = KINDS.index(ItemKind.SESSION)
_IMMERSION = KINDS.index(ItemKind.IMMERSION)
DEBUG_IDS_PER_FILTER = 50


@dataclass(frozen=True, slots=True)
class MatchRequest:
    youth: YouthProfile
    today: date
    kinds: frozenset[ItemKind] = frozenset(ItemKind)
    limit: int = 20
    per_kind: bool = False
    debug: bool = False


@dataclass(frozen=True, slots=True)
class Criterion:
    name: str
    value: float
    weight: float
    contribution: float
    reason: str


@dataclass(frozen=True, slots=True)
class Result:
    item: Item
    score: float
    distance_km: float
    travel_minutes: float
    travel_mode: TravelMode | None
    criteria: tuple[Criterion, ...]

    @property
    def summary(self) -> str:
        """One sentence for the youth: the reasons, strongest contribution first."""
        ordered = sorted(self.criteria, key=lambda c: -c.contribution)
        return ". ".join(c.reason for c in ordered[:3]) + "."


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    results: tuple[Result, ...]
    considered: int  # items within the search radius
    eligible: int  # items that passed every hard filter
    removed: dict[str, int] = field(default_factory=dict)
    removed_ids: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def search_radius_km(provider: TravelTimeProvider, youth: YouthProfile) -> float:
    return max(
        (provider.reach_km(youth.origin, m, youth.max_travel_minutes) for m in youth.travel_modes),
        default=0.0,
    )


def wished_codes(youth: YouthProfile, index: CandidateIndex) -> tuple[str, ...]:
    """Explicit wishes, plus the codes a free-text wish names through ROME appellations."""
    codes = set(youth.wished_rome_codes) | index.rome.codes_for_wish(youth.wishes_text)
    return tuple(sorted(codes))


def match(
    index: CandidateIndex,
    provider: TravelTimeProvider,
    network: NetworkValues,
    request: MatchRequest,
    weights: Weights = Weights(),
) -> MatchOutcome:
    youth = request.youth
    origin = youth.origin.point
    rows = index.within(origin.lat, origin.lon, search_radius_km(provider, youth))
    cols = index.cols
    passed = apply_filters(Context(index, rows, youth, request.today, request.kinds, provider))
    kept, minutes = passed.rows, passed.travel.minutes
    wished = wished_codes(youth, index)
    fit_table = index.rome.fit_table(wished)
    criteria = _criteria(index, kept, minutes, youth, wished, fit_table, network, request.today)
    w = weights.as_array()
    scores = combine(criteria, w)
    chosen = _choose(scores, minutes, cols["start"][kept], cols["item_id"][kept], cols["kind"][kept], request)
    distances = haversine_km(origin, cols["lat"][kept[chosen]], cols["lon"][kept[chosen]])
    results = tuple(
        _result(index, int(kept[i]), float(scores[i]), float(d), float(minutes[i]),
                passed.travel.mode_at(int(i)) if youth.travel_modes else None,
                criteria[i], w, youth, wished, fit_table, request.today)
        for i, d in zip(chosen, distances, strict=True)
    )
    return MatchOutcome(
        results, len(rows), len(kept),
        {name: len(removed) for name, removed in passed.removed.items()},
        _removed_ids(index, passed.removed) if request.debug else {},
    )


def _criteria(
    index: CandidateIndex, rows: np.ndarray, minutes: np.ndarray, youth: YouthProfile,
    wished: tuple[str, ...], fit_table: np.ndarray, network: NetworkValues, today: date,
) -> np.ndarray:
    cols = index.cols
    kind = cols["kind"][rows]
    is_session = kind == _SESSION
    if wished or youth.wishes_text.strip():
        fit = np.maximum(
            job_fit_codes(index.rome_idx[rows], fit_table),
            job_fit_text(youth.wishes_text, index.titles, cols["title"][rows]),
        )
    else:
        fit = np.where(kind == _IMMERSION, DISCOVERY_FIT, NEUTRAL_FIT)
    level = np.where(
        is_session,
        session_level_score(cols["target_level"][rows], youth.level),
        offer_level_score(cols["required_level"][rows], youth.level),
    )
    ready = max(today, youth.available_from or today).toordinal()
    permanent = cols["permanent"][rows]
    start = np.where(permanent, NO_DATE, cols["start"][rows])
    joinable_late = permanent | cols["late_entry"][rows] | ~is_session
    return np.column_stack([
        fit,
        travel_score(minutes, youth.max_travel_minutes),
        level,
        timing_score(start, joinable_late, ready, NO_DATE),
        network.lookup(cols["org"][rows]),
        places_score(cols["places"][rows]),
    ])


def _rank(scores: np.ndarray, minutes: np.ndarray, start: np.ndarray, ids: np.ndarray,
          kinds: np.ndarray, among: np.ndarray, limit: int) -> np.ndarray:
    """The best `limit` of `among`: score, then travel time, start date, kind and id."""
    if len(among) > limit:
        s = scores[among]
        threshold = np.partition(s, len(s) - limit)[len(s) - limit]
        among = among[s >= threshold]  # ties at the threshold stay in, for the tie-breaks
    order = np.lexsort((ids[among], kinds[among], start[among], np.round(minutes[among], 6),
                        -np.round(scores[among], 12)))
    return among[order][:limit]


def _choose(scores: np.ndarray, minutes: np.ndarray, start: np.ndarray, ids: np.ndarray,
            kinds: np.ndarray, request: MatchRequest) -> np.ndarray:
    everything = np.arange(len(scores))
    if not request.per_kind:
        return _rank(scores, minutes, start, ids, kinds, everything, request.limit)
    picked = [
        _rank(scores, minutes, start, ids, kinds, everything[kinds == KINDS.index(k)], request.limit)
        for k in KINDS if k in request.kinds
    ]
    return np.concatenate(picked) if picked else everything[:0]


def _result(
    index: CandidateIndex, row: int, score: float, distance: float, minutes: float,
    mode: TravelMode | None, values: np.ndarray, weights: np.ndarray, youth: YouthProfile,
    wished: tuple[str, ...], fit_table: np.ndarray, today: date,
) -> Result:
    item = index.items[row]
    assert item is not None  # rows come from active entries only
    ready = max(today, youth.available_from or today)
    reasons = {
        "job_fit": explain.job_reason(item, float(values[0]), wished, fit_table, index.rome),
        "travel": explain.travel_reason(minutes, mode),
        "level": explain.level_reason(item, youth.level),
        "timing": explain.timing_reason(item, ready),
        "network": explain.network_reason(float(values[4])),
        "places": explain.places_reason(item),
    }
    criteria = tuple(
        Criterion(name, round(float(v), 4), round(float(w), 4), round(float(v * w), 4), reasons[name])
        for name, v, w in zip(CRITERIA, values, weights, strict=True)
    )
    return Result(item, round(score, 4), round(distance, 2), round(minutes, 1), mode, criteria)


def _removed_ids(index: CandidateIndex, removed: dict[str, np.ndarray]) -> dict[str, list[tuple[str, int]]]:
    cols = index.cols
    return {
        name: [(KINDS[cols["kind"][r]].value, int(cols["item_id"][r])) for r in rows[:DEBUG_IDS_PER_FILTER]]
        for name, rows in removed.items()
    }
