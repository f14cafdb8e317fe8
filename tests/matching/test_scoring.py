"""Each criterion with hand-computed values, and the score's invariants as properties."""

from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.explain import french_date
from matching.index import NO_DATE
from matching.rome import packaged_referential
from matching.scoring import (
    Weights,
    combine,
    job_fit_codes,
    job_fit_text,
    level_key,
    level_scores,
    offer_level_score,
    places_score,
    session_level_score,
    timing_score,
    travel_score,
)
from matching.vocabulary import UNCERTIFIED, ItemKind
from tests.matching.builders import TODAY, item, run, youth

rome = packaged_referential()
T = TODAY.toordinal()


def fit_of(code, wished):
    return job_fit_codes(np.array([[rome.index[code], -1]]), rome.fit_table(wished))[0]


def test_job_fit_levels():
    assert fit_of("F1703", ["F1703"]) == 1.0  # the wish itself
    assert fit_of("F1701", ["F1703"]) == 0.7  # linked in the proximity graph
    assert fit_of("F1702", ["F1703"]) == 0.4  # same sub-domain F17
    assert fit_of("G1602", ["F1703"]) == 0.0


def test_job_fit_takes_the_best_of_an_items_codes():
    rows = np.array([[rome.index["G1602"], rome.index["F1703"]]])
    assert job_fit_codes(rows, rome.fit_table(["F1703"]))[0] == 1.0


def test_every_rome_code_a_training_may_carry_counts():
    # LHEO gives a training up to five codes: the fifth is matched as the first is
    codes = ("G1602", "G1605", "D1102", "D1104", "F1703")
    out = run([item(1, rome_codes=codes)], youth(wished_rome_codes=("F1703",)))
    assert out.results[0].criteria[0].value == 1.0
    assert "F1703" in out.results[0].criteria[0].reason


def test_text_similarity_is_scaled_below_a_rome_match():
    scores = job_fit_text("boulangerie pâtisserie", ["Boulangerie pâtisserie artisanale", "Cariste"], np.array([0, 1]))
    assert 0.3 < scores[0] <= 0.4
    assert scores[1] == 0.0


def test_no_wish_is_neutral_and_favours_immersions():
    out = run([item(1), item(2, ItemKind.IMMERSION)], youth(wished_rome_codes=()))
    fits = {r.item.id: r.criteria[0].value for r in out.results}
    assert fits == {1: 0.5, 2: 0.7}


def test_free_text_wish_resolves_through_appellations():
    out = run([item(1)], youth(wished_rome_codes=(), wishes_text="maçon"))
    assert out.results[0].criteria[0].value == 1.0


def test_travel_criterion():
    assert travel_score(np.array([0, 15, 30, 45]), 30).tolist() == [1.0, 0.5, 0.0, 0.0]


def test_session_level_one_above_is_best():
    levels = session_level_score(np.array([3, 2, 4, 5, 6, 8]), 2)
    assert levels.tolist() == [1.0, 0.7, 0.5, 0.3, 0.1, 0.1]
    assert session_level_score(np.array([3]), 4)[0] == 0.3  # below what they hold


@given(st.sampled_from([2, 3, 4, 5, 6, 7, 8]))
def test_a_training_certifying_no_level_is_a_step_for_every_youth_never_the_best(youth_level):
    uncertified, one_above = session_level_score(np.array([UNCERTIFIED, youth_level + 1]), youth_level)
    assert uncertified == 0.7
    assert uncertified < one_above or youth_level == 8  # nothing is above a doctorate


def test_a_training_certifying_no_level_says_so():
    out = run([item(1, target_level=UNCERTIFIED)], youth(level=2))
    assert out.results[0].criteria[2].reason == "Formation non certifiante, ouverte quel que soit votre niveau"


def test_offer_level_is_meeting_the_requirement():
    assert offer_level_score(np.array([0, 3, 4]), 3).tolist() == [1.0, 1.0, 0.0]


def test_timing_criterion():
    starts = np.array([T + 10, T + 30, T + 105, T + 180, T + 200, T - 3, NO_DATE])
    late_ok = np.array([False, False, False, False, False, False, False])
    assert timing_score(starts, late_ok, T, NO_DATE).tolist() == [1.0, 1.0, 0.5, 0.0, 0.0, 0.0, 1.0]
    assert timing_score(np.array([T - 3]), np.array([True]), T, NO_DATE)[0] == 1.0


def test_what_stops_taking_entrants_before_the_youth_is_free_is_not_proposed():
    free = youth(available_from=TODAY + timedelta(days=20))
    started = item(1, start_date=TODAY + timedelta(days=10))
    late = item(2, start_date=TODAY + timedelta(days=10), late_entry_allowed=True, end_date=TODAY + timedelta(days=200))
    expiring = item(3, ItemKind.JOB, end_date=TODAY + timedelta(days=15))
    lasting = item(4, ItemKind.JOB, end_date=TODAY + timedelta(days=60))
    out = run([started, late, expiring, lasting], free)
    assert sorted(r.item.id for r in out.results) == [2, 4]
    assert all(r.item.end_date is None or r.item.end_date >= free.available_from for r in out.results)


def test_timing_is_said_from_the_day_the_youth_is_free():
    free_on = TODAY + timedelta(days=30)
    out = run([item(1, start_date=free_on + timedelta(days=2))], youth(available_from=free_on))
    assert out.results[0].criteria[3].reason == (
        f"Disponible le {french_date(free_on)} : démarrage le {french_date(free_on + timedelta(days=2))}"
    )


def test_the_summary_says_the_weak_points_too():
    wish = youth(wished_rome_codes=("M1805",), max_travel_minutes=45)
    other_job = item(1, rome_codes=("F1703",), km_north=8, places_left=1)
    summary = run([other_job], wish).results[0].summary
    assert "Mais : ce n'est pas le métier souhaité" in summary
    assert "plus que 1 place" in summary
    exact = item(2, rome_codes=("M1805",), places_left=10)
    assert "Mais" not in run([exact], wish).results[0].summary


def test_places_criterion():
    assert places_score(np.array([1, 5, 12])).tolist() == [0.2, 1.0, 1.0]


def test_network_criterion_reads_the_values():
    from matching.graph import NetworkValues

    network = NetworkValues(np.array([101, 102]), np.array([1.0, 0.5]))
    out = run([item(1), item(2), item(3)], network=network)
    assert {r.item.id: r.criteria[4].value for r in out.results} == {1: 1.0, 2: 0.5, 3: 0.0}


def test_weights_are_normalised_and_checked():
    assert Weights().as_array().sum() == pytest.approx(1.0)
    assert Weights(job_fit=2, travel=2, level=0, timing=0, network=0, places=0).as_array()[0] == 0.5
    with pytest.raises(ValueError, match="weights"):
        Weights(job_fit=-1).as_array()


def test_explanation_contributions_add_up_to_the_score():
    r = run([item(1)]).results[0]
    assert sum(c.contribution for c in r.criteria) == pytest.approx(r.score, abs=1e-3)
    assert {c.name for c in r.criteria} == {"job_fit", "travel", "level", "timing", "network", "places"}


unit = st.floats(0, 1)
criteria_rows = st.lists(st.tuples(unit, unit, unit, unit, unit, unit), min_size=1, max_size=30)
weights = st.tuples(*[st.floats(0.01, 5)] * 6)


@given(criteria_rows, weights)
def test_scores_stay_in_unit_interval(rows, w):
    scores = combine(np.array(rows), Weights(*w).as_array())
    assert np.all((scores >= 0) & (scores <= 1))


@given(st.floats(0, 200), st.floats(0, 200), st.floats(1, 240))
def test_closer_never_scores_lower_on_travel(t1, t2, maximum):
    near, far = sorted((t1, t2))
    assert travel_score(np.array([near]), maximum)[0] >= travel_score(np.array([far]), maximum)[0]


codes = st.sampled_from([c.code for c in rome.codes])


@given(codes, st.lists(codes, min_size=1, max_size=3), codes)
def test_matching_rome_never_lower_on_job_fit(matching_code, wishes, other):
    wished = [*wishes, matching_code]
    assert fit_of(matching_code, wished) >= fit_of(other, wished)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 8), st.integers(0, 60), st.integers(0, 12)), min_size=1, max_size=25))
def test_ranking_is_deterministic_and_sorted(specs):
    items = [
        item(i + 1, km_north=km, start_date=TODAY + timedelta(days=d), places_left=p)
        for i, (km, d, p) in enumerate(specs)
    ]
    first, second = run(items), run(list(reversed(items)))
    assert [r.item.id for r in first.results] == [r.item.id for r in second.results]
    scores = [r.score for r in first.results]
    assert scores == sorted(scores, reverse=True)


@given(st.booleans(), st.integers(-128, 127), st.integers(0, 8))
def test_the_level_looked_up_is_the_level_criterion(session, level, youth_level):
    looked_up = level_scores(youth_level)[level_key(session, level)]
    scored = (session_level_score if session else offer_level_score)(np.array([level]), youth_level)[0]
    assert looked_up == scored
