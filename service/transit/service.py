"""Importing and removing GTFS feeds, and the morning journeys every worker loads: an import is
checked, then the journeys are computed again over every feed, all in the caller's transaction
(a refused feed leaves the previous data in use)."""

import hashlib
from collections.abc import Callable
from datetime import date, time

import numpy as np
from sqlmodel import Session

from geo.gazetteer import Gazetteer
from geo.gtfs import Feed, FeedError, from_bytes, read_feed, to_bytes
from geo.timetable import HolidayCheck, Walking, Window, reference_day, running
from geo.transit import TimetableTravelTime, TransitTable, compute
from geo.travel import EstimatedTravelTime, TravelModel, TravelTimeProvider
from service.catalogue.queries import catalogue_write_version
from service.http.problems import DomainError, NotFound
from service.models import TransitFeed, TransitTableEntry
from service.settings import TransitSettings
from service.transit import queries

Progress = Callable[[str, int, int], None]


class FeedRefused(DomainError):
    title = "Flux GTFS refusé"
    status = 422


def import_feed(
    db: Session,
    gazetteer: Gazetteer,
    settings: TransitSettings,
    travel: TravelModel,
    name: str,
    data: bytes,
    today: date,
    progress: Progress | None = None,
) -> TransitFeed:
    """Check a feed and (re)place it under `name`, then compute the journeys again."""
    try:
        feed = read_feed(data)
        valid_from, valid_until = feed.validity()
    except FeedError as exc:
        raise FeedRefused(str(exc), exc.field) from None
    row = queries.feed(db, name) or TransitFeed(
        name=name,
        version=0,
        valid_from=valid_from,
        valid_until=valid_until,
        stops=0,
        routes=0,
        trips=0,
        checksum="",
        data=b"",
    )
    row.version += 1
    row.valid_from, row.valid_until = valid_from, valid_until
    row.stops, row.routes, row.trips = len(feed.stop_ids), len(feed.route_ids), len(feed.trip_route)
    row.checksum, row.data = hashlib.sha256(data).hexdigest(), to_bytes(feed)
    db.add(row)
    db.flush()
    recompute(db, gazetteer, settings, travel, today, progress)
    return row


def remove_feed(
    db: Session, gazetteer: Gazetteer, settings: TransitSettings, travel: TravelModel, name: str, today: date
) -> None:
    row = queries.feed(db, name)
    if row is None:
        raise NotFound(f"Aucun flux nommé « {name[:100]} ».", "name")
    queries.delete_feed(db, row)
    recompute(db, gazetteer, settings, travel, today)


def recompute(
    db: Session,
    gazetteer: Gazetteer,
    settings: TransitSettings,
    travel: TravelModel,
    today: date,
    progress: Progress | None = None,
) -> TransitTableEntry | None:
    """The journeys over every feed, replacing the previous table; workers reload it."""
    catalogue_write_version(db)  # a new version: every worker looks at the table again
    rows = queries.feeds(db)
    if not rows:
        queries.replace_table(db, None)
        return None
    feeds = [(r.name, from_bytes(r.data)) for r in rows]
    day = settings.reference_day or reference_day([f for _, f in feeds], today, HolidayCheck(settings.school_zone))
    for name, feed in feeds:
        if not running(feed, day).any():
            raise FeedRefused(
                f"calendar.txt : le flux « {name} » n'a aucun service le {day:%d/%m/%Y} (journée type).", "calendar"
            )
    table = compute(
        feeds,
        _communes(gazetteer, feeds, settings.cover_km),
        window(settings, day),
        walking(settings, travel),
        settings.cover_km,
        [_seconds(t) for t in settings.departures],
        progress,
    )
    entry = TransitTableEntry(
        reference_day=day,
        feeds=table.feeds,
        communes=table.journeys.origins,
        size_bytes=table.nbytes(),
        data=table.to_bytes(),
    )
    queries.replace_table(db, entry)
    return entry


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def window(settings: TransitSettings, day: date) -> Window:
    return Window(day, _seconds(settings.window_start), _seconds(settings.last_departure), _seconds(settings.arrive_by))


def walking(settings: TransitSettings, travel: TravelModel) -> Walking:
    return Walking(travel.walk, settings.max_walk_km, settings.transfer_km, settings.min_transfer_minutes * 60)


def _communes(gazetteer: Gazetteer, feeds: list[tuple[str, Feed]], cover_km: float) -> list[tuple[str, float, float]]:
    """The communes around the feeds' stops (their box widened by the coverage distance)."""
    lat = np.concatenate([f.stop_lat for _, f in feeds])
    lon = np.concatenate([f.stop_lon for _, f in feeds])
    pad = cover_km / 60.0
    south, north, west, east = lat.min() - pad, lat.max() + pad, lon.min() - 1.6 * pad, lon.max() + 1.6 * pad
    return [(c.insee_code, c.lat, c.lon) for c in gazetteer if south <= c.lat <= north and west <= c.lon <= east]


def provider(db: Session, settings: TransitSettings, estimate: EstimatedTravelTime) -> TravelTimeProvider:
    """Timetables where feeds are loaded, else the estimate alone."""
    entry = queries.table(db)
    if entry is None:
        return estimate
    return TimetableTravelTime(TransitTable.from_bytes(entry.data), walking(settings, estimate.model), estimate)


def feeds(db: Session) -> list[TransitFeed]:
    return list(queries.feeds(db))


def table(db: Session) -> TransitTableEntry | None:
    return queries.table(db)


def travel_note(db: Session) -> str:
    """What public-transport times rest on, in an adviser's words."""
    entry = queries.table(db)
    if entry is None:
        return "temps estimés (pas d'horaires de transport chargés)"
    return (
        f"horaires réels pour {len(entry.communes)} communes (journée type du {entry.reference_day:%d/%m/%Y}, "
        f"flux : {', '.join(entry.feeds)}), temps estimés ailleurs"
    )
