"""Hostile and odd input: oversized or deep bodies, huge strings, injections stored as text."""

from datetime import timedelta

import pytest

from tests.helpers import TODAY

SQL = "Robert'); DROP TABLE youth;--"
HTML = "<img src=x onerror=alert(1)>"
ODD = "Zoë \u202eevil\u202c 𝓜𝓪ç𝓸𝓷 \ufeff"


def test_an_oversized_body_is_a_413_before_it_is_read(client, login):
    r = client.post(
        "/api/v1/match",
        content=b"{" + b" " * (2**20 + 10) + b"}",
        headers={**login("adviser"), "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"


def test_a_chunked_oversized_body_is_refused_too(client, login):
    def chunks():
        for _ in range(40):
            yield b" " * 65536

    r = client.post("/api/v1/match", content=chunks(), headers={**login("adviser"), "Content-Type": "application/json"})
    assert r.status_code == 413


def test_deeply_nested_json_is_a_client_error(client, login):
    r = client.post(
        "/api/v1/match",
        content=b"[" * 100_000 + b"]" * 100_000,
        headers={**login("adviser"), "Content-Type": "application/json"},
    )
    assert 400 <= r.status_code < 500


def test_huge_strings_are_refused_naming_the_field(client, login):
    r = client.post(
        "/api/v1/youths",
        headers=login("adviser"),
        json={
            "file_reference": "x" * 500_000,
            "birth_date": "2005-01-01",
            "qualification_level": 3,
            "home_insee_code": "62119",
        },
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "file_reference"


@pytest.mark.parametrize("text", [SQL, HTML, ODD])
def test_injections_and_unicode_are_stored_as_plain_text(client, login, text):
    h = login("adviser")
    created = client.post(
        "/api/v1/youths",
        headers=h,
        json={
            "file_reference": text[:50],
            "birth_date": "2005-01-01",
            "qualification_level": 3,
            "home_insee_code": "62119",
            "wishes_text": text,
        },
    )
    assert created.status_code == 201, created.text
    back = client.get(f"/api/v1/youths/{created.json()['id']}", headers=h).json()
    assert back["wishes_text"] == text
    assert back["file_reference"] == text[:50]
    assert client.get("/api/v1/youths", headers=h).status_code == 200  # the table is still there


YOUTH = {"file_reference": "NUL-1", "birth_date": "2005-01-01", "qualification_level": 3, "home_insee_code": "62119"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/youths", {**YOUTH, "wishes_text": "cuisine\x00"}, "wishes_text"),
        ("/api/v1/youths", {**YOUTH, "wished_rome_codes": ["G16\x0002"]}, "wished_rome_codes.0"),
        ("/api/v1/organisations", {"kind": "employer", "name": "Nul\x00", "insee_code": "62119"}, "name"),
        (
            "/api/v1/sessions",
            {"title": "CAP\x00", "rome_codes": ["F1703"], "places_total": 1, "places_left": 1, "insee_code": "62119"},
            "title",
        ),
    ],
)
def test_a_nul_character_is_refused_everywhere_naming_the_field(client, login, path, body, field):
    who = {"/api/v1/youths": "adviser", "/api/v1/organisations": "officer", "/api/v1/sessions": "trainer"}[path]
    r = client.post(path, headers=login(who), json=body)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("years", [5, 12, 41, 90])
def test_a_birth_date_far_from_a_youths_age_is_refused(client, login, years):
    born = TODAY.replace(year=TODAY.year - years) - timedelta(days=1)
    r = client.post("/api/v1/youths", headers=login("adviser"), json={**YOUTH, "birth_date": str(born)})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "birth_date"
    typed = client.post("/api/v1/match", headers=login("adviser"), json={**YOUTH, "birth_date": str(born)})
    assert typed.status_code == 422
