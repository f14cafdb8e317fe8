"""Hard filters: an item failing one is not a result. Each returns a mask over candidate rows."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from geo.travel import BestTravel, TravelTimeProvider, best_travel
from matching.index import KINDS, NO_DATE, CandidateIndex
from matching.model import YouthProfile
from matching.vocabulary import ItemKind

_SIAE = KINDS.index(ItemKind.SIAE_POST)


@dataclass(slots=True)
class Context:
    """The rows still in the running, with what the filters need of them, gathered lazily."""

    index: CandidateIndex
    rows: np.ndarray
    youth: YouthProfile
    today: date
    kinds: frozenset[ItemKind]
    provider: TravelTimeProvider
    _taken: dict[str, np.ndarray] = field(default_factory=dict)
    _travel: BestTravel | None = None

    def col(self, name: str) -> np.ndarray:
        """A column restricted to the rows, gathered once."""
        if name not in self._taken:
            self._taken[name] = self.index.cols[name][self.rows]
        return self._taken[name]

    def travel(self) -> BestTravel:
        """Best time over the youth's modes to each row, computed once."""
        if self._travel is None:
            origin, cols = self.youth.origin, self.index.cols
            self._travel = best_travel(
                self.provider, origin, cols["lat"][self.rows], cols["lon"][self.rows], self.youth.travel_modes
            )
        return self._travel

    def narrowed(self, keep: np.ndarray) -> "Context":
        travel = self._travel.take(keep) if self._travel is not None else None
        return Context(self.index, self.rows[keep], self.youth, self.today, self.kinds, self.provider, _travel=travel)


def kind_asked(ctx: Context) -> np.ndarray:
    if len(ctx.kinds) == len(KINDS):  # everything asked: nothing to read
        return np.ones(len(ctx.rows), dtype=np.bool_)
    return np.isin(ctx.col("kind"), [KINDS.index(k) for k in ctx.kinds])


def still_open(ctx: Context) -> np.ndarray:
    """Joinable on the day the youth is free (today, or their availability date if later):
    sessions not started by then (unless permanent or late entry), offers not expired; room left."""
    ready = max(ctx.today, ctx.youth.available_from or ctx.today)
    return ctx.col("open_until") >= ready.toordinal()


def reachable(ctx: Context) -> np.ndarray:
    return ctx.travel().reachable(ctx.youth.max_travel_minutes)


def level_met(ctx: Context) -> np.ndarray:
    return ctx.col("required_level") <= ctx.youth.level


def age_fits(ctx: Context) -> np.ndarray:
    """Age on the start date within the item's limits; apprenticeship 16-29, no cap with RQTH."""
    fits = ctx.col("any_age")
    limited = np.flatnonzero(~fits)
    if not len(limited):
        return fits
    fits = fits.copy()
    fits[limited] = _age_limits_met(ctx.narrowed(limited))
    return fits


def _age_limits_met(ctx: Context) -> np.ndarray:
    today = ctx.today.toordinal()
    start = ctx.col("start")
    age = _ages_on(ctx.youth, np.maximum(np.where(start == NO_DATE, today, start), today))
    oldest = ctx.col("age_to_rqth" if ctx.youth.rqth else "age_to")
    return np.asarray((age >= ctx.col("age_from")) & ((oldest == 0) | (age <= oldest)))


def siae_eligible(ctx: Context) -> np.ndarray:
    return np.asarray((ctx.col("kind") != _SIAE) | ctx.youth.iae_eligible)


def licence_held(ctx: Context) -> np.ndarray:
    return ~ctx.col("licence") | ctx.youth.driving_licence


def _ages_on(youth: YouthProfile, ordinals: np.ndarray) -> np.ndarray:
    """Whole years of age on each date (as `YouthProfile.age_on`): the age on the earliest date,
    plus the birthdays after it up to each date."""
    if not len(ordinals):
        return np.zeros(0, dtype=np.int32)
    first, last = (date.fromordinal(int(d)) for d in (ordinals.min(), ordinals.max()))
    birthdays = [b for b in map(youth.birthday_in, range(first.year, last.year + 1)) if first < b <= last]
    age = youth.age_on(first)
    if not birthdays:  # no birthday in between: one age for all (the common case)
        return np.full(len(ordinals), age, dtype=np.int32)
    return np.searchsorted([b.toordinal() for b in birthdays], ordinals, side="right").astype(np.int32) + age


# Cheapest first: each filter only sees what the earlier ones kept, and travel time, the
# costliest, is computed last, for the few rows still in the running.
FILTERS: dict[str, Callable[[Context], np.ndarray]] = {
    "kind": kind_asked,
    "open": still_open,
    "level": level_met,
    "siae_eligibility": siae_eligible,
    "driving_licence": licence_held,
    "age": age_fits,
    "reachable": reachable,
}


@dataclass(frozen=True, slots=True)
class Filtered:
    rows: np.ndarray  # rows that passed every filter
    travel: BestTravel  # best travel to each of them
    removed: dict[str, np.ndarray]  # the rows each filter removed, of those the earlier ones kept


def apply_filters(ctx: Context) -> Filtered:
    removed: dict[str, np.ndarray] = {}
    for name, check in FILTERS.items():
        if not len(ctx.rows):  # nothing left: the later filters remove nothing (and cost nothing)
            removed[name] = ctx.rows
            continue
        ok = check(ctx)
        removed[name] = ctx.rows[~ok]
        ctx = ctx.narrowed(ok)
    return Filtered(ctx.rows, ctx.travel(), removed)
