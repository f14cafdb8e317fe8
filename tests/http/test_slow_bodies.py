"""Slow or anonymous uploads cannot stall the service: the caller is known before the body is
read, a body trickling in holds no admission slot, and silence ends it with a 408."""

import socket
import threading
import time

import httpx2
import pytest

from service import migrate
from service.accounts.service import create_user, issue_token
from service.app import create_app
from service.db import make_engine, transaction
from service.models import Role
from service.runtime import build_runtime
from service.settings import Settings
from tests import factories
from tests.live_server import serving

SLOW_UPLOADS = 6
PROFILE = {
    "birth_date": "2006-03-01",
    "qualification_level": "infra_3",
    "home_insee_code": "62119",
    "travel_modes": ["walk"],
}


@pytest.fixture
def prepared(scratch_url, places):
    """An app on a scratch database with one adviser, and the adviser's token."""
    migrate.upgrade(scratch_url)
    engine = make_engine(scratch_url)
    with transaction(engine) as db:
        ml = factories.organisation(db, places, kind="mission_locale", name="ML", siret=None)
        adviser = create_user(db, "a@t.fr", Role.ADVISER, ml.id, None)
        token = issue_token(db, adviser, "test", None)
    settings = Settings(database_url=scratch_url, active_requests=2, body_read_timeout_seconds=3, db_timeout_seconds=2)
    yield create_app(runtime=build_runtime(settings, engine)), token
    engine.dispose()


def trickle(base: str, token: str, answers: list[bytes], stop: threading.Event, silent: bool) -> None:
    """A JSON body of 1,000 bytes sent one byte every half second, or one byte then silence."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(
            f"POST /api/v1/match HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{".encode()
        )
        while not stop.is_set():
            try:
                if not silent:
                    s.sendall(b" ")
            except OSError:
                break
            s.settimeout(0.5)
            try:
                answer = s.recv(200)
            except TimeoutError:
                continue
            answers.append(answer)
            break


def test_slow_uploads_leave_health_and_matching_fast(prepared):
    app, token = prepared
    answers: list[bytes] = []
    stop = threading.Event()
    with serving(app) as base, httpx2.Client(base_url=base, timeout=10) as http:
        slow = [
            threading.Thread(target=trickle, args=(base, token, answers, stop, i % 2 == 0)) for i in range(SLOW_UPLOADS)
        ]
        for t in slow:
            t.start()
        time.sleep(1)  # every slow upload has begun
        for _ in range(5):
            # were the uploads holding the two admission slots, these would wait and get a 503
            assert http.get("/health").status_code == 200
            r = http.post("/api/v1/match", json=PROFILE, headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200, r.text
        for t in slow:
            t.join(timeout=15)
        stop.set()
    assert len(answers) == SLOW_UPLOADS
    assert all(a.startswith(b"HTTP/1.1 408") for a in answers), answers


def announce_a_file(app, headers: str) -> bytes:
    """Headers announcing a 99 MiB LHEO file, and not a byte of it: the start of the answer."""
    with serving(app) as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(
                f"POST /api/v1/imports/lheo HTTP/1.1\r\nHost: {host}\r\n{headers}"
                f"Content-Type: application/xml\r\nContent-Length: {99 * 2**20}\r\n\r\n".encode()
            )
            return s.recv(200)


def test_an_anonymous_upload_is_refused_before_its_body_is_read(prepared):
    app, _ = prepared
    assert announce_a_file(app, "").startswith(b"HTTP/1.1 401")


def test_a_role_that_may_not_import_is_refused_before_the_file_is_read(prepared):
    app, token = prepared  # an adviser's token: advisers import nothing
    assert announce_a_file(app, f"Authorization: Bearer {token}\r\n").startswith(b"HTTP/1.1 403")
