"""An in-memory gazetteer of French communes: by INSEE code, postal code or (fuzzy) name."""

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
from rapidfuzz import fuzz, process

from geo.coords import LatLon, check_coordinates
from geo.distance import haversine_km
from geo.errors import UnknownCommune, UnknownPostalCode
from geo.names import fold

INSEE_CODE = re.compile(r"^(\d{2}|2[AB])\d{3}$")
POSTAL_CODE = re.compile(r"^\d{5}$")
FUZZY_CUTOFF = 85.0
# A five-character code inside what people write ("12 rue de la Paix 62300 Lens", "62170 Montreuil")
CODE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{5}|2[ABab]\d{3})(?![0-9A-Za-z])")
CEDEX = re.compile(r"\bcedex\b(\s*\d{1,2})?", re.IGNORECASE)
DEPARTMENT_AT_END = re.compile(r"\(\s*(\d{2}|2[ABab]|97\d)\s*\)\s*$")  # "Montreuil (62)"
ORDINAL = re.compile(r"\b(\d{1,2}) ?(?:i?eme|em|e)\b")  # "8ème", "8 eme", "8e" (folded)
ADDRESS_WORDS = 4  # a town's name is at most this many words, at either end of what is written
OTHERS_SHOWN = 5
TERRITORY_KM = 100.0  # around the user: a homonym farther away is not what they mean


class MatchedBy(StrEnum):
    POSTAL_CODE = "postal_code"
    INSEE_CODE = "insee_code"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class Located:
    """The commune read from what someone wrote, how it was read, and the other candidates (best
    first) when the text could name several."""

    commune: "Commune"
    matched_by: MatchedBy
    others: tuple["Commune", ...] = ()


@dataclass(frozen=True, slots=True)
class Commune:
    insee_code: str
    name: str
    postal_codes: tuple[str, ...]
    department: str
    lat: float
    lon: float
    population: int = 0
    # communes merged into this one: their INSEE codes and names are still written
    former_codes: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    former_populations: tuple[int, ...] = ()  # of each former name's commune, when it merged

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.former_names)

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
            earlier = self._by_code.get(commune.insee_code)
            if earlier is not None and not commune.former_codes + commune.former_names:
                # an imported record of a commune corrects it; what merged into it stays known
                commune = replace(
                    commune,
                    former_codes=earlier.former_codes,
                    former_names=earlier.former_names,
                    former_populations=earlier.former_populations,
                )
            self._by_code[commune.insee_code] = commune  # later records override earlier ones
        self._by_postal: dict[str, list[Commune]] = defaultdict(list)
        self._by_name: dict[str, list[Commune]] = defaultdict(list)
        # a name of a commune since merged: the population it had, and the commune it merged into
        self._by_former_name: dict[str, list[tuple[int, Commune]]] = defaultdict(list)
        self._by_former_code: dict[str, Commune] = {}
        for commune in self._by_code.values():
            for postal_code in commune.postal_codes:
                self._by_postal[postal_code].append(commune)
            self._by_name[fold(commune.name)].append(commune)
            for name, population in zip(commune.former_names, commune.former_populations, strict=True):
                self._by_former_name[fold(name)].append((population, commune))
            self._by_former_code.update(dict.fromkeys(commune.former_codes, commune))
        for homonyms in self._by_name.values():
            homonyms.sort(key=lambda c: (-c.population, c.insee_code))
        for merged in self._by_former_name.values():
            merged.sort(key=lambda m: (-m[1].population, m[1].insee_code))
        # for close spellings, today's names only: a typo of a town is not a village merged elsewhere
        self._current_names = sorted(self._by_name)
        self._folded_names = sorted(self._by_name.keys() | self._by_former_name.keys())  # for prefixes

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Commune]:
        return iter(self._by_code.values())

    def __contains__(self, insee_code: object) -> bool:
        return isinstance(insee_code, str) and self._of_code(insee_code) is not None

    def _of_code(self, insee_code: str) -> Commune | None:
        """The commune of an INSEE code, or the one that has since merged it."""
        code = insee_code.strip().upper()
        return self._by_code.get(code) or self._by_former_code.get(code)

    def by_insee(self, insee_code: str) -> Commune:
        """The commune of an INSEE code, or the one that has since merged it."""
        commune = self._of_code(insee_code)
        if commune is None:
            raise UnknownCommune(insee_code, field="insee_code")
        return commune

    def search_department(self, department: str) -> list[Commune]:
        return [c for c in self._by_code.values() if c.department == department]

    def by_postal_code(self, postal_code: str) -> list[Commune]:
        communes = self._by_postal.get(postal_code.strip(), [])
        if not communes:
            raise UnknownPostalCode(postal_code)
        return sorted(communes, key=lambda c: (-c.population, c.insee_code))

    def by_name(self, name: str) -> list[Commune]:
        """Every commune of that name, however spelt (homonyms by population)."""
        return self._named(fold(name))

    def _named(self, folded: str) -> list[Commune]:
        """The communes of that folded name now, then those that merged a commune of that name."""
        return self._by_name.get(folded, []) + [c for _, c in self._by_former_name.get(folded, [])]

    def resolve(self, name: str, department: str | None = None) -> Commune:
        """The commune a person means by this name: exact folded match, else closest spelling."""
        found = self.search(name, limit=1, department=department)
        if not found:
            raise UnknownCommune(name)
        return found[0]

    def locate(self, text: str, near: LatLon | None = None, insee: bool = False) -> Located:
        """The commune someone wrote, as people write it: a postal code (its largest commune, or
        the one named beside it), an INSEE code when no postal code has it (or `insee`), a name,
        "62170 Montreuil", "MONTREUIL 62170", an address line, "62405 BETHUNE CEDEX". Homonyms
        go to the one nearest `near` (the user's territory), else the most populous."""
        plain = CEDEX.sub(" ", text)
        cedex = plain != text
        code = CODE_IN_TEXT.search(plain)
        if code is None:
            return self._by_written_name(plain, near)
        before, after = plain[: code.start()], plain[code.end() :]
        name = after if fold(after) else before
        return self._by_code_and_name(code.group(1).upper(), _town_of(name), near, insee, cedex)

    def find(self, insee_code: str | None = None, postal_code: str = "", name: str = "") -> Located:
        """The commune an address's fields name (INSEE code, else postal code and town, else town)."""
        if insee_code:
            return Located(self.by_insee(insee_code), MatchedBy.INSEE_CODE)
        return self.locate(f"{postal_code} {name}".strip())

    def search(
        self, query: str, limit: int = 10, department: str | None = None, near: LatLon | None = None
    ) -> list[Commune]:
        """Autocomplete: what `locate` would choose first, then the other candidates."""
        query = query.strip()
        if CODE_IN_TEXT.search(query):
            try:
                located = self.locate(query, near)
            except (UnknownCommune, UnknownPostalCode):
                return []
            candidates = [located.commune, *located.others]
        else:
            typed = _as_named(query)
            candidates = self._near_first(self._names_matching(typed, max(limit, 10)), typed, near)
        if department:
            candidates = [c for c in candidates if c.department == department]
        return _unique(candidates)[:limit]

    def _by_code_and_name(self, code: str, name: str, near: LatLon | None, insee: bool, cedex: bool) -> Located:
        postal = [] if insee else self.by_postal_code_or_none(code)
        if postal:
            named = self._named_among(name, postal) if fold(name) else []
            if named or not fold(name):
                chosen = named or postal
                return Located(chosen[0], MatchedBy.POSTAL_CODE, tuple(chosen[1:]))
        commune = None if cedex else self._of_code(code)
        if commune is not None and (not fold(name) or self._named_among(name, [commune])):
            return Located(commune, MatchedBy.INSEE_CODE)
        if fold(name):  # a CEDEX, or a code that names another town: the name within the code's department
            named = _unique(self._names_matching(fold(name), 10))
            in_department = [c for c in named if c.department == _department(code)]
            if in_department:
                return Located(in_department[0], MatchedBy.NAME, tuple(in_department[1:]))
        if postal:
            return Located(postal[0], MatchedBy.POSTAL_CODE, tuple(postal[1:]))
        raise UnknownPostalCode(code)

    def _by_written_name(self, text: str, near: LatLon | None) -> Located:
        """A name, its department in brackets or not ("Montreuil (62)"); with commas, the part that
        is a commune's name ("Arras, France"), else the last part, closely ("12 rue de la Paix,
        Lens"); else the commune named exactly by the words at one end of the text: an address line
        without a code ("12 rue de la Paix Lens") or a town then its district ("Dunkerque
        Malo-les-Bains"), within the user's territory first, then the largest ("Étaples-sur-Mer"
        is Étaples, not Mer)."""
        bracketed = DEPARTMENT_AT_END.search(text)
        department = bracketed.group(1).upper() if bracketed else None
        text = text[: bracketed.start()] if bracketed else text

        def kept(communes: list[Commune]) -> list[Commune]:
            return [c for c in communes if department is None or c.department == department]

        parts = [part for part in text.split(",") if fold(part)]
        commas = [(part, True) for part in parts[::-1]] + [(parts[-1], False)] if len(parts) > 1 else []
        for attempt, exactly in [(text, False), *commas]:
            typed = _as_named(attempt)
            written = self._named(typed) if exactly else _unique(self._names_matching(typed, 10))
            found = self._near_first(kept(written), typed, near) if typed else []
            if found:
                homonyms = [c for c in found[1:] if fold(c.name) == typed][:OTHERS_SHOWN]
                return Located(found[0], MatchedBy.NAME, tuple(homonyms))
        named = kept(_unique([c for words in _ends(text) for c in self._named(_as_named(words))]))
        if not named:
            raise UnknownCommune(text)
        far = _km(near, named) > TERRITORY_KM if near is not None else np.zeros(len(named), dtype=bool)
        best = min(range(len(named)), key=lambda i: (bool(far[i]), -named[i].population, named[i].insee_code))
        homonyms = [c for c in named if c is not named[best] and c.name == named[best].name][:OTHERS_SHOWN]
        return Located(named[best], MatchedBy.NAME, tuple(homonyms))

    def _named_among(self, name: str, communes: list[Commune]) -> list[Commune]:
        """Those of `communes` the name designates: exactly, else by its beginning, else closely."""
        folded = fold(name)
        folded_names = [(fold(name), c) for c in communes for name in c.names]
        exact = [c for name, c in folded_names if name == folded]
        prefixed = [c for name, c in folded_names if name.startswith(folded)]
        close = [c for name, c in folded_names if fuzz.ratio(name, folded) >= FUZZY_CUTOFF]
        return _unique(exact or prefixed or close)

    def _near_first(self, communes: list[Commune], typed: str, near: LatLon | None) -> list[Commune]:
        """With the user's territory known, the names within it come first: the name as written,
        nearest first, then the names it begins ("Montreuil" is Montreuil-sur-Mer near Béthune),
        largest first — save a name begun that is both nearer and larger than the nearest name as
        written (« St Amand » near Lille is Saint-Amand-les-Eaux, not the village of Saint-Amand
        beyond Arras). The rest keeps its order (names as written, names begun, close spellings):
        a close spelling nearby ("Cambrin") never goes before the name as written ("Cambrai")."""
        if near is None or len(communes) < 2:
            return communes
        km = _km(near, communes).tolist()
        exact, begun = [], []
        for i, (commune, d) in enumerate(zip(communes, km, strict=True)):
            name = fold(commune.name)
            if d > TERRITORY_KM or not name.startswith(typed):
                continue
            if name == typed:
                exact.append((d, i))
            else:
                begun.append(i)
        exact.sort()
        ahead = []
        if exact:
            nearest_km, nearest = exact[0][0], communes[exact[0][1]]
            ahead = [i for i in begun if km[i] < nearest_km and communes[i].population > nearest.population]
        order = ahead + [i for _, i in exact] + [i for i in begun if i not in ahead]
        first = [communes[i] for i in order]
        return first + [c for c in communes if c not in first]

    def by_postal_code_or_none(self, postal_code: str) -> list[Commune]:
        communes = self._by_postal.get(postal_code.strip(), [])
        return sorted(communes, key=lambda c: (-c.population, c.insee_code))

    def _names_matching(self, folded: str, limit: int) -> list[Commune]:
        """Communes named so now first; then the names it begins and the names of communes since
        merged (« Lomme »: Lille), the largest place so named first; then close spellings."""
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
                self._current_names,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FUZZY_CUTOFF,
                limit=limit,
            )
            for c in self._named(name)
        ]
        return exact + prefixed + fuzzy

    def _prefixed(self, folded: str, limit: int = 50) -> list[Commune]:
        start = bisect.bisect_left(self._folded_names, folded)
        named = []
        for name in self._folded_names[start : start + limit]:
            if not name.startswith(folded):
                break
            named += [(c.population, c) for c in self._by_name.get(name, [])] + self._by_former_name.get(name, [])
        return [c for _, c in sorted(named, key=lambda n: (-n[0], n[1].insee_code))]


def _as_named(text: str) -> str:
    """Folded, with an arrondissement's number as the communes' names write it ("Lyon 8ème":
    lyon 8e; "Paris 1er" stays)."""
    return ORDINAL.sub(r"\1e", fold(text))


def _town_of(text: str) -> str:
    """The town part around a code: what is left once street numbers and commas are gone."""
    return text.split(",")[-1].strip() if "," in text else text.strip()


def _ends(text: str) -> set[str]:
    """The first and the last one to `ADDRESS_WORDS` words of a text."""
    parts = fold(text).split()
    return {" ".join(cut) for n in range(1, min(ADDRESS_WORDS, len(parts)) + 1) for cut in (parts[:n], parts[-n:])}


def _km(near: LatLon, communes: list[Commune]) -> np.ndarray:
    return haversine_km(near, np.array([c.lat for c in communes]), np.array([c.lon for c in communes]))


def _department(code: str) -> str:
    return code[:2]


def _unique(communes: list[Commune]) -> list[Commune]:
    seen: set[str] = set()
    out = []
    for commune in communes:
        if commune.insee_code not in seen:
            seen.add(commune.insee_code)
            out.append(commune)
    return out
