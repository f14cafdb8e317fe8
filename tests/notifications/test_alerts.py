"""Alerts: an adviser following a youth hears of a new or reopened option that ranks in the
youth's top results, and of nothing else."""

from datetime import timedelta

from tests.helpers import TODAY

YOUTH = {
    "birth_date": "2004-02-01",
    "qualification_level": "infra_3",
    "wished_rome_codes": ["F1608"],
    "home_insee_code": "62119",
    "travel_modes": ["walk", "bike", "public_transport"],
    "max_travel_minutes": 45,
}
SESSION = {
    "title": "CAP Carreleur mosaïste (alerte)",
    "rome_codes": ["F1608"],
    "target_level": 3,
    "entry_level": "none",
    "start_date": str(TODAY + timedelta(days=12)),
    "end_date": str(TODAY + timedelta(days=300)),
    "places_total": 10,
    "places_left": 10,
    "insee_code": "62119",
}


def titles(client, headers):
    return [n["title"] for n in client.get("/api/v1/notifications", headers=headers).json()]


def test_a_new_session_in_a_followed_youths_top_results_is_announced(client, login):
    adviser, trainer = login("adviser"), login("trainer")
    followed = client.post("/api/v1/youths", headers=adviser, json=YOUTH | {"file_reference": "AL-1"}).json()
    other = YOUTH | {"file_reference": "AL-2", "wished_rome_codes": ["K1304"]}
    assert client.post("/api/v1/youths", headers=adviser, json=other).status_code == 201
    r = client.post("/api/v1/sessions", headers=trainer, json=SESSION)
    assert r.status_code == 201, r.text
    said = titles(client, adviser)
    assert "Nouvelle solution pour le dossier AL-1 : « CAP Carreleur mosaïste (alerte) »" in said
    assert not any("AL-2" in t for t in said)  # it does not fit what AL-2 wishes
    assert followed["id"]


def test_a_session_that_reopens_is_announced_and_an_unfollowed_youth_is_not(client, login, sign_in, db):
    adviser, trainer = login("adviser"), login("trainer")
    youth = client.post("/api/v1/youths", headers=adviser, json=YOUTH | {"file_reference": "AL-3"}).json()
    full = client.post("/api/v1/sessions", headers=trainer, json=SESSION | {"places_left": 0}).json()
    assert not any("AL-3" in t for t in titles(client, adviser))  # no room: not an option yet
    client.patch(f"/api/v1/sessions/{full['id']}", headers=trainer, json={"places_left": 2})
    assert any("AL-3" in t for t in titles(client, adviser))
    csrf = sign_in("adviser")
    client.post(f"/jeunes/{youth['id']}/suivi", data={"csrf": csrf, "on": "false"})
    before = len(titles(client, adviser))
    client.post("/api/v1/sessions", headers=trainer, json=SESSION | {"title": "CAP Carreleur (deuxième groupe)"})
    assert len(titles(client, adviser)) == before


def test_new_options_are_listed_on_the_advisers_day(client, login, sign_in):
    adviser, trainer = login("adviser"), login("trainer")
    client.post("/api/v1/youths", headers=adviser, json=YOUTH | {"file_reference": "AL-4"})
    client.post("/api/v1/sessions", headers=trainer, json=SESSION)
    sign_in("adviser")
    todo = client.get("/a-faire").text
    assert "Nouvelle solution pour le dossier AL-4" in todo
