"""What recruits and trains in Hauts-de-France, per sector: the demo's catalogue templates.

Levels: target and entry levels of the national framework (0 = no entry requirement).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionTemplate:
    title: str
    rome_codes: tuple[str, ...]
    target_level: int
    entry_level: int = 0
    min_age: int | None = None


@dataclass(frozen=True)
class JobTemplate:
    title: str
    rome_code: str
    level_required: int = 0
    licence: bool = False
    adults_only: bool = False


@dataclass(frozen=True)
class Sector:
    name: str
    label: str
    sessions: tuple[SessionTemplate, ...]
    jobs: tuple[JobTemplate, ...]
    employer_names: tuple[str, ...]
    weight: float


S, J = SessionTemplate, JobTemplate
SECTORS = (
    Sector(
        "care",
        "aide et soin à la personne",
        (
            S("CAP Accompagnant éducatif petite enfance", ("K1303",), 3),
            S("DE Accompagnant éducatif et social", ("K1302",), 3),
            S("Titre pro Assistant de vie aux familles", ("K1302", "K1304"), 3),
            S("DE Aide-soignant", ("J1501",), 4),
            S("BTS Services et prestations des secteurs sanitaire et social", ("K1305", "M1602"), 5, 4),
        ),
        (
            J("Aide à domicile", "K1302"),
            J("Auxiliaire de vie", "K1302", licence=True),
            J("Agent de service hospitalier", "J1301"),
            J("Aide-soignant", "J1501", 4),
            J("Agent d'entretien", "K2204"),
            J("Garde d'enfants", "K1303", adults_only=True),
        ),
        (
            "EHPAD Les Tilleuls",
            "SAAD Aide et Vie",
            "Centre hospitalier",
            "Crèche Les Petits Pas",
            "Résidence Les Charmilles",
            "ADMR",
        ),
        1.4,
    ),
    Sector(
        "logistics",
        "logistique",
        (
            S("Titre pro Préparateur de commandes en entrepôt", ("N1103",), 3),
            S("CACES R489 Cariste (catégories 1, 3, 5)", ("N1101",), 3, min_age=18),
            S("Titre pro Agent magasinier", ("N1103", "N1105"), 3),
            S("Bac pro Logistique", ("N1103",), 4),
            S("BTS Gestion des transports et logistique associée", ("N1103", "N4101"), 5, 4),
        ),
        (
            J("Préparateur de commandes", "N1103"),
            J("Cariste", "N1101", adults_only=True),
            J("Manutentionnaire", "N1105"),
            J("Magasinier", "N1103", 3),
        ),
        ("Entrepôt Nord Logistique", "Plateforme Artois Distribution", "Logistique des Flandres", "Hub Picardie Colis"),
        1.3,
    ),
    Sector(
        "building",
        "bâtiment et travaux publics",
        (
            S("CAP Maçon", ("F1703",), 3),
            S("CAP Électricien", ("F1602",), 3),
            S("CAP Peintre applicateur de revêtements", ("F1606",), 3),
            S("CAP Monteur en installations sanitaires", ("F1603",), 3),
            S("Titre pro Plaquiste", ("F1601",), 3),
            S("Bac pro Technicien du bâtiment organisation et réalisation du gros œuvre", ("F1703", "F1701"), 4, 3),
            S("BTS Bâtiment", ("F1104", "F1201"), 5, 4),
        ),
        (
            J("Aide maçon", "F1704"),
            J("Maçon", "F1703", 3),
            J("Électricien du bâtiment", "F1602", 3),
            J("Peintre en bâtiment", "F1606"),
            J("Ouvrier des travaux publics", "F1702"),
            J("Plombier chauffagiste", "F1603", 3, licence=True),
        ),
        ("Bâtiment Lefebvre", "Maçonnerie Dubois", "Électricité Martin", "Travaux Publics du Nord", "Peinture Leroy"),
        1.2,
    ),
    Sector(
        "industry",
        "industrie",
        (
            S("Titre pro Agent de fabrication industrielle", ("H2909", "H3302"), 3),
            S("CAP Conducteur d'installations de production", ("H2102", "H3301"), 3),
            S("Titre pro Soudeur TIG électrode enrobée", ("H2913",), 3),
            S("Bac pro Maintenance des systèmes de production connectés", ("I1304",), 4, 3),
            S("BTS Maintenance des systèmes", ("I1304", "I1310"), 5, 4),
        ),
        (
            J("Opérateur de production", "H3302"),
            J("Monteur assembleur", "H2909"),
            J("Soudeur", "H2913", 3),
            J("Conducteur de ligne agroalimentaire", "H2102"),
            J("Technicien de maintenance", "I1304", 4),
        ),
        ("Métallerie du Hainaut", "Agroalimentaire de l'Artois", "Usine Verrière", "Mécanique de Précision"),
        1.0,
    ),
    Sector(
        "retail",
        "commerce et grande distribution",
        (
            S("CAP Équipier polyvalent du commerce", ("D1507", "D1505"), 3),
            S("Titre pro Employé commercial en magasin", ("D1507",), 3),
            S("CAP Boulanger", ("D1102",), 3),
            S("Bac pro Métiers du commerce et de la vente", ("D1106", "D1214"), 4, 3),
            S("BTS Management commercial opérationnel", ("D1501",), 5, 4),
        ),
        (
            J("Employé libre-service", "D1507"),
            J("Caissier", "D1505"),
            J("Vendeur en boulangerie", "D1102"),
            J("Vendeur en prêt-à-porter", "D1214"),
            J("Boucher", "D1101", 3),
        ),
        ("Supermarché du Centre", "Boulangerie Lemaire", "Hypermarché de la Côte", "Boucherie Caron"),
        1.1,
    ),
    Sector(
        "catering",
        "hôtellerie-restauration",
        (
            S("CAP Cuisine", ("G1602",), 3),
            S("CAP Commercialisation et services en hôtel-café-restaurant", ("G1803",), 3),
            S("Titre pro Agent de restauration", ("G1603",), 3),
            S("Bac pro Cuisine", ("G1602",), 4, 3),
        ),
        (
            J("Commis de cuisine", "G1602"),
            J("Serveur", "G1803"),
            J("Plongeur", "G1605"),
            J("Équipier polyvalent de restauration", "G1603"),
            J("Femme / valet de chambre", "G1501"),
        ),
        ("Restaurant Le Beffroi", "Brasserie de la Gare", "Hôtel du Golf", "Cuisine Centrale"),
        1.0,
    ),
    Sector(
        "transport",
        "transport",
        (
            S("Titre pro Conducteur livreur sur véhicule utilitaire léger", ("N4105",), 3, min_age=18),
            S("Titre pro Conducteur du transport routier de marchandises sur porteur", ("N4101",), 3, min_age=18),
            S("Titre pro Conducteur du transport en commun sur route", ("N4103",), 3, min_age=21),
        ),
        (
            J("Chauffeur livreur", "N4105", licence=True, adults_only=True),
            J("Conducteur de bus", "N4103", 3, licence=True, adults_only=True),
        ),
        ("Transports Delattre", "Messagerie Express Nord", "Autocars de l'Aa"),
        0.6,
    ),
    Sector(
        "digital",
        "numérique",
        (
            S("Titre pro Technicien d'assistance en informatique", ("M1810",), 4, 3),
            S("Titre pro Développeur web et web mobile", ("M1805",), 5, 4),
            S("BTS Services informatiques aux organisations", ("M1801", "M1805"), 5, 4),
            S("Licence pro Métiers de l'informatique", ("M1805",), 6, 5),
        ),
        (
            J("Technicien support informatique", "M1810", 4),
            J("Développeur web", "M1805", 5),
        ),
        ("Agence Numérique Lilloise", "ESN des Hauts", "Studio Web Amiénois"),
        0.5,
    ),
)

SIAE_ACTIVITIES = (
    ("ACI", "Jardins d'insertion", "A1203", "Agent d'entretien des espaces verts"),
    ("ACI", "Recyclerie solidaire", "K2304", "Agent de tri et de valorisation"),
    ("ACI", "Chantier bâtiment solidaire", "F1704", "Ouvrier polyvalent du bâtiment"),
    ("EI", "Propreté solidaire", "K2204", "Agent de propreté"),
    ("ETTI", "Intérim d'insertion", "N1105", "Manutentionnaire"),
    ("AI", "Services à domicile solidaires", "K1304", "Agent à domicile"),
    ("EITI", "Coopérative de livreurs à vélo", "N4105", "Livreur à vélo"),
)
