"""Timetables end to end: imports (one transaction, refusals leave the previous data), the API,
and matching that uses them — a youth reaches Arras by train from Saint-Pol where the estimate
said no, and a covered village without a morning bus gets no public-transport result."""

from datetime import timedelta

import numpy as np
from typer.testing import CliRunner

from geo.travel import EstimatedTravelTime, TravelMode, home_origin
from service import migrate
from service.settings import TransitSettings, get_settings
from service.transit import service as transit
from tests import factories
from tests.geo.feeds import CALENDAR, WEEKDAYS, feed, routes, stop_times, stops, train_saint_pol_arras, trips
from tests.helpers import TODAY
from tools.cli import app

PT_ONLY = {
    "birth_date": "2004-02-01",
    "qualification_level": "infra_3",
    "travel_modes": ["public_transport"],
    "max_travel_minutes": 60,
    "limit": 50,
}


def test_the_feeds_are_listed_with_what_they_cover(client, login):
    found = client.get("/api/v1/transit/feeds", headers=login("adviser")).json()
    assert [f["name"] for f in found["feeds"]] == ["demo-hauts-de-france"]
    assert found["feeds"][0]["stops"] > 20
    assert found["communes_covered"] > 10
    assert found["reference_day"]


def test_a_youth_in_saint_pol_reaches_arras_by_train_and_the_reason_names_the_line(
    client, login, db, places, gazetteer
):
    arras = gazetteer.by_insee("62041")
    employer = factories.organisation(db, places, kind="employer", name="Entrepôt Artois Est", insee_code="62041")
    offer = factories.offer(db, places, employer, kind="job", title="Préparateur de commandes", rome_code="N1103")
    db.flush()
    saint_pol = gazetteer.by_insee("62767")
    origin = home_origin(saint_pol.lat, saint_pol.lon, saint_pol.population, EstimatedTravelTime().model, "62767")
    estimated = EstimatedTravelTime().minutes(
        origin, np.array([arras.lat]), np.array([arras.lon]), (TravelMode.PUBLIC_TRANSPORT,)
    )[0][0]
    assert estimated > 60  # the estimate never shows Arras to this youth
    profile = PT_ONLY | {"home_insee_code": "62767", "wished_rome_codes": ["N1103"], "kinds": ["job"]}
    results = client.post("/api/v1/match", headers=login("adviser"), json=profile).json()["results"]
    mine = next(r for r in results if r["id"] == offer.id)
    assert mine["travel_minutes"] <= 60
    assert "train K51" in mine["journey"]
    travel = next(c for c in mine["explanation"]["criteria"] if c["name"] == "travel")
    assert "train K51, départ" in travel["reason"]


def test_a_covered_village_without_a_morning_bus_gets_no_public_transport_result(client, login, db, places, gazetteer):
    village, town = gazetteer.by_insee("62060"), gazetteer.by_insee("62361")  # Auxi-le-Château, Frévent: 13.5 km
    afternoon = feed(
        {
            "stops.txt": stops(
                ("V", "Auxi Mairie", (village.lat, village.lon)), ("T", "Frévent Centre", (town.lat, town.lon))
            ),
            "routes.txt": routes(("A", "14", 3)),
            "trips.txt": trips(("A", "WK", "A1")),
            "stop_times.txt": stop_times(("A1", "V", "14:00:00", 1), ("A1", "T", "14:25:00", 2)),
            "calendar.txt": CALENDAR + WEEKDAYS.replace("20261201", f"{TODAY - timedelta(days=10):%Y%m%d}"),
        }
    )
    transit.import_feed(db, gazetteer, TransitSettings(), EstimatedTravelTime().model, "apres-midi", afternoon, TODAY)
    employer = factories.organisation(db, places, kind="employer", name="Supérette du Ternois", insee_code="62361")
    offer = factories.offer(db, places, employer, kind="job", title="Employé de libre-service", rome_code="D1507")
    db.flush()
    profile = PT_ONLY | {
        "home_insee_code": "62060",
        "wished_rome_codes": ["D1507"],
        "kinds": ["job"],
        "max_travel_minutes": 90,
    }
    results = client.post("/api/v1/match", headers=login("adviser"), json=profile).json()["results"]
    assert offer.id not in [r["id"] for r in results]
    by_estimate = client.post("/api/v1/match", headers=login("adviser"), json=profile | {"home_insee_code": "62041"})
    assert by_estimate.status_code == 200  # the same search elsewhere still works


def test_an_import_is_one_transaction_and_a_refused_feed_leaves_the_previous_one(tmp_path, scratch_url, monkeypatch):
    migrate.upgrade(scratch_url)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    get_settings.cache_clear()
    good, broken, stale = tmp_path / "ter.zip", tmp_path / "broken.zip", tmp_path / "stale.zip"
    good.write_bytes(train_saint_pol_arras())
    broken.write_bytes(
        train_saint_pol_arras(
            **{"stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,07:30,07:30:00,SP,1\n"}
        )
    )
    stale.write_bytes(train_saint_pol_arras(**{"calendar.txt": CALENDAR + "WK,1,1,1,1,1,0,0,20200101,20200301\n"}))
    runner = CliRunner()
    try:
        first = runner.invoke(app, ["transit", "import", str(good), "--name", "ter"])
        assert first.exit_code == 0, first.output
        assert "version 1" in first.output
        refused = runner.invoke(app, ["transit", "import", str(broken), "--name", "ter"])
        assert refused.exit_code == 1
        assert "stop_times.txt, ligne 2, champ arrival_time" in refused.output
        no_service = runner.invoke(app, ["transit", "import", str(stale), "--name", "ter"])
        assert no_service.exit_code == 1
        listed = runner.invoke(app, ["transit", "list"])
        assert "ter\tversion 1" in listed.output
        assert "communes covered" in listed.output
        assert runner.invoke(app, ["transit", "remove", "ter"]).exit_code == 0
        assert "No timetable loaded" in runner.invoke(app, ["transit", "list"]).output
    finally:
        get_settings.cache_clear()


def test_the_search_page_and_the_dashboard_say_how_and_on_what(client, sign_in, db, places):
    employer = factories.organisation(db, places, kind="employer", name="Plateforme Artois Sud", insee_code="62041")
    offer = factories.offer(db, places, employer, kind="job", title="Cariste en entrepôt", rome_code="N1101")
    db.flush()
    sign_in("adviser")
    params = {
        "commune": "Saint-Pol-sur-Ternoise (62767)",
        "jobs": "N1101",
        "modes": "public_transport",
        "max_minutes": 60,
        "kinds": "job",
    }
    page = client.get("/recherche", params=params).text
    assert "Cariste en entrepôt" in page
    assert "Train K51, départ" in page
    sheet = client.get("/recherche/selection", params={**params, "items": f"offer-{offer.id}"}).text
    assert "En transports en commun : train K51, départ" in sheet  # the sheet the youth takes home
    board = client.get("/tableau-de-bord").text
    assert "horaires réels pour" in board
    assert "demo-hauts-de-france" in board
