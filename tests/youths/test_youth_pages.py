"""Youth files on the pages: create with the information notice, edit, archive; French messages
next to the fields, and nothing typed lost on an error."""

from sqlmodel import select

from service.models import AuditEvent, Youth

FORM = {
    "file_reference": "ML-PAGE-001",
    "birth_date": "2007-05-14",
    "level": "infra_3",
    "jobs": "F1703",
    "commune": "Béthune (62119)",
    "address": "4 rue d'Arras",
    "modes": ["walk", "public_transport"],
    "max_minutes": "40",
    "programme": "CEJ",
    "notice_given": "true",
}


def test_an_adviser_opens_a_file_on_the_pages(client, sign_in, db):
    csrf = sign_in("adviser")
    assert "notice d'information" in client.get("/jeunes/nouveau").text
    r = client.post("/jeunes/nouveau", data={**FORM, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    youth = db.exec(select(Youth).where(Youth.file_reference == "ML-PAGE-001")).one()
    assert (youth.home_insee_code, youth.home_address, youth.max_travel_minutes) == ("62119", "4 rue d'Arras", 40)
    assert youth.travel_modes == ["walk", "public_transport"]
    assert youth.wished_rome_codes == ["F1703"]
    assert not youth.share_sensitive_with_partners
    assert "youth.create" in db.exec(select(AuditEvent.action).where(AuditEvent.object_id == youth.id)).all()


def test_errors_are_in_french_next_to_their_fields_and_what_was_typed_stays(client, sign_in):
    csrf = sign_in("adviser")
    form = {**FORM, "csrf": csrf, "commune": "Zzyzxville", "notice_given": "", "jobs": "Z9999 F1703"}
    page = client.post("/jeunes/nouveau", data=form)
    assert page.status_code == 422
    assert 'id="err-notice_given"' in page.text
    assert "Remettez d&#39;abord la notice" in page.text
    assert 'id="err-commune"' in page.text
    assert 'value="4 rue d&#39;Arras"' in page.text  # kept
    assert 'value="ML-PAGE-001"' in page.text


def test_an_adviser_edits_then_archives_a_file(client, sign_in, db):
    csrf = sign_in("adviser")
    client.post("/jeunes/nouveau", data={**FORM, "csrf": csrf})
    youth = db.exec(select(Youth).where(Youth.file_reference == "ML-PAGE-001")).one()
    page = client.get(f"/jeunes/{youth.id}/modifier").text
    assert 'value="Béthune (62119)"' in page
    changed = {**FORM, "csrf": csrf, "max_minutes": "60", "share_sensitive": "true", "modes": ["walk", "bike"]}
    r = client.post(f"/jeunes/{youth.id}/modifier", data=changed, follow_redirects=False)
    assert r.status_code == 303, r.text
    db.refresh(youth)
    assert (youth.max_travel_minutes, youth.share_sensitive_with_partners) == (60, True)
    assert youth.travel_modes == ["walk", "bike"]
    client.post(f"/jeunes/{youth.id}/archiver", data={"csrf": csrf, "archived": "true"})
    db.refresh(youth)
    assert youth.archived_at is not None
    assert "ML-PAGE-001" not in client.get("/jeunes").text
    client.post(f"/jeunes/{youth.id}/archiver", data={"csrf": csrf, "archived": "false"})
    assert "ML-PAGE-001" in client.get("/jeunes").text


def test_the_notice_says_what_is_kept_and_for_how_long(client, sign_in):
    sign_in("adviser")
    page = client.get("/jeunes/notice").text
    assert "24 mois" in page
    assert "effacement" in page
