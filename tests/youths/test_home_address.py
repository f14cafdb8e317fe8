"""A youth's street address places their journeys at their door: geocoded when the service has
street geocoding, else the commune's centre, and said so; kept in the file only."""

from dataclasses import replace

import pytest
from sqlmodel import select

from geo.geocoder import BanGeocoder
from service.models import Youth
from tests.youths.test_youths_and_matching import YOUTH, new_youth

DOOR = (50.5201, 2.6502)  # a street of Béthune, 1.4 km from its town hall


class Ban:
    """The BAN as geopy answers it, offline: any address of Béthune is at DOOR."""

    def geocode(self, query):
        return type("Found", (), {"latitude": DOOR[0], "longitude": DOOR[1]}) if "Béthune" in query else None


@pytest.fixture
def street_level(runtime, gazetteer, monkeypatch):
    monkeypatch.setattr(runtime, "places", replace(runtime.places, geocoder=BanGeocoder(gazetteer, client=Ban())))
    return runtime


def test_a_file_with_an_address_starts_its_journeys_at_the_door(client, login, street_level, gazetteer):
    h = login("adviser")
    y = new_youth(client, h, home_address="12 rue de la Délivrance")
    assert (y["latitude"], y["longitude"]) == DOOR
    assert y["home_address"] == "12 rue de la Délivrance"
    moved = client.patch(f"/api/v1/youths/{y['id']}", headers=h, json={"home_address": ""}).json()
    bethune = gazetteer.by_insee("62119").point
    assert (moved["latitude"], moved["longitude"]) == (bethune.lat, bethune.lon)  # back on the commune


def test_a_quick_match_from_an_address_measures_from_it(client, login, street_level):
    profile = {k: YOUTH[k] for k in ("birth_date", "qualification_level", "home_insee_code", "travel_modes")}
    profile |= {"wished_rome_codes": ["F1703"], "limit": 50}
    h = login("adviser")
    town_hall = client.post("/api/v1/match", headers=h, json=profile).json()["results"]
    door = client.post("/api/v1/match", headers=h, json=profile | {"home_address": "8 place Clemenceau"}).json()
    by_key = {(r["kind"], r["id"]): r["distance_km"] for r in town_hall}
    moved = [r for r in door["results"] if (r["kind"], r["id"]) in by_key]
    assert moved
    assert any(abs(r["distance_km"] - by_key[r["kind"], r["id"]]) > 0.5 for r in moved)


def test_the_search_page_says_when_an_address_could_not_be_placed(client, sign_in):
    sign_in("adviser")
    page = client.get("/recherche", params={"commune": "Béthune", "address": "3 rue Haute", "jobs": "F1703"}).text
    assert "Départ des trajets : centre de la commune" in page


def test_a_youth_saved_from_the_search_page_keeps_the_address_in_the_file(client, sign_in, street_level, db):
    csrf = sign_in("adviser")
    form = {"csrf": csrf, "commune": "Béthune", "address": "5 rue d'Arras", "jobs": "F1703", "file_reference": "AD-1"}
    r = client.post("/recherche/dossier", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    youth = db.exec(select(Youth).where(Youth.file_reference == "AD-1")).one()
    assert (youth.home_address, youth.latitude) == ("5 rue d'Arras", DOOR[0])
