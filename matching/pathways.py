"""Pathways of two or three steps toward a wished job, through the partner network.

The typical one: an immersion (PMSMP) with an employer, then a session at a training body or CFA
that partners with that employer, then an apprenticeship or job with the employer. Steps are the
youth's own ranked results (so every hard filter holds for every step); a pathway scores the
mean of its steps, and must stay in the wished job family.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from matching.explain import french_date
from matching.graph import PartnerGraph
from matching.model import Item
from matching.ranking import MatchOutcome, Result
from matching.rome import FIT_SUBDOMAIN
from matching.vocabulary import KIND_LABELS_FR, ItemKind

HIRING = (ItemKind.APPRENTICESHIP, ItemKind.PROFESSIONALISATION, ItemKind.JOB)
PER_STEP = 3  # candidates tried for each step of a pathway
IMMERSION_DAYS = 14  # a PMSMP lasts two weeks at most, renewable once: the usual first one


@dataclass(frozen=True, slots=True)
class Pathway:
    steps: tuple[Result, ...]
    starts: tuple[date, ...] = ()  # when each step can start, in time order

    @property
    def score(self) -> float:
        return round(sum(s.score for s in self.steps) / len(self.steps), 4)

    @property
    def summary(self) -> str:
        steps = (
            f"{KIND_LABELS_FR[s.item.kind]} chez {s.item.organisation_name} à partir du {french_date(start)}"
            for s, start in zip(self.steps, self.starts, strict=True)
        )
        sentence = ", puis ".join(steps)
        weak = [w for s in self.steps for w in s.weak_points]
        ending = f". Mais : {' ; '.join(dict.fromkeys(weak))}." if weak else "."
        return sentence[:1].upper() + sentence[1:] + ending  # not capitalize(): it would lower the names


def _window(item: Item, after: date) -> tuple[date, date] | None:
    """When the step can start and when it is over, if it can start once `after` has come: an
    immersion lasts `IMMERSION_DAYS`; a session runs from its start (later only by late entry) to its
    end; a hire can start from its own date until it expires."""
    if item.kind is ItemKind.SESSION and not item.permanent_entry and item.start_date is not None:
        if item.start_date >= after:
            start = item.start_date
        elif item.late_entry_allowed and (item.end_date or item.start_date) >= after:
            start = after
        else:
            return None
        return start, max(item.end_date or start, start)
    start = max(after, item.start_date or after)
    if item.end_date is not None and item.end_date < start:
        return None  # expired, or a session that has ended, before the previous step is over
    if item.kind is ItemKind.IMMERSION:
        return start, start + timedelta(days=IMMERSION_DAYS)
    return start, start


def in_time_order(steps: Sequence[Result], ready: date) -> Pathway | None:
    """The steps as a pathway, each starting once the previous one is over; None when one cannot."""
    starts, after = [], ready
    for step in steps:
        window = _window(step.item, after)
        if window is None:
            return None
        starts.append(window[0])
        after = window[1] + timedelta(days=1) if step.item.kind is not ItemKind.IMMERSION else window[1]
    return Pathway(tuple(steps), tuple(starts))


def _on_track(r: Result) -> bool:
    return next(c.value for c in r.criteria if c.name == "job_fit") >= FIT_SUBDOMAIN


def find_pathways(outcome: MatchOutcome, graph: PartnerGraph, ready: date, limit: int = 5) -> list[Pathway]:
    """Pathways built from an unlimited match outcome (every eligible item, ranked), in time
    order from the day the youth is free (`ready`)."""
    by_org: dict[int, dict[ItemKind, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for r in outcome.results:
        if _on_track(r):
            by_org[r.item.organisation_id][r.item.kind].append(r)
    found: list[tuple[Result, ...]] = []
    for employer, kinds in by_org.items():
        partners = graph.partners_of(employer) if employer in graph.g else set()
        # a few of each, best first: the best may not fit in time after the others
        trainings = [s for p in partners for s in by_org.get(p, {}).get(ItemKind.SESSION, [])[:PER_STEP]]
        hires = [h for k in HIRING for h in kinds.get(k, [])[:PER_STEP]]
        for immersion in kinds.get(ItemKind.IMMERSION, [])[:PER_STEP]:
            found += [(immersion, t, h) for t in trainings for h in hires]
            found += [(immersion, t) for t in trainings]
            found += [(immersion, h) for h in hires]
        found += [(t, h) for t in trainings for h in hires if h.item.kind is ItemKind.APPRENTICESHIP]
    pathways = [p for p in (in_time_order(steps, ready) for steps in found) if p is not None]
    pathways.sort(key=lambda p: (-p.score, -len(p.steps), [s.item.key for s in p.steps]))
    return pathways[:limit]
