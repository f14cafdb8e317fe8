"""Matching a youth against the index: filter, score, rank, explain."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, partial
from typing import NamedTuple

import numpy as np

from geo.travel import BestTravel, Journey, TravelMode, TravelTimeProvider
from matching import explain
from matching.filters import Context, Filtered, apply_filters
from matching.graph import NetworkValues
from matching.index import KINDS, NO_DATE, CandidateIndex
from matching.model import Item, YouthProfile
from matching.rome import FIT_EXACT, FIT_LINKED, Understanding
from matching.scoring import (
    CRITERIA,
    DISCOVERY_FIT,
    NEUTRAL_FIT,
    TEXT_FIT_MAX,
    Weights,
    combine,
    job_fit_codes,
    job_fit_text,
    level_scores,
    timing_score,
    travel_score,
)
from matching.vocabulary import ItemKind

_IMMERSION = KINDS.index(ItemKind.IMMERSION)
_FIT, _TRAVEL, _NETWORK = (CRITERIA.index(c) for c in ("job_fit", "travel", "network"))
DEBUG_IDS_PER_FILTER = 50
NEAR_SHARE = 1 / 3  # the near candidate set: a third of the youth's maximum travel time
# Below this many items within reach, scoring them all costs less than trying smaller sets first.
SHORTCUTS_FROM_ROWS = 10_000
BOUND_MARGIN = 1e-9  # scores are sums of floats: "above the bound" must not hinge on rounding

DEFAULT_WEIGHTS = Weights()
_NO_CRITERIA, _NO_SCORES = np.empty((0, len(CRITERIA))), np.empty(0)


@dataclass(frozen=True, slots=True)
class MatchRequest:
    youth: YouthProfile
    today: date
    kinds: frozenset[ItemKind] = frozenset(ItemKind)
    limit: int = 20
    per_kind: bool = False
    debug: bool = False


class Criterion(NamedTuple):  # a tuple: a dozen per result, built faster than a frozen dataclass
    name: str
    value: float
    weight: float
    contribution: float
    reason: str


# Built from a zipped tuple without the named tuple's own __new__ (a Python function): half the cost.
_criterion = partial(tuple.__new__, Criterion)


@dataclass(frozen=True, slots=True)
class Result:
    item: Item
    score: float
    distance_km: float
    travel_minutes: float
    travel_mode: TravelMode | None
    criteria: tuple[Criterion, ...]
    weak_points: tuple[str, ...] = ()
    journey: str = ""  # by public transport, from the timetables: the line, when and where it leaves

    @property
    def summary(self) -> str:
        """One sentence for the youth: the strongest reason, then what may hold them back."""
        strongest = max(self.criteria, key=lambda c: c.contribution).reason
        if not self.weak_points:
            return f"{strongest}."
        return f"{strongest}. Mais : {' ; '.join(self.weak_points)}."


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    results: tuple[Result, ...]
    # Counts over every item within reach; None when the top results were settled on a smaller
    # candidate set (see `_shortcuts`) and the rest was never looked at.
    considered: int | None
    eligible: int | None
    removed: dict[str, int] = field(default_factory=dict)
    removed_ids: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Scored:
    """Candidate rows after the hard filters, with their criteria and scores."""

    rows: np.ndarray
    travel: BestTravel
    criteria: np.ndarray
    scores: np.ndarray
    removed: dict[str, np.ndarray]


@dataclass(frozen=True, slots=True)
class Ranking:
    """The chosen rows of a request, best first, with what explaining them needs."""

    index: CandidateIndex  # the one ranked on (a worker may swap in a compacted one meanwhile)
    provider: TravelTimeProvider  # the travel times it ranked with (timetables may be reloaded meanwhile)
    request: MatchRequest
    weights: np.ndarray  # normalised
    wished: tuple[str, ...]
    fit_table: np.ndarray
    scored: _Scored
    chosen: np.ndarray  # positions in `scored`, best first
    # Rows within reach; None when a smaller candidate set settled the ranking (see `_shortcuts`).
    considered: int | None

    @property
    def rows(self) -> np.ndarray:
        """Index rows of the results, best first."""
        return np.asarray(self.scored.rows[self.chosen])


def search_radius_km(provider: TravelTimeProvider, youth: YouthProfile, minutes: float | None = None) -> float:
    """Crow-fly radius beyond which nothing is within `minutes` (default: the youth's maximum)."""
    budget = youth.max_travel_minutes if minutes is None else minutes
    return max((provider.reach_km(youth.origin, m, budget) for m in youth.travel_modes), default=0.0)


def wished_codes(youth: YouthProfile, index: CandidateIndex) -> tuple[str, ...]:
    """Explicit wishes, plus the codes a free-text wish names exactly (a title or appellation)."""
    codes = set(youth.wished_rome_codes) | set(index.rome.understand(youth.wishes_text).exact)
    return tuple(sorted(codes))


def match(
    index: CandidateIndex,
    provider: TravelTimeProvider,
    network: NetworkValues,
    request: MatchRequest,
    weights: Weights = DEFAULT_WEIGHTS,
) -> MatchOutcome:
    """The top results, each with the reasons for its rank."""
    return explain_ranking(rank(index, provider, network, request, weights))


def explain_ranking(ranking: Ranking) -> MatchOutcome:
    """A ranking's results with the reasons for their rank, for the results returned only."""
    return _journeys(ranking.provider, ranking.request.youth, _outcome(ranking))


def rank(
    index: CandidateIndex,
    provider: TravelTimeProvider,
    network: NetworkValues,
    request: MatchRequest,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Ranking:
    """The top rows, exactly as if every item within reach had been scored; nothing explained yet
    (what alerts and counts need).

    Without `debug`, smaller candidate sets are tried first; one settles the ranking when its
    top results all score above what any item left out of it could reach.
    """
    youth = request.youth
    wished = wished_codes(youth, index)
    # what a free-text wish only came close to counts as a neighbour, never as the wish itself
    fit_table = index.rome.fit_table(wished, index.rome.understand(youth.wishes_text).close)
    w = weights.as_array()

    def scored(rows: np.ndarray, may_repeat: bool = False) -> _Scored:
        passed = apply_filters(Context(index, rows, youth, request.today, request.kinds, provider))
        if may_repeat:  # an item of two wished jobs is listed twice by `with_codes`
            _, first = np.unique(passed.rows, return_index=True)
            passed = Filtered(passed.rows[first], passed.travel.take(first), passed.removed)
        if not len(passed.rows):  # the common case of a youth far from everything: nothing to score
            return _Scored(passed.rows, passed.travel, _NO_CRITERIA, _NO_SCORES, passed.removed)
        criteria = _criteria(
            index, passed.rows, passed.travel.minutes, youth, wished, fit_table, network, request.today
        )
        return _Scored(passed.rows, passed.travel, criteria, combine(criteria, w), passed.removed)

    origin = youth.origin.point
    radius = search_radius_km(provider, youth)

    @cache
    def reach() -> np.ndarray:  # listing a quarter of a million rows costs more than most searches
        return index.within(origin.lat, origin.lon, radius)

    in_reach = index.about_within(origin.lat, origin.lon, radius)
    if not request.debug and in_reach >= SHORTCUTS_FROM_ROWS:
        for subset, bound, may_repeat in _shortcuts(
            index, provider, network, request, wished, fit_table, w, in_reach, reach
        ):
            candidates = scored(subset, may_repeat)
            chosen = _choose(index, candidates, request)
            if _settled(index, candidates, chosen, bound, request):
                return Ranking(index, provider, request, w, wished, fit_table, candidates, chosen, None)
    rows = reach()
    candidates = scored(rows)
    return Ranking(
        index, provider, request, w, wished, fit_table, candidates, _choose(index, candidates, request), len(rows)
    )


def _journeys(provider: TravelTimeProvider, youth: YouthProfile, outcome: MatchOutcome) -> MatchOutcome:
    """Results reached by public transport say how, when timetables tell (for the results
    returned only, in one lookup)."""
    by_bus = [r for r in outcome.results if r.travel_mode is TravelMode.PUBLIC_TRANSPORT]
    if not by_bus:
        return outcome
    lats, lons = np.array([r.item.lat for r in by_bus]), np.array([r.item.lon for r in by_bus])
    said = iter(provider.describe_all(youth.origin, lats, lons))  # in the order of `by_bus`
    changed = [
        _with_journey(r, next(said)) if r.travel_mode is TravelMode.PUBLIC_TRANSPORT else r for r in outcome.results
    ]
    if all(a is b for a, b in zip(changed, outcome.results, strict=True)):
        return outcome
    return replace(outcome, results=tuple(changed))


def _with_journey(r: Result, journey: Journey | None) -> Result:
    if journey is None:
        return r
    reason = f"{explain.travel_reason(r.travel_minutes, r.travel_mode)} : {journey.text}"
    criteria = tuple(c._replace(reason=reason) if c.name == "travel" else c for c in r.criteria)
    return replace(r, criteria=criteria, journey=journey.text)


def _shortcuts(
    index: CandidateIndex,
    provider: TravelTimeProvider,
    network: NetworkValues,
    request: MatchRequest,
    wished: tuple[str, ...],
    fit_table: np.ndarray,
    weights: np.ndarray,
    in_reach: int,
    reach: Callable[[], np.ndarray],
) -> Iterator[tuple[np.ndarray, float, bool]]:
    """Smaller candidate sets than `reach()` (about `in_reach` rows), each with a bound no item
    left out of it can score above, and whether it may list an item twice."""
    youth = request.youth
    best = _criterion_maxima(youth, request.kinds, wished, fit_table, network)
    text_fit = TEXT_FIT_MAX if youth.wishes_text.strip() else 0.0
    # The items of the wished jobs within reach; then with their neighbours (mobility links and
    # ROME 4.0 successions): what is left out fits the wish less than either set's floor.
    coded, outside_fit, may_repeat = np.empty(0, dtype=np.int64), best[_FIT], False
    for floor in (FIT_EXACT, FIT_LINKED):
        codes = np.flatnonzero(fit_table >= floor)
        if not len(codes):
            continue
        others = best.copy()
        others[_FIT] = outside_fit = max(fit_table[fit_table < floor].max(initial=0.0), text_fit)
        # Nationwide (the reachability filter drops the far ones), an item of two codes listed twice...
        coded, may_repeat = index.with_codes(codes), len(codes) > 1
        if len(coded) > in_reach:  # ...unless picking them out of what is within reach is cheaper
            rows = reach()
            coded, may_repeat = rows[np.isin(index.rome_idx[rows], codes).any(axis=1)], False
        yield coded, float(others @ weights), may_repeat
    # Everything close by, with the last set: what is left fits the wish less than that set's floor
    # and takes longer than `near` minutes.
    near = youth.max_travel_minutes * NEAR_SHARE
    origin = youth.origin.point
    further = best.copy()
    further[_FIT] = outside_fit
    further[_TRAVEL] = float(travel_score(np.array([near]), youth.max_travel_minutes)[0])
    close = index.within(origin.lat, origin.lon, search_radius_km(provider, youth, near))
    yield np.concatenate([coded, close]), float(further @ weights), bool(len(coded))


def _criterion_maxima(
    youth: YouthProfile,
    kinds: frozenset[ItemKind],
    wished: tuple[str, ...],
    fit_table: np.ndarray,
    network: NetworkValues,
) -> np.ndarray:
    """The most any item can get on each criterion, for this youth (as `_criteria` computes)."""
    if wished or youth.wishes_text.strip():
        fit = max(fit_table.max(initial=0.0), TEXT_FIT_MAX if youth.wishes_text.strip() else 0.0)
    else:
        fit = DISCOVERY_FIT if ItemKind.IMMERSION in kinds else NEUTRAL_FIT
    maxima = np.ones(len(CRITERIA))
    maxima[_FIT], maxima[_NETWORK] = fit, network.values.max(initial=0.0)
    return maxima


def _settled(index: CandidateIndex, scored: _Scored, chosen: np.ndarray, bound: float, request: MatchRequest) -> bool:
    """Whether every list asked for is full of results scoring above `bound`."""
    if request.per_kind:
        kinds = index.cols["kind"][scored.rows[chosen]]
        lists = [chosen[kinds == KINDS.index(k)] for k in request.kinds]
    else:
        lists = [chosen]
    return all(len(c) == request.limit and scored.scores[c].min() > bound + BOUND_MARGIN for c in lists)


def _outcome(ranking: Ranking) -> MatchOutcome:
    index, request, scored, chosen = ranking.index, ranking.request, ranking.scored, ranking.chosen
    youth, cols, rows = request.youth, index.cols, ranking.rows
    explaining = _Explaining.of(ranking)
    values = scored.criteria[chosen]
    # Listed (and the criteria rounded) in one go: per value, numpy scalars and round() cost more
    # than the ranking.
    modes = (
        [scored.travel.modes[m] for m in scored.travel.mode_index[chosen].tolist()]
        if youth.travel_modes
        else [None] * len(chosen)
    )
    results = tuple(
        map(
            explaining.result,
            rows.tolist(),
            scored.scores[chosen].tolist(),
            youth.origin.distances_km(cols["lat"][rows], cols["lon"][rows]).tolist(),
            scored.travel.minutes[chosen].tolist(),
            modes,
            values.tolist(),
            np.round(values, 4).tolist(),
            np.round(values * ranking.weights, 4).tolist(),
        )
    )
    if ranking.considered is None:
        return MatchOutcome(results, None, None)
    return MatchOutcome(
        results,
        ranking.considered,
        len(scored.rows),
        {name: len(removed) for name, removed in scored.removed.items()},
        _removed_ids(index, scored.removed) if request.debug else {},
    )


def _criteria(
    index: CandidateIndex,
    rows: np.ndarray,
    minutes: np.ndarray,
    youth: YouthProfile,
    wished: tuple[str, ...],
    fit_table: np.ndarray,
    network: NetworkValues,
    today: date,
) -> np.ndarray:
    cols = index.cols
    if wished or youth.wishes_text.strip():
        fit = np.maximum(
            job_fit_codes(index.rome_idx[rows], fit_table),
            job_fit_text(youth.wishes_text, index.titles, cols["title"][rows]),
        )
    else:
        fit = np.where(cols["kind"][rows] == _IMMERSION, DISCOVERY_FIT, NEUTRAL_FIT)
    ready = max(today, youth.available_from or today).toordinal()
    return np.column_stack(
        [
            fit,
            travel_score(minutes, youth.max_travel_minutes),
            level_scores(youth.level)[cols["level_key"][rows]],
            timing_score(cols["timed_start"][rows], cols["joinable_late"][rows], ready, NO_DATE),
            network.lookup(cols["org"][rows]),
            cols["places_score"][rows],
        ]
    )


def _rank(
    scores: np.ndarray,
    minutes: np.ndarray,
    start: np.ndarray,
    ids: np.ndarray,
    kinds: np.ndarray,
    among: np.ndarray,
    limit: int,
) -> np.ndarray:
    """The best `limit` of `among`: score, then travel time, start date, kind and id."""
    if len(among) > limit:
        s = scores[among]
        threshold = np.partition(s, len(s) - limit)[len(s) - limit]
        among = among[s >= threshold]  # ties at the threshold stay in, for the tie-breaks
    order = np.lexsort(
        (ids[among], kinds[among], start[among], np.round(minutes[among], 6), -np.round(scores[among], 12))
    )
    return among[order][:limit]


def _choose(index: CandidateIndex, scored: _Scored, request: MatchRequest) -> np.ndarray:
    """Positions in `scored` of the results: the best overall, or the best of each kind."""
    cols, rows = index.cols, scored.rows
    start, ids, kinds = cols["start"][rows], cols["item_id"][rows], cols["kind"][rows]
    everything = np.arange(len(rows))

    def best(among: np.ndarray) -> np.ndarray:
        return _rank(scored.scores, scored.travel.minutes, start, ids, kinds, among, request.limit)

    if not request.per_kind:
        return best(everything)
    picked = [best(everything[kinds == KINDS.index(k)]) for k in KINDS if k in request.kinds]
    return np.concatenate(picked) if picked else everything[:0]


@dataclass(frozen=True, slots=True)
class _Explaining:
    """What every result of one request is explained with, worked out once."""

    index: CandidateIndex
    youth: YouthProfile
    wished: tuple[str, ...]
    fit_table: np.ndarray
    understood: Understanding | None  # the free-text wish as read, if any
    has_wish: bool
    weights: list[float]
    ready: date
    today: date

    @classmethod
    def of(cls, ranking: Ranking) -> "_Explaining":
        index, youth, today = ranking.index, ranking.request.youth, ranking.request.today
        text = youth.wishes_text.strip()
        return cls(
            index,
            youth,
            ranking.wished,
            ranking.fit_table,
            index.rome.understand(youth.wishes_text) if text else None,
            bool(ranking.wished or text),
            np.round(ranking.weights, 4).tolist(),
            max(today, youth.available_from or today),
            today,
        )

    def result(
        self,
        row: int,
        score: float,
        distance: float,
        minutes: float,
        mode: TravelMode | None,
        values: list[float],
        rounded: list[float],
        contributions: list[float],
    ) -> Result:
        item = self.index.items[row]
        assert item is not None  # rows come from active entries only
        reasons = (  # in the order of CRITERIA
            explain.job_reason(item, values[0], self.wished, self.fit_table, self.index.rome, self.understood),
            explain.travel_reason(minutes, mode),
            explain.level_reason(item, self.youth.level),
            explain.timing_reason(item, self.ready, self.today),
            explain.network_reason(values[4]),
            explain.places_reason(item),
        )
        criteria = tuple(map(_criterion, zip(CRITERIA, rounded, self.weights, contributions, reasons, strict=True)))
        weak = explain.weak_points(
            item, values[0] if self.has_wish else None, minutes, self.youth.max_travel_minutes, self.ready
        )
        return Result(item, round(score, 4), round(distance, 2), round(minutes, 1), mode, criteria, weak)


def _removed_ids(index: CandidateIndex, removed: dict[str, np.ndarray]) -> dict[str, list[tuple[str, int]]]:
    cols = index.cols
    return {
        name: [(KINDS[cols["kind"][r]].value, int(cols["item_id"][r])) for r in rows[:DEBUG_IDS_PER_FILTER]]
        for name, rows in removed.items()
    }
