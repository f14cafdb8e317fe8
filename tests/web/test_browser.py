"""The three users' journeys in Debian's chromium (headless), with axe-core and screenshots.

Screenshots go to test-artifacts/screenshots/ (not committed).
"""

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from seeds.demo import seed_demo
from service import migrate
from service.accounts.service import user_by_email
from service.app import create_app
from service.db import make_engine, transaction
from service.models import Organisation
from service.models.fields import utcnow
from service.settings import Settings
from tests import factories
from tests.helpers import TODAY, scratch_database
from tests.live_server import serving

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
# What the machine's closed network needs: no background connections, no sandbox as root.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


HOSTILE_TITLE = '<b id="injected">Carrelage</b><meta http-equiv="refresh" content="0;url=https://example.org">'


@pytest.fixture(scope="module")
def site(database_url, places, tmp_path_factory) -> Iterator[dict]:
    """A server on its own database with the demo network and one youth made for the journey."""
    with scratch_database(database_url, tmp_path_factory.mktemp("browser")) as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with transaction(engine) as db:
            seed_demo(db, places, TODAY)
            trainer = user_by_email(db, "trainer@demo.passerelle.fr")
            adviser = user_by_email(db, "adviser@demo.passerelle.fr")
            session = factories.session_(
                db,
                places,
                db.get(Organisation, trainer.organisation_id),
                title="CAP Carreleur mosaïste (parcours test)",
                rome_codes=["F1608"],
                start_date=TODAY + timedelta(days=15),
                places_total=8,
                places_left=8,
            )
            factories.session_(
                db,
                places,
                db.get(Organisation, trainer.organisation_id),
                title=HOSTILE_TITLE,
                rome_codes=["F1608"],
                start_date=TODAY + timedelta(days=20),
            )
            home = db.get(Organisation, trainer.organisation_id).insee_code
            # an SIAE post and an apprenticeship next door: what RQTH and IAE eligibility open
            siae = factories.organisation(
                db,
                places,
                kind="siae",
                siae_kind="ACI",
                name="Chantier d'insertion des Marais",
                siret=None,
                insee_code=home,
            )
            factories.offer(
                db,
                places,
                siae,
                kind="siae_post",
                title="Ouvrier espaces verts en insertion",
                rome_code="A1203",
                insee_code=home,
            )
            gardens = factories.organisation(
                db, places, kind="employer", name="Paysages du Béthunois", siret=None, insee_code=home
            )
            factories.offer(
                db,
                places,
                gardens,
                kind="apprenticeship",
                title="Apprenti jardinier paysagiste",
                rome_code="A1203",
                insee_code=home,
                contract_type="apprentissage",
            )
            for reference in ("PW-2026-001", "PW-2026-002"):
                factories.youth(
                    db,
                    places,
                    adviser.organisation_id,
                    file_reference=reference,
                    home_insee_code=home,
                    wished_rome_codes=["F1608"],
                    qualification_level="infra_3",
                    travel_modes=["walk", "bike", "public_transport"],
                    max_travel_minutes=45,
                )
            employer = db.exec(
                select(Organisation).where(
                    Organisation.kind == "employer", Organisation.managed_by_id == adviser.organisation_id
                )
            ).first()
            facts = {
                "session_id": session.id,
                "places": session.places_left,
                "employer": employer.name,
                # as the commune field's suggestions write it (five digits alone are a postal code)
                "employer_commune": f"{places.gazetteer.by_insee(employer.insee_code).name} ({employer.insee_code})",
                "home_commune": f"{places.gazetteer.by_insee(home).name} ({home})",
            }
        engine.dispose()
        # Every test logs in again from the same address: lift the login rate limit for this server.
        settings = Settings(database_url=url, login_rate_limit="1000/minute")
        with serving(create_app(settings)) as base:
            yield {"base": base, "database_url": url, **facts}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page_for(browser, site):
    contexts = []

    def _open(who: str, width: int = 1280, height: int = 900):
        ctx = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True, locale="fr-FR")
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(15_000)
        page.goto(site["base"] + "/connexion")
        page.get_by_label("Adresse électronique").fill(f"{who}@demo.passerelle.fr")
        page.get_by_label("Mot de passe").fill("passerelle-demo")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        return page

    yield _open
    for ctx in contexts:
        ctx.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_adviser_positions_and_training_body_records_entry(page_for, site):
    adviser = page_for("adviser")
    adviser.get_by_label("Jeune suivi").select_option(label="Dossier PW-2026-001")
    adviser.get_by_label("Formation").check()
    adviser.get_by_role("button", name="Rechercher").click()
    result = adviser.locator("li.result", has_text="CAP Carreleur mosaïste (parcours test)")
    result.wait_for()
    assert "Correspond" in result.inner_text()  # the reason for its rank is spelt out
    assert adviser.locator("li.result").count() >= 1
    shot(adviser, "adviser-search")
    result.get_by_role("button", name="Positionner").click()
    adviser.wait_for_url("**/jeunes/*")
    assert "Positionné" in adviser.locator("#positionnements").inner_text()
    shot(adviser, "adviser-youth-file")

    trainer = page_for("trainer")
    trainer.goto(f"{site['base']}/sessions/{site['session_id']}")
    assert f"Places restantes : {site['places']}" in trainer.locator("#places").inner_text()
    trainer.get_by_role("button", name="Retenu").click()
    trainer.get_by_role("button", name="Entré").click()
    trainer.wait_for_load_state()
    assert f"Places restantes : {site['places'] - 1}" in trainer.locator("#places").inner_text()
    assert "Entré" in trainer.locator("#positionnements").inner_text()
    shot(trainer, "training-body-session")


def test_officer_immersion_offer_reaches_the_adviser_search(page_for, site):
    officer = page_for("officer")
    officer.goto(site["base"] + "/offres/nouvelle?kind=immersion")
    officer.get_by_label("Employeur ou SIAE").select_option(label=site["employer"])
    officer.get_by_label("Intitulé").fill("Immersion découverte élevage")
    officer.get_by_label("Code ROME").fill("A1416")
    officer.get_by_role("button", name="Enregistrer").click()
    officer.wait_for_url("**/offres")
    assert "Immersion découverte élevage" in officer.content()
    shot(officer, "officer-offers")

    adviser = page_for("adviser")
    adviser.goto(site["base"] + "/recherche")
    adviser.get_by_label("Métiers souhaités (codes ROME)").fill("A1416")
    adviser.get_by_label("Commune de résidence").fill(site["employer_commune"])
    adviser.get_by_label("Immersion (PMSMP)").check()
    adviser.get_by_role("button", name="Rechercher").click()
    adviser.locator("li.result", has_text="Immersion découverte élevage").wait_for()


@pytest.mark.parametrize(
    ("who", "path", "width"),
    [
        ("adviser", "/recherche?youth_id=&commune=62119&jobs=F1703&modes=walk&modes=bike&max_minutes=45", 1280),
        ("adviser", "/recherche?commune=62119&jobs=F1703&modes=walk&max_minutes=45", 390),
        ("adviser", "/jeunes", 1280),
        ("adviser", "/tableau-de-bord", 1280),
        ("adviser", "/aides-mobilite", 390),
        ("adviser", "/a-faire", 1280),
        ("adviser", "/jeunes/nouveau", 390),
        ("adviser", "/jeunes/notice", 1280),
        ("trainer", "/notifications", 390),
        ("officer", "/tableau-de-bord/delais", 1280),
        ("admin", "/admin/utilisateurs", 1280),
        ("admin", "/admin/versions", 390),
        ("admin", "/admin/organisations?q=Mission", 1280),
        ("officer", "/offres/nouvelle", 1280),
        ("officer", "/partenaires", 1280),
        ("officer", "/entreprises/nouvelle", 390),
        ("trainer", "/sessions", 390),
        ("trainer", "/sessions/nouvelle", 1280),
    ],
)
def test_main_pages_have_no_serious_accessibility_violation(page_for, site, who, path, width):
    page = page_for(who, width=width)
    page.goto(site["base"] + path)
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []
    shot(page, f"{who}{path.split('?')[0].replace('/', '-')}-{width}")


def test_an_options_page_for_advisers_is_accessible(page_for, site):
    page = page_for("adviser")
    page.goto(f"{site['base']}/sessions/{site['session_id']}")
    page.wait_for_load_state("networkidle")
    assert "Imprimer cette fiche" in page.content()
    assert serious_violations(page) == []
    shot(page, "adviser-option-page")


def test_the_options_ticked_print_on_one_accessible_sheet(page_for, site):
    page = page_for("adviser")
    page.goto(site["base"] + "/recherche?commune=62119&jobs=F1703&modes=walk&modes=bike&max_minutes=45")
    page.locator("li.result").first.wait_for()
    boxes = page.get_by_label("À imprimer")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Imprimer les solutions cochées").click()
    page.wait_for_url("**/recherche/selection*")
    page.wait_for_load_state("networkidle")
    assert page.locator("ol.chosen > li").count() == 2
    assert "Pour y aller" in page.content()
    assert serious_violations(page) == []
    shot(page, "adviser-selection")


def test_login_page_is_accessible_and_keyboard_usable(browser, site):
    ctx = browser.new_context(bypass_csp=True)
    page = ctx.new_page()
    page.goto(site["base"] + "/connexion")
    assert serious_violations(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    shot(page, "login")
    ctx.close()


def test_the_fields_suggest_jobs_and_communes_without_leaving_the_search(page_for, site):
    adviser = page_for("adviser")
    adviser.goto(site["base"] + "/recherche")
    adviser.get_by_label("Commune de résidence").press_sequentially("Armenti")
    adviser.locator('#commune-options option[value="Armentières (59017)"]').wait_for(state="attached")
    assert adviser.url == site["base"] + "/recherche"  # a suggestion's address is not the page's
    adviser.get_by_label("Métiers souhaités (codes ROME)").press_sequentially("jardin")
    adviser.locator("#rome-options option", has_text="A1203").wait_for(state="attached")


def test_map_labels_are_shown_as_text_never_as_html(page_for, site):
    adviser = page_for("adviser")
    adviser.get_by_label("Jeune suivi").select_option(label="Dossier PW-2026-001")
    adviser.get_by_label("Formation").check()
    adviser.get_by_role("button", name="Rechercher").click()
    adviser.locator("li.result", has_text="Carrelage").first.wait_for()
    markers = adviser.locator("#carte path.leaflet-interactive")
    markers.last.wait_for()  # the map is drawn once its script has loaded
    for i in range(markers.count()):
        markers.nth(i).dispatch_event("mouseover")
    tooltips = adviser.locator(".leaflet-tooltip").all_inner_texts()
    assert any('<b id="injected">' in t for t in tooltips), tooltips
    assert adviser.locator("#injected").count() == 0
    assert adviser.locator("meta[http-equiv]").count() == 0
    assert adviser.url.startswith(site["base"])


def test_the_api_documentation_loads_nothing_from_elsewhere_under_the_pages_csp(browser, site):
    ctx = browser.new_context()  # CSP enforced, unlike the other pages' contexts
    page = ctx.new_page()
    requests, refusals = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(site["base"] + "/docs")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 40  # every operation is listed
    assert all(url.startswith(site["base"]) for url in requests), requests
    assert refusals == []
    ctx.close()


def test_rqth_and_iae_open_siae_posts_and_an_apprenticeship_after_29(page_for, site):
    adviser = page_for("adviser")
    adviser.goto(site["base"] + "/recherche")
    over_29 = TODAY.replace(year=TODAY.year - 32)
    adviser.get_by_label("Métiers souhaités (codes ROME)").fill("A1203")
    adviser.get_by_label("Date de naissance").fill(over_29.isoformat())
    adviser.get_by_label("Commune de résidence").fill(site["home_commune"])
    adviser.get_by_label("Reconnaissance de travailleur handicapé (RQTH)").check()
    adviser.get_by_label("Éligible à l'insertion par l'activité économique (postes en SIAE)").check()
    adviser.get_by_role("button", name="Rechercher").click()
    adviser.locator("li.result", has_text="Ouvrier espaces verts en insertion").wait_for()
    adviser.locator("li.result", has_text="Apprenti jardinier paysagiste").wait_for()
    # the commune's suggestions, asked for as the search leaves, neither cancel it nor take its address
    assert "/recherche?" in adviser.url
    shot(adviser, "adviser-search-rqth-iae")
    adviser.get_by_label("Reconnaissance de travailleur handicapé (RQTH)").uncheck()
    adviser.get_by_label("Éligible à l'insertion par l'activité économique (postes en SIAE)").uncheck()
    adviser.get_by_role("button", name="Rechercher").click()
    # without them, neither is a solution: both leave the list
    adviser.locator("li.result", has_text="Ouvrier espaces verts en insertion").wait_for(state="detached")
    assert adviser.locator("li.result", has_text="Apprenti jardinier paysagiste").count() == 0


def test_the_territory_map_draws_the_tables_communes_and_is_accessible(page_for, site):
    page = page_for("officer")
    page.goto(site["base"] + "/territoire")
    page.get_by_label("Métier, domaine ou secteur").fill("F")
    page.get_by_label("Moyens de déplacement des jeunes").select_option("bike_30")
    page.get_by_role("button", name="Calculer la couverture").click()
    page.wait_for_load_state("networkidle")
    drawn = page.locator("#carte-territoire")
    rows = page.locator("table.coverage tbody tr")
    assert int(drawn.get_attribute("data-communes")) == rows.count() > 0
    assert int(drawn.get_attribute("data-white")) == rows.filter(has_text="zone blanche").count()
    assert page.locator("ol.picks li").count() >= 1
    page.wait_for_selector("#carte-territoire[data-outlines]")  # commune outlines from our server
    assert int(drawn.get_attribute("data-outlines")) > rows.count()
    assert page.locator(".town-label", has_text="Béthune").count() >= 1
    assert serious_violations(page) == []
    shot(page, "officer-territory")


def test_a_refusal_needs_its_reason_and_the_adviser_sees_it_to_do(page_for, site):
    adviser = page_for("adviser")
    adviser.goto(f"{site['base']}/recherche")
    adviser.get_by_label("Jeune suivi").select_option(label="Dossier PW-2026-002")
    adviser.get_by_label("Formation").check()
    adviser.get_by_role("button", name="Rechercher").click()
    result = adviser.locator("li.result", has_text="CAP Carreleur mosaïste (parcours test)")
    result.get_by_role("button", name="Positionner").click()
    adviser.wait_for_url("**/jeunes/*")
    assert "Prochaine étape : l'organisme d'accueil" in adviser.locator("#positionnements").inner_text()

    trainer = page_for("trainer")
    trainer.goto(f"{site['base']}/sessions/{site['session_id']}")
    row = trainer.locator("tr", has_text="PW-2026-002")
    row.get_by_role("button", name="Refusé").click()  # no reason chosen: the browser asks for one
    assert "Positionné" in row.inner_text()
    row.get_by_label("Motif (Refusé, dossier PW-2026-002)").select_option(label="Trajet impossible ou trop long")
    row.get_by_role("button", name="Refusé").click()
    trainer.wait_for_load_state()
    assert serious_violations(trainer) == []

    adviser.goto(f"{site['base']}/notifications")
    assert "Réponse pour le dossier PW-2026-002" in adviser.locator("main").inner_text()
    adviser.goto(f"{site['base']}/a-faire")
    answers = adviser.locator("section", has_text="Réponses reçues").inner_text()
    assert "PW-2026-002" in answers
    assert "Trajet impossible ou trop long" in answers
    assert serious_violations(adviser) == []
    shot(adviser, "adviser-todo")


def test_an_adviser_opens_a_file_searches_and_positions(page_for, site):
    adviser = page_for("adviser")
    adviser.goto(f"{site['base']}/jeunes/nouveau")
    adviser.get_by_role("button", name="Enregistrer").click()  # nothing filled: errors next to the fields
    assert adviser.locator("#err-notice_given").inner_text()
    assert adviser.locator("#err-file_reference").inner_text()
    adviser.get_by_label("La notice d'information a été remise au jeune").check()
    adviser.get_by_label("Numéro de dossier").fill("PW-2026-NEW")
    adviser.get_by_label("Métiers souhaités (codes ROME)").fill("F1608")
    adviser.get_by_label("Commune de résidence").fill(site["home_commune"])
    adviser.get_by_label("Vélo").check()
    adviser.get_by_label("Transports en commun").check()
    adviser.get_by_role("button", name="Enregistrer").click()
    adviser.wait_for_url("**/jeunes/*")
    assert "Dossier PW-2026-NEW" in adviser.locator("h1").inner_text()
    adviser.get_by_role("link", name="Rechercher des solutions").click()
    adviser.get_by_role("checkbox", name="Formation").check()
    adviser.get_by_role("button", name="Rechercher").click()
    result = adviser.locator("li.result", has_text="CAP Carreleur mosaïste (parcours test)")
    result.wait_for()
    result.get_by_role("button", name="Positionner").click()
    adviser.wait_for_url("**/jeunes/*")
    assert "Positionné" in adviser.locator("#positionnements").inner_text()


def test_a_partner_who_never_answers_is_reminded_then_the_positioning_closes(page_for, site):
    """Time moved forward, not waited for: the worker's pass runs as if 11, then 31 days later."""
    from service.positionings.service import follow_up

    adviser = page_for("adviser")
    adviser.goto(f"{site['base']}/jeunes")
    adviser.get_by_role("link", name="PW-2026-NEW", exact=True).click()
    assert "Positionné" in adviser.locator("#positionnements").inner_text()
    engine = make_engine(site["database_url"])
    try:
        for days in (11, 31):
            with transaction(engine) as db:
                follow_up(db, utcnow() + timedelta(days=days), timedelta(days=10), timedelta(days=30))
    finally:
        engine.dispose()
    adviser.goto(f"{site['base']}/notifications")
    said = adviser.locator("main").inner_text()
    assert "Sans réponse depuis 11 jours : dossier PW-2026-NEW" in said
    assert "Clôturé sans réponse de l'organisme : dossier PW-2026-NEW" in said
    adviser.get_by_role(
        "link", name="Clôturé sans réponse de l'organisme : dossier PW-2026-NEW", exact=False
    ).first.click()
    assert "Sans réponse" in adviser.locator("#positionnements").inner_text()
    trainer = page_for("trainer")
    trainer.goto(f"{site['base']}/notifications")
    assert "Relance : dossier PW-2026-NEW" in trainer.locator("main").inner_text()


def test_an_admin_deactivates_a_user_who_is_then_logged_out(page_for, site):
    """Last in this module: the officer stays deactivated."""
    officer = page_for("officer")
    officer.goto(f"{site['base']}/offres")
    assert "Offres" in officer.locator("h1").inner_text()
    admin = page_for("admin")
    admin.goto(f"{site['base']}/admin/utilisateurs")
    admin.get_by_role("button", name="Désactiver officer@demo.passerelle.fr").click()
    admin.wait_for_load_state()
    row = admin.locator("tr", has_text="officer@demo.passerelle.fr")
    assert "désactivé" in row.inner_text()
    officer.reload()
    officer.wait_for_url("**/connexion**")
