"""The candidate index: spatial queries, incremental updates."""

from dataclasses import replace

import numpy as np

from matching.index import CandidateIndex
from matching.rome import packaged_referential
from tests.matching.builders import HOME, item


def build(items):
    return CandidateIndex.build(packaged_referential(), items)


def rows_ids(index, rows):
    return sorted(int(index.cols["item_id"][r]) for r in rows)


def test_within_radius():
    index = build([item(1, km_north=1), item(2, km_north=9), item(3, km_north=30)])
    assert rows_ids(index, index.within(HOME.lat, HOME.lon, 10)) == [1, 2]
    assert rows_ids(index, index.within(HOME.lat, HOME.lon, 0.5)) == []


def test_upsert_changes_in_place_and_appends():
    index = build([item(1, places_left=5)])
    index.upsert([replace(item(1), places_left=0), item(2, km_north=2)])
    assert len(index) == 2
    assert index.cols["places"][index.row_of((True, 1))] == 0
    assert rows_ids(index, index.within(HOME.lat, HOME.lon, 5)) == [1, 2]  # 2 from the tail


def test_closing_and_moving():
    index = build([item(1), item(2)])
    index.upsert([replace(item(1), closed=True), item(2, km_north=50)])
    assert rows_ids(index, index.within(HOME.lat, HOME.lon, 5)) == []
    assert rows_ids(index, index.within(HOME.lat + 50 / 111.2, HOME.lon, 2)) == [2]


def test_closed_items_take_no_row_and_come_back_when_reopened():
    index = build([item(1), replace(item(2), closed=True)])
    assert index.n == 1 and index.row_of((True, 2)) is None
    picked = index.within(HOME.lat, HOME.lon, 5)  # a request ranking while the item closes
    index.upsert([replace(item(1), closed=True), item(2)])
    assert len(index) == 1 and rows_ids(index, index.within(HOME.lat, HOME.lon, 5)) == [2]
    assert [index.items[row].id for row in picked] == [1]  # still readable by that request


def test_sessions_and_offers_have_separate_ids():
    from matching.vocabulary import ItemKind

    index = build([item(1), item(1, ItemKind.JOB)])
    assert len(index) == 2


def test_growth_and_spatial_rebuild_keep_answers():
    index = build([item(i, km_north=(i % 20)) for i in range(10)])
    index.upsert(item(i, km_north=(i % 20)) for i in range(10, 3000))
    found = index.within(HOME.lat, HOME.lon, 5.5)
    expected = [i for i in range(3000) if i % 20 <= 5]
    assert rows_ids(index, found) == expected
    assert index.nbytes() > 0 and np.all(index.cols["active"][: index.n])


def test_rows_follow_the_map_whatever_the_order_items_come_in():
    """Neighbours on the map are neighbours in the columns (a match reads one area's rows)."""
    far = [item(i, km_north=300 * (i % 2)) for i in range(100)]  # alternating between two towns
    index = build(far)
    towns = np.round(index.cols["lat"][: index.n], 1)
    assert (np.diff(towns) != 0).sum() == 1


def test_a_full_or_started_item_stops_being_open_when_it_is_updated():
    from datetime import timedelta

    from matching.filters import Context, still_open
    from tests.matching.builders import TODAY, youth

    index = build([item(1, places_left=3), item(2)])
    index.upsert([replace(item(1), places_left=0), replace(item(2), start_date=TODAY - timedelta(days=1))])
    rows = np.arange(index.n)
    ctx = Context(index, rows, youth(), TODAY, frozenset(), None)  # type: ignore[arg-type]
    assert not still_open(ctx).any()


def test_the_estimate_of_rows_within_a_radius_counts_the_cells_around():
    index = build([item(i, km_north=i) for i in range(40)])  # one every km, northward
    assert index.about_within(HOME.lat, HOME.lon, 0.2) >= 1  # at least its own cell
    assert 10 <= index.about_within(HOME.lat, HOME.lon, 10) <= 40
    assert index.about_within(HOME.lat, HOME.lon, 1000) == 40
    assert index.about_within(HOME.lat - 5, HOME.lon, 10) == 0  # far south of every item


def test_compacting_lets_cleared_rows_go_and_keeps_every_answer():
    from geo.travel import EstimatedTravelTime
    from matching.ranking import MatchRequest, match
    from tests.matching.builders import NO_NETWORK, TODAY, youth

    index = build([item(i, km_north=i % 30) for i in range(1500)])
    # a worker's months: most items close, some move, new ones come
    index.upsert(replace(item(i), closed=True) for i in range(0, 1400))
    index.upsert(item(i, km_north=(i % 30) + 40) for i in range(1400, 1450))
    index.upsert(item(i, km_north=i % 30) for i in range(2000, 2100))
    assert index.worth_compacting()
    picked = index.within(HOME.lat, HOME.lon, 100)  # a request ranking on the old index

    new = build(index.live_items())
    assert new.n == len(new) == len(index) == 200
    assert not new.worth_compacting()
    for radius in (5, 35, 100):
        assert rows_ids(new, new.within(HOME.lat, HOME.lon, radius)) == rows_ids(index, index.within(HOME.lat, HOME.lon, radius))
    request = MatchRequest(youth(max_travel_minutes=120), TODAY, limit=50)
    before, after = (match(i, EstimatedTravelTime(), NO_NETWORK, request) for i in (index, new))
    assert len(before.results) == 50
    assert [(r.item.id, r.score) for r in after.results] == [(r.item.id, r.score) for r in before.results]
    assert index.n > 1500 and all(index.items[row] for row in picked)  # the old one is left as it was
