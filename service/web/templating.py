"""Jinja2 templates (autoescaped) and the French labels the pages show."""

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from geo.travel import MODE_LABELS_FR, TravelMode
from matching.explain import french_date
from matching.vocabulary import KIND_LABELS_FR, ItemKind, OrganisationKind, PartnershipType
from service.models import PositioningStatus, Role
from service.models.positioning import ENDINGS as ENDING_STATUSES
from service.models.positioning import PositioningReason

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

KIND_LABELS = {kind: label[0].upper() + label[1:] for kind, label in KIND_LABELS_FR.items()}
MODE_LABELS = MODE_LABELS_FR
STATUS_LABELS = {
    PositioningStatus.PROPOSED: "Proposé",
    PositioningStatus.POSITIONED: "Positionné",
    PositioningStatus.SELECTED: "Retenu",
    PositioningStatus.ENTERED: "Entré",
    PositioningStatus.COMPLETED: "Terminé",
    PositioningStatus.REFUSED: "Refusé",
    PositioningStatus.WITHDRAWN: "Retiré",
    PositioningStatus.ABANDONED: "Abandon",
}
REASON_LABELS = {
    PositioningReason.NOT_MOBILE: "Trajet impossible ou trop long",
    PositioningReason.LEVEL: "Niveau ou prérequis",
    PositioningReason.NOT_SELECTED: "Non retenu après entretien",
    PositioningReason.NO_ANSWER: "Sans réponse",
    PositioningReason.FOUND_ELSEWHERE: "A trouvé une autre solution",
    PositioningReason.NO_SHOW: "Ne s'est pas présenté",
    PositioningReason.HEALTH: "Santé",
    PositioningReason.FAMILY: "Raisons familiales",
    PositioningReason.HOUSING: "Logement",
    PositioningReason.MONEY: "Difficultés financières",
    PositioningReason.OTHER: "Autre (préciser)",
}
LEVEL_LABELS = {
    0: "Aucun",
    2: "Infra 3 (sans diplôme)",
    3: "3 (CAP, BEP)",
    4: "4 (Bac)",
    5: "5 (Bac+2)",
    6: "6 (Licence)",
    7: "7 (Master)",
    8: "8 (Doctorat)",
}
ROLE_LABELS = {
    Role.ADVISER: "Conseiller·ère",
    Role.BUSINESS_OFFICER: "Chargé·e de relation entreprise",
    Role.TRAINING_BODY: "Organisme de formation",
    Role.ADMIN: "Administration",
}
ORG_KIND_LABELS = {
    OrganisationKind.MISSION_LOCALE: "Mission Locale",
    OrganisationKind.TRAINING_BODY: "Organisme de formation",
    OrganisationKind.CFA: "CFA",
    OrganisationKind.EMPLOYER: "Employeur",
    OrganisationKind.SIAE: "SIAE",
    OrganisationKind.OTHER: "Autre",
}
PARTNERSHIP_LABELS = {
    PartnershipType.CONVENTION: "Convention",
    PartnershipType.CHARTE_ALTERNANCE: "Charte alternance",
    PartnershipType.REFERRAL: "Orientation de jeunes",
    PartnershipType.TRAINING_PARTNER: "Partenaire de formation",
    PartnershipType.IMMERSION_HOST: "Accueil en immersion",
    PartnershipType.OTHER: "Autre",
}


def date_fr(day: date | None) -> str:
    return french_date(day) if day else "—"


templates.env.filters["date_fr"] = date_fr
templates.env.filters["reason_label"] = lambda value: REASON_LABELS.get(PositioningReason(value), value)
templates.env.globals.update(
    KIND_LABELS=KIND_LABELS,
    MODE_LABELS=MODE_LABELS,
    STATUS_LABELS=STATUS_LABELS,
    REASON_LABELS=REASON_LABELS,
    ENDINGS=ENDING_STATUSES,
    LEVEL_LABELS=LEVEL_LABELS,
    ORG_KIND_LABELS=ORG_KIND_LABELS,
    PARTNERSHIP_LABELS=PARTNERSHIP_LABELS,
    ROLE_LABELS=ROLE_LABELS,
    Role=Role,
    ItemKind=ItemKind,
    TravelMode=TravelMode,
)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status_code)
