import csv
import io

import pytest

from geo.errors import UnknownCommune, UnknownPostalCode
from geo.gazetteer import Commune, Gazetteer
from tests.helpers import SHARED

HDF = ("02", "59", "60", "62", "80")


def test_every_commune_of_hauts_de_france_resolves_by_code_and_by_name(gazetteer):
    communes = [c for d in HDF for c in gazetteer.search_department(d)]
    assert len(communes) > 3700  # 3,7xx communes in the region
    for c in communes:
        assert gazetteer.by_insee(c.insee_code) is c
        assert c in gazetteer.by_name(c.name.upper())


@pytest.mark.parametrize("spelling", ["Béthune", "BETHUNE", "bethune", "  béthune ", "Bethnue"])
def test_name_variants_resolve(gazetteer, spelling):
    assert gazetteer.resolve(spelling).insee_code == "62119"


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("St Pol sur Ternoise", "62767"),
        ("saint pol sur ternoise", "62767"),
        ("Villeneuve d Ascq", "59009"),
        ("Etampes sur Marne", "02292"),
        ("le touquet paris plage", "62826"),
    ],
)
def test_saint_abbreviations_hyphens_and_accents(gazetteer, spelling, code):
    assert gazetteer.resolve(spelling).insee_code == code


def test_postal_code_alone_resolves_to_its_communes(gazetteer):
    names = {c.name for c in gazetteer.by_postal_code("62000")}
    assert {"Arras", "Dainville"} <= names
    assert gazetteer.search("80000")[0].name == "Amiens"


def test_main_towns_of_france_are_there(gazetteer):
    for code in ("75056", "13055", "69123", "31555", "33063", "67482", "44109", "35238"):
        assert code in gazetteer


def test_missions_locales_towns_of_the_shared_directory_resolve(gazetteer):
    path = SHARED / "data" / "missions_locales_hdf.csv"
    if not path.exists():
        pytest.skip("shared data not present")
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        assert gazetteer.resolve(row["town"], department=row["department"]).department == row["department"]


def test_unknown_commune_and_postal_code_name_the_value(gazetteer):
    with pytest.raises(UnknownCommune, match="99999"):
        gazetteer.by_insee("99999")
    with pytest.raises(UnknownPostalCode, match="00000"):
        gazetteer.by_postal_code("00000")
    with pytest.raises(UnknownCommune, match="Zzyzx"):
        gazetteer.resolve("Zzyzxqwv")


def test_later_records_override_earlier_ones():
    a = Commune("62119", "Béthune", ("62400",), "62", 50.5, 2.6)
    b = Commune("62119", "Béthune", ("62400",), "62", 50.53, 2.64, 25000)
    assert Gazetteer([a, b]).by_insee("62119").lat == 50.53
