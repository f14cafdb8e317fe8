"""Mixed traffic against a running service: 80 % matching, 15 % reads, 5 % writes.

`passerelle bench load` starts the service with 1, 2 and 4 workers and prints, for each,
throughput and p95 per route; the test suite runs the same traffic for a few seconds.
"""

import asyncio
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import httpx2
import numpy as np

from seeds.demo import DEMO_PASSWORD


@dataclass
class Traffic:
    """What the simulated users hold: their tokens and the ids they work on."""

    adviser: dict[str, str]
    officer: dict[str, str]
    trainer: dict[str, str]
    youth_ids: list[int]
    session_ids: list[int]  # the training body's own
    employer_ids: list[int]  # the officer's


@dataclass
class LoadResult:
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refusals: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def rate(self, route: str | None = None) -> float:
        n = self.requests if route is None else len(self.latencies.get(route, []))
        return n / self.seconds

    def lines(self) -> list[str]:
        out = [f"{self.requests:,} requests in {self.seconds:.1f} s: {self.rate():,.0f} req/s, "
               f"{sum(self.errors.values())} errors"]
        for route, values in sorted(self.latencies.items()):
            p50, p95 = np.percentile(values, [50, 95])
            out.append(f"  {route:<40} {len(values) / self.seconds:8.1f} req/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
                       f"  errors {self.errors.get(route, 0)}  refused {self.refusals.get(route, 0)}")
        return out


def _bearer(http: httpx2.Client, who: str) -> dict[str, str]:
    r = http.post("/api/v1/auth/token", data={"username": f"{who}@demo.passerelle.fr", "password": DEMO_PASSWORD})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def prepare(base_url: str) -> Traffic:
    """Log the three demo users in and collect the ids the traffic will use."""
    with httpx2.Client(base_url=base_url, timeout=30) as http:
        adviser, officer, trainer = (_bearer(http, who) for who in ("adviser", "officer", "trainer"))
        youths = http.get("/api/v1/youths", headers=adviser, params={"limit": 200}).json()["items"]
        me = http.get("/api/v1/me", headers=trainer).json()
        sessions = http.get("/api/v1/sessions", headers=trainer,
                            params={"organisation_id": me["organisation_id"], "limit": 200}).json()["items"]
        officer_ml = http.get("/api/v1/me", headers=officer).json()["organisation_id"]
        orgs = []
        page: dict = {"kind": "employer", "limit": 200}
        while True:  # every employer, to find the officer's own
            body = http.get("/api/v1/organisations", headers=officer, params=page).json()
            orgs += body["items"]
            if not body["next_cursor"]:
                break
            page["cursor"] = body["next_cursor"]
    return Traffic(adviser, officer, trainer, [y["id"] for y in youths], [s["id"] for s in sessions],
                   [o["id"] for o in orgs if o["managed_by_id"] == officer_ml])


def _request(traffic: Traffic, rng: random.Random) -> tuple[str, str, str, dict]:
    """One request of the mix: (route, method, url, keyword arguments)."""
    roll = rng.random()
    youth = rng.choice(traffic.youth_ids)
    if roll < 0.80:
        return "GET /youths/{id}/matches", "GET", f"/api/v1/youths/{youth}/matches", {
            "headers": traffic.adviser, "params": {"limit": 20}}
    if roll < 0.87:
        return "GET /youths/{id}", "GET", f"/api/v1/youths/{youth}", {"headers": traffic.adviser}
    if roll < 0.95:
        return "GET /sessions", "GET", "/api/v1/sessions", {"headers": traffic.adviser, "params": {"limit": 20}}
    if roll < 0.975 and traffic.session_ids:
        session = rng.choice(traffic.session_ids)
        return "PATCH /sessions/{id}", "PATCH", f"/api/v1/sessions/{session}", {
            "headers": traffic.trainer, "json": {"hours": rng.randint(100, 900)}}
    start = date.today() + timedelta(days=rng.randint(5, 60))
    return "POST /offers", "POST", "/api/v1/offers", {"headers": traffic.officer, "json": {
        "organisation_id": rng.choice(traffic.employer_ids), "kind": "immersion", "title": "Immersion (charge)",
        "rome_code": "F1703", "insee_code": "62119", "start_date": str(start)}}


async def _user(http: httpx2.AsyncClient, traffic: Traffic, result: LoadResult, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        route, method, url, kw = _request(traffic, rng)
        started = time.perf_counter()
        try:
            r = await http.request(method, url, **kw)
            status = r.status_code
        except httpx2.HTTPError:
            status = 599
        result.latencies[route].append((time.perf_counter() - started) * 1000)
        if status >= 500:
            result.errors[route] += 1
        elif status >= 400:
            result.refusals[route] += 1


async def _drive(base_url: str, traffic: Traffic, seconds: float, users: int) -> LoadResult:
    result = LoadResult(seconds)
    limits = httpx2.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx2.AsyncClient(base_url=base_url, timeout=30, limits=limits) as http:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_user(http, traffic, result, deadline, i) for i in range(users)))
    return result


def run(base_url: str, seconds: float, users: int, traffic: Traffic | None = None) -> LoadResult:
    return asyncio.run(_drive(base_url, traffic or prepare(base_url), seconds, users))
