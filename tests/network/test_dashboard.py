"""The dashboard's "youths without a reachable placement" follows the catalogue, even remembered."""

from service.network.service import stats_for
from tests import factories


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
