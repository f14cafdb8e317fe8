"""Public-transport times from timetables where feeds are loaded, the estimate elsewhere.

`TransitTable` is what an import computes once and every worker loads: per covered commune,
the stops its youths reach on a real morning (door to stop, leaving time, first line, changes).
`TimetableTravelTime` answers matching's questions from it: the time to an option is the best
journey to a stop near it plus the walk from that stop.
"""

import io
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.spatial import cKDTree

from geo.connection_scan import Journeys, scan
from geo.connection_scan import Origin as CommuneOrigin
from geo.distance import chord, chord_km, haversine_km, xyz
from geo.gtfs import Feed
from geo.timetable import Network, Walking, Window, build_network, stop_tree
from geo.travel import EstimatedTravelTime, Journey, Origin, TravelMode, TravelModel

NEAR_STOPS = 8  # stops tried around an option
IN_TOWN_SPAN = 2.0  # typical in-town journeys (geo.travel.in_town_km): within the youth's own town
ROWS_CACHED = 512
NO_SERVICE = "pas de transport en commun le matin"
ESTIMATED = "estimation (pas d'horaires chargés pour ce secteur)"
WALKED = "à pied, c'est tout près"


@dataclass(frozen=True)
class TransitTable:
    day: date
    window: tuple[int, int, int]  # start, last departure, arrive by (seconds)
    feeds: list[str]
    stop_names: list[str]
    stop_lat: np.ndarray
    stop_lon: np.ndarray
    route_names: list[str]
    route_type: np.ndarray
    journeys: Journeys
    access_km: float
    cover_km: float
    stop_rail: np.ndarray  # a train stops there in the morning (a station, for the coverage map)

    @classmethod
    def of(
        cls,
        net: Network,
        journeys: Journeys,
        day: date,
        window: tuple[int, int, int],
        feeds: list[str],
        walking: Walking,
        cover_km: float,
    ) -> "TransitTable":
        return cls(
            day,
            window,
            feeds,
            net.stop_names,
            net.stop_lat,
            net.stop_lon,
            net.route_names,
            net.route_type,
            journeys,
            walking.max_access_km,
            cover_km,
            rail_stops(net),
        )

    def to_bytes(self) -> bytes:
        j = self.journeys
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            meta=np.array([self.day.toordinal(), *self.window], dtype=np.int64),
            dist=np.array([self.access_km, self.cover_km]),
            feeds=np.array(self.feeds, dtype=str),
            stop_names=np.array(self.stop_names, dtype=str),
            stop_lat=self.stop_lat,
            stop_lon=self.stop_lon,
            route_names=np.array(self.route_names, dtype=str),
            route_type=self.route_type,
            origins=np.array(j.origins, dtype=str),
            offsets=j.offsets,
            stop=j.stop,
            seconds=j.seconds,
            depart=j.depart,
            route=j.route,
            changes=j.changes,
            board=j.board,
            stop_rail=self.stop_rail,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "TransitTable":
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta, dist = z["meta"], z["dist"]
            journeys = Journeys(
                [str(o) for o in z["origins"]],
                z["offsets"],
                z["stop"],
                z["seconds"],
                z["depart"],
                z["route"],
                z["changes"],
                z["board"],
            )
            return cls(
                date.fromordinal(int(meta[0])),
                (int(meta[1]), int(meta[2]), int(meta[3])),
                [str(f) for f in z["feeds"]],
                [str(s) for s in z["stop_names"]],
                z["stop_lat"],
                z["stop_lon"],
                [str(r) for r in z["route_names"]],
                z["route_type"],
                journeys,
                float(dist[0]),
                float(dist[1]),
                z["stop_rail"],
            )

    def nbytes(self) -> int:
        j = self.journeys
        return sum(a.nbytes for a in (j.offsets, j.stop, j.seconds, j.depart, j.route, j.changes, j.board))


def rail_stops(net: Network) -> np.ndarray:
    """Stops where a train calls in the window."""
    trains = np.array([vehicle(int(t)) == "train" for t in net.route_type], dtype=np.bool_)
    by_train = trains[net.trip_route[net.c_trip]] if len(net.c_trip) else np.zeros(0, dtype=np.bool_)
    out = np.zeros(net.n_stops, dtype=np.bool_)
    out[net.c_from[by_train]] = True
    out[net.c_to[by_train]] = True
    return out


def vehicle(route_type: int) -> str:
    """GTFS route types, basic and extended, in French: « en train », « en car »…"""
    if route_type in (2,) or 100 <= route_type < 200:
        return "train"
    if 200 <= route_type < 300:
        return "car"
    if route_type in (0, 5) or 900 <= route_type < 1000:
        return "tram"
    if route_type == 1 or 400 <= route_type < 500:
        return "métro"
    return "bus"


def clock(seconds: int) -> str:
    minutes = int(seconds) // 60
    return f"{minutes // 60 % 24} h {minutes % 60:02d}"


@dataclass
class TimetableTravelTime:
    """Public transport from the timetables where a feed covers both the youth's commune and the
    option; every other mode, and places no feed covers, from the estimate."""

    table: TransitTable
    walking: Walking
    estimate: EstimatedTravelTime = field(default_factory=EstimatedTravelTime)
    _rows: dict[str, int] = field(init=False)
    _coverage: "CoverageGrid" = field(init=False)
    _dense: OrderedDict[str, "_Reached"] = field(default_factory=OrderedDict, init=False)
    _reach: dict[tuple[str, float], float] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self._rows = {code: i for i, code in enumerate(self.table.journeys.origins)}
        self._coverage = CoverageGrid(self.table.stop_lat, self.table.stop_lon, self.table.cover_km)

    @property
    def model(self) -> TravelModel:
        return self.estimate.model

    def stations(self) -> tuple[np.ndarray, np.ndarray]:
        """Where trains call: (lats, lons)."""
        return self.table.stop_lat[self.table.stop_rail], self.table.stop_lon[self.table.stop_rail]

    def covers(self, origin: Origin) -> bool:
        return origin.commune in self._rows

    def minutes(self, origin: Origin, lats: np.ndarray, lons: np.ndarray, modes: tuple[TravelMode, ...]) -> np.ndarray:
        out = self.estimate.minutes(origin, lats, lons, modes)
        if TravelMode.PUBLIC_TRANSPORT in modes and self.covers(origin) and len(lats):
            j = modes.index(TravelMode.PUBLIC_TRANSPORT)
            timed, covered, _ = self._to_options(origin, lats, lons)
            in_town = self._own_town_buses(origin, lats, lons)
            out[j] = np.where(covered, np.where(in_town, np.minimum(timed, out[j]), timed), out[j])
        return out

    def _own_town_buses(self, origin: Origin, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Places within a town big enough for its own buses: there the estimate stays an answer,
        for the town's network may not be loaded (a regional rail feed says nothing of it)."""
        if not origin.urban:
            return np.zeros(len(lats), dtype=np.bool_)
        return np.asarray(origin.distances_km(lats, lons) <= IN_TOWN_SPAN * max(origin.in_town_km, 1.0))

    def reach_km(self, origin: Origin, mode: TravelMode, minutes: float) -> float:
        estimated = self.estimate.reach_km(origin, mode, minutes)
        if mode is not TravelMode.PUBLIC_TRANSPORT or not self.covers(origin):
            return estimated
        key = (origin.commune, minutes)
        if key not in self._reach:
            reached = self._reached(origin.commune)
            within = reached.stops[reached.minutes <= minutes]
            far = haversine_km(origin.point, self.table.stop_lat[within], self.table.stop_lon[within])
            self._reach[key] = float(far.max(initial=0.0)) + self.table.access_km
        return max(estimated, self._reach[key])

    def describe_all(self, origin: Origin, lats: np.ndarray, lons: np.ndarray) -> list[Journey | None]:
        """The journey behind each place's public-transport time, said for the youth (one search
        of the stops for all of them)."""
        if not self.covers(origin) or not len(lats):
            return [None] * len(lats)
        timed, covered, via = self._to_options(origin, lats, lons)
        estimate = self.estimate.minutes(origin, lats, lons, (TravelMode.PUBLIC_TRANSPORT,))[0]
        in_town = self._own_town_buses(origin, lats, lons)
        return [
            self._journey(origin, *said)
            for said in zip(
                timed.tolist(), covered.tolist(), via.tolist(), estimate.tolist(), in_town.tolist(), strict=True
            )
        ]

    def _journey(
        self, origin: Origin, timed: float, covered: bool, via: int, estimate: float, in_town: bool
    ) -> Journey:
        if not covered or (in_town and estimate <= timed):
            return Journey(estimate, ESTIMATED)
        if not math.isfinite(timed):
            return Journey(float("inf"), NO_SERVICE)
        if via < 0:
            return Journey(timed, WALKED)
        return Journey(timed, self._words(origin, via))

    def _words(self, origin: Origin, stop: int) -> str:
        """« train K12, départ 7 h 30 de Saint-Pol-sur-Ternoise, 1 correspondance »: the first
        vehicle leaves when the youth, having left home, has walked to its stop."""
        j, t = self.table.journeys, self.table
        i = self._rows[origin.commune]
        lo, hi = j.offsets[i], j.offsets[i + 1]
        k = lo + int(np.flatnonzero(j.stop[lo:hi] == stop)[0])
        route, changes, board = int(j.route[k]), int(j.changes[k]), int(j.board[k])
        kind = vehicle(int(t.route_type[route]))
        name = t.route_names[route]
        line = f"{kind} {name}" if kind in ("train", "car") else f"{kind} ligne {name}"
        km = haversine_km(origin.point, t.stop_lat[[board]], t.stop_lon[[board]])
        leaves = int(j.depart[k]) + round(float(self.walking.seconds(km)[0]) / 60) * 60
        change = f", {changes} correspondance{'s' if changes > 1 else ''}" if changes else ""
        return f"{line}, départ {clock(leaves)} de {t.stop_names[board]}{change}"

    def _to_options(self, origin: Origin, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per option: the best minutes by timetable (inf: no journey; a place within the walking
        distance is walked to), whether a feed covers it, and the stop the journey ends at (-1
        when walked). Only the stops the commune reaches are searched around the options."""
        reached = self._reached(origin.commune)
        covered = self._coverage.holds(lats, lons)
        picked = np.full(len(lats), np.inf)
        via = np.full(len(lats), -1, dtype=np.int64)
        if reached.tree is not None and covered.any():
            at = np.flatnonzero(covered)
            k = min(NEAR_STOPS, len(reached.stops))
            dist, idx = reached.tree.query(
                xyz(lats[at], lons[at]), k=k, distance_upper_bound=chord(self.table.access_km)
            )
            dist, idx = dist.reshape(len(at), -1), idx.reshape(len(at), -1)
            usable = np.isfinite(dist)
            safe = np.where(usable, idx, 0)
            total = np.where(
                usable,
                reached.minutes[safe] + self.walking.seconds(chord_km(np.where(usable, dist, 0.0))) / 60.0,
                np.inf,
            )
            best = total.argmin(axis=1)
            picked[at] = total[np.arange(len(at)), best]
            via[at] = reached.stops[safe[np.arange(len(at)), best]]
        direct = origin.distances_km(lats, lons)
        on_foot = np.where(direct <= self.table.access_km, self.walking.seconds(direct) / 60.0, np.inf)
        walked = on_foot <= picked
        return np.minimum(picked, on_foot), covered, np.where(walked, -1, via)

    def _reached(self, commune: str) -> "_Reached":
        """The stops a commune reaches in the morning, with their minutes and a small tree."""
        with self._lock:  # requests run in threads
            found = self._dense.get(commune)
            if found is not None:
                self._dense.move_to_end(commune)
                return found
        j = self.table.journeys
        i = self._rows[commune]
        stops = j.stop[j.offsets[i] : j.offsets[i + 1]].astype(np.int64)
        minutes = j.seconds[j.offsets[i] : j.offsets[i + 1]] / 60.0
        tree = stop_tree(self.table.stop_lat[stops], self.table.stop_lon[stops]) if len(stops) else None
        reached = _Reached(stops, minutes, tree)
        with self._lock:
            self._dense[commune] = reached
            if len(self._dense) > ROWS_CACHED:
                self._dense.popitem(last=False)
        return reached


@dataclass(frozen=True)
class _Reached:
    stops: np.ndarray
    minutes: np.ndarray
    tree: cKDTree | None


class CoverageGrid:
    """Whether a point lies within `km` of a stop, read from a grid made once (cells of about
    250 m: a point near the edge may be taken in or left out by a cell's width)."""

    CELL = 0.0025  # degrees of latitude; longitude cells are as wide in km at 50° N

    def __init__(self, lat: np.ndarray, lon: np.ndarray, km: float) -> None:
        self.lat0, self.lon0 = float(lat.min()) - 0.1, float(lon.min()) - 0.15
        self.dlat, self.dlon = self.CELL, self.CELL / 0.64
        rows = int((lat.max() + 0.1 - self.lat0) / self.dlat) + 2
        cols = int((lon.max() + 0.15 - self.lon0) / self.dlon) + 2
        self.cells = np.zeros((rows, cols), dtype=np.bool_)
        # Only the cells around each stop are looked at: a handful each, however large the region.
        reach = int(np.ceil(km / (self.dlat * 111.2))) + 1
        dr, dc = np.meshgrid(np.arange(-reach, reach + 1), np.arange(-reach, reach + 1), indexing="ij")
        r = (((lat - self.lat0) / self.dlat).astype(np.int64)[:, None] + dr.ravel()).ravel()
        c = (((lon - self.lon0) / self.dlon).astype(np.int64)[:, None] + dc.ravel()).ravel()
        stop = np.repeat(np.arange(len(lat)), dr.size)
        centre_lat, centre_lon = self.lat0 + (r + 0.5) * self.dlat, self.lon0 + (c + 0.5) * self.dlon
        gap = np.linalg.norm(xyz(centre_lat, centre_lon) - xyz(lat[stop], lon[stop]), axis=1)
        near = chord_km(gap) <= km
        self.cells[r[near], c[near]] = True

    def holds(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        r = ((lats - self.lat0) / self.dlat).astype(np.int64)
        c = ((lons - self.lon0) / self.dlon).astype(np.int64)
        inside = (r >= 0) & (r < self.cells.shape[0]) & (c >= 0) & (c < self.cells.shape[1])
        out = np.zeros(len(lats), dtype=np.bool_)
        out[inside] = self.cells[r[inside], c[inside]]
        return out


def covered(
    communes: list[tuple[str, float, float]], stop_lat: np.ndarray, stop_lon: np.ndarray, cover_km: float
) -> list[CommuneOrigin]:
    """The communes (code, lat, lon) whose town hall lies within `cover_km` of a stop."""
    if not len(stop_lat) or not communes:
        return []
    dist, _ = stop_tree(stop_lat, stop_lon).query(
        xyz(np.array([c[1] for c in communes]), np.array([c[2] for c in communes])), k=1
    )
    near = chord_km(dist) <= cover_km
    return [CommuneOrigin(code, lat, lon) for (code, lat, lon), ok in zip(communes, near, strict=True) if ok]


def compute(
    feeds: list[tuple[str, Feed]],
    communes: list[tuple[str, float, float]],
    window: Window,
    walking: Walking,
    cover_km: float,
    slots: list[int],
    progress: Callable[[str, int, int], None] | None = None,
) -> TransitTable:
    """Every covered commune's morning journeys over all loaded feeds (transfers between feeds
    at shared or nearby stations)."""
    net = build_network([f for _, f in feeds], window, walking)
    origins = covered(communes, net.stop_lat, net.stop_lon, cover_km)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("journées type calculées", done, len(origins))

    journeys = scan(net, origins, window, walking, slots, step)
    return TransitTable.of(
        net,
        journeys,
        window.day,
        (window.start, window.last_departure, window.arrive_by),
        [n for n, _ in feeds],
        walking,
        cover_km,
    )
