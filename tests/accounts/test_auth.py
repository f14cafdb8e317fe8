from service.models import Role


def test_login_and_me(client, login):
    r = client.get("/api/v1/me", headers=login("adviser"))
    assert r.status_code == 200
    assert r.json()["role"] == "adviser"


def test_no_token_is_401_problem(client):
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"] == "Bearer"


def test_wrong_password_then_lockout(client):
    for _ in range(5):
        r = client.post("/api/v1/auth/token", data={"username": "officer@demo.passerelle.fr", "password": "nope"})
        assert r.status_code == 401
    r = client.post(
        "/api/v1/auth/token", data={"username": "officer@demo.passerelle.fr", "password": "passerelle-demo"}
    )
    assert r.status_code == 429
    assert "verrouillé" in r.json()["title"]


def test_api_token_for_systems_can_be_revoked(client, db, demo_user):
    from sqlmodel import select

    from service.accounts.service import issue_token, revoke_token
    from service.models import ApiToken

    token = issue_token(db, demo_user("trainer"), "SI de l'organisme", None)
    db.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).json()["role"] == Role.TRAINING_BODY
    row = db.exec(select(ApiToken).where(ApiToken.name == "SI de l'organisme")).one()
    assert token not in row.token_hash  # stored hashed
    revoke_token(db, token)
    db.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_nul_character_is_bad_input_not_a_server_error(client):
    r = client.post("/api/v1/auth/token", data={"username": "\x00", "password": "0"})
    assert r.status_code in (401, 422)
    assert r.headers["content-type"] == "application/problem+json"
