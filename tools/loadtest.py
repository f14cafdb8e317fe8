"""Mixed traffic against a running service: 80 % matching, 15 % reads, 5 % writes (sessions
updated, offers published and closed, youths positioned on them).

Two ways to drive it:
- at a given arrival rate (open loop): requests arrive as a Poisson stream, whether or not the
  earlier ones are answered, as advisers across a region would send them. Each latency counts from
  the moment the request was due, so time spent waiting for a free connection is not hidden. This
  is how a target such as "200 match requests/s at p95 under 100 ms" is measured;
- with N users who never pause (closed loop): the throughput the service saturates at. Latency
  there is mostly waiting in line (p50 is about N / throughput).

`passerelle bench load` runs both against 1, 2 and 4 workers; the test suite runs a few seconds of
each. The client is aiohttp: it shares the machine's cores with the service, and costs a quarter
of the CPU per request that httpx does.
"""

import asyncio
import contextlib
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import aiohttp
import numpy as np
import psutil

from seeds.demo import DEMO_PASSWORD

MATCH_ROUTE = "GET /youths/{id}/matches"


@dataclass
class Traffic:
    """What the simulated users hold: their tokens and the ids they work on."""

    adviser: dict[str, str]
    officer: dict[str, str]
    trainer: dict[str, str]
    youth_ids: list[int]
    session_ids: list[int]  # the training body's own
    employer_ids: list[int]  # the officer's
    # offers the traffic published and has not closed yet: it closes as many as it publishes, so
    # the catalogue matched against stays the demo's, run after run
    offers: list[int] = field(default_factory=list)
    # offers with a positioning on its way: none is closed under it (the refusal would be right, but
    # it would be the benchmark's doing)
    positioning_on: Counter[int] = field(default_factory=Counter)
    positionings: int = 0


@dataclass(frozen=True)
class Call:
    route: str
    method: str
    url: str
    kw: dict[str, Any]
    done: Callable[[int, bytes], None] | None = None  # told the answer's status and body


@dataclass
class LoadResult:
    seconds: float  # from the first request to the last answer (beyond the run's length when answers lag)
    offered_rate: float | None = None  # requests/s asked for; None when users never pause
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # the answers of 400 and over, by route and status (599: no answer)
    failures: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def rate(self) -> float:
        return self.requests / self.seconds

    def errors(self) -> int:
        return sum(n for statuses in self.failures.values() for status, n in statuses.items() if status >= 500)

    def refusals(self) -> int:
        return sum(n for statuses in self.failures.values() for status, n in statuses.items() if status < 500)

    def lines(self) -> list[str]:
        offered = f" (offered {self.offered_rate:,.0f} req/s)" if self.offered_rate else ""
        out = [
            f"{self.requests:,} requests in {self.seconds:.1f} s: {self.rate():,.0f} req/s{offered}, "
            f"{self.errors()} errors, {self.refusals()} refusals"
        ]
        for route, values in sorted(self.latencies.items()):
            p50, p95, p99 = np.percentile(values, [50, 95, 99])
            out.append(
                f"  {route:<28} {len(values) / self.seconds:7.1f} req/s  p50 {p50:6.1f}  p95 {p95:6.1f}"
                f"  p99 {p99:6.1f} ms{_statuses(self.failures.get(route, Counter()))}"
            )
        return out


def _statuses(failures: Counter[int]) -> str:
    return "".join(f"  {n} × {status}" for status, n in sorted(failures.items())) or "  no failure"


async def _json(http: aiohttp.ClientSession, method: str, url: str, **kw: Any) -> Any:
    async with http.request(method, url, raise_for_status=True, **kw) as r:
        return await r.json()


async def _bearer(http: aiohttp.ClientSession, who: str) -> dict[str, str]:
    body = await _json(
        http, "POST", "/api/v1/auth/token", data={"username": f"{who}@demo.passerelle.fr", "password": DEMO_PASSWORD}
    )
    return {"Authorization": f"Bearer {body['access_token']}"}


async def _prepare(base_url: str) -> Traffic:
    """Log the three demo users in and collect the ids the traffic will use."""
    async with aiohttp.ClientSession(base_url) as http:
        adviser, officer, trainer = [await _bearer(http, who) for who in ("adviser", "officer", "trainer")]
        youths = (await _json(http, "GET", "/api/v1/youths", headers=adviser, params={"limit": 200}))["items"]
        me = await _json(http, "GET", "/api/v1/me", headers=trainer)
        sessions = (
            await _json(
                http,
                "GET",
                "/api/v1/sessions",
                headers=trainer,
                params={"organisation_id": me["organisation_id"], "limit": 200},
            )
        )["items"]
        officer_ml = (await _json(http, "GET", "/api/v1/me", headers=officer))["organisation_id"]
        orgs = []
        page: dict[str, Any] = {"kind": "employer", "limit": 200}
        while True:  # every employer, to find the officer's own
            body = await _json(http, "GET", "/api/v1/organisations", headers=officer, params=page)
            orgs += body["items"]
            if not body["next_cursor"]:
                break
            page["cursor"] = body["next_cursor"]
    return Traffic(
        adviser,
        officer,
        trainer,
        [y["id"] for y in youths],
        [s["id"] for s in sessions],
        [o["id"] for o in orgs if o["managed_by_id"] == officer_ml],
    )


Calls = Callable[[Traffic, random.Random], Call]  # the next request a user sends


def match_call(traffic: Traffic, rng: random.Random) -> Call:
    """A match request for one of the adviser's youths."""
    youth = rng.choice(traffic.youth_ids)
    return Call(
        MATCH_ROUTE, "GET", f"/api/v1/youths/{youth}/matches", {"headers": traffic.adviser, "params": {"limit": 20}}
    )


def _request(traffic: Traffic, rng: random.Random) -> Call:
    """One request of the mix."""
    roll = rng.random()
    if roll < 0.80:
        return match_call(traffic, rng)
    youth = rng.choice(traffic.youth_ids)
    if roll < 0.87:
        return Call("GET /youths/{id}", "GET", f"/api/v1/youths/{youth}", {"headers": traffic.adviser})
    if roll < 0.95:
        return Call("GET /sessions", "GET", "/api/v1/sessions", {"headers": traffic.adviser, "params": {"limit": 20}})
    if roll < 0.96 and traffic.offers:
        return _position(traffic)
    closable = [o for o in traffic.offers[:-1] if not traffic.positioning_on[o]]
    if roll < 0.9725 and closable:  # about as many closed as published, the oldest first
        traffic.offers.remove(closable[0])
        return _close(traffic.officer, closable[0])
    if roll < 0.9875 and traffic.session_ids:
        session = rng.choice(traffic.session_ids)
        return Call(
            "PATCH /sessions/{id}",
            "PATCH",
            f"/api/v1/sessions/{session}",
            {"headers": traffic.trainer, "json": {"hours": rng.randint(100, 900)}},
        )
    start = date.today() + timedelta(days=rng.randint(5, 60))
    return Call(
        "POST /offers",
        "POST",
        "/api/v1/offers",
        {
            "headers": traffic.officer,
            "json": {
                "organisation_id": rng.choice(traffic.employer_ids),
                "kind": "immersion",
                "title": "Immersion (charge)",
                "rome_code": "F1703",
                "insee_code": "62119",
                "start_date": str(start),
            },
        },
        done=_published(traffic),
    )


def _published(traffic: Traffic) -> Callable[[int, bytes], None]:
    def done(status: int, body: bytes) -> None:
        if status == 201:
            traffic.offers.append(json.loads(body)["id"])

    return done


def _position(traffic: Traffic) -> Call:
    """The next youth in turn on the latest offer (each youth at most once on an offer)."""
    traffic.positionings += 1
    youth = traffic.youth_ids[traffic.positionings % len(traffic.youth_ids)]
    offer = traffic.offers[-1]
    traffic.positioning_on[offer] += 1

    def done(status: int, body: bytes) -> None:
        traffic.positioning_on[offer] -= 1

    return Call(
        "POST /positionings",
        "POST",
        "/api/v1/positionings",
        {"headers": traffic.adviser, "json": {"youth_id": youth, "offer_id": offer}},
        done=done,
    )


def _close(officer: dict[str, str], offer: int) -> Call:
    return Call("DELETE /offers/{id}", "DELETE", f"/api/v1/offers/{offer}", {"headers": officer})


async def _send(http: aiohttp.ClientSession, call: Call, due: float, result: LoadResult) -> None:
    """One request, its latency counted from `due` (when it was meant to leave)."""
    body = b""  # no answer: `done` is still told, with status 599
    try:
        async with http.request(call.method, call.url, **call.kw) as r:
            body = await r.read()
            status = r.status
    except (TimeoutError, aiohttp.ClientError):
        status = 599
    result.latencies[call.route].append((time.perf_counter() - due) * 1000)
    if status >= 400:
        result.failures[call.route][status] += 1
    if call.done:
        call.done(status, body)


async def _user(
    http: aiohttp.ClientSession,
    traffic: Traffic,
    calls: Calls,
    result: LoadResult,
    deadline: float,
    seed: int,
    each: int | None,
) -> None:
    rng = random.Random(seed)
    sent = 0
    while time.perf_counter() < deadline and sent != each:
        await _send(http, calls(traffic, rng), time.perf_counter(), result)
        sent += 1


async def _arrivals(
    http: aiohttp.ClientSession, traffic: Traffic, result: LoadResult, deadline: float, rate: float, seed: int
) -> None:
    """Requests due at Poisson arrival times, each sent on time whatever the earlier ones do."""
    rng = random.Random(seed)
    pending = set()
    due = time.perf_counter()
    while True:
        due += rng.expovariate(rate)
        if due >= deadline:
            break
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        task = asyncio.create_task(_send(http, _request(traffic, rng), due, result))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)


async def _drive(
    base_url: str,
    seconds: float,
    users: int | None,
    rate: float | None,
    traffic: Traffic | None,
    connections: int,
    mix: bool,
    each: int | None,
) -> LoadResult:
    traffic = traffic or await _prepare(base_url)
    result = LoadResult(seconds, rate)
    connector = aiohttp.TCPConnector(limit=users or connections)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base_url, connector=connector, timeout=timeout) as http:
        started = time.perf_counter()
        deadline = started + seconds
        if rate:
            await _arrivals(http, traffic, result, deadline, rate, seed=0)
        else:
            calls = _request if mix else match_call
            await asyncio.gather(*(_user(http, traffic, calls, result, deadline, i, each) for i in range(users or 1)))
        result.seconds = time.perf_counter() - started
        while traffic.offers:  # not measured: the run leaves the catalogue as it found it
            close = _close(traffic.officer, traffic.offers.pop())
            await _json(http, close.method, close.url, **close.kw)
    return result


def run(
    base_url: str,
    seconds: float,
    *,
    users: int | None = None,
    rate: float | None = None,
    traffic: Traffic | None = None,
    connections: int = 64,
    mix: bool = True,
    each: int | None = None,
) -> LoadResult:
    """Drive the service for `seconds`: at `rate` requests/s if given, else with `users` who never
    pause, each stopping sooner after `each` requests if given (the same mix whatever the machine's
    speed); the mixed traffic, or (`mix=False`, users only) match requests alone."""
    if (users is None) == (rate is None):
        raise ValueError("give either users or rate")
    if rate is not None and (not mix or each is not None):
        raise ValueError("match requests alone, or so many each, are sent by users who never pause")
    return asyncio.run(_drive(base_url, seconds, users, rate, traffic, connections, mix, each))


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process and its children used so far: a server and its workers."""
    root = psutil.Process(pid)
    total = 0.0
    for process in (root, *root.children(recursive=True)):
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def database_cpu_seconds() -> float:
    """The CPU time the PostgreSQL processes of this machine used so far (0 when it runs elsewhere)."""
    total = 0.0
    for process in psutil.process_iter(["name", "cpu_times"]):
        times = process.info["cpu_times"]
        if process.info["name"] == "postgres" and times is not None:
            total += times.user + times.system
    return total


def prepare(base_url: str) -> Traffic:
    return asyncio.run(_prepare(base_url))


@dataclass(frozen=True)
class MatchCost:
    """Match requests alone, with the CPU each cost the service and the database."""

    result: LoadResult
    service_ms: float
    database_ms: float


def match_cost(base_url: str, seconds: float, users: int, traffic: Traffic, server_pid: int) -> MatchCost:
    """Match requests alone from `users` who never pause, and the CPU time per request of the
    server process (with its workers) and of PostgreSQL meanwhile; the client is not counted."""
    service, database = cpu_seconds(server_pid), database_cpu_seconds()
    result = run(base_url, seconds, users=users, traffic=traffic, mix=False)
    per_request = 1000 / max(result.requests, 1)
    return MatchCost(
        result,
        (cpu_seconds(server_pid) - service) * per_request,
        (database_cpu_seconds() - database) * per_request,
    )
