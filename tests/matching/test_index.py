"""The candidate index: spatial queries, incremental updates."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.index import _COLUMNS, CandidateIndex
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
    assert index.n == 1
    assert index.row_of((True, 2)) is None
    picked = index.within(HOME.lat, HOME.lon, 5)  # a request ranking while the item closes
    index.upsert([replace(item(1), closed=True), item(2)])
    assert len(index) == 1
    assert rows_ids(index, index.within(HOME.lat, HOME.lon, 5)) == [2]
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
    assert index.nbytes() > 0
    assert np.all(index.cols["active"][: index.n])


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

    new = index.compacted(index.live_rows())
    assert new.n == len(new) == len(index) == 200
    assert not new.worth_compacting()
    for radius in (5, 35, 100):
        assert rows_ids(new, new.within(HOME.lat, HOME.lon, radius)) == rows_ids(
            index, index.within(HOME.lat, HOME.lon, radius)
        )
    request = MatchRequest(youth(max_travel_minutes=120), TODAY, limit=50)
    before, after = (match(i, EstimatedTravelTime(), NO_NETWORK, request) for i in (index, new))
    assert len(before.results) == 50
    assert [(r.item.id, r.score) for r in after.results] == [(r.item.id, r.score) for r in before.results]
    assert index.n > 1500
    assert all(index.items[row] for row in picked)


_change = st.tuples(st.integers(0, 59), st.sampled_from(["places", "close", "move", "recode", "rename"]))


@given(
    before=st.lists(_change, max_size=30),
    during=st.lists(_change, max_size=30),
    new_ids=st.integers(0, 20),
    copied_early=st.sets(st.sampled_from([*_COLUMNS, "rome_idx", "items"])),
)
@settings(max_examples=60, deadline=None)
def test_a_compaction_caught_up_answers_as_a_fresh_build(before, during, new_ids, copied_early):
    """Changes before the rows are listed are copied; those written while the copy runs are applied
    again by the catch-up. The copy goes column by column, so it may take some columns before those
    changes and the others after (`copied_early`): the result still answers as a fresh build would."""
    current = {
        i: item(
            i,
            km_north=i % 25,
            title=f"Session {i % 7}",
            lon=HOME.lon + i % 3 * 0.05,
            rome_codes=(("F1703",), ("K2111",))[i % 2],
        )
        for i in range(60)
    }
    index = build(list(current.values()))

    def write(changes, start=0):
        written = []
        for n, (i, what) in enumerate(changes):
            was = current[i]
            current[i] = {
                "places": replace(was, places_left=(was.places_left + 1) % 4),
                "close": replace(was, closed=not was.closed),
                "move": replace(was, lat=was.lat + 0.05),
                "recode": replace(was, rome_codes=("K2111",) if was.rome_codes == ("F1703",) else ("F1703",)),
                "rename": replace(was, title=f"Intitulé {start + n}"),
            }[what]
            written.append(current[i])
        index.upsert(written)
        return written

    write(before)
    live = index.live_rows()
    early = index.compacted(live)
    caught_up = write(during, start=100)
    fresh_items = [item(1000 + j, km_north=j) for j in range(new_ids)]
    index.upsert(fresh_items)  # appended after the list was taken: not copied, only caught up
    new = index.compacted(live)
    # the same rows in both copies (a row moved in place may sort elsewhere in one of them)
    in_new, in_early = (np.array([i.row_of(key) for key in live.keys]) for i in (new, early))
    for name in copied_early:
        if name == "items":
            for a, b in zip(in_new, in_early, strict=True):
                new.items[a] = early.items[b]
        else:
            column = new.cols.get(name, new.rome_idx)
            column[in_new] = (early.cols.get(name, early.rome_idx))[in_early]
    new.upsert([*{i.key: i for i in caught_up}.values(), *fresh_items])  # each row as it is now, once

    oracle = build([i for i in [*current.values(), *fresh_items] if not i.closed])
    assert new.n - len(new) <= len(caught_up)  # at most one row cleared by each change caught up
    for radius in (3, 12, 40):
        assert rows_ids(new, new.within(HOME.lat, HOME.lon, radius)) == rows_ids(
            oracle, oracle.within(HOME.lat, HOME.lon, radius)
        )
    for codes in (np.array([new.rome.index["F1703"]]), np.array([new.rome.index["K2111"]])):
        assert rows_ids(new, new.with_codes(codes)) == rows_ids(oracle, oracle.with_codes(codes))
    seen = sorted(
        (new.items[r].id, new.items[r].title, new.items[r].places_left, new.titles[new.cols["title"][r]])
        for r in new.within(HOME.lat, HOME.lon, 5000)
    )
    assert seen == sorted((i.id, i.title, i.places_left, i.title) for i in oracle.items if i and not i.closed)
