"""Fixtures: one migrated database per run (SQLite file, or PostgreSQL via TEST_DATABASE_URL),
the demo network committed once, and each test isolated in a transaction rolled back at the end."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from geo.french_communes import default_gazetteer
from geo.gazetteer import Gazetteer
from geo.geocoder import GazetteerGeocoder
from matching.rome import packaged_referential
from seeds.demo import DEMO_PASSWORD, Network, seed_demo
from service import migrate
from service.accounts.service import create_user
from service.app import create_app
from service.db import make_engine, transaction
from service.deps import get_db
from service.models import Organisation, Role, User
from service.referentials.service import Places
from service.runtime import Runtime, matching_state
from service.settings import Settings
from tests.helpers import TODAY, bearer, scratch_database, serving


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="session")
def places(gazetteer: Gazetteer) -> Places:
    return Places(gazetteer, GazetteerGeocoder())


@pytest.fixture(scope="session")
def demo(engine: Engine, places: Places) -> Network:
    """The demo network, committed once for the whole run."""
    with transaction(engine) as db:
        return seed_demo(db, places, TODAY)


@pytest.fixture
def db(engine: Engine, demo: Network) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test: commits are savepoints."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def make_runtime(engine: Engine, places: Places) -> Callable[[], Runtime]:
    """Runtimes with a fresh matching state: one per test, as its writes vanish with its transaction."""

    def _make() -> Runtime:
        settings = Settings(database_url=str(engine.url))
        state = matching_state(settings, places.gazetteer, packaged_referential())
        return Runtime(settings, engine, places, state, clock=lambda: TODAY)

    return _make


@pytest.fixture
def runtime(make_runtime: Callable[[], Runtime]) -> Runtime:
    return make_runtime()


@pytest.fixture
def client(runtime: Runtime, db: Session) -> Iterator[TestClient]:
    app = create_app(runtime=runtime)

    app.dependency_overrides[get_db] = serving(db)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def scratch_url(tmp_path: Path, database_url: str) -> Iterator[str]:
    with scratch_database(database_url, tmp_path) as url:
        yield url


@pytest.fixture
def login(client: TestClient) -> Callable[[str], dict[str, str]]:
    cache: dict[str, dict[str, str]] = {}

    def _login(who: str) -> dict[str, str]:
        email = who if "@" in who else f"{who}@demo.passerelle.fr"
        if email not in cache:
            cache[email] = bearer(client, email)
        return cache[email]

    return _login


@pytest.fixture
def demo_user(db: Session) -> Callable[[str], User]:
    return lambda who: db.exec(select(User).where(User.email == f"{who}@demo.passerelle.fr")).one()


@pytest.fixture
def other_user(db: Session) -> Callable[[Role, int], str]:
    """A user of another organisation, created inside the test's transaction."""

    def make(role: Role, organisation_id: int) -> str:
        email = f"{role.value}-{organisation_id}@autre.fr"
        create_user(db, email, role, organisation_id, DEMO_PASSWORD)
        db.commit()
        return email

    return make


@pytest.fixture
def another_ml(db: Session, demo_user) -> Organisation:  # type: ignore[no-untyped-def]
    mine = demo_user("adviser").organisation_id
    return db.exec(
        select(Organisation)
        .where(Organisation.kind == "mission_locale", Organisation.id != mine)
        .order_by(Organisation.id)
    ).first()


@pytest.fixture
def sign_in(client: TestClient) -> Callable[[str], str]:
    """Log in through the form as a demo user; returns the CSRF token of the new page session."""

    def _sign_in(who: str) -> str:
        client.cookies.clear()
        r = client.post(
            "/connexion", data={"email": f"{who}@demo.passerelle.fr", "password": DEMO_PASSWORD}, follow_redirects=False
        )
        assert r.status_code == 303, r.text
        page = client.get("/jeunes" if who == "adviser" else "/")
        marker = 'name="csrf" value="'
        return page.text.split(marker, 1)[1].split('"', 1)[0]

    return _sign_in
