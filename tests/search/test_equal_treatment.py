"""Gender, nationality and neighbourhood (QPV/FRR) never weigh in a filter or a score."""

from dataclasses import fields

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from matching.model import YouthProfile
from service.models import Youth
from service.search.service import match_profile, profile_of

PROTECTED = ("gender", "nationality", "qpv_resident", "frr_resident")


def test_matching_cannot_even_see_protected_attributes():
    assert not {f.name for f in fields(YouthProfile)} & {*PROTECTED, "qpv", "frr"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pick=st.integers(0, 10_000),
    gender=st.sampled_from([None, "F", "M", "X"]),
    nationality=st.sampled_from([None, "française", "UE", "hors UE"]),
    qpv=st.sampled_from([None, True, False]),
    frr=st.sampled_from([None, True, False]),
)
def test_ranking_identical_whatever_the_protected_attributes(db, runtime, pick, gender, nationality, qpv, frr):
    youths = db.exec(select(Youth).order_by(Youth.id)).all()
    original = youths[pick % len(youths)]
    changed = original.model_copy(
        update={"gender": gender, "nationality": nationality, "qpv_resident": qpv, "frr_resident": frr}
    )
    ranked = [
        [
            (r.item.key, r.score, tuple(c.value for c in r.criteria))
            for r in match_profile(runtime, db, profile_of(runtime, y), limit=50).results
        ]
        for y in (original, changed)
    ]
    assert ranked[0] == ranked[1]
