"""Lists of positionings cost a fixed number of queries, however many rows they show."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from service.models import Organisation
from tests import factories


@contextmanager
def counted(db: Session) -> Iterator[list[str]]:
    """The SQL statements run on the test's connection meanwhile."""
    statements: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    connection = db.connection()
    event.listen(connection, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", note)


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
    with counted(db) as statements:
        response = call()
    assert response.status_code == 200, response.text
    return len(statements)


def test_the_positionings_list_reads_youths_in_one_query(client, login, db, places, demo_user):
    h = login("trainer")
    small, _ = position_youths(db, places, demo_user, 2)
    large, _ = position_youths(db, places, demo_user, 8)
    few = queries_for(db, lambda: client.get("/api/v1/positionings", headers=h, params={"session_id": small}))
    many = queries_for(db, lambda: client.get("/api/v1/positionings", headers=h, params={"session_id": large}))
    assert many == few


def test_the_session_page_reads_its_youths_in_one_query(client, sign_in, db, places, demo_user):
    small, _ = position_youths(db, places, demo_user, 2)
    large, _ = position_youths(db, places, demo_user, 8)
    sign_in("trainer")
    few = queries_for(db, lambda: client.get(f"/sessions/{small}"))
    many = queries_for(db, lambda: client.get(f"/sessions/{large}"))
    assert many == few


def test_the_youth_page_reads_targets_and_histories_in_one_query_each(client, sign_in, db, places, demo_user):
    _, small = position_youths(db, places, demo_user, 2)
    _, large = position_youths(db, places, demo_user, 8)
    sign_in("adviser")
    few = queries_for(db, lambda: client.get(f"/jeunes/{small}"))
    many = queries_for(db, lambda: client.get(f"/jeunes/{large}"))
    assert many == few
