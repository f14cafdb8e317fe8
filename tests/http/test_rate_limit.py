"""Rate limits on logging in and on the open autocompletion: 429 with Retry-After, per client, counted
in each process or in one Redis for all."""

import uuid
from dataclasses import replace

import httpx2
import pytest
import redis
from fastapi.testclient import TestClient
from limits import parse
from limits.strategies import MovingWindowRateLimiter
from pydantic import ValidationError
from typer.testing import CliRunner

from service import cli
from service.app import create_app
from service.http.rate_limit import storage
from service.runtime import Runtime
from service.settings import Settings, get_settings


def nobody(i: int = 0) -> dict[str, str]:
    """A new unknown address each time: the per-address lockout (five failures) stays out of the way
    of the per-client rate limit under test."""
    return {"username": f"nobody-{uuid.uuid4().hex[:8]}-{i}@example.fr", "password": "x"}


def test_repeated_logins_are_slowed_down(client):
    for i in range(10):
        r = client.post("/api/v1/auth/token", data=nobody(i))
        assert r.status_code == 401
    limited = client.post("/api/v1/auth/token", data=nobody())
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    assert int(limited.headers["Retry-After"]) >= 1
    page = client.post("/connexion", data={"email": nobody()["username"], "password": "x"})
    assert page.status_code == 401  # each form has its own window


def test_open_autocompletion_is_limited_per_client(runtime):
    tight = replace(runtime, settings=runtime.settings.model_copy(update={"public_rate_limit": "3/minute"}))
    with TestClient(create_app(runtime=tight)) as c:
        codes = [c.get("/api/v1/communes", params={"q": "Béthune"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def _login_limited(runtime, store: str) -> Runtime:
    return replace(
        runtime,
        settings=runtime.settings.model_copy(update={"login_rate_limit": "3/minute", "rate_limit_storage": store}),
    )


def _redis_or_skip() -> str:
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.ConnectionError:
        pytest.skip("a Redis server on 127.0.0.1:6379 is needed (the machine's and CI's have one)")
    return url


def test_workers_sharing_a_store_count_logins_together(runtime):
    tight = _login_limited(runtime, _redis_or_skip())
    MovingWindowRateLimiter(storage(tight.settings)).clear(parse("3/minute"), "/api/v1/auth/token", "testclient")
    with TestClient(create_app(runtime=tight)) as first, TestClient(create_app(runtime=tight)) as second:
        codes = [c.post("/api/v1/auth/token", data=nobody()).status_code for c in (first, second, first, second)]
    assert codes == [401, 401, 401, 429]  # per process, each would have let its 3 through


def test_a_store_out_of_reach_lets_logins_through_and_says_so(runtime, caplog):
    cut = _login_limited(runtime, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    with TestClient(create_app(runtime=cut)) as c:
        codes = [c.post("/api/v1/auth/token", data=nobody()).status_code for _ in range(4)]
    assert codes == [401] * 4  # the lockout, in the database, still guards each account
    assert "rate limit store unreachable (ConnectionError): request let through" in caplog.text


def test_an_unknown_store_is_refused_at_start():
    with pytest.raises(ValidationError, match="rate_limit_storage"):
        Settings(rate_limit_storage="memcached://127.0.0.1:11211")


def test_serving_several_workers_warns_when_each_counts_on_its_own(monkeypatch):
    served = {}
    monkeypatch.setattr(cli.uvicorn, "run", lambda *a, **kw: served.update(kw))
    get_settings.cache_clear()
    try:
        several = CliRunner().invoke(cli.app, ["serve", "--workers", "3"])
        monkeypatch.setenv("PASSERELLE_RATE_LIMIT_STORAGE", "redis://127.0.0.1:6379/0")
        get_settings.cache_clear()
        shared = CliRunner().invoke(cli.app, ["serve", "--workers", "3"])
    finally:
        get_settings.cache_clear()
    assert served["workers"] == 3
    assert "each of the 3 workers counts the rate limits on its own" in several.output
    assert shared.exit_code == 0
    assert "Warning" not in shared.output


def test_a_client_cannot_pose_as_others_with_x_forwarded_for(engine, places):
    """Served as `passerelle serve` serves (no trusted proxy by default), a loopback client that
    sends a new X-Forwarded-For each time is still one client to the login limit."""
    from service.cli import proxy_options
    from service.runtime import build_runtime
    from tests.live_server import serving

    settings = Settings(database_url=str(engine.url), login_rate_limit="3/minute")
    runtime = build_runtime(settings, engine)
    with serving(create_app(runtime=runtime), **proxy_options(settings)) as base:
        codes = [
            httpx2.post(
                f"{base}/api/v1/auth/token", data=nobody(i), headers={"X-Forwarded-For": f"203.0.113.{i}"}
            ).status_code
            for i in range(4)
        ]
    assert codes == [401, 401, 401, 429]


def test_a_listed_proxy_is_believed():
    options = proxy_options_for("10.0.0.5")
    assert options == {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.5"}
    assert proxy_options_for("") == {"proxy_headers": False, "forwarded_allow_ips": None}


def proxy_options_for(trusted):
    from service.cli import proxy_options

    return proxy_options(Settings(trusted_proxies=trusted))
