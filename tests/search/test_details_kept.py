"""Each worker keeps the options' interview details between searches: a change to an option, or to
its host, shows at the next search all the same."""

from service.models import Organisation
from tests import factories


def _details_of(client, h, youth_id: int, session_id: int) -> dict:
    body = client.get(f"/api/v1/youths/{youth_id}/matches", headers=h, params={"limit": 50}).json()
    found = [r["details"] for r in body["results"] if r["kind"] == "session" and r["id"] == session_id]
    assert found, "the session is among the results"
    return found[0]


def test_a_changed_session_or_host_shows_at_the_next_search(client, login, db, places, demo_user):
    adviser, trainer = demo_user("adviser"), demo_user("trainer")
    host = db.get(Organisation, trainer.organisation_id)
    session = factories.session_(db, places, host, title="CAP Maçon (détails)", insee_code="62119", hours=600)
    youth = factories.youth(db, places, adviser.organisation_id, file_reference="DETAILS-1", max_travel_minutes=60)
    db.commit()
    h, t = login("adviser"), login("trainer")

    assert _details_of(client, h, youth.id, session.id)["hours"] == 600
    assert _details_of(client, h, youth.id, session.id)["hours"] == 600  # kept: the same answer

    r = client.patch(f"/api/v1/sessions/{session.id}", headers=t, json={"hours": 750})
    assert r.status_code == 200, r.text
    assert _details_of(client, h, youth.id, session.id)["hours"] == 750

    admin = login("admin")
    r = client.patch(f"/api/v1/organisations/{host.id}", headers=admin, json={"contact_phone": "03 21 00 00 42"})
    assert r.status_code == 200, r.text
    assert _details_of(client, h, youth.id, session.id)["contact"]["phone"] == "03 21 00 00 42"


def test_a_renamed_host_shows_under_its_new_name_at_the_next_search(client, login, db, places, demo_user):
    adviser, trainer = demo_user("adviser"), demo_user("trainer")
    host = db.get(Organisation, trainer.organisation_id)
    session = factories.session_(db, places, host, title="CAP Maçon (nom)", insee_code="62119")
    youth = factories.youth(db, places, adviser.organisation_id, file_reference="DETAILS-2", max_travel_minutes=60)
    db.commit()
    h = login("adviser")
    _details_of(client, h, youth.id, session.id)  # the index and the details are warm

    r = client.patch(f"/api/v1/organisations/{host.id}", headers=login("admin"), json={"name": "Centre renommé"})
    assert r.status_code == 200, r.text
    body = client.get(f"/api/v1/youths/{youth.id}/matches", headers=h, params={"limit": 50}).json()
    shown = [r["organisation"]["name"] for r in body["results"] if r["kind"] == "session" and r["id"] == session.id]
    assert shown == ["Centre renommé"]
