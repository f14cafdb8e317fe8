"""Alerts: for a new (or reopened) option, the followed youths in whose top results it now ranks.

Ranking every followed youth again for each new option would cost a second per thousand youths.
Two cheap filters come first, over all youths at once: the option must lie within the youth's
reach (crow-fly, by their fastest mode) and fit one of their wished jobs at least as a linked
job. Only the few left are ranked for real, so the answer is exactly « it is in their top N ».
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

import numpy as np

from geo.coords import LatLon
from geo.distance import haversine_km
from geo.travel import TravelMode, TravelTimeProvider
from matching.graph import NetworkValues
from matching.index import CandidateIndex
from matching.model import Item, YouthProfile
from matching.ranking import DEFAULT_WEIGHTS, MatchRequest, rank, search_radius_km
from matching.rome import FIT_LINKED, RomeReferential
from matching.scoring import Weights

TOP = 20  # « in their top results »: the first page an adviser reads


class Homes(NamedTuple):
    """Where the followed youths live and how far each can go (crow-fly, by their fastest mode:
    a bound, never too strict). Nothing here depends on the option: a caller checking many
    options builds it once."""

    lats: np.ndarray
    lons: np.ndarray
    bounds: np.ndarray


def homes(provider: TravelTimeProvider, youths: Sequence[YouthProfile]) -> Homes:
    # A reach depends on the modes, the time and the origin's kind of town and commune (its
    # timetables): youths alike share one computation.
    reach: dict[tuple[tuple[TravelMode, ...], int, bool, str], float] = {}
    bound = np.zeros(len(youths))
    for i, y in enumerate(youths):
        key = (y.travel_modes, y.max_travel_minutes, y.origin.urban, y.origin.commune)
        if key not in reach:
            reach[key] = search_radius_km(provider, y)
        bound[i] = reach[key]
    lats = np.array([y.origin.point.lat for y in youths])
    lons = np.array([y.origin.point.lon for y in youths])
    return Homes(lats, lons, bound)


def within_reach(item: Item, where: Homes) -> np.ndarray:
    return np.asarray(haversine_km(LatLon(item.lat, item.lon), where.lats, where.lons) <= where.bounds)


def fits_a_wish(rome: RomeReferential, item: Item, youths: Sequence[YouthProfile]) -> np.ndarray:
    """Whether the item's jobs are a youth's wished ones or linked to them (youths without a
    wished code are not alerted: nothing says what would be new for them)."""
    codes = [rome.index[c] for c in item.rome_codes if c in rome.index]
    out = np.zeros(len(youths), dtype=np.bool_)
    if not codes:
        return out
    for i, y in enumerate(youths):
        if y.wished_rome_codes:
            out[i] = float(rome.fit_table(y.wished_rome_codes)[codes].max()) >= FIT_LINKED
    return out


def interested(
    index: CandidateIndex,
    provider: TravelTimeProvider,
    network_for: Callable[[YouthProfile], NetworkValues],
    item: Item,
    youths: Sequence[YouthProfile],
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
    where: Homes | None = None,
    top: int = TOP,
) -> list[int]:
    """Positions (in `youths`) of the youths whose top `top` results now include the item."""
    near = within_reach(item, homes(provider, youths) if where is None else where)
    fit = fits_a_wish(index.rome, item, [y for y, ok in zip(youths, near, strict=True) if ok])
    candidates = [int(i) for i, ok in zip(np.flatnonzero(near), fit, strict=True) if ok]
    row = index.row_of(item.key)
    if row is None:  # not (or no longer) in the catalogue
        return []
    found = []
    for i in candidates:
        request = MatchRequest(youths[i], today, limit=top)
        if row in rank(index, provider, network_for(youths[i]), request, weights).rows:  # no reasons needed
            found.append(i)
    return found
