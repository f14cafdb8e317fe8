"""Door-to-stop journeys for a real morning: the Connection Scan Algorithm (Dibbelt et al.), run
for a batch of communes at once (each a column of the state arrays), from a few departure times.

Each stop keeps, per commune, when one can be ready to board there and the journey's label:
leaving the door at, first line taken, changes, first stop boarded (packed in one int64, so that
an improvement copies one array). Connections are scanned by departure time; a vehicle is boarded
from a stop reached on foot from the door or from another vehicle (plus the minimum transfer
time), and an arrival spreads along the footpaths to the stops nearby.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from geo.distance import chord, chord_km, xyz
from geo.timetable import Network, Walking, Window, stop_tree

INF = np.iinfo(np.int32).max // 2
MAX_JOURNEY_S = 3 * 3600  # longer is not a way to a job or a training
BATCH = 512
# Packed label: door departure (minutes) | changes | first route | first stop boarded.
_DOOR, _CHANGES, _ROUTE = 48, 40, 20  # 16 bits of minutes, 8 of changes, 20 and 20
_MASK20 = (1 << 20) - 1


@dataclass(frozen=True)
class Origin:
    """A commune's town hall: where its youths' journeys start."""

    insee_code: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Journeys:
    """For each origin, the stops it reaches by public transport in the window (CSR rows)."""

    origins: list[str]
    offsets: np.ndarray  # origin i: rows offsets[i]:offsets[i + 1]
    stop: np.ndarray
    seconds: np.ndarray  # door to stop, the walk to the first stop included
    depart: np.ndarray  # leaving the door, seconds after midnight
    route: np.ndarray  # first line taken
    changes: np.ndarray
    board: np.ndarray  # the stop boarded first


def pack(door_s: np.ndarray, changes: np.ndarray | int, route: int, board: int) -> np.ndarray:
    return np.asarray(
        ((door_s // 60).astype(np.int64) << _DOOR)
        | (np.int64(changes) << _CHANGES)
        | (np.int64(route) << _ROUTE)
        | np.int64(board)
    )


def unpack(label: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    label = label.astype(np.int64)
    return (
        (label >> _DOOR) * 60,
        (label >> _CHANGES) & 0xFF,
        (label >> _ROUTE) & _MASK20,
        label & _MASK20,
    )


def scan(
    net: Network,
    origins: Sequence[Origin],
    window: Window,
    walking: Walking,
    slots: Sequence[int],
    progress: Callable[[int], None] | None = None,
) -> Journeys:
    """The shortest journey (door to stop) from each origin to each stop, over departures from
    each slot (seconds after midnight) within the window."""
    tree = stop_tree(net.stop_lat, net.stop_lon)
    rows: list[tuple[np.ndarray, ...]] = []
    for begin in range(0, len(origins), BATCH):
        batch = origins[begin : begin + BATCH]
        access = _access(net, tree, batch, walking)
        best = np.full((net.n_stops, len(batch)), INF, dtype=np.int32)
        label = np.zeros((net.n_stops, len(batch)), dtype=np.int64)
        for slot in slots:
            arrival, lab = _scan_from(net, access, slot, window, walking)
            took = arrival - (unpack(lab)[0]).astype(np.int32)
            better = (arrival < INF) & (took < best)
            best[better], label[better] = took[better], lab[better]
        rows.append(_rows(best, label))
        if progress:
            progress(len(batch))
    return _journeys([o.insee_code for o in origins], rows)


def _access(net: Network, tree: cKDTree, batch: Sequence[Origin], walking: Walking) -> np.ndarray:
    """Seconds on foot from each origin (column) to each stop (row) within the access distance."""
    walk = np.full((net.n_stops, len(batch)), INF, dtype=np.int32)
    points = xyz(np.array([o.lat for o in batch]), np.array([o.lon for o in batch]))
    near = tree.query_ball_point(points, chord(walking.max_access_km))
    stops_xyz = xyz(net.stop_lat, net.stop_lon)
    for j, found in enumerate(near):
        if found:
            idx = np.asarray(found, dtype=np.int64)
            km = chord_km(np.linalg.norm(stops_xyz[idx] - points[j], axis=1))
            walk[idx, j] = walking.seconds(km).astype(np.int32)
    return walk


@dataclass
class _State:
    """One batch's scan: per stop (rows) and commune (columns), and per run."""

    walk: np.ndarray  # seconds on foot from the door (INF: too far)
    ready: np.ndarray  # may board from then
    arrival: np.ndarray  # by vehicle, or on foot after one
    label: np.ndarray  # the journey that arrived
    on_foot: np.ndarray  # boarding here starts the journey (the door's walk came first)
    stop_seen: np.ndarray  # any commune may board here yet
    aboard: np.ndarray  # per run and commune
    run_label: np.ndarray
    margin: int


def _scan_from(
    net: Network, walk: np.ndarray, slot: int, window: Window, walking: Walking
) -> tuple[np.ndarray, np.ndarray]:
    n_stops, width = walk.shape
    n_runs = len(net.trip_route)
    st = _State(
        walk=walk,
        ready=np.where(walk < INF, slot + walk, INF).astype(np.int32),
        arrival=np.full((n_stops, width), INF, dtype=np.int32),
        label=np.zeros((n_stops, width), dtype=np.int64),
        on_foot=walk < INF,
        stop_seen=np.asarray((walk < INF).any(axis=1)),
        aboard=np.zeros((n_runs, width), dtype=np.bool_),
        run_label=np.zeros((n_runs, width), dtype=np.int64),
        margin=walking.min_transfer_s,
    )
    run_seen = np.zeros(n_runs, dtype=np.bool_)
    first = int(np.searchsorted(net.c_dep, slot))
    # Plain lists: the loop reads one element of each per connection, far cheaper than numpy's.
    columns = (net.c_from, net.c_to, net.c_dep, net.c_arr, net.c_trip, net.c_board, net.c_alight)
    for u, v, dep, at, t, may_board, may_alight in zip(*(col[first:].tolist() for col in columns), strict=True):
        if may_board and st.stop_seen[u]:
            boards: np.ndarray = st.ready[u] <= dep
            if run_seen[t]:
                boards &= ~st.aboard[t]
            if boards.any():
                _board(st, int(net.trip_route[t]), dep, u, t, boards)
                run_seen[t] = True
        if not run_seen[t] or not may_alight:  # riders stay aboard through a stop they cannot leave at
            continue
        better: np.ndarray = st.aboard[t] & (at < st.arrival[v])
        if better.any():
            _arrive(net, st, v, at, better, st.run_label[t])
    return st.arrival, st.label


def _board(st: _State, route: int, dep: int, u: int, t: int, boards: np.ndarray) -> None:
    """Board run t at stop u: from the door (a new journey) or changing (one change more)."""
    from_door = pack(dep - st.walk[u].astype(np.int64), 0, route, u)
    changing = st.label[u] + (np.int64(1) << _CHANGES)
    st.run_label[t] = np.where(boards, np.where(st.on_foot[u], from_door, changing), st.run_label[t])
    st.aboard[t] |= boards


def _arrive(net: Network, st: _State, v: int, at: int, better: np.ndarray, carried: np.ndarray) -> None:
    """An earlier arrival at v, then on foot to the stops nearby."""
    _improve(st, v, at, better, carried)
    for k in range(net.fp_start[v], net.fp_start[v + 1]):
        x, walked = int(net.fp_to[k]), at + int(net.fp_seconds[k])
        closer = better & (walked < st.arrival[x])
        if closer.any():
            _improve(st, x, walked, closer, carried)


def _improve(st: _State, s: int, at: int, where: np.ndarray, carried: np.ndarray) -> None:
    """Arriving at s at `at` (where marked) with the run's label; boarding there from then on
    means a change, unless the walk from the door got there earlier."""
    st.arrival[s] = np.where(where, at, st.arrival[s])
    st.label[s] = np.where(where, carried, st.label[s])
    sooner = where & (at + st.margin < st.ready[s])
    st.on_foot[s] &= ~sooner
    st.ready[s] = np.where(sooner, at + st.margin, st.ready[s])
    st.stop_seen[s] = True


def _rows(best: np.ndarray, label: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per origin column: the stops reached within the longest journey kept."""
    keep = best <= MAX_JOURNEY_S
    stop_idx, col = np.nonzero(keep.T)[1], np.nonzero(keep.T)[0]
    door, changes, route, board = unpack(label.T[keep.T])
    counts = keep.sum(axis=0)
    return counts, stop_idx, best.T[keep.T], door, route, changes, board, col


def _journeys(origins: list[str], rows: list[tuple[np.ndarray, ...]]) -> Journeys:
    counts = np.concatenate([r[0] for r in rows]) if rows else np.empty(0, dtype=np.int64)
    return Journeys(
        origins=origins,
        offsets=np.r_[0, np.cumsum(counts)].astype(np.int64),
        stop=np.concatenate([r[1] for r in rows]).astype(np.int32) if rows else np.empty(0, np.int32),
        seconds=np.concatenate([r[2] for r in rows]).astype(np.int32) if rows else np.empty(0, np.int32),
        depart=np.concatenate([r[3] for r in rows]).astype(np.int32) if rows else np.empty(0, np.int32),
        route=np.concatenate([r[4] for r in rows]).astype(np.int32) if rows else np.empty(0, np.int32),
        changes=np.concatenate([r[5] for r in rows]).astype(np.int8) if rows else np.empty(0, np.int8),
        board=np.concatenate([r[6] for r in rows]).astype(np.int32) if rows else np.empty(0, np.int32),
    )
