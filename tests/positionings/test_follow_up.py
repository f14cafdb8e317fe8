"""Follow-up that never stalls: structured reasons, reminders, automatic closing, and what the
adviser sees to do."""

from datetime import timedelta

from sqlmodel import select

from service.models import Positioning, PositioningEvent
from service.models import PositioningStatus as S
from service.models.fields import utcnow
from service.positionings.service import follow_up
from tests.positionings.test_positionings import position, setup  # noqa: F401  (the fixture)

REMIND, CLOSE = timedelta(days=10), timedelta(days=30)


def status(client, headers, p, body):
    return client.post(f"/api/v1/positionings/{p['id']}/status", headers=headers, json=body)


def test_ending_a_positioning_needs_a_reason_from_the_list(client, setup):  # noqa: F811
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    r = status(client, trainer, p, {"status": "refused"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "reason"
    r = status(client, trainer, p, {"status": "refused", "reason": "other"})
    assert r.json()["errors"][0]["field"] == "note"
    r = status(client, trainer, p, {"status": "refused", "reason": "not_mobile"})
    assert r.status_code == 200
    assert r.json()["history"][-1]["reason"] == "not_mobile"
    assert status(client, adviser, p, {"status": "withdrawn", "reason": "teleport"}).status_code == 422


def aged(db, p, days):
    row = db.get(Positioning, p["id"])
    row.updated_at = utcnow() - timedelta(days=days)
    db.add(row)
    db.flush()
    return row


def test_an_unanswered_positioning_is_reminded_then_closed_and_the_youth_is_free_again(client, db, setup):  # noqa: F811
    session, youth, _, adviser = setup
    p = position(client, adviser, youth, session)
    row = aged(db, p, 11)
    done = follow_up(db, utcnow(), REMIND, CLOSE)
    assert [x.id for x in done.reminded] == [row.id]
    assert not done.closed
    assert row.reminded_at is not None
    assert follow_up(db, utcnow(), REMIND, CLOSE).reminded == []  # reminded once
    aged(db, p, 31)
    done = follow_up(db, utcnow(), REMIND, CLOSE)
    assert [x.id for x in done.closed] == [row.id]
    assert row.status is S.REFUSED
    events = db.exec(select(PositioningEvent).where(PositioningEvent.positioning_id == row.id)).all()
    assert events[-1].reason == "no_answer"
    assert "pas de réponse" in events[-1].note
    assert any("Relance" in e.note for e in events)
    again = client.post(
        "/api/v1/positionings", headers=adviser, json={"youth_id": youth["id"], "session_id": session["id"]}
    )
    assert again.status_code == 201  # the place and the youth are free again


def test_answered_positionings_are_left_alone(client, db, setup):  # noqa: F811
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    status(client, trainer, p, {"status": "selected"})
    aged(db, p, 40)
    assert follow_up(db, utcnow(), REMIND, CLOSE).closed == []


def test_the_pages_show_who_holds_the_next_move_and_what_to_do(client, db, setup, sign_in):  # noqa: F811
    session, youth, _, adviser = setup
    first = position(client, adviser, youth, session)
    aged(db, first, 12)
    follow_up(db, utcnow(), REMIND, CLOSE)
    sign_in("adviser")
    page = client.get(f"/jeunes/{youth['id']}").text
    assert "Prochaine étape : l&#39;organisme d&#39;accueil, depuis 12 jours" in page
    assert "organisme relancé le" in page
    todo = client.get("/a-faire").text
    assert "en attente depuis 12 jours" in todo
    assert "organisme relancé" in todo
    csrf = sign_in("trainer")
    assert "En attente de votre réponse depuis 12 jours" in client.get(f"/sessions/{session['id']}").text
    form = {"csrf": csrf, "status": "refused", "reason": "level"}
    assert client.post(f"/positionnements/{first['id']}/statut", data=form, follow_redirects=False).status_code == 303
    sign_in("adviser")
    todo = client.get("/a-faire").text
    assert "refusé" in todo
    assert "Niveau ou prérequis" in todo


def test_the_dashboard_of_delays_counts_answers_reasons_and_silences(client, db, setup, sign_in):  # noqa: F811
    session, youth, trainer, adviser = setup
    first = position(client, adviser, youth, session)
    status(client, trainer, first, {"status": "refused", "reason": "not_mobile"})
    second = position(client, adviser, youth, session)
    aged(db, second, 31)
    follow_up(db, utcnow(), REMIND, CLOSE)
    sign_in("adviser")
    page = client.get("/tableau-de-bord/delais").text
    assert "Trajet impossible ou trop long" in page
    assert "Sans réponse" in page
    exported = client.get("/tableau-de-bord/delais.csv").text.splitlines()
    assert exported[0].startswith("partner,positionings,answered,without_answer")
    row = next(line for line in exported[1:] if line.split(",")[1] == "2")
    assert row.split(",")[2:5] == ["1", "1", "50.0"]
