"""`passerelle bench postgis`: Passerelle's engine against PostGIS on the same catalogue and the
same youths, queries interleaved — the way the peer services search (a radius with ST_DWithin
and a GiST index, nearest first).

Two PostGIS queries per youth: the peers' own search (wished ROME codes only, within the radius,
nearest first: less work, fewer answers) and the equivalent of the engine's (every open option
within the radius that passes the same hard filters, wished jobs first, nearest next).
"""

import io
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import numpy as np
import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url

from geo.travel import EstimatedTravelTime
from matching.graph import NetworkValues
from matching.index import CandidateIndex
from matching.model import Item, YouthProfile
from matching.ranking import MatchRequest, match, rank, search_radius_km
from matching.rome import RomeReferential
from matching.vocabulary import ItemKind

NO_NETWORK = NetworkValues(np.array([], dtype=np.int64), np.array([]))
KINDS = tuple(ItemKind)
NULL = "\\N"  # COPY's text format

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;  -- a ROME code and a point in one GiST index
CREATE TABLE item (
    id bigint PRIMARY KEY,
    kind smallint NOT NULL,
    rome text NOT NULL,
    geog geography(Point, 4326) NOT NULL,
    required_level smallint NOT NULL,
    open_until date,
    minors boolean NOT NULL,
    licence boolean NOT NULL,
    min_age smallint,
    max_age smallint
);
"""
# What a PostGIS expert would build: a GiST index on the points for ST_DWithin and the KNN
# operator, and a partial GiST per ROME code family query shape (ROME code first, then the point).
INDEXES = """
CREATE INDEX item_geog ON item USING gist (geog) WHERE open_until IS NOT NULL;
CREATE INDEX item_rome_geog ON item USING gist (rome, geog);
ANALYZE item;
"""
PEERS = """
SELECT id FROM item
WHERE rome = ANY(%(codes)s) AND open_until >= %(today)s
  AND ST_DWithin(geog, ST_MakePoint(%(lon)s, %(lat)s)::geography, %(radius)s)
ORDER BY geog <-> ST_MakePoint(%(lon)s, %(lat)s)::geography
LIMIT 20
"""
EQUIVALENT = """
SELECT id FROM item
WHERE open_until >= %(today)s
  AND ST_DWithin(geog, ST_MakePoint(%(lon)s, %(lat)s)::geography, %(radius)s)
  AND required_level <= %(level)s AND (minors OR %(adult)s) AND (NOT licence OR %(licence)s)
  AND (min_age IS NULL OR min_age <= %(age)s) AND (max_age IS NULL OR max_age >= %(age)s)
ORDER BY (rome = ANY(%(codes)s)) DESC, geog <-> ST_MakePoint(%(lon)s, %(lat)s)::geography
LIMIT 20
"""


@contextmanager
def scratch_postgis(admin_url: str) -> Iterator[str]:
    """A database of its own on the machine's PostgreSQL, dropped afterwards."""
    url = make_url(admin_url)
    name = f"passerelle_bench_{uuid.uuid4().hex[:8]}"

    def conninfo(dbname: str | None) -> str:
        return make_conninfo(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            user=url.username or "",
            dbname=dbname or "",
            password=url.password or "",
        )

    with psycopg.connect(conninfo(url.database), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield conninfo(name)
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def load(conn: psycopg.Connection, items: list[Item], today: date) -> float:
    """COPY the catalogue in, then build the indexes; returns the seconds it took."""
    t = time.perf_counter()
    conn.execute(SCHEMA)
    buffer = io.StringIO()
    for it in items:
        until = _open_until(it, today)
        buffer.write(
            f"{it.id}\t{KINDS.index(it.kind)}\t{it.rome_codes[0]}\tSRID=4326;POINT({it.lon} {it.lat})\t"
            f"{it.required_level}\t{until or NULL}\t{'t' if it.minors_accepted else 'f'}\t"
            f"{'t' if it.driving_licence_required else 'f'}\t{it.min_age or NULL}\t{it.max_age or NULL}\n"
        )
    with conn.cursor().copy("COPY item FROM STDIN") as copy:
        copy.write(buffer.getvalue())
    conn.execute(INDEXES)
    conn.commit()
    return time.perf_counter() - t


def _open_until(it: Item, today: date) -> date | None:
    """The last day one can join (None: full), as the engine's index counts it."""
    if it.places_left is not None and it.places_left <= 0:
        return None
    if it.kind is not ItemKind.SESSION:
        return it.end_date or date.max
    if it.permanent_entry:
        return date.max
    return max(it.start_date or today, it.end_date or today) if it.late_entry_allowed else it.start_date or today


def compare(
    conn: psycopg.Connection, index: CandidateIndex, youths: list[YouthProfile], today: date
) -> dict[str, list[float]]:
    """Each youth in turn: the engine (its ranking alone, the ranked ids the peers' search
    returns; then the whole match, with every result's reasons), the peers' search, the
    equivalent query (ms each)."""
    provider = EstimatedTravelTime()
    times: dict[str, list[float]] = {"ranking": [], "engine": [], "peers": [], "equivalent": []}
    engine = (("ranking", rank), ("engine", match))
    for i, y in enumerate(youths):
        # in turn first: the second finds the youth's job-fit table already built
        for name, run in engine if i % 2 else engine[::-1]:
            t = time.perf_counter()
            run(index, provider, NO_NETWORK, MatchRequest(y, today, limit=20))
            times[name].append((time.perf_counter() - t) * 1000)
        params = _params(y, provider, index.rome, today)
        for name, sql in (("peers", PEERS), ("equivalent", EQUIVALENT)):
            t = time.perf_counter()
            conn.execute(sql, params).fetchall()
            times[name].append((time.perf_counter() - t) * 1000)
    return times


def _params(y: YouthProfile, provider: EstimatedTravelTime, rome: RomeReferential, today: date) -> dict[str, object]:
    age = y.age_on(today)
    return {
        "codes": list(y.wished_rome_codes) or [""],
        "today": today,
        "lat": y.origin.point.lat,
        "lon": y.origin.point.lon,
        "radius": search_radius_km(provider, y) * 1000,
        "level": max(y.level, 2),
        "adult": age >= 18,
        "licence": y.driving_licence,
        "age": age,
    }
