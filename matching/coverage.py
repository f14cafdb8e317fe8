"""Territorial coverage: which communes reach an option of a job family with a mobility profile,
how many youths that leaves out, and where one new site would cover most of them.

Plain functions over plain data. A commune stands for its youths: its journeys start at its
point (the town hall), like the youths whose files are known by their commune, and a journey
within the commune is the typical one of `geo.travel.in_town_km`.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.spatial import cKDTree

from geo.distance import chord, xyz
from geo.travel import TravelMode, TravelTimeProvider, best_travel, home_origin
from matching.index import KINDS, CandidateIndex
from matching.job_words import fold
from matching.model import Item
from matching.rome import RomeReferential
from matching.vocabulary import ItemKind

NEAREST_TRIED = 8  # beyond the limit, the nearest option by time is among the nearest by distance
MIN_GROUP = 5  # equity shares are not shown for fewer youths: they would point at persons


@dataclass(frozen=True, slots=True)
class Mobility:
    """How the youths of a territory travel, for a coverage map."""

    key: str
    label: str
    modes: tuple[TravelMode, ...]
    max_minutes: int


PRESETS = {
    m.key: m
    for m in (
        Mobility(
            "walk_pt_45", "à pied + transports en commun, 45 min", (TravelMode.WALK, TravelMode.PUBLIC_TRANSPORT), 45
        ),
        Mobility(
            "walk_pt_60", "à pied + transports en commun, 60 min", (TravelMode.WALK, TravelMode.PUBLIC_TRANSPORT), 60
        ),
        Mobility("walk_30", "à pied, 30 min", (TravelMode.WALK,), 30),
        Mobility("bike_30", "vélo, 30 min", (TravelMode.WALK, TravelMode.BIKE), 30),
        Mobility("moped_30", "deux-roues motorisé, 30 min", (TravelMode.WALK, TravelMode.MOPED), 30),
        Mobility("car_45", "voiture, 45 min", (TravelMode.WALK, TravelMode.CAR), 45),
    )
}


def custom_mobility(modes: Sequence[TravelMode], max_minutes: int) -> Mobility:
    modes = tuple(dict.fromkeys(modes))
    names = " + ".join(m.value for m in modes)
    return Mobility(f"custom:{names}:{max_minutes}", f"{names}, {max_minutes} min", modes, max_minutes)


@dataclass(frozen=True, slots=True)
class Place:
    """A commune of the territory, with the youths of the Mission Locale's files living there
    (counts only: never who)."""

    insee_code: str
    name: str
    lat: float
    lon: float
    population: int
    youths: int = 0
    qpv_youths: int = 0
    frr_youths: int = 0


@dataclass(frozen=True, slots=True)
class Options:
    """The open options of the family asked for (or the sites of a Mission Locale): where they are
    and what to call them."""

    lats: np.ndarray
    lons: np.ndarray
    labels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.labels)


@dataclass(frozen=True, slots=True)
class Reach:
    place: Place
    reachable: int  # options within the profile's limit
    nearest_minutes: float | None  # the quickest option, within the limit or not
    nearest: str | None
    nearest_mode: TravelMode | None

    @property
    def white(self) -> bool:
        return self.reachable == 0


class _Spatial:
    """Points on the unit sphere with a KD-tree: what lies within a crow-fly radius, and the nearest."""

    def __init__(self, lats: np.ndarray, lons: np.ndarray) -> None:
        self.n = len(lats)
        self.tree = cKDTree(xyz(lats, lons)) if self.n else None

    def around(self, place: Place, radius_km: float, nearest: int = 0) -> np.ndarray:
        if self.tree is None:
            return np.empty(0, dtype=np.int64)
        centre = xyz(np.array([place.lat]), np.array([place.lon]))[0]
        found = np.asarray(self.tree.query_ball_point(centre, chord(radius_km)), dtype=np.int64)
        if nearest:
            _, idx = self.tree.query(centre, k=min(nearest, self.n))
            found = np.union1d(found, np.atleast_1d(idx).astype(np.int64))
        return found


def _radius_km(provider: TravelTimeProvider, place: Place, mobility: Mobility) -> float:
    origin = home_origin(place.lat, place.lon, place.population, provider.model, place.insee_code)
    return max((provider.reach_km(origin, m, mobility.max_minutes) for m in mobility.modes), default=0.0)


def reach(provider: TravelTimeProvider, places: Sequence[Place], options: Options, mobility: Mobility) -> list[Reach]:
    """Per commune: how many options are within the profile's limit, and the quickest one."""
    spatial = _Spatial(options.lats, options.lons)
    out = []
    for place in places:
        near = spatial.around(place, _radius_km(provider, place, mobility), NEAREST_TRIED)
        if not len(near) or not mobility.modes:
            out.append(Reach(place, 0, None, None, None))
            continue
        origin = home_origin(place.lat, place.lon, place.population, provider.model, place.insee_code)
        best = best_travel(provider, origin, options.lats[near], options.lons[near], mobility.modes)
        quickest = int(best.minutes.argmin())
        out.append(
            Reach(
                place,
                int(best.reachable(mobility.max_minutes).sum()),
                float(best.minutes[quickest]),
                options.labels[int(near[quickest])],
                best.mode_at(quickest),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Proposal:
    """One pick of the greedy placement: a commune, and what it adds to the picks before it."""

    place: Place
    youths_gained: int
    population_gained: int
    communes_gained: tuple[str, ...]  # names of the white-zone communes it covers


def propose_sites(
    provider: TravelTimeProvider,
    reaches: Sequence[Reach],
    candidates: Sequence[Place],
    mobility: Mobility,
    k: int,
) -> list[Proposal]:
    """Up to `k` communes where a new session (or permanence, or antenna) would cover the most
    youths now in white zones: greedy maximum coverage, each pick with its marginal gain. Youths
    first; the population breaks ties (and ranks picks where no youth file is known)."""
    white = [r.place for r in reaches if r.white]
    if not white or not candidates or k <= 0:
        return []
    covers = _coverage_matrix(provider, white, candidates, mobility)  # white × candidates
    youths = np.array([p.youths for p in white], dtype=np.float64)
    people = np.array([p.population for p in white], dtype=np.float64)
    open_ = np.ones(len(white), dtype=np.bool_)
    picks: list[Proposal] = []
    for _ in range(k):
        gain_youths = covers.T @ (youths * open_)
        gain_people = covers.T @ (people * open_)
        # Youths decide; the population (below one youth in weight) breaks their ties.
        score = gain_youths + gain_people / (people.sum() + 1.0)
        best = int(score.argmax())
        if score[best] <= 0:
            break
        covered = covers[:, [best]].toarray().ravel().astype(bool) & open_
        picks.append(
            Proposal(
                candidates[best],
                int(youths[covered].sum()),
                int(people[covered].sum()),
                tuple(p.name for p, c in zip(white, covered, strict=True) if c),
            )
        )
        open_ &= ~covered
    return picks


def _coverage_matrix(
    provider: TravelTimeProvider, white: Sequence[Place], candidates: Sequence[Place], mobility: Mobility
) -> csr_matrix:
    """Sparse: which candidate commune each white-zone commune reaches within the limit."""
    lats = np.array([c.lat for c in candidates])
    lons = np.array([c.lon for c in candidates])
    spatial = _Spatial(lats, lons)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for i, place in enumerate(white):
        near = spatial.around(place, _radius_km(provider, place, mobility))
        if not len(near):
            continue
        origin = home_origin(place.lat, place.lon, place.population, provider.model, place.insee_code)
        ok = best_travel(provider, origin, lats[near], lons[near], mobility.modes).reachable(mobility.max_minutes)
        cols.append(near[ok])
        rows.append(np.full(int(ok.sum()), i, dtype=np.int64))
    r = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.empty(0, dtype=np.int64)
    return csr_matrix((np.ones(len(r)), (r, c)), shape=(len(white), len(candidates)))


@dataclass(frozen=True, slots=True)
class Share:
    """Youths of a group who reach at least one option; None below `MIN_GROUP` youths."""

    youths: int | None
    reaching: int | None

    @property
    def percent(self) -> float | None:
        if self.youths is None or self.reaching is None or not self.youths:
            return None
        return round(100.0 * self.reaching / self.youths, 1)


@dataclass(frozen=True, slots=True)
class Equity:
    everyone: Share
    qpv: Share
    frr: Share


def _share(total: int, reaching: int) -> Share:
    return Share(total, reaching) if total >= MIN_GROUP else Share(None, None)


def equity(reaches: Sequence[Reach]) -> Equity:
    """The share of youths who reach an option, overall and for those living in QPV and in FRR,
    from counts per commune only (never per youth)."""

    def group(count: str) -> Share:
        total = sum(getattr(r.place, count) for r in reaches)
        reaching = sum(getattr(r.place, count) for r in reaches if not r.white)
        return _share(total, reaching)

    return Equity(group("youths"), group("qpv_youths"), group("frr_youths"))


def open_options(
    index: CandidateIndex, codes: frozenset[str], kinds: frozenset[ItemKind], today_ordinal: int
) -> Options:
    """The index's options of these ROME codes and kinds that still take someone (room left and
    not past their last day of entry)."""
    wanted = np.array([i for i, c in enumerate(index.rome.codes) if c.code in codes], dtype=np.int64)
    rows = np.unique(index.with_codes(wanted)) if len(wanted) else np.empty(0, dtype=np.int64)
    cols = index.cols
    kind_ids = np.array([KINDS.index(k) for k in kinds], dtype=np.int8)
    rows = rows[np.isin(cols["kind"][rows], kind_ids) & (cols["open_until"][rows] >= today_ordinal)]
    labels = tuple(_label(index.items[r]) for r in rows)
    return Options(cols["lat"][rows].copy(), cols["lon"][rows].copy(), labels)


def _label(item: Item | None) -> str:
    if item is None:
        return ""
    where = f" ({item.commune_name})" if item.commune_name else ""
    return f"{item.title} — {item.organisation_name}{where}"


def family_codes(rome: RomeReferential, family: str) -> frozenset[str]:
    """A job family as people name it: a ROME code (J1501), a domain or subdomain (J, J15), a
    business sector of the referential or a part of its name (« santé humaine »), else a job in
    their words (« aide à domicile »), as the search reads a wish."""
    text = family.strip()
    upper = text.upper()
    if upper and upper[0].isalpha() and (upper[1:].isdigit() or len(upper) == 1) and len(upper) <= 5:
        return frozenset(c.code for c in rome.codes if c.code.startswith(upper))
    folded = fold(text)
    if len(folded) < 3:
        return frozenset()
    in_sector = frozenset(c.code for c in rome.codes if any(folded in fold(s) for s in c.sectors))
    return in_sector or frozenset(rome.codes_for_wish(text)) or _titled(rome, folded)


def _titled(rome: RomeReferential, folded: str) -> frozenset[str]:
    """The codes whose title holds every word typed (« logistique », « bâtiment »)."""
    typed = set(folded.split())
    return frozenset(c.code for c in rome.codes if typed <= set(fold(f"{c.label} {c.field_label}").split()))


def nearest_site(places: Sequence[Place], sites: Options) -> np.ndarray:
    """For each commune, the index of the nearest site (crow-fly): how a region's communes are
    shared among its Mission Locales when their official lists are not loaded."""
    if not len(sites) or not places:
        return np.full(len(places), -1, dtype=np.int64)
    tree = cKDTree(xyz(sites.lats, sites.lons))
    _, idx = tree.query(xyz(np.array([p.lat for p in places]), np.array([p.lon for p in places])))
    return np.asarray(idx, dtype=np.int64)


def hosting(places: Sequence[Place], lats: np.ndarray, lons: np.ndarray, km: float) -> np.ndarray:
    """For each commune, whether it hosts one of the points: the point's nearest town hall, within
    `km` (a station belongs to the town whose hall is nearest, not to every neighbour)."""
    out = np.zeros(len(places), dtype=np.bool_)
    if not len(lats) or not places:
        return out
    dist, idx = cKDTree(xyz(np.array([p.lat for p in places]), np.array([p.lon for p in places]))).query(
        xyz(lats, lons), k=1, distance_upper_bound=chord(km)
    )
    out[np.asarray(idx)[np.isfinite(dist)]] = True
    return out
