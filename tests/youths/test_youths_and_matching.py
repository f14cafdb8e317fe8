"""Advisers: youth files, matches with reasons, pathways, quick match, erasure, export."""

from sqlmodel import select

from service.models import AuditEvent, Organisation, Positioning, Role, Youth
from service.search.schemas import MatchResponse, MatchResultPublic
from tests import factories

YOUTH = {
    "file_reference": "BET-2026-9001",
    "birth_date": "2006-04-02",
    "qualification_level": "infra_3",
    "wished_rome_codes": ["F1703"],
    "home_insee_code": "62119",
    "travel_modes": ["walk", "bike", "public_transport"],
    "max_travel_minutes": 45,
    "gender": "F",
    "nationality": "française",
    "qpv_resident": True,
}


def new_youth(client, h, **kw):
    r = client.post("/api/v1/youths", headers=h, json=YOUTH | kw)
    assert r.status_code == 201, r.text
    return r.json()


def test_adviser_creates_reads_updates_a_youth_and_it_is_audited(client, login, db):
    h = login("adviser")
    y = new_youth(client, h)
    assert y["qualification_level"] == "infra_3"
    assert y["latitude"] == 50.530489
    assert client.get(f"/api/v1/youths/{y['id']}", headers=h).status_code == 200
    r = client.patch(f"/api/v1/youths/{y['id']}", headers=h, json={"max_travel_minutes": 30, "travel_modes": ["walk"]})
    assert r.json()["max_travel_minutes"] == 30
    actions = db.exec(
        select(AuditEvent.action).where(AuditEvent.object_type == "youth", AuditEvent.object_id == y["id"])
    ).all()
    assert {"youth.create", "youth.read", "youth.update"} <= set(actions)


def test_adviser_of_another_mission_locale_gets_404(client, login, another_ml, other_user):
    y = new_youth(client, login("adviser"))
    stranger = login(other_user(Role.ADVISER, another_ml.id))
    assert client.get(f"/api/v1/youths/{y['id']}", headers=stranger).status_code == 404
    assert client.get(f"/api/v1/youths/{y['id']}/matches", headers=stranger).status_code == 404
    assert y["id"] not in [
        i["id"] for i in client.get("/api/v1/youths", headers=stranger, params={"limit": 200}).json()["items"]
    ]


def test_advisers_of_a_mission_locale_and_of_its_antennas_share_its_youth_files(
    client,
    login,
    db,
    places,
    demo_user,
    another_ml,
    other_user,
):
    def antenna_of(head: int, name: str) -> int:
        org = factories.organisation(db, places, kind="mission_locale", name=name, siret=None)
        org.parent_id = head
        db.add(org)
        db.commit()
        return org.id

    ours = antenna_of(demo_user("adviser").organisation_id, "Antenne de Bruay")
    theirs = antenna_of(another_ml.id, "Antenne d'ailleurs")
    y = new_youth(client, login("adviser"))
    assert client.get(f"/api/v1/youths/{y['id']}", headers=login(other_user(Role.ADVISER, ours))).status_code == 200
    assert client.get(f"/api/v1/youths/{y['id']}", headers=login(other_user(Role.ADVISER, theirs))).status_code == 404


def test_training_body_and_officer_cannot_read_youth_files(client, login):
    y = new_youth(client, login("adviser"))
    assert client.get(f"/api/v1/youths/{y['id']}", headers=login("trainer")).status_code == 404
    assert client.get("/api/v1/youths", headers=login("officer")).status_code == 403


def test_matches_are_ranked_with_reasons(client, login):
    h = login("adviser")
    y = new_youth(client, h)
    r = client.get(f"/api/v1/youths/{y['id']}/matches", headers=h, params={"limit": 10})
    assert r.status_code == 200, r.text
    body = r.json()
    results = body["results"]
    assert results
    assert body["eligible"] is None or body["eligible"] >= len(results)
    MatchResponse.model_validate_json(r.content)  # what FastAPI does not check on this route
    debug = client.get(f"/api/v1/youths/{y['id']}/matches", headers=h, params={"limit": 10, "debug": True}).json()
    assert [x["id"] for x in debug["results"]] == [x["id"] for x in results]  # the same, counted in full
    assert debug["eligible"] >= len(results)
    assert debug["considered"] >= debug["eligible"]
    scores = [x["score"] for x in results]
    assert scores == sorted(scores, reverse=True)
    first = results[0]
    assert {
        "kind",
        "title",
        "organisation",
        "rome_code",
        "rome_label",
        "commune",
        "distance_km",
        "travel_minutes",
        "travel_mode",
        "start_date",
        "places_left",
        "score",
        "explanation",
    } <= first.keys()
    assert {c["name"] for c in first["explanation"]["criteria"]} == {
        "job_fit",
        "travel",
        "level",
        "timing",
        "network",
        "places",
    }
    assert first["explanation"]["summary"].endswith(".")
    assert any(c["reason"].startswith("À ") and "min" in c["reason"] for c in first["explanation"]["criteria"])


def test_matches_per_kind_debug_and_without_explanations(client, login):
    h = login("adviser")
    y = new_youth(client, h)
    r = client.get(
        f"/api/v1/youths/{y['id']}/matches",
        headers=h,
        params={"kinds": ["immersion", "session"], "limit": 2, "per_kind": True, "debug": True, "explain": False},
    )
    body = r.json()
    assert {x["kind"] for x in body["results"]} <= {"immersion", "session"}
    assert body["results"][0]["explanation"] is None
    # Every field the schema requires is there, null when it has no value (the route's answer is
    # not validated by FastAPI: this test does it).
    assert all(r.keys() == MatchResultPublic.model_fields.keys() for r in body["results"])
    MatchResponse.model_validate_json(r.content)
    assert set(body["removed"]) == {"kind", "open", "reachable", "level", "age", "siae_eligibility", "driving_licence"}


def test_quick_match_for_an_unsaved_profile(client, login, db):
    before = db.exec(select(Youth)).all()
    r = client.post(
        "/api/v1/match",
        headers=login("adviser"),
        json={
            "birth_date": "2007-01-10",
            "qualification_level": "infra_3",
            "wishes_text": "cuisinier",
            "home_insee_code": "62119",
            "travel_modes": ["walk", "bike"],
            "max_travel_minutes": 30,
            "kinds": ["session", "immersion"],
        },
    )
    assert r.status_code == 200, r.text
    assert MatchResponse.model_validate_json(r.content).results
    assert len(db.exec(select(Youth)).all()) == len(before)  # nothing stored


def test_quick_match_bad_input_is_422_with_fields(client, login):
    r = client.post(
        "/api/v1/match",
        headers=login("adviser"),
        json={
            "birth_date": "not a date",
            "qualification_level": 12,
            "home_insee_code": "62119",
            "travel_modes": ["rocket"],
        },
    )
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"birth_date", "qualification_level", "travel_modes.0"} <= fields


def test_pathways_endpoint(client, login):
    h = login("adviser")
    y = new_youth(client, h, max_travel_minutes=60)
    r = client.get(f"/api/v1/youths/{y['id']}/pathways", headers=h)
    assert r.status_code == 200
    for p in r.json():
        assert 2 <= len(p["steps"]) <= 3
        assert p["summary"]


def test_export_and_erasure_keep_anonymous_counts(client, login, db):
    h = login("adviser")
    y = new_youth(client, h)
    match = client.get(f"/api/v1/youths/{y['id']}/matches", headers=h, params={"kinds": ["session"], "limit": 1}).json()
    target = match["results"][0]
    p = client.post("/api/v1/positionings", headers=h, json={"youth_id": y["id"], "session_id": target["id"]}).json()
    export = client.get(f"/api/v1/youths/{y['id']}/export", headers=h).json()
    assert export["youth"]["file_reference"] == YOUTH["file_reference"]
    assert len(export["positionings"]) == 1
    assert export["accesses"]
    assert client.delete(f"/api/v1/youths/{y['id']}", headers=h).status_code == 204
    assert client.get(f"/api/v1/youths/{y['id']}", headers=h).status_code == 404
    kept = db.get(Positioning, p["id"])
    assert kept is not None
    assert kept.youth_id is None
    assert kept.file_reference == ""
    assert client.get("/api/v1/stats", headers=h).json()["positionings_by_status"]["positioned"] >= 1


def test_stats_dashboard(client, login):
    body = client.get("/api/v1/stats", headers=login("adviser")).json()
    assert body["youths"] >= 10
    assert 0 <= body["youths_without_reachable_placement"] <= body["youths"]
    assert body["fill_rate"] is None or 0 <= body["fill_rate"] <= 1
    assert client.get("/api/v1/stats", headers=login("trainer")).status_code == 403


def test_network_view(client, login):
    body = client.get("/api/v1/network", headers=login("adviser"), params={"department": "62"}).json()
    assert body["partners"]
    assert body["central_partners"]
    assert all(o["department"] == "62" for o in body["central_partners"])


def test_every_result_carries_what_an_interview_needs(client, login, db, places, demo_user):
    from tests import factories

    adviser = demo_user("adviser")
    youth = factories.youth(db, places, adviser.organisation_id, file_reference="INTERVIEW-1", max_travel_minutes=60)
    db.commit()
    body = client.get(f"/api/v1/youths/{youth.id}/matches", headers=login("adviser"), params={"limit": 20}).json()
    MatchResponse.model_validate(body)
    assert body["results"]
    for r in body["results"]:
        d = r["details"]
        assert d["address"]
        assert d["contact"]["name"]
        assert d["contact"]["email"] or d["contact"]["phone"]
        assert d["url"] in (f"/sessions/{r['id']}", f"/offres/{r['id']}")


def test_an_adviser_reads_an_options_page_to_print_for_the_youth(client, sign_in, db, places, demo_user):
    from tests import factories

    trainer_org = db.get(Organisation, demo_user("trainer").organisation_id)
    session = factories.session_(db, places, trainer_org, title="CAP Fleuriste (lecture)", hours=800)
    db.commit()
    sign_in("adviser")
    page = client.get(f"/sessions/{session.id}")
    assert page.status_code == 200
    assert "CAP Fleuriste (lecture)" in page.text
    assert "800 heures" in page.text
    assert "Imprimer cette fiche" in page.text
    assert 'name="csrf"' not in page.text.split("<main", 1)[-1]  # read only: no form to change it
    sign_in("trainer")
    assert "Enregistrer" in client.get(f"/sessions/{session.id}").text  # its training body edits it


def test_a_thin_search_shows_what_lies_just_beyond_and_what_removed_most(client, login, sign_in):
    far_away = {
        "birth_date": "2008-06-01",
        "qualification_level": "infra_3",
        "wished_rome_codes": ["F1703"],
        "home_insee_code": "62361",  # Frévent: rural, few options on foot or by bike
        "travel_modes": ["walk", "bike"],
        "max_travel_minutes": 45,
    }
    body = client.post("/api/v1/match", headers=login("adviser"), json=far_away).json()
    MatchResponse.model_validate(body)
    assert len(body["results"]) < 5
    assert body["beyond_reach"]
    assert all(b["note"] for b in body["beyond_reach"])
    assert body["removed_most"] is not None  # the rules that removed most (none when nothing is near)
    sign_in("adviser")
    page = client.get(
        "/recherche",
        params={"commune": "Frévent (62361)", "jobs": "F1703", "modes": ["walk", "bike"], "max_minutes": 45},
    )
    assert "Juste au-delà des limites" in page.text
    assert "Aide au permis de conduire" in page.text
