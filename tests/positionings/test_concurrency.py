"""50 clients at once on a session with 10 places: exactly 10 enter, no count goes below zero."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx2
from sqlmodel import select

from service import migrate
from service.accounts.service import create_user, issue_token
from service.app import create_app
from service.db import make_engine, transaction
from service.models import Positioning, PositioningStatus, Role, TrainingSession
from service.positionings import service as positionings
from service.runtime import build_runtime
from service.settings import Settings
from tests import factories
from tests.helpers import TODAY
from tests.live_server import serving

CLIENTS, PLACES = 50, 10


def prepare(url, places):
    migrate.upgrade(url)
    engine = make_engine(url)
    with transaction(engine) as db:
        ml = factories.organisation(db, places, kind="mission_locale", name="ML", siret=None)
        body = factories.organisation(db, places, kind="training_body", name="OF")
        session = factories.session_(
            db, places, body, places_total=PLACES, places_left=PLACES, start_date=TODAY + timedelta(days=5)
        )
        adviser = create_user(db, "a@t.fr", Role.ADVISER, ml.id, None)
        trainer = create_user(db, "t@t.fr", Role.TRAINING_BODY, body.id, None)
        for i in range(CLIENTS):
            youth = factories.youth(db, places, ml.id, file_reference=f"C{i}")
            p = positionings.create(db, adviser, youth, session.id, None)
            positionings.move(db, trainer, p, PositioningStatus.SELECTED)
        token = issue_token(db, trainer, "test", None)
    return engine, session.id, token


def test_fifty_clients_ten_places(scratch_url, places):
    engine, session_id, token = prepare(scratch_url, places)
    with transaction(engine) as db:
        ids = [p.id for p in db.exec(select(Positioning)).all()]
    app = create_app(runtime=build_runtime(Settings(database_url=scratch_url), engine))
    with (
        serving(app) as base,
        httpx2.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http,
    ):

        def enter(pid):
            return http.post(f"/api/v1/positionings/{pid}/status", json={"status": "entered"}).status_code

        with ThreadPoolExecutor(CLIENTS) as pool:
            codes = list(pool.map(enter, ids))
    assert codes.count(200) == PLACES
    assert codes.count(409) == CLIENTS - PLACES
    with transaction(engine) as db:
        assert db.get(TrainingSession, session_id).places_left == 0
        entered = db.exec(select(Positioning).where(Positioning.status == PositioningStatus.ENTERED)).all()
        assert len(entered) == PLACES
    engine.dispose()
