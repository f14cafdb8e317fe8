from matching.graph import OrgNode, PartnerGraph, PartnershipEdge
from matching.pathways import find_pathways
from matching.vocabulary import ItemKind
from matching.vocabulary import OrganisationKind as K
from tests.matching.builders import item, run


def test_immersion_then_training_at_a_partner_then_apprenticeship_with_the_employer():
    employer, school, elsewhere = 50, 60, 70
    items = [
        item(1, ItemKind.IMMERSION, organisation_id=employer),
        item(2, ItemKind.SESSION, organisation_id=school),
        item(3, ItemKind.APPRENTICESHIP, organisation_id=employer),
        item(4, ItemKind.SESSION, organisation_id=elsewhere),  # not a partner of the employer
        item(5, ItemKind.IMMERSION, organisation_id=80, rome_codes=("G1602",)),  # off track
    ]
    g = PartnerGraph(
        [OrgNode(employer, K.EMPLOYER, "E"), OrgNode(school, K.CFA, "CFA"), OrgNode(elsewhere, K.TRAINING_BODY, "OF")],
        [PartnershipEdge(school, employer, "charte_alternance")],
    )
    outcome = run(items, limit=10_000)
    paths = find_pathways(outcome, g)
    steps = [[s.item.id for s in p.steps] for p in paths]
    assert [1, 2, 3] in steps
    assert all(4 not in s and 5 not in s for s in steps)
    best = next(p for p in paths if [s.item.id for s in p.steps] == [1, 2, 3])
    assert best.summary.startswith("Immersion (PMSMP) chez")
    assert 0 <= best.score <= 1
