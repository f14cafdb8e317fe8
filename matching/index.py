"""The candidate index: every matchable item as numpy columns, with a spatial index.

Updates are incremental: `upsert` overwrites a row in place (or appends), `remove` clears its
`active` flag. The map's cells (`matching.cells`) hold the rows that existed at the last rebuild;
rows appended since (the tail) are scanned directly, and the cells are rebuilt once the tail grows
large. Rows cleared by closings and moves stay until `compacted` copies the active ones into a new
index.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from geo.distance import xyz
from matching.cells import Cap, Cells
from matching.model import Item
from matching.rome import RomeReferential
from matching.scoring import UNSTATED_PLACES, level_key, places_score
from matching.vocabulary import MAX_ROME_PER_ITEM, ItemKind

KINDS = tuple(ItemKind)
APPRENTICESHIP_MIN_AGE, APPRENTICESHIP_MAX_AGE = 16, 29
ADULT_AGE = 18
NO_DATE = np.iinfo(np.int32).max  # "no date" sorts after every real date
_COLUMNS = {
    "lat": np.float64,
    "lon": np.float64,
    "kind": np.int8,
    "required_level": np.int8,
    "start": np.int32,
    "places": np.int32,
    # What ranking reads of an item, worked out once when it is written rather than at each search:
    "timed_start": np.int32,  # the start that timing counts (NO_DATE for permanent entry)
    "joinable_late": np.bool_,  # permanent or late entry, or an offer (it starts when the youth does)
    "places_score": np.float64,
    "level_key": np.int16,  # `level_key`: the session's target level, or the offer's required one
    "age_from": np.int16,  # the youngest it takes: its own limit, the law's for apprenticeship, 18 if no minors
    "age_to": np.int16,  # the oldest (0: no limit): its own limit, 29 for apprenticeship without RQTH
    "age_to_rqth": np.int16,  # the same with RQTH: its own limit only
    "licence": np.bool_,
    "org": np.int64,
    "title": np.int32,
    "active": np.bool_,
    "item_id": np.int64,
    "open_until": np.int32,
    "any_age": np.bool_,
}


@dataclass(frozen=True)
class LiveRows:
    """The active rows at one version: what `compacted` copies, taken while no update runs."""

    keys: list[tuple[bool, int]]
    rows: np.ndarray
    titles: list[str]
    version: int


class CandidateIndex:
    def __init__(self, rome: RomeReferential, capacity: int = 1024) -> None:
        self.rome = rome
        self.n = 0
        self._cap = capacity
        self.cols: dict[str, np.ndarray] = {name: np.zeros(capacity, dtype=t) for name, t in _COLUMNS.items()}
        self.rome_idx = np.full((capacity, MAX_ROME_PER_ITEM), -1, dtype=np.int16)
        self.items: list[Item | None] = []
        self.titles: list[str] = []
        self._title_ids: dict[str, int] = {}
        self._rows: dict[tuple[bool, int], int] = {}
        self._cells = Cells.of(np.empty(0), np.empty(0))
        self._mapped = 0  # the rows the cells hold (those before the tail)
        self._code_rows: list[np.ndarray] = []  # per ROME code, the mapped rows carrying it
        self.version = 0

    # -- building and updating ---------------------------------------------------------------

    @classmethod
    def build(cls, rome: RomeReferential, items: Sequence[Item], version: int = 0) -> "CandidateIndex":
        index = cls(rome, capacity=max(1024, len(items)))
        index.upsert(items)
        if index._mapped < index.n:  # the upsert mapped them when the items were many
            index.rebuild_spatial()
        index.version = version
        return index

    def upsert(self, items: Iterable[Item]) -> None:
        """Write open items; closed ones leave the index (years of closed offers take no row)."""
        written = []
        for item in _spatial_order(list(items)):
            if item.closed:
                self.remove([item.key])
                continue
            row, codes = self._rows.get(item.key), self._code_indices(item)
            if row is not None and self._moved(row, item, codes):
                self.cols["active"][row] = False  # the cells still hold the old place
                row = None
            if row is None:
                row = self._append_row()
                self._rows[item.key] = row
            self._write(row, item, codes)
            written.append(row)
        # one numpy call per update: one per item cost about as much as the rest of writing it
        self.cols["places_score"][written] = places_score(self.cols["places"][written])
        if self.n - self._mapped > max(1000, self._mapped // 10):
            self.rebuild_spatial()

    def remove(self, keys: Iterable[tuple[bool, int]]) -> None:
        """Deactivate rows; their items stay for the requests that picked them a moment before."""
        for key in keys:
            row = self._rows.pop(key, None)
            if row is not None:
                self.cols["active"][row] = False

    def worth_compacting(self) -> bool:
        """More cleared rows than active ones (and enough of them to be worth a rebuild)."""
        return self.n - len(self) > max(1000, len(self))

    def live_rows(self) -> LiveRows:
        return LiveRows(
            list(self._rows),
            np.fromiter(self._rows.values(), dtype=np.int64, count=len(self._rows)),
            list(self.titles),
            self.version,
        )

    def compacted(self, live: LiveRows) -> "CandidateIndex":
        """A new index of `live`'s rows, in map order, copied column by column: a second at
        national scale, where writing every item again takes 13 s of the interpreter.

        Updates may run meanwhile: a row they rewrite may be copied half old, half new. Each such
        row was written after `live.version`, so the caller upserts what was written since then
        into the new index before using it."""
        order = _map_order(self.cols["lat"][live.rows], self.cols["lon"][live.rows])
        rows, m = live.rows[order], len(order)
        new = CandidateIndex(self.rome, capacity=max(1024, m))
        for name, col in self.cols.items():
            new.cols[name][:m] = col[rows]
        new.rome_idx[:m] = self.rome_idx[rows]
        new.items = [self.items[row] for row in rows.tolist()]
        new._rows = {live.keys[i]: row for row, i in enumerate(order.tolist())}
        new.titles, new._title_ids = live.titles, {title: i for i, title in enumerate(live.titles)}
        new.n = m
        new.rebuild_spatial()
        new.version = live.version
        return new

    def rebuild_spatial(self) -> None:
        self._cells = Cells.of(self.cols["lat"][: self.n], self.cols["lon"][: self.n])
        self._mapped = self.n
        self._code_rows = _rows_by_code(self.rome_idx[: self.n], len(self.rome.codes))

    def _moved(self, row: int, item: Item, codes: np.ndarray) -> bool:
        """Whether the cells or the code lists still hold this row under an old place or code."""
        return row < self._mapped and (
            self.cols["lat"][row] != item.lat
            or self.cols["lon"][row] != item.lon
            or not np.array_equal(self.rome_idx[row], codes)
        )

    def _code_indices(self, item: Item) -> np.ndarray:
        out = np.full(MAX_ROME_PER_ITEM, -1, dtype=np.int16)
        codes = [self.rome.index.get(code, -1) for code in item.rome_codes[:MAX_ROME_PER_ITEM]]
        out[: len(codes)] = codes
        return out

    def _append_row(self) -> int:
        if self.n == self._cap:
            self._cap *= 2
            for name, col in self.cols.items():
                self.cols[name] = np.resize(col, self._cap)
            grown = np.full((self._cap, MAX_ROME_PER_ITEM), -1, dtype=np.int16)
            grown[: self.n] = self.rome_idx[: self.n]
            self.rome_idx = grown
        self.items.append(None)
        self.n += 1
        return self.n - 1

    def _write(self, row: int, item: Item, codes: np.ndarray) -> None:
        c = self.cols
        c["lat"][row], c["lon"][row] = item.lat, item.lon
        c["kind"][row] = KINDS.index(item.kind)
        c["required_level"][row] = item.required_level
        c["start"][row] = item.start_date.toordinal() if item.start_date else NO_DATE
        c["places"][row] = UNSTATED_PLACES if item.places_left is None else item.places_left
        session = item.kind is ItemKind.SESSION
        c["timed_start"][row] = NO_DATE if item.permanent_entry else c["start"][row]
        c["joinable_late"][row] = item.permanent_entry or item.late_entry_allowed or not session
        c["level_key"][row] = level_key(session, item.target_level if session else item.required_level)
        limits = _age_limits(item)
        c["age_from"][row], c["age_to"][row], c["age_to_rqth"][row] = limits
        c["any_age"][row] = not any(limits)  # nothing to check: the age filter skips it
        c["licence"][row] = item.driving_licence_required
        c["org"][row] = item.organisation_id
        c["title"][row] = self._title_id(item.title)
        c["active"][row] = True
        c["item_id"][row] = item.id
        c["open_until"][row] = _open_until(item)
        self.rome_idx[row] = codes
        self.items[row] = item

    def _title_id(self, title: str) -> int:
        tid = self._title_ids.get(title)
        if tid is None:
            tid = self._title_ids[title] = len(self.titles)
            self.titles.append(title)
        return tid

    # -- querying ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.cols["active"][: self.n].sum())

    def within(self, lat: float, lon: float, radius_km: float) -> np.ndarray:
        """Active rows within `radius_km` (great circle) of a point."""
        found = self._cells.within(lat, lon, radius_km)
        tail = np.arange(self._mapped, self.n, dtype=np.int64)
        if len(tail):  # by the cells' own rule: a row is found the same before and after a rebuild
            near = Cap.of(lat, lon, radius_km).holds(xyz(self.cols["lat"][tail], self.cols["lon"][tail]))
            found = np.concatenate([found, tail[near]])
        return np.asarray(found[self.cols["active"][found]])

    def about_within(self, lat: float, lon: float, radius_km: float) -> int:
        """An estimate, in microseconds, of how many rows lie within `radius_km`: the rows of the
        cells the circle's bounding box touches (closed ones and the tail included)."""
        return self._cells.count_box(lat, lon, radius_km) + self.n - self._mapped

    def with_codes(self, codes: np.ndarray) -> np.ndarray:
        """Active rows carrying any of these ROME code indices, wherever they are.

        An item carrying two of the codes is listed twice: callers remove repeats once the
        list is short (after the filters), which costs far less than on the whole list.
        """
        tail = np.arange(self._mapped, self.n, dtype=np.int64)
        parts = [self._code_rows[c] for c in codes]
        parts.append(tail[np.isin(self.rome_idx[tail], codes).any(axis=1)])
        found = np.concatenate(parts)
        return np.asarray(found[self.cols["active"][found]])

    def row_of(self, key: tuple[bool, int]) -> int | None:
        return self._rows.get(key)

    def nbytes(self) -> int:
        code_lists = sum(rows.nbytes for rows in self._code_rows)
        columns = sum(c.nbytes for c in self.cols.values()) + self.rome_idx.nbytes
        return columns + self._cells.nbytes() + code_lists


def _age_limits(item: Item) -> tuple[int, int, int]:
    """The youngest and oldest ages an item takes (0: no oldest), without and with RQTH: an
    apprenticeship is from 16 to 29, with no upper limit with RQTH; minors only where accepted."""
    youngest, oldest = item.min_age or 0, item.max_age or 0
    capped = oldest
    if item.kind is ItemKind.APPRENTICESHIP:
        youngest = max(youngest, APPRENTICESHIP_MIN_AGE)
        capped = APPRENTICESHIP_MAX_AGE if not oldest or oldest > APPRENTICESHIP_MAX_AGE else oldest
    if not item.minors_accepted:
        youngest = max(youngest, ADULT_AGE)
    return youngest, capped, oldest


def _open_until(item: Item) -> int:
    """The last day the item can be joined, as an ordinal (-1: no room left, NO_DATE: no end).

    A session is joined before it starts, unless it takes people in later (late entry: until
    it ends; permanent entry: always); an offer until it expires.
    """
    if item.places_left is not None and item.places_left <= 0:
        return -1
    start = item.start_date.toordinal() if item.start_date else NO_DATE
    end = item.end_date.toordinal() if item.end_date else NO_DATE
    if item.kind is not ItemKind.SESSION:
        return end
    if item.permanent_entry:
        return NO_DATE
    return max(start, end) if item.late_entry_allowed else start


def _rows_by_code(rome_idx: np.ndarray, n_codes: int) -> list[np.ndarray]:
    """For each code index, the rows that carry it (an inverted index, sorted by row)."""
    rows = np.repeat(np.arange(len(rome_idx), dtype=np.int64), rome_idx.shape[1])
    codes = rome_idx.ravel()
    valid = codes >= 0
    order = np.argsort(codes[valid], kind="stable")
    rows, codes = rows[valid][order], codes[valid][order]
    bounds = np.searchsorted(codes, np.arange(n_codes + 1))
    return [rows[bounds[i] : bounds[i + 1]] for i in range(n_codes)]


def _spatial_order(items: list[Item]) -> list[Item]:
    """Items along a Z-order curve: neighbours on the map become neighbours in the columns, so
    the rows a match reads (all within one radius) are gathered from a few memory pages."""
    if len(items) < 2:
        return items
    lat = np.fromiter((i.lat for i in items), dtype=np.float64, count=len(items))
    lon = np.fromiter((i.lon for i in items), dtype=np.float64, count=len(items))
    return [items[i] for i in _map_order(lat, lon)]


def _map_order(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The positions that sort these points along a Z-order curve."""
    y = ((lat + 90.0) / 180.0 * 0xFFFF).astype(np.uint32)
    x = ((lon + 180.0) / 360.0 * 0xFFFF).astype(np.uint32)
    return np.argsort(_spread_bits(x) | (_spread_bits(y) << 1), kind="stable")


def _spread_bits(v: np.ndarray) -> np.ndarray:
    """The 16 low bits of each value, moved to the even bit positions (Morton interleaving)."""
    v = (v | (v << 8)) & 0x00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F
    v = (v | (v << 2)) & 0x33333333
    return np.asarray((v | (v << 1)) & 0x55555555)
