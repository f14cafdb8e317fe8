"""The database going away mid-traffic: 503 problems within the timeout, then recovery by itself."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from service import migrate
from service.app import create_app
from service.settings import Settings
from tests.tcp_proxy import Proxy, proxy_to

TIMEOUT_S = 2.0


@pytest.fixture
def postgres_url(scratch_url: str) -> str:
    if not scratch_url.startswith("postgresql"):
        pytest.skip("a network database is needed to cut its connection (the run on PostgreSQL does it)")
    migrate.upgrade(scratch_url)
    return scratch_url


@contextmanager
def served_through_a_proxy(postgres_url: str, **settings: float) -> Iterator[tuple[TestClient, Proxy]]:
    """The service on a database reached through a link the test can cut."""
    url = make_url(postgres_url)
    with proxy_to(url.host or "127.0.0.1", url.port or 5432) as proxy:
        via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        app = create_app(Settings(database_url=via_proxy, db_timeout_seconds=TIMEOUT_S, **settings))
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client, proxy


def timed(client: TestClient, path: str, **kw):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    r = client.get(path, **kw)
    return r, time.monotonic() - started


def test_an_outage_gives_quick_503s_and_the_service_recovers(postgres_url):
    with served_through_a_proxy(postgres_url) as (client, proxy):
        assert client.get("/health").status_code == 200
        proxy.cut()
        for _ in range(3):
            r, elapsed = timed(client, "/health")
            assert r.status_code == 503
            assert r.headers["content-type"] == "application/problem+json"
            assert "Retry-After" in r.headers
            assert elapsed < TIMEOUT_S * 3
        r, _ = timed(client, "/api/v1/youths", headers={"Authorization": "Bearer whatever"})
        assert r.status_code == 503
        proxy.restore()
        assert client.get("/health").status_code == 200  # stale connections are replaced


def test_a_restart_while_idle_costs_no_request(postgres_url):
    """Connections left idle across a restart are checked before use, and replaced."""
    with served_through_a_proxy(postgres_url, db_ping_after_idle_seconds=0.2) as (client, proxy):
        assert client.get("/health").status_code == 200
        proxy.cut()  # every open connection dies, and nothing asks for one meanwhile
        proxy.restore()
        time.sleep(0.3)
        assert client.get("/health").status_code == 200
        assert client.get("/health").status_code == 200
