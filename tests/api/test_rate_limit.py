"""Rate limits on logging in and on the open autocompletion: 429 with Retry-After, per client."""

from dataclasses import replace

from fastapi.testclient import TestClient

from service.app import create_app


def test_repeated_logins_are_slowed_down(client):
    for _ in range(10):
        r = client.post("/api/v1/auth/token", data={"username": "nobody@example.fr", "password": "x"})
        assert r.status_code == 401
    limited = client.post("/api/v1/auth/token", data={"username": "nobody@example.fr", "password": "x"})
    assert limited.status_code == 429 and limited.headers["content-type"] == "application/problem+json"
    assert int(limited.headers["Retry-After"]) >= 1
    page = client.post("/connexion", data={"email": "nobody@example.fr", "password": "x"})
    assert page.status_code == 401  # each form has its own window


def test_open_autocompletion_is_limited_per_client(runtime):
    tight = replace(runtime, settings=runtime.settings.model_copy(update={"public_rate_limit": "3/minute"}))
    with TestClient(create_app(runtime=tight)) as c:
        codes = [c.get("/api/v1/communes", params={"q": "Béthune"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
