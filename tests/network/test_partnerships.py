"""A partnership declared by one side counts for a Mission Locale only once it confirmed it;
either side can end it; both are audited and shown on /partenaires."""

from sqlmodel import select

from service.models import AuditEvent, Organisation
from tests import factories


def declare(client, headers, org_id, source_id, target_id):
    body = {"source_id": source_id, "target_id": target_id, "type": "training_partner"}
    return client.post(f"/api/v1/organisations/{org_id}/partnerships", headers=headers, json=body)


def network_partners(client, headers):
    return {o["id"] for o in client.get("/api/v1/network", headers=headers).json()["partners"]}


def test_a_partner_declared_by_a_training_body_counts_once_the_mission_locale_confirms(
    client, login, db, places, demo_user
):
    adviser, trainer = login("adviser"), login("trainer")
    ml = demo_user("adviser").organisation_id
    body = demo_user("trainer").organisation_id
    other = factories.organisation(db, places, siret=None, name="Organisme sans lien")
    db.commit()
    ours = db.get(Organisation, body)
    r = declare(client, trainer, body, body, ml)
    assert r.status_code == 201, r.text
    declared = r.json()
    assert declared["confirmed_at"] is None
    # a partnership the body claims on its own does not move the Mission Locale's rankings
    fresh = declare(client, login("admin"), other.id, other.id, ml).json()  # an admin's counts at once
    assert fresh["confirmed_at"] is not None
    assert other.id in network_partners(client, adviser)
    confirmed = client.post(f"/api/v1/organisations/{ml}/partnerships/{declared['id']}/confirm", headers=adviser)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["confirmed_at"] is not None
    assert ours.id in network_partners(client, adviser)
    ended = client.delete(f"/api/v1/organisations/{body}/partnerships/{declared['id']}", headers=trainer)
    assert ended.json()["ended_at"] is not None
    actions = db.exec(select(AuditEvent.action).where(AuditEvent.object_id == declared["id"])).all()
    assert {"partnership.create", "partnership.confirm", "partnership.end"} <= set(actions)


def test_an_unconfirmed_declaration_does_not_reach_the_graph(client, login, db, places, demo_user):
    ml = demo_user("adviser").organisation_id
    trainer_org = demo_user("trainer").organisation_id
    newcomer = factories.organisation(db, places, siret=None, name="Organisme opportuniste")
    db.commit()
    from service.accounts.service import create_user
    from service.models import Role

    create_user(db, "of@opportuniste.fr", Role.TRAINING_BODY, newcomer.id, "Un-Mot-De-Passe-Solide-9")
    db.commit()
    from tests.helpers import bearer

    theirs = bearer(client, "of@opportuniste.fr", "Un-Mot-De-Passe-Solide-9")
    assert declare(client, theirs, newcomer.id, newcomer.id, ml).status_code == 201
    assert newcomer.id not in network_partners(client, login("adviser"))
    # the body cannot confirm its own claim
    pending = client.get(f"/api/v1/organisations/{newcomer.id}/partnerships", headers=theirs).json()
    claim = next(p for p in pending if p["target_id"] == ml)
    r = client.post(f"/api/v1/organisations/{newcomer.id}/partnerships/{claim['id']}/confirm", headers=theirs)
    assert r.status_code == 403
    assert (
        client.post(
            f"/api/v1/organisations/{ml}/partnerships/{claim['id']}/confirm", headers=login("adviser")
        ).status_code
        == 200
    )
    assert newcomer.id in network_partners(client, login("adviser"))
    # nor end one it is not part of
    unrelated = declare(client, login("trainer"), trainer_org, trainer_org, ml).json()
    r = client.delete(f"/api/v1/organisations/{trainer_org}/partnerships/{unrelated['id']}", headers=theirs)
    assert r.status_code == 404


def test_the_mission_locale_confirms_or_refuses_on_its_partners_page(client, login, sign_in, db, demo_user):
    ml = demo_user("adviser").organisation_id
    body = demo_user("trainer").organisation_id
    claim = declare(client, login("trainer"), body, body, ml).json()
    csrf = sign_in("adviser")
    page = client.get("/partenaires")
    assert "Partenariats à confirmer" in page.text
    r = client.post(
        f"/partenaires/{body}/partenariats/{claim['id']}/confirmation", data={"csrf": csrf}, follow_redirects=False
    )
    assert r.status_code == 303
    assert "Partenariats à confirmer" not in client.get("/partenaires").text
