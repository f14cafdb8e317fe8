"""The demo network: real places, the region's figures, deterministic."""

from datetime import date

from sqlalchemy import func
from sqlmodel import select

from service.models import Offer, Organisation, Partnership, TrainingSession, User, Youth
from tests.helpers import TODAY


def test_forty_two_missions_locales_in_their_real_towns(db, gazetteer):
    mls = db.exec(select(Organisation).where(Organisation.kind == "mission_locale")).all()
    assert len(mls) == 42
    towns = {gazetteer.by_insee(m.insee_code).name for m in mls}
    assert {"Béthune", "Saint-Pol-sur-Ternoise", "Tourcoing", "Amiens", "Lille", "Arras"} <= towns
    assert all(m.insee_code[:2] in ("02", "59", "60", "62", "80") for m in mls)


def test_partners_of_every_kind_and_hundreds_of_them(db):
    counts = dict(db.exec(select(Organisation.kind, func.count()).group_by(Organisation.kind)).all())
    assert counts["training_body"] + counts["cfa"] + counts["employer"] + counts["siae"] >= 300
    assert counts["cfa"] >= 20
    assert counts["siae"] >= 40
    siae_kinds = set(db.exec(select(Organisation.siae_kind).where(Organisation.kind == "siae")).all())
    assert {"ACI", "EI", "ETTI", "AI"} <= siae_kinds


def test_catalogue_of_every_kind(db):
    kinds = set(db.exec(select(Offer.kind)).all())
    assert kinds == {"job", "apprenticeship", "professionalisation", "immersion", "siae_post"}
    assert db.exec(select(func.count()).select_from(TrainingSession)).one() >= 300
    assert db.exec(select(func.count()).select_from(Partnership)).one() >= 300


def test_youth_mix_follows_the_regions_figures(db):
    youths = db.exec(select(Youth)).all()
    n = len(youths)
    assert n >= 400
    no_diploma = sum(y.qualification_level == 2 for y in youths) / n
    # not beyond their commune: on foot, or on the town's buses, for half an hour at most
    local_only = sum(y.max_travel_minutes <= 30 and "bike" not in y.travel_modes for y in youths) / n
    licence = sum(y.driving_licence for y in youths) / n
    minors = (
        sum(
            (TODAY - (y.birth_date if isinstance(y.birth_date, date) else date.fromisoformat(y.birth_date))).days
            < 18 * 365.25
            for y in youths
        )
        / n
    )
    assert 0.42 <= no_diploma <= 0.58
    assert 0.26 <= local_only <= 0.40
    assert 0.22 <= licence <= 0.38
    assert 0.09 <= minors <= 0.19


def test_demo_users_one_per_role(db):
    users = {u.email: u for u in db.exec(select(User)).all()}
    adviser = users["adviser@demo.passerelle.fr"]
    ml = db.get(Organisation, adviser.organisation_id)
    assert ml.name == "Mission Locale de l'Arrondissement de Béthune"
    assert users["officer@demo.passerelle.fr"].organisation_id == ml.id
    trainer_org = db.get(Organisation, users["trainer@demo.passerelle.fr"].organisation_id)
    assert trainer_org.kind in ("training_body", "cfa")
    assert users["admin@demo.passerelle.fr"].role == "admin"


def test_demo_is_deterministic(places, tmp_path):
    from seeds.demo import DemoSize, seed_demo
    from service import migrate
    from service.db import make_engine, transaction

    def fingerprint(seed):
        url = f"sqlite:///{tmp_path / f'd{seed}-{len(list(tmp_path.iterdir()))}.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        with transaction(engine) as db:
            seed_demo(db, places, TODAY, seed=seed, size=DemoSize(1, 1, 1, 0, 2, 2))
        with transaction(engine) as db:
            rows = db.exec(
                select(TrainingSession.title, TrainingSession.insee_code, TrainingSession.places_left).order_by(
                    TrainingSession.id
                )
            ).all()
        engine.dispose()
        return rows

    assert fingerprint(7) == fingerprint(7)


def test_demo_contacts_call_and_write_nobody(db):
    """Fictional numbers (ARCEP's ranges for fiction) and e-mails on a reserved domain, with a name."""
    from sqlmodel import select

    from service.models import Organisation

    orgs = db.exec(select(Organisation)).all()
    assert orgs
    for o in orgs:
        if o.contact_email:  # organisations of the demo (tests add their own)
            assert o.contact_email.endswith(".example.org")
            assert o.contact_phone.startswith(("03 53 01", "06 39 98"))
            assert o.contact_name


def test_every_demo_youth_gets_a_few_options(db, runtime):
    from service.search.service import match_profile, profile_of

    thin = {}
    for y in db.exec(select(Youth)).all():
        found = len(match_profile(runtime, db, profile_of(runtime, y), limit=3).results)
        if found < 3:
            thin[y.file_reference] = found
    assert not thin


def test_the_demo_advisers_first_files_are_the_hard_cases(db, demo_user):
    ml = demo_user("adviser").organisation_id
    files = db.exec(select(Youth).where(Youth.mission_locale_id == ml).order_by(Youth.file_reference)).all()
    rural, minor, rqth, walker = files[:4]
    assert not rural.driving_licence
    assert "car" not in rural.travel_modes
    assert (TODAY - minor.birth_date).days < 18 * 365.25
    assert rqth.rqth
    assert (TODAY - rqth.birth_date).days > 26 * 365.25
    assert walker.travel_modes == ["walk"]


def test_demo_names_are_varied_and_employers_hire_for_their_trade(db):
    from collections import Counter

    from matching.rome import packaged_referential
    from seeds.sectors import SECTORS

    orgs = [o for o in db.exec(select(Organisation)).all() if o.contact_email]
    names = [o.name for o in orgs]
    assert len(names) == len(set(names))
    firms = [o.name for o in orgs if o.kind in ("employer", "siae")]
    stems = Counter(" ".join(n.split()[:2]) for n in firms)
    assert stems.most_common(1)[0][1] < len(firms) / 20  # no pattern cloned across the region
    rome = packaged_referential()
    for sector in SECTORS:
        for job in sector.jobs:  # the title an adviser reads is the job of the code it is filed under
            assert job.rome_code in [c.code for c in rome.search(job.title, limit=3)], job.title
    kinds = set(db.exec(select(Offer.kind)).all())
    assert "siae_post" in kinds
    siae_posts = sum(o.positions_open for o in db.exec(select(Offer).where(Offer.kind == "siae_post")).all())
    assert siae_posts >= 300


def test_remobilisation_routes_for_youths_without_a_diploma(db):
    titles = set(db.exec(select(TrainingSession.title)).all())
    for route in ("E2C", "EPIDE", "Prépa apprentissage", "Atelier CEJ"):
        assert any(route in t for t in titles), route
