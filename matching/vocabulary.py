"""The field's vocabulary: kinds of partners and offers, qualification levels, programmes."""

from enum import StrEnum


class OrganisationKind(StrEnum):
    MISSION_LOCALE = "mission_locale"
    TRAINING_BODY = "training_body"
    CFA = "cfa"
    EMPLOYER = "employer"
    SIAE = "siae"
    OTHER = "other"


class SiaeKind(StrEnum):
    ACI = "ACI"  # atelier et chantier d'insertion
    AI = "AI"  # association intermédiaire
    EI = "EI"  # entreprise d'insertion
    ETTI = "ETTI"  # entreprise de travail temporaire d'insertion
    EITI = "EITI"  # entreprise d'insertion par le travail indépendant


class PartnershipType(StrEnum):
    CONVENTION = "convention"
    CHARTE_ALTERNANCE = "charte_alternance"
    REFERRAL = "referral"
    TRAINING_PARTNER = "training_partner"
    IMMERSION_HOST = "immersion_host"
    OTHER = "other"


class ItemKind(StrEnum):
    """What a youth can be positioned on."""

    SESSION = "session"
    JOB = "job"
    APPRENTICESHIP = "apprenticeship"
    PROFESSIONALISATION = "professionalisation"
    IMMERSION = "immersion"  # PMSMP
    SIAE_POST = "siae_post"


# What each kind is called, in a sentence for the youth ("immersion (PMSMP) chez …") and on the pages.
KIND_LABELS_FR = {
    ItemKind.SESSION: "formation",
    ItemKind.APPRENTICESHIP: "apprentissage",
    ItemKind.PROFESSIONALISATION: "contrat de professionnalisation",
    ItemKind.JOB: "emploi",
    ItemKind.SIAE_POST: "poste en SIAE",
    ItemKind.IMMERSION: "immersion (PMSMP)",
}


OFFER_KINDS = tuple(k for k in ItemKind if k is not ItemKind.SESSION)
PLACEMENT_KINDS = tuple(k for k in ItemKind if k is not ItemKind.IMMERSION)


class Modality(StrEnum):
    ON_SITE = "on_site"
    DISTANCE = "distance"
    MIXED = "mixed"


class Funding(StrEnum):
    PRF = "PRF"  # programme régional de formation
    CPF = "CPF"
    OPCO = "OPCO"
    APPRENTICESHIP = "apprenticeship"
    OTHER = "other"


class Programme(StrEnum):
    CEJ = "CEJ"
    PACEA = "PACEA"
    NONE = "none"


class ContractType(StrEnum):
    CDI = "CDI"
    CDD = "CDD"
    INTERIM = "interim"
    APPRENTISSAGE = "apprentissage"
    PROFESSIONNALISATION = "professionnalisation"
    CDDI = "CDDI"  # contrat à durée déterminée d'insertion (SIAE)
    PMSMP = "PMSMP"


# Work alternating with a school (CFA or training body): a diploma is prepared there.
ALTERNATING_KINDS = frozenset({ItemKind.APPRENTICESHIP, ItemKind.PROFESSIONALISATION})
ALTERNATING_CONTRACTS = frozenset({ContractType.APPRENTISSAGE, ContractType.PROFESSIONNALISATION})


# National qualification levels (cadre national des certifications, 2019): 3 = CAP/BEP,
# 4 = bac, 5 = bac+2, 6 = bac+3/4, 7 = bac+5, 8 = doctorat. Stored as integers so they compare;
# INFRA_3 (no diploma) and NO_REQUIREMENT are the two ends below them; UNCERTIFIED the level a
# training that certifies none leads to.
NO_REQUIREMENT = 0
UNCERTIFIED = 0
INFRA_3 = 2
LEVELS = range(3, 9)

LEVEL_LABELS_FR = {
    INFRA_3: "sans diplôme",
    3: "CAP/BEP",
    4: "bac",
    5: "bac+2 (BTS, DEUST)",
    6: "bac+3 (licence, BUT)",
    7: "bac+5 (master)",
    8: "doctorat",
}

MAX_ROME_PER_ITEM = 5  # ROME codes an item is matched by: as many as LHEO gives a training (`code-ROME`)
