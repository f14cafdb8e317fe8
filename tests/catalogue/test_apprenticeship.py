"""An apprenticeship offer names the diploma prepared and the CFA: on results, pages and the API."""

import pytest
from sqlmodel import select

from service.models import Offer, Organisation
from tests import factories

PROFILE = {
    "birth_date": "2007-03-01",
    "qualification_level": "infra_3",
    "wished_rome_codes": ["D1102"],
    "home_insee_code": "62119",
    "travel_modes": ["walk", "public_transport"],
    "max_travel_minutes": 60,
    "kinds": ["apprenticeship"],
    "limit": 200,
}


@pytest.fixture
def employer(client, login):
    r = client.post(
        "/api/v1/organisations",
        headers=login("officer"),
        json={"kind": "employer", "name": "Boulangerie du Beffroi", "insee_code": "62119", "address": "3 rue d'Arras"},
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.fixture
def cfa(db, places):
    return factories.organisation(
        db, places, kind="cfa", name="CFA des métiers de bouche", insee_code="62041", contact_phone="03 99 00 12 34"
    )


def apprenticeship(client, h, employer, **kw):
    body = {
        "organisation_id": employer,
        "kind": "apprenticeship",
        "title": "Apprenti boulanger",
        "rome_code": "D1102",
        "insee_code": "62119",
        "contract_type": "apprentissage",
        "duration_months": 24,
    }
    return client.post("/api/v1/offers", headers=h, json=body | kw)


def test_an_apprenticeship_result_carries_its_diploma_and_its_cfa(client, login, employer, cfa):
    h = login("officer")
    r = apprenticeship(client, h, employer, diploma="CAP Boulanger", rncp_code="RNCP37540", cfa_id=cfa.id)
    assert r.status_code == 201, r.text
    offer_id = r.json()["id"]
    found = client.post("/api/v1/match", headers=login("adviser"), json=PROFILE).json()["results"]
    mine = next(x for x in found if x["id"] == offer_id and x["kind"] == "apprenticeship")
    assert mine["details"]["diploma"] == "CAP Boulanger"
    assert mine["details"]["rncp_code"] == "RNCP37540"
    assert mine["details"]["cfa"]["name"] == "CFA des métiers de bouche"
    assert "Arras" in mine["details"]["cfa"]["address"]
    assert mine["details"]["cfa"]["contact"]["phone"] == "03 99 00 12 34"


def test_the_offer_page_names_the_diploma_and_the_cfa(client, login, sign_in, employer, cfa):
    offer_id = apprenticeship(client, login("officer"), employer, diploma="CAP Boulanger", cfa_id=cfa.id).json()["id"]
    sign_in("adviser")
    page = client.get(f"/offres/{offer_id}").text
    assert "CAP Boulanger" in page
    assert "CFA des métiers de bouche" in page


def test_a_cfa_must_be_a_school_and_goes_with_apprenticeship_only(client, login, employer, cfa, db, places):
    h = login("officer")
    r = apprenticeship(client, h, employer, cfa_id=employer)
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "cfa_id"
    r = apprenticeship(client, h, employer, kind="job", contract_type="CDI", cfa_id=cfa.id)
    assert r.status_code == 422
    assert "cfa_id" in r.text
    offer_id = apprenticeship(client, h, employer).json()["id"]
    r = client.patch(f"/api/v1/offers/{offer_id}", headers=h, json={"cfa_id": 2_000_000})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "cfa_id"


def test_an_officer_sets_and_clears_the_cfa_on_the_offer_form(client, login, sign_in, employer, cfa, db):
    offer_id = apprenticeship(client, login("officer"), employer).json()["id"]
    csrf = sign_in("officer")
    form = {"csrf": csrf, "kind": "apprenticeship", "title": "Apprenti boulanger", "rome_code": "D1102"}
    assert f'value="{cfa.id}"' in client.get(f"/offres/{offer_id}").text  # a CFA of the department is offered
    r = client.post(
        f"/offres/{offer_id}", data=form | {"diploma": "CAP Boulanger", "cfa_id": str(cfa.id)}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    offer = client.get(f"/api/v1/offers/{offer_id}", headers=login("officer")).json()
    assert (offer["diploma"], offer["cfa_id"]) == ("CAP Boulanger", cfa.id)
    assert client.post(f"/offres/{offer_id}", data=form, follow_redirects=False).status_code == 303
    offer = client.get(f"/api/v1/offers/{offer_id}", headers=login("officer")).json()
    assert (offer["diploma"], offer["cfa_id"]) == ("", None)


def test_demo_apprenticeships_name_a_diploma_and_a_nearby_cfa(db, demo):
    offers = db.exec(select(Offer).where(Offer.kind == "apprenticeship")).all()
    named = [o for o in offers if o.cfa_id]
    assert len(named) > len(offers) / 2
    assert all(o.diploma for o in named)
    schools = {o.id: o for o in db.exec(select(Organisation)).all()}
    assert all(schools[o.cfa_id].kind in ("cfa", "training_body") for o in named)
