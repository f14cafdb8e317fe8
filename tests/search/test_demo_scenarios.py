"""Scenarios on the demo network that read like an adviser's common sense."""

from datetime import date, timedelta

from sqlmodel import select

from geo.travel import TravelMode
from matching.vocabulary import ItemKind
from service.models import Organisation, Youth
from service.search.service import match_profile, pathways_for, profile_of
from service.writes import touch
from tests import factories
from tests.helpers import TODAY


def ml_named(db, fragment):
    return db.exec(select(Organisation).where(Organisation.name.contains(fragment))).first()  # type: ignore[attr-defined]


def test_saint_pol_youth_without_diploma_on_a_bike_gets_local_cap_level_options(db, places, runtime):
    adefi = ml_named(db, "ADEFI")
    y = factories.youth(
        db,
        places,
        adefi.id,
        file_reference="SP1",
        home_insee_code="62767",
        qualification_level="infra_3",
        travel_modes=["walk", "bike"],
        max_travel_minutes=30,
        wished_rome_codes=[],
        wishes_text="",
    )
    out = match_profile(runtime, db, profile_of(runtime, y), limit=30)
    assert out.results, "a rural youth on a bike must get some options"
    for r in out.results:
        assert r.travel_minutes <= 30
        assert r.travel_mode in (TravelMode.WALK, TravelMode.BIKE)
        assert r.distance_km < 10  # nothing in Lille or Arras
        if r.item.kind is ItemKind.SESSION:
            assert r.item.required_level == 0
            assert r.item.target_level <= 4
    assert "BTS" not in " ".join(r.item.title for r in out.results[:10])


def test_youth_wishing_a_job_gets_that_job_first(db, places, runtime):
    bethune = ml_named(db, "Béthune")
    y = factories.youth(
        db,
        places,
        bethune.id,
        file_reference="B1",
        home_insee_code="62119",
        wished_rome_codes=["N1103"],
        travel_modes=["walk", "bike", "public_transport"],
        max_travel_minutes=60,
        qualification_level="infra_3",
    )
    out = match_profile(runtime, db, profile_of(runtime, y), limit=5)
    assert out.results
    top = out.results[0]
    assert "N1103" in top.item.rome_codes or top.criteria[0].value >= 0.7
    assert "votre souhait" in top.criteria[0].reason
    exact = [r for r in out.results if r.criteria[0].value == 1.0]
    assert all(r.score >= e.score for r in out.results[:1] for e in exact)


def test_per_kind_results_and_immersions(db, places, runtime):
    bethune = ml_named(db, "Béthune")
    y = factories.youth(
        db,
        places,
        bethune.id,
        file_reference="B2",
        max_travel_minutes=60,
        travel_modes=["walk", "bike", "public_transport"],
    )
    out = match_profile(runtime, db, profile_of(runtime, y), limit=3, per_kind=True)
    kinds = [r.item.kind for r in out.results]
    assert ItemKind.IMMERSION in kinds
    assert ItemKind.SESSION in kinds
    assert all(kinds.count(k) <= 3 for k in set(kinds))


def test_a_write_is_visible_to_the_next_match(db, places, runtime):
    bethune = ml_named(db, "Béthune")
    y = factories.youth(
        db,
        places,
        bethune.id,
        file_reference="B3",
        wished_rome_codes=["M1805"],
        qualification_level=4,
        max_travel_minutes=30,
    )
    profile = profile_of(runtime, y)
    before = match_profile(runtime, db, profile, limit=500)
    org = factories.organisation(db, places, name="École du code de Béthune")
    s = factories.session_(
        db,
        places,
        org,
        title="Développeur web",
        rome_codes=["M1805"],
        target_level=5,
        entry_level=4,
        start_date=TODAY + timedelta(days=7),
    )
    db.commit()  # each write is its own request, its own transaction
    after = match_profile(runtime, db, profile, limit=500)
    assert s.id not in [r.item.id for r in before.results if r.item.kind is ItemKind.SESSION]
    assert after.results[0].item.id == s.id
    assert after.results[0].item.kind is ItemKind.SESSION
    version = runtime.matching.index.version
    s.places_left = 0
    touch(db, s)
    db.commit()
    third = match_profile(runtime, db, profile, limit=500)
    assert runtime.matching.index.version > version
    assert s.id not in [r.item.id for r in third.results if r.item.kind is ItemKind.SESSION]


def test_pathways_toward_a_wished_job(db, places, runtime):
    youths = [y for y in db.exec(select(Youth).order_by(Youth.id)).all() if y.wished_rome_codes]
    found = 0
    for y in youths[:60]:
        y.max_travel_minutes, y.travel_modes = 60, ["walk", "bike", "public_transport"]
        paths = pathways_for(runtime, db, profile_of(runtime, y))
        for p in paths:
            assert 2 <= len(p.steps) <= 3
            assert p.steps[0].item.kind in (ItemKind.IMMERSION, ItemKind.SESSION)
        found += bool(paths)
    assert found >= 3, "the demo network should offer pathways to some youths"


def test_age_is_computed_from_birth_date(db):
    y = db.exec(select(Youth)).first()
    assert isinstance(y.birth_date, date)
