"""`alembic upgrade head` then `downgrade base` round-trips, and the models match the migrations."""

import os

import pytest
from alembic import command
from alembic.util.exc import CommandError
from sqlalchemy import inspect

from service import migrate
from service.db import make_engine


def tables(url):
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_round_trip(scratch_url):
    migrate.upgrade(scratch_url)
    assert {
        "organisation",
        "training_session",
        "offer",
        "youth",
        "positioning",
        "user",
        "rome_code",
        "commune",
    } <= tables(scratch_url)
    migrate.downgrade(scratch_url)
    assert tables(scratch_url) == set()
    migrate.upgrade(scratch_url)
    assert "positioning_event" in tables(scratch_url)


def test_models_and_migrations_agree(scratch_url):
    migrate.upgrade(scratch_url)
    try:
        command.check(migrate.alembic_config(scratch_url))
    except CommandError as exc:  # pragma: no cover - the message lists the drift
        pytest.fail(f"models differ from migrations: {exc}")


def test_runs_on_the_expected_database(database_url):
    assert database_url.startswith("postgresql") == bool(
        os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
    )
