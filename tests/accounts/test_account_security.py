"""Accounts under attack: enumeration, weak passwords, revocation, demo accounts in production."""

import statistics
import time

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service import migrate
from service.accounts.passwords import WeakPassword, check_password
from service.accounts.service import create_user, issue_token, user_by_email
from service.app import create_app
from service.cli import app as service_cli
from service.models import Role
from service.settings import get_settings


def token_login(client, email, password="passerelle-demo"):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def test_an_unknown_address_is_locked_out_like_a_known_one(client):
    """The same status and message at each attempt (the per-client rate limit allows ten a minute)."""
    answers = [token_login(client, "personne@demo.passerelle.fr", "mauvais") for _ in range(6)]
    assert [r.status_code for r in answers] == [401] * 5 + [429]
    assert answers[5].json()["detail"] == "Trop d'échecs de connexion : réessayez dans quelques minutes."
    known = token_login(client, "officer@demo.passerelle.fr", "mauvais")
    assert known.json() == answers[0].json()


def test_a_wrong_password_takes_as_long_for_an_unknown_address(client):
    def seconds(email: str) -> float:
        t = time.perf_counter()
        token_login(client, email, "mauvais")
        return time.perf_counter() - t

    token_login(client, "x-warm@example.fr", "mauvais")  # the dummy hash is made once
    known = statistics.median(seconds("adviser@demo.passerelle.fr") for _ in range(3))
    unknown = statistics.median(seconds(f"inconnu{i}@example.fr") for i in range(3))
    # not a timed assertion on speed: both do one argon2 check, so neither is ten times the other
    assert unknown > known / 10
    assert known > unknown / 10


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("a", "12 caractères"),
        ("motdepasse123", "trop courant"),
        ("Azerty123456", "trop courant"),
        ("aaaaaaaaaaaaaaaa", "trop courant"),
        ("camille.durand@ml62.fr", "adresse"),
        ("camille.durand-2026", "adresse"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    with pytest.raises(WeakPassword, match=reason):
        check_password(password, "camille.durand@ml62.fr")


def test_a_sound_password_passes():
    check_password("Velo-Rouge-Sur-Le-Quai-7", "camille.durand@ml62.fr")


def test_the_command_line_refuses_a_weak_password(scratch_url, monkeypatch):
    migrate.upgrade(scratch_url)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(service_cli, ["users", "create", "a@b.fr", "admin", "--password", "a"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "--password" in result.output


def test_a_deactivated_user_is_logged_out_everywhere_at_once(client, login, db, demo_user, sign_in):
    bearer = login("officer")
    sign_in("officer")
    assert client.get("/offres").status_code == 200
    officer = demo_user("officer")
    r = client.post(f"/api/v1/users/{officer.id}/deactivate", headers=login("admin"))
    assert r.status_code == 200, r.text
    assert r.json()["is_active"] is False
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    assert client.get("/offres", follow_redirects=False).status_code == 303  # back to the login page
    assert token_login(client, "officer@demo.passerelle.fr").status_code == 401


def test_revoking_an_accounts_tokens_keeps_the_account(client, login, db, demo_user):
    bearer = login("trainer")
    trainer = demo_user("trainer")
    r = client.post(f"/api/v1/users/{trainer.id}/revoke-tokens", headers=login("admin"))
    assert r.json()["tokens_revoked"] >= 1
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    assert token_login(client, "trainer@demo.passerelle.fr").status_code == 200


def test_only_admins_manage_accounts(client, login, demo_user):
    officer = demo_user("officer")
    assert client.post(f"/api/v1/users/{officer.id}/deactivate", headers=login("adviser")).status_code == 403
    assert client.get("/api/v1/users", headers=login("officer")).status_code == 403


def test_command_line_tokens_expire_unless_long_lived_for_a_machine_account(scratch_url, monkeypatch):
    migrate.upgrade(scratch_url)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        person = runner.invoke(service_cli, ["users", "create", "admin@ml.fr", "admin", "--token"])
        machine = runner.invoke(service_cli, ["users", "create", "si@of.fr", "admin", "--long-lived"])
        too_long = runner.invoke(service_cli, ["users", "create", "x@of.fr", "admin", "--token", "--days", "999"])
        listed = runner.invoke(service_cli, ["users", "list"])
        off = runner.invoke(service_cli, ["users", "deactivate", "si@of.fr"])
        revoked = runner.invoke(service_cli, ["users", "revoke-tokens", "admin@ml.fr"])
        unknown = runner.invoke(service_cli, ["users", "deactivate", "personne@of.fr"])
    finally:
        get_settings.cache_clear()
    assert person.exit_code == 0, person.output
    assert machine.exit_code == 0, machine.output
    assert too_long.exit_code == 2
    assert "si@of.fr\tadmin\t-\tmachine account" in listed.output
    assert "admin@ml.fr\tadmin\t-\t\n" in listed.output
    assert "1 tokens revoked" in off.output
    assert "1 tokens of admin@ml.fr revoked" in revoked.output
    assert unknown.exit_code == 1


def test_a_command_line_token_expires(db):
    user = create_user(db, "expire@of.fr", Role.ADMIN, None, None)
    from datetime import timedelta

    from service.accounts import queries
    from service.accounts.passwords import token_digest

    token = issue_token(db, user, "cli", timedelta(days=90))
    found = queries.token_by_digest(db, token_digest(token))
    assert found is not None
    assert found.expires_at is not None


def test_no_demo_in_production(scratch_url, monkeypatch, places):
    from tools.cli import app as full_cli

    migrate.upgrade(scratch_url)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    monkeypatch.setenv("PASSERELLE_ENVIRONMENT", "production")
    monkeypatch.setenv("PASSERELLE_SECRET_KEY", "a-real-secret-for-this-test-only")
    get_settings.cache_clear()
    try:
        refused = CliRunner().invoke(full_cli, ["seed", "demo"])
        assert refused.exit_code == 1
        assert "no demo in production" in refused.output
        from service.db import make_engine, transaction

        engine = make_engine(scratch_url)
        with transaction(engine) as db:
            create_user(db, "admin@demo.passerelle.fr", Role.ADMIN, None, "passerelle-demo")
        with pytest.raises(RuntimeError, match="Comptes de démonstration"), TestClient(create_app()):
            pass
        with transaction(engine) as db:
            found = user_by_email(db, "admin@demo.passerelle.fr")
            assert found is not None
            found.is_active = False
            db.add(found)
        with TestClient(create_app()) as c:
            assert c.get("/health").status_code == 200
        engine.dispose()
    finally:
        get_settings.cache_clear()
