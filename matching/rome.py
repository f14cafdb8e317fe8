"""The ROME referential as plain data: codes, titles, appellations, proximity and succession links,
business sectors; and the search people type into (`job_words.py` folds their words).

Packaged: the whole ROME 4.0 (1,584 codes with titles and NAF sectors), the ROME v3 appellations
(11,118) and mobility links, all from France Travail's open data (see docs/interop.md and NOTICE).
Where a v4 title names a job that a v3 appellation filed under an older code, the v4 code
succeeds it: both are accepted, and each is a neighbour of the other for job fit.
"""

import bisect
import csv
import importlib.resources
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from matching.job_words import (
    DIPLOMA_WORDS,
    SENIOR_POSTS,
    TITLE_FILLERS,
    WISH_FILLERS,
    fold,
    gender_forms,
    without_manner,
    words,
    workers_of,
)

# Job-fit values: exact wish; a code linked to a wish (mobility or succession); same domain (e.g.
# D12); a code of the same business sector (weak).
FIT_EXACT, FIT_LINKED, FIT_SUBDOMAIN, FIT_SECTOR = 1.0, 0.7, 0.4, 0.2
FIT_TABLE_CACHE = 4096  # wish combinations remembered; most youths share a few wished codes
TYPO_MIN_LENGTH = 5  # shorter words are too easily another word with one letter changed
TYPO_CUTOFF = 80.0
TYPO_CANDIDATES = 3
# Where a job is done, after it: "caissière en supermarché", "infirmière en EHPAD", "coursier à vélo"
SETTING = re.compile(r"\b(?:en|a|au|aux|chez|dans)\b")
# In a job's name, « au » and « aux » say what the job is (Employé au pair, Conseiller aux
# particuliers) more often than where it is done
PLACE = re.compile(r"\b(?:en|a|chez|dans)\b")
UNDERSTOOD_CLOSE = 3  # codes a partly understood wish brings in, as neighbours only
# A word that begins the names of at most this many jobs names a trade (vendeur: 18, chauffeur: 12,
# animateur: 45); one that begins more is a rank or a status (aide: 65, agent: 160, chef: 301).
TRADE_MAX_CODES = 50


class Match(IntEnum):
    """How well a typed word matches an indexed one (larger is better)."""

    TYPO = 1
    PREFIX = 2
    EXACT = 3


class Source(IntEnum):
    """Where a name comes from, best first when all else is equal."""

    TITLE = 0
    APPELLATION = 1
    FIELD = 2  # the v3 domain title ("Coiffure"): the field more than the job


@dataclass(frozen=True, slots=True)
class RomeCode:
    code: str
    label: str
    appellations: tuple[str, ...] = ()
    linked: tuple[str, ...] = ()  # mobility links and v3/v4 successions, both ways
    field_label: str = ""  # the v3 domain title, where the code existed in v3
    sectors: tuple[str, ...] = ()  # NAF business sectors that employ it

    @property
    def domain(self) -> str:
        return self.code[0]

    @property
    def subdomain(self) -> str:
        return self.code[:3]


@dataclass(frozen=True, slots=True)
class Name:
    """One way of naming a job: a title, an appellation or a field, under both genders."""

    text: str  # as written, for display
    code: str
    source: Source
    forms: tuple[tuple[str, ...], ...]  # each gender's words
    vocabulary: frozenset[str]  # every word of every form
    length: int  # words of the shortest form: a shorter name is a more general one
    done_in: tuple[frozenset[str], ...]  # each form's job before where it is done (« en restauration »)


@dataclass(frozen=True, slots=True)
class Understanding:
    """How a free-text wish was read: `exact` codes count as wishes, `close` ones as neighbours."""

    exact: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    as_: str = ""  # the name it was read as, "" when nothing was recognised

    @property
    def codes(self) -> tuple[str, ...]:
        return self.exact + self.close


def _name(text: str, code: str, source: Source, lemma: dict[str, str]) -> Name | None:
    forms = tuple(dict.fromkeys(w for w in (_lemmas(words(f), lemma) for f in gender_forms(text)) if w))
    if not forms:
        return None
    done_in = tuple(frozenset(_lemmas(words(PLACE.split(fold(f), 1)[0]), lemma)) for f in gender_forms(text))
    return Name(text, code, source, forms, frozenset(w for f in forms for w in f), min(len(f) for f in forms), done_in)


def _trades(names: Iterable[Name]) -> frozenset[str]:
    """The first words of names that name a trade, not a rank or a status (`TRADE_MAX_CODES`)."""
    codes: dict[str, set[str]] = defaultdict(set)
    for n in names:
        for form in n.forms:
            codes[form[0]].add(n.code)
    return frozenset(w for w, c in codes.items() if len(c) <= TRADE_MAX_CODES)


def _prefixed_to(indexed: str, typed: str) -> bool:
    """Whether a word is the typed one with a prefix before it: another word (revêtement is not
    vêtement, revendeur not vendeur), never a typo of it."""
    return len(indexed) - len(typed) >= 2 and indexed.endswith(typed)


def _lemmas(typed: tuple[str, ...], lemma: dict[str, str]) -> tuple[str, ...]:
    return tuple(lemma.get(w, w) for w in typed)


def _feminine_to_masculine(titles: Iterable[str]) -> dict[str, str]:
    """Each feminine word the referential writes, to its masculine ("vendeuse" → "vendeur"), learnt
    from the titles themselves: the search is then the same whichever gender is typed."""
    lemma: dict[str, str] = {}
    for title in titles:
        forms = gender_forms(title)
        if len(forms) == 2:
            masculine, feminine = (words(f) for f in forms)
            if len(masculine) == len(feminine):
                for m, f in zip(masculine, feminine, strict=True):
                    if m != f and _same_stem(m, f):
                        lemma.setdefault(f, m)
    return {f: m for f, m in lemma.items() if m not in lemma}  # no chains: a masculine stays itself


def _same_stem(masculine: str, feminine: str) -> bool:
    """Two forms of one word ("vendeur", "vendeuse"), not two words a title happens to pair
    ("Analyste Concepteur / Conceptrice informatique" would make « informatique » read as
    « concepteur »; "Garçon / Serveuse" « serveuse » as « garçon »)."""
    shorter = min(len(masculine), len(feminine))
    common = next((i for i in range(shorter) if masculine[i] != feminine[i]), shorter)
    return common >= 3 and 2 * common >= shorter


@dataclass(frozen=True)
class RomeReferential:
    codes: tuple[RomeCode, ...]
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded → the words it stands for
    index: dict[str, int] = field(init=False, repr=False)
    _names: list[Name] = field(init=False, repr=False)
    _by_word: dict[str, list[int]] = field(init=False, repr=False)  # word → names holding it
    _vocabulary: list[str] = field(init=False, repr=False)  # sorted, for prefixes
    _spellings: list[str] = field(init=False, repr=False)  # the vocabulary and its feminine forms, for typos
    _lemma: dict[str, str] = field(init=False, repr=False)  # feminine word → masculine
    _trades: frozenset[str] = field(init=False, repr=False)  # words that begin the names of a trade
    _understood: dict[str, Understanding] = field(init=False, repr=False, compare=False)
    _titles: dict[str, Name] = field(init=False, repr=False)  # code → its title
    _subdomains: np.ndarray = field(init=False, repr=False)  # code index → its domain's number
    _sectors: np.ndarray = field(init=False, repr=False)  # code index × sector → employs it
    _linked: list[list[int]] = field(init=False, repr=False)  # code index → linked code indices
    _fit_tables: dict[tuple[frozenset[str], frozenset[str]], np.ndarray] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {c.code: i for i, c in enumerate(self.codes)})
        object.__setattr__(self, "_fit_tables", {})
        object.__setattr__(self, "_understood", {})
        lemma = _feminine_to_masculine(t for c in self.codes for t in (c.label, *c.appellations))
        object.__setattr__(self, "_lemma", lemma)
        # keyed as typed words are read ("dame de cantine": "dame" reads as its masculine form)
        spelt_out = {" ".join(_lemmas(tuple(k.split()), lemma)): v for k, v in self.abbreviations.items()}
        object.__setattr__(self, "abbreviations", spelt_out)
        names = [
            n
            for c in self.codes
            for n in (
                _name(c.label, c.code, Source.TITLE, lemma),
                *(_name(a, c.code, Source.APPELLATION, lemma) for a in c.appellations),
                _name(c.field_label, c.code, Source.FIELD, lemma) if c.field_label else None,
            )
            if n is not None
        ]
        by_word: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(names):
            for w in n.vocabulary:
                by_word[w].append(i)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_trades", _trades(names))
        self._index_for_fit()
        object.__setattr__(self, "_titles", {n.code: n for n in names if n.source is Source.TITLE})
        object.__setattr__(self, "_by_word", dict(by_word))
        object.__setattr__(self, "_vocabulary", sorted(by_word))
        # a typo is as likely in the feminine as in the masculine (« coifeuse » is one letter from
        # « coiffeuse », three from « coiffeur »): typed words are compared with both forms
        object.__setattr__(self, "_spellings", sorted(set(by_word) | {f for f, m in lemma.items() if m in by_word}))

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

    # -- search ----------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list[RomeCode]:
        """Codes for what someone typed: exact titles and appellations first, then those the typed
        words begin, then those with a typo; codes holding every typed word, else the job without
        what qualifies it (see `_found`)."""
        code = fold(query).upper().replace(" ", "")
        if code in self.index:
            return [self.codes[self.index[code]]]
        found, _ = self._found(query, frozenset())
        return [self.codes[self.index[c]] for c, _ in found[:limit]]

    def understand(self, wish: str) -> Understanding:
        """A free-text wish ("je veux être coiffeuse", "cariste", "travailler avec les animaux")
        read as ROME codes: exact only when the wish is, word for word, a job's name (remembered:
        ranking and explanations ask again for the same youth)."""
        known = self._understood.get(wish)
        if known is None:
            if len(self._understood) >= FIT_TABLE_CACHE:
                self._understood.clear()
            known = self._understood[wish] = self._understand(wish)
        return known

    def _understand(self, wish: str) -> Understanding:
        found, whole = self._found(without_manner(wish), WISH_FILLERS)
        if not found:
            return Understanding()
        best_code, best = found[0]
        # word for word a job's name; or a ROME 4.0 title that names more precisely a job the
        # words name exactly in an older appellation ("palefrenier": Palefrenier soigneur)
        if whole and (best.exact or (best.titled and any(r.exact for _, r in found))):
            return Understanding(exact=(best_code,), as_=best.name.text)
        # a typo's reading ("policier": licier) only when no code holds the words as typed or begun
        close = [c for c, r in found if r.worst > Match.TYPO] or [c for c, _ in found]
        return Understanding(close=tuple(close[:UNDERSTOOD_CLOSE]), as_=best.name.text)

    def codes_for_wish(self, text: str) -> set[str]:
        """The codes a free-text wish names exactly (the rest of `understand` is for neighbours)."""
        return set(self.understand(text).exact)

    def _query_words(self, text: str, fillers: frozenset[str]) -> tuple[str, ...]:
        """The typed words, with abbreviations and everyday names spelt out: a name of several words
        ("femme de ménage") only when it is the whole query, a single word ("advf") anywhere."""
        typed = _lemmas(words(text, TITLE_FILLERS | DIPLOMA_WORDS | fillers), self._lemma)
        whole = " ".join(typed)
        if " " in whole and whole in self.abbreviations:
            return _lemmas(self.abbreviations[whole], self._lemma)
        spelt = (w for word in typed for w in self.abbreviations.get(word, (word,)))
        return tuple(dict.fromkeys(_lemmas(tuple(spelt), self._lemma)))

    def _found(self, text: str, fillers: frozenset[str]) -> tuple[list[tuple[str, "_Ranked"]], bool]:
        """The codes whose names hold every typed word, and True — save, with False, who works in
        a field no name begins with (`_workers`: « couture »), and the job typed when the names
        holding every word read its place as part of another job (« vendeur en magasin »). When no
        name holds every word, and False: the job without the words no title has, when most words
        are known ("aide-soignante en EHPAD"); else the job without the place it is done in
        ("caissière en supermarché": caissière); else, every word found in some name as typed or
        begun (none unknown, like « martien »), the trade the first word names ("vendeur textile":
        vendeur); its words matched as typed or begun, not by a typo."""
        typed = self._query_words(text, fillers)
        matches = [self._word_matches(w, last=i == len(typed) - 1) for i, w in enumerate(typed)]
        found = self._ranked(typed, matches)
        if not found or not (found[0][1].headed or self._names_only_the_place(found[0][1].name, matches)):
            workers = self._workers(typed)
            if workers:
                codes = {c for c, _ in workers}
                return workers + [f for f in found if f[0] not in codes], False
        job, place = (*SETTING.split(fold(text), maxsplit=1), "")[:2]
        head = self._query_words(job, fillers) if place.strip() else ()
        aligned = bool(head) and typed[: len(head)] == head  # no everyday name spelt out over the two
        if found and aligned and self._reads_the_place_as_the_job(found[0][1].name, matches[len(head) :]):
            in_a_place = self._as_typed_or_begun(head)  # « vendeur en magasin »: not Magasinier vendeur
            if in_a_place:
                return in_a_place, False
        if found or len(typed) < 2:
            return found, True
        known = [i for i, m in enumerate(matches) if m]
        if len(known) < len(typed) and 2 * len(known) > len(typed):
            found = self._ranked(tuple(typed[i] for i in known), [matches[i] for i in known])
            if found:
                return found, False
        if head and head != typed:
            found = self._as_typed_or_begun(head)
        every_word_known = all(max(m.values(), default=0) >= Match.PREFIX for m in matches)
        if not found and every_word_known and typed[0] in self._trades:
            found = self._as_typed_or_begun(typed[:1])
        return found, False

    @staticmethod
    def _names_only_the_place(name: Name, matches: list[dict[str, Match]]) -> bool:
        """Whether the typed words only say where this name's job is done (« restauration »:
        Serveur en restauration)."""
        return not any(w in m for m in matches for job in name.done_in for w in job)

    @staticmethod
    def _reads_the_place_as_the_job(name: Name, place: list[dict[str, Match]]) -> bool:
        """Whether the words typed after « en », « à », « chez »… (where the job is done) only
        begin words of the job itself in this name (« magasin »: Magasinier vendeur); the same word
        as typed is the same place, however the name puts it (« aide à la personne »: Auxiliaire de
        vie aux personnes)."""
        job = frozenset().union(*name.done_in)
        return any(m[w] < Match.EXACT for m in place for w in job if w in m)

    def _workers(self, typed: tuple[str, ...]) -> list[tuple[str, "_Ranked"]]:
        """The jobs of who works in the typed field, when a typed word heads no job's name and
        its ending derives a word that does (« couture »: Couturier); none otherwise."""
        # a post above the entry level is never who works in a field (« pharmacie »: not Pharmacien)
        derived = tuple(
            w if w in self._trades else next((d for d in workers_of(w) if self._is_worker(d)), w) for w in typed
        )
        if derived == typed:
            return []
        return [(c, r) for c, r in self._as_typed_or_begun(derived) if r.headed and not r.above_entry]

    def _is_worker(self, word: str) -> bool:
        return word in self._trades and word not in SENIOR_POSTS

    def _as_typed_or_begun(self, typed: tuple[str, ...]) -> list[tuple[str, "_Ranked"]]:
        matches = [self._word_matches(w, last=i == len(typed) - 1) for i, w in enumerate(typed)]
        return [(c, r) for c, r in self._ranked(typed, matches) if r.worst >= Match.PREFIX]

    def _ranked(self, typed: tuple[str, ...], matches: list[dict[str, Match]]) -> list[tuple[str, "_Ranked"]]:
        """Codes whose names hold every typed word (`matches`: what each may be), best name first (a
        title before an appellation); between equal names, the code with more of its names matching
        (the job the words most often name) comes first."""
        if not typed:
            return []
        candidates = set.intersection(*(set(self._names_with(m)) for m in matches))
        best: dict[str, _Ranked] = {}
        hits: dict[tuple[str, bool], int] = defaultdict(int)  # names of a code the words head, or not
        for i in candidates:
            name = self._names[i]
            ranked = _Ranked.of(name, typed, matches, self._titles.get(name.code))
            code = ranked.name.code
            hits[code, ranked.headed] += 1
            if code not in best or ranked.key < best[code].key:
                best[code] = ranked
        # names the words head count alone once a code is found by one: « vente » heads one name of
        # Vente en alimentation and of Vente de voyages, whatever else mentions sales
        return sorted(best.items(), key=lambda item: (*item[1].key[:8], -hits[item[0], item[1].headed], item[0]))

    def _names_with(self, matches: dict[str, Match]) -> Iterable[int]:
        for word in matches:
            yield from self._by_word.get(word, ())

    def _word_matches(self, word: str, last: bool) -> dict[str, Match]:
        """Indexed words a typed word may be: itself, those it begins (while typing, or long
        enough), and those one or two letters away."""
        found: dict[str, Match] = {}
        if last or len(word) >= 3:
            start = bisect.bisect_left(self._vocabulary, word)
            for indexed in self._vocabulary[start:]:
                if not indexed.startswith(word):
                    break
                found[indexed] = Match.PREFIX
        if len(word) >= TYPO_MIN_LENGTH:
            for spelt, _, _ in process.extract(
                word, self._spellings, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=TYPO_CANDIDATES
            ):
                if not _prefixed_to(spelt, word):
                    found.setdefault(self._lemma.get(spelt, spelt), Match.TYPO)
        if word in self._by_word:
            found[word] = Match.EXACT
        return found

    # -- job fit ---------------------------------------------------------------------------------

    def _index_for_fit(self) -> None:
        """Each code's domain, sectors and links as arrays, for `_fit_table`."""
        domains = {d: i for i, d in enumerate(sorted({c.subdomain for c in self.codes}))}
        sectors = {s: i for i, s in enumerate(sorted({s for c in self.codes for s in c.sectors}))}
        matrix = np.zeros((len(self.codes), max(len(sectors), 1)), dtype=np.bool_)
        for i, c in enumerate(self.codes):
            matrix[i, [sectors[s] for s in c.sectors]] = True
        object.__setattr__(self, "_subdomains", np.array([domains[c.subdomain] for c in self.codes]))
        object.__setattr__(self, "_sectors", matrix)
        linked = [[self.index[o] for o in c.linked if o in self.index] for c in self.codes]
        object.__setattr__(self, "_linked", linked)

    def fit_table(self, wished: Iterable[str], close: Iterable[str] = ()) -> np.ndarray:
        """Job fit of every code against wished codes (and codes a wish only came close to, which
        count as neighbours at most), indexed like `codes` (read-only)."""
        key = (frozenset(w for w in wished if w in self.index), frozenset(c for c in close if c in self.index))
        table = self._fit_tables.get(key)
        if table is None:
            if len(self._fit_tables) >= FIT_TABLE_CACHE:
                self._fit_tables.clear()
            table = self._fit_tables[key] = self._fit_table(*key)
            table.flags.writeable = False
        return table

    def _fit_table(self, wished: frozenset[str], close: frozenset[str]) -> np.ndarray:
        """Written weakest first, so that a stronger fit overrides a weaker one (vectorised: a new
        combination of wishes is met at most matches)."""
        fit = np.zeros(len(self.codes), dtype=np.float64)
        w = np.array(sorted(self.index[c] for c in wished), dtype=np.intp)
        near = [self.index[c] for c in close]
        if len(w):
            sectors = self._sectors[w].any(axis=0)
            fit[self._sectors[:, sectors].any(axis=1)] = FIT_SECTOR
            fit[np.isin(self._subdomains, self._subdomains[w])] = FIT_SUBDOMAIN
            near += [j for i in w for j in self._linked[i]]
        fit[np.array(near, dtype=np.intp)] = FIT_LINKED
        fit[w] = FIT_EXACT
        return fit


@dataclass(frozen=True, slots=True)
class _Ranked:
    """One name matched by every typed word, and its place in the list."""

    name: Name
    exact: bool  # the typed words are, word for word, one of the name's forms
    titled: bool  # a title holding every typed word as it is typed
    worst: Match  # how the worst-matched typed word matched
    above_entry: bool  # a post above the entry level, not typed nor begun (`SENIOR_POSTS`)
    headed: bool  # the first typed word begins the name: the name is of that job, not qualified by it
    key: tuple[bool, int, int, bool, bool, int, int, int, str]

    @classmethod
    def of(cls, name: Name, typed: tuple[str, ...], matches: list[dict[str, Match]], title: Name | None) -> "_Ranked":
        quality = [max(m.get(w, 0) for w in name.vocabulary) for m in matches]
        exact = any(set(form) == set(typed) for form in name.forms)
        # an exact title; an exact appellation of a code whose title says it too; a title holding
        # every typed word ("palefrenier": Palefrenier soigneur, ROME 4.0); other exact names
        # (a v3 appellation filed under an older, vaguer code); then the rest. Then the
        # worst-matched word, all words together, the more general (shorter) name, titles first.
        titled = title is not None and set(typed) <= title.vocabulary
        # the typed job heads the name (« électricité »: Électricité bâtiment), rather than qualifying
        # another job (Bobinier en électricité)
        headed = any(m.get(form[0], 0) >= Match.PREFIX for m in matches[:1] for form in name.forms)
        # a title naming the typed job with one more word at most ("Palefrenier soigneur"), not
        # another job that merely holds the word ("Caissier de l'emballage industriel")
        whole_words_title = (
            name.source is Source.TITLE and min(quality) == Match.EXACT and name.length <= len(typed) + 1 and headed
        )
        if not exact:
            tier = 2 if whole_words_title else 4
        elif name.source is Source.TITLE:
            tier = 0
        else:  # the code's own v3 title, or an appellation its title confirms, beat a vaguer code's
            tier = 1 if name.source is Source.FIELD or titled else 3
        # first of all, a post above the entry level that was not typed nor begun (« vente »: Directeur
        # des ventes), by this name or by its code's title, comes after the jobs a youth starts in
        heads = {name.forms[0][0], *(title.forms[0][:1] if title else ())}
        ranked_above = any(h in SENIOR_POSTS and all(m.get(h, 0) < Match.PREFIX for m in matches) for h in heads)
        # the typed job, done somewhere (« plongeur »: Plongeur en restauration), before a job the
        # typed words begin (Plongeur subaquatique)
        as_typed = any(job == set(typed) for job in name.done_in)
        key = (
            ranked_above,
            tier,
            -min(quality),
            not headed,
            not as_typed,
            -sum(quality),
            name.length,
            name.source,
            name.code,
        )
        return cls(name, exact, whole_words_title, Match(min(quality)), ranked_above, headed, key)


def referential_from_rows(
    rows: Iterable[dict[str, str]], abbreviations: dict[str, tuple[str, ...]] | None = None
) -> RomeReferential:
    """Codes from rows (code, label, and optionally appellations, linked_codes, field_label, sectors:
    lists `|`-separated). Links are made both ways, and a v4 title that a v3 appellation names under
    an older code makes the two codes successors of each other."""
    codes = {
        r["code"]: RomeCode(
            r["code"],
            r["label"],
            _listed(r.get("appellations")),
            _listed(r.get("linked_codes")),
            r.get("field_label") or "",
            _listed(r.get("sectors")),
        )
        for r in rows
    }
    links: dict[str, set[str]] = {c: set() for c in codes}
    for c in codes.values():
        for other in c.linked:
            if other in links and other != c.code:
                links[c.code].add(other)
                links[other].add(c.code)
    titled = {fold(form): c.code for c in codes.values() for form in gender_forms(c.label)}
    for c in codes.values():
        for appellation in c.appellations:
            successor = titled.get(fold(gender_forms(appellation)[0]))
            if successor is not None and successor != c.code:
                links[c.code].add(successor)
                links[successor].add(c.code)
    return RomeReferential(
        tuple(
            RomeCode(c.code, c.label, c.appellations, tuple(sorted(links[c.code])), c.field_label, c.sectors)
            for c in sorted(codes.values(), key=lambda c: c.code)
        ),
        abbreviations or {},
    )


def _listed(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("|") if v)


def _data(name: str) -> list[dict[str, str]]:
    text = (importlib.resources.files("matching") / "data" / name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@lru_cache(maxsize=1)
def packaged_abbreviations() -> dict[str, tuple[str, ...]]:
    return {" ".join(words(r["abbreviation"])): words(r["means"]) for r in _data("job_abbreviations.csv")}


@lru_cache(maxsize=1)
def packaged_referential() -> RomeReferential:
    appellations: dict[str, list[str]] = defaultdict(list)
    for r in _data("rome_appellations.csv"):
        appellations[r["rome_code"]].append(r["appellation"])
    linked: dict[str, list[str]] = defaultdict(list)
    for r in _data("rome_mobilities.csv"):
        linked[r["rome_code"]].append(r["linked_rome_code"])
    rows = (
        {
            "code": r["code"],
            "label": r["label"],
            "appellations": "|".join(appellations[r["code"]]),
            "linked_codes": "|".join(linked[r["code"]]),
            "field_label": r["label_rome_v3"],
            "sectors": r["naf_sectors"],
        }
        for r in _data("rome_codes.csv")
    )
    return referential_from_rows(rows, packaged_abbreviations())
