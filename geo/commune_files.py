"""Reading the official communes files, to cover all of France (or a newer vintage) in production.

Two files are understood, told apart by their header:
- data.gouv.fr "Communes et villes de France" (`communes-france-AAAA.csv`, comma-separated):
  code_insee, nom_standard, dep_code, code_postal / codes_postaux, latitude_centre, longitude_centre, population;
- La Poste "Base officielle des codes postaux" (`019HexaSmal.csv` with its `coordonnees_gps`
  column, semicolon-separated): one line per (commune, postal code), merged here.
"""

import csv
import io
from dataclasses import dataclass, replace

from geo.errors import GeoError
from geo.gazetteer import Commune


@dataclass(frozen=True, slots=True)
class Columns:
    code: str
    name: str
    postal: str
    lat: str | None
    lon: str | None
    coords: str | None = None
    department: str | None = None
    population: str | None = None


_DATA_GOUV = Columns(
    "code_insee",
    "nom_standard",
    "code_postal",
    "latitude_centre",
    "longitude_centre",
    department="dep_code",
    population="population",
)
_LA_POSTE = Columns("Code_commune_INSEE", "Nom_de_la_commune", "Code_postal", None, None, coords="coordonnees_gps")


class CommuneFileError(GeoError):
    pass


def read_commune_file(text: str) -> list[Commune]:
    """Communes of an official file; a line without usable coordinates is an error naming it."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;")
    except csv.Error:
        raise CommuneFileError(
            "Séparateur introuvable (virgule ou point-virgule attendu)", field="header", value=""
        ) from None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lstrip("#") for h in reader.fieldnames or []]
    reader.fieldnames = header
    columns = next((c for c in (_DATA_GOUV, _LA_POSTE) if c.code in header), None)
    if columns is None:
        raise CommuneFileError(
            "En-tête non reconnu (fichier data.gouv.fr ou La Poste attendu)",
            field="header",
            value=header[:6],
        )
    merged: dict[str, Commune] = {}
    for line_no, row in enumerate(reader, start=2):
        commune = _commune(row, columns, line_no)
        previous = merged.get(commune.insee_code)
        if previous:
            postal = tuple(sorted(set(previous.postal_codes + commune.postal_codes)))
            commune = replace(previous, postal_codes=postal)
        merged[commune.insee_code] = commune
    return list(merged.values())


def _commune(row: dict[str, str], c: Columns, line_no: int) -> Commune:
    try:
        lat, lon = _coordinates(row, c)
        code = row[c.code].strip().zfill(5)
        postal = _postal_codes(row[c.postal])
        return Commune(
            insee_code=code,
            name=row[c.name].strip(),
            postal_codes=postal,
            department=(row.get(c.department or "") or "").strip() or department_of(code),
            lat=lat,
            lon=lon,
            population=int(float(row.get(c.population or "") or 0)),
        )
    except (KeyError, ValueError) as exc:
        raise CommuneFileError(f"ligne {line_no} : {exc}", field=f"line {line_no}", value=row.get(c.code)) from exc


def _coordinates(row: dict[str, str], c: Columns) -> tuple[float, float]:
    if c.coords:
        lat_text, lon_text = row[c.coords].split(",")
    else:
        lat_text, lon_text = row[c.lat or ""], row[c.lon or ""]
    return float(lat_text), float(lon_text)


def _postal_codes(text: str) -> tuple[str, ...]:
    codes = (p.strip().zfill(5) for p in text.replace("|", ",").split(",") if p.strip())
    return tuple(sorted(set(codes)))


def department_of(insee_code: str) -> str:
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]
