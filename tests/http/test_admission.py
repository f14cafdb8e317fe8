"""Admission: at most a few requests at work per worker, the others wait their turn or get a 503."""

import asyncio

from service.http.admission import Admission


def _app(log: list[str], gate: asyncio.Event, busy: list[int]):
    async def app(scope, receive, send):
        busy[0] += 1
        busy[1] = max(busy[1], busy[0])
        log.append(scope["path"])
        await gate.wait()
        busy[0] -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    return app


async def _call(app, path: str) -> int:
    statuses = []

    async def send(message):
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    await app({"type": "http", "path": path, "method": "GET", "headers": []}, receive, send)
    return statuses[0]


def test_requests_beyond_the_limit_wait_their_turn_in_order():
    async def scenario():
        log, gate, busy = [], asyncio.Event(), [0, 0]
        app = Admission(_app(log, gate, busy), active=2, wait_seconds=5)
        calls = []
        for i in range(5):
            calls.append(asyncio.create_task(_call(app, f"/{i}")))
            await asyncio.sleep(0)  # arrive one after the other
        await asyncio.sleep(0.05)
        assert log == ["/0", "/1"]  # the others wait
        gate.set()
        assert await asyncio.gather(*calls) == [200] * 5
        return log, busy[1]

    log, most = asyncio.run(scenario())
    assert log == ["/0", "/1", "/2", "/3", "/4"]
    assert most == 2


def test_a_request_that_waits_too_long_gets_a_503():
    async def scenario():
        gate = asyncio.Event()
        app = Admission(_app([], gate, [0, 0]), active=1, wait_seconds=0.05)
        first = asyncio.create_task(_call(app, "/slow"))
        await asyncio.sleep(0)
        refused = await _call(app, "/late")
        gate.set()
        return await first, refused

    assert asyncio.run(scenario()) == (200, 503)


def test_one_app_served_from_two_event_loops():
    """TestClient serves an app from a new loop each time: the limit must follow."""
    gate = asyncio.Event()
    gate.set()
    app = Admission(_app([], gate, [0, 0]), active=1, wait_seconds=1)
    for _ in range(2):

        async def twice():
            return await asyncio.gather(_call(app, "/a"), _call(app, "/b"))

        assert asyncio.run(twice()) == [200, 200]
