"""The load benchmark's traffic at small scale: a few seconds, every route answers, no error."""

from seeds.demo import seed_demo
from service import loadtest, migrate
from service.app import create_app
from service.db import make_engine, transaction
from service.settings import Settings
from tests.conftest import TODAY
from tests.live_server import serving


def test_mixed_traffic_runs_without_errors(scratch_url, places):
    migrate.upgrade(scratch_url)
    engine = make_engine(scratch_url)
    with transaction(engine) as db:  # its own database: the traffic writes
        seed_demo(db, places, TODAY)
    engine.dispose()
    with serving(create_app(Settings(database_url=scratch_url, login_rate_limit="1000/minute"))) as base:
        result = loadtest.run(base, seconds=3, users=8)
    print("\n".join(result.lines()))
    assert result.requests > 20 and sum(result.errors.values()) == 0
    assert result.latencies["GET /youths/{id}/matches"] and result.latencies["POST /offers"]
    assert sum(result.refusals.values()) == 0
