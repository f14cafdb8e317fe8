"""Partner directories in and out: a documented CSV, and data·inclusion *structures* (JSON).

Rows are matched on SIRET, else on their external id, so that importing a directory again
updates it. Every row is checked (SIRET key, commune, kind) and a refused row is reported with
its line and reason; `dry_run` reports without writing.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from geo.errors import GeoError
from geo.gazetteer import Commune
from matching.job_words import fold
from matching.vocabulary import OrganisationKind, SiaeKind
from service import writes
from service.http.csv_text import csv_text
from service.http.problems import DomainError
from service.interop.schemas import ImportReport, reason_of
from service.models import Organisation, Partnership
from service.network import queries as network
from service.referentials.service import Places

CSV_COLUMNS = (
    "external_id",
    "kind",
    "siae_kind",
    "name",
    "siret",
    "address",
    "postal_code",
    "commune",
    "insee_code",
    "latitude",
    "longitude",
    "sectors",
    "accessible",
    "contact_email",
    "contact_phone",
)
# data·inclusion typologies → our kinds (SIAE kinds keep their own code).
TYPOLOGIES = {
    "ML": OrganisationKind.MISSION_LOCALE,
    "OF": OrganisationKind.TRAINING_BODY,
    "CFA": OrganisationKind.CFA,
    **{k.value: OrganisationKind.SIAE for k in SiaeKind},
}
# A spreadsheet's own headers and kinds, as a French office writes them (data·inclusion's names too).
HEADERS = {
    "nom": "name",
    "raison_sociale": "name",
    "type": "kind",
    "typologie": "kind",
    "type_siae": "siae_kind",
    "adresse": "address",
    "code_postal": "postal_code",
    "cp": "postal_code",
    "ville": "commune",
    "town": "commune",
    "city": "commune",
    "postcode": "postal_code",
    "zip": "postal_code",
    "phone": "contact_phone",
    "code_insee": "insee_code",
    "secteurs": "sectors",
    "accessibilite": "accessible",
    "email": "contact_email",
    "courriel": "contact_email",
    "mail": "contact_email",
    "e_mail": "contact_email",
    "telephone": "contact_phone",
    "tel": "contact_phone",
}
KINDS = {  # folded, spaces as underscores: ours (« training_body »), then theirs
    **{k.value: k for k in OrganisationKind},
    "entreprise": OrganisationKind.EMPLOYER,
    "employeur": OrganisationKind.EMPLOYER,
    "of": OrganisationKind.TRAINING_BODY,
    "organisme_de_formation": OrganisationKind.TRAINING_BODY,
    "ml": OrganisationKind.MISSION_LOCALE,
    "autre": OrganisationKind.OTHER,
}
DI_PREFIX = "di:"
MANAGED_ELSEWHERE = "géré par une autre structure"  # external ids of data·inclusion records, apart from ours


class DirectoryRefused(DomainError):
    status, title = 422, "Fichier refusé"


def decoded(data: bytes) -> str:
    """A file's text: UTF-8 (with or without a BOM), else Windows-1252, which a spreadsheet saves
    « CSV » in on a French Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DirectoryRefused(
            f"Encodage illisible (octet {exc.start}) : enregistrez le fichier en UTF-8.", "body"
        ) from None


def csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Comma-separated, or semicolon-separated as a French spreadsheet writes it (the header says
    which); headers in any case, ours or their French names (« Nom », « Code postal »…)."""
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if header.count(";") > header.count(",") else ",")
    reader.fieldnames = [_column(name) for name in reader.fieldnames or ()]
    missing = {"name", "kind"} - set(reader.fieldnames)
    if missing:
        raise DirectoryRefused(f"Colonnes manquantes : {', '.join(sorted(missing))} (voir docs/interop.md).")
    for row in reader:
        values = {k: (v or "").strip() for k, v in row.items() if k in CSV_COLUMNS}
        values.update(_kinds(values.get("kind", ""), values.get("siae_kind", "")))
        for axis in ("latitude", "longitude"):  # a French spreadsheet writes 50,287
            values[axis] = values.get(axis, "").replace(",", ".")
        values["sectors"] = [s for s in re.split(r"[|,\s]+", values.get("sectors", "")) if s]
        values["accessible"] = values.get("accessible", "").lower() in ("1", "true", "oui", "yes", "x")
        yield reader.line_num, values


def _column(header: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", fold(header)).strip("_")
    return HEADERS.get(name, name)


def _kinds(kind: str, siae_kind: str) -> dict[str, str]:
    """Our kinds as typed in any case, their French names, or an SIAE's own kind (« ACI »)."""
    typed = fold(kind)
    if typed.upper() in SiaeKind.__members__:
        return {"kind": OrganisationKind.SIAE.value, "siae_kind": typed.upper()}
    known = KINDS.get(typed.replace(" ", "_"))
    return {"kind": known.value if known else kind, "siae_kind": siae_kind.upper()}


def data_inclusion_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DirectoryRefused(f"JSON mal formé, ligne {exc.lineno} : {exc.msg}.") from None
    records = data.get("items", data) if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise DirectoryRefused("Une liste de structures data·inclusion est attendue.")
    for i, r in enumerate(records, 1):
        if not isinstance(r, dict):
            yield i, {"name": "", "kind": ""}
            continue
        typology = str(r.get("typologie") or "").upper()
        kind = TYPOLOGIES.get(typology, OrganisationKind.OTHER)
        yield (
            i,
            {
                "external_id": f"{DI_PREFIX}{r.get('id')}" if r.get("id") else "",
                "kind": kind.value,
                "siae_kind": typology if kind is OrganisationKind.SIAE else "",
                "name": str(r.get("nom") or ""),
                "siret": str(r.get("siret") or ""),
                "address": str(r.get("adresse") or ""),
                "postal_code": str(r.get("code_postal") or ""),
                "commune": str(r.get("commune") or ""),
                "insee_code": str(r.get("code_insee") or ""),
                "latitude": r.get("latitude") or "",
                "longitude": r.get("longitude") or "",
                "sectors": [],
                "accessible": bool(r.get("accessibilite")),
                "contact_email": str(r.get("courriel") or ""),
                "contact_phone": str(r.get("telephone") or ""),
            },
        )


def import_organisations(
    db: Session,
    places: Places,
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    managed_by_id: int | None = None,
    allowed_kinds: tuple[OrganisationKind, ...] | None = None,
    editable: Callable[[Organisation], bool] = lambda _: True,
    dry_run: bool = False,
) -> ImportReport:
    """Create the organisations not known yet; update those `editable` allows (the same rule as
    a PATCH), never their kind. Any other row is reported as rejected, and changes nothing."""
    report = ImportReport(dry_run=dry_run)
    for line, values in rows:
        reference = values.get("siret") or values.get("external_id") or values.get("name") or f"ligne {line}"
        try:
            located = places.gazetteer.find(
                values.get("insee_code"), values.get("postal_code", ""), values.get("commune", "")
            )
            data = _checked(places, values, allowed_kinds, report.place(line, reference, located))
        except (ValidationError, GeoError, ValueError, DomainError) as exc:
            report.reject(line, reference, reason_of(exc))
            continue
        current = _find(db, data)
        if current is not None and not editable(current):
            report.reject(line, reference, MANAGED_ELSEWHERE)
            continue
        if current is not None and current.kind != data["kind"]:
            report.reject(line, reference, f"kind : changement de type refusé ({current.kind} → {data['kind']})")
            continue
        if current is None:
            report.created += 1
            if not dry_run:
                db.add(_stamped(db, Organisation(**data, managed_by_id=managed_by_id)))
        else:
            report.updated += 1
            if not dry_run:
                for name, value in data.items():
                    setattr(current, name, value)
                db.add(_stamped(db, current))
    if not dry_run:
        db.flush()
    return report


def _checked(
    places: Places, values: dict[str, Any], allowed: tuple[OrganisationKind, ...] | None, commune: Commune
) -> dict[str, Any]:
    if allowed is not None and values.get("kind") not in allowed:
        raise DirectoryRefused(f"kind : « {values.get('kind')} » non autorisé (seulement {', '.join(allowed)}).")
    lat, lon = (
        (float(values["latitude"]), float(values["longitude"]))
        if values.get("latitude") not in ("", None) and values.get("longitude") not in ("", None)
        else places.locate(commune.insee_code, values.get("address", ""), None, None)
    )
    record = {k: v for k, v in values.items() if k in CSV_COLUMNS and k not in ("commune",) and v not in ("", None)}
    record.update(
        insee_code=commune.insee_code,
        latitude=lat,
        longitude=lon,
        postal_code=values.get("postal_code") or (commune.postal_codes[0] if commune.postal_codes else ""),
    )
    checked = Organisation.model_validate(record)
    return {k: getattr(checked, k) for k in record}


def _find(db: Session, data: dict[str, Any]) -> Organisation | None:
    if data.get("siret"):
        found = network.organisation_by_siret(db, data["siret"])
        if found is not None:
            return found
    if data.get("external_id"):
        return network.organisation_by_external_id(db, data["external_id"])
    return None


def _stamped(db: Session, org: Organisation) -> Organisation:
    writes.touch(db, org)
    return org


# -- exports ---------------------------------------------------------------------------------


def organisations_csv(orgs: Iterable[Organisation]) -> str:
    return csv_text(
        CSV_COLUMNS,
        (
            {
                "external_id": o.external_id or "",
                "kind": str(o.kind),
                "siae_kind": str(o.siae_kind or ""),
                "name": o.name,
                "siret": o.siret or "",
                "address": o.address,
                "postal_code": o.postal_code,
                "commune": "",
                "insee_code": o.insee_code,
                "latitude": o.latitude,
                "longitude": o.longitude,
                "sectors": "|".join(o.sectors),
                "accessible": "1" if o.accessible else "0",
                "contact_email": o.contact_email,
                "contact_phone": o.contact_phone,
            }
            for o in orgs
        ),
    )


def organisations_data_inclusion(orgs: Iterable[Organisation], commune_names: dict[str, str]) -> list[dict[str, Any]]:
    typology: dict[OrganisationKind, str] = {v: k for k, v in TYPOLOGIES.items() if v is not OrganisationKind.SIAE}
    return [
        {
            "id": (o.external_id or "").removeprefix(DI_PREFIX) or f"passerelle-{o.id}",
            "siret": o.siret,
            "nom": o.name,
            "commune": commune_names.get(o.insee_code, ""),
            "code_postal": o.postal_code,
            "code_insee": o.insee_code,
            "adresse": o.address,
            "longitude": o.longitude,
            "latitude": o.latitude,
            "typologie": str(o.siae_kind) if o.siae_kind else typology.get(o.kind),
            "telephone": o.contact_phone or None,
            "courriel": o.contact_email or None,
            "antenne": o.parent_id is not None,
            "date_maj": o.updated_at.date().isoformat(),
            "source": "passerelle",
        }
        for o in orgs
    ]


PARTNERSHIP_COLUMNS = (
    "source_id",
    "source_name",
    "source_siret",
    "target_id",
    "target_name",
    "target_siret",
    "type",
    "start_date",
    "end_date",
    "note",
)


def partnerships_csv(db: Session, partnerships: Iterable[Partnership]) -> str:
    rows = list(partnerships)
    ids = {p.source_id for p in rows} | {p.target_id for p in rows}
    orgs = network.organisations_by_id(db, ids)
    return csv_text(
        PARTNERSHIP_COLUMNS,
        (
            {
                "source_id": p.source_id,
                "source_name": orgs[p.source_id].name,
                "source_siret": orgs[p.source_id].siret or "",
                "target_id": p.target_id,
                "target_name": orgs[p.target_id].name,
                "target_siret": orgs[p.target_id].siret or "",
                "type": str(p.type),
                "start_date": p.start_date or "",
                "end_date": p.end_date or "",
                "note": p.note,
            }
            for p in rows
        ),
    )
