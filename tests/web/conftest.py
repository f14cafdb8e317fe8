from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

PASSWORD = "passerelle-demo"


@pytest.fixture
def sign_in(client: TestClient) -> Callable[[str], str]:
    """Log in through the form as a demo user; returns the CSRF token of the new page session."""

    def _sign_in(who: str) -> str:
        client.cookies.clear()
        r = client.post("/connexion", data={"email": f"{who}@demo.passerelle.fr", "password": PASSWORD},
                        follow_redirects=False)
        assert r.status_code == 303, r.text
        page = client.get("/jeunes" if who == "adviser" else "/")
        marker = 'name="csrf" value="'
        return page.text.split(marker, 1)[1].split('"', 1)[0]

    return _sign_in
