"""The ROME referential as plain data: codes, labels, appellations and proximity links."""

import csv
import importlib.resources
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process, utils

# Job-fit values: exact wish, a code linked to a wish in the proximity graph, same sub-domain.
FIT_EXACT, FIT_LINKED, FIT_SUBDOMAIN = 1.0, 0.7, 0.4
FIT_TABLE_CACHE = 4096  # wish combinations remembered; most youths share a few wished codes
APPELLATION_CUTOFF = 85.0


@dataclass(frozen=True, slots=True)
class RomeCode:
    code: str
    label: str
    appellations: tuple[str, ...] = ()
    linked: tuple[str, ...] = ()

    @property
    def domain(self) -> str:
        return self.code[0]

    @property
    def subdomain(self) -> str:
        return self.code[:3]


@dataclass(frozen=True)
class RomeReferential:
    codes: tuple[RomeCode, ...]
    index: dict[str, int] = field(init=False, repr=False)
    _appellations: list[tuple[str, str]] = field(init=False, repr=False)
    _fit_tables: dict[frozenset[str], np.ndarray] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {c.code: i for i, c in enumerate(self.codes)})
        object.__setattr__(self, "_fit_tables", {})
        names = [(a, c.code) for c in self.codes for a in (c.label, *c.appellations)]
        object.__setattr__(self, "_appellations", names)

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.index

    def get(self, code: str) -> RomeCode | None:
        i = self.index.get(code)
        return None if i is None else self.codes[i]

    def label(self, code: str) -> str:
        entry = self.get(code)
        return entry.label if entry else code

    def search(self, query: str, limit: int = 10) -> list[RomeCode]:
        """Autocomplete over codes, labels and appellations."""
        q = query.strip()
        if q.upper() in self.index:
            return [self.codes[self.index[q.upper()]]]
        hits = process.extract(
            q,
            [name for name, _ in self._appellations],
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit * 3,
            score_cutoff=60,
        )
        seen: dict[str, RomeCode] = {}
        for _, _, i in hits:
            code = self._appellations[i][1]
            seen.setdefault(code, self.codes[self.index[code]])
        return list(seen.values())[:limit]

    def codes_for_wish(self, text: str) -> set[str]:
        """ROME codes whose label or appellation a free-text wish names (e.g. "maçon" → F1703)."""
        if not text.strip():
            return set()
        hits = process.extract(
            text,
            [name for name, _ in self._appellations],
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            limit=5,
            score_cutoff=APPELLATION_CUTOFF,
        )
        return {self._appellations[i][1] for _, _, i in hits}

    def fit_table(self, wished: Iterable[str]) -> np.ndarray:
        """Job fit of every code against a set of wished codes, indexed like `codes` (read-only)."""
        key = frozenset(w for w in wished if w in self.index)
        table = self._fit_tables.get(key)
        if table is None:
            if len(self._fit_tables) >= FIT_TABLE_CACHE:
                self._fit_tables.clear()
            table = self._fit_tables[key] = self._fit_table(key)
            table.flags.writeable = False
        return table

    def _fit_table(self, wished: frozenset[str]) -> np.ndarray:
        fit = np.zeros(len(self.codes), dtype=np.float64)
        subdomains = {w[:3] for w in wished}
        for i, c in enumerate(self.codes):
            if c.code in wished:
                fit[i] = FIT_EXACT
            elif wished.intersection(c.linked):
                fit[i] = FIT_LINKED
            elif c.subdomain in subdomains:
                fit[i] = FIT_SUBDOMAIN
        return fit


def referential_from_rows(rows: Iterable[dict[str, str]]) -> RomeReferential:
    codes = {
        r["code"]: RomeCode(
            r["code"],
            r["label"],
            tuple(a for a in r.get("appellations", "").split("|") if a),
            tuple(c for c in r.get("linked_codes", "").split("|") if c),
        )
        for r in rows
    }
    # Proximity links are read both ways: a mobility from A to B is a neighbourhood of both.
    back: dict[str, set[str]] = {c: set() for c in codes}
    for c in codes.values():
        for other in c.linked:
            if other in back:
                back[other].add(c.code)
    return RomeReferential(
        tuple(
            RomeCode(c.code, c.label, c.appellations, tuple(sorted(set(c.linked) | back[c.code])))
            for c in sorted(codes.values(), key=lambda c: c.code)
        )
    )


@lru_cache(maxsize=1)
def packaged_referential() -> RomeReferential:
    text = (importlib.resources.files("matching") / "data" / "rome.csv").read_text("utf-8")
    return referential_from_rows(csv.DictReader(io.StringIO(text), delimiter=";"))
