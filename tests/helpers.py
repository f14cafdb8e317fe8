"""Helpers the tests share (fixtures live in conftest.py)."""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from seeds.demo import DEMO_PASSWORD

TODAY = date.today()
SHARED = Path(__file__).resolve().parents[2] / "shared"


@contextmanager
def scratch_database(database_url: str, folder: Path) -> Iterator[str]:
    """A throwaway database of the run's kind (a file in `folder`, or a new PostgreSQL database)."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{folder / f'scratch_{uuid.uuid4().hex[:8]}.db'}"
        return
    url = make_url(database_url)
    name = f"scratch_{uuid.uuid4().hex[:8]}"
    admin = {"host": url.host, "port": url.port or 5432, "user": url.username, "dbname": url.database}
    with psycopg.connect(**admin, password=url.password, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**admin, password=url.password, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def bearer(client: TestClient, email: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def serving(db: Session) -> Callable[[], Iterator[Session]]:
    """A `get_db` override that hands the app the test's session (inside its rolled-back
    transaction), committing or rolling back as the real dependency does."""

    def _db() -> Iterator[Session]:
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise

    return _db


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
