"""LHEO import and export: every element we read, hostile files, re-import, round trip, scoping."""

from pathlib import Path

import pytest
from sqlmodel import select

from service.interop import lheo
from service.interop.lheo_export import export_sessions
from service.interop.lheo_import import import_sessions
from service.interop.xml_safety import XmlRefused
from service.models import Organisation, TrainingSession
from tests.helpers import SHARED, TODAY

DATA = Path(__file__).parent / "data"
SAMPLE = (DATA / "sample.lheo.xml").read_bytes()
XSD = SHARED / "data" / "lheo" / "lheo-2.3.xsd"
LIMIT = 10 * 2**20


def sessions_of(db, siret: str) -> list[TrainingSession]:
    org = db.exec(select(Organisation).where(Organisation.siret == siret)).one()
    return list(
        db.exec(
            select(TrainingSession)
            .where(TrainingSession.organisation_id == org.id)
            .order_by(TrainingSession.external_id)
        ).all()
    )


def run(db, places, data: bytes = SAMPLE, **kw):
    return import_sessions(db, places, lheo.read(data, LIMIT), **kw)


def test_every_element_we_read_lands_in_the_session(db, places):
    report = run(db, places)
    assert (report.created, report.updated, report.rejected, report.organisations_created) == (3, 0, 0, 2)
    first, second = sessions_of(db, "73282932000074")
    assert first.external_id == "FOR-001/ACT-001/SES-001"
    assert (first.title, first.rome_codes, first.rncp_code) == ("CAP Maçon", ["F1703", "F1704"], "RNCP38346")
    assert (first.target_level, first.entry_level, first.places_total, first.places_left) == (3, 0, 12, 9)
    assert (str(first.start_date), str(first.end_date), first.permanent_entry) == ("2027-01-11", "2027-06-30", False)
    assert (first.insee_code, first.latitude, first.longitude) == ("62767", 50.381, 2.334)
    assert first.address == "Zone artisanale, 12 rue des Bâtisseurs"
    assert first.hours == 840
    assert [str(d) for d in first.info_session_dates] == ["2026-12-15"]
    assert first.accessible
    assert first.late_entry_allowed
    assert first.apprenticeship_possible
    assert (first.min_age, first.max_age) == (16, 29)
    assert [str(f) for f in first.funding] == ["PRF", "apprenticeship"]
    assert second.closed
    assert second.places_left == 10
    body = db.exec(select(Organisation).where(Organisation.siret == "73282932000074")).one()
    assert (body.name, body.activity_number, body.insee_code, body.kind.value) == (
        "Bâtiment Formation Ternois",
        "31620012345",
        "62767",
        "training_body",
    )
    (advf,) = sessions_of(db, "44306184100047")
    assert advf.permanent_entry
    assert advf.start_date is None
    assert advf.entry_level == 3
    assert advf.modality.value == "mixed"
    assert advf.insee_code == "62119"


def test_importing_the_same_file_again_updates(db, places):
    run(db, places)
    again = run(db, places)
    assert (again.created, again.updated, again.organisations_created) == (0, 3, 0)
    assert len(sessions_of(db, "73282932000074")) == 2


def test_a_dry_run_writes_nothing(db, places):
    report = run(db, places, dry_run=True)
    assert report.created == 3
    assert report.dry_run
    assert db.exec(select(Organisation).where(Organisation.siret == "73282932000074")).first() is None


def test_a_session_we_cannot_accept_is_rejected_with_its_line(db, places):
    broken = SAMPLE.replace(b"<domaine-formation><code-ROME>J1301</code-ROME></domaine-formation>", b"")
    report = run(db, places, broken)
    assert (report.created, report.rejected) == (2, 1)
    assert report.rejections[0].reference == "FOR-002/ACT-010/SES-010"
    assert "<code-ROME>" in report.rejections[0].reason
    assert report.rejections[0].line > 90


@pytest.mark.parametrize(
    "level", [b"", b"<code-niveau-sortie>1</code-niveau-sortie>", "<code-niveau-sortie>²</code-niveau-sortie>".encode()]
)
def test_a_training_that_certifies_no_level_is_imported_as_such(db, places, runtime, level):
    """`code-niveau-sortie` is optional, and 1 (« sans niveau spécifique ») names no level: a
    remise à niveau or a pré-qualification, open to youths of every level."""
    report = run(db, places, SAMPLE.replace(b"<code-niveau-sortie>4</code-niveau-sortie>", level))
    assert (report.created, report.rejected) == (3, 0)
    (advf,) = sessions_of(db, "44306184100047")
    assert advf.target_level is None
    exported = export_sessions(db, runtime.gazetteer, include_closed=True)
    assert [s.target_level for s in lheo.read(exported, LIMIT) if s.external_id == advf.external_id] == [None]


HOSTILE = {
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><lheo xmlns="http://lheo.gouv.fr/2.3">&lol3;</lheo>',
    "external entity": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>&xxe;</offres></lheo>',
    "truncated": SAMPLE[: len(SAMPLE) // 2],
    "wrong encoding": SAMPLE.replace("Maçon".encode(), "Maçon".encode("latin-1")),
    "not lheo": b"<?xml version='1.0'?><catalogue><formation/></catalogue>",
    "bad date": SAMPLE.replace(b"<debut>20270111</debut>", b"<debut>20271341</debut>"),
    "bad coordinate": SAMPLE.replace(b"<latitude>50.3810</latitude>", b"<latitude>N 50.38</latitude>"),
    "infinite coordinate": SAMPLE.replace(b"<latitude>50.3810</latitude>", b"<latitude>1e999</latitude>"),
    "date in words": SAMPLE.replace(b"<debut>20270111</debut>", b"<debut>janvier 2027</debut>"),
    "date of other digits": SAMPLE.replace(b"<debut>20270111</debut>", "<debut>٢٠٢٧٠١١١</debut>".encode()),
    "places of other digits": SAMPLE.replace(b"<nb-places>", "<nb-places>\u0661".encode(), 1),
    "hours in words": SAMPLE.replace(
        b"<nombre-heures-total>840</nombre-heures-total>",
        b"<nombre-heures-total>beaucoup</nombre-heures-total>",
    ),
}


@pytest.mark.parametrize(
    "written",
    [
        SAMPLE.replace(b'xmlns="http://lheo.gouv.fr/2.3"', b'xmlns="http://www.lheo.org/2.2"'),  # LHEO 2.2
        SAMPLE.replace(b' xmlns="http://lheo.gouv.fr/2.3"', b""),  # no namespace
        SAMPLE.replace(b"<debut>20270111</debut>", b"<debut>2027-01-11</debut>"),  # dates written AAAA-MM-JJ
        SAMPLE.replace(b"<latitude>50.3810</latitude>", b"<latitude>50,3810</latitude>"),  # a decimal comma
        # a trainer named without its SIRET: the body responsible (the same here) trains
        SAMPLE.replace(b"<SIRET-formateur><SIRET>73282932000074</SIRET></SIRET-formateur>", b""),
        SAMPLE.replace(b"<code-ROME>F1704</code-ROME>", b"<code-ROME> f 1704 </code-ROME>"),  # as typed
        SAMPLE.replace(b"<debut>20270111</debut>", b"<debut>2027-01-11T00:00:00+01:00</debut>"),  # a database's
        SAMPLE.replace(b"<fin>20270630</fin>", b"<fin>30/06/2027</fin>"),  # a hand-made file's
        SAMPLE.replace(
            b"<nombre-heures-total>840</nombre-heures-total>", b"<nombre-heures-total>839,6</nombre-heures-total>"
        ),
    ],
    ids=[
        "lheo 2.2",
        "no namespace",
        "iso dates",
        "decimal comma",
        "trainer without siret",
        "rome as typed",
        "date and time",
        "french date",
        "decimal hours",
    ],
)
def test_earlier_versions_and_other_spellings_read_the_same(written):
    assert lheo.read(written, LIMIT) == lheo.read(SAMPLE, LIMIT)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_or_broken_files_are_refused_whole(db, places, name):
    with pytest.raises(XmlRefused) as refused:
        run(db, places, HOSTILE[name])
    assert refused.value.detail
    assert db.exec(select(Organisation).where(Organisation.siret == "73282932000074")).first() is None
    if name in ("truncated", "wrong encoding", "bad date", "date in words", "hours in words"):
        assert "igne" in refused.value.detail  # the line is named


def test_oversized_files_are_refused_before_parsing():
    with pytest.raises(XmlRefused, match="volumineux"):
        lheo.read(SAMPLE, max_bytes=100)


def test_round_trip_import_export_import_loses_nothing(db, places, runtime):
    run(db, places)
    stored = {
        s.external_id: s.model_dump(mode="json", exclude={"id", "version", "updated_at"}, warnings=False)
        for s in [*sessions_of(db, "73282932000074"), *sessions_of(db, "44306184100047")]
    }
    org = db.exec(select(Organisation).where(Organisation.siret == "73282932000074")).one()
    exported = export_sessions(db, runtime.gazetteer, include_closed=True)
    report = run(db, places, exported)
    assert report.created == 0
    assert report.rejected == 0
    assert report.updated >= 3
    after = {
        s.external_id: s.model_dump(mode="json", exclude={"id", "version", "updated_at"}, warnings=False)
        for s in [*sessions_of(db, "73282932000074"), *sessions_of(db, "44306184100047")]
    }
    assert after == stored
    assert (
        db.exec(select(Organisation).where(Organisation.siret == "73282932000074")).one().activity_number
        == org.activity_number
    )


@pytest.mark.skipif(not XSD.exists(), reason="the LHEO schema is not in ../shared/data/lheo/")
def test_the_export_validates_against_the_published_schema(db, places, runtime):
    xmlschema = pytest.importorskip("xmlschema")
    run(db, places)
    schema = xmlschema.XMLSchema(str(XSD))
    schema.validate(export_sessions(db, runtime.gazetteer, include_closed=True).decode())
    schema.validate((DATA / "sample.lheo.xml").read_text("utf-8"))


UNSTATED = (
    SAMPLE[: SAMPLE.index(b"<recrutement>")] + SAMPLE[SAMPLE.index(b"</extras>") + len(b"</extras>") :]
).replace(b"<etat-recrutement>2</etat-recrutement>", b"<etat-recrutement>3</etat-recrutement>")


def test_places_a_feed_does_not_state_stay_unstated_through_export_and_import(db, places, runtime):
    run(db, places, UNSTATED)
    first, suspended = sessions_of(db, "73282932000074")
    assert (first.places_total, first.places_left, first.closed) == (None, None, False)
    assert suspended.closed  # etat-recrutement 3: recruitment suspended
    exported = export_sessions(db, runtime.gazetteer, include_closed=True)
    if XSD.exists():
        pytest.importorskip("xmlschema").XMLSchema(str(XSD)).validate(exported.decode())
    (again,) = [s for s in lheo.read(exported, LIMIT) if s.external_id == first.external_id]
    assert (again.places_total, again.places_left) == (None, None)
    run(db, places)  # the next feed states them: they are counted again
    db.refresh(first)
    assert (first.places_total, first.places_left) == (12, 9)


def test_a_generated_file_of_many_sessions_imports_in_one_go(db, places, runtime):
    from seeds.lheo_file import sessions

    generated = sessions(runtime.gazetteer, runtime.matching.rome, 300, TODAY)
    report = run(db, places, lheo.write(generated))
    assert (report.created, report.rejected) == (300, 0)


def test_the_command_line_shows_progress_and_counts(tmp_path, scratch_url, monkeypatch):
    from typer.testing import CliRunner

    from service import migrate
    from service.settings import get_settings
    from tools.cli import app

    migrate.upgrade(scratch_url)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    get_settings.cache_clear()
    try:
        (tmp_path / "offres.xml").write_bytes(SAMPLE)
        (tmp_path / "broken.xml").write_bytes(HOSTILE["truncated"])
        ok = CliRunner().invoke(app, ["import", "lheo", str(tmp_path / "offres.xml")])
        assert ok.exit_code == 0, ok.output
        assert "3 created, 0 updated, 0 rejected; 2 organisations created" in ok.output
        again = CliRunner().invoke(app, ["import", "lheo", str(tmp_path / "offres.xml")])
        assert "0 created, 3 updated" in again.output
        refused = CliRunner().invoke(app, ["import", "lheo", str(tmp_path / "broken.xml")])
        assert refused.exit_code == 1
        assert "ligne" in refused.output.lower()
        # every import names a missing file, and refuses an unreadable one, without a traceback
        missing = str(tmp_path / "absent.csv")
        for command in (["import", "lheo"], ["import", "organisations"], ["geo", "import-communes"]):
            told = CliRunner().invoke(app, [*command, missing])
            assert told.exit_code == 2, told.output
            assert "does not exist" in told.output
        (tmp_path / "not-communes.csv").write_bytes(b"x")
        (tmp_path / "other-header.csv").write_bytes("nom;ville\nArras;Arras\n".encode("cp1252"))
        for name, reason in (("not-communes.csv", "Séparateur"), ("other-header.csv", "En-tête non reconnu")):
            told = CliRunner().invoke(app, ["geo", "import-communes", str(tmp_path / name)])
            assert told.exit_code == 1, told.output
            assert reason in told.output
            assert told.exception is None or isinstance(told.exception, SystemExit)
    finally:
        get_settings.cache_clear()
