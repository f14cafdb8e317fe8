"""Reasons an adviser can read to the youth, in French."""

from datetime import date

import numpy as np

from geo.travel import MODE_LABELS_FR, TravelMode
from matching.graph import DIRECT, TWO_HOPS
from matching.model import Item
from matching.rome import FIT_EXACT, FIT_LINKED, FIT_SECTOR, FIT_SUBDOMAIN, RomeReferential, Understanding
from matching.vocabulary import LEVEL_LABELS_FR, NO_REQUIREMENT, UNCERTIFIED, ItemKind


def travel_reason(minutes: float, mode: TravelMode | None) -> str:
    label = MODE_LABELS_FR.get(mode, "") if mode else ""
    return f"À environ {round(minutes)} min {label}".strip()


def job_reason(
    item: Item,
    fit: float,
    wished: tuple[str, ...],
    fit_table: np.ndarray,
    rome: RomeReferential,
    understood: Understanding | None = None,
) -> str:
    """`understood`: the youth's free-text wish as read (`RomeReferential.understand`), if any."""
    code = _best_code(item, fit_table, rome)
    label = rome.label(code).lower() if code else item.title
    if not wished and not (understood and understood.codes):
        if understood is not None:
            return "Souhait non reconnu : précisez le métier"
        return "Pour découvrir un métier" if item.kind is ItemKind.IMMERSION else "Ouvert à tous les projets"
    return _fit_sentence(fit, label, code, item) + _read_as(understood)


def _fit_sentence(fit: float, label: str, code: str | None, item: Item) -> str:
    if fit >= FIT_EXACT:
        return f"Correspond à votre souhait : {label} ({code})"
    if fit >= FIT_LINKED:
        return f"Métier proche de votre souhait : {label} ({code})"
    if fit >= FIT_SUBDOMAIN:
        return f"Même famille de métiers que votre souhait : {label} ({code})"
    if fit >= FIT_SECTOR:
        return f"Même secteur d'activité que votre souhait : {label} ({code})"
    if fit > 0:
        return f"Intitulé proche de votre souhait : {item.title}"
    return "Éloigné de vos souhaits"


def _read_as(understood: Understanding | None) -> str:
    """How a wish typed in words was read, for the adviser to correct it if need be."""
    if understood is None or not understood.as_:
        return ""
    code = (understood.exact or understood.close)[0]
    return f" (compris comme : {understood.as_} ({code}))"


def _best_code(item: Item, fit_table: np.ndarray, rome: RomeReferential) -> str | None:
    codes = [c for c in item.rome_codes if c in rome]
    if not codes:
        return item.rome_codes[0] if item.rome_codes else None
    return max(codes, key=lambda c: fit_table[rome.index[c]])


def level_reason(item: Item, youth_level: int) -> str:
    if item.kind is not ItemKind.SESSION:
        if item.required_level == NO_REQUIREMENT:
            return "Aucun diplôme exigé"
        return f"Niveau demandé atteint : {LEVEL_LABELS_FR[item.required_level]}"
    if item.target_level == UNCERTIFIED:
        return "Formation non certifiante, ouverte quel que soit votre niveau"
    label = LEVEL_LABELS_FR.get(item.target_level, str(item.target_level))
    step = item.target_level - youth_level
    if step == 1:
        return f"Un niveau au-dessus du vôtre : {label}"
    if step == 0:
        return f"Au même niveau que le vôtre : {label}"
    if step > 1:
        return f"{step} niveaux au-dessus du vôtre : {label}"
    return f"En dessous de votre niveau : {label}"


MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre",
)  # fmt: skip


def french_date(day: date) -> str:
    """1er mars 2027, 3 mars 2027."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS_FR[day.month - 1]} {day.year}"


def timing_reason(item: Item, ready: date, today: date) -> str:
    """When it starts, counted from the day the youth is free; said from that day when it is
    later than today ("Disponible le 1er mars 2027 : démarrage le 3 mars 2027")."""
    if ready > today:
        return f"Disponible le {french_date(ready)} : {_start_from(item, ready)}"
    return _start_from_today(item, ready)


def _start_from(item: Item, ready: date) -> str:
    if item.permanent_entry or item.start_date is None or item.start_date <= ready:
        return "démarrage dès votre disponibilité"
    return f"démarrage le {french_date(item.start_date)}"


def _start_from_today(item: Item, ready: date) -> str:
    if item.permanent_entry:
        return "Entrée permanente"
    if item.start_date is None or (item.kind is not ItemKind.SESSION and item.start_date <= ready):
        return "Démarrage dès que possible"
    days = (item.start_date - ready).days
    if days < 0:
        return (
            "Déjà commencée, entrée en cours possible"
            if item.late_entry_allowed
            else "Commence avant votre disponibilité"
        )
    if days == 0:
        return "Commence aujourd'hui"
    return f"Commence dans {days} jour{'s' if days > 1 else ''}"


def network_reason(value: float) -> str:
    if value >= DIRECT:
        return "Partenaire direct de votre Mission Locale"
    if value > TWO_HOPS:
        return "Partenaire qui a déjà accueilli des jeunes de votre Mission Locale"
    if value >= TWO_HOPS:
        return "Partenaire d'un partenaire de votre Mission Locale"
    if value > 0:
        return "A déjà accueilli des jeunes de votre Mission Locale"
    return "Pas encore partenaire de votre Mission Locale"


def places_reason(item: Item) -> str:
    if item.places_left is None:
        return "Nombre de places non communiqué"
    unit, agreement = ("place", "e") if item.kind is ItemKind.SESSION else ("poste", "")  # une place, un poste
    plural = "s" if item.places_left > 1 else ""
    return f"{item.places_left} {unit}{plural} restant{agreement}{plural}"


FAR = 2 / 3  # of the youth's maximum travel time
LATE_START_DAYS = 90
FEW_PLACES = 2


def weak_points(item: Item, fit: float | None, minutes: float, max_minutes: int, ready: date) -> tuple[str, ...]:
    """What may hold the youth back, in their terms: not the wished job, far, starting long after
    they are free, few places left. `fit` is None when the youth stated no wish."""
    weak = []
    if fit is not None and fit < FIT_EXACT:
        weak.append("ce n'est pas le métier souhaité" if fit < FIT_LINKED else "un métier proche, pas celui souhaité")
    if minutes > FAR * max_minutes:
        weak.append(f"c'est loin ({round(minutes)} min, pour {max_minutes} au plus)")
    if item.start_date is not None and not item.permanent_entry and (item.start_date - ready).days > LATE_START_DAYS:
        weak.append(f"ne commence que le {french_date(item.start_date)}")
    if item.places_left is not None and item.places_left <= FEW_PLACES:
        unit = "place" if item.kind is ItemKind.SESSION else "poste"
        weak.append(f"plus que {item.places_left} {unit}{'s' if item.places_left > 1 else ''}")
    return tuple(weak)
