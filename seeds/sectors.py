"""What recruits and trains youths in Hauts-de-France, per sector: the demo's templates.

Each sector says where its employers sit (a size of town, or the real hubs of the activity), what
kinds of employer it has (each hiring for its own jobs: a retirement home never hires a
childminder) and which sessions train for it. Levels are those of the national framework
(0 = no entry requirement). Names are patterns filled with local surnames and areas, so that no
two employers of the demo look cloned.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionTemplate:
    title: str
    rome_codes: tuple[str, ...]
    target_level: int
    entry_level: int = 0
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class JobTemplate:
    title: str
    rome_code: str
    level_required: int = 0
    licence: bool = False
    adults_only: bool = False


@dataclass(frozen=True)
class EmployerType:
    names: tuple[str, ...]  # patterns: {surname}, {area}, {town}, {first}, {residence}, {child}
    jobs: tuple[JobTemplate, ...]
    min_population: int = 0


@dataclass(frozen=True)
class Sector:
    name: str
    label: str
    sessions: tuple[SessionTemplate, ...]
    employers: tuple[EmployerType, ...]
    weight: float
    min_population: int = 0  # where its employers and training bodies sit...
    max_population: int = 10_000_000
    hubs: tuple[str, ...] = ()  # ...or, first, in these towns (the activity's real sites)
    business_park: bool = False  # sites in business parks rather than town streets

    @property
    def jobs(self) -> tuple[JobTemplate, ...]:
        return tuple(j for e in self.employers for j in e.jobs)


# The region's logistics parks (Delta 3, Actiparc, the A1/A2/A26 junctions, the ports) and the towns
# whose hotels and restaurants live from the sea or the races.
LOGISTICS_HUBS = (
    "Lauwin-Planque", "Dourges", "Lesquin", "Fretin", "Roye", "Saint-Quentin", "Compiègne", "Boves", "Harnes",
    "Vendin-le-Vieil", "Calais", "Dunkerque", "Saint-Laurent-Blangy", "Noyelles-Godault", "Douvrin", "Beauvais",
    "Laon", "Villers-Cotterêts", "Cambrai", "Prouvy", "Hénin-Beaumont", "Longueil-Sainte-Marie", "Estrées-Mons",
    "Marquion", "Arques", "Boulogne-sur-Mer", "Béthune",
)  # fmt: skip
SEASIDE_AND_RACING = (
    "Le Touquet-Paris-Plage", "Berck", "Wimereux", "Fort-Mahon-Plage", "Saint-Valery-sur-Somme", "Le Crotoy",
    "Bray-Dunes", "Chantilly",
)  # fmt: skip

S, J, E = SessionTemplate, JobTemplate, EmployerType
SECTORS = (
    Sector(
        "care",
        "aide et soin à la personne",
        (
            S("CAP Accompagnant éducatif petite enfance", ("K1303", "K1307"), 3),
            S("DE Accompagnant éducatif et social", ("K1306",), 3),
            S("Titre pro Assistant de vie aux familles", ("K1311", "K1304"), 3),
            S("DE Aide-soignant", ("J1501",), 4, min_age=17),
            S("DE Auxiliaire de puériculture", ("J1304",), 4, min_age=17),
            S("BTS Services et prestations des secteurs sanitaire et social", ("K1305",), 5, 4),
        ),
        (
            E(
                ("EHPAD {residence}", "Résidence {residence}", "Maison de retraite {residence}"),
                (
                    J("Agent de service hospitalier", "J1301"),
                    J("Aide-soignant", "J1501", 4),
                    J("Accompagnant éducatif et social", "K1306", 3),
                ),
            ),
            E(
                ("Aide à domicile {area}", "Domicile Services {area}", "Les Mains Tendues {area}", "SAAD {surname}"),
                (J("Aide à domicile", "K1304"), J("Auxiliaire de vie", "K1302", licence=True)),
            ),
            E(
                ("Crèche {child}", "Micro-crèche {child}", "Multi-accueil {child}"),
                (J("Animateur petite enfance", "K1307", 3), J("Agent de service hospitalier", "J1301")),
            ),
            E(
                ("Centre hospitalier de {town}", "Polyclinique de {town}"),
                (J("Agent de service hospitalier", "J1301"), J("Brancardier", "J1308", adults_only=True)),
                min_population=20_000,
            ),
        ),
        1.4,
        min_population=2_000,
    ),
    Sector(
        "logistics",
        "logistique",
        (
            S("Titre pro Préparateur de commandes en entrepôt", ("N1103",), 3),
            S("CACES R489 Cariste (catégories 1, 3, 5)", ("N1101",), 3, min_age=18),
            S("Titre pro Agent magasinier", ("N1110", "N1103"), 3),
            S("Bac pro Logistique", ("N1115", "N1110"), 4),
            S("BTS Gestion des transports et logistique associée", ("N1115", "N1110"), 5, 4),
        ),
        (
            E(
                ("Entrepôts {surname}", "Plateforme logistique {area}", "Logistique {area}", "Stock et Flux {area}"),
                (
                    J("Préparateur de commandes", "N1103"),
                    J("Cariste", "N1101", adults_only=True),
                    J("Opérateur logistique en entrepôt", "N1115"),
                    J("Magasinier", "N1110", 3),
                ),
            ),
            E(
                ("Hub Colis {area}", "Messagerie {surname}", "Express Fret {area}"),
                (J("Agent de quai de messagerie", "N1116"), J("Manutentionnaire", "N1105")),
            ),
        ),
        1.3,
        min_population=5_000,
        business_park=True,
        hubs=LOGISTICS_HUBS,
    ),
    Sector(
        "building",
        "bâtiment et travaux publics",
        (
            S("CAP Maçon", ("F1703",), 3),
            S("CAP Électricien", ("F1602",), 3),
            S("CAP Peintre applicateur de revêtements", ("F1606",), 3),
            S("CAP Monteur en installations sanitaires", ("F1603",), 3),
            S("CAP Couvreur", ("F1619",), 3),
            S("Titre pro Plaquiste", ("F1604",), 3),
            S("Bac pro Technicien du bâtiment organisation et réalisation du gros œuvre", ("F1703", "F1701"), 4, 3),
        ),
        (
            E(
                ("Maçonnerie {surname}", "{surname} Bâtiment", "SARL {surname} et Fils", "Rénovation {area}"),
                (J("Manœuvre bâtiment", "F1704"), J("Maçon", "F1703", 3), J("Carreleur", "F1608", 3)),
            ),
            E(
                ("Électricité {surname}", "{surname} Énergies", "Plomberie {surname}"),
                (J("Électricien du bâtiment", "F1602", 3), J("Plombier", "F1603", 3, licence=True)),
            ),
            E(
                ("Peinture {surname}", "Couverture {surname}", "Déco Façades {area}"),
                (J("Peintre en bâtiment", "F1606"), J("Couvreur", "F1619")),
            ),
            E(
                ("Travaux Publics {area}", "Routes et Réseaux {area}"),
                (J("Ouvrier en voiries", "F1702"), J("Poseur de canalisations", "F1705")),
            ),
        ),
        1.2,
        min_population=1_000,
    ),
    Sector(
        "industry",
        "industrie",
        (
            S("Titre pro Agent de fabrication industrielle", ("H2909", "H3302"), 3),
            S("CAP Conducteur d'installations de production", ("H2102", "H3301"), 3),
            S("Titre pro Soudeur TIG électrode enrobée", ("H2913",), 3),
            S("Bac pro Maintenance des systèmes de production connectés", ("I1304",), 4, 3),
        ),
        (
            E(
                ("Conserverie {area}", "Biscuiterie {surname}", "Sucrerie {area}", "Légumerie {area}"),
                (
                    J("Conducteur de ligne en industrie alimentaire", "H2102"),
                    J("Agent de production en industrie alimentaire", "H2105"),
                    J("Agent de conditionnement", "H3302"),
                ),
            ),
            E(
                ("Métallerie {surname}", "Chaudronnerie {area}", "Mécanique de précision {surname}"),
                (J("Soudeur", "H2913", 3), J("Assembleur monteur", "H2909"), J("Métallier", "H2911", 3)),
            ),
            E(
                ("Verrerie {area}", "Plasturgie {area}", "Équipementier automobile {area}"),
                (
                    J("Opérateur en fabrication mécanique", "H2906"),
                    J("Technicien de maintenance industrielle", "I1304", 4),
                ),
                min_population=8_000,
            ),
        ),
        1.0,
        min_population=3_000,
        business_park=True,
    ),
    Sector(
        "retail",
        "commerce et grande distribution",
        (
            S("CAP Équipier polyvalent du commerce", ("D1507", "D1505"), 3),
            S("Titre pro Employé commercial en magasin", ("D1507",), 3),
            S("CAP Boulanger", ("D1102",), 3),
            S("CAP Boucher", ("D1101",), 3),
            S("Bac pro Métiers du commerce et de la vente", ("D1214", "D1507"), 4, 3),
        ),
        (
            E(
                ("Supermarché {area}", "Hypermarché {area}", "Marché Frais {surname}"),
                (
                    J("Employé de rayon libre-service", "D1507"),
                    J("Hôte de caisse", "D1505"),
                    J("Préparateur au drive", "N1113"),
                ),
                min_population=5_000,
            ),
            E(
                ("Boulangerie {surname}", "Boulangerie-pâtisserie {surname}", "Fournil {surname}"),
                (J("Vendeur en boulangerie-pâtisserie", "D1106"), J("Boulanger", "D1102", 3)),
            ),
            E(("Boucherie {surname}", "Boucherie-charcuterie {surname}"), (J("Boucher", "D1101", 3),)),
            E(("Mode {first}", "Boutique {surname}"), (J("Vendeur en prêt-à-porter", "D1214"),), min_population=10_000),
        ),
        1.1,
        min_population=3_000,
    ),
    Sector(
        "catering",
        "hôtellerie-restauration",
        (
            S("CAP Cuisine", ("G1602",), 3),
            S("CAP Commercialisation et services en hôtel-café-restaurant", ("G1803", "G1501"), 3),
            S("Titre pro Agent de restauration", ("G1603", "G1607"), 3),
            S("Bac pro Cuisine", ("G1602",), 4, 3),
        ),
        (
            E(
                ("Estaminet {resto}", "Brasserie {resto}", "Restaurant {resto}", "Auberge {resto}"),
                (J("Commis de cuisine", "G1602"), J("Serveur en restauration", "G1803"), J("Plongeur", "G1605")),
            ),
            E(
                ("Hôtel {resto}", "Hôtel de la Plage", "Hôtel du Beffroi"),
                (J("Employé d'étage", "G1501"), J("Réceptionniste", "G1703", 4)),
                min_population=5_000,
            ),
            E(
                ("Friterie {first}", "Restauration rapide {area}"),
                (J("Équipier polyvalent de restauration rapide", "G1603"),),
            ),
            E(("Cuisine centrale {area}",), (J("Employé de restauration collective", "G1607"),), min_population=10_000),
        ),
        1.0,
        min_population=2_000,
        hubs=SEASIDE_AND_RACING,
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
            E(
                ("Transports {surname}", "Livraisons {area}", "Express {surname}"),
                (J("Conducteur livreur", "N4105", licence=True, adults_only=True), J("Aide-livreur", "N4121")),
            ),
            E(
                ("Autocars {area}", "Réseau de bus {area}"),
                (J("Conducteur de bus", "N4103", 3, licence=True, adults_only=True),),
                min_population=15_000,
            ),
        ),
        0.6,
        min_population=5_000,
        business_park=True,
    ),
    Sector(
        "cleaning",
        "propreté",
        (
            S("Titre pro Agent de propreté et d'hygiène", ("K2205", "K2204"), 3),
            S("CAP Propreté de l'environnement urbain", ("K2205", "K2303"), 3),
        ),
        (
            E(
                ("Propreté {surname}", "Net Services {area}", "Nettoyage {area}", "Clair Net {area}"),
                (
                    J("Agent de propreté de locaux", "K2205"),
                    J("Agent de nettoyage industriel", "K2204"),
                    J("Laveur de vitres", "K2202", adults_only=True),
                ),
            ),
        ),
        0.8,
        min_population=5_000,
        business_park=True,
    ),
    Sector(
        "security",
        "sécurité",
        (
            S("Titre pro Agent de sûreté et de sécurité privée", ("K2503",), 3, min_age=18),
            S("SSIAP 1 Agent de service de sécurité incendie", ("K2503",), 3, min_age=18),
        ),
        (
            E(
                ("Sécurité {area}", "{surname} Sécurité Privée", "Vigilance {area}", "Gardiennage {surname}"),
                (
                    J("Agent de prévention et de sécurité", "K2503", adults_only=True),
                    J("Agent de sécurité événementielle", "K2504", adults_only=True),
                ),
            ),
        ),
        0.5,
        min_population=10_000,
    ),
    Sector(
        "beauty",
        "coiffure et esthétique",
        (
            S("CAP Métiers de la coiffure", ("D1202",), 3),
            S("CAP Esthétique cosmétique parfumerie", ("D1208",), 3),
            S("BP Coiffure", ("D1202", "D1216"), 4, 3),
        ),
        (
            E(
                ("Salon {first}", "Coiffure {first}", "L'Atelier de {first}", "Barbier {surname}"),
                (J("Coiffeur", "D1202", 3), J("Coiffeur barbier", "D1216", 3)),
            ),
            E(("Institut {first}", "Institut de beauté {resto}"), (J("Esthéticien", "D1208", 3),)),
        ),
        0.6,
        min_population=2_000,
    ),
    Sector(
        "animals",
        "soins aux animaux",
        (
            S("CAPa Palefrenier soigneur", ("A1421",), 3),
            S("Certificat de toiletteur canin et félin", ("A1503",), 3),
            S("Titre Auxiliaire spécialisé vétérinaire", ("A1501",), 4, 3),
        ),
        (
            E(
                ("Centre équestre {resto}", "Écurie {surname}", "Haras {resto}"),
                (J("Palefrenier soigneur", "A1421"), J("Soigneur animalier", "A1506")),
            ),
            E(
                ("Toilettage {first}", "Animalerie {area}", "Clinique vétérinaire {resto}"),
                (
                    J("Toiletteur", "A1503", 3),
                    J("Vendeur en animalerie", "D1210"),
                    J("Auxiliaire vétérinaire", "A1501", 4),
                ),
                min_population=3_000,
            ),
        ),
        0.4,
        max_population=20_000,
        hubs=("Chantilly", "Lamorlaye", "Gouvieux", "Compiègne"),
    ),
    Sector(
        "agriculture",
        "agriculture et espaces verts",
        (
            S("CAPa Jardinier paysagiste", ("A1208", "A1203"), 3),
            S("CAPa Métiers de l'agriculture", ("A1419",), 3),
            S("Bac pro Aménagements paysagers", ("A1208",), 4, 3),
            S("BPREA Responsable d'entreprise agricole", ("A1416",), 4, 3, min_age=18),
        ),
        (
            E(
                ("EARL {surname}", "GAEC {resto}", "Ferme {resto}", "Maraîchage {surname}"),
                (J("Ouvrier agricole polyvalent", "A1419"), J("Maraîcher", "A1433"), J("Cueilleur de fruits", "A1401")),
            ),
            E(
                ("Paysages {surname}", "Jardins et Espaces Verts {area}", "Pépinières {surname}"),
                (J("Jardinier paysagiste", "A1208"), J("Agent d'entretien des espaces verts", "A1203")),
            ),
        ),
        0.8,
        max_population=8_000,
    ),
    Sector(
        "digital",
        "numérique",
        (
            S("Titre pro Technicien d'assistance en informatique", ("M1810",), 4, 3),
            S("Titre pro Développeur web et web mobile", ("M1805",), 5, 4),
        ),
        (
            E(
                ("{surname} Informatique", "Studio Web {area}", "ESN {area}", "Agence web {surname}"),
                (J("Technicien d'exploitation informatique", "M1810", 4), J("Développeur web", "M1805", 5)),
            ),
        ),
        0.4,
        min_population=20_000,
    ),
)

# The routes youths without a diploma need first: no job of their own, they lead to many through
# periods in companies, so they are filed under the jobs that recruit most in the region.
ENTRY_JOBS = ("K1304", "N1103", "G1603", "F1704", "K2205")  # five: as many as LHEO gives a training
REMOBILISATION = (
    S("Parcours E2C — remobilisation et découverte des métiers", ENTRY_JOBS, 3, min_age=16, max_age=25),
    S("Atelier CEJ — découvrir les métiers qui recrutent", ENTRY_JOBS, 3, min_age=16, max_age=25),
    S("Prépa apprentissage — cap vers l'alternance", ("F1703", "D1102", "G1602", "I1604", "D1202"), 3, 0, 16, 29),
)
EPIDE = S("EPIDE — parcours d'insertion en internat", ENTRY_JOBS, 3, min_age=17, max_age=25)

# Structures of insertion by economic activity: kind, name patterns, ROME code, post.
SIAE_ACTIVITIES = (
    ("ACI", ("Les Jardins de {town}", "Jardins solidaires {area}"), "A1433", "Ouvrier maraîcher"),
    ("ACI", ("Ressourcerie {area}", "Recyclerie {resto}"), "K2304", "Agent de tri des déchets"),
    ("ACI", ("Chantier bâtiment solidaire {area}", "Rénov'Insertion {area}"), "F1704", "Manœuvre bâtiment"),
    ("ACI", ("Nature et Insertion {area}",), "A1202", "Agent d'entretien des espaces naturels"),
    ("EI", ("Propreté solidaire {area}", "Net Insertion {area}"), "K2205", "Agent de propreté de locaux"),
    ("EI", ("Blanchisserie solidaire {area}",), "K2201", "Blanchisseur industriel"),
    ("EI", ("Restaurant d'insertion {resto}",), "G1602", "Commis de cuisine"),
    ("ETTI", ("Intérim d'insertion {area}", "Tremplin Intérim {area}"), "N1105", "Manutentionnaire"),
    ("ETTI", ("Chantiers Intérim {area}",), "N1103", "Préparateur de commandes"),
    ("AI", ("Services à domicile solidaires {area}", "Coup de Main {area}"), "K1304", "Aide à domicile"),
    ("EITI", ("Coursiers solidaires {area}",), "N4104", "Coursier à vélo"),
)
