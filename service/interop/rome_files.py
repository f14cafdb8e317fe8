"""The official ROME files of France Travail (open data "référentiel ROME", CSV) into rows for
`matching.rome.referential_from_rows`.

A folder holding the codes file (`*referentiel_code_rome*.csv`: code_rome, libelle_rome), and
optionally the appellations (`*referentiel_appellation*.csv`: code_rome, libelle_appellation_long
or _court) and the mobility links (`*mobilite*.csv`: code_rome, code_rome_cible). Comma or
semicolon separated, UTF-8.
"""

import csv
import io
from collections import defaultdict
from pathlib import Path

from service.http.problems import DomainError


class RomeFilesRefused(DomainError):
    status, title = 422, "Référentiel ROME refusé"


def _table(folder: Path, pattern: str, required: bool) -> list[dict[str, str]]:
    files = sorted(folder.glob(f"*{pattern}*.csv"))
    if not files:
        if required:
            raise RomeFilesRefused(f"Aucun fichier *{pattern}*.csv dans {folder}.")
        return []
    text = files[0].read_text("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    return [
        {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(io.StringIO(text), dialect=dialect)
    ]


def read_rome_folder(folder: Path) -> list[dict[str, str]]:
    codes = _table(folder, "referentiel_code_rome", required=True)
    if not codes or "code_rome" not in codes[0] or "libelle_rome" not in codes[0]:
        raise RomeFilesRefused("Le fichier des codes doit avoir les colonnes code_rome et libelle_rome.")
    names: dict[str, list[str]] = defaultdict(list)
    for row in _table(folder, "referentiel_appellation", required=False):
        name = row.get("libelle_appellation_long") or row.get("libelle_appellation_court")
        if row.get("code_rome") and name:
            names[row["code_rome"]].append(name)
    links: dict[str, set[str]] = defaultdict(set)
    for row in _table(folder, "mobilite", required=False):
        if row.get("code_rome") and row.get("code_rome_cible") and row["code_rome"] != row["code_rome_cible"]:
            links[row["code_rome"]].add(row["code_rome_cible"])
    return [
        {
            "code": r["code_rome"],
            "label": r["libelle_rome"],
            "appellations": "|".join(names[r["code_rome"]]),
            "linked_codes": "|".join(sorted(links[r["code_rome"]])),
        }
        for r in codes
        if r.get("code_rome")
    ]
