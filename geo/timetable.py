"""One morning of public transport from several GTFS feeds: the reference day, the trips that run
that day (calendar exceptions, frequencies, trips past midnight), their connections in the
departure window, and the footpaths between nearby stops (a station shared by two feeds)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy.spatial import cKDTree

from geo.distance import chord, chord_km, xyz
from geo.gtfs import Feed
from geo.travel import ModeSpeed

DAY = 86_400
TUESDAY = 1


@dataclass(frozen=True, slots=True)
class Window:
    """A real morning: leave home from `start`, board a last vehicle by `last_departure`, be
    there by `arrive_by` (seconds after midnight)."""

    day: date
    start: int = 6 * 3600 + 30 * 60
    last_departure: int = 9 * 3600
    arrive_by: int = 9 * 3600 + 30 * 60


@dataclass(frozen=True, slots=True)
class Walking:
    speed: ModeSpeed  # the travel model's walking speed and detour
    max_access_km: float = 1.0  # from a door to a stop, or from a stop to the option
    transfer_km: float = 0.3  # between two stops, to change
    min_transfer_s: int = 120

    def seconds(self, km: np.ndarray) -> np.ndarray:
        return np.asarray(km * self.speed.detour_factor / self.speed.speed_kph * 3600.0)


@dataclass(frozen=True)
class Network:
    """Stops and routes of every feed side by side; connections sorted by departure."""

    stop_names: list[str]
    stop_lat: np.ndarray
    stop_lon: np.ndarray
    route_names: list[str]
    route_type: np.ndarray
    c_from: np.ndarray
    c_to: np.ndarray
    c_dep: np.ndarray
    c_arr: np.ndarray
    c_trip: np.ndarray  # a vehicle run of the day (a frequency line's runs are separate)
    c_board: np.ndarray  # one may board at its first stop
    c_alight: np.ndarray  # one may get off at its second
    trip_route: np.ndarray
    fp_start: np.ndarray  # footpaths from stop s: fp_to[fp_start[s]:fp_start[s + 1]]
    fp_to: np.ndarray
    fp_seconds: np.ndarray

    @property
    def n_stops(self) -> int:
        return len(self.stop_names)


def running(feed: Feed, day: date) -> np.ndarray:
    """Per service: does it run on `day` (calendar.txt, then calendar_dates.txt exceptions)."""
    d = day.toordinal()
    runs = feed.cal_days[:, day.weekday()] & (feed.cal_start <= d) & (feed.cal_end >= d)
    on_day = feed.exc_date == d
    runs[feed.exc_service[on_day & feed.exc_added]] = True
    runs[feed.exc_service[on_day & ~feed.exc_added]] = False
    return np.asarray(runs)


def reference_day(feeds: Sequence[Feed], after: date, holidays: "HolidayCheck | None" = None) -> date:
    """The next Tuesday outside school holidays within every feed's validity (or, when the
    validities do not overlap on such a day, the first Tuesday of the latest-starting feed)."""
    validities = [f.validity() for f in feeds]
    first = max(max(v[0] for v in validities), after + timedelta(days=1))
    last = min(v[1] for v in validities)
    day = first + timedelta(days=(TUESDAY - first.weekday()) % 7)
    while day <= last:
        if holidays is None or not holidays(day):
            return day
        day += timedelta(days=7)
    return first + timedelta(days=(TUESDAY - first.weekday()) % 7)


class HolidayCheck:
    """School holidays of one zone (A, B or C), from the `vacances-scolaires-france` data."""

    def __init__(self, zone: str) -> None:
        from vacances_scolaires_france import SchoolHolidayDates

        self.zone, self.dates = zone, SchoolHolidayDates()

    def __call__(self, day: date) -> bool:
        try:
            return bool(self.dates.is_holiday_for_zone(day, self.zone))
        except Exception:  # a year the data does not cover: no holiday known
            return False


def build_network(feeds: Sequence[Feed], window: Window, walking: Walking) -> Network:
    stop_offset = np.cumsum([0, *(len(f.stop_ids) for f in feeds)])
    route_offset = np.cumsum([0, *(len(f.route_ids) for f in feeds)])
    parts = [_connections(f, window) for f in feeds]
    trip_offset = np.cumsum([0, *(len(p[5]) for p in parts)])
    c_from = np.concatenate([p[0] + stop_offset[i] for i, p in enumerate(parts)])
    c_to = np.concatenate([p[1] + stop_offset[i] for i, p in enumerate(parts)])
    c_dep = np.concatenate([p[2] for p in parts])
    c_arr = np.concatenate([p[3] for p in parts])
    c_trip = np.concatenate([p[4] + trip_offset[i] for i, p in enumerate(parts)])
    trip_route = np.concatenate([p[5] + route_offset[i] for i, p in enumerate(parts)])
    c_board, c_alight = np.concatenate([p[6] for p in parts]), np.concatenate([p[7] for p in parts])
    order = np.lexsort((c_arr, c_dep))
    lat = np.concatenate([f.stop_lat for f in feeds])
    lon = np.concatenate([f.stop_lon for f in feeds])
    fp = _footpaths(feeds, stop_offset, lat, lon, walking)
    return Network(
        stop_names=[n for f in feeds for n in f.stop_names],
        stop_lat=lat,
        stop_lon=lon,
        route_names=[n for f in feeds for n in f.route_names],
        route_type=np.concatenate([f.route_type for f in feeds]),
        c_from=c_from[order].astype(np.int32),
        c_to=c_to[order].astype(np.int32),
        c_dep=c_dep[order].astype(np.int32),
        c_arr=c_arr[order].astype(np.int32),
        c_trip=c_trip[order].astype(np.int32),
        c_board=c_board[order].astype(np.bool_),
        c_alight=c_alight[order].astype(np.bool_),
        trip_route=trip_route.astype(np.int32),
        fp_start=fp[0],
        fp_to=fp[1],
        fp_seconds=fp[2],
    )


def _connections(feed: Feed, window: Window) -> tuple[np.ndarray, ...]:
    """(from, to, departure, arrival, run, route of each run, may board, may get off) of the runs
    in the window. A run is a trip on the day (or on the day before, past midnight), or one
    departure of a frequency line."""
    today, yesterday = running(feed, window.day), running(feed, window.day - timedelta(days=1))
    same_trip = feed.st_trip[1:] == feed.st_trip[:-1]
    base = np.flatnonzero(same_trip)  # a connection leaves stop time i for i + 1
    trip_of = feed.st_trip[base]
    first_dep = np.full(len(feed.trip_route), -1, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, ~same_trip])
    first_dep[feed.st_trip[starts]] = feed.st_dep[starts]
    runs_trip, runs_shift = _runs(feed, today, yesterday, first_dep)
    # Each run repeats its trip's connections, shifted in time.
    order = np.argsort(trip_of, kind="stable")
    per_trip = np.bincount(trip_of, minlength=len(feed.trip_route))
    start_of = np.r_[0, np.cumsum(per_trip)[:-1]]
    counts = per_trip[runs_trip]
    run_of_conn = np.repeat(np.arange(len(runs_trip)), counts)
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    conn = base[order[np.repeat(start_of[runs_trip], counts) + within]]
    shift = runs_shift[run_of_conn]
    dep = feed.st_dep[conn] + shift
    arr = feed.st_arr[conn + 1] + shift
    keep = (dep >= window.start) & (dep <= window.last_departure) & (arr <= window.arrive_by)
    return (
        feed.st_stop[conn][keep],
        feed.st_stop[conn + 1][keep],
        dep[keep],
        arr[keep],
        run_of_conn[keep],
        feed.trip_route[runs_trip],
        feed.st_board[conn][keep],
        feed.st_alight[conn + 1][keep],
    )


def _runs(feed: Feed, today: np.ndarray, yesterday: np.ndarray, first_dep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The day's runs as (trip, seconds to add to its times)."""
    trips = np.arange(len(feed.trip_route))
    by_frequency = np.zeros(len(trips), dtype=np.bool_)
    by_frequency[feed.freq_trip] = True
    run_trip, run_shift = [], []
    for runs_on, shift in ((today, 0), (yesterday, -DAY)):
        plain = trips[runs_on[feed.trip_service] & ~by_frequency & (first_dep >= 0)]
        run_trip.append(plain)
        run_shift.append(np.full(len(plain), shift, dtype=np.int64))
        for k in np.flatnonzero(runs_on[feed.trip_service[feed.freq_trip]]):
            t = feed.freq_trip[k]
            departures = np.arange(feed.freq_start[k], feed.freq_end[k], max(int(feed.freq_headway[k]), 1))
            run_trip.append(np.full(len(departures), t))
            run_shift.append(departures - first_dep[t] + shift)
    return np.concatenate(run_trip).astype(np.int64), np.concatenate(run_shift).astype(np.int64)


def stop_tree(lat: np.ndarray, lon: np.ndarray) -> cKDTree:
    return cKDTree(xyz(lat, lon))


def _footpaths(
    feeds: Sequence[Feed], offset: np.ndarray, lat: np.ndarray, lon: np.ndarray, walking: Walking
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Walks between stops less than `transfer_km` apart (and between a station's platforms),
    never shorter than the minimum transfer time; transfers.txt sets or forbids some."""
    pairs = stop_tree(lat, lon).query_pairs(chord(walking.transfer_km), output_type="ndarray")
    pairs = np.concatenate([pairs, pairs[:, ::-1]]) if len(pairs) else np.empty((0, 2), dtype=np.int64)
    siblings = _same_station(feeds, offset)
    pairs = np.unique(np.concatenate([pairs, siblings]), axis=0) if len(siblings) else pairs
    km = chord_km(
        np.linalg.norm(xyz(lat[pairs[:, 0]], lon[pairs[:, 0]]) - xyz(lat[pairs[:, 1]], lon[pairs[:, 1]]), axis=1)
    )
    seconds = np.maximum(walking.seconds(km), walking.min_transfer_s).astype(np.int32)
    rules = {}
    for i, f in enumerate(feeds):
        for a, b, kind, s in zip(f.transfer_from, f.transfer_to, f.transfer_type, f.transfer_seconds, strict=True):
            rules[(int(a + offset[i]), int(b + offset[i]))] = (int(kind), int(s))
    keep = np.ones(len(pairs), dtype=np.bool_)
    for k, (a, b) in enumerate(pairs):
        rule = rules.get((int(a), int(b)))
        if rule is not None:
            keep[k] = rule[0] != 3  # 3: no transfer possible here
            if rule[0] == 2:
                seconds[k] = max(rule[1], walking.min_transfer_s)
    pairs, seconds = pairs[keep], seconds[keep]
    order = np.argsort(pairs[:, 0], kind="stable") if len(pairs) else np.empty(0, dtype=np.int64)
    start = np.searchsorted(pairs[order, 0], np.arange(len(lat) + 1)) if len(pairs) else np.zeros(len(lat) + 1)
    return start.astype(np.int64), pairs[order, 1].astype(np.int32), seconds[order].astype(np.int32)


def _same_station(feeds: Sequence[Feed], offset: np.ndarray) -> np.ndarray:
    out = []
    for i, f in enumerate(feeds):
        children = np.flatnonzero(f.stop_parent >= 0)
        groups: dict[int, list[int]] = {}
        for c in children:
            groups.setdefault(int(f.stop_parent[c]), []).append(int(c + offset[i]))
        out += [(a, b) for g in groups.values() for a in g for b in g if a != b]
    return np.array(out, dtype=np.int64).reshape(-1, 2)
