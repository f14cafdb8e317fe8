"""Administration pages: accounts (open, deactivate, new password, revoke), a youth file's access
log, and the versions the service runs on."""

import re

from sqlmodel import select

from service.models import User
from tests import factories


def test_an_admin_opens_an_account_and_deactivating_it_logs_it_out(client, sign_in, db, demo_user):
    csrf = sign_in("admin")
    ml = demo_user("adviser").organisation_id
    form = {
        "csrf": csrf,
        "email": "nouvelle.conseillere@demo.passerelle.fr",
        "role": "adviser",
        "organisation_id": str(ml),
        "password": "Tournesol-Vert-2026",
    }
    assert client.post("/admin/utilisateurs", data=form, follow_redirects=False).status_code == 303
    created = db.exec(select(User).where(User.email == "nouvelle.conseillere@demo.passerelle.fr")).one()
    assert created.organisation_id == ml
    refused = client.post("/admin/utilisateurs", data={**form, "password": "court"})
    assert refused.status_code == 422
    assert 'id="err-password"' in refused.text or 'id="err-email"' in refused.text
    for odd in ("²", "١٢", "9" * 30):  # digits int() fails on or reads, beyond a database integer
        refused = client.post(
            "/admin/utilisateurs", data={**form, "email": "x@demo.passerelle.fr", "organisation_id": odd}
        )
        assert refused.status_code == 422
        assert 'id="err-organisation_id"' in refused.text

    sign_in("officer")
    assert client.get("/offres", follow_redirects=False).status_code == 200
    officer_cookies = dict(client.cookies)
    csrf = sign_in("admin")
    officer = demo_user("officer")
    client.post(f"/admin/utilisateurs/{officer.id}/desactiver", data={"csrf": csrf})
    db.refresh(officer)
    assert not officer.is_active
    client.cookies.clear()
    client.cookies.update(officer_cookies)
    assert client.get("/offres", follow_redirects=False).status_code == 303  # logged out at once


def test_a_new_password_is_shown_once_and_ends_the_sessions(client, sign_in, demo_user):
    csrf = sign_in("admin")
    trainer = demo_user("trainer")
    page = client.post(f"/admin/utilisateurs/{trainer.id}/mot-de-passe", data={"csrf": csrf}).text
    password = re.search(r"<code>([^<]+)</code>", page).group(1)
    assert len(password) >= 12
    client.cookies.clear()
    r = client.post("/connexion", data={"email": trainer.email, "password": password}, follow_redirects=False)
    assert r.status_code == 303


def test_the_access_log_of_a_youth_file(client, sign_in, db, places, demo_user):
    youth = factories.youth(db, places, demo_user("adviser").organisation_id, file_reference="LOG-1")
    sign_in("adviser")
    client.get(f"/jeunes/{youth.id}")
    sign_in("admin")
    page = client.get("/admin/journal", params={"dossier": "LOG-1"}).text
    assert "adviser@demo.passerelle.fr" in page
    assert "youth.read" in page
    assert client.get("/admin/journal").status_code == 200
    sign_in("adviser")
    assert client.get("/admin/journal", follow_redirects=False).status_code == 403


def test_the_versions_page(client, sign_in):
    sign_in("admin")
    page = client.get("/admin/versions").text
    assert "codes (ROME 4.0 livré avec Passerelle)" in page
    assert "demo-hauts-de-france" in page


def test_an_admin_merges_an_organisation_registered_twice(client, sign_in, db, places):
    from service.models import Offer, Organisation

    keep = factories.organisation(db, places, kind="employer", name="Boulangerie du Beffroi", siret=None)
    twin = factories.organisation(db, places, kind="employer", name="Boulangerie Beffroi (doublon)", siret=None)
    offer = factories.offer(db, places, twin, kind="job", title="Vendeur en boulangerie", rome_code="D1106")
    school = factories.organisation(db, places, kind="cfa", name="CFA test", siret=None)
    db.commit()
    csrf = sign_in("admin")
    assert "Boulangerie Beffroi (doublon)" in client.get("/admin/organisations", params={"q": "Beffroi"}).text
    wrong = client.post("/admin/organisations/fusion", data={"csrf": csrf, "keep": keep.id, "duplicate": school.id})
    assert wrong.status_code == 422
    assert "même type" in wrong.text
    odd = client.post("/admin/organisations/fusion", data={"csrf": csrf, "keep": keep.id, "duplicate": "²"})
    assert odd.status_code == 422
    assert "numéros des deux organisations" in odd.text
    r = client.post(
        "/admin/organisations/fusion",
        data={"csrf": csrf, "keep": keep.id, "duplicate": twin.id},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert db.get(Organisation, twin.id) is None
    assert db.get(Offer, offer.id).organisation_id == keep.id


def test_an_admin_registers_and_edits_any_kind_of_organisation(client, sign_in, db):
    from service.models import Organisation

    csrf = sign_in("admin")
    assert 'value="training_body"' in client.get("/entreprises/nouvelle").text
    form = {
        "csrf": csrf,
        "name": "Organisme de formation des Deux Caps",
        "kind": "training_body",
        "commune": "Boulogne-sur-Mer (62160)",
    }
    assert client.post("/entreprises/nouvelle", data=form, follow_redirects=False).status_code == 303
    org = db.exec(select(Organisation).where(Organisation.name == "Organisme de formation des Deux Caps")).one()
    page = client.get(f"/admin/organisations/{org.id}").text
    assert 'value="Boulogne-sur-Mer (62160)"' in page
    changed = {**form, "name": "Organisme de formation des Deux-Caps", "contact_phone": "03 53 01 00 00"}
    r = client.post(f"/admin/organisations/{org.id}", data=changed, follow_redirects=False)
    assert r.status_code == 303, r.text
    db.refresh(org)
    assert (org.name, org.contact_phone) == ("Organisme de formation des Deux-Caps", "03 53 01 00 00")
    sign_in("officer")
    assert 'value="training_body"' not in client.get("/entreprises/nouvelle").text
