"""Partner directories: CSV and data·inclusion imports with dry run and line-by-line reasons; exports."""

import csv
import io
import json

from sqlmodel import select

from service.interop.directories import (
    CSV_COLUMNS,
    csv_rows,
    data_inclusion_rows,
    decoded,
    import_organisations,
    organisations_csv,
)
from service.models import Organisation

CSV_TEXT = """name,kind,siae_kind,siret,commune,postal_code,address,sectors,accessible,contact_email
Boulangerie du Beffroi,employer,,73282932000074,Béthune,62400,1 place du Beffroi,D1102|D1106,oui,contact@beffroi.example
Jardins de Cocagne Artois,siae,ACI,44306184100047,,62000,Chemin des Prés,A1414,non,
Sans commune,employer,,,Zzyzxville,,,,,
Mauvais SIRET,employer,,12345678901234,Arras,,,,,
,employer,,,Lens,,,,,
"""

DI_JSON = json.dumps(
    [
        {
            "id": "abc-1",
            "siret": "73282932000074",
            "nom": "Boulangerie du Beffroi (data·inclusion)",
            "commune": "Béthune",
            "code_postal": "62400",
            "code_insee": "62119",
            "adresse": "1 place du Beffroi",
            "typologie": "ENTREPRISE",
            "antenne": False,
            "date_maj": "2026-10-01",
        },
        {
            "id": "abc-2",
            "siret": None,
            "nom": "Mission Locale test",
            "commune": "Lens",
            "code_postal": "62300",
            "code_insee": "62498",
            "adresse": "2 rue X",
            "typologie": "ML",
            "antenne": False,
            "date_maj": "2026-10-01",
            "latitude": 50.43,
            "longitude": 2.83,
        },
        {
            "id": "abc-3",
            "nom": "EI du Ternois",
            "commune": "Saint-Pol-sur-Ternoise",
            "code_postal": "62130",
            "adresse": "",
            "typologie": "EI",
            "antenne": False,
            "date_maj": "2026-10-01",
        },
    ]
)


def test_csv_import_reports_every_refused_line_with_its_reason(db, places):
    report = import_organisations(db, places, csv_rows(CSV_TEXT))
    assert (report.created, report.updated, report.rejected) == (2, 0, 3)
    reasons = {r.line: r.reason for r in report.rejections}
    assert "Zzyzxville" in reasons[4]
    assert "SIRET" in reasons[5]
    assert "name" in reasons[6]
    aci = db.exec(select(Organisation).where(Organisation.siret == "44306184100047")).one()
    assert (str(aci.kind), str(aci.siae_kind), aci.insee_code) == ("siae", "ACI", "62041")  # Arras by postal code
    bakery = db.exec(select(Organisation).where(Organisation.siret == "73282932000074")).one()
    assert bakery.sectors == ["D1102", "D1106"]
    assert bakery.accessible
    assert bakery.insee_code == "62119"


def test_a_spreadsheets_semicolons_and_windows_encoding_read_the_same(db, places):
    as_saved = decoded(CSV_TEXT.replace(",", ";").encode("cp1252"))  # « CSV (séparateur : point-virgule) »
    assert list(csv_rows(as_saved)) == list(csv_rows(decoded(CSV_TEXT.encode("utf-8-sig"))))
    report = import_organisations(db, places, csv_rows(as_saved))
    assert (report.created, report.rejected) == (2, 3)


def test_a_spreadsheet_with_its_own_french_headers_and_kinds_imports(db, places):
    """« Nom », « Type », « Code postal »…, kinds as an office writes them, decimal commas."""
    text = (
        "Nom;Type;SIRET;Adresse;Code postal;Ville;Latitude;Longitude;Secteurs;Accessibilité;E-mail;Téléphone\n"
        "Boulangerie du Beffroi;Entreprise;732 829 320 00074;1 place du Beffroi;62400;Béthune;50,5297;2,6402;"
        "D1102, D1106;Oui;contact@beffroi.example;03 21 00 00 00\n"
        "Jardins de Cocagne Artois;ACI;44306184100047;;62000;Arras;;;A1414;;;\n"
        "Campus des métiers;Organisme de formation;;;59000;Lille;;;;;;\n"
    )
    report = import_organisations(db, places, csv_rows(decoded(text.encode("cp1252"))))
    assert (report.created, report.rejected) == (3, 0), report.rejections
    bakery = db.exec(select(Organisation).where(Organisation.siret == "73282932000074")).one()
    assert (str(bakery.kind), bakery.insee_code, bakery.latitude, bakery.longitude) == (
        "employer",
        "62119",
        50.5297,
        2.6402,
    )
    assert (bakery.sectors, bakery.accessible, bakery.contact_phone) == (["D1102", "D1106"], True, "03 21 00 00 00")
    aci = db.exec(select(Organisation).where(Organisation.siret == "44306184100047")).one()
    assert (str(aci.kind), str(aci.siae_kind)) == ("siae", "ACI")
    campus = db.exec(select(Organisation).where(Organisation.name == "Campus des métiers")).one()
    assert str(campus.kind) == "training_body"
    ((_, row),) = csv_rows("Name,Kind,Town,Zip,Phone\nAEVFLI,ML,Armentières,59280,03 20 00 00 00\n")
    assert (row["kind"], row["commune"], row["postal_code"], row["contact_phone"]) == (
        "mission_locale",
        "Armentières",
        "59280",
        "03 20 00 00 00",
    )


def test_an_unreadable_encoding_is_refused_naming_it(client, login):
    headers = {**login("officer"), "Content-Type": "text/csv"}
    r = client.post("/api/v1/imports/organisations", headers=headers, content=b"name,kind\n\x81\x8d,employer\n")
    assert r.status_code == 422
    assert "Encodage illisible" in r.json()["detail"]


def test_dry_run_writes_nothing_and_reimport_updates(db, places):
    dry = import_organisations(db, places, csv_rows(CSV_TEXT), dry_run=True)
    assert dry.created == 2
    assert db.exec(select(Organisation).where(Organisation.siret == "44306184100047")).first() is None
    import_organisations(db, places, csv_rows(CSV_TEXT))
    again = import_organisations(db, places, csv_rows(CSV_TEXT))
    assert (again.created, again.updated) == (0, 2)


def test_data_inclusion_typologies_map_to_our_kinds(db, places):
    report = import_organisations(db, places, data_inclusion_rows(DI_JSON))
    assert (report.created, report.rejected) == (3, 0), report.rejections
    ml = db.exec(select(Organisation).where(Organisation.external_id == "di:abc-2")).one()
    ei = db.exec(select(Organisation).where(Organisation.external_id == "di:abc-3")).one()
    other = db.exec(select(Organisation).where(Organisation.external_id == "di:abc-1")).one()
    assert (str(ml.kind), ml.latitude) == ("mission_locale", 50.43)
    assert (str(ei.kind), str(ei.siae_kind), ei.insee_code) == ("siae", "EI", "62767")
    assert str(other.kind) == "other"


def test_csv_export_reads_back_as_an_import(db, places):
    import_organisations(db, places, csv_rows(CSV_TEXT))
    orgs = db.exec(select(Organisation).where(Organisation.siret.in_(["73282932000074", "44306184100047"]))).all()
    text = organisations_csv(orgs)
    assert next(csv.reader(io.StringIO(text))) == list(CSV_COLUMNS)
    again = import_organisations(db, places, csv_rows(text))
    assert (again.created, again.updated, again.rejected) == (0, 2, 0)


def test_officers_import_only_employers_and_siae_over_the_api(client, login):
    officer = login("officer")
    r = client.post(
        "/api/v1/imports/organisations",
        content=DI_JSON.encode(),
        params={"format": "data-inclusion", "dry_run": True},
        headers={**officer, "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["dry_run"]
    assert body["created"] == 1
    assert body["rejected"] == 2
    assert all("non autorisé" in x["reason"] for x in body["rejections"])


def test_exports_over_the_api(client, login):
    h = login("adviser")
    orgs = client.get("/api/v1/organisations.csv", headers=h)
    assert orgs.status_code == 200
    assert orgs.text.startswith(",".join(CSV_COLUMNS))
    di = client.get("/api/v1/organisations.data-inclusion.json", headers=h).json()
    assert {"ML", "OF"} <= {s["typologie"] for s in di}
    edges = client.get("/api/v1/partnerships.csv", headers=h)
    assert edges.status_code == 200
    assert len(edges.text.splitlines()) > 10


def test_exported_cells_that_a_spreadsheet_would_run_are_defused(db, places):
    from service.http.csv_text import csv_text

    hostile = ['=HYPERLINK("http://evil")', "+33 3 21", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    text = csv_text(("name", "longitude"), [{"name": h, "longitude": -1.55} for h in hostile])
    cells = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [name for name, _ in cells] == ["'" + h.replace("\r", "\n") for h in hostile]
    assert {lon for _, lon in cells} == {"-1.55"}  # a number is no formula


def test_every_export_goes_through_the_defusing_writer(client, login, db, places):
    from tests import factories

    factories.organisation(db, places, siret=None, name="=cmd|' /C calc'!A0")
    db.commit()
    text = client.get("/api/v1/organisations.csv", headers=login("admin")).text
    assert "'=cmd|' /C calc'!A0" in text
    assert "\n=cmd" not in text
    assert ",=cmd" not in text
