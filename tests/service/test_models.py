"""The model's constraints, on the constructors and in the database itself."""

from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from service.models import Organisation, Partnership, TrainingSession, Youth
from service.models.fields import check_siret, luhn_ok
from tests import factories
from tests.helpers import TODAY


def field_of(err: ValidationError) -> str:
    e = err.errors()[0]
    return ".".join(str(p) for p in e["loc"]) or e["msg"].split(" : ")[0].removeprefix("Value error, ")


@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", "35600000000051"])
def test_valid_sirets(siret):
    assert check_siret(siret) == siret.replace(" ", "")


@pytest.mark.parametrize("siret", ["73282932000075", "1234", "7328293200007A", "35600000000052"])
def test_invalid_siret_is_refused_naming_the_field(siret):
    with pytest.raises(ValidationError) as err:
        Organisation(kind="employer", name="X", siret=siret, insee_code="62119", latitude=50.5, longitude=2.6)
    assert field_of(err.value) == "siret"


def test_luhn():
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")


def _session(**kw):
    data = {
        "organisation_id": 1,
        "title": "CAP",
        "rome_codes": ["F1703"],
        "target_level": 3,
        "start_date": TODAY,
        "places_total": 10,
        "places_left": 5,
        "insee_code": "62119",
        "latitude": 50.5,
        "longitude": 2.6,
    } | kw
    return TrainingSession(**data)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_level": 9}, "target_level"),
        ({"target_level": 2}, "target_level"),
        ({"entry_level": 1}, "entry_level"),
        ({"places_left": -1}, "places_left"),
        ({"places_left": 11}, "places_left"),
        ({"end_date": TODAY - timedelta(days=1)}, "end_date"),
        ({"rome_codes": ["Z9999"]}, "rome_codes.0"),
        ({"rome_codes": []}, "rome_codes"),
        ({"rome_codes": ["F1703", "F1704", "F1602", "N1103", "N4101", "J1501"]}, "rome_codes"),  # LHEO: 5 at most
        ({"insee_code": "ABC"}, "insee_code"),
        ({"latitude": 120}, "latitude"),
        ({"start_date": None}, "start_date"),
    ],
)
def test_session_constraints_name_the_field(change, field):
    with pytest.raises(ValidationError) as err:
        _session(**change)
    assert field_of(err.value) == field


def test_levels_accept_their_words():
    assert _session(entry_level="none").entry_level == 0
    assert _session(entry_level="4").entry_level == 4
    y = Youth(
        mission_locale_id=1,
        file_reference="a",
        birth_date="2006-01-01",
        qualification_level="infra_3",
        home_insee_code="62119",
        latitude=50.5,
        longitude=2.6,
    )
    assert y.qualification_level == 2
    assert y.model_dump()["qualification_level"] == "infra_3"
    assert _session(entry_level=0).model_dump()["entry_level"] == "none"


@pytest.mark.parametrize("level", ["bac", 9, 0, "none"])
def test_youth_level_range(level):
    with pytest.raises(ValidationError) as err:
        Youth(
            mission_locale_id=1,
            file_reference="a",
            birth_date="2006-01-01",
            qualification_level=level,
            home_insee_code="62119",
            latitude=50.5,
            longitude=2.6,
        )
    assert field_of(err.value) == "qualification_level"


def test_siae_kind_only_for_siae():
    with pytest.raises(ValidationError, match="siae_kind"):
        Organisation(kind="siae", name="ACI", insee_code="62119", latitude=50.5, longitude=2.6)
    with pytest.raises(ValidationError, match="siae_kind"):
        Organisation(kind="employer", siae_kind="ACI", name="E", insee_code="62119", latitude=50.5, longitude=2.6)


def test_partnership_dates_in_order():
    with pytest.raises(ValidationError, match="end_date"):
        Partnership(source_id=1, target_id=2, type="convention", start_date=TODAY, end_date=TODAY - timedelta(days=1))


def test_database_refuses_negative_places_left(db, places):
    org = factories.organisation(db, places)
    s = factories.session_(db, places, org, places_total=2, places_left=1)
    with pytest.raises(IntegrityError), db.begin_nested():
        db.execute(text("UPDATE training_session SET places_left = -1 WHERE id = :id"), {"id": s.id})


def test_database_refuses_places_left_above_total(db, places):
    org = factories.organisation(db, places)
    s = factories.session_(db, places, org, places_total=2, places_left=1)
    with pytest.raises(IntegrityError), db.begin_nested():
        db.execute(text("UPDATE training_session SET places_left = 3 WHERE id = :id"), {"id": s.id})


def test_database_refuses_dates_out_of_order(db, places):
    org = factories.organisation(db, places)
    s = factories.session_(db, places, org)
    with pytest.raises(IntegrityError), db.begin_nested():
        db.execute(
            text("UPDATE training_session SET end_date = :d WHERE id = :id"),
            {"d": TODAY - timedelta(days=400), "id": s.id},
        )


def test_database_refuses_bad_levels(db, places):
    org = factories.organisation(db, places)
    s = factories.session_(db, places, org)
    with pytest.raises(IntegrityError), db.begin_nested():
        db.execute(text("UPDATE training_session SET entry_level = 1 WHERE id = :id"), {"id": s.id})
