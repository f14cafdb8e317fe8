"""A region-sized synthetic GTFS feed for `passerelle bench transit`: stops in real communes
(weighted by population), routes chaining nearby stops, trips all day. Deterministic."""

import io
import zipfile

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from geo.distance import xyz
from geo.gazetteer import Gazetteer

NEIGHBOURS = 24


def synthetic_feed(
    gazetteer: Gazetteer,
    departments: tuple[str, ...],
    stops: int = 12_000,
    routes: int = 1_500,
    stop_times: int = 1_500_000,
    seed: int = 7,
) -> bytes:
    rng = np.random.default_rng(seed)
    communes = [c for d in departments for c in gazetteer.search_department(d)]
    weights = np.array([max(c.population, 100) ** 0.8 for c in communes])
    picks = rng.choice(len(communes), size=stops, p=weights / weights.sum())
    lat = np.array([communes[i].lat for i in picks]) + rng.normal(0, 0.004, stops)
    lon = np.array([communes[i].lon for i in picks]) + rng.normal(0, 0.006, stops)
    paths = _routes(lat, lon, routes, rng)
    per_trip = np.mean([len(p) for p in paths])
    trips_per_route = max(2, int(stop_times / (routes * per_trip)))
    trip_rows, time_rows = [], []
    for r, path in enumerate(paths):
        km = np.r_[0, np.hypot(np.diff(lat[path]) * 111, np.diff(lon[path]) * 71)]
        run = np.cumsum(km * 1.3 / 25 * 3600 + np.r_[0, np.full(len(path) - 1, 30)]).astype(int)
        starts = np.linspace(5 * 3600, 22 * 3600, trips_per_route // 2).astype(int)
        for direction, order in ((0, path), (1, path[::-1])):
            offsets = run if direction == 0 else run[-1] - run[::-1]
            for k, start in enumerate(starts):
                trip = f"R{r}-{direction}-{k}"
                trip_rows.append((f"R{r}", "WK", trip))
                times = start + offsets
                time_rows.append(
                    pd.DataFrame(
                        {
                            "trip_id": trip,
                            "t": times,
                            "stop_id": [f"S{s}" for s in order],
                            "stop_sequence": np.arange(1, len(order) + 1),
                        }
                    )
                )
    st = pd.concat(time_rows, ignore_index=True)
    clock = st["t"].map(lambda t: f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}")
    st = st.assign(arrival_time=clock, departure_time=clock)[
        ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]
    ]
    files = {
        "stops.txt": pd.DataFrame(
            {
                "stop_id": [f"S{i}" for i in range(stops)],
                "stop_name": [f"{communes[p].name} {i}" for i, p in enumerate(picks)],
                "stop_lat": lat.round(6),
                "stop_lon": lon.round(6),
            }
        ),
        "routes.txt": pd.DataFrame(
            {
                "route_id": [f"R{r}" for r in range(routes)],
                "route_short_name": [str(r) for r in range(routes)],
                "route_type": rng.choice([3, 3, 3, 2], size=routes),
            }
        ),
        "trips.txt": pd.DataFrame(trip_rows, columns=["route_id", "service_id", "trip_id"]),
        "stop_times.txt": st,
        "calendar.txt": pd.DataFrame(
            [("WK", 1, 1, 1, 1, 1, 0, 0, "20260101", "20291231")],
            columns=[
                "service_id",
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
                "start_date",
                "end_date",
            ],
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, frame in files.items():
            z.writestr(name, frame.to_csv(index=False))
    return buffer.getvalue()


def _routes(lat: np.ndarray, lon: np.ndarray, n: int, rng: np.random.Generator) -> list[list[int]]:
    """Each route heads one way from a random stop, hopping to a near stop further along."""
    points = xyz(lat, lon)
    _, near = cKDTree(points).query(points, k=NEIGHBOURS)
    out = []
    for start in rng.choice(len(lat), size=n, replace=False):
        heading = rng.normal(size=2)
        path, here = [int(start)], int(start)
        for _ in range(int(rng.integers(8, 17))):
            ahead = [int(s) for s in near[here][1:] if s not in path]
            steps = np.array([[lat[s] - lat[here], (lon[s] - lon[here]) * 0.64] for s in ahead])
            if not len(steps):
                break
            progress = steps @ heading
            here = ahead[int(progress.argmax())]
            path.append(here)
        out.append(path)
    return out
