"""The whole `passerelle` command line: the service's commands (`service/cli.py`), plus the demo
seed and the benchmarks, which need `seeds/` (the service itself never imports it)."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

import typer
from sqlmodel import Session

from seeds.demo import seed_demo as fill_demo
from seeds.scale import Scale
from service.cli import app, command_runtime
from service.db import transaction
from service.network.queries import count_organisations
from service.settings import get_settings
from tools import loadtest
from tools.bench import (
    matches_in_process,
    run,
    run_alerts,
    run_coverage,
    run_dashboard,
    run_lheo,
    run_postgis,
    run_referentials,
    run_transit,
)

seed_app = typer.Typer(help="Data generators.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print figures.", no_args_is_help=True)
app.add_typer(seed_app, name="seed")
app.add_typer(bench_app, name="bench")


@seed_app.command("demo")
def seed_demo(
    seed: int = 42,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when data exists.")] = False,
) -> None:
    """Fill the Hauts-de-France demo network (one transaction)."""
    if get_settings().environment == "production":
        typer.echo("Refused: the demo's accounts have a published password; no demo in production.", err=True)
        raise typer.Exit(1)
    with command_runtime() as runtime:
        with Session(runtime.engine) as db:
            existing = count_organisations(db)
        if existing and if_empty:
            typer.echo(f"Database already holds {existing} organisations: demo not loaded.")
            return
        with transaction(runtime.engine) as db:
            net = fill_demo(db, runtime.places, date.today(), seed=seed)
    typer.echo(
        f"Demo loaded: {len(net.mission_locales)} Missions Locales, {len(net.trainers)} training bodies "
        f"and CFAs, {len(net.employers)} employers, {len(net.siaes)} SIAE."
    )


@bench_app.command("match")
def bench_match(
    organisations: int = 100_000,
    sessions: int = 300_000,
    offers: int = 1_000_000,
    youths: int = 1000,
    batch: int = 100_000,
    processes: int = 2,
) -> None:
    """Index build time, memory, single-match latency and batch throughput at national scale."""

    run(Scale(organisations, sessions, offers), youths, batch, processes)


@bench_app.command("coverage")
def bench_coverage(
    organisations: int = 100_000,
    sessions: int = 300_000,
    offers: int = 1_000_000,
    family: Annotated[list[str], typer.Option(help="Job families to map, in turn.")] = ["J15", "F"],  # noqa: B006
    k: int = 5,
) -> None:
    """Coverage map and K placement proposals: the Hauts-de-France (about 3,800 communes), then
    France (about 35,000), on the national benchmark catalogue."""
    run_coverage(Scale(organisations, sessions, offers), tuple(family), k)


@bench_app.command("transit")
def bench_transit(
    stops: int = 12_000,
    routes: int = 1_500,
    stop_times: int = 1_500_000,
    youths: int = 1000,
    offers: Annotated[int, typer.Option(help="The match benchmark's catalogue (national: 1,000,000).")] = 1_000_000,
) -> None:
    """A region-sized synthetic GTFS network: import time, precompute time, table size, and the
    national match benchmark's latency with the timetables on and off."""
    run_transit(stops, routes, stop_times, youths, Scale(max(offers // 10, 10), max(offers * 3 // 10, 10), offers))


@bench_app.command("alerts")
def bench_alerts(followed: int = 100_000, options: int = 200, offers: int = 1_000_000) -> None:
    """New options checked against 100,000 followed youths on the national catalogue."""
    run_alerts(Scale(max(offers // 10, 10), max(offers * 3 // 10, 10), offers), followed, options)


@bench_app.command("postgis")
def bench_postgis(
    youths: int = 1000,
    national: Annotated[bool, typer.Option(help="Also the national catalogue (1.3 M items).")] = True,
    admin_url: Annotated[str, typer.Option(help="A PostgreSQL with PostGIS.")] = (
        "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    ),
    offers: Annotated[int | None, typer.Option(help="One catalogue of this size instead (a quick check).")] = None,
) -> None:
    """The engine against PostGIS (the peers' radius search and the equivalent query), same
    catalogue, same youths, interleaved; regional (130 k items) and national (1.3 M) scales."""
    scales = [("regional", Scale(10_000, 30_000, 100_000))]
    if national:
        scales.append(("national", Scale()))
    run_postgis(
        scales if offers is None else [("small", Scale(offers // 10, offers * 3 // 10, offers))], youths, admin_url
    )


@bench_app.command("load")
def bench_load(
    workers: Annotated[list[int], typer.Option(help="Worker counts to measure, in turn.")] = [1, 2, 4],  # noqa: B006
    seconds: float = 20.0,
    rate: Annotated[float, typer.Option(help="Arrival rate, requests/s (80 % of them match requests).")] = 250.0,
    users: Annotated[int, typer.Option(help="Users who never pause, for the saturation run.")] = 32,
    port: int = 8765,
) -> None:
    """Mixed traffic (80 % matching, 15 % reads, 5 % writes) against `passerelle serve --workers N`
    on the configured database, which must hold the demo network (PostgreSQL for several workers):
    latency at a fixed arrival rate, then the throughput the service saturates at."""

    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PASSERELLE_LOGIN_RATE_LIMIT": "100000/minute"}
    costs: list[tuple[str, loadtest.MatchCost]] = []
    for n in workers:
        label = f"{n} worker{'s' if n > 1 else ''}"
        with _serving(n, port, env) as server:
            traffic = loadtest.prepare(base)
            loadtest.run(base, 3, users=users, traffic=traffic)  # warm every worker
            at_rate = loadtest.run(base, seconds, rate=rate, traffic=traffic)
            saturated = loadtest.run(base, seconds, users=users, traffic=traffic)
            costs.append((label, loadtest.match_cost(base, seconds, users, traffic, server.pid)))
        typer.echo(f"== {label}, requests arriving at {rate:,.0f}/s")
        typer.echo("\n".join(at_rate.lines()))
        typer.echo(f"== {label}, {users} users who never pause")
        typer.echo("\n".join(saturated.lines()))
    own = matches_in_process(traffic.youth_ids, get_settings().database_url)
    typer.echo(f"== match requests alone, {users} users who never pause, against their own work")
    typer.echo(f"the same youths' matches in this process (ranking, reasons, details, JSON): {own:.2f} ms each")
    for label, cost in costs:
        typer.echo(
            f"{label}: {cost.result.rate():,.0f} req/s; CPU per request: the service {cost.service_ms:.2f} ms "
            f"({cost.service_ms / own:.1f}× the match's own work), PostgreSQL {cost.database_ms:.2f} ms"
        )


@contextmanager
def _serving(workers: int, port: int, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """`passerelle serve --workers N` in a child process, once every worker answers; stopped when
    the benchmark ends, fails or is terminated."""

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:  # its answers would be measured instead of ours
            typer.echo(f"Port {port} is taken by another server: stop it or choose --port.", err=True)
            raise typer.Exit(1)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    command = [
        sys.executable,
        "-c",
        "from service.cli import app; app()",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as server:
        try:
            deadline = time.monotonic() + 180
            while True:  # every worker builds its index before it answers
                if time.monotonic() > deadline or server.poll() is not None:
                    typer.echo(f"The service with {workers} workers did not start.", err=True)
                    raise typer.Exit(1)
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5):
                        break
                except OSError:
                    time.sleep(0.5)
            yield server
        finally:
            server.terminate()
            server.wait(timeout=30)


ScratchDatabase = Annotated[str, typer.Option(help="Default: a new SQLite file in a temporary folder.")]


@contextmanager
def _scratch(database_url: str) -> Iterator[str]:
    """The database given, or a new SQLite file removed when the benchmark ends."""
    with tempfile.TemporaryDirectory() as folder:
        yield database_url or f"sqlite:///{folder}/bench.db"


@bench_app.command("lheo")
def bench_lheo(sessions: int = 10_000, database_url: ScratchDatabase = "") -> None:
    """LHEO import rate (sessions/s) on a generated file."""
    with _scratch(database_url) as url:
        run_lheo(sessions, url)


@bench_app.command("dashboard")
def bench_dashboard(youths: int = 1000, database_url: ScratchDatabase = "") -> None:
    """A Mission Locale's dashboard view with this many youth files, first and next views."""
    with _scratch(database_url) as url:
        run_dashboard(youths, url)


@bench_app.command("referentials")
def bench_referentials(queries: int = 2000) -> None:
    """ROME and commune autocompletion over the whole referentials: index build, p50/p95/p99."""
    run_referentials(queries)
