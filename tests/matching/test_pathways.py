from datetime import timedelta

from matching.graph import OrgNode, PartnerGraph, PartnershipEdge
from matching.pathways import IMMERSION_DAYS, find_pathways
from matching.vocabulary import ItemKind
from matching.vocabulary import OrganisationKind as K
from tests.matching.builders import TODAY, item, run


def test_immersion_then_training_at_a_partner_then_apprenticeship_with_the_employer():
    employer, school, elsewhere = 50, 60, 70
    items = [
        item(1, ItemKind.IMMERSION, organisation_id=employer),
        item(2, ItemKind.SESSION, organisation_id=school, start_date=TODAY + timedelta(days=20)),
        item(3, ItemKind.APPRENTICESHIP, organisation_id=employer),
        item(4, ItemKind.SESSION, organisation_id=elsewhere),  # not a partner of the employer
        item(5, ItemKind.IMMERSION, organisation_id=80, rome_codes=("G1602",)),  # off track
    ]
    g = PartnerGraph(
        [OrgNode(employer, K.EMPLOYER, "E"), OrgNode(school, K.CFA, "CFA"), OrgNode(elsewhere, K.TRAINING_BODY, "OF")],
        [PartnershipEdge(school, employer, "charte_alternance")],
    )
    outcome = run(items, limit=10_000)
    paths = find_pathways(outcome, g, TODAY)
    steps = [[s.item.id for s in p.steps] for p in paths]
    assert [1, 2, 3] in steps
    assert all(4 not in s and 5 not in s for s in steps)
    best = next(p for p in paths if [s.item.id for s in p.steps] == [1, 2, 3])
    assert best.summary.startswith("Immersion (PMSMP) chez")
    assert 0 <= best.score <= 1


def test_each_step_starts_after_the_previous_one_is_over():
    employer, school = 50, 60
    g = PartnerGraph(
        [OrgNode(employer, K.EMPLOYER, "E"), OrgNode(school, K.CFA, "CFA")],
        [PartnershipEdge(school, employer, "charte_alternance")],
    )
    immersion = item(1, ItemKind.IMMERSION, organisation_id=employer, start_date=TODAY + timedelta(days=30))
    session = item(
        2,
        ItemKind.SESSION,
        organisation_id=school,
        start_date=TODAY + timedelta(days=50),
        end_date=TODAY + timedelta(days=200),
    )
    early_job = item(
        3,
        ItemKind.APPRENTICESHIP,
        organisation_id=employer,
        start_date=TODAY + timedelta(days=5),
        end_date=TODAY + timedelta(days=20),
    )  # over before the immersion ends
    later_job = item(4, ItemKind.APPRENTICESHIP, organisation_id=employer, start_date=TODAY + timedelta(days=220))
    paths = find_pathways(run([immersion, session, early_job, later_job], limit=10_000), g, TODAY, limit=50)
    assert paths
    for p in paths:
        assert all(step.item.id != 3 for step in p.steps)  # it cannot follow anything
        assert list(p.starts) == sorted(p.starts)
        for before, start in zip(p.steps, p.starts[1:], strict=False):
            if before.item.kind is ItemKind.IMMERSION:
                assert start >= p.starts[p.steps.index(before)] + timedelta(days=IMMERSION_DAYS)
            elif before.item.end_date:
                assert start > before.item.end_date
    three = next(p for p in paths if [s.item.id for s in p.steps] == [1, 2, 4])
    assert three.starts == (TODAY + timedelta(days=30), TODAY + timedelta(days=50), TODAY + timedelta(days=220))
    assert "à partir du" in three.summary
