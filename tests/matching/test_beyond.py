"""When few options fit, the nearest just beyond the limits, with what it would take."""

from geo.travel import EstimatedTravelTime, TravelMode
from matching.beyond import just_beyond
from matching.index import CandidateIndex
from matching.ranking import MatchRequest, match
from matching.rome import packaged_referential
from matching.vocabulary import ItemKind
from tests.matching.builders import NO_NETWORK, TODAY, item, youth


def beyond_for(items, profile):
    index = CandidateIndex.build(packaged_referential(), items)
    provider = EstimatedTravelTime()
    request = MatchRequest(profile, TODAY, frozenset(ItemKind))
    outcome = match(index, provider, NO_NETWORK, request)
    return outcome, just_beyond(index, provider, request, outcome)


def test_the_nearest_just_beyond_the_limit_say_by_how_much():
    walker = youth(travel_modes=(TravelMode.WALK,), max_travel_minutes=30)
    outcome, beyond = beyond_for([item(1, km_north=1.0), item(2, km_north=3.0), item(3, km_north=40.0)], walker)
    assert [r.item.id for r in outcome.results] == [1]
    assert beyond[0].item.id == 2
    assert beyond[0].note.startswith("à ")
    assert "min au-delà de la limite" in beyond[0].note
    assert all(b.item.id != 1 for b in beyond)  # what fits is not listed again


def test_what_a_car_or_the_licence_would_open():
    walker = youth(travel_modes=(TravelMode.WALK,), max_travel_minutes=20, driving_licence=False)
    far = item(1, km_north=7.0)
    needs_licence = item(2, ItemKind.JOB, km_north=0.5, driving_licence_required=True)
    _, beyond = beyond_for([far, needs_licence], walker)
    notes = {b.item.id: b.note for b in beyond}
    assert notes[1].startswith("accessible en voiture")
    assert notes[2].startswith("accessible avec le permis")


def test_nothing_is_added_when_enough_fits():
    near = [item(i, km_north=0.2 * i) for i in range(1, 8)]
    _, beyond = beyond_for([*near, item(99, km_north=5.0)], youth(max_travel_minutes=30))
    assert beyond == ()
