"""LHEO over the API: a training body imports only its own sessions; exports are XML."""

from sqlmodel import col, select

from service.interop import lheo
from service.interop.lheo_import import import_sessions
from service.models import Organisation, TrainingSession
from tests import factories
from tests.interop.test_lheo import HOSTILE, SAMPLE
from tests.positionings.test_positionings import move, new_youth, position


def test_training_bodies_import_only_their_own_sessions_over_the_api(client, login, db):
    trainer = login("trainer")
    me = client.get("/api/v1/me", headers=trainer).json()
    own = db.get(Organisation, me["organisation_id"]).siret
    foreign = client.post(
        "/api/v1/imports/lheo", content=SAMPLE, headers={**trainer, "Content-Type": "application/xml"}
    )
    assert foreign.status_code == 403
    assert "ligne" in foreign.json()["detail"].lower()
    mine = SAMPLE.replace(b"73282932000074", own.encode()).replace(b"44306184100047", own.encode())
    ok = client.post("/api/v1/imports/lheo", content=mine, headers={**trainer, "Content-Type": "application/xml"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["created"] == 3
    assert ok.json()["organisations_created"] == 0
    exported = client.get("/api/v1/sessions.lheo", headers=trainer, params={"organisation_id": me["organisation_id"]})
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/xml")
    assert b"FOR-002/ACT-010" not in exported.content
    assert b'numero="SES-010"' in exported.content


def test_a_broken_file_over_the_api_is_a_422_naming_the_line(client, login):
    r = client.post(
        "/api/v1/imports/lheo",
        content=HOSTILE["truncated"],
        headers={**login("admin"), "Content-Type": "application/xml"},
    )
    assert r.status_code == 422
    assert "ligne" in r.json()["detail"].lower()


def test_an_export_with_no_session_is_a_404_not_an_invalid_catalogue(client, login, db):
    """LHEO has no empty `offres`: a document without a `formation` would fail the schema."""
    no_siret = db.exec(select(Organisation).where(col(Organisation.siret).is_(None))).first()
    r = client.get("/api/v1/sessions.lheo", headers=login("admin"), params={"organisation_id": no_siret.id})
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert "SIRET" in r.json()["detail"]


def test_an_import_never_moves_another_bodys_sessions_even_with_a_shared_siret(client, login, db, places, demo_user):
    """A body that shares a SIRET with another (a duplicate, or one set by mistake) imports that
    other body's file: the sessions become its own; the other body's stay untouched."""
    one_body = SAMPLE.replace(b"44306184100047", b"73282932000074")
    victim = factories.organisation(db, places, siret="73282932000074", name="Organisme victime")
    import_sessions(db, places, lheo.read(one_body, 2**20))
    db.commit()
    before = titles_of(db, victim.pk)
    assert len(before) == 3
    trainer = db.get(Organisation, demo_user("trainer").organisation_id)
    trainer.siret = "73282932000074"
    db.add(trainer)
    db.commit()
    hostile = one_body.replace(b"<intitule-formation>", b"<intitule-formation>Pris : ")
    r = client.post(
        "/api/v1/imports/lheo", content=hostile, headers={**login("trainer"), "Content-Type": "application/xml"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 3
    assert titles_of(db, victim.pk) == before
    assert all(t.startswith("Pris : ") for t in titles_of(db, trainer.pk).values())


def titles_of(db, organisation_id):
    rows = db.exec(select(TrainingSession).where(TrainingSession.organisation_id == organisation_id)).all()
    return {s.external_id: s.title for s in rows if s.external_id}


def test_a_feed_that_states_no_places_publishes_sessions_open_to_youths(client, login, db):
    """LHEO's `recrutement` is optional: a session without it is not full, its places are unstated,
    and a youth can be found for it, positioned and entered."""
    trainer, adviser = login("trainer"), login("adviser")
    own = db.get(Organisation, client.get("/api/v1/me", headers=trainer).json()["organisation_id"]).siret
    start, end = SAMPLE.index(b"<recrutement>"), SAMPLE.index(b"</extras>") + len(b"</extras>")
    unstated = (SAMPLE[:start] + SAMPLE[end:]).replace(b"73282932000074", own.encode())
    unstated = unstated.replace(b"44306184100047", own.encode())
    r = client.post("/api/v1/imports/lheo", content=unstated, headers={**trainer, "Content-Type": "application/xml"})
    assert r.status_code == 200, r.text
    session = db.exec(select(TrainingSession).where(TrainingSession.external_id == "FOR-001/ACT-001/SES-001")).one()
    assert (session.places_total, session.places_left, session.closed) == (None, None, False)
    youth = new_youth(client, adviser, "LHEO-1", home_insee_code="62767", wished_rome_codes=["F1703"])
    found = client.get(f"/api/v1/youths/{youth['id']}/matches", headers=adviser, params={"limit": 50}).json()
    (result,) = [x for x in found["results"] if x["kind"] == "session" and x["id"] == session.id]
    assert result["places_left"] is None
    assert "Nombre de places non communiqué" in [c["reason"] for c in result["explanation"]["criteria"]]
    p = position(client, adviser, youth, {"id": session.id})
    assert move(client, trainer, p, "selected").status_code == 200
    assert move(client, trainer, p, "entered").status_code == 200
    db.refresh(session)
    assert session.places_left is None  # the body counts them; nothing to take from
    fill = client.get("/api/v1/sessions.csv", headers=trainer, params={"organisation_id": session.organisation_id})
    row = next(r for r in fill.text.splitlines() if r.startswith(f"{session.id},"))
    assert row.split(",")[4:7] == ["", "", ""]  # places total, left, fill rate: not stated
    client.post("/connexion", data={"email": "trainer@demo.passerelle.fr", "password": "passerelle-demo"})
    assert "Places restantes : <strong>non communiqué</strong>" in client.get(f"/sessions/{session.id}").text
    # the body states them at last: all of them are left
    stated = client.patch(f"/api/v1/sessions/{session.id}", headers=trainer, json={"places_total": 12})
    assert (stated.json()["places_total"], stated.json()["places_left"]) == (12, 12)
