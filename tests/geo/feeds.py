"""Small GTFS feeds written in tests, with answers known by hand."""

import io
import zipfile
from datetime import date

DAY = date(2026, 12, 8)  # a Tuesday outside school holidays
CALENDAR = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
WEEKDAYS = "WK,1,1,1,1,1,0,0,20261201,20270630\n"

# Real stations: Saint-Pol-sur-Ternoise, Arras, and a bus stop in Frévent.
SAINT_POL = (50.3818, 2.3363)
ARRAS = (50.2870, 2.7813)
FREVENT = (50.2760, 2.2886)


def feed(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buffer.getvalue()


def stops(*rows: tuple[str, str, tuple[float, float]], parents: dict[str, str] | None = None) -> str:
    parents = parents or {}
    lines = [f"{i},{name},{lat},{lon},{parents.get(i, '')}" for i, name, (lat, lon) in rows]
    return "stop_id,stop_name,stop_lat,stop_lon,parent_station\n" + "\n".join(lines) + "\n"


def routes(*rows: tuple[str, str, int]) -> str:
    return "route_id,route_short_name,route_type\n" + "\n".join(f"{r},{n},{t}" for r, n, t in rows) + "\n"


def trips(*rows: tuple[str, str, str]) -> str:
    return "route_id,service_id,trip_id\n" + "\n".join(f"{r},{s},{t}" for r, s, t in rows) + "\n"


def stop_times(*rows: tuple[str, str, str, int]) -> str:
    """(trip, stop, time, sequence): arrival and departure at the same time."""
    body = "\n".join(f"{t},{tm},{tm},{s},{q}" for t, s, tm, q in rows)
    return "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" + body + "\n"


def train_saint_pol_arras(departure: str = "07:30:00", arrival: str = "08:10:00", **extra: str) -> bytes:
    return feed(
        {
            "stops.txt": stops(("SP", "Saint-Pol-sur-Ternoise", SAINT_POL), ("AR", "Arras", ARRAS)),
            "routes.txt": routes(("K12", "K12", 2)),
            "trips.txt": trips(("K12", "WK", "T1")),
            "stop_times.txt": stop_times(("T1", "SP", departure, 1), ("T1", "AR", arrival, 2)),
            "calendar.txt": CALENDAR + WEEKDAYS,
            **extra,
        }
    )
