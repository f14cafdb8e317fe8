"""Organisations, sessions and offers: happy paths and every role boundary."""

from datetime import timedelta

from matching.index import CandidateIndex
from service.models import Organisation, Role
from tests import factories
from tests.helpers import TODAY

SESSION = {
    "title": "CAP Cuisine",
    "rome_codes": ["G1602"],
    "target_level": 3,
    "entry_level": "none",
    "start_date": str(TODAY + timedelta(days=15)),
    "end_date": str(TODAY + timedelta(days=300)),
    "places_total": 12,
    "places_left": 12,
    "insee_code": "62119",
}


def test_officer_registers_an_employer_and_an_immersion_offer(client, login):
    h = login("officer")
    r = client.post(
        "/api/v1/organisations",
        headers=h,
        json={"kind": "employer", "name": "Boulangerie Test", "siret": "73282932000074", "insee_code": "62119"},
    )
    assert r.status_code == 201, r.text
    org = r.json()
    assert org["latitude"] == 50.530489  # placed at the commune
    r = client.post(
        "/api/v1/offers",
        headers=h,
        json={
            "organisation_id": org["id"],
            "kind": "immersion",
            "title": "Immersion boulangerie",
            "rome_code": "D1102",
            "insee_code": "62119",
        },
    )
    assert r.status_code == 201, r.text
    offer_id = r.json()["id"]
    assert (
        client.patch(f"/api/v1/offers/{offer_id}", headers=h, json={"positions_open": 3}).json()["positions_open"] == 3
    )
    assert client.delete(f"/api/v1/offers/{offer_id}", headers=h).json()["closed"] is True


def test_officer_cannot_register_a_training_body(client, login):
    r = client.post(
        "/api/v1/organisations",
        headers=login("officer"),
        json={"kind": "training_body", "name": "OF", "insee_code": "62119"},
    )
    assert r.status_code == 403


def test_officer_cannot_touch_another_mission_locales_employer(client, login, db, another_ml):
    from sqlmodel import select

    theirs = db.exec(select(Organisation).where(Organisation.managed_by_id == another_ml.id)).first()
    r = client.patch(f"/api/v1/organisations/{theirs.id}", headers=login("officer"), json={"name": "Pris"})
    assert r.status_code == 404
    r = client.post(
        "/api/v1/offers",
        headers=login("officer"),
        json={"organisation_id": theirs.id, "kind": "job", "title": "x", "rome_code": "D1102", "insee_code": "62119"},
    )
    assert r.status_code == 404


def test_bad_siret_and_unknown_commune_name_the_field(client, login):
    h = login("officer")
    r = client.post(
        "/api/v1/organisations",
        headers=h,
        json={"kind": "employer", "name": "X", "siret": "12345678901234", "insee_code": "62119"},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "siret"
    r = client.post("/api/v1/organisations", headers=h, json={"kind": "employer", "name": "X", "insee_code": "99999"})
    assert r.status_code == 422
    assert "99999" in r.json()["detail"]


def test_training_body_publishes_and_edits_its_own_sessions(client, login):
    h = login("trainer")
    r = client.post("/api/v1/sessions", headers=h, json=SESSION)
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    r = client.patch(f"/api/v1/sessions/{sid}", headers=h, json={"places_left": 5})
    assert r.status_code == 200
    assert r.json()["places_left"] == 5
    r = client.patch(f"/api/v1/sessions/{sid}", headers=h, json={"places_left": 50})
    assert r.status_code == 422
    assert "places_left" in r.json()["detail"]
    mine = client.get("/api/v1/me", headers=h).json()["organisation_id"]
    listed = client.get("/api/v1/sessions", headers=h, params={"organisation_id": mine, "limit": 200}).json()["items"]
    assert sid in [s["id"] for s in listed]
    assert all(s["organisation_id"] == mine for s in listed)
    assert client.delete(f"/api/v1/sessions/{sid}", headers=h).json()["closed"] is True


def test_another_training_body_gets_404_on_my_session(client, login, db, other_user):
    from sqlmodel import select

    sid = client.post("/api/v1/sessions", headers=login("trainer"), json=SESSION).json()["id"]
    rival = db.exec(
        select(Organisation).where(Organisation.kind == "training_body").order_by(Organisation.id.desc())
    ).first()
    email = other_user(Role.TRAINING_BODY, rival.id)
    r = client.patch(f"/api/v1/sessions/{sid}", headers=login(email), json={"title": "Piratée"})
    assert r.status_code == 404


def test_adviser_cannot_publish_sessions(client, login):
    assert client.post("/api/v1/sessions", headers=login("adviser"), json=SESSION).status_code == 403


def test_lists_filter_and_paginate(client, login):
    h = login("adviser")
    page = client.get("/api/v1/sessions", headers=h, params={"limit": 5}).json()
    assert len(page["items"]) == 5
    assert page["next_cursor"]
    nxt = client.get("/api/v1/sessions", headers=h, params={"limit": 5, "cursor": page["next_cursor"]}).json()
    assert {s["id"] for s in page["items"]}.isdisjoint(s["id"] for s in nxt["items"])
    maçons = client.get("/api/v1/offers", headers=h, params={"kind": "immersion", "limit": 200}).json()["items"]
    assert maçons
    assert all(o["kind"] == "immersion" for o in maçons)
    orgs = client.get("/api/v1/organisations", headers=h, params={"kind": "cfa", "department": "62"}).json()["items"]
    assert orgs
    assert all(o["kind"] == "cfa" and o["insee_code"].startswith("62") for o in orgs)
    assert client.get("/api/v1/sessions", headers=h, params={"cursor": "abc"}).status_code == 422


def test_reference_autocompletion(client, login):
    h = login("adviser")
    assert client.get("/api/v1/rome", headers=h, params={"q": "maçon"}).json()[0]["code"] == "F1703"
    assert client.get("/api/v1/communes", headers=h, params={"q": "bethune"}).json()[0]["insee_code"] == "62119"
    assert client.get("/api/v1/communes", headers=h, params={"q": "62000"}).json()[0]["name"] == "Arras"


def _immersions(client, h, count):
    """An employer's `count` immersion offers, as the officer publishes them; their ids."""
    org = client.post(
        "/api/v1/organisations",
        headers=h,
        json={"kind": "employer", "name": "Garage Test", "siret": "73282932000074", "insee_code": "62119"},
    ).json()
    return [
        client.post(
            "/api/v1/offers",
            headers=h,
            json={
                "organisation_id": org["id"],
                "kind": "immersion",
                "title": "Immersion garage",
                "rome_code": "I1604",
                "insee_code": "62119",
            },
        ).json()["id"]
        for _ in range(count)
    ]


def test_a_closed_offer_leaves_the_index_and_a_new_worker_never_loads_it(client, login, db, runtime, make_runtime):
    h = login("officer")
    [offer] = _immersions(client, h, 1)
    client.get("/health")  # a request brings the worker's index up to date
    assert runtime.matching.index.row_of((False, offer)) is not None
    client.delete(f"/api/v1/offers/{offer}", headers=h)
    client.get("/health")
    assert runtime.matching.index.row_of((False, offer)) is None
    fresh = make_runtime().matching
    fresh.refresh(db, TODAY)
    assert fresh.index.n == len(fresh.index) == len(runtime.matching.index)  # open items only, no dead row


def test_a_worker_swaps_in_a_compacted_index_once_closings_outnumber_open_items(client, login, runtime, monkeypatch):
    h = login("officer")
    offers = _immersions(client, h, 3)
    client.get("/health")
    before = runtime.matching.index
    monkeypatch.setattr(CandidateIndex, "worth_compacting", lambda index: index.n > len(index))
    jobs = []
    runtime.matching.background = jobs.append  # run by hand: the build would be a thread's
    client.delete(f"/api/v1/offers/{offers[0]}", headers=h)
    client.get("/health")
    assert runtime.matching.index is before
    assert len(jobs) == 1
    jobs.pop()()
    client.delete(f"/api/v1/offers/{offers[1]}", headers=h)  # written while the new index was built
    client.get("/health")
    after = runtime.matching.index
    assert after is not before
    assert after.version > before.version
    assert after.n == len(after) + 1  # one cleared row: the offer closed while it was built
    assert [after.row_of((False, offer)) is None for offer in offers] == [True, True, False]
    client.delete(f"/api/v1/offers/{offers[2]}", headers=h)  # the new index follows the next writes
    client.get("/health")
    assert runtime.matching.index.row_of((False, offers[2])) is None


def test_a_filter_that_removes_most_rows_still_fills_each_page(client, login, db, places):
    """The ROME filter runs in SQL before the page is taken: no short or empty page while more follow."""
    org = factories.organisation(db, places, siret=None, name="Organisme rare")
    rare = [factories.session_(db, places, org, rome_codes=["K2110"], title=f"Rare {i}") for i in range(3)]
    db.commit()
    h = login("adviser")
    first = client.get("/api/v1/sessions", headers=h, params={"rome": "K2110", "limit": 2}).json()
    assert [s["id"] for s in first["items"]] == [s.id for s in rare[:2]]
    assert first["next_cursor"]
    second = client.get(
        "/api/v1/sessions", headers=h, params={"rome": "K2110", "limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert [s["id"] for s in second["items"]] == [rare[2].id]
    assert second["next_cursor"] is None


def test_the_organisation_sector_filter_pages_in_sql(client, login, db, places):
    made = [factories.organisation(db, places, siret=None, name=f"Rare {i}", sectors=["Z99"]) for i in range(3)]
    db.commit()
    h = login("adviser")
    first = client.get("/api/v1/organisations", headers=h, params={"sector": "z99", "limit": 2}).json()
    assert [o["id"] for o in first["items"]] == [o.id for o in made[:2]]
    second = client.get(
        "/api/v1/organisations", headers=h, params={"sector": "Z99", "limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert [o["id"] for o in second["items"]] == [made[2].id]
