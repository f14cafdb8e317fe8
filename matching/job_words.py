"""Job titles as people type them: folded words, both genders, common abbreviations.

"Vendeuse", "vendeurs", "VENDEUR", "vendeur-euse" and "vendeur" must all find "Vendeur / Vendeuse
en ...": titles are indexed under each gender's form, and typed words and indexed words are folded
the same way (case, accents, hyphens, apostrophes, plurals, filler words).
"""

import re
import unicodedata

# Words that carry no job: articles and prepositions of titles, and what people put around a wish.
TITLE_FILLERS = frozenset(
    [
        "a",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "ou",
        "par",
        "pour",
        "sur",
        "un",
        "une",
    ]
)
WISH_FILLERS = frozenset(
    [
        "adore",
        "adorer",
        "aime",
        "aimer",
        "aimerai",
        "aimerais",
        "aller",
        "alternance",
        "apprendre",
        "apprentissage",
        "argent",
        "aucun",
        "aucune",
        "avec",
        "avoir",
        "beaucoup",
        "bosser",
        "boulot",
        "c",
        "ca",
        "cdd",
        "cdi",
        "ce",
        "cherche",
        "chercher",
        "chez",
        "comme",
        "commencer",
        "continuer",
        "dan",
        "dans",
        "decouvrir",
        "devenir",
        "domaine",
        "emploi",
        "entrer",
        "envie",
        "essayer",
        "est",
        "etre",
        "faire",
        "filiere",
        "formation",
        "gagner",
        "idee",
        "importe",
        "integrer",
        "interesse",
        "interesser",
        "interim",
        "j",
        "je",
        "job",
        "m",
        "me",
        "metier",
        "moi",
        "mon",
        "n",
        "obtenir",
        "occuper",
        "passer",
        "passion",
        "passionne",
        "peux",
        "plairait",
        "plait",
        "plutot",
        "qu",
        "que",
        "quelque",
        "qui",
        "quoi",
        "recherche",
        "rechercher",
        "rentrer",
        "reprendre",
        "s",
        "sais",
        "secteur",
        "souhait",
        "souhaite",
        "souhaiterai",
        "souhaiterais",
        "stage",
        "suis",
        "tant",
        "tester",
        "tout",
        "travail",
        "travaille",
        "travailler",
        "trouver",
        "vers",
        "veut",
        "veux",
        "voudrai",
        "voudrais",
        "vraiment",
    ]
)
# Diplomas and contracts typed before the job ("CAP petite enfance", "titre pro cuisinier", "apprenti
# boulanger"): they name no job of their own (diplomas that do, « DEAS », are in job_abbreviations.csv).
DIPLOMA_WORDS = frozenset(
    [
        "alternant",
        "alternante",
        "apprenti",
        "apprentie",
        "bac",
        "bep",
        "bp",
        "bts",
        "cap",
        "capa",
        "cqp",
        "diplome",
        "dut",
        "pro",
        "professionnel",
        "titre",
    ]
)
# First words of posts above the entry level, over others or the business (« chef », « directeur »)
# or after years of study or experience (« ingénieur », « expert », « médecin », « juge »): a youth
# who types a field (« vente », « santé », « pharmacie ») starts below them, so they come after the
# jobs of that field.
SENIOR_POSTS = frozenset(
    [
        "architecte",
        "avocat",
        "cadre",
        "chef",
        "chirurgien",
        "consultant",
        "contremaitre",
        "coordinateur",
        "coordonnateur",
        "dentiste",
        "directeur",
        "dirigeant",
        "expert",
        "gerant",
        "ingenieur",
        "inspecteur",
        "juge",
        "magistrat",
        "manager",
        "medecin",
        "notaire",
        "pharmacien",
        "president",
        "responsable",
        "superviseur",
        "veterinaire",
    ]
)
# A field and who works in it (« couture »: couturier, « électricité »: électricien, « nettoyage »:
# nettoyeur): French derives the one from the other by the ending. Only a word that begins job
# names counts as a worker (`RomeReferential`), so the many endings that derive nothing are harmless.
FIELD_TO_WORKER = (
    ("ique", ("icien", "iste")),
    ("ite", ("ien", "icien")),
    ("erie", ("ier", "er", "iste")),
    ("ure", ("urier", "eur")),
    ("tion", ("teur", "tionniste")),
    ("age", ("eur", "er", "iste")),
    ("ie", ("iste", "ien", "e", "ier")),
)


FIELD_STEM_MIN = 4  # letters left once the ending goes: « garage » (gar-) is not « gareur »


def workers_of(field: str) -> tuple[str, ...]:
    """The words that may name who works in a field, by its ending (real or not: to be checked)."""
    return tuple(
        field[: -len(end)] + w
        for end, ws in FIELD_TO_WORKER
        if field.endswith(end) and len(field) - len(end) >= FIELD_STEM_MIN
        for w in ws
    )


_NOT_A_LETTER = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, no accents or ligatures, every other sign a space."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_A_LETTER.sub(" ", plain).strip()


def without_manner(wish: str) -> str:
    """The wish folded, without the « bien » of « j'aime bien », « je voudrais bien » (after a word
    of the wish itself); « gestionnaire de biens » keeps its own."""
    kept: list[str] = []
    for word in fold(wish).split():
        if not (word == "bien" and kept and kept[-1] in WISH_FILLERS):
            kept.append(word)
    return " ".join(kept)


def singular(word: str) -> str:
    """A plural to its singular, the same way for what is typed and what is indexed."""
    if len(word) > 4 and word.endswith("eaux"):
        return word[:-1]
    if len(word) > 5 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str, fillers: frozenset[str] = TITLE_FILLERS) -> tuple[str, ...]:
    """The words of a text that name a job, folded and in the singular."""
    out = []
    for raw in fold(text).split():
        word = singular(raw)
        if raw not in fillers and word not in fillers:
            out.append(word)
    return tuple(out)


def gender_forms(title: str) -> tuple[str, ...]:
    """ "Vendeur / Vendeuse en boulangerie" → ("Vendeur en boulangerie", "Vendeuse en boulangerie").

    ROME writes the masculine, " / ", then the feminine followed by the rest of the title. When the
    feminine starts with a capital, it replaces every word before the slash ("Assistant maternel /
    Assistante maternelle à domicile"); otherwise only the last one ("Web vendeur / vendeuse").
    Later slashes (rare) swap one word each.
    """
    parts = title.split(" / ")
    if len(parts) == 1:
        return (title,)
    masculine = parts[0].split()
    feminine = list(masculine)
    for i, part in enumerate(parts[1:]):
        right = part.split()
        whole = i == 0 and right[:1] != [] and right[0][:1].isupper()
        swapped = len(masculine) if whole else 1
        feminine = feminine[: len(feminine) - swapped] + right
        masculine = masculine + right[swapped:]
    return (" ".join(masculine), " ".join(feminine))
