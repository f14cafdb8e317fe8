"""Timetables: GTFS feeds read and refused, and the morning's journeys on feeds whose answers are
known by hand (a direct train, a change, a missed connection, a calendar exception, a frequency
line, a trip past midnight, two feeds sharing a station)."""

import io
import zipfile

import numpy as np
import pytest

from geo.connection_scan import Origin
from geo.coords import LatLon
from geo.gtfs import FeedError, from_bytes, read_feed, to_bytes
from geo.timetable import HolidayCheck, Walking, Window, reference_day
from geo.transit import TimetableTravelTime, compute
from geo.travel import Origin as Home
from geo.travel import TravelMode, TravelModel
from tests.geo.feeds import (
    ARRAS,
    CALENDAR,
    DAY,
    FREVENT,
    SAINT_POL,
    WEEKDAYS,
    feed,
    routes,
    stop_times,
    stops,
    train_saint_pol_arras,
    trips,
)

WALKING = Walking(TravelModel().walk)
SLOTS = [6 * 3600 + 30 * 60, 7 * 3600 + 15 * 60, 8 * 3600]
# Communes as the gazetteer places them (town halls), a few hundred metres from the stations.
COMMUNES = [("62767", 50.3820, 2.3333), ("62041", 50.2913, 2.7775), ("62361", 50.2754, 2.2920)]


def table(*feeds: bytes, day=DAY):
    parsed = [(f"feed{i}", read_feed(f)) for i, f in enumerate(feeds)]
    return compute(parsed, COMMUNES, Window(day), WALKING, 5.0, SLOTS)


def provider(*feeds: bytes) -> TimetableTravelTime:
    return TimetableTravelTime(table(*feeds), WALKING)


def describe(p: TimetableTravelTime, home: Home, lat: float, lon: float):
    """The journey to one place, as a page of one result asks it."""
    return p.describe_all(home, np.array([lat]), np.array([lon]))[0]


def minutes_to(p: TimetableTravelTime, commune: str, point: tuple[float, float]) -> float:
    home = next(c for c in COMMUNES if c[0] == commune)
    origin = Home(LatLon(home[1], home[2]), commune=commune)
    return float(p.minutes(origin, np.array([point[0]]), np.array([point[1]]), (TravelMode.PUBLIC_TRANSPORT,))[0][0])


def test_a_direct_train_takes_its_ride_plus_the_walks():
    p = provider(train_saint_pol_arras())
    took = minutes_to(p, "62767", (ARRAS[0] + 0.001, ARRAS[1]))
    assert 40 < took < 40 + 2 * 15  # 40 min of train, a few minutes on foot each end
    home = Home(LatLon(50.3820, 2.3333), commune="62767")
    said = describe(p, home, ARRAS[0], ARRAS[1])
    assert "train K12, départ 7 h 30 de Saint-Pol-sur-Ternoise" in said.text
    # many places at once (a page of results): each said as alone
    places = [ARRAS, (ARRAS[0] + 0.001, ARRAS[1]), (home.point.lat + 0.001, home.point.lon), (48.85, 2.35)]
    lats, lons = np.array([a for a, _ in places]), np.array([b for _, b in places])
    assert p.describe_all(home, lats, lons) == [describe(p, home, a, b) for a, b in places]
    assert p.describe_all(Home(LatLon(48.85, 2.35), commune="75056"), lats, lons) == [None] * 4  # not covered


def test_a_change_is_counted_and_named():
    bus = (
        "\n".join(
            [
                "stop_id,stop_name,stop_lat,stop_lon",
                f"FR,Frévent Place,{FREVENT[0]},{FREVENT[1]}",
                f"SPB,Saint-Pol Gare routière,{SAINT_POL[0] + 0.0005},{SAINT_POL[1]}",
            ]
        )
        + "\n"
    )
    coach = feed(
        {
            "stops.txt": bus,
            "routes.txt": routes(("L51", "51", 3)),
            "trips.txt": trips(("L51", "WK", "B1")),
            "stop_times.txt": stop_times(("B1", "FR", "06:55:00", 1), ("B1", "SPB", "07:20:00", 2)),
            "calendar.txt": CALENDAR + WEEKDAYS,
        }
    )
    p = provider(coach, train_saint_pol_arras())
    took = minutes_to(p, "62361", ARRAS)
    assert 75 <= took <= 110  # 06:55 bus, change, 07:30 train to 08:10, walks
    said = describe(p, Home(LatLon(50.2754, 2.2920), commune="62361"), ARRAS[0], ARRAS[1]).text
    assert "bus ligne 51" in said
    assert "1 correspondance" in said


def test_a_missed_connection_leaves_no_journey():
    bus = feed(
        {
            "stops.txt": stops(
                ("FR", "Frévent", FREVENT), ("SPB", "Saint-Pol Gare", (SAINT_POL[0] + 0.0005, SAINT_POL[1]))
            ),
            "routes.txt": routes(("L51", "51", 3)),
            "trips.txt": trips(("L51", "WK", "B1")),
            "stop_times.txt": stop_times(("B1", "FR", "07:05:00", 1), ("B1", "SPB", "07:29:00", 2)),  # 1 min to change
            "calendar.txt": CALENDAR + WEEKDAYS,
        }
    )
    p = provider(bus, train_saint_pol_arras())
    assert minutes_to(p, "62361", ARRAS) == np.inf
    said = describe(p, Home(LatLon(50.2754, 2.2920), commune="62361"), ARRAS[0], ARRAS[1])
    assert said.text == "pas de transport en commun le matin"


@pytest.mark.parametrize(
    ("pickup", "drop_off", "reaches"),
    [("0", "0", True), ("1", "0", False), ("0", "1", False), ("2", "3", True)],
    ids=["both allowed", "no boarding at Saint-Pol", "no getting off at Arras", "on request"],
)
def test_a_train_is_boarded_and_left_only_where_its_timetable_allows(pickup, drop_off, reaches):
    """pickup_type / drop_off_type 1: « none here » (a terminus, an express stop); 2 and 3 are
    on request, still a way for a youth to travel."""
    times = (
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
        f"T1,07:30:00,07:30:00,SP,1,{pickup},0\nT1,08:10:00,08:10:00,AR,2,0,{drop_off}\n"
    )
    p = provider(train_saint_pol_arras(**{"stop_times.txt": times}))
    assert (minutes_to(p, "62767", (ARRAS[0] + 0.001, ARRAS[1])) < np.inf) is reaches


def test_a_feed_stored_before_boarding_rules_were_read_allows_them_everywhere():
    stored = dict(np.load(io.BytesIO(to_bytes(read_feed(train_saint_pol_arras())))))
    del stored["st_board"], stored["st_alight"]
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **stored)
    assert from_bytes(buffer.getvalue()).st_board.all()


def test_a_calendar_exception_removes_the_only_morning_train():
    removed = "service_id,date,exception_type\nWK,20261208,2\n"
    p = provider(train_saint_pol_arras(**{"calendar_dates.txt": removed}))
    assert minutes_to(p, "62767", ARRAS) == np.inf
    added = "service_id,date,exception_type\nSAT,20261208,1\n"
    only_added = feed(
        {
            "stops.txt": stops(("SP", "Saint-Pol", SAINT_POL), ("AR", "Arras", ARRAS)),
            "routes.txt": routes(("K12", "K12", 2)),
            "trips.txt": trips(("K12", "SAT", "T9")),
            "stop_times.txt": stop_times(("T9", "SP", "07:30:00", 1), ("T9", "AR", "08:10:00", 2)),
            "calendar_dates.txt": added,
        }
    )
    assert minutes_to(provider(only_added), "62767", ARRAS) < 60


def test_a_frequency_line_runs_every_headway():
    line = feed(
        {
            "stops.txt": stops(("SP", "Saint-Pol", SAINT_POL), ("AR", "Arras", ARRAS)),
            "routes.txt": routes(("N", "Navette", 3)),
            "trips.txt": trips(("N", "WK", "F1")),
            "stop_times.txt": stop_times(("F1", "SP", "05:00:00", 1), ("F1", "AR", "05:50:00", 2)),
            "frequencies.txt": "trip_id,start_time,end_time,headway_secs\nF1,06:00:00,10:00:00,1200\n",
            "calendar.txt": CALENDAR + WEEKDAYS,
        }
    )
    took = minutes_to(provider(line), "62767", ARRAS)
    assert 50 < took < 50 + 30  # a run every 20 min: no long wait at the door


def test_a_trip_past_midnight_counts_the_next_morning():
    night = train_saint_pol_arras("30:40:00", "31:20:00")  # 06:40 to 07:20 on the next day
    monday = DAY.toordinal() - 1
    p = TimetableTravelTime(table(night), WALKING)
    assert minutes_to(p, "62767", ARRAS) < 60
    assert monday  # the service ran on Monday: only its times past 24:00 reach Tuesday


def test_two_feeds_share_a_station():
    bus = feed(
        {
            "stops.txt": stops(("FR", "Frévent", FREVENT), ("SPG", "Saint-Pol Gare", SAINT_POL)),
            "routes.txt": routes(("L51", "51", 3)),
            "trips.txt": trips(("L51", "WK", "B1")),
            "stop_times.txt": stop_times(("B1", "FR", "06:55:00", 1), ("B1", "SPG", "07:20:00", 2)),
            "calendar.txt": CALENDAR + WEEKDAYS,
        }
    )
    p = provider(bus, train_saint_pol_arras())
    assert minutes_to(p, "62361", ARRAS) < 110


def test_without_a_journey_in_the_covered_area_public_transport_does_not_reach():
    p = provider(train_saint_pol_arras("09:40:00", "10:20:00"))  # after the window
    assert minutes_to(p, "62767", ARRAS) == np.inf
    far = (48.85, 2.35)  # Paris: no feed covers it, the estimate answers
    assert minutes_to(p, "62767", far) > 60
    assert np.isfinite(minutes_to(p, "62767", far))


@pytest.mark.parametrize(
    ("files", "where"),
    [
        ({"stops.txt": None}, "stops.txt : fichier obligatoire absent"),
        (
            {
                "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,07:30:00,07:30:00,XX,1\n"  # noqa: E501
            },
            "stop_times.txt, ligne 2, champ stop_id",
        ),
        (
            {"stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,7h30,7h30,SP,1\n"},
            "stop_times.txt, ligne 2, champ arrival_time",
        ),
        ({"trips.txt": "route_id,service_id,trip_id\nK12,NOPE,T1\n"}, "trips.txt, ligne 2, champ service_id"),
        (
            {"stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nSP,Saint-Pol,95,2.3\nAR,Arras,50.2,2.7\n"},
            "stops.txt, ligne 2, champ stop_lat",
        ),
    ],
)
def test_a_broken_feed_is_refused_naming_file_line_and_field(files, where):
    base = {
        "stops.txt": stops(("SP", "Saint-Pol", SAINT_POL), ("AR", "Arras", ARRAS)),
        "routes.txt": routes(("K12", "K12", 2)),
        "trips.txt": trips(("K12", "WK", "T1")),
        "stop_times.txt": stop_times(("T1", "SP", "07:30:00", 1), ("T1", "AR", "08:10:00", 2)),
        "calendar.txt": CALENDAR + WEEKDAYS,
    }
    merged = {k: v for k, v in {**base, **files}.items() if v is not None}
    with pytest.raises(FeedError) as refused:
        read_feed(feed(merged))
    assert where in str(refused.value)


def test_a_feed_written_in_windows_1252_or_with_a_bom_reads_its_names_as_written():
    names = "stop_id,stop_name,stop_lat,stop_lon\nFR,Frévent Hôtel de ville,50.276,2.2886\nAR,Arras,50.287,2.7813\n"
    base = {
        "routes.txt": routes(("K12", "Ligne 1", 3)),
        "trips.txt": trips(("K12", "WK", "T1")),
        "stop_times.txt": stop_times(("T1", "FR", "07:30:00", 1), ("T1", "AR", "08:10:00", 2)),
        "calendar.txt": CALENDAR + WEEKDAYS,
    }
    for raw in (names.encode("cp1252"), "\ufeff".encode() + names.encode()):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("stops.txt", raw)
            for name, text in base.items():
                z.writestr(name, text)
        assert read_feed(buffer.getvalue()).stop_names == ["Frévent Hôtel de ville", "Arras"]


def test_a_stations_nodes_without_coordinates_are_left_out_and_the_rest_reads():
    """GTFS lets generic nodes and boarding areas (location_type 3, 4) go without coordinates."""
    with_nodes = (
        "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
        "AR0,Arras,50.287,2.7813,1,\nAR,Arras quai A,50.287,2.7813,0,AR0\nN1,Couloir,,,3,AR0\n"
        "B1,Zone d'embarquement,,,4,AR\nSP,Saint-Pol,50.3818,2.3363,0,\n"
    )
    found = read_feed(train_saint_pol_arras(**{"stops.txt": with_nodes}))
    assert found.stop_ids == ["AR0", "AR", "SP"]
    assert list(found.stop_parent) == [-1, 0, -1]


def test_not_a_zip_is_refused():
    with pytest.raises(FeedError, match="zip"):
        read_feed(b"hello")


def test_the_reference_day_is_a_tuesday_outside_school_holidays():
    train = read_feed(train_saint_pol_arras())
    day = reference_day([train], DAY.replace(day=17), HolidayCheck("B"))  # Christmas holidays ahead
    assert day.weekday() == 1
    assert day.year == 2027  # 22 and 29 December are in the holidays


def test_origins_scan_in_batches_give_the_same_answer():
    from geo import connection_scan

    one = table(train_saint_pol_arras())
    old = connection_scan.BATCH
    connection_scan.BATCH = 1
    try:
        split = table(train_saint_pol_arras())
    finally:
        connection_scan.BATCH = old
    assert one.journeys.origins == split.journeys.origins
    assert np.array_equal(one.journeys.seconds, split.journeys.seconds)
    assert isinstance(Origin("x", 0, 0), Origin)


def test_the_coverage_grid_agrees_with_distances_away_from_its_edges():
    from geo.distance import haversine_km
    from geo.transit import CoverageGrid

    rng = np.random.default_rng(3)
    stop_lat, stop_lon = 50.3 + rng.random(40) * 0.4, 2.3 + rng.random(40) * 0.6
    grid = CoverageGrid(stop_lat, stop_lon, 1.0)
    lats, lons = 50.2 + rng.random(3000) * 0.6, 2.2 + rng.random(3000) * 0.8
    nearest = np.array([haversine_km(LatLon(a, b), stop_lat, stop_lon).min() for a, b in zip(lats, lons, strict=True)])
    held = grid.holds(lats, lons)
    assert held[nearest < 0.7].all()
    assert not held[nearest > 1.3].any()
