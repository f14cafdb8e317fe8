"""Engine and sessions. One transaction per request, owned by the session dependency."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic_core import to_json
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session, create_engine


def _json(value: object) -> str:
    return to_json(value).decode()  # dates and enums in JSON columns


def make_engine(
    url: str, timeout_s: float = 5.0, pool_size: int = 20, overflow: int = 10, ping_after_idle_s: float = 1.0
) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url, json_serializer=_json, connect_args={"check_same_thread": False, "timeout": timeout_s}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite begins transactions lazily and mishandles SAVEPOINT, so SQLAlchemy says BEGIN.
        # IMMEDIATE takes the write lock up front: concurrent writers queue (busy_timeout) instead
        # of failing when a read transaction tries to become a write one.
        # A transaction opened `readonly` (the body gate's look-up of who is calling) only reads:
        # a deferred BEGIN, which waits for no writer.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(
        url,
        json_serializer=_json,
        pool_size=pool_size,
        max_overflow=overflow,
        pool_timeout=timeout_s,
        connect_args={
            "connect_timeout": max(1, int(timeout_s)),
            "options": f"-c statement_timeout={int(timeout_s * 1000)}",
        },
    )
    _ping_after_idle(engine, ping_after_idle_s)
    return engine


def _ping_after_idle(engine: Engine, idle_s: float) -> None:
    """Check a pooled connection before use only when it sat idle longer than `idle_s`.

    A ping at every checkout (`pool_pre_ping`) is one more round trip per request. Under traffic,
    connections are reused within milliseconds, and a connection that dies under traffic fails its
    request (503) and invalidates the whole pool, so the next requests reconnect. What a ping still
    earns its cost for is a connection left idle across a database restart.
    """
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: object, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, proxy: object) -> None:
        if time.monotonic() - record.info.pop("idle_since", time.monotonic()) <= idle_s:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise InvalidatePoolError() from error  # the pool reconnects, and drops its other connections
            raise


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("readonly") else "BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]  # no implicit BEGIN
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A database session whose work commits as one unit, or not at all."""
    with Session(engine, expire_on_commit=False) as db:
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
