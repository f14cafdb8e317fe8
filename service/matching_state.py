"""Each worker's matching index and partner graph, kept fresh against the shared database.

Per request, one cheap query reads the catalogue version; when other workers (or this one)
have written since, only the rows written after the index's version are read and applied.
"""

import threading
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


@dataclass
class MatchingState:
    gazetteer: Gazetteer
    rome: RomeReferential
    provider: TravelTimeProvider
    index: CandidateIndex = field(init=False)
    graph: PartnerGraph = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.index = CandidateIndex(self.rome)
        self.index.version = -1
        self.graph = PartnerGraph([], [])

    def refresh(self, session: Session, today: date) -> int:
        """Bring the index up to the database's catalogue version; returns that version."""
        version = current_catalogue_version(session)
        if version <= self.index.version:
            return version
        with self._lock:
            seen = self.index.version
            if version <= seen:
                return version
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
        return version

    def refresh_from(self, engine: Engine, today: date) -> int:
        with Session(engine) as session:
            return self.refresh(session, today)
