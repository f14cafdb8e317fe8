"""The positioning workflow end to end: roles, every transition, places that never go below zero."""

from datetime import timedelta

import pytest

from service.models import PositioningStatus as S
from service.models import TrainingSession
from service.positionings.service import TRANSITIONS
from tests.helpers import TODAY


@pytest.fixture
def setup(client, login):
    """A session of the demo training body, a youth of the demo adviser."""
    trainer, adviser = login("trainer"), login("adviser")
    session = client.post(
        "/api/v1/sessions",
        headers=trainer,
        json={
            "title": "CAP Maçon",
            "rome_codes": ["F1703"],
            "target_level": 3,
            "start_date": str(TODAY + timedelta(days=10)),
            "places_total": 2,
            "places_left": 2,
            "insee_code": "62119",
        },
    ).json()
    return session, new_youth(client, adviser, "POS-1"), trainer, adviser


def new_youth(client, adviser, reference, **kw):
    r = client.post(
        "/api/v1/youths",
        headers=adviser,
        json={
            "file_reference": reference,
            "birth_date": "2004-02-02",
            "qualification_level": "infra_3",
            "home_insee_code": "62119",
            "travel_modes": ["walk"],
            "rqth": True,
        }
        | kw,
    )
    assert r.status_code == 201, r.text
    return r.json()


def position(client, adviser, youth, session):
    r = client.post(
        "/api/v1/positionings", headers=adviser, json={"youth_id": youth["id"], "session_id": session["id"]}
    )
    assert r.status_code == 201, r.text
    return r.json()


REASONS = {"refused": "not_selected", "withdrawn": "found_elsewhere", "abandoned": "health"}


def move(client, headers, p, status):
    body = {"status": status, "reason": REASONS.get(status)}
    return client.post(f"/api/v1/positionings/{p['id']}/status", headers=headers, json=body)


def test_full_path_to_completion_and_places(client, db, setup):
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    assert p["status"] == "positioned"
    assert move(client, trainer, p, "selected").status_code == 200
    r = move(client, trainer, p, "entered")
    assert r.status_code == 200
    assert db.get(TrainingSession, session["id"]).places_left == 1
    r = move(client, trainer, p, "completed")
    history = [(e["from_status"], e["to_status"]) for e in r.json()["history"]]
    assert history == [
        (None, "positioned"),
        ("positioned", "selected"),
        ("selected", "entered"),
        ("entered", "completed"),
    ]


def test_abandon_frees_the_place(client, db, setup):
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    move(client, trainer, p, "selected")
    move(client, trainer, p, "entered")
    assert db.get(TrainingSession, session["id"]).places_left == 1
    move(client, trainer, p, "abandoned")
    assert db.get(TrainingSession, session["id"]).places_left == 2


def test_training_body_sees_only_what_it_needs_of_the_youth(client, setup):
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    body = client.get(f"/api/v1/positionings/{p['id']}", headers=trainer).json()
    seen = body["youth"]
    assert set(seen) == {"file_reference", "qualification_level", "age_band", "rqth"}
    assert body["youth_id"] is None
    assert body["mission_locale_id"] is None
    assert body["mission_locale_name"].startswith("Mission Locale")
    assert body["adviser"]["email"].endswith("@demo.passerelle.fr")
    assert client.get(f"/api/v1/positionings/{p['id']}", headers=adviser).json()["youth_id"] == youth["id"]
    assert "birth_date" not in seen
    assert "programme" not in seen
    assert seen["rqth"] is None  # no consent given
    assert seen["file_reference"] == "POS-1"
    assert seen["age_band"] == "18-25 ans"
    listed = client.get("/api/v1/positionings", headers=trainer, params={"session_id": session["id"]}).json()["items"]
    assert [x["id"] for x in listed] == [p["id"]]


def test_invalid_transitions_are_409(client, setup):
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    assert move(client, trainer, p, "entered").status_code == 409  # must be selected first
    assert move(client, trainer, p, "completed").status_code == 409
    move(client, adviser, p, "withdrawn")
    assert move(client, trainer, p, "selected").status_code == 409  # withdrawn is final


@pytest.mark.parametrize(("src", "dst"), sorted(TRANSITIONS))
def test_every_transition_is_reachable_by_its_role_only(client, db, setup, src, dst):
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    from service.models import Positioning

    row = db.get(Positioning, p["id"])
    row.status = S(src)
    db.add(row)
    db.commit()
    owner, other = (adviser, trainer) if TRANSITIONS[(src, dst)] == "adviser" else (trainer, adviser)
    assert move(client, other, p, dst).status_code == 403
    assert move(client, owner, p, dst).status_code == 200


def test_positioning_on_a_full_session_is_refused(client, login, setup):
    session, youth, trainer, adviser = setup
    client.patch(f"/api/v1/sessions/{session['id']}", headers=trainer, json={"places_left": 0})
    r = client.post(
        "/api/v1/positionings", headers=adviser, json={"youth_id": youth["id"], "session_id": session["id"]}
    )
    assert r.status_code == 409


def test_entering_the_last_place_twice_is_refused(client, db, setup):
    session, youth, trainer, adviser = setup
    client.patch(f"/api/v1/sessions/{session['id']}", headers=trainer, json={"places_left": 1})
    a = position(client, adviser, youth, session)
    b = position(client, adviser, new_youth(client, adviser, "POS-2"), session)
    for p in (a, b):
        move(client, trainer, p, "selected")
    assert move(client, trainer, a, "entered").status_code == 200
    assert move(client, trainer, b, "entered").status_code == 409
    assert db.get(TrainingSession, session["id"]).places_left == 0


def test_an_immersion_offer_is_moved_along_by_the_business_officer(client, login, db):
    officer, adviser = login("officer"), login("adviser")
    org = client.post(
        "/api/v1/organisations", headers=officer, json={"kind": "employer", "name": "Garage", "insee_code": "62119"}
    ).json()
    offer = client.post(
        "/api/v1/offers",
        headers=officer,
        json={
            "organisation_id": org["id"],
            "kind": "immersion",
            "title": "Immersion mécanique",
            "rome_code": "I1604",
            "insee_code": "62119",
        },
    ).json()
    youth = client.post(
        "/api/v1/youths",
        headers=adviser,
        json={
            "file_reference": "IMM-1",
            "birth_date": "2005-01-01",
            "qualification_level": 3,
            "home_insee_code": "62119",
        },
    ).json()
    p = client.post(
        "/api/v1/positionings", headers=adviser, json={"youth_id": youth["id"], "offer_id": offer["id"]}
    ).json()
    assert move(client, officer, p, "selected").status_code == 200
    assert move(client, officer, p, "entered").status_code == 200
    assert client.get(f"/api/v1/offers/{offer['id']}", headers=officer).json()["positions_open"] == 0


def test_positioning_needs_exactly_one_target(client, setup):
    _session, youth, _trainer, adviser = setup
    r = client.post("/api/v1/positionings", headers=adviser, json={"youth_id": youth["id"]})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "session_id"


def test_dashboard_csv_files_carry_history_and_fill_rates_without_personal_data(client, setup):
    session, youth, trainer, adviser = setup
    p = position(client, adviser, youth, session)
    for status in ("selected", "entered"):
        assert move(client, trainer, p, status).status_code == 200
    for who in (adviser, trainer):
        history = client.get("/api/v1/positionings.csv", headers=who, params={"session_id": session["id"]})
        assert history.status_code == 200
        assert history.headers["content-type"].startswith("text/csv")
        lines = history.text.splitlines()
        assert lines[0].startswith("positioning_id,file_reference")
        assert [line.split(",")[7] for line in lines[1:]] == ["positioned", "selected", "entered"]
        assert "POS-1" in history.text
        assert "2004" not in history.text
    later = client.get("/api/v1/positionings.csv", headers=adviser, params={"since": str(TODAY + timedelta(days=400))})
    assert later.text.splitlines()[1:] == []
    fill = client.get("/api/v1/sessions.csv", headers=trainer, params={"organisation_id": session["organisation_id"]})
    row = next(r for r in fill.text.splitlines() if r.startswith(f"{session['id']},"))
    assert row.split(",")[4:9] == ["2", "1", "0.5", "1", "1"]


def test_an_entry_counts_as_an_outcome_for_every_worker(client, db, setup, make_runtime):
    """Another worker's partner graph learns of the entry at its next refresh, without a rebuild."""
    session, youth, trainer, adviser = setup
    other = make_runtime().matching
    other.refresh(db, TODAY)
    key = (youth["mission_locale_id"], session["organisation_id"])
    before, graph = other.graph.outcome(*key), other.graph
    p = position(client, adviser, youth, session)
    for status in ("selected", "entered"):
        assert move(client, trainer, p, status).status_code == 200
    other.refresh(db, TODAY)
    assert other.graph is graph
    assert other.graph.outcome(*key) == before + 1


def test_a_youth_holds_one_active_positioning_per_session_or_offer(client, db, setup):
    session, youth, _trainer, adviser = setup
    first = position(client, adviser, youth, session)
    again = client.post(
        "/api/v1/positionings", headers=adviser, json={"youth_id": youth["id"], "session_id": session["id"]}
    )
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "session_id"
    move(client, adviser, first, "withdrawn")  # once the first is over, a new one may start
    assert (
        client.post(
            "/api/v1/positionings", headers=adviser, json={"youth_id": youth["id"], "session_id": session["id"]}
        ).status_code
        == 201
    )


def test_the_database_itself_refuses_a_second_active_positioning(db, setup, demo_user):
    """Should two requests race past the check, the partial unique index still holds."""
    import sqlalchemy.exc

    from service.models import Positioning

    session, youth, _, _ = setup
    rows = [
        Positioning(
            youth_id=youth["id"],
            mission_locale_id=youth["mission_locale_id"],
            session_id=session["id"],
            status=S.POSITIONED,
        )
        for _ in range(2)
    ]
    db.add_all(rows)
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db.flush()
    db.rollback()
