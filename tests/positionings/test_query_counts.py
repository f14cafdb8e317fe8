"""Lists of positionings cost a fixed number of queries, however many rows they show."""

import gc
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session

from service.models import Organisation
from tests import factories
from tests.helpers import counted


def position_youths(db: Session, places: Any, demo_user: Callable[[str], Any], n: int) -> tuple[int, int]:
    """`n` youths of the adviser's Mission Locale positioned on one session of the trainer, and a
    youth positioned `n` times; returns (session id, youth id)."""
    from service.positionings.service import create

    adviser, trainer = demo_user("adviser"), demo_user("trainer")
    org = db.get(Organisation, trainer.organisation_id)
    session = factories.session_(db, places, org, places_total=50, places_left=50)
    many = factories.youth(db, places, adviser.organisation_id, file_reference=f"MANY-{n}")
    for i in range(n):
        youth = factories.youth(db, places, adviser.organisation_id, file_reference=f"Q-{n}-{i}")
        create(db, adviser, youth, session.id, None)
        create(db, adviser, many, factories.session_(db, places, org).id, None)
    db.commit()
    return session.pk, many.pk


def queries_for(db: Session, call: Callable[[], Any]) -> int:
    db.expunge_all()  # nothing read from the identity map: every row the page needs is queried
    # The identity map holds rows weakly: a garbage collection in the middle of a call would make
    # a row read twice (once by the home page the login lands on, once by the page itself).
    gc.disable()
    try:
        with counted(db) as statements:
            response = call()
    finally:
        gc.enable()
    assert response.status_code == 200, response.text
    return len(statements)


def positionings_list(client: Any, sign_in: Any, login: Any, session_id: int, youth_id: int) -> Any:
    return client.get("/api/v1/positionings", headers=login("trainer"), params={"session_id": session_id})


def session_page(client: Any, sign_in: Any, login: Any, session_id: int, youth_id: int) -> Any:
    sign_in("trainer")
    return client.get(f"/sessions/{session_id}")


def youth_page(client: Any, sign_in: Any, login: Any, session_id: int, youth_id: int) -> Any:
    sign_in("adviser")
    return client.get(f"/jeunes/{youth_id}")


@pytest.mark.parametrize("view", [positionings_list, session_page, youth_page])
def test_a_list_of_positionings_costs_the_same_queries_for_2_or_8_rows(
    view, client, sign_in, login, db, places, demo_user
):
    small = position_youths(db, places, demo_user, 2)
    large = position_youths(db, places, demo_user, 8)
    view(client, sign_in, login, *small)  # log in (and warm up) outside the count
    few = queries_for(db, lambda: view(client, sign_in, login, *small))
    many = queries_for(db, lambda: view(client, sign_in, login, *large))
    assert many == few
