"""Each worker's matching index and partner graph, kept fresh against the shared database.

Per request, one cheap query reads the catalogue version; when other workers (or this one)
have written since, only the rows written after the index's version are read and applied.

Closings and moves leave cleared rows in the index. Once they outnumber the open items, the open
ones are copied into a new index in the background (a second at national scale, so no request
waits for it) and swapped in at the next refresh, brought up to date first.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from geo.gazetteer import Gazetteer
from geo.travel import TravelTimeProvider
from matching.graph import PartnerGraph
from matching.index import CandidateIndex
from matching.rome import RomeReferential
from service import catalogue
from service.db import current_catalogue_version


def in_a_thread(job: Callable[[], None]) -> None:
    threading.Thread(target=job, name="index-compaction", daemon=True).start()


@dataclass
class MatchingState:
    gazetteer: Gazetteer
    rome: RomeReferential
    provider: TravelTimeProvider
    index: CandidateIndex = field(init=False)
    graph: PartnerGraph = field(init=False)
    background: Callable[[Callable[[], None]], None] = in_a_thread  # how a compaction is run
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False)
    _compacting: bool = field(default=False, init=False)
    _compacted: CandidateIndex | None = field(default=None, init=False)  # built, not yet swapped in

    def __post_init__(self) -> None:
        self.index = CandidateIndex(self.rome)
        self.index.version = -1
        self.graph = PartnerGraph([], [])

    def refresh(self, session: Session, today: date) -> int:
        """Bring the index up to the database's catalogue version; returns that version."""
        version = current_catalogue_version(session)
        if version <= self.index.version and self._compacted is None:
            return version
        with self._lock:
            if self._compacted is not None:
                self._swap_in(session, self._compacted)
            if version > self.index.version:
                self._apply_changes(session, version, today)
            if not self._compacting and self.index.worth_compacting():
                self._compacting = True
                self.background(self._compaction(self.index))
        return version

    def _apply_changes(self, session: Session, version: int, today: date) -> None:
        seen = self.index.version
        items = catalogue.items_since(session, self.gazetteer, seen)
        self.index.upsert(items)
        if seen < 0 or catalogue.network_changed_since(session, seen):
            self.graph = PartnerGraph(
                catalogue.org_nodes(session), catalogue.partnership_edges(session),
                catalogue.positive_outcomes(session), today,
            )
        else:  # a positioning's move touches its session or offer: only their hosts' outcomes may differ
            hosts = {item.organisation_id for item in items}
            self.graph.update_outcomes(hosts, catalogue.positive_outcomes(session, hosts))
        self.index.version = version

    def _compaction(self, index: CandidateIndex) -> Callable[[], None]:
        # A copy that fails (memory) is not tried again: the worker goes on with the index it has.
        def job() -> None:
            with self._lock:  # the rows' list must not change while it is read
                live = index.live_rows()
            self._compacted = index.compacted(live)
        return job

    def _swap_in(self, session: Session, new: CandidateIndex) -> None:
        """Apply to `new` what the current index received while it was built, then use it; requests
        ranking on the old one finish there."""
        new.upsert(catalogue.items_since(session, self.gazetteer, new.version))
        new.version = self.index.version
        self.index, self._compacted, self._compacting = new, None, False

    def refresh_from(self, engine: Engine, today: date) -> int:
        with Session(engine) as session:
            return self.refresh(session, today)
