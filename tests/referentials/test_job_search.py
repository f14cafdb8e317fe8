"""The words youths and advisers type find the job: both genders, with or without accents,
plurals, abbreviations, a typo. A held-out list is checked beyond this one, so the search is built
for the general case, not for these words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.job_words import SENIOR_POSTS, fold, gender_forms
from matching.rome import packaged_referential, referential_from_rows

ROME = packaged_referential()
TOP = 3

# word typed → the codes an adviser would accept
WORDS = {
    "coiffeur": {"D1202"},
    "coiffeuse": {"D1202"},
    "esthéticienne": {"D1208"},
    "estheticien": {"D1208"},
    "toiletteur": {"A1503"},
    "toiletteuse": {"A1503"},
    "ADVF": {"K1302", "K1311"},
    "auxiliaire de vie": {"K1302", "K1311"},
    "agent de quai": {"N1103", "N1105", "N1106", "N1101"},
    "vendeuse": {"D1106", "D1211", "D1214", "D1212", "D1213", "D1209", "D1210", "D1110", "D1507"},
    "vendeur": {"D1106", "D1211", "D1214", "D1212", "D1213", "D1209", "D1210", "D1110", "D1507"},
    "serveuse": {"G1803"},
    "serveur": {"G1803"},
    "caissière": {"D1505"},
    "caissier": {"D1505"},
    "animatrice": {"G1202", "G1203", "K1307"},
    "infirmière": {"J1506", "J1505", "J1511", "J1507", "J1502"},
    "cuisinière": {"G1609", "G1602"},
    "cuisinier": {"G1609", "G1602"},
    "aide-soignant": {"J1501"},
    "aide soignante": {"J1501"},
    "aides-soignantes": {"J1501"},
    "ASH": {"J1301", "K2204"},
    "cariste": {"N1101"},
    "CACES": {"N1101"},
    "couvreur": {"F1619", "F1610"},
    "maçon": {"F1703"},
    "macon": {"F1703"},
    "boulanger": {"D1102"},
    "boulangère": {"D1102"},
    "patissier": {"D1104", "G1602"},
    "boucher": {"D1101"},
    "plombier": {"F1603"},
    "électricien": {"F1602", "F1636", "I1309"},
    "electricienne": {"F1602", "F1636", "I1309"},
    "peintre en bâtiment": {"F1606"},
    "carreleur": {"F1608"},
    "menuisier": {"H2206", "F1607"},
    "mécanicien auto": {"I1604"},
    "carrossier": {"I1606"},
    "préparateur de commandes": {"N1103"},
    "preparatrice de commande": {"N1103"},
    "manutentionnaire": {"N1105"},
    "magasinier": {"N1103", "N1110"},
    "chauffeur livreur": {"N4105"},
    "agent de sécurité": {"K2503"},
    "agente de securite": {"K2503"},
    "agent d'entretien": {"K2204"},
    "femme de ménage": {"K2204", "K1304"},
    "jardinier": {"A1203", "A1208"},
    "paysagiste": {"A1203", "A1208"},
    "palefrenier": {"A1421", "A1403", "A1501"},
    "assistante maternelle": {"K1303", "K1310"},
    "auxiliaire de puériculture": {"J1304"},
    "hôtesse d'accueil": {"M1601"},
    "secrétaire": {"M1607"},
    "développeur": {"M1805", "M1855"},
    "developpeuse web": {"M1855", "M1805"},
    "employé libre-service": {"D1507"},
    "employée de libre service": {"D1507"},
    "réceptionniste": {"G1703"},
    "plongeur": {"G1605"},
    "commis de cuisine": {"G1602"},
    "ouvrier agricole": {"A1401", "A1405", "A1416", "A1419"},
    "soudeur": {"H2913"},
    "conducteur de bus": {"N4103", "N4104"},
    "ambulancier": {"J1305"},
}


def test_the_words_people_type_find_the_job_in_the_first_three():
    misses = {
        word: [c.code for c in ROME.search(word, TOP)]
        for word, acceptable in WORDS.items()
        if not acceptable & {c.code for c in ROME.search(word, TOP)}
    }
    assert len(WORDS) >= 60
    assert len(misses) <= len(WORDS) * 0.05, misses


# Shorthand and everyday names, and a diploma typed before the job: every one found.
EVERYDAY = {
    "mécano": {"I1604", "I1602", "I1607", "I1603"},
    "cuisto": {"G1609", "G1602"},
    "ELS": {"D1507"},
    "employée commerciale": {"D1507"},
    "équipier mcdo": {"G1603"},
    "la plonge": {"G1605"},
    "BAFA": {"G1203"},
    "AS": {"J1501"},
    "technicien de surface": {"K2204"},
    "ouvrier du bâtiment": {"F1704"},
    "dame de cantine": {"G1607", "G1603"},
    "CAP petite enfance": {"K1303", "K1307"},
    "titre pro cuisinier": {"G1609"},
    "Titre professionnel agent de propreté et d'hygiène": {"K2204"},
    "DEAS": {"J1501"},
    "apprentie coiffeuse": {"D1202"},
    "alternant comptable": {"M1203"},
    "DEAP": {"J1304"},
    "conducteur VL": {"K1723", "N4102"},
    "CAP cuisine": {"G1602", "G1609"},
    "FIMO": {"N4101", "N4113"},
    "mécanicien vélo": {"I1619", "I1607"},
    "pompiste": {"D1505"},
    "employée de commerce": {"D1507"},
    "agent de caisse": {"D1505"},
    "plaquiste placo": {"F1604"},
    "maître-chien": {"K2510", "K2503"},
}


# The job, then where it is done: no title says both, the job is what is looked for.
WITH_A_PLACE = {
    "caissière en supermarché": {"D1505"},
    "infirmière en EHPAD": {"J1506", "J1505", "J1511"},
    "coursier à vélo": {"N4104"},
    "serveuse en brasserie": {"G1801", "G1803"},
    "vendeuse chez Zara": {"D1214", "D1106", "D1211"},
    # a name holds both words, but reads the place as the job (Magasinier vendeur): the job wins
    "vendeur en magasin": {"D1106", "D1214", "D1211", "D1210"},
}


@pytest.mark.parametrize(("word", "acceptable"), WITH_A_PLACE.items())
def test_a_job_and_the_place_it_is_done_in_find_the_job(word, acceptable):
    assert acceptable & {c.code for c in ROME.search(word, TOP)}
    assert acceptable & set(ROME.understand(f"je voudrais être {word}").codes)
    assert not ROME.understand(word).exact  # read without the place: a neighbour, never the wish itself


def test_a_place_read_as_part_of_another_job_gives_way_to_the_job_typed():
    # « magasin » begins Magasinier vendeur, a name of the order pickers' code: a place, not a job
    assert ROME.search("vendeur en magasin", 1)[0].code in WITH_A_PLACE["vendeur en magasin"]
    # a place that names where the job is done stays matched (« Vendeur en boulangerie », typed on)
    assert ROME.search("vendeuse en boul", 1)[0].code == "D1106"
    # the same word as typed is the same place, however the name puts it (Auxiliaire de vie aux
    # personnes âgées)
    assert ROME.search("aide à la personne", 1)[0].code == "K1302"
    # nor is an everyday name spelt out (« mise en rayon ») read against the words it replaced
    assert [c.code for c in ROME.search("mise en rayon")] == ["D1507"]


# A trade, then words that say which kind, none of its names holds: the trade is what is looked for.
TRADE_THEN_KIND = {
    "vendeur textile": "vendeur",
    "chauffeur VL": "chauffeur",
    "plombier dépannage": "plombier",
    "coiffeur homme": "coiffeur",
    "caissière hypermarché": "caissier",
}


@pytest.mark.parametrize(("typed", "trade"), TRADE_THEN_KIND.items())
def test_a_trade_and_its_kind_find_the_trade(typed, trade):
    found = ROME.search(typed, TOP)
    assert found
    assert all(trade in fold(c.label) or any(trade in fold(a) for a in c.appellations) for c in found)
    assert not ROME.understand(typed).exact  # a neighbour, never the wish itself


def test_a_word_with_a_prefix_before_it_is_another_word_not_a_typo():
    # vêtements are not revêtements (D1212: Vendeur en revêtement de sol)
    assert "D1212" not in ROME.understand("vendeur vêtements").codes
    assert "D1212" not in {c.code for c in ROME.search("vendeuse de vêtements", TOP)}


@pytest.mark.parametrize(
    "field", ["vente", "cuisine", "restauration", "informatique", "propreté", "sécurité", "santé", "sport", "bâtiment"]
)
def test_a_field_is_read_as_a_job_one_starts_in_not_a_post_above_it(field):
    read_as = ROME.understand(field).as_
    assert read_as
    assert fold(read_as).split()[0] not in SENIOR_POSTS
    # nor a job after years of study (« santé »: not Vétérinaire, « sport »: not Médecin du sport)
    assert all(fold(c.label).split()[0] not in SENIOR_POSTS for c in ROME.search(field, 3))


def test_every_field_word_finds_the_jobs_below_the_posts_that_hold_it():
    # over the whole vocabulary: a post above the entry level (by the name found or its code's
    # title) comes after every job the word names that is not one, unless the post was typed (or begun)
    for word in ROME._vocabulary:
        if any(post.startswith(word) for post in SENIOR_POSTS):
            continue
        found = ROME._found(word, frozenset())[0]
        ranked = [{r.name.forms[0][0], ROME._titles[c].forms[0][0]} & SENIOR_POSTS != set() for c, r in found]
        assert ranked == sorted(ranked), word


# A field typed alone: the job of that field, not another job the field only qualifies.
FIELDS = {
    "électricité": {"F1602"},  # Électricité bâtiment, not Bobinier en électricité
    "peinture": {"F1606", "H3404"},  # the painters, not a colourist
    "élevage": {"A1403", "A1407", "A1408", "A1409", "A1410", "A1411", "A1435", "A1439", "A1442"},
    "pâtisserie": {"D1104"},
    "couture": {"B1803"},  # no name begins with it: who works in it, Couturier
    "soudure": {"H2913"},
    "restauration": {"G1803", "G1605", "G1603"},  # where jobs are done: those jobs, not Restaurateur
    "garage": {"I1604"},  # too short a stem to derive from: not Gareur de métiers textiles
}


@pytest.mark.parametrize(("field", "acceptable"), FIELDS.items())
def test_a_field_typed_alone_finds_the_job_of_that_field(field, acceptable):
    assert ROME.search(field, 1)[0].code in acceptable


def test_a_word_that_heads_a_name_ranks_before_a_word_that_qualifies_another_job():
    rome = referential_from_rows(
        [
            {"code": "H2601", "label": "Bobinier / Bobinière en électricité"},
            {"code": "F1602", "label": "Electricien du bâtiment", "field_label": "Électricité bâtiment"},
        ]
    )
    assert [c.code for c in rome.search("électricité")] == ["F1602", "H2601"]
    # a title of the typed job and one more word still reads as the job (« Palefrenier soigneur »)
    assert [c.code for c in rome.search("bobinier")] == ["H2601"]


def test_a_field_no_name_begins_with_is_read_as_who_works_in_it():
    rome = referential_from_rows(
        [
            {"code": "L1102", "label": "Mannequin", "appellations": "Mannequin couture"},
            {"code": "B1803", "label": "Couturier / Couturière"},
            {"code": "G1803", "label": "Serveur / Serveuse en restauration"},
            {"code": "B1101", "label": "Restaurateur / Restauratrice d'art"},
        ]
    )
    assert [c.code for c in rome.search("couture")] == ["B1803", "L1102"]
    # a field only ever named as where a job is done reads as that job
    assert rome.search("restauration")[0].code == "G1803"
    # a reading by derivation is a neighbour of the wish, never the wish itself
    assert rome.understand("couture").exact == ()
    assert rome.understand("couture").close[0] == "B1803"


def test_the_typed_job_done_somewhere_ranks_before_another_job_it_begins():
    rome = referential_from_rows(
        [
            {
                "code": "I1502",
                "label": "Scaphandrier / Scaphandrière",
                "appellations": "Plongeur / Plongeuse subaquatique|Plongeur / Plongeuse hyperbare",
            },
            {"code": "G1605", "label": "Plongeur officier", "appellations": "Plongeur / Plongeuse en restauration"},
        ]
    )
    assert [c.code for c in rome.search("plongeur")] == ["G1605", "I1502"]
    assert ROME.search("plongeur", 1)[0].code == "G1605"


def test_a_field_heading_names_of_several_jobs_is_read_as_the_job_it_most_often_heads():
    # « vente » heads one name of each selling job; the many names that only mention sales do not
    # count (Agent de vente voyages, Chargé de point de vente…)
    assert ROME.search("vente", 1)[0].code.startswith("D1")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("directeur des ventes", "D1406"), ("cheffe de cuisine", "G1601"), ("responsable logistique", "N1301")],
)
def test_a_post_typed_is_read_as_typed(typed, code):
    assert ROME.understand(typed).exact == (code,)


@pytest.mark.parametrize("word", ["agent de tri postal", "super cariste"])
def test_a_generic_word_is_not_read_alone_when_the_rest_finds_nothing(word):
    assert ROME.search(word) == []


@pytest.mark.parametrize(("word", "acceptable"), EVERYDAY.items())
def test_shorthand_and_everyday_names_find_the_job(word, acceptable):
    assert acceptable & {c.code for c in ROME.search(word, TOP)}


@pytest.mark.parametrize("word", ["zzzz", "qwerty", "xylophoniste martien"])
def test_nothing_rather_than_something_wrong(word):
    assert ROME.search(word) == []


# Every job word ROME writes in both genders ("Coiffeur / Coiffeuse", "Boulanger / Boulangère")
PAIRS = sorted(
    {
        gender_forms(name)
        for c in ROME.codes
        for name in (c.label, *c.appellations)
        if " / " in name and all(len(form.split()) == 1 for form in gender_forms(name))
    }
)


@given(st.sampled_from(PAIRS), st.sampled_from([str, str.lower, str.upper]))
def test_a_word_and_its_feminine_form_give_the_same_first_suggestion(pair, case):
    masculine, feminine = pair
    assert ROME.search(case(masculine), 1) == ROME.search(case(feminine), 1)


def test_codes_are_found_as_typed():
    assert [c.code for c in ROME.search("f1703")] == ["F1703"]


def test_a_v4_title_leads_to_the_v4_code_and_the_v3_code_is_its_neighbour():
    assert ROME.search("couvreur", 1)[0].code == "F1619"
    assert "F1610" in ROME.get("F1619").linked
    assert "F1619" in ROME.get("F1610").linked
    table = ROME.fit_table(["F1610"])
    assert table[ROME.index["F1619"]] == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("wish", "code"),
    [
        ("je veux être coiffeuse", "D1202"),
        ("dans la coiffure", "D1202"),
        ("cariste", "N1101"),
        ("Je voudrais devenir aide-soignante", "J1501"),
        ("aide-soignante en EHPAD", "J1501"),  # a word no title has, beside the job
        ("passer le BAFA", "G1203"),
        ("un stage en boulangerie", "D1102"),
        ("dans l'informatique", "M1805"),
    ],
)
def test_a_free_text_wish_is_understood(wish, code):
    understood = ROME.understand(wish)
    assert code in understood.codes
    assert understood.as_


def test_a_partial_wish_is_never_an_exact_one():
    understood = ROME.understand("je veux travailler avec les animaux")
    assert understood.exact == ()
    assert understood.close
    assert ROME.understand("blablabla truc").codes == ()
    assert ROME.understand("aide-soignante en EHPAD").exact == ()  # read without one of its words
    assert ROME.understand("qwerty xylophone").codes == ()  # half the words unknown: not read at all


def test_a_title_pairing_two_words_does_not_make_one_read_as_the_other():
    """« Analyste Concepteur / Conceptrice informatique » is no reason to read « informatique » as
    « concepteur », nor « Garçon / Serveuse » « serveuse » as « garçon »."""
    assert "A1206" not in {c.code for c in ROME.search("informatique", 10)}  # Concepteur paysagiste
    assert ROME.search("serveuse", 1) == ROME.search("serveur", 1)
    assert ROME.understand("informatique").exact == ()


def test_a_wish_is_read_through_a_typo_only_when_nothing_holds_its_words():
    """« policier » is one letter from « licier » (a weaver, B1804): no reason to bring weaving
    in when a title holds « policier » itself; a misspelt wish is still read through the typo."""
    assert "B1804" not in ROME.understand("policier").codes
    assert "K1707" in ROME.understand("policier").codes
    assert "D1202" in ROME.understand("coifeur").codes
    # a typo in the feminine is read through the feminine (« animatrise » is not « animalerie »)
    assert ROME.search("coifeuse", 1)[0].code == "D1202"
    assert ROME.search("animatrise", 1)[0].code == "G1203"


@pytest.mark.parametrize("q", ["", "   ", "a" * 101, "coif\x00feur", "coiffeur\n"])
@pytest.mark.parametrize("path", ["/api/v1/rome", "/api/v1/communes"])
def test_bad_queries_are_a_422_naming_the_field(client, path, q):
    r = client.get(path, params={"q": q})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "q"


def test_the_autocompletion_answers_in_both_genders(client):
    for word in ("coiffeur", "coiffeuse"):
        assert client.get("/api/v1/rome", params={"q": word}).json()[0]["code"] == "D1202"


def test_a_free_text_wish_is_explained_as_it_was_understood(client, login):
    profile = {
        "birth_date": "2005-01-10",
        "qualification_level": "infra_3",
        "wishes_text": "je veux être maçonne",
        "home_insee_code": "62119",
        "travel_modes": ["walk", "bike", "public_transport"],
        "max_travel_minutes": 60,
    }
    r = client.post("/api/v1/match", headers=login("adviser"), json=profile)
    reasons = [c["reason"] for x in r.json()["results"] for c in x["explanation"]["criteria"] if c["name"] == "job_fit"]
    assert any("compris comme : Maçon / Maçonne (F1703)" in reason for reason in reasons), reasons
    unknown = client.post("/api/v1/match", headers=login("adviser"), json={**profile, "wishes_text": "blablabla"})
    reasons = {
        c["reason"] for x in unknown.json()["results"] for c in x["explanation"]["criteria"] if c["name"] == "job_fit"
    }
    assert reasons == {"Souhait non reconnu : précisez le métier"}


@pytest.mark.parametrize("name", ["rome_codes.csv", "rome_appellations.csv", "rome_mobilities.csv"])
def test_the_packaged_rome_is_the_shared_reference_data(name):
    """The product ships its own copy (it never reads ../shared at run time): the same as the source."""
    from pathlib import Path

    from tests.helpers import SHARED

    source = SHARED / "data" / "rome" / name
    if not source.exists():
        pytest.skip("the shared reference data is not beside this checkout")
    assert (Path(__file__).resolve().parents[2] / "matching" / "data" / name).read_bytes() == source.read_bytes()


@pytest.mark.parametrize(
    "sentence",
    [
        "je voudrais travailler comme {}",
        "je cherche un emploi de {}",
        "c'est {} qui me plait",
        "je recherche un travail en tant que {}",
    ],
)
def test_wishes_written_in_a_sentence_are_understood_as_the_words_are(sentence):
    misses = [
        word for word, acceptable in WORDS.items() if not acceptable & set(ROME.understand(sentence.format(word)).codes)
    ]
    assert len(misses) <= len(WORDS) * 0.05, misses


@pytest.mark.parametrize("wish", ["n'importe quoi", "aucune idée", "je cherche", "je veux gagner de l'argent"])
def test_a_wish_without_a_job_is_not_read_as_one(wish):
    assert ROME.understand(wish).codes == ()


@pytest.mark.parametrize(
    ("wish", "acceptable"),
    [
        ("je cherche un travail dans la vente", {"D1106", "D1210", "D1211", "D1214"}),
        ("m'occuper des enfants", {"K1303", "G1203", "K1302", "K1202"}),
        ("ce que j'aime c'est la coiffure", {"D1202"}),
    ],
)
def test_a_wish_said_in_everyday_french_is_read_as_its_job(wish, acceptable):
    assert acceptable & set(ROME.understand(wish).codes)


@pytest.mark.parametrize(
    ("wish", "acceptable"),
    [
        ("j'adore la cuisine", {"G1601", "G1602", "G1605", "G1609"}),
        ("ça m'intéresse l'informatique", {"M1805", "M1810", "M1848"}),
        ("ça me plait la coiffure", {"D1202"}),
        ("je suis passionné par les animaux", {"A1503", "A1511", "A1506"}),
        ("j'aime bien les cheveux", {"D1202"}),  # « bien » says how much, not « biens » immobiliers
        ("je voudrais bien être vendeur", {"D1106", "D1210", "D1404", "D1214"}),
        ("les ongles", {"D1240"}),
        ("m'occuper des bébés", {"K1303", "K1307", "J1507"}),
        ("travailler le pain", {"D1102"}),
    ],
)
def test_what_a_youth_likes_is_read_as_the_jobs_it_leads_to(wish, acceptable):
    assert acceptable & set(ROME.understand(wish).codes)


def test_wishes_typed_in_a_quick_search_are_read_back_in_the_explanation(client, login):
    """Through POST /api/v1/match: the job-fit reason says which code the wish was read as."""
    headers, misses = login("adviser"), []
    for word, acceptable in WORDS.items():
        profile = {
            "birth_date": "2004-05-10",
            "qualification_level": "infra_3",
            "wishes_text": f"je voudrais être {word}",
            "home_insee_code": "62119",
            "travel_modes": ["walk", "public_transport"],
            "limit": 1,
        }
        results = client.post("/api/v1/match", headers=headers, json=profile).json()["results"]
        reasons = [c["reason"] for r in results for c in r["explanation"]["criteria"] if c["name"] == "job_fit"]
        if not any(f"({code}))" in reason for reason in reasons for code in acceptable):
            misses.append((word, reasons))
    assert len(misses) <= len(WORDS) * 0.05, misses


def reference_fit(code, wished, close):
    """The job-fit rule in words, one code at a time."""
    entry = ROME.get(code)
    wished_entries = [ROME.get(w) for w in wished]
    if code in wished:
        return 1.0
    if code in close or any(code in w.linked for w in wished_entries):
        return 0.7
    if any(w.subdomain == entry.subdomain for w in wished_entries):
        return 0.4
    if any(set(w.sectors) & set(entry.sectors) for w in wished_entries):
        return 0.2
    return 0.0


CODES = [c.code for c in ROME.codes]


@given(st.sets(st.sampled_from(CODES), max_size=3), st.sets(st.sampled_from(CODES), max_size=2))
def test_the_fit_table_follows_the_rule(wished, close):
    table = ROME.fit_table(wished, close)
    sample = sorted(wished | close) + CODES[:: len(CODES) // 40]
    assert [table[ROME.index[c]] for c in sample] == [reference_fit(c, wished, close) for c in sample]
