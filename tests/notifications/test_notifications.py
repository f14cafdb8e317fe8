"""Notifications: in the application for the people a positioning concerns, and by e-mail
through a real local SMTP server, sent once, kept while the server is down."""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from service.models import Notification, OutboxEmail
from service.models.fields import utcnow
from service.notifications.service import deliver_next
from service.settings import Settings, get_settings
from tests.positionings.test_positionings import position, setup  # noqa: F401  (the fixture)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(monkeypatch):
    """Settings with a local SMTP server's address (the server itself started by the test)."""
    port = free_port()
    monkeypatch.setenv("PASSERELLE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PASSERELLE_SMTP_PORT", str(port))
    monkeypatch.setenv("PASSERELLE_SMTP_TLS", "false")
    get_settings.cache_clear()
    yield Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_tls=False)
    get_settings.cache_clear()


def test_the_host_hears_of_a_positioning_and_the_adviser_of_the_answer(client, db, setup, sign_in):  # noqa: F811
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    csrf = sign_in("trainer")
    page = client.get("/notifications").text
    assert "Nouveau positionnement : dossier POS-1" in page
    assert '<span class="badge">' in page
    client.post("/notifications/lues", data={"csrf": csrf})
    assert '<span class="badge">' not in client.get("/notifications").text
    body = {"status": "refused", "reason": "level"}
    client.post(f"/api/v1/positionings/{p['id']}/status", headers=trainer, json=body)
    mine = client.get("/api/v1/notifications", headers=adviser).json()
    assert mine[0]["title"].startswith("Réponse pour le dossier POS-1")
    assert mine[0]["title"].endswith(": refusé")
    assert mine[0]["url"] == f"/jeunes/{youth['id']}#positionnements"


def test_an_email_reaches_the_smtp_server_once_and_says_nothing_personal(client, db, setup, smtp):  # noqa: F811
    session, youth, _, adviser = setup
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp.smtp_port)
    server.start()
    try:
        position(client, adviser, youth, session)
        queued = db.exec(select(OutboxEmail).where(OutboxEmail.sent_at == None)).all()  # noqa: E711
        assert queued
        while deliver_next(db, smtp, utcnow()) is not None:
            pass
    finally:
        server.stop()
    assert len(inbox.messages) == len(queued)
    text = inbox.messages[0]
    assert "Nouveau positionnement : dossier POS-1" in text
    assert "http://127.0.0.1:8000/sessions/" in text
    assert "2005" not in text  # no birth date, nothing beyond the file number and the title
    assert deliver_next(db, smtp, utcnow()) is None  # nothing sent twice


def test_an_smtp_outage_loses_nothing_and_sends_each_message_once(client, db, setup, smtp):  # noqa: F811
    session, youth, _, adviser = setup
    position(client, adviser, youth, session)
    count = len(db.exec(select(OutboxEmail).where(OutboxEmail.sent_at == None)).all())  # noqa: E711
    now = utcnow()
    assert deliver_next(db, smtp, now) is False  # the server is down
    waiting = db.exec(select(OutboxEmail).where(OutboxEmail.attempts == 1)).one()
    assert waiting.next_attempt_at > now
    assert "refused" in waiting.last_error.lower() or "error" in waiting.last_error.lower()
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp.smtp_port)
    server.start()
    try:
        later = now + timedelta(hours=2)
        while deliver_next(db, smtp, later) is not None:
            pass
        assert deliver_next(db, smtp, later + timedelta(hours=1)) is None
    finally:
        server.stop()
    assert len(inbox.messages) == count
    assert len(set(inbox.messages)) == count


def test_without_smtp_notifications_stay_in_the_application(client, db, setup):  # noqa: F811
    session, youth, _, adviser = setup
    position(client, adviser, youth, session)
    assert db.exec(select(Notification)).all()
    assert db.exec(select(OutboxEmail)).all() == []
