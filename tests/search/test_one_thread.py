"""The match routes run their user's lookup, their work and their commit in one worker thread;
what a client sees is what every other route gives: 401 for a revoked token, 404 for a youth of
another Mission Locale, 422 naming the field, the audit line written with the answer."""

import inspect
import threading

from sqlmodel import select

from service import deps
from service.accounts.service import issue_token, revoke_token
from service.models import AuditEvent
from service.search import service as search
from tests import factories


def test_the_lookup_the_search_and_the_commit_share_one_thread(client, login, db, places, demo_user, monkeypatch):
    youth = factories.youth(db, places, demo_user("adviser").organisation_id, file_reference="ONE-1")
    db.commit()
    h = login("adviser")
    calls: dict[str, tuple[int, bool]] = {}  # the first call of each: its thread, whether in the one job

    def spy(name, real):
        def call(*args, **kwargs):
            in_job = any(f.function == "lookup_route_commit" for f in inspect.stack())
            calls.setdefault(name, (threading.get_ident(), in_job))
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(deps, "user_for_token", spy("user", deps.user_for_token))
    monkeypatch.setattr(search, "matches_for", spy("search", search.matches_for))
    monkeypatch.setattr(db, "commit", spy("commit", db.commit))
    r = client.get(f"/api/v1/youths/{youth.id}/matches", headers=h)
    assert r.status_code == 200, r.text
    assert calls.keys() == {"user", "search", "commit"}
    assert all(in_job for _, in_job in calls.values())  # one job handed to a worker thread...
    assert len({thread for thread, _ in calls.values()}) == 1
    assert calls["user"][0] != threading.get_ident()  # ...never the event loop's thread


def test_a_revoked_token_fails_at_once(client, db, places, demo_user):
    adviser = demo_user("adviser")
    youth = factories.youth(db, places, adviser.organisation_id, file_reference="ONE-2")
    token = issue_token(db, adviser, "SI de la Mission Locale", None)
    db.commit()
    h = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/youths/{youth.id}/matches", headers=h).status_code == 200
    revoke_token(db, token)
    db.commit()
    r = client.get(f"/api/v1/youths/{youth.id}/matches", headers=h)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert client.get(f"/api/v1/youths/{youth.id}/matches").status_code == 401
    assert client.post("/api/v1/match", headers=h, json={"birth_date": "2006-01-01"}).status_code == 401


def test_errors_and_the_audit_line_are_those_of_any_route(client, login, db, places, demo_user):
    adviser = demo_user("adviser")
    youth = factories.youth(db, places, adviser.organisation_id, file_reference="ONE-3")
    db.commit()
    h = login("adviser")

    r = client.get(f"/api/v1/youths/{youth.id}/matches", headers=h, params={"limit": 0})
    assert r.status_code == 422
    assert "limit" in r.text
    assert client.get(f"/api/v1/youths/{youth.id}/matches", headers=login("officer")).status_code == 404

    before = len(db.exec(select(AuditEvent).where(AuditEvent.object_id == youth.id)).all())
    assert client.get(f"/api/v1/youths/{youth.id}/matches", headers=h).status_code == 200
    lines = db.exec(select(AuditEvent).where(AuditEvent.object_id == youth.id)).all()
    assert len(lines) == before + 1
    assert lines[-1].action == "youth.match"
    assert lines[-1].user_id == adviser.id

    r = client.post(
        "/api/v1/match",
        headers=h,
        json={"birth_date": "2006-01-01", "qualification_level": 3, "home_insee_code": "62119"},
    )
    assert r.status_code == 200, r.text
    r = client.post(
        "/api/v1/match", headers=h, json={"birth_date": "2006-01-01", "qualification_level": 3, "home_insee_code": "6"}
    )
    assert r.status_code == 422
    assert "home_insee_code" in r.text
