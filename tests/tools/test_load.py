"""The load benchmark's traffic at small scale: a few seconds, every route answers, no error."""

import asyncio
import gc
import json
import os
import time
import urllib.request

import aiohttp
import pytest

from seeds.demo import seed_demo
from service import migrate
from service.app import create_app
from service.db import make_engine, transaction
from service.settings import Settings
from tests.helpers import TODAY, scratch_database
from tests.live_server import serving
from tools import loadtest
from tools.bench import matches_in_process

pytestmark = pytest.mark.slow  # `pytest -m 'not slow'` for a quick run; CI runs everything


@pytest.fixture(scope="module")
def demo_service(database_url, places, tmp_path_factory):
    with scratch_database(database_url, tmp_path_factory.mktemp("load")) as url:
        yield from _serve_demo(url, places)


def _serve_demo(scratch_url, places):
    migrate.upgrade(scratch_url)
    engine = make_engine(scratch_url)
    with transaction(engine) as db:  # its own database: the traffic writes
        seed_demo(db, places, TODAY)
    engine.dispose()
    app = create_app(Settings(database_url=scratch_url, login_rate_limit="1000/minute"))
    with serving(app) as base:
        at_start = app.state.runtime.matching.index  # as the worker took no request yet
        yield base, loadtest.prepare(base), len(at_start), scratch_url


def _index_items(base: str) -> int:
    with urllib.request.urlopen(f"{base}/health") as r:
        return json.load(r)["index_items"]


def _check(result: loadtest.LoadResult) -> None:
    print("\n".join(result.lines()))
    assert result.errors() == 0, result.failures
    assert result.refusals() == 0, result.failures
    assert result.latencies[loadtest.MATCH_ROUTE]
    assert result.latencies["POST /offers"]


def test_a_worker_builds_its_index_before_it_takes_a_request(demo_service):
    base, _, at_start, _ = demo_service
    assert at_start == _index_items(base) > 1000  # the demo's catalogue
    # ...and keeps it out of the garbage collector's full passes (its items, among the rest)
    assert gc.get_freeze_count() > at_start


def test_users_who_never_pause(demo_service):
    base, traffic, _, _ = demo_service
    before = _index_items(base)
    # so many requests each, not so many seconds: a slow machine sends the same mix, writes included
    result = loadtest.run(base, seconds=120, users=8, traffic=traffic, each=60)
    _check(result)
    assert result.requests == 8 * 60
    assert result.offered_rate is None
    # the offers it published are closed again: the next run matches against the same catalogue
    assert not traffic.offers
    assert _index_items(base) == before


def test_requests_arriving_at_a_fixed_rate(demo_service):
    base, traffic, _, _ = demo_service
    result = loadtest.run(base, seconds=3, rate=40, traffic=traffic)
    _check(result)
    # Poisson arrivals: 120 expected, and a count below 80 or above 160 is about 4 sigma away.
    assert 80 < result.requests < 160
    assert result.offered_rate == 40
    assert 0.7 < len(result.latencies[loadtest.MATCH_ROUTE]) / result.requests < 0.9


def test_match_requests_alone_with_their_cpu_beside_their_own_work(demo_service):
    base, traffic, _, url = demo_service
    # The test's server answers from a thread of this process: its CPU is this process's.
    cost = loadtest.match_cost(base, 2, 4, traffic, os.getpid())
    assert cost.result.errors() == cost.result.refusals() == 0
    assert set(cost.result.latencies) == {loadtest.MATCH_ROUTE}
    assert cost.result.requests > 5
    assert cost.service_ms > 0
    if url.startswith("postgresql"):  # the tests' PostgreSQL runs on this machine
        assert cost.database_ms > 0
    assert matches_in_process(traffic.youth_ids[:10], url) > 0


def test_one_mode_at_a_time():
    with pytest.raises(ValueError, match="either users or rate"):
        loadtest.run("http://127.0.0.1:9", 1, users=2, rate=10)
    with pytest.raises(ValueError, match="users who never pause"):
        loadtest.run("http://127.0.0.1:9", 1, rate=10, mix=False)
    with pytest.raises(ValueError, match="users who never pause"):
        loadtest.run("http://127.0.0.1:9", 1, rate=10, each=5)


def test_results_count_errors_and_refusals_by_status():
    result = loadtest.LoadResult(seconds=2.0)
    result.latencies[loadtest.MATCH_ROUTE] += [5.0, 7.0, 9.0]
    result.latencies["POST /offers"] += [10.0, 12.0]
    result.failures[loadtest.MATCH_ROUTE].update([503, 599, 503])
    result.failures["POST /offers"][409] += 1
    assert (result.errors(), result.refusals()) == (3, 1)
    head, match, offers = result.lines()
    assert head == "5 requests in 2.0 s: 2 req/s, 3 errors, 1 refusals"
    assert match.endswith("2 × 503  1 × 599")
    assert offers.endswith("1 × 409")


def test_a_call_that_gets_no_answer_is_counted_and_told():
    """A positioning with no answer still frees its offer for closing, and counts as a 599."""
    traffic = loadtest.Traffic(
        adviser={}, officer={}, trainer={}, youth_ids=[1], session_ids=[], employer_ids=[], offers=[7]
    )
    call, result = loadtest._position(traffic), loadtest.LoadResult(seconds=1.0)

    async def send() -> None:
        async with aiohttp.ClientSession("http://127.0.0.1:9") as http:  # nothing listens there
            await loadtest._send(http, call, time.perf_counter(), result)

    asyncio.run(send())
    assert result.failures["POST /positionings"] == {599: 1}
    assert traffic.positioning_on[7] == 0
