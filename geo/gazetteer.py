"""An in-memory gazetteer of French communes: by INSEE code, postal code or (fuzzy) name."""

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from geo.coords import LatLon, check_coordinates
from geo.errors import UnknownCommune, UnknownPostalCode
from geo.names import fold

INSEE_CODE = re.compile(r"^(\d{2}|2[AB])\d{3}$")
POSTAL_CODE = re.compile(r"^\d{5}$")
FUZZY_CUTOFF = 85.0


@dataclass(frozen=True, slots=True)
class Commune:
    insee_code: str
    name: str
    postal_codes: tuple[str, ...]
    department: str
    lat: float
    lon: float
    population: int = 0

    def __post_init__(self) -> None:
        if not INSEE_CODE.match(self.insee_code):
            raise UnknownCommune(self.insee_code, field="insee_code")
        check_coordinates(self.lat, self.lon, field=f"commune {self.insee_code}")

    @property
    def point(self) -> LatLon:
        return LatLon(self.lat, self.lon)


class Gazetteer:
    def __init__(self, communes: Iterable[Commune]) -> None:
        self._by_code: dict[str, Commune] = {}
        for commune in communes:
            self._by_code[commune.insee_code] = commune  # later records override earlier ones
        self._by_postal: dict[str, list[Commune]] = defaultdict(list)
        self._by_name: dict[str, list[Commune]] = defaultdict(list)
        for commune in self._by_code.values():
            for postal_code in commune.postal_codes:
                self._by_postal[postal_code].append(commune)
            self._by_name[fold(commune.name)].append(commune)
        for homonyms in self._by_name.values():
            homonyms.sort(key=lambda c: (-c.population, c.insee_code))
        self._folded_names = sorted(self._by_name)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Commune]:
        return iter(self._by_code.values())

    def __contains__(self, insee_code: object) -> bool:
        return insee_code in self._by_code

    def by_insee(self, insee_code: str) -> Commune:
        try:
            return self._by_code[insee_code.strip().upper()]
        except KeyError:
            raise UnknownCommune(insee_code, field="insee_code") from None

    def search_department(self, department: str) -> list[Commune]:
        return [c for c in self._by_code.values() if c.department == department]

    def by_postal_code(self, postal_code: str) -> list[Commune]:
        communes = self._by_postal.get(postal_code.strip(), [])
        if not communes:
            raise UnknownPostalCode(postal_code)
        return sorted(communes, key=lambda c: (-c.population, c.insee_code))

    def by_name(self, name: str) -> list[Commune]:
        """Every commune of that name, however spelt (homonyms by population)."""
        return list(self._by_name.get(fold(name), []))

    def resolve(self, name: str, department: str | None = None) -> Commune:
        """The commune a person means by this name: exact folded match, else closest spelling."""
        found = self.search(name, limit=1, department=department)
        if not found:
            raise UnknownCommune(name)
        return found[0]

    def find(self, insee_code: str | None = None, postal_code: str = "", name: str = "") -> Commune:
        """The commune an address names: by INSEE code, else postal code (the town named there
        when it shares the code), else name alone."""
        if insee_code:
            return self.by_insee(insee_code)
        if postal_code:
            found = self.by_postal_code(postal_code)
            named = [c for c in found if name and self.search(name, 1, c.department) == [c]]
            return (named or found)[0]
        return self.resolve(name)

    def search(self, query: str, limit: int = 10, department: str | None = None) -> list[Commune]:
        """Autocomplete: INSEE or postal code, exact name, name prefix, then fuzzy name."""
        query = query.strip()
        if INSEE_CODE.match(query.upper()) or POSTAL_CODE.match(query):
            candidates = self._codes_matching(query)
        else:
            candidates = self._names_matching(fold(query), limit)
        if department:
            candidates = [c for c in candidates if c.department == department]
        return _unique(candidates)[:limit]

    def _codes_matching(self, code: str) -> list[Commune]:
        exact = [self._by_code[code.upper()]] if code.upper() in self._by_code else []
        return exact + sorted(self._by_postal.get(code, []), key=lambda c: -c.population)

    def _names_matching(self, folded: str, limit: int) -> list[Commune]:
        if not folded:
            return []
        exact = self._by_name.get(folded, [])
        prefixed = self._prefixed(folded)
        if len(exact) + len(prefixed) >= limit:
            return exact + prefixed  # the common autocomplete case: no need to scan every name
        fuzzy = [
            c
            for name, _, _ in process.extract(
                folded,
                self._folded_names,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FUZZY_CUTOFF,
                limit=limit,
            )
            for c in self._by_name[name]
        ]
        return exact + prefixed + fuzzy

    def _prefixed(self, folded: str, limit: int = 50) -> list[Commune]:
        start = bisect.bisect_left(self._folded_names, folded)
        names = []
        for name in self._folded_names[start : start + limit]:
            if not name.startswith(folded):
                break
            names.append(name)
        communes = [c for name in names for c in self._by_name[name]]
        return sorted(communes, key=lambda c: (-c.population, c.insee_code))


def _unique(communes: list[Commune]) -> list[Commune]:
    seen: set[str] = set()
    out = []
    for commune in communes:
        if commune.insee_code not in seen:
            seen.add(commune.insee_code)
            out.append(commune)
    return out
