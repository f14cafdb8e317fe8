"""`passerelle bench match`: index build, memory, latency and batch throughput, printed."""

import gc
import itertools
import multiprocessing
import os
import random
import resource
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date

import numpy as np

from geo.distance import haversine_km
from geo.french_communes import default_gazetteer
from geo.travel import EstimatedTravelTime, TravelMode, TravelTimeProvider
from matching.coverage import PRESETS, Place, family_codes, open_options, propose_sites, reach
from matching.graph import NetworkValues
from matching.index import CandidateIndex
from matching.model import YouthProfile
from matching.ranking import MatchRequest, match
from matching.rome import packaged_referential
from matching.vocabulary import ItemKind
from seeds.scale import Scale, catalogue, youths
from service.runtime import keep_out_of_the_collector

_INDEX: CandidateIndex | None = None
NO_NETWORK = NetworkValues(np.array([], dtype=np.int64), np.array([]))
TODAY = date(2026, 11, 23)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _rank_all(profiles: list[YouthProfile]) -> int:
    provider = EstimatedTravelTime()
    assert _INDEX is not None
    return sum(len(match(_INDEX, provider, NO_NETWORK, MatchRequest(p, TODAY, limit=20)).results) for p in profiles)


def run(scale: Scale, latency_youths: int = 1000, batch_youths: int = 100_000, processes: int = 2) -> None:
    global _INDEX
    gazetteer, rome = default_gazetteer(), packaged_referential()
    t = time.perf_counter()
    items = catalogue(gazetteer, rome, TODAY, scale)
    print(f"catalogue generated: {len(items):,} items in {time.perf_counter() - t:.1f} s")
    gc.collect()
    before = _current_rss_mb()
    t = time.perf_counter()
    _INDEX = CandidateIndex.build(rome, items)
    del items
    gc.collect()
    print(
        f"index build: {time.perf_counter() - t:.1f} s; index arrays {_INDEX.nbytes() / 2**20:.0f} MB; "
        f"process memory for the index {_current_rss_mb() - before:.0f} MB (peak RSS {_rss_mb():.0f} MB)"
    )
    walked = _collector_pass_ms()
    keep_out_of_the_collector()  # as a worker does once its index is built
    print(
        f"a full pass of the garbage collector: {walked:.0f} ms over the index's objects, "
        f"{_collector_pass_ms():.1f} ms once they are frozen"
    )
    samples = youths(gazetteer, rome, latency_youths)
    timings, early = _latencies(samples)
    print(
        f"single match, top-20 mixed, {latency_youths} youths: {_percentiles(timings)} "
        f"({early} settled on a smaller candidate set)"
    )
    _during_a_compaction(samples)
    batch = youths(gazetteer, rome, batch_youths, seed=3)
    chunks = [batch[i::processes] for i in range(processes)]
    t = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        ranked = sum(pool.map(_rank_all, chunks))
    elapsed = time.perf_counter() - t
    print(
        f"batch: {batch_youths:,} youths ranked in {elapsed:.1f} s with {processes} processes "
        f"({batch_youths / elapsed:,.0f} youths/s, {ranked:,} results)"
    )


def _collector_pass_ms() -> float:
    t = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - t) * 1000


def _latencies(samples: Iterable[YouthProfile], until: Callable[[], bool] = lambda: False) -> tuple[list[float], int]:
    """The samples matched in turn, until they run out or `until()` says stop: times in ms, and how
    many settled on a smaller candidate set."""
    assert _INDEX is not None
    provider, timings, early = EstimatedTravelTime(), [], 0
    for p in samples:
        t = time.perf_counter()
        out = match(_INDEX, provider, NO_NETWORK, MatchRequest(p, TODAY, limit=20))
        timings.append((time.perf_counter() - t) * 1000)
        early += out.considered is None
        if until():
            break
    return timings, early


def _percentiles(timings: list[float]) -> str:
    p50, p95, p99 = np.percentile(timings, [50, 95, 99])
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms"


def _during_a_compaction(samples: list[YouthProfile]) -> None:
    """A server process compacts its index in a thread while it keeps answering
    (service/search/state.py): the matches it ranks meanwhile share the interpreter with the copy."""
    assert _INDEX is not None
    copy = threading.Thread(target=_INDEX.compacted, args=(_INDEX.live_rows(),))
    t = time.perf_counter()
    copy.start()
    timings, _ = _latencies(itertools.cycle(samples), until=lambda: not copy.is_alive())
    print(
        f"single match while a compaction copies the index in a thread ({time.perf_counter() - t:.1f} s, "
        f"{len(timings)} matches): {_percentiles(timings)}"
    )


def run_lheo(n: int, database_url: str) -> None:
    """Write a file of `n` sessions, then import it twice (create, then update) into a fresh database."""
    from geo.geocoder import GazetteerGeocoder
    from seeds.lheo_file import sessions
    from service import migrate
    from service.db import make_engine, transaction
    from service.interop import lheo
    from service.interop.lheo_import import import_sessions
    from service.referentials.service import Places

    gazetteer, rome = default_gazetteer(), packaged_referential()
    data = lheo.write(sessions(gazetteer, rome, n, TODAY))
    print(f"LHEO file: {n:,} sessions, {len(data) / 2**20:.1f} MB")
    migrate.upgrade(database_url)
    engine, places = make_engine(database_url), Places(gazetteer, GazetteerGeocoder())
    for label in ("first import (creates)", "second import (updates)"):
        t = time.perf_counter()
        parsed = lheo.read(data, 2**31)
        parse = time.perf_counter() - t
        with transaction(engine) as db:
            report = import_sessions(db, places, parsed)
        elapsed = time.perf_counter() - t
        print(
            f"{label}: parse {parse:.1f} s, total {elapsed:.1f} s, {n / elapsed:,.0f} sessions/s "
            f"({report.created:,} created, {report.updated:,} updated, {report.rejected:,} rejected)"
        )


MOBILITIES = ([TravelMode.WALK], [TravelMode.WALK, TravelMode.BIKE, TravelMode.PUBLIC_TRANSPORT])
NEAR_KM = 25.0  # the demo adviser's Mission Locale territory, around Béthune


def run_dashboard(n: int, database_url: str) -> None:
    """A Mission Locale's dashboard with `n` youth files: the first view ranks every youth once,
    the next views of the same catalogue version read what the worker remembered."""
    from seeds.demo import seed_demo
    from service import migrate
    from service.accounts.service import user_by_email
    from service.db import make_engine, transaction
    from service.models import Youth
    from service.network.service import stats_for
    from service.runtime import build_runtime
    from service.settings import Settings
    from service.youths.schemas import YouthCreate

    migrate.upgrade(database_url)
    runtime = build_runtime(Settings(database_url=database_url), make_engine(database_url))
    rng = random.Random(5)
    bethune = runtime.gazetteer.by_insee("62119").point
    around = list(runtime.gazetteer)
    km = haversine_km(bethune, np.array([c.lat for c in around]), np.array([c.lon for c in around]))
    communes = [c for c, d in zip(around, km, strict=True) if d <= NEAR_KM]
    codes = [c.code for c in runtime.matching.rome.codes]
    with transaction(runtime.engine) as db:
        seed_demo(db, runtime.places, TODAY)
        adviser = user_by_email(db, "adviser@demo.passerelle.fr")
        assert adviser is not None
        assert adviser.organisation_id is not None
        for i in range(n):
            home = rng.choice(communes)
            data = YouthCreate(
                file_reference=f"BENCH-{i}",
                birth_date=date(2004 + i % 6, 1 + i % 12, 1 + i % 28),
                qualification_level=rng.choice([2, 2, 3, 4]),
                wished_rome_codes=rng.sample(codes, k=rng.randint(0, 2)),
                home_insee_code=home.insee_code,
                travel_modes=rng.choice(MOBILITIES),
                max_travel_minutes=rng.choice([30, 45, 60]),
            )
            db.add(
                Youth(
                    **data.model_dump(exclude={"latitude", "longitude"}),
                    latitude=home.lat,
                    longitude=home.lon,
                    mission_locale_id=adviser.organisation_id,
                )
            )
    with transaction(runtime.engine) as db:
        adviser = user_by_email(db, "adviser@demo.passerelle.fr")
        assert adviser is not None
        for label in ("first view (ranks every youth)", "second view (same catalogue)", "third view"):
            t = time.perf_counter()
            stats = stats_for(runtime, db, adviser)
            elapsed = (time.perf_counter() - t) * 1000
            print(
                f"dashboard, {stats.youths:,} youths, {label}: {elapsed:,.0f} ms "
                f"({stats.youths_without_reachable_placement:,} without a reachable placement)"
            )


def run_referentials(queries: int) -> None:
    """Build time of the ROME and commune indexes, and the p95 of their autocompletion in process."""
    from geo.french_communes import packaged_communes
    from geo.gazetteer import Gazetteer
    from matching.rome import RomeReferential

    t = time.perf_counter()
    rome = RomeReferential(packaged_referential().codes, packaged_referential().abbreviations)
    print(f"ROME index: {len(rome):,} codes, built in {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    gazetteer = Gazetteer(packaged_communes())
    print(f"commune index: {len(gazetteer):,} communes, built in {time.perf_counter() - t:.2f} s")
    rng = random.Random(3)
    names = [n for c in rome.codes for n in (c.label, *c.appellations)]
    typed = [_as_typed(rng, rng.choice(names)) for _ in range(queries)]
    towns = [_as_typed(rng, c.name) for c in rng.sample(list(gazetteer), queries)]
    codes = [rng.choice(c.postal_codes) for c in rng.sample(list(gazetteer), queries) if c.postal_codes]
    for label, run, inputs in (
        ("ROME autocompletion", lambda q: rome.search(q, 10), typed),
        ("commune autocompletion by name", lambda q: gazetteer.search(q, 10), towns),
        ("commune by postal code", lambda q: gazetteer.search(q, 10), codes),
    ):
        timings = []
        for q in inputs:
            t = time.perf_counter()
            run(q)
            timings.append((time.perf_counter() - t) * 1000)
        print(f"{label}, {len(inputs):,} queries: {_percentiles(timings)}")


def _as_typed(rng: random.Random, name: str) -> str:
    """A name as someone types it: the first words, in lower case, maybe cut short or accents lost."""
    words = name.split(" / ")[rng.randrange(2) if " / " in name else 0].split()[: rng.randint(1, 3)]
    text = " ".join(words).lower()
    if rng.random() < 0.3:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text[: rng.randint(3, max(3, len(text)))]


HDF = ("02", "59", "60", "62", "80")


def run_coverage(scale: Scale, families: tuple[str, ...], k: int) -> None:
    """A coverage map and K placement proposals for the Hauts-de-France, then for France, on the
    national benchmark catalogue; youths drawn per commune from its population."""
    gazetteer, rome = default_gazetteer(), packaged_referential()
    t = time.perf_counter()
    index = CandidateIndex.build(rome, catalogue(gazetteer, rome, TODAY, scale))
    print(f"national catalogue indexed: {len(index):,} items in {time.perf_counter() - t:.1f} s")
    rng = np.random.default_rng(4)
    france = [
        Place(c.insee_code, c.name, c.lat, c.lon, c.population, int(rng.poisson(c.population / 400)))
        for c in gazetteer
        if not c.department.startswith("97")
    ]
    region = [p for p in france if p.insee_code[:2] in HDF]
    provider, mobility = EstimatedTravelTime(), PRESETS["walk_pt_45"]
    for family in families:
        options = open_options(index, family_codes(rome, family), frozenset(ItemKind), TODAY.toordinal())
        for name, places in (("Hauts-de-France", region), ("France", france)):
            t = time.perf_counter()
            reaches = reach(provider, places, options, mobility)
            mapped = time.perf_counter() - t
            white = sum(r.white for r in reaches)
            t = time.perf_counter()
            picks = propose_sites(provider, reaches, places, mobility, k)
            proposed = time.perf_counter() - t
            print(
                f"{family} ({len(options):,} open options), {name}, {len(places):,} communes: map {mapped:.2f} s "
                f"({mapped / len(places) * 1e6:.0f} µs per commune, {white:,} white); K={k} proposals over every "
                f"commune {proposed:.2f} s (first: {picks[0].place.name if picks else '—'}, "
                f"+{picks[0].youths_gained if picks else 0} youths)"
            )


def run_transit(stops: int, routes: int, stop_times: int, youths_n: int, scale: Scale) -> None:
    """Import and precompute a region-sized synthetic network, then the national match
    benchmark's latency with the timetables on and off."""
    from geo.gtfs import read_feed, to_bytes
    from geo.transit import TimetableTravelTime, TransitTable, compute
    from seeds.transit_scale import synthetic_feed
    from service.settings import TransitSettings
    from service.transit.service import walking, window

    gazetteer, settings = default_gazetteer(), TransitSettings()
    t = time.perf_counter()
    data = synthetic_feed(gazetteer, HDF, stops, routes, stop_times)
    print(f"synthetic feed: {len(data) / 2**20:.0f} MB zip in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    feed = read_feed(data)
    stored = to_bytes(feed)
    print(
        f"import (read, check, store): {len(feed.stop_ids):,} stops, {len(feed.route_ids):,} routes, "
        f"{len(feed.trip_route):,} trips, {len(feed.st_trip):,} stop times in {time.perf_counter() - t:.1f} s "
        f"({len(stored) / 2**20:.0f} MB stored)"
    )
    estimate = EstimatedTravelTime()
    day = date(2027, 1, 12)
    communes = [(c.insee_code, c.lat, c.lon) for c in gazetteer if c.department in HDF]
    t = time.perf_counter()
    slots = [h * 3600 + m * 60 for h, m in ((6, 30), (7, 0), (7, 30), (8, 0), (8, 30))]
    table = compute(
        [("synthetic", feed)],
        communes,
        window(settings, day),
        walking(settings, estimate.model),
        settings.cover_km,
        slots,
    )
    elapsed = time.perf_counter() - t
    blob = table.to_bytes()
    print(
        f"precompute: {len(table.journeys.origins):,} of {len(communes):,} communes covered, "
        f"{len(table.journeys.stop):,} commune-stop journeys in {elapsed:.0f} s; table {table.nbytes() / 2**20:.0f} MB "
        f"in memory, {len(blob) / 2**20:.0f} MB stored"
    )
    provider = TimetableTravelTime(TransitTable.from_bytes(blob), walking(settings, estimate.model), estimate)
    _match_with_and_without(provider, youths_n, set(table.journeys.origins), scale)


def _match_with_and_without(provider: TravelTimeProvider, n: int, covered: set[str], scale: Scale) -> None:
    global _INDEX
    _INDEX = CandidateIndex.build(
        packaged_referential(), catalogue(default_gazetteer(), packaged_referential(), TODAY, scale)
    )
    everyone = youths(default_gazetteer(), packaged_referential(), n)
    local = [
        y for y in youths(default_gazetteer(), packaged_referential(), n * 40, seed=5) if y.origin.commune in covered
    ]
    for label, sample in (("national sample", everyone), ("youths of covered communes", local[:n])):
        timings = {}
        for name, p in (("estimate", EstimatedTravelTime()), ("timetables", provider)):
            runs = []
            for y in sample:
                s = time.perf_counter()
                match(_INDEX, p, NO_NETWORK, MatchRequest(y, TODAY, limit=20))
                runs.append((time.perf_counter() - s) * 1000)
            timings[name] = runs
        ratio = np.percentile(timings["timetables"], 95) / np.percentile(timings["estimate"], 95)
        print(
            f"single match, {label} ({len(sample)}): estimate {_percentiles(timings['estimate'])}; "
            f"timetables {_percentiles(timings['timetables'])}; p95 ratio {ratio:.2f}"
        )


def run_alerts(scale: Scale, followed: int, options: int) -> None:
    """New options checked against every followed youth: the cheap filters, then a real ranking
    for the few they leave; time per new option."""
    from matching import alerts

    gazetteer, rome = default_gazetteer(), packaged_referential()
    items = catalogue(gazetteer, rome, TODAY, scale)
    index = CandidateIndex.build(rome, items)
    provider = EstimatedTravelTime()
    sample = youths(gazetteer, rome, followed, seed=9)
    t = time.perf_counter()
    where = alerts.homes(provider, sample)
    print(f"{followed:,} followed youths: reach bounds in {time.perf_counter() - t:.2f} s (once per worker)")
    rng = random.Random(11)
    timings, alerted = [], []
    for item in rng.sample(items, options):
        t = time.perf_counter()
        found = alerts.interested(index, provider, lambda _: NO_NETWORK, item, sample, TODAY, where=where)
        timings.append((time.perf_counter() - t) * 1000)
        alerted.append(len(found))
    print(
        f"one new option against {followed:,} followed youths, {options} options: {_percentiles(timings)}; "
        f"max {max(timings):.0f} ms; youths alerted per option: mean {np.mean(alerted):.1f}, max {max(alerted)}"
    )


def run_postgis(scales: list[tuple[str, Scale]], youths_n: int, admin_url: str) -> None:
    """The engine, the peers' PostGIS search and the equivalent PostGIS query, interleaved."""
    import psycopg

    from tools.postgis import compare, load, scratch_postgis

    gazetteer, rome = default_gazetteer(), packaged_referential()
    sample = youths(gazetteer, rome, youths_n, seed=21)
    for name, scale in scales:
        items = catalogue(gazetteer, rome, TODAY, scale)
        index = CandidateIndex.build(rome, items)
        with scratch_postgis(admin_url) as conninfo, psycopg.connect(conninfo) as conn:
            loaded = load(conn, items, TODAY)
            compare(conn, index, sample[:50], TODAY)  # warm both sides up
            times = compare(conn, index, sample, TODAY)
        p = {k: np.percentile(v, [50, 95]) for k, v in times.items()}
        print(
            f"{name}, {len(items):,} items (PostGIS loaded and indexed in {loaded:.0f} s), {youths_n} youths: "
            f"engine p50 {p['engine'][0]:.2f} / p95 {p['engine'][1]:.2f} ms "
            f"(its ranking alone {p['ranking'][0]:.2f} / {p['ranking'][1]:.2f} ms); "
            f"PostGIS equivalent {p['equivalent'][0]:.1f} / {p['equivalent'][1]:.1f} ms; "
            f"PostGIS peers' search {p['peers'][0]:.2f} / {p['peers'][1]:.2f} ms; "
            f"peers ÷ engine: p50 {p['peers'][0] / p['engine'][0]:.1f}×, p95 {p['peers'][1] / p['engine'][1]:.1f}× "
            f"(÷ ranking alone: {p['peers'][0] / p['ranking'][0]:.1f}×, {p['peers'][1] / p['ranking'][1]:.1f}×); "
            f"equivalent ÷ engine: p50 {p['equivalent'][0] / p['engine'][0]:.1f}×, "
            f"p95 {p['equivalent'][1] / p['engine'][1]:.1f}×"
        )


def matches_in_process(youth_ids: list[int], database_url: str) -> float:
    """What match requests do beside HTTP, authentication and the audit line, in this process: for
    each youth, the ranking with its reasons, the interview details, the options just beyond reach
    and the JSON answer. Milliseconds per youth, the best of two passes after one that warms the
    index and the details."""
    from sqlmodel import Session

    from service.runtime import build_runtime
    from service.search.schemas import match_response
    from service.search.service import matches_for, profile_of
    from service.settings import Settings
    from service.youths.queries import youth

    runtime = build_runtime(Settings(database_url=database_url))

    def answer_all(db: Session, profiles: list[YouthProfile]) -> float:
        started = time.perf_counter()
        for profile in profiles:
            found = matches_for(runtime, db, profile, frozenset(ItemKind))
            match_response(found.outcome, runtime.matching.rome, True, False, found.details, found.beyond)
        return time.perf_counter() - started

    try:
        with Session(runtime.engine) as db:
            profiles = [profile_of(runtime, y) for i in youth_ids if (y := youth(db, i)) is not None]
            timings = [answer_all(db, profiles) for _ in range(3)]
    finally:
        runtime.engine.dispose()
    return min(timings[1:]) * 1000 / max(len(profiles), 1)
