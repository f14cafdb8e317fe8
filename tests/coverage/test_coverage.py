"""The coverage API, page and command on the demo network: white zones that follow the catalogue,
proposals, equity counts for those who may see them, exports that agree with the table."""

import csv
import io
from datetime import timedelta

from typer.testing import CliRunner

from tests import factories
from tests.helpers import TODAY

RARE = "A1405"  # arboriculture: no demo option carries it
SESSION = {
    "title": "Taille et entretien des vergers",
    "rome_codes": [RARE],
    "target_level": 3,
    "entry_level": "none",
    "start_date": str(TODAY + timedelta(days=20)),
    "end_date": str(TODAY + timedelta(days=200)),
    "places_total": 10,
    "places_left": 10,
}


def coverage(client, h, **params):
    r = client.get("/api/v1/coverage", headers=h, params={"family": RARE, **params})
    assert r.status_code == 200, r.text
    return r.json()


def commune(found, insee_code):
    return next(c for c in found["communes"] if c["insee_code"] == insee_code)


def test_a_white_zone_follows_the_session_that_opens_and_closes(client, login, db, places):
    h = login("adviser")
    before = coverage(client, h)
    assert before["options"] == 0
    assert commune(before, "62119")["white_zone"]
    trainer = factories.organisation(db, places, name="Vergers de l'Artois", insee_code="62119")
    session = factories.session_(
        db, places, trainer, **{k: v for k, v in SESSION.items() if k != "rome_codes"}, rome_codes=[RARE]
    )
    db.flush()
    opened = coverage(client, h)
    assert opened["options"] == 1
    bethune = commune(opened, "62119")
    assert not bethune["white_zone"]
    assert bethune["nearest"].startswith("Taille et entretien des vergers")
    assert bethune["nearest_minutes"] > 0
    assert opened["totals"]["white_communes"] < before["totals"]["white_communes"]
    session.closed = True
    db.add(session)
    from service import writes

    writes.touch(db, session)
    db.flush()
    assert commune(coverage(client, h), "62119")["white_zone"]


def test_totals_and_equity_are_counts_of_the_users_mission_locale(client, login, db, demo_user):
    found = coverage(client, login("adviser"), family="F")
    t = found["totals"]
    assert t["communes"] == len(found["communes"])
    assert t["youths"] == sum(c["youths"] for c in found["communes"])
    assert t["youths_in_white"] == sum(c["youths"] for c in found["communes"] if c["white_zone"])
    assert t["youths"] > 0
    share = found["equity"]["everyone"]
    assert share["youths"] is None or share["youths"] >= 5
    trainer_view = coverage(client, login("trainer"), family="F")
    assert sum(c["youths"] for c in trainer_view["communes"]) == 0  # a training body sees people, not files


def test_a_mission_locales_territory_holds_its_youths_homes(client, login, db, demo_user):
    from sqlmodel import select

    from service.models import Youth

    ml = demo_user("adviser").organisation_id
    homes = {y.home_insee_code for y in db.exec(select(Youth).where(Youth.mission_locale_id == ml)).all()}
    found = coverage(client, login("adviser"), family="F")
    assert homes <= {c["insee_code"] for c in found["communes"]}


def test_proposals_name_a_commune_with_its_gain(client, login):
    r = client.get("/api/v1/coverage/placements", headers=login("adviser"), params={"family": RARE, "k": 2})
    assert r.status_code == 200, r.text
    picks = r.json()["proposals"]
    assert 1 <= len(picks) <= 2
    assert picks[0]["summary"].startswith(picks[0]["name"] + " : ")
    assert picks[0]["youths_gained"] >= picks[-1]["youths_gained"]
    sites = client.get(
        "/api/v1/coverage/placements", headers=login("adviser"), params={"family": RARE, "candidates": "sites"}
    ).json()["proposals"]
    assert len(sites) <= 1  # the demo Mission Locale has one site


def test_far_from_sites_lists_communes_beyond_the_limit(client, login):
    far = client.get("/api/v1/coverage/far-from-sites", headers=login("adviser"), params={"max_minutes": 20}).json()
    assert far
    assert all(c["nearest_minutes"] > 20 for c in far)
    assert [c["youths"] for c in far] == sorted((c["youths"] for c in far), reverse=True)


def test_bad_parameters_name_the_field(client, login):
    h = login("adviser")
    r = client.get("/api/v1/coverage", headers=h, params={"family": "zzqx"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "family"
    r = client.get("/api/v1/coverage", headers=h, params={"family": "F", "profile": "jetpack"})
    assert r.json()["errors"][0]["field"] == "profile"
    r = client.get("/api/v1/coverage", headers=h, params={"family": "F", "department": "999"})
    assert r.status_code in (404, 422)
    r = client.get("/api/v1/coverage", headers=h, params={"family": "F", "mission_locale_id": 2_000_000})
    assert r.status_code == 404
    assert client.get("/api/v1/coverage", params={"family": "F"}).status_code == 401


def test_custom_profiles_and_departments(client, login):
    h = login("officer")
    found = coverage(client, h, family="F", department="80", profile="custom", modes=["walk", "car"], max_minutes=30)
    assert found["territory"] == "Département 80"
    assert found["max_minutes"] == 30
    assert all(c["insee_code"].startswith("80") for c in found["communes"])


def test_csv_and_geojson_give_the_tables_figures(client, login):
    h = login("adviser")
    found = coverage(client, h, family="F")
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/api/v1/coverage", headers=h, params={"family": "F", "format": "csv"}).text)
        )
    )
    geo = client.get("/api/v1/coverage", headers=h, params={"family": "F", "format": "geojson"}).json()
    assert len(rows) == len(geo["features"]) == len(found["communes"])
    by_code = {c["insee_code"]: c["reachable"] for c in found["communes"]}
    assert {r["insee_code"]: int(r["reachable"]) for r in rows} == by_code
    assert {f["properties"]["insee_code"]: f["properties"]["reachable"] for f in geo["features"]} == by_code


def test_the_page_table_and_exports_agree(client, sign_in):
    sign_in("adviser")
    page = client.get("/territoire", params={"family": "F", "k": 2})
    assert page.status_code == 200
    assert "zone blanche" in page.text
    assert "Où implanter" in page.text
    table_rows = page.text.count("data-clat=")
    exported = client.get("/territoire/export.csv", params={"family": "F"})
    assert exported.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(exported.text)))) == table_rows
    assert client.get("/territoire/export.geojson", params={"family": "F"}).json()["type"] == "FeatureCollection"


def test_the_page_says_what_is_wrong(client, sign_in):
    sign_in("officer")
    page = client.get("/territoire", params={"family": "zzqx"})
    assert page.status_code == 422
    assert "aucun métier ne correspond" in page.text
    assert client.get("/territoire").status_code == 200  # the empty form


def test_the_command_prints_the_summary_and_proposals(monkeypatch, database_url, demo):
    from service.settings import get_settings
    from tools.cli import app

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        out = CliRunner().invoke(app, ["coverage", "--rome", "F", "--territory", "network", "--k", "2"])
    finally:
        get_settings.cache_clear()
    assert out.exit_code == 0, out.output
    assert "zone blanche" in out.output
    assert "Où implanter" in out.output
    assert "  1. " in out.output


def test_proposals_among_communes_with_a_station(client, login, gazetteer):
    from seeds.transit_demo import LINES

    rail = {
        gazetteer.resolve(c, department=d).insee_code for line in LINES if line.route_type == 2 for c, d in line.stops
    }
    r = client.get(
        "/api/v1/coverage/placements",
        headers=login("adviser"),
        params={"family": RARE, "candidates": "stations", "k": 3},
    )
    assert r.status_code == 200, r.text
    picks = r.json()["proposals"]
    assert picks
    assert {p["insee_code"] for p in picks} <= rail
