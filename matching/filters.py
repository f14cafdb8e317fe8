"""Hard filters: an item failing one is not a result. Each returns a mask over candidate rows."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from matching.index import KINDS, NO_DATE, CandidateIndex
from matching.model import YouthProfile
from matching.vocabulary import ItemKind

APPRENTICESHIP_MIN_AGE, APPRENTICESHIP_MAX_AGE = 16, 29
_SESSION = KINDS.index(ItemKind.SESSION)
_APPRENTICESHIP = KINDS.index(ItemKind.APPRENTICESHIP)
_SIAE = KINDS.index(ItemKind.SIAE_POST)


@dataclass(frozen=True, slots=True)
class Context:
    index: CandidateIndex
    rows: np.ndarray
    youth: YouthProfile
    today: date
    kinds: frozenset[ItemKind]
    travel_minutes: np.ndarray
    _taken: dict[str, np.ndarray] = field(default_factory=dict)

    def col(self, name: str) -> np.ndarray:
        """A column restricted to the candidate rows, gathered once per request."""
        if name not in self._taken:
            self._taken[name] = self.index.cols[name][self.rows]
        return self._taken[name]


def kind_asked(ctx: Context) -> np.ndarray:
    return np.isin(ctx.col("kind"), [KINDS.index(k) for k in ctx.kinds])


def still_open(ctx: Context) -> np.ndarray:
    """Sessions not started (unless permanent or late entry); offers not expired; room left."""
    today = ctx.today.toordinal()
    start, end = ctx.col("start"), ctx.col("end")
    is_session = ctx.col("kind") == _SESSION
    session_open = (start >= today) | ctx.col("permanent") | (ctx.col("late_entry") & (end >= today))
    offer_open = end >= today  # NO_DATE: no expiry
    return np.where(is_session, session_open, offer_open) & (ctx.col("places") > 0)


def reachable(ctx: Context) -> np.ndarray:
    return ctx.travel_minutes <= ctx.youth.max_travel_minutes


def level_met(ctx: Context) -> np.ndarray:
    return ctx.col("required_level") <= ctx.youth.level


def age_fits(ctx: Context) -> np.ndarray:
    """Age on the start date within the item's limits; apprenticeship 16-29, no cap with RQTH."""
    start = np.where(ctx.col("start") == NO_DATE, ctx.today.toordinal(), ctx.col("start"))
    start = np.maximum(start, ctx.today.toordinal())
    age = _ages_on(ctx.youth, start)
    min_age = ctx.col("min_age").astype(np.int32)
    max_age = ctx.col("max_age").astype(np.int32)
    apprenticeship = ctx.col("kind") == _APPRENTICESHIP
    min_age = np.where(apprenticeship, np.maximum(min_age, APPRENTICESHIP_MIN_AGE), min_age)
    if not ctx.youth.rqth:
        max_age = np.where(
            apprenticeship & ((max_age == 0) | (max_age > APPRENTICESHIP_MAX_AGE)),
            APPRENTICESHIP_MAX_AGE, max_age,
        )
    fits = (age >= min_age) & ((max_age == 0) | (age <= max_age))
    return fits & ((age >= 18) | ctx.col("minors"))


def siae_eligible(ctx: Context) -> np.ndarray:
    return (ctx.col("kind") != _SIAE) | ctx.youth.iae_eligible


def licence_held(ctx: Context) -> np.ndarray:
    return ~ctx.col("licence") | ctx.youth.driving_licence


def _ages_on(youth: YouthProfile, ordinals: np.ndarray) -> np.ndarray:
    """Whole years of age on each date, vectorised over unique dates."""
    unique, inverse = np.unique(ordinals, return_inverse=True)
    ages = np.array([youth.age_on(date.fromordinal(int(d))) for d in unique], dtype=np.int32)
    return ages[inverse]


FILTERS: dict[str, Callable[[Context], np.ndarray]] = {
    "kind": kind_asked,
    "open": still_open,
    "reachable": reachable,
    "level": level_met,
    "age": age_fits,
    "siae_eligibility": siae_eligible,
    "driving_licence": licence_held,
}


def apply_filters(ctx: Context) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The passing mask, and for debugging each filter's own failures (before the others)."""
    keep = np.ones(len(ctx.rows), dtype=bool)
    failures: dict[str, np.ndarray] = {}
    for name, check in FILTERS.items():
        ok = check(ctx)
        failures[name] = ~ok & keep  # removed by this filter, not already by an earlier one
        keep &= ok
    return keep, failures
