import pytest

from geo.commune_files import CommuneFileError, read_commune_file

DATA_GOUV = """code_insee,nom_standard,dep_code,code_postal,latitude_centre,longitude_centre,population
62119,Béthune,62,62400,50.5303,2.6408,24895
97411,Saint-Denis,974,97400,-20.8823,55.4504,153810
"""

LA_POSTE = """#Code_commune_INSEE;Nom_de_la_commune;Code_postal;Libellé_d_acheminement;Ligne_5;coordonnees_gps
59350;LILLE;59000;LILLE;;50.6319,3.0478
59350;LILLE;59800;LILLE;;50.6319,3.0478
"""


def test_data_gouv_file():
    communes = {c.insee_code: c for c in read_commune_file(DATA_GOUV)}
    assert communes["62119"].population == 24895
    assert communes["97411"].department == "974"


def test_la_poste_file_merges_postal_codes():
    (lille,) = read_commune_file(LA_POSTE)
    assert lille.postal_codes == ("59000", "59800")
    assert lille.lat == pytest.approx(50.6319)


def test_unknown_header_is_refused():
    with pytest.raises(CommuneFileError, match="En-tête"):
        read_commune_file("a,b,c\n1,2,3\n")


def test_bad_line_is_named():
    bad = DATA_GOUV.replace("50.5303", "north")
    with pytest.raises(CommuneFileError, match="ligne 2"):
        read_commune_file(bad)
