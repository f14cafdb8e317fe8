"""A search's index is as fresh as the catalogue was when its request began: the version comes
with the caller's token, in the same query, and a write of the request's own transaction is seen."""

from service.accounts.service import user_for_token
from service.catalogue.queries import current_catalogue_version
from service.models import Organisation
from service.models.fields import utcnow
from tests import factories
from tests.helpers import TODAY, counted


def test_a_search_reads_the_catalogue_version_with_the_token(client, login, db, places, demo_user):
    adviser = demo_user("adviser")
    youth = factories.youth(db, places, adviser.organisation_id, file_reference="FRESH-1")
    db.commit()
    h = login("adviser")
    client.get(f"/api/v1/youths/{youth.id}/matches", headers=h)  # the index is built

    with counted(db) as statements:
        r = client.get(f"/api/v1/youths/{youth.id}/matches", headers=h)
    assert r.status_code == 200, r.text
    reading_version = [s for s in statements if "catalogue_version" in s]
    assert len(reading_version) == 1
    assert "api_token" in reading_version[0]


def test_a_session_published_by_another_request_shows_at_the_next_search(client, login, db, places, demo_user):
    adviser, trainer = demo_user("adviser"), demo_user("trainer")
    youth = factories.youth(db, places, adviser.organisation_id, file_reference="FRESH-2", max_travel_minutes=60)
    db.commit()
    h = login("adviser")
    before = client.get(f"/api/v1/youths/{youth.id}/matches", headers=h, params={"limit": 100}).json()

    session = {
        "title": "CAP Maçon (fraîcheur)",
        "rome_codes": ["F1703"],
        "target_level": 3,
        "entry_level": "none",
        "start_date": str(TODAY.replace(year=TODAY.year + 1)),
        "places_total": 8,
        "places_left": 8,
        "insee_code": "62119",
        "organisation_id": trainer.organisation_id,
    }
    r = client.post("/api/v1/sessions", headers=login("trainer"), json=session)
    assert r.status_code == 201, r.text
    after = client.get(f"/api/v1/youths/{youth.id}/matches", headers=h, params={"limit": 100}).json()
    assert r.json()["id"] not in [x["id"] for x in before["results"] if x["kind"] == "session"]
    assert r.json()["id"] in [x["id"] for x in after["results"] if x["kind"] == "session"]


def test_a_write_after_the_token_lookup_is_seen_by_the_same_transaction(db, places, demo_user, runtime, login):
    token = login("trainer")["Authorization"].removeprefix("Bearer ")
    trainer = user_for_token(db, token, utcnow())
    assert trainer is not None
    seen = current_catalogue_version(db)

    host = db.get(Organisation, trainer.organisation_id)
    session = factories.session_(db, places, host, title="CAP Maçon (même transaction)")
    assert current_catalogue_version(db) == session.version > seen
    assert runtime.matching.refresh(db, TODAY) == session.version
    assert runtime.matching.index.row_of((True, session.id)) is not None
