"""Personal data duties: retention purge, and who saw a youth's file."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select
from typer.testing import CliRunner

from service import migrate
from service.accounts.service import user_by_email
from service.cli import app
from service.models import Organisation, Positioning, Youth
from service.settings import get_settings
from service.youths.service import purge_inactive, retention_cutoff
from tests import factories

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_retention_cutoff_is_calendar_months():
    assert retention_cutoff(NOW, 24) == datetime(2024, 11, 22, 12, 0, tzinfo=UTC)
    assert retention_cutoff(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)


def test_purge_erases_inactive_files_and_keeps_anonymous_counts(db, places):
    ml = user_by_email(db, "adviser@demo.passerelle.fr").organisation_id
    old = factories.youth(db, places, ml, file_reference="OLD-1")
    recent = factories.youth(db, places, ml, file_reference="NEW-1")
    old.last_activity_at, recent.last_activity_at = NOW - timedelta(days=800), NOW - timedelta(days=30)
    org = factories.organisation(db, places)
    session = factories.session_(db, places, org)
    db.add(Positioning(youth_id=old.id, mission_locale_id=ml, session_id=session.id, file_reference="OLD-1"))
    db.commit()
    dry = purge_inactive(db, NOW, 24, dry_run=True)
    assert old in dry
    assert recent not in dry
    assert db.get(Youth, old.id) is not None
    removed = purge_inactive(db, NOW, 24)
    assert [y.file_reference for y in removed if y.file_reference.startswith(("OLD", "NEW"))] == ["OLD-1"]
    assert db.get(Youth, old.id) is None
    assert db.get(Youth, recent.id) is not None
    kept = db.exec(select(Positioning).where(Positioning.session_id == session.id)).one()
    assert kept.youth_id is None
    assert kept.file_reference == ""


def test_purge_command_reports_what_it_removes(scratch_url, monkeypatch):
    migrate.upgrade(scratch_url)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["purge", "--dry-run"])
        assert result.exit_code == 0, result.output
        assert "0 youth files inactive since before" in result.output
        assert "would be erased" in result.output
    finally:
        get_settings.cache_clear()


def test_admins_list_who_saw_a_youth_file(client, login):
    adviser = login("adviser")
    youth = client.get("/api/v1/youths", headers=adviser).json()["items"][0]
    assert client.get(f"/api/v1/youths/{youth['id']}", headers=adviser).status_code == 200
    assert client.get(f"/api/v1/youths/{youth['id']}/accesses", headers=adviser).status_code == 403
    seen = client.get(f"/api/v1/youths/{youth['id']}/accesses", headers=login("admin"))
    assert seen.status_code == 200
    assert {"user_email": "adviser@demo.passerelle.fr", "action": "youth.read"}.items() <= seen.json()[-1].items()


def test_erasure_leaves_no_free_text_about_the_youth(client, login, db, places, demo_user):
    """Notes on the youth's positionings can name the youth: erasure blanks them, keeping the
    statuses and dates the statistics need."""
    from service.models import AuditEvent, PositioningEvent

    adviser, trainer = login("adviser"), login("trainer")
    org = db.get(Organisation, demo_user("trainer").organisation_id)
    session = factories.session_(db, places, org)
    youth = factories.youth(db, places, demo_user("adviser").organisation_id, file_reference="ERASE-1")
    db.commit()
    p = client.post(
        "/api/v1/positionings", headers=adviser, json={"youth_id": youth.id, "session_id": session.id}
    ).json()
    note = "Kevin Martin, 17 ans, vient avec sa mère"
    r = client.post(
        f"/api/v1/positionings/{p['id']}/status", headers=trainer, json={"status": "selected", "note": note}
    )
    assert r.status_code == 200
    assert client.delete(f"/api/v1/youths/{youth.id}", headers=adviser).status_code == 204
    kept = client.get(f"/api/v1/positionings/{p['id']}", headers=login("admin")).json()
    assert [e["to_status"] for e in kept["history"]] == ["positioned", "selected"]
    assert all(e["note"] == "" for e in kept["history"])
    assert kept["file_reference"] == ""
    notes = db.exec(select(PositioningEvent.note).where(PositioningEvent.positioning_id == p["id"])).all()
    assert set(notes) == {""}
    details = db.exec(
        select(AuditEvent.detail).where(AuditEvent.object_type == "youth", AuditEvent.object_id == youth.id)
    ).all()
    assert set(details) <= {""}
