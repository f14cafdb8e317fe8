"""Reasons an adviser can read to the youth, in French."""

from datetime import date

import numpy as np

from geo.travel import MODE_LABELS_FR, TravelMode
from matching.graph import DIRECT, TWO_HOPS
from matching.model import Item
from matching.rome import FIT_EXACT, FIT_LINKED, FIT_SECTOR, FIT_SUBDOMAIN, RomeReferential, Understanding
from matching.vocabulary import LEVEL_LABELS_FR, NO_REQUIREMENT, ItemKind


def travel_reason(minutes: float, mode: TravelMode | None) -> str:
    label = MODE_LABELS_FR.get(mode, "") if mode else ""
    return f"À {round(minutes)} min {label}".strip()


def job_reason(
    item: Item, fit: float, wished: tuple[str, ...], fit_table: np.ndarray, rome: RomeReferential, wish_text: str = ""
) -> str:
    code = _best_code(item, fit_table, rome)
    label = rome.label(code).lower() if code else item.title
    understood = rome.understand(wish_text) if wish_text.strip() else None
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
    label = LEVEL_LABELS_FR.get(item.target_level, str(item.target_level))
    step = item.target_level - youth_level
    if step == 1:
        return f"Un niveau au-dessus du vôtre : {label}"
    if step == 0:
        return f"Au même niveau que le vôtre : {label}"
    if step > 1:
        return f"{step} niveaux au-dessus du vôtre : {label}"
    return f"En dessous de votre niveau : {label}"


def timing_reason(item: Item, ready: date) -> str:
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
    unit = "place" if item.kind is ItemKind.SESSION else "poste"
    n = item.places_left
    return f"{n} {unit}{'s' if n > 1 else ''} restant{'s' if n > 1 else ''}"
