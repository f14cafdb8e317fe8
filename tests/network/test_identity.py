"""An organisation's identity (SIRET, kind, parent) is the admins' to change, through a PATCH or
a directory import; an import updates only what the importing user may edit."""

from sqlmodel import select

from service.models import AuditEvent, Organisation
from tests import factories

OTHER_SIRET = "44306184100047"


def csv_import(client, headers, text):
    return client.post("/api/v1/imports/organisations", headers={**headers, "Content-Type": "text/csv"}, content=text)


def test_a_training_body_cannot_take_another_bodys_siret_kind_or_parent(client, login, db, places, demo_user):
    trainer = demo_user("trainer")
    factories.organisation(db, places, siret=OTHER_SIRET, name="Autre organisme")
    db.commit()
    h = login("trainer")
    for field, value in (("siret", OTHER_SIRET), ("kind", "employer"), ("parent_id", trainer.organisation_id)):
        r = client.patch(f"/api/v1/organisations/{trainer.organisation_id}", headers=h, json={field: value})
        assert r.status_code == 403, r.text
        assert r.json()["errors"][0]["field"] == field
    mine = db.get(Organisation, trainer.organisation_id)
    db.refresh(mine)
    assert mine.siret != OTHER_SIRET
    assert mine.kind == "training_body"
    # its own name, address and contacts stay its own to change
    r = client.patch(
        f"/api/v1/organisations/{trainer.organisation_id}", headers=h, json={"contact_phone": "0321000000"}
    )
    assert r.status_code == 200, r.text


def test_a_business_officer_cannot_turn_an_employer_into_a_training_body(client, login, db, places, demo_user):
    officer = demo_user("officer")
    employer = factories.organisation(db, places, kind="employer", siret=None, name="Garage du Centre")
    employer.managed_by_id = officer.organisation_id
    db.add(employer)
    db.commit()
    h = login("officer")
    r = client.patch(f"/api/v1/organisations/{employer.id}", headers=h, json={"kind": "training_body"})
    assert r.status_code == 403
    r = client.patch(f"/api/v1/organisations/{employer.id}", headers=h, json={"parent_id": officer.organisation_id})
    assert r.status_code == 403
    assert (
        client.patch(f"/api/v1/organisations/{employer.id}", headers=h, json={"name": "Garage Central"}).status_code
        == 200
    )


def test_an_admin_changes_a_siret_and_the_change_is_audited(client, login, db, places):
    org = factories.organisation(db, places, siret=None, name="Organisme sans SIRET")
    db.commit()
    r = client.patch(f"/api/v1/organisations/{org.id}", headers=login("admin"), json={"siret": OTHER_SIRET})
    assert r.status_code == 200, r.text
    audited = db.exec(select(AuditEvent).where(AuditEvent.action == "organisation.siret")).all()
    assert [(e.object_id, e.detail) for e in audited] == [(org.id, f"- -> {OTHER_SIRET}")]


def test_an_import_never_changes_an_organisation_managed_elsewhere(client, login, db, places, another_ml):
    theirs = factories.organisation(db, places, kind="employer", siret=OTHER_SIRET, name="Employeur de l'autre ML")
    theirs.managed_by_id = another_ml.id
    trainer = factories.organisation(db, places, siret="73282932000074", name="Organisme de formation")
    db.add(theirs)
    db.commit()
    text = (
        "name,kind,siret,commune\n"
        f"Renommé,employer,{OTHER_SIRET},Béthune\n"
        "Devenu employeur,employer,73282932000074,Béthune\n"
        "Nouvel employeur,employer,,Béthune\n"
    )
    r = csv_import(client, login("officer"), text)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["created"] == 1
    assert report["updated"] == 0
    assert [x["reason"] for x in report["rejections"]] == ["géré par une autre structure"] * 2
    for org, name, kind in (
        (theirs, "Employeur de l'autre ML", "employer"),
        (trainer, "Organisme de formation", "training_body"),
    ):
        db.refresh(org)
        assert (org.name, org.kind) == (name, kind)


def test_an_import_refuses_a_change_of_kind_even_for_an_admin(client, login, db, places):
    org = factories.organisation(db, places, kind="training_body", siret=OTHER_SIRET, name="Organisme")
    db.commit()
    r = csv_import(client, login("admin"), f"name,kind,siret,commune\nOrganisme,employer,{OTHER_SIRET},Béthune\n")
    assert r.json()["rejections"][0]["reason"].startswith("kind : changement de type refusé")
    db.refresh(org)
    assert org.kind == "training_body"


def test_an_officer_updates_the_employers_of_its_own_mission_locale(client, login, db, places, demo_user):
    ours = factories.organisation(db, places, kind="employer", siret=OTHER_SIRET, name="Notre employeur")
    ours.managed_by_id = demo_user("officer").organisation_id
    db.add(ours)
    db.commit()
    r = csv_import(
        client, login("officer"), f"name,kind,siret,commune\nNotre employeur SARL,employer,{OTHER_SIRET},Béthune\n"
    )
    assert r.json()["updated"] == 1
    db.refresh(ours)
    assert ours.name == "Notre employeur SARL"
