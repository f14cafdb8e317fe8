"""Each worker's matching index and partner graph, kept fresh against the shared database.

Per request, the catalogue version is read (with the caller's token: `read_with_token`); when
other workers (or this one) have written since, only the rows written after the index's version
are read and applied.

Closings and moves leave cleared rows in the index. Once they outnumber the open items, the open
ones are copied into a new index in the background (a second at national scale, so no request
waits for it) and swapped in at the next refresh, brought up to date first.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from geo.gazetteer import Gazetteer
from geo.travel import TravelTimeProvider
from matching.graph import PartnerGraph
from matching.index import CandidateIndex
from matching.model import YouthProfile
from matching.rome import RomeReferential
from matching.vocabulary import ItemKind
from service.catalogue.queries import current_catalogue_version
from service.search import queries
from service.transit import queries as transit_queries

DETAILS_KEPT = 20_000  # options' details kept per worker (a few kB each), then started afresh


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
    # Timetables: loaded at the first refresh, and again whenever an import replaced the table.
    provider_loader: Callable[[Session], TravelTimeProvider] | None = None
    _transit_stamp: int | None = field(default=None, init=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False)
    _compacting: bool = field(default=False, init=False)
    _compacted: CandidateIndex | None = field(default=None, init=False)  # built, not yet swapped in
    _reachable_key: tuple[int, date, frozenset[ItemKind]] | None = field(default=None, init=False)
    _reachable: dict[YouthProfile, bool] = field(default_factory=dict, init=False)
    # Results other domains keep per catalogue version (coverage maps), least recently used first.
    memo: OrderedDict[Hashable, object] = field(default_factory=OrderedDict, init=False)
    # What an interview needs of each option shown (`service.interview_details`), by item key.
    _details: dict[tuple[bool, int], dict[str, Any]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.index = CandidateIndex(self.rome)
        self.index.version = -1
        self.graph = PartnerGraph([], [])

    def refresh(self, db: Session, today: date) -> int:
        """Bring the index up to the database's catalogue version; returns that version."""
        version = current_catalogue_version(db)
        if version <= self.index.version and self._compacted is None:
            return version
        with self._lock:
            if self._compacted is not None:
                self._swap_in(db, self._compacted)
            if version > self.index.version:
                self._apply_changes(db, version, today)
            if not self._compacting and self.index.worth_compacting():
                self._compacting = True
                self.background(self._compaction(self.index))
        return version

    def _apply_changes(self, db: Session, version: int, today: date) -> None:
        seen = self.index.version
        self._load_timetables(db)
        network_changed = seen < 0 or queries.network_changed_since(db, seen)
        items = queries.items_since(db, self.gazetteer, seen, with_changed_hosts=network_changed)
        self.index.upsert(items)
        if network_changed:
            self.graph = PartnerGraph(
                queries.org_nodes(db),
                queries.partnership_edges(db),
                queries.positive_outcomes(db),
                today,
            )
            self._details = {}  # hosts' and CFAs' addresses and contacts may have changed
        else:  # a positioning's move touches its session or offer: only their hosts' outcomes may differ
            hosts = {item.organisation_id for item in items}
            self.graph.update_outcomes(hosts, queries.positive_outcomes(db, hosts))
            changed = {item.key for item in items}
            self._details = {k: v for k, v in self._details.items() if k not in changed}
        self.index.version = version

    def _load_timetables(self, db: Session) -> None:
        stamp = transit_queries.table_stamp(db)
        if self.provider_loader is not None and (stamp != self._transit_stamp or self.index.version < 0):
            self.provider, self._transit_stamp = self.provider_loader(db), stamp
            self.memo.clear()  # coverage maps were computed with the former times
            self._reachable_key = None

    def _compaction(self, index: CandidateIndex) -> Callable[[], None]:
        # A copy that fails (memory) is not tried again: the worker goes on with the index it has.
        def job() -> None:
            with self._lock:  # the rows' list must not change while it is read
                live = index.live_rows()
            self._compacted = index.compacted(live)

        return job

    def _swap_in(self, db: Session, new: CandidateIndex) -> None:
        """Apply to `new` what the current index received while it was built, then use it; requests
        ranking on the old one finish there."""
        hosts_changed = queries.network_changed_since(db, new.version)
        new.upsert(queries.items_since(db, self.gazetteer, new.version, with_changed_hosts=hosts_changed))
        new.version = self.index.version
        self.index, self._compacted, self._compacting = new, None, False

    def refresh_from(self, engine: Engine, today: date) -> int:
        with Session(engine) as db:
            return self.refresh(db, today)

    def option_details(self) -> dict[tuple[bool, int], dict[str, Any]]:
        """Options' details, each read after the index had seen every write before it: a refresh
        replaces the dict with one without the options it changed (all of them when an
        organisation changed), so a request that read an option while it was being written
        fills a dict no later request is given."""
        with self._lock:
            if len(self._details) >= DETAILS_KEPT:
                self._details = {}
            return self._details

    def reachability(self, today: date, kinds: frozenset[ItemKind]) -> dict[YouthProfile, bool]:
        """Whether a profile has an option of `kinds` within reach, remembered for this catalogue
        version and day (the dashboard's figure); forgotten as soon as either changes."""
        key = (self.index.version, today, kinds)
        if self._reachable_key != key:
            self._reachable_key, self._reachable = key, {}
        return self._reachable
