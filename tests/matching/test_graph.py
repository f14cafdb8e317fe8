from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from matching.graph import OrgNode, PartnerGraph, PartnershipEdge
from matching.vocabulary import OrganisationKind as K

ORGS = [
    OrgNode(1, K.MISSION_LOCALE, "ML", "62"),
    OrgNode(2, K.MISSION_LOCALE, "Antenne", "62", parent_id=1),
    OrgNode(10, K.TRAINING_BODY, "OF", "62"),
    OrgNode(11, K.EMPLOYER, "E1", "62"),
    OrgNode(12, K.EMPLOYER, "E2", "62"),
    OrgNode(13, K.CFA, "CFA", "59"),
    OrgNode(14, K.EMPLOYER, "Seul", "59"),
    OrgNode(3, K.MISSION_LOCALE, "ML Nord", "59"),
]
EDGES = [
    PartnershipEdge(2, 10, "convention"),
    PartnershipEdge(10, 11, "training_partner"),
    PartnershipEdge(13, 12, "charte_alternance"),
    PartnershipEdge(1, 12, "immersion_host", end_date=date(2020, 1, 1)),  # ended
]


def graph(outcomes=None):
    return PartnerGraph(ORGS, EDGES, outcomes, today=date(2026, 11, 23))


def test_direct_two_hops_none_through_antennas():
    values = graph().network_values(1)
    lookup = dict(zip(values.org_ids.tolist(), values.values.tolist(), strict=True))
    assert lookup == {10: 1.0, 11: 0.5}


def test_past_outcomes_raise_the_network_value():
    values = graph({(1, 11): 2, (1, 14): 5, (99, 10): 3}).network_values(2)
    lookup = dict(zip(values.org_ids.tolist(), values.values.tolist(), strict=True))
    assert lookup[11] == 0.7
    assert lookup[14] == 0.3
    assert lookup[10] == 1.0


def test_network_views():
    g = graph()
    assert g.partners_of(1) == {10}
    assert [o.id for o in g.isolated()] == [14]
    central = g.central_partners(department="62")
    assert central[0][0].id == 10


def _lookup(g, ml):
    values = g.network_values(ml)
    return dict(zip(values.org_ids.tolist(), values.values.tolist(), strict=True))


def test_updating_one_host_keeps_the_others_outcomes():
    g = graph({(1, 11): 2, (1, 14): 5})
    assert _lookup(g, 1)[14] == 0.3
    g.update_outcomes({14}, {})  # host 14's outcomes are gone; host 11's stay
    assert 14 not in _lookup(g, 1)
    assert _lookup(g, 1)[11] == 0.7
    g.update_outcomes({12}, {(2, 12): 1})  # an antenna's outcome counts for its Mission Locale
    assert _lookup(g, 1)[12] == 0.1


def test_an_update_that_changes_nothing_keeps_the_computed_values():
    g = graph({(1, 11): 2})
    before = g.network_values(1)
    g.update_outcomes({11, 12}, {(1, 11): 2})
    assert g.network_values(1) is before
    g.update_outcomes({11}, {(1, 11): 3})
    assert g.network_values(1) is not before


def test_an_update_recomputes_only_the_missions_locales_whose_counts_changed():
    g = graph({(1, 11): 2, (3, 13): 1})
    first, third = g.network_values(1), g.network_values(3)
    g.update_outcomes({11}, {(2, 11): 1, (1, 11): 2})  # the antenna's entry is its head's too
    assert g.network_values(1) is not first
    assert g.network_values(3) is third


ML_IDS, HOST_IDS = st.sampled_from([1, 2, 3]), st.sampled_from([10, 11, 12, 13, 14])
OUTCOMES = st.dictionaries(st.tuples(ML_IDS, HOST_IDS), st.integers(1, 5), max_size=8)


@given(before=OUTCOMES, hosts=st.sets(HOST_IDS), after=OUTCOMES)
def test_an_update_gives_the_values_of_a_graph_built_afresh(before, hosts, after):
    """Whatever was computed before, the values after an update are those of the new counts."""
    fresh = {key: n for key, n in after.items() if key[1] in hosts}
    kept = {key: n for key, n in before.items() if key[1] not in hosts}
    g = graph(before)
    for ml in (1, 2, 3):
        g.network_values(ml)
    g.update_outcomes(hosts, fresh)
    for ml in (1, 2, 3):
        assert _lookup(g, ml) == _lookup(graph(kept | fresh), ml)
