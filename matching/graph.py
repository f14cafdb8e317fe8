"""The partner network as a graph (networkx): network score, views, and the ground for pathways."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np

from matching.vocabulary import OrganisationKind

DIRECT, TWO_HOPS = 1.0, 0.5
OUTCOME_BONUS, OUTCOME_BONUS_MAX = 0.1, 0.3


@dataclass(frozen=True, slots=True)
class OrgNode:
    id: int
    kind: OrganisationKind
    name: str
    department: str = ""
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class PartnershipEdge:
    source_id: int
    target_id: int
    type: str
    start_date: date | None = None
    end_date: date | None = None

    def active_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)


@dataclass(frozen=True, slots=True)
class NetworkValues:
    """Network criterion per organisation for one Mission Locale, as sorted arrays to search."""

    org_ids: np.ndarray
    values: np.ndarray

    def lookup(self, orgs: np.ndarray) -> np.ndarray:
        if not len(self.org_ids):
            return np.zeros(len(orgs))
        pos = np.clip(np.searchsorted(self.org_ids, orgs), 0, len(self.org_ids) - 1)
        return np.where(self.org_ids[pos] == orgs, self.values[pos], 0.0)


@dataclass(frozen=True, slots=True)
class _Outcomes:
    """Positive outcomes per Mission Locale then host, and the network values computed from them,
    replaced as one by an update."""

    counts: dict[int, dict[int, int]]
    values: dict[int, NetworkValues]


class PartnerGraph:
    def __init__(
        self,
        orgs: Iterable[OrgNode],
        partnerships: Iterable[PartnershipEdge],
        outcomes: dict[tuple[int, int], int] | None = None,
        today: date | None = None,
    ) -> None:
        """`outcomes[(mission_locale_id, org_id)]`: positive outcomes (entered, completed)."""
        self.g = nx.Graph()
        self._antennas: dict[int, set[int]] = {}
        for org in orgs:
            self.g.add_node(org.id, org=org)
            if org.parent_id is not None:
                self._antennas.setdefault(org.parent_id, set()).add(org.id)
        for e in partnerships:
            if (today is None or e.active_on(today)) and e.source_id in self.g and e.target_id in self.g:
                self.g.add_edge(e.source_id, e.target_id, type=e.type)
        counts: dict[int, dict[int, int]] = {}
        for (ml, host), count in (outcomes or {}).items():
            counts.setdefault(ml, {})[host] = count
        self._outcomes = _Outcomes(counts, {})

    def outcome(self, mission_locale_id: int, host_id: int) -> int:
        return self._outcomes.counts.get(mission_locale_id, {}).get(host_id, 0)

    def update_outcomes(self, hosts: set[int], outcomes: dict[tuple[int, int], int]) -> None:
        """Replace the outcomes of `hosts` by `outcomes`; only the Missions Locales whose counts
        changed, with their parent and antennas, have their network values recomputed. Requests
        may be ranking meanwhile: nothing they read is changed in place."""
        old = self._outcomes
        touched = {ml for ml, by_host in old.counts.items() if any(h in by_host for h in hosts)}
        touched |= {ml for ml, _ in outcomes}
        counts = dict(old.counts)  # the Missions Locales not touched keep their counts, shared
        for ml in touched:
            counts[ml] = {h: n for h, n in old.counts.get(ml, {}).items() if h not in hosts}
            counts[ml].update({host: n for (m, host), n in outcomes.items() if m == ml})
        changed = {ml for ml in touched if counts[ml] != old.counts.get(ml, {})}
        values = {ml: v for ml, v in dict(old.values).items() if not self.family(ml) & changed}
        self._outcomes = _Outcomes(counts, values)

    def org(self, org_id: int) -> OrgNode | None:
        data = self.g.nodes.get(org_id)
        return data["org"] if data else None

    def family(self, org_id: int) -> set[int]:
        """An organisation with its parent and antennas: they share one network."""
        org = self.org(org_id)
        if org is None:
            return set()
        head = org.parent_id if org.parent_id is not None and org.parent_id in self.g else org_id
        return {head} | self._antennas.get(head, set())

    def partners_of(self, org_id: int) -> set[int]:
        family = self.family(org_id)
        return {p for f in family for p in self.g.neighbors(f)} - family

    def network_values(self, mission_locale_id: int) -> NetworkValues:
        outcomes = self._outcomes  # one snapshot: values computed from it are cached in it only
        cached = outcomes.values.get(mission_locale_id)
        if cached is None:
            cached = outcomes.values[mission_locale_id] = self._compute_values(mission_locale_id, outcomes.counts)
        return cached

    def _compute_values(self, ml_id: int, counts: dict[int, dict[int, int]]) -> NetworkValues:
        family = self.family(ml_id)
        direct = self.partners_of(ml_id)
        values = {o: TWO_HOPS for d in direct for o in self.g.neighbors(d)}
        values.update(dict.fromkeys(direct, DIRECT))
        for f in family:
            values.pop(f, None)
        for ml in family:
            for org, count in counts.get(ml, {}).items():
                if count > 0:
                    bonus = min(OUTCOME_BONUS_MAX, OUTCOME_BONUS * count)
                    values[org] = min(1.0, values.get(org, 0.0) + bonus)
        ids = np.array(sorted(values), dtype=np.int64)
        return NetworkValues(ids, np.array([values[i] for i in ids], dtype=np.float64))

    # -- network views -----------------------------------------------------------------------

    def central_partners(self, department: str | None = None, limit: int = 10) -> list[tuple[OrgNode, float]]:
        """The organisations that hold a territory's network together (degree centrality)."""
        nodes = [n for n, d in self.g.nodes(data=True) if not department or d["org"].department == department]
        sub = self.g.subgraph(nodes)
        if len(sub) < 2:
            return []
        centrality = nx.degree_centrality(sub)
        ranked = sorted(centrality.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(self.org(n), c) for n, c in ranked[:limit] if c > 0]  # type: ignore[misc]

    def isolated(self, department: str | None = None) -> list[OrgNode]:
        """Organisations with no partner at all: the ones to go and meet."""
        return sorted(
            (
                d["org"]
                for n, d in self.g.nodes(data=True)
                if self.g.degree(n) == 0
                and d["org"].parent_id is None
                and d["org"].kind is not OrganisationKind.MISSION_LOCALE
                and (not department or d["org"].department == department)
            ),
            key=lambda o: o.id,
        )
