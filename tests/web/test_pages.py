"""Pages through the ASGI client: log in, scoping, CSRF, forms that keep what was typed."""

import re
from datetime import timedelta

from sqlmodel import col, select

from service.access import mission_locale_family
from service.accounts.service import user_by_email
from service.models import Offer, Organisation, TrainingSession, Youth
from tests import factories
from tests.helpers import TODAY


def adviser_ml(db) -> int:
    return user_by_email(db, "adviser@demo.passerelle.fr").organisation_id


def test_pages_ask_to_log_in_first(client):
    r = client.get("/recherche", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/connexion?suite=/recherche"


def test_wrong_password_is_said_in_french_and_the_email_kept(client):
    r = client.post("/connexion", data={"email": "adviser@demo.passerelle.fr", "password": "non"})
    assert r.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in r.text
    assert 'value="adviser@demo.passerelle.fr"' in r.text


def test_login_goes_to_the_role_home_and_never_to_another_site(client):
    r = client.post(
        "/connexion",
        data={"email": "trainer@demo.passerelle.fr", "password": "passerelle-demo", "suite": "//evil.example"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/sessions"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


def test_adviser_searches_for_a_saved_youth_and_sees_reasons(client, sign_in, db):
    sign_in("adviser")
    youth = next(
        y
        for y in db.exec(select(Youth).order_by(Youth.id)).all()
        if y.wished_rome_codes and y.mission_locale_id == adviser_ml(db)
    )
    page = client.get(f"/recherche?youth_id={youth.id}")
    assert page.status_code == 200
    assert "Pertinence" in page.text
    assert "Détail du classement" in page.text
    assert "Positionner" in page.text
    partial = client.get(f"/recherche?youth_id={youth.id}", headers={"HX-Request": "true"})
    assert "<html" not in partial.text
    assert "Positionner" in partial.text


def test_a_typed_profile_with_an_unknown_commune_keeps_the_form(client, sign_in):
    sign_in("adviser")
    page = client.get("/recherche", params={"commune": "Zzyzxville", "jobs": "F1703", "max_minutes": "30"})
    assert 'aria-invalid="true"' in page.text
    assert "Zzyzxville" in page.text
    assert 'value="F1703"' in page.text


def test_a_typed_profile_is_matched_without_being_stored(client, sign_in, db):
    sign_in("adviser")
    before = len(db.exec(select(Youth)).all())
    page = client.get(
        "/recherche",
        params={
            "commune": "Béthune (62119)",
            "jobs": "F1703",
            "modes": ["walk", "bike"],
            "max_minutes": "45",
            "level": "infra_3",
            "birth_date": "2006-05-01",
        },
    )
    assert "Pertinence" in page.text
    assert "Positionner" not in page.text
    assert len(db.exec(select(Youth)).all()) == before


TYPED = {
    "commune": "Béthune (62119)",
    "jobs": "F1703",
    "modes": ["walk", "bike"],
    "max_minutes": "45",
    "level": "infra_3",
    "birth_date": "2006-05-01",
    "rqth": "on",
    "programme": "CEJ",
}


def test_a_typed_profile_is_saved_as_a_new_file_in_one_click(client, sign_in, db):
    csrf = sign_in("adviser")
    page = client.get("/recherche", params=TYPED)
    assert "Enregistrer comme nouveau dossier" in page.text
    assert 'name="programme" value="CEJ"' in page.text  # the save form carries the typed profile
    r = client.post(
        "/recherche/dossier", data={**TYPED, "csrf": csrf, "file_reference": "BET-2026-777"}, follow_redirects=False
    )
    assert r.status_code == 303
    youth = db.exec(select(Youth).where(Youth.file_reference == "BET-2026-777")).one()
    assert r.headers["location"] == f"/recherche?youth_id={youth.id}"
    assert youth.home_insee_code == "62119"
    assert youth.wished_rome_codes == ["F1703"]
    assert youth.travel_modes == ["walk", "bike"]
    assert youth.rqth
    assert youth.programme == "CEJ"
    assert youth.qualification_level == 2
    assert "Positionner" in client.get(r.headers["location"]).text


def test_saving_a_typed_profile_without_a_file_number_names_the_field(client, sign_in, db, demo_user):
    csrf = sign_in("adviser")
    before = len(db.exec(select(Youth)).all())
    r = client.post("/recherche/dossier", data={**TYPED, "csrf": csrf, "file_reference": ""})
    assert r.status_code == 422
    assert "Le dossier n'a pas pu être enregistré" in r.text
    assert 'id="f-file_reference"' in r.text
    assert len(db.exec(select(Youth)).all()) == before
    ml = demo_user("adviser").organisation_id
    taken = db.exec(select(Youth).where(Youth.mission_locale_id == ml)).first().file_reference
    again = client.post("/recherche/dossier", data={**TYPED, "csrf": csrf, "file_reference": taken})
    assert again.status_code == 422
    assert "existe déjà" in again.text


def test_the_options_ticked_print_on_one_sheet_with_the_way_there(client, sign_in):
    import re

    sign_in("adviser")
    page = client.get("/recherche", params=TYPED)
    ticked = re.findall(r'name="items" value="((?:session|offer)-\d+)"', page.text)[:3]
    assert len(ticked) == 3
    sheet = client.get("/recherche/selection", params={**TYPED, "items": ticked})
    assert sheet.status_code == 200
    assert sheet.text.count("<h2>") == 3
    assert "Pour y aller" in sheet.text
    assert re.search(r"environ \d+ min (à pied|à vélo)", sheet.text)
    assert "Contact" in sheet.text
    assert "Imprimer ces solutions" in sheet.text


def test_a_training_body_publishes_a_training_that_certifies_no_level_and_edits_it(client, sign_in, db):
    csrf = sign_in("trainer")
    form = {
        "csrf": csrf,
        "title": "Remise à niveau savoirs de base",
        "rome_codes": "K2111",
        "target_level": "",  # « Aucun : formation non certifiante »
        "start_date": str(TODAY + timedelta(days=12)),
        "places_total": "10",
    }
    r = client.post("/sessions/nouvelle", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    created = db.exec(select(TrainingSession).where(TrainingSession.title == form["title"])).one()
    assert (created.target_level, created.places_left) == (None, 10)
    page = client.get(f"/sessions/{created.id}").text
    assert '<option value="" selected>Aucun : formation non certifiante</option>' in page
    client.post(f"/sessions/{created.id}", data={**form, "target_level": "4"})
    db.refresh(created)
    assert created.target_level == 4
    client.post(f"/sessions/{created.id}", data={**form, "end_date": str(TODAY + timedelta(days=90))})
    db.refresh(created)
    assert (created.target_level, created.end_date) == (None, TODAY + timedelta(days=90))  # the blank is « Aucun »
    refused = client.post(f"/sessions/{created.id}", data={**form, "start_date": ""})
    assert refused.status_code == 422  # a start date is only left out with a permanent entry
    client.post(f"/sessions/{created.id}", data=form)  # an end date emptied is gone
    db.refresh(created)
    assert created.end_date is None


def test_a_sheet_of_unknown_options_is_refused_with_the_field_named(client, sign_in):
    sign_in("adviser")
    for unknown in ("session-abc", "session-²", "offer-١٢"):  # digits Python's int() does not all read
        r = client.get("/recherche/selection", params={**TYPED, "items": [unknown]})
        assert r.status_code == 400
        assert "Solution inconnue" in r.text
    assert client.get("/recherche/selection", params=TYPED).status_code == 400


def test_a_mission_locale_edits_the_mobility_aids_its_advisers_show(client, sign_in, runtime):
    csrf = sign_in("adviser")
    assert runtime.settings.mobility_aids[0] in client.get("/aides-mobilite").text  # the default list first
    aids = "Bourse au permis de la Communauté d'agglomération\nLocation de vélos électriques à 1 € par jour"
    r = client.post("/aides-mobilite", data={"csrf": csrf, "aids": aids}, follow_redirects=False)
    assert r.status_code == 303
    far = client.get("/recherche", params={**TYPED, "max_minutes": "5", "modes": ["walk"]})
    assert "Location de vélos électriques à 1 € par jour" in far.text
    assert runtime.settings.mobility_aids[0] not in far.text
    too_many = client.post("/aides-mobilite", data={"csrf": csrf, "aids": "\n".join(f"Aide {i}" for i in range(13))})
    assert too_many.status_code == 400
    assert 'aria-invalid="true"' in too_many.text
    client.post("/aides-mobilite", data={"csrf": csrf, "aids": ""})
    assert runtime.settings.mobility_aids[0] in client.get("/aides-mobilite").text  # back to the default


def test_only_mission_locale_staff_edit_mobility_aids(client, sign_in):
    csrf = sign_in("trainer")
    assert client.post("/aides-mobilite", data={"csrf": csrf, "aids": "x"}).status_code == 403


def test_forms_refuse_a_missing_csrf_token(client, sign_in):
    sign_in("officer")
    r = client.post("/offres/nouvelle", data={"title": "x"})
    assert r.status_code == 403
    assert "Formulaire expiré" in r.text


def test_other_roles_get_a_page_not_json(client, sign_in):
    sign_in("trainer")
    r = client.get("/recherche")
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("text/html")


def test_officer_creates_an_offer_and_errors_stay_next_to_fields(client, sign_in, db):
    csrf = sign_in("officer")
    page = client.get("/offres/nouvelle")
    org_id = page.text.split('<option value="', 2)[2].split('"', 1)[0]  # the first real organisation
    bad = client.post(
        "/offres/nouvelle",
        data={
            "csrf": csrf,
            "organisation_id": org_id,
            "kind": "immersion",
            "title": "Découverte cuisine",
            "rome_code": "ZZ",
        },
    )
    assert bad.status_code == 422
    assert 'id="err-rome_code" role="alert"' in bad.text
    assert 'value="Découverte cuisine"' in bad.text  # nothing typed is lost
    ok = client.post(
        "/offres/nouvelle",
        data={
            "csrf": csrf,
            "organisation_id": org_id,
            "kind": "immersion",
            "title": "Découverte cuisine",
            "rome_code": "G1602",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    created = db.exec(select(Offer).where(Offer.title == "Découverte cuisine")).one()
    assert created.organisation_id == int(org_id)
    assert created.insee_code == db.get(Organisation, int(org_id)).insee_code


def test_text_typed_by_users_is_escaped(client, sign_in, db, places):
    sign_in("adviser")
    factories.youth(db, places, adviser_ml(db), file_reference="<script>alert(1)</script>")
    db.commit()
    page = client.get("/jeunes")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_every_main_page_renders_for_its_role(client, sign_in):
    for who, paths in {
        "adviser": ["/a-faire", "/recherche", "/jeunes", "/partenaires", "/tableau-de-bord", "/territoire"],
        "officer": ["/offres", "/offres/nouvelle", "/entreprises", "/entreprises/nouvelle", "/partenaires"],
        "trainer": ["/sessions", "/sessions/nouvelle"],
    }.items():
        sign_in(who)
        for path in paths:
            r = client.get(path)
            assert r.status_code == 200, (who, path, r.text[:500])
            assert '<html lang="fr">' in r.text
            title = re.search(r"<title>(.*?)</title>", r.text, re.S)
            assert title is not None
            assert "<" not in title.group(1), path
            assert title.group(1).endswith(" — Passerelle"), path


def test_officer_registers_an_employer_for_their_mission_locale(client, sign_in, db):
    csrf = sign_in("officer")
    bad = client.post(
        "/entreprises/nouvelle",
        data={
            "csrf": csrf,
            "name": "Boulangerie Duval",
            "kind": "employer",
            "siret": "12345678901234",
            "commune": "Béthune",
        },
    )
    assert bad.status_code == 422
    assert 'id="err-siret" role="alert"' in bad.text
    assert 'value="Boulangerie Duval"' in bad.text
    ok = client.post(
        "/entreprises/nouvelle",
        data={
            "csrf": csrf,
            "name": "Boulangerie Duval",
            "kind": "employer",
            "siret": factories.VALID_SIRET,
            "commune": "Béthune (62119)",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    org = db.exec(select(Organisation).where(Organisation.name == "Boulangerie Duval")).one()
    assert org.managed_by_id == user_by_email(db, "officer@demo.passerelle.fr").organisation_id
    assert org.insee_code == "62119"
    assert "Boulangerie Duval" in client.get("/entreprises").text


def test_request_logs_never_hold_what_was_typed(client, sign_in, caplog):
    sign_in("adviser")
    with caplog.at_level("INFO", logger="passerelle.requests"):
        client.get("/recherche", params={"commune": "Béthune (62119)", "birth_date": "2006-05-01", "jobs": "F1703"})
        client.get("/api/v1/rome", params={"q": "maçon"}, headers={"Authorization": "Bearer nope"})
    lines = [r.getMessage() for r in caplog.records if r.name == "passerelle.requests"]
    assert any(re.fullmatch(r"GET /recherche 200 [\d.]+ms user=\d+", line) for line in lines), lines
    assert any(line.startswith("GET /api/v1/rome 200") for line in lines)
    assert not any(secret in line for line in lines for secret in ("2006", "Béthune", "62119", "maçon", "F1703"))


def test_the_youth_list_shows_an_adviser_theirs_and_an_admin_everyone(client, sign_in, db, places):
    """The same rule as the API's list: the adviser's Mission Locale, or every youth for an admin."""
    family = mission_locale_family(db, user_by_email(db, "adviser@demo.passerelle.fr"))
    other_ml = db.exec(
        select(Organisation).where(Organisation.kind == "mission_locale", col(Organisation.id).not_in(family))
    ).first()
    factories.youth(db, places, adviser_ml(db), file_reference="OURS-1")
    factories.youth(db, places, other_ml.id, file_reference="THEIRS-1")
    db.commit()
    sign_in("adviser")
    page = client.get("/jeunes").text
    assert "OURS-1" in page
    assert "THEIRS-1" not in page
    sign_in("admin")
    page = client.get("/jeunes", params={"q": "-1"}).text
    assert "OURS-1" in page
    assert "THEIRS-1" in page


def test_the_login_form_refuses_a_post_from_another_site(client):
    form = {"email": "adviser@demo.passerelle.fr", "password": "passerelle-demo"}
    for header in ({"Origin": "https://evil.example"}, {"Referer": "https://evil.example/page"}):
        r = client.post("/connexion", data=form, headers=header, follow_redirects=False)
        assert r.status_code == 403
        assert "passerelle_session" not in r.headers.get("set-cookie", "")
    own = client.post("/connexion", data=form, headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert own.status_code == 303


def test_map_outlines_are_served_to_signed_in_users_only(client, sign_in):
    assert client.get("/carte/contours/62.geojson", follow_redirects=False).status_code in (303, 401)
    sign_in("adviser")
    r = client.get("/carte/contours/80.geojson")
    assert r.headers["content-type"].startswith("application/geo+json")
    assert r.json()["features"][0]["properties"]["department"] is True
    assert client.get("/carte/contours/99x.geojson").status_code == 400
