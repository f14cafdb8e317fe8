"""Reading a GTFS feed (a zip of CSV files) into plain arrays, refusing a broken one with the
file, line and field at fault.

pandas reads the CSV files (quoting; UTF-8 with or without a BOM, else Windows-1252); this module
checks what the timetable computation relies on: required files and columns, times (hours past 24
allowed), coordinates, and that every reference (trip, stop, route, service, parent station) exists.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REQUIRED_COLUMNS = {
    "stops.txt": ("stop_id", "stop_lat", "stop_lon"),
    "routes.txt": ("route_id", "route_type"),
    "trips.txt": ("route_id", "service_id", "trip_id"),
    "stop_times.txt": ("trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time"),
}
TIME = re.compile(r"^\s*(\d{1,3}):([0-5]\d):([0-5]\d)\s*$")
MAX_SECONDS = 72 * 3600  # a trip may run past midnight, not for days


class FeedError(ValueError):
    """A feed refused as a whole, naming where: « stop_times.txt, ligne 12, champ departure_time »."""

    def __init__(self, file: str, message: str, line: int | None = None, field: str | None = None) -> None:
        where = ", ".join(p for p in (file, f"ligne {line}" if line else "", f"champ {field}" if field else "") if p)
        super().__init__(f"{where} : {message}")
        self.file, self.line, self.field = file, line, field


@dataclass(frozen=True)
class Feed:
    """A feed's timetable as arrays; indices refer to the lists (stops, routes, trips, services)."""

    stop_ids: list[str]
    stop_names: list[str]
    stop_lat: np.ndarray
    stop_lon: np.ndarray
    stop_parent: np.ndarray  # index of the parent station, -1 for none
    route_ids: list[str]
    route_names: list[str]  # short name, else long name
    route_type: np.ndarray  # GTFS route_type: 0 tram, 1 metro, 2 rail, 3 bus, …
    trip_route: np.ndarray
    trip_service: np.ndarray
    service_ids: list[str]
    st_trip: np.ndarray  # stop times, sorted by trip then sequence
    st_stop: np.ndarray
    st_arr: np.ndarray  # seconds after the service day's midnight (may exceed 24 h)
    st_dep: np.ndarray
    st_board: np.ndarray  # one may board there (pickup_type is not 1, « no pickup »)
    st_alight: np.ndarray  # one may get off there (drop_off_type is not 1)
    cal_days: np.ndarray  # per service: 7 booleans, Monday first
    cal_start: np.ndarray  # ordinals; 0 when the service has no calendar.txt line
    cal_end: np.ndarray
    exc_service: np.ndarray  # calendar_dates.txt
    exc_date: np.ndarray
    exc_added: np.ndarray  # True: exception_type 1 (added); False: 2 (removed)
    freq_trip: np.ndarray  # frequencies.txt
    freq_start: np.ndarray
    freq_end: np.ndarray
    freq_headway: np.ndarray
    transfer_from: np.ndarray  # transfers.txt
    transfer_to: np.ndarray
    transfer_type: np.ndarray
    transfer_seconds: np.ndarray

    def validity(self) -> tuple[date, date]:
        """The first and last days any service runs (calendar ranges and added dates)."""
        days = [*self.cal_start[self.cal_start > 0], *self.cal_end[self.cal_end > 0], *self.exc_date[self.exc_added]]
        if not days:
            raise FeedError("calendar.txt", "aucun jour de service dans le calendrier")
        return date.fromordinal(int(min(days))), date.fromordinal(int(max(days)))


def read_feed(source: Path | bytes) -> Feed:
    """Parse and check a GTFS zip; raises `FeedError` on the first fault found."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FeedError("archive", f"ce n'est pas un fichier zip lisible ({type(exc).__name__})") from None
    with archive:
        files = {Path(n).name: n for n in archive.namelist() if n.endswith(".txt")}
        tables = {name: _table(archive, files, name) for name in (*REQUIRED_COLUMNS, *OPTIONAL)}
    return _feed(tables)


OPTIONAL = ("calendar.txt", "calendar_dates.txt", "frequencies.txt", "transfers.txt")


def _table(archive: zipfile.ZipFile, files: dict[str, str], name: str) -> pd.DataFrame | None:
    if name not in files:
        if name in REQUIRED_COLUMNS:
            raise FeedError(name, "fichier obligatoire absent du zip")
        return None
    try:
        try:
            frame = _csv(archive, files[name], "utf-8-sig")
        except UnicodeDecodeError:  # small operators' tools still write Windows-1252
            frame = _csv(archive, files[name], "cp1252")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise FeedError(name, f"fichier illisible ({str(exc)[:120]})") from None
    frame.columns = [c.strip() for c in frame.columns]
    for column in REQUIRED_COLUMNS.get(name, ()):
        if column not in frame.columns:
            raise FeedError(name, "colonne obligatoire absente", 1, column)
    return frame


def _csv(archive: zipfile.ZipFile, member: str, encoding: str) -> pd.DataFrame:
    """One file, streamed from the zip (stop_times.txt can weigh hundreds of megabytes)."""
    with archive.open(member) as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False, encoding=encoding, skipinitialspace=True)


def _feed(t: dict[str, pd.DataFrame | None]) -> Feed:
    stops, routes, trips, times = (_required(t, n) for n in REQUIRED_COLUMNS)
    stops = _placed(stops)
    stop_index = _index(stops, "stops.txt", "stop_id")
    route_index = _index(routes, "routes.txt", "route_id")
    trip_index = _index(trips, "trips.txt", "trip_id")
    services = _services(t, trips)
    service_index = {s: i for i, s in enumerate(services)}
    lat, lon = _number(stops, "stops.txt", "stop_lat", -90, 90), _number(stops, "stops.txt", "stop_lon", -180, 180)
    parent = stops["parent_station"] if "parent_station" in stops.columns else pd.Series([""] * len(stops))
    names = stops["stop_name"] if "stop_name" in stops.columns else stops["stop_id"]
    short = routes["route_short_name"] if "route_short_name" in routes.columns else pd.Series([""] * len(routes))
    long = routes["route_long_name"] if "route_long_name" in routes.columns else pd.Series([""] * len(routes))
    times = times.assign(_line=np.arange(len(times)) + 2)
    times = times.assign(_seq=_number(times, "stop_times.txt", "stop_sequence", 0, 10**9, whole=True))
    st_trip = _refs(times, "stop_times.txt", "trip_id", trip_index)
    times = times.assign(_trip=st_trip).sort_values(["_trip", "_seq"], kind="stable")
    arr, dep = _stop_times(times)
    cal = t["calendar.txt"]
    dates = t["calendar_dates.txt"]
    freq = t["frequencies.txt"]
    transfers = t["transfers.txt"]
    return Feed(
        stop_ids=list(stops["stop_id"]),
        stop_names=[str(n).strip() or s for n, s in zip(names, stops["stop_id"], strict=True)],
        stop_lat=lat,
        stop_lon=lon,
        stop_parent=_refs(stops.assign(_p=parent), "stops.txt", "_p", stop_index, "parent_station", optional=True),
        route_ids=list(routes["route_id"]),
        route_names=[(s or lg or r).strip() for s, lg, r in zip(short, long, routes["route_id"], strict=True)],
        route_type=_number(routes, "routes.txt", "route_type", 0, 2000, whole=True),
        trip_route=_refs(trips, "trips.txt", "route_id", route_index),
        trip_service=np.array([service_index[s] for s in trips["service_id"]], dtype=np.int32),
        service_ids=services,
        st_trip=times["_trip"].to_numpy(np.int32),
        st_stop=_refs(times, "stop_times.txt", "stop_id", stop_index),
        st_arr=arr,
        st_dep=dep,
        st_board=_allowed(times, "pickup_type"),
        st_alight=_allowed(times, "drop_off_type"),
        **_calendar(cal, service_index),
        **_exceptions(dates, service_index),
        **_frequencies(freq, trip_index),
        **_transfers(transfers, stop_index),
    )


def _placed(stops: pd.DataFrame) -> pd.DataFrame:
    """The stops a journey can use: a large station's generic nodes and boarding areas
    (location_type 3 and 4) may have no coordinates, and no trip stops at them."""
    stops = stops.assign(_line=np.arange(len(stops)) + 2)
    if "location_type" not in stops.columns:
        return stops
    return stops[~stops["location_type"].str.strip().isin(["3", "4"])].reset_index(drop=True)


def _required(t: dict[str, pd.DataFrame | None], name: str) -> pd.DataFrame:
    frame = t[name]
    assert frame is not None  # `_table` refused a missing required file
    if frame.empty:
        raise FeedError(name, "fichier vide")
    return frame


def _index(frame: pd.DataFrame, file: str, column: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, value in enumerate(frame[column]):
        if not value.strip():
            raise FeedError(file, "identifiant vide", i + 2, column)
        if value in seen:
            raise FeedError(file, f"identifiant en double « {value[:40]} »", i + 2, column)
        seen[value] = i
    return seen


def _refs(
    frame: pd.DataFrame,
    file: str,
    column: str,
    index: dict[str, int],
    label: str | None = None,
    optional: bool = False,
) -> np.ndarray:
    """Indices of the referenced rows; an unknown reference is refused, naming its line."""
    out = np.empty(len(frame), dtype=np.int32)
    lines = frame["_line"] if "_line" in frame.columns else pd.Series(np.arange(len(frame)) + 2, index=frame.index)
    for k, (value, line) in enumerate(zip(frame[column], lines, strict=True)):
        if optional and not value.strip():
            out[k] = -1
            continue
        found = index.get(value)
        if found is None:
            raise FeedError(file, f"référence inconnue « {str(value)[:40]} »", int(line), label or column)
        out[k] = found
    return out


def _number(frame: pd.DataFrame, file: str, column: str, low: float, high: float, whole: bool = False) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() | (values < low) | (values > high) | (whole & (values % 1 != 0))
    if bad.any():
        line = int(np.flatnonzero(bad.to_numpy())[0])
        row = frame["_line"].iloc[line] if "_line" in frame.columns else line + 2
        raise FeedError(file, f"valeur invalide « {str(frame[column].iloc[line])[:30]} »", int(row), column)
    return values.to_numpy(np.int64 if whole else np.float64)


def _allowed(times: pd.DataFrame, column: str) -> np.ndarray:
    """Boarding (or getting off) is possible unless the feed says 1, « none here » (a terminus, an
    express stop); 2 and 3 (call the agency, ask the driver) still let a youth travel."""
    if column not in times.columns:
        return np.ones(len(times), dtype=np.bool_)
    return np.asarray(times[column].str.strip().to_numpy() != "1")


def _seconds(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Seconds after midnight; NaN for an empty (untimed) stop; a malformed time is refused."""
    text = frame[column].str.strip()
    parts = text.str.extract(TIME)
    blank = text == ""
    bad = parts[0].isna() & ~blank
    if bad.any():
        k = int(np.flatnonzero(bad.to_numpy())[0])
        raise FeedError(
            "stop_times.txt", f"heure invalide « {text.iloc[k][:20]} » (HH:MM:SS)", int(frame["_line"].iloc[k]), column
        )
    seconds = parts.astype(float).to_numpy() @ np.array([3600.0, 60.0, 1.0])
    return np.where(blank.to_numpy(), np.nan, seconds)


def _stop_times(times: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Arrival and departure seconds; an untimed stop takes the time interpolated along its trip."""
    arr, dep = _seconds(times, "arrival_time"), _seconds(times, "departure_time")
    arr = np.where(np.isnan(arr), dep, arr)
    dep = np.where(np.isnan(dep), arr, dep)
    trips = times["_trip"].to_numpy()
    filled = dep
    if np.isnan(dep).any():  # rare: most feeds time every stop, and a per-trip pass is slow
        filled = pd.Series(dep).groupby(trips).transform(lambda s: s.interpolate(limit_area="inside")).to_numpy()
    if np.isnan(filled).any():
        k = int(np.flatnonzero(np.isnan(filled))[0])
        raise FeedError(
            "stop_times.txt",
            "le premier et le dernier arrêt d'un trajet ont une heure",
            int(times["_line"].iloc[k]),
            "departure_time",
        )
    arr = np.where(np.isnan(arr), filled, arr)
    if (filled > MAX_SECONDS).any() or (arr > filled + 1).any():
        k = int(np.flatnonzero((filled > MAX_SECONDS) | (arr > filled + 1))[0])
        raise FeedError(
            "stop_times.txt",
            "heure hors limites ou départ avant l'arrivée",
            int(times["_line"].iloc[k]),
            "departure_time",
        )
    return arr.astype(np.int32), filled.astype(np.int32)


def _services(t: dict[str, pd.DataFrame | None], trips: pd.DataFrame) -> list[str]:
    known: dict[str, None] = {}
    for name in ("calendar.txt", "calendar_dates.txt"):
        frame = t[name]
        if frame is not None:
            if "service_id" not in frame.columns:
                raise FeedError(name, "colonne obligatoire absente", 1, "service_id")
            known.update(dict.fromkeys(frame["service_id"]))
    if not known:
        raise FeedError("calendar.txt", "ni calendar.txt ni calendar_dates.txt : aucun jour de service")
    for i, service in enumerate(trips["service_id"]):
        if service not in known:
            raise FeedError("trips.txt", f"service inconnu « {service[:40]} »", i + 2, "service_id")
    return list(known)


DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _calendar(cal: pd.DataFrame | None, services: dict[str, int]) -> dict[str, np.ndarray]:
    days = np.zeros((len(services), 7), dtype=np.bool_)
    start, end = np.zeros(len(services), dtype=np.int64), np.zeros(len(services), dtype=np.int64)
    if cal is not None:
        cal = cal.assign(_line=np.arange(len(cal)) + 2)
        for column in (*DAYS, "start_date", "end_date"):
            if column not in cal.columns:
                raise FeedError("calendar.txt", "colonne obligatoire absente", 1, column)
        for row in cal.to_dict("records"):
            i, line = services[str(row["service_id"])], int(row["_line"])
            for d, name in enumerate(DAYS):
                days[i, d] = _flag(str(row[name]), "calendar.txt", line, name)
            start[i] = _day(str(row["start_date"]), "calendar.txt", line, "start_date")
            end[i] = _day(str(row["end_date"]), "calendar.txt", line, "end_date")
    return {"cal_days": days, "cal_start": start, "cal_end": end}


def _flag(value: str, file: str, line: int, field: str) -> bool:
    if value.strip() not in ("0", "1"):
        raise FeedError(file, f"0 ou 1 attendu, pas « {value[:10]} »", line, field)
    return value.strip() == "1"


def _day(value: str, file: str, line: int, field: str) -> int:
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).toordinal() if len(value.strip()) == 8 else -1
    except ValueError:
        pass
    raise FeedError(file, f"date invalide « {value[:12]} » (AAAAMMJJ)", line, field)


def _exceptions(dates: pd.DataFrame | None, services: dict[str, int]) -> dict[str, np.ndarray]:
    rows = [] if dates is None else dates.to_dict("records")
    if dates is not None:
        for column in ("date", "exception_type"):
            if column not in dates.columns:
                raise FeedError("calendar_dates.txt", "colonne obligatoire absente", 1, column)
    kinds = []
    for line, row in enumerate(rows, start=2):
        if str(row["exception_type"]).strip() not in ("1", "2"):
            raise FeedError("calendar_dates.txt", "1 (ajout) ou 2 (suppression) attendu", line, "exception_type")
        kinds.append(str(row["exception_type"]).strip() == "1")
    return {
        "exc_service": np.array([services[str(r["service_id"])] for r in rows], dtype=np.int32),
        "exc_date": np.array(
            [_day(str(r["date"]), "calendar_dates.txt", k, "date") for k, r in enumerate(rows, start=2)],
            dtype=np.int64,
        ),
        "exc_added": np.array(kinds, dtype=np.bool_),
    }


def _frequencies(freq: pd.DataFrame | None, trips: dict[str, int]) -> dict[str, np.ndarray]:
    if freq is None or freq.empty:
        empty = np.empty(0, dtype=np.int32)
        return {"freq_trip": empty, "freq_start": empty, "freq_end": empty, "freq_headway": empty}
    freq = freq.assign(_line=np.arange(len(freq)) + 2)
    for column in ("trip_id", "start_time", "end_time", "headway_secs"):
        if column not in freq.columns:
            raise FeedError("frequencies.txt", "colonne obligatoire absente", 1, column)
    start = _times_of(freq, "start_time")
    end = _times_of(freq, "end_time")
    headway = _number(freq, "frequencies.txt", "headway_secs", 1, 86_400, whole=True)
    return {
        "freq_trip": _refs(freq, "frequencies.txt", "trip_id", trips),
        "freq_start": start,
        "freq_end": end,
        "freq_headway": headway.astype(np.int32),
    }


def _times_of(frame: pd.DataFrame, column: str) -> np.ndarray:
    out = np.empty(len(frame), dtype=np.int32)
    for k, (value, line) in enumerate(zip(frame[column], frame["_line"], strict=True)):
        m = TIME.match(value)
        if m is None:
            raise FeedError("frequencies.txt", f"heure invalide « {value[:20]} » (HH:MM:SS)", int(line), column)
        out[k] = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
    return out


def _transfers(transfers: pd.DataFrame | None, stops: dict[str, int]) -> dict[str, np.ndarray]:
    if transfers is None or transfers.empty or "from_stop_id" not in transfers.columns:
        empty = np.empty(0, dtype=np.int32)
        return {"transfer_from": empty, "transfer_to": empty, "transfer_type": empty, "transfer_seconds": empty}
    transfers = transfers.assign(_line=np.arange(len(transfers)) + 2)
    seconds = pd.to_numeric(transfers.get("min_transfer_time", pd.Series([""] * len(transfers))), errors="coerce")
    kind = pd.to_numeric(transfers.get("transfer_type", pd.Series(["0"] * len(transfers))), errors="coerce")
    return {
        "transfer_from": _refs(transfers, "transfers.txt", "from_stop_id", stops),
        "transfer_to": _refs(transfers, "transfers.txt", "to_stop_id", stops),
        "transfer_type": kind.fillna(0).to_numpy(np.int32),
        "transfer_seconds": seconds.fillna(0).to_numpy(np.int32),
    }


def to_bytes(feed: Feed) -> bytes:
    """The parsed feed, compressed, for the database (strings as object arrays of str)."""
    buffer = io.BytesIO()
    arrays: dict[str, Any] = {k: np.asarray(v) for k, v in feed.__dict__.items()}
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def from_bytes(data: bytes) -> Feed:
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        values: dict[str, Any] = {k: (list(z[k].tolist()) if z[k].dtype.kind == "U" else z[k]) for k in z.files}
    for rule in ("st_board", "st_alight"):  # a feed stored before they were read: allowed everywhere
        values.setdefault(rule, np.ones(len(values["st_stop"]), dtype=np.bool_))
    return Feed(**values)
