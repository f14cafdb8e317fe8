"""Places as people write them: postal codes before INSEE codes, a code with a name in either
order, address lines, CEDEX, "St", arrondissements, and homonyms near the user."""

import pytest

from geo.gazetteer import Commune, Gazetteer, MatchedBy

BETHUNE = (50.5303, 2.6408)


def near_bethune(gazetteer):
    return gazetteer.by_insee("62119").point


@pytest.mark.parametrize(
    ("written", "insee", "matched_by"),
    [
        ("62300", "62498", MatchedBy.POSTAL_CODE),  # Lens' postal code, not Équihen-Plage's INSEE code
        ("62400", "62119", MatchedBy.POSTAL_CODE),  # Béthune, the largest commune of 62400
        ("62170 Montreuil", "62588", MatchedBy.POSTAL_CODE),
        ("Montreuil 62170", "62588", MatchedBy.POSTAL_CODE),
        ("62000 ARRAS", "62041", MatchedBy.POSTAL_CODE),
        ("arras 62000", "62041", MatchedBy.POSTAL_CODE),
        ("12 rue de la Paix 62300 Lens", "62498", MatchedBy.POSTAL_CODE),
        ("12, rue de la Paix, 62300 LENS", "62498", MatchedBy.POSTAL_CODE),
        ("62405 BETHUNE CEDEX", "62119", MatchedBy.NAME),
        ("62008 Arras Cedex 9", "62041", MatchedBy.NAME),
        ("St Omer", "62765", MatchedBy.NAME),
        ("ste catherine", "62744", MatchedBy.NAME),
        ("saint pol sur ternoise", "62767", MatchedBy.NAME),
        ("Paris 15e", "75115", MatchedBy.NAME),
        ("75015 Paris", "75115", MatchedBy.POSTAL_CODE),
        ("Lyon 3e", "69383", MatchedBy.NAME),
        ("Lyon 8ème", "69388", MatchedBy.NAME),
        ("paris 1eme", "75101", MatchedBy.NAME),
        ("Lille Hellemmes", "59350", MatchedBy.NAME),  # a town, then its district
        ("Montreuil (62)", "62588", MatchedBy.NAME),  # its department in brackets
        ("Arras, France", "62041", MatchedBy.NAME),  # not Francescas
        ("Lille, Nord", "59350", MatchedBy.NAME),  # not Nordausques
        ("12 rue de la Paix, Bethnue", "62119", MatchedBy.NAME),  # after a comma, a typo still found
        ("13008 Marseille", "13208", MatchedBy.POSTAL_CODE),
        ("59000", "59350", MatchedBy.POSTAL_CODE),
    ],
)
def test_places_as_people_write_them(gazetteer, written, insee, matched_by):
    located = gazetteer.locate(written)
    assert (located.commune.insee_code, located.matched_by) == (insee, matched_by)


def test_an_insee_code_when_asked_or_when_no_postal_code_has_it(gazetteer):
    assert gazetteer.locate("62300", insee=True).commune.name == "Équihen-Plage"
    assert gazetteer.locate("62498").commune.name == "Lens"  # no postal code 62498: the INSEE code
    assert gazetteer.locate("62498").matched_by is MatchedBy.INSEE_CODE


def test_a_homonym_is_the_one_near_the_user(gazetteer):
    assert gazetteer.locate("Montreuil").commune.department == "93"  # nobody near: the largest
    near = gazetteer.locate("Montreuil", near_bethune(gazetteer))
    assert near.commune.insee_code == "62588"
    assert {c.department for c in near.others} >= {"93"}  # offered, for the adviser to pick
    assert gazetteer.locate("Saint-Omer", near_bethune(gazetteer)).commune.department == "62"


def test_a_name_begun_nearer_and_larger_goes_before_a_farther_smaller_name_as_written(gazetteer):
    lille, saint_pol = gazetteer.by_insee("59350").point, gazetteer.by_insee("62767").point
    # near Lille, « St Amand » is Saint-Amand-les-Eaux, not the village of Saint-Amand beyond Arras
    assert gazetteer.locate("St Amand", lille).commune.insee_code == "59526"
    # near the village, the village
    assert gazetteer.locate("Saint-Amand", saint_pol).commune.insee_code == "62741"
    # a name as written nearer than the larger names it begins stays first (Loos, not Loos-en-Gohelle)
    assert gazetteer.locate("Loos", lille).commune.insee_code == "59360"


@pytest.mark.parametrize(
    ("written", "insee"),
    [
        ("Cambrai", "59122"),  # not Cambrin, a closer spelling nearer the user
        ("Beauvais", "60057"),  # not Beauvois
        ("Bailleul", "59043"),  # the name as written, before Bailleul-Sir-Berthoult which it begins
        ("Henin", "62427"),  # of the names it begins nearby, the largest (Hénin-Beaumont)
        ("Boulogne", "62160"),  # Boulogne-sur-Mer, not Boulogne-Billancourt
    ],
)
def test_near_the_user_the_name_as_written_comes_before_a_close_spelling(gazetteer, written, insee):
    arras = gazetteer.by_insee("62041").point
    assert gazetteer.locate(written, arras).commune.insee_code == insee
    assert gazetteer.search(written, near=arras)[0].insee_code == insee


@pytest.mark.parametrize(
    ("written", "insee"),
    [
        ("Dunkerque Malo les Bains", "59183"),  # a town then its district: not Bains (Haute-Loire)
        ("Étaples sur Mer", "62318"),  # as people write Étaples: not Mer (Loir-et-Cher), nor Méricourt
        ("rue Victor Hugo Béthune", "62119"),  # an address line without a code: not Rue (Somme)
    ],
)
def test_a_commune_named_by_the_words_at_one_end(gazetteer, written, insee):
    arras = gazetteer.by_insee("62041").point
    assert gazetteer.locate(written, arras).commune.insee_code == insee
    assert gazetteer.locate(written).commune.insee_code == insee  # the largest, with no territory known


@pytest.mark.parametrize(
    ("written", "insee"), [("Villers Cotterets", "02810"), ("Crépy en Valois", "60176"), ("Nogent sur Oise", "60463")]
)
def test_a_whole_name_far_away_is_not_traded_for_part_of_it_nearby(gazetteer, written, insee):
    assert gazetteer.locate(written, gazetteer.by_insee("62041").point).commune.insee_code == insee


def test_the_api_reads_postal_codes_first_and_says_how(client):
    found = client.get("/api/v1/communes", params={"q": "62300"}).json()
    assert (found[0]["name"], found[0]["matched_by"]) == ("Lens", "postal_code")
    insee = client.get("/api/v1/communes", params={"q": "62300", "insee": True}).json()
    assert (insee[0]["name"], insee[0]["matched_by"]) == ("Équihen-Plage", "insee_code")
    near = client.get("/api/v1/communes", params={"q": "Montreuil", "near": "50.53,2.64"}).json()
    assert near[0]["insee_code"] == "62588"
    assert client.get("/api/v1/communes", params={"q": "x", "near": "nowhere"}).status_code == 422


def test_the_search_page_says_which_commune_it_used(client, sign_in):
    sign_in("adviser")
    page = client.get("/recherche", params={"commune": "Montreuil", "jobs": "F1703", "modes": "walk"})
    assert "Commune retenue : <strong>Montreuil-sur-Mer</strong> (62170)" in page.text
    assert "Montreuil (93)" in page.text  # the other candidates, to pick from
    page = client.get("/recherche", params={"commune": "62300", "jobs": "F1703", "modes": "walk"})
    assert "Commune retenue : <strong>Lens</strong> (62300)" in page.text


def test_a_directory_import_warns_of_an_ambiguous_commune(client, login):
    text = "name,kind,commune\nBoulangerie du Marché,employer,Saint-Omer\n"
    headers = {**login("officer"), "Content-Type": "text/csv"}
    report = client.post("/api/v1/imports/organisations", headers=headers, content=text).json()
    assert report["created"] == 1
    assert report["warnings"][0]["message"].startswith("commune ambiguë : Saint-Omer (62765) retenue")


def test_outlines_of_a_department_are_simplified_geojson_with_the_communes_names():
    import json

    from geo.outlines import department_outlines

    data = json.loads(department_outlines("62"))
    department, *communes = data["features"]
    assert department["properties"] == {"code": "62", "department": True}
    names = {f["properties"]["name"] for f in communes}
    assert {"Saint-Pol-sur-Ternoise", "Frévent", "Arras"} <= names
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in communes)


@pytest.mark.parametrize(
    ("written", "insee"),
    [
        ("Lomme", "59350"),  # associated with Lille since 2000: not Lommerange (57)
        ("Hellemmes", "59350"),  # Hellemmes-Lille, begun
        ("Saint-Pol-sur-Mer", "59183"),  # associated with Dunkerque: not Saint-Pol-sur-Ternoise
        ("59160 Lomme", "59350"),
        ("12 rue de la République, Lomme", "59350"),
    ],
)
def test_a_commune_merged_into_another_is_found_under_its_name(gazetteer, written, insee):
    assert gazetteer.locate(written).commune.insee_code == insee


def test_a_merged_communes_insee_code_is_the_commune_it_merged_into(gazetteer):
    # older files (LHEO feeds, directories) still carry the codes of merged communes
    assert "59355" in gazetteer
    assert gazetteer.by_insee("59355").insee_code == "59350"
    assert gazetteer.locate("59355").commune.insee_code == "59350"


def test_a_small_merged_village_does_not_outweigh_the_towns_its_name_begins(gazetteer):
    # « Boulogne » was a village of 960 people, now part of Essarts-en-Bocage (85)
    assert gazetteer.locate("Boulogne").commune.name.startswith("Boulogne-")
    assert gazetteer.locate("Boulogne", near_bethune(gazetteer)).commune.insee_code == "62160"  # Boulogne-sur-Mer


def test_a_commune_as_it_is_named_now_comes_before_one_that_merged_a_namesake():
    lens = Commune("62498", "Lens", ("62300",), "62", 50.43, 2.83, 30_000)
    merged = Commune(
        "85084", "Essarts-en-Bocage", ("85140",), "85", 46.77, -1.23, 9_000, ("85300",), ("Lens",), (90_000,)
    )
    gazetteer = Gazetteer([lens, merged])
    assert gazetteer.locate("Lens").commune.insee_code == "62498"
    assert gazetteer.by_name("Lens") == [lens, merged]


def test_a_commune_corrected_by_an_import_keeps_what_merged_into_it():
    packaged = Commune("59350", "Lille", ("59000",), "59", 50.63, 3.06, 236_000, ("59355",), ("Lomme",), (27_000,))
    imported = Commune("59350", "Lille", ("59000", "59160"), "59", 50.64, 3.07, 237_000)
    gazetteer = Gazetteer([packaged, imported])
    assert gazetteer.locate("Lomme").commune.postal_codes == ("59000", "59160")
    assert gazetteer.by_insee("59355").lat == 50.64
