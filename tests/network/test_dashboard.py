"""The dashboard's "youths without a reachable placement" follows the catalogue, even remembered."""

from service.network import queries
from service.network.service import stats_for
from tests import factories


def test_the_fill_rate_counts_the_sessions_that_state_their_places(db, places):
    host = factories.organisation(db, places, siret=None, name="Organisme de Lens", insee_code="62498")
    factories.session_(db, places, host, places_total=10, places_left=4)
    unstated = factories.session_(db, places, host)
    unstated.places_total = unstated.places_left = None  # as an LHEO feed without `recrutement` leaves it
    db.flush()
    assert queries.open_places(db, [host.id]) == (10, 4, 1)


def test_the_remembered_reachability_follows_a_new_session(db, places, runtime, demo_user):
    adviser = demo_user("adviser")
    village = "62001"  # Ablain-Saint-Nazaire: nothing of the demo within ten minutes on foot
    factories.youth(
        db,
        places,
        adviser.organisation_id,
        file_reference="ISOLATED",
        home_insee_code=village,
        travel_modes=["walk"],
        max_travel_minutes=10,
        wished_rome_codes=[],
    )
    db.commit()
    before = stats_for(runtime, db, adviser).youths_without_reachable_placement
    assert stats_for(runtime, db, adviser).youths_without_reachable_placement == before  # remembered
    host = factories.organisation(db, places, siret=None, name="Organisme du village", insee_code=village)
    factories.session_(db, places, host, insee_code=village, entry_level="none", min_age=None, max_age=None)
    db.commit()
    assert stats_for(runtime, db, adviser).youths_without_reachable_placement == before - 1
