"""Every hard filter, with the item that passes and the one it removes."""

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from geo.travel import TravelMode
from matching.filters import _ages_on
from matching.vocabulary import ItemKind
from tests.matching.builders import TODAY, ids, item, run, youth


def removed_by(outcome, name):
    return outcome.removed[name]


def test_kind_filter():
    out = run([item(1), item(2, ItemKind.IMMERSION)], kinds=frozenset({ItemKind.IMMERSION}))
    assert ids(out) == [2]
    assert removed_by(out, "kind") == 1


def test_started_session_is_not_open_unless_permanent_or_late_entry():
    started = TODAY - timedelta(days=5)
    end = TODAY + timedelta(days=100)
    out = run(
        [
            item(1, start_date=started, end_date=end),
            item(2, start_date=started, end_date=end, permanent_entry=True),
            item(3, start_date=started, end_date=end, late_entry_allowed=True),
            item(4, start_date=started, end_date=TODAY - timedelta(days=1), late_entry_allowed=True),
        ]
    )
    assert sorted(ids(out)) == [2, 3]
    assert removed_by(out, "open") == 2


def test_expired_offer_and_full_items_are_not_open():
    out = run(
        [
            item(1, ItemKind.JOB, end_date=TODAY - timedelta(days=1)),
            item(2, ItemKind.JOB, end_date=TODAY),
            item(3, places_left=0),
        ]
    )
    assert ids(out) == [2]


def test_reachability_by_the_youths_own_modes():
    y = youth(travel_modes=(TravelMode.WALK,), max_travel_minutes=20)
    out = run([item(1, km_north=0.5), item(2, km_north=6)], y)
    assert ids(out) == [1]
    out = run(
        [item(1, km_north=0.5), item(2, km_north=6)], youth(travel_modes=(TravelMode.BIKE,), max_travel_minutes=40)
    )
    assert sorted(ids(out)) == [1, 2]


def test_entry_level():
    out = run(
        [
            item(1, required_level=0),
            item(2, required_level=3, target_level=4),
            item(3, required_level=4, target_level=5),
        ],
        youth(level=3),
    )
    assert sorted(ids(out)) == [1, 2]
    assert removed_by(out, "level") == 1


def test_job_level_required_at_most_the_youths():
    out = run([item(1, ItemKind.JOB, required_level=3), item(2, ItemKind.JOB, required_level=0)], youth(level=2))
    assert ids(out) == [2]


@pytest.mark.parametrize(
    ("birth", "rqth", "expected"),
    [
        (date(2011, 1, 1), False, []),  # 15 on the start date
        (date(2009, 1, 1), False, [1]),  # 17
        (date(1995, 1, 1), False, []),  # 31, no RQTH
        (date(1995, 1, 1), True, [1]),  # 31, RQTH: no upper limit
    ],
)
def test_apprenticeship_age_limits(birth, rqth, expected):
    out = run([item(1, ItemKind.APPRENTICESHIP)], youth(birth_date=birth, rqth=rqth))
    assert ids(out) == expected


def test_item_age_limits_on_the_start_date():
    start = TODAY + timedelta(days=60)
    turning_18 = date(start.year - 18, start.month, start.day) - timedelta(days=1)
    out = run([item(1, min_age=18, start_date=start)], youth(birth_date=turning_18))
    assert ids(out) == [1]
    out = run([item(1, min_age=18, start_date=TODAY + timedelta(days=10))], youth(birth_date=turning_18))
    assert ids(out) == []


def test_minors_only_where_accepted():
    minor = youth(birth_date=TODAY.replace(year=TODAY.year - 17))
    out = run([item(1, ItemKind.JOB, minors_accepted=False), item(2, ItemKind.JOB, minors_accepted=True)], minor)
    assert ids(out) == [2]


def test_siae_posts_only_for_iae_eligible_youths():
    items = [item(1, ItemKind.SIAE_POST)]
    assert ids(run(items, youth(iae_eligible=False))) == []
    assert ids(run(items, youth(iae_eligible=True))) == [1]


def test_driving_licence_required():
    items = [item(1, ItemKind.JOB, driving_licence_required=True)]
    assert ids(run(items, youth(driving_licence=False))) == []
    assert ids(run(items, youth(driving_licence=True))) == [1]


def test_debug_lists_what_each_filter_removed():
    out = run([item(1, places_left=0), item(2, ItemKind.SIAE_POST)], debug=True)
    assert out.removed_ids["open"] == [("session", 1)]
    assert out.removed_ids["siae_eligibility"] == [("siae_post", 2)]
    assert out.considered == 2
    assert out.eligible == 0


@given(
    st.dates(date(1996, 1, 1), date(2012, 12, 31)) | st.sampled_from([date(2004, 2, 29), date(2008, 2, 29)]),
    st.lists(st.dates(date(2024, 1, 1), date(2031, 12, 31)), min_size=1, max_size=30),
)
@example(date(2008, 2, 29), [date(2027, 2, 28), date(2027, 3, 1), date(2028, 2, 28), date(2028, 2, 29)])
def test_ages_on_many_dates_are_counted_as_on_one(birth, days):
    y = youth(birth_date=birth)
    ordinals = np.array([d.toordinal() for d in days], dtype=np.int32)
    assert _ages_on(y, ordinals).tolist() == [y.age_on(d) for d in days]
