"""Pathways of two or three steps toward a wished job, through the partner network.

The typical one: an immersion (PMSMP) with an employer, then a session at a training body or CFA
that partners with that employer, then an apprenticeship or job with the employer. Steps are the
youth's own ranked results (so every hard filter holds for every step); a pathway scores the
mean of its steps, and must stay in the wished job family.
"""

from collections import defaultdict
from dataclasses import dataclass

from matching.graph import PartnerGraph
from matching.ranking import MatchOutcome, Result
from matching.rome import FIT_SUBDOMAIN
from matching.vocabulary import KIND_LABELS_FR, ItemKind

HIRING = (ItemKind.APPRENTICESHIP, ItemKind.PROFESSIONALISATION, ItemKind.JOB)


@dataclass(frozen=True, slots=True)
class Pathway:
    steps: tuple[Result, ...]

    @property
    def score(self) -> float:
        return round(sum(s.score for s in self.steps) / len(self.steps), 4)

    @property
    def summary(self) -> str:
        steps = (f"{KIND_LABELS_FR[s.item.kind]} chez {s.item.organisation_name}" for s in self.steps)
        sentence = ", puis ".join(steps)
        return sentence[:1].upper() + sentence[1:]  # not capitalize(): it would lower the names


def _on_track(r: Result) -> bool:
    return next(c.value for c in r.criteria if c.name == "job_fit") >= FIT_SUBDOMAIN


def find_pathways(outcome: MatchOutcome, graph: PartnerGraph, limit: int = 5) -> list[Pathway]:
    """Pathways built from an unlimited match outcome (every eligible item, ranked)."""
    by_org: dict[int, dict[ItemKind, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for r in outcome.results:
        if _on_track(r):
            by_org[r.item.organisation_id][r.item.kind].append(r)
    found: list[Pathway] = []
    for employer, kinds in by_org.items():
        partners = graph.partners_of(employer) if employer in graph.g else set()
        trainings = [s for p in partners for s in by_org.get(p, {}).get(ItemKind.SESSION, [])[:1]]
        hires = [h for k in HIRING for h in kinds.get(k, [])[:1]]
        for immersion in kinds.get(ItemKind.IMMERSION, [])[:1]:
            found += [Pathway((immersion, t, h)) for t in trainings for h in hires]
            found += [Pathway((immersion, t)) for t in trainings]
            found += [Pathway((immersion, h)) for h in hires]
        found += [Pathway((t, h)) for t in trainings for h in hires if h.item.kind is ItemKind.APPRENTICESHIP]
    found.sort(key=lambda p: (-p.score, -len(p.steps), [s.item.key for s in p.steps]))
    return found[:limit]
