"""LHEO 2.3 (the Carif-Oref exchange format for training offers) to plain records, and back.

Read: `offres/formation/action/session` with the training body (`organisme-formateur`, else
`organisme-formation-responsable`), ROME codes, RNCP code, entry and exit levels, periods,
places (`recrutement/nb-places`), the place of training and the registration address. What
Passerelle stores and LHEO has no element for (places left, late entry, age limits, funding,
apprenticeship) travels in `extras info="passerelle"`, so that export → import loses nothing.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from lxml import etree

from service.interop.xml_safety import XmlRefused, parse_untrusted

NS = "http://lheo.gouv.fr/2.3"
Q = f"{{{NS}}}"
EXTRAS = "passerelle"
UNKNOWN_START, UNKNOWN_END = "00000000", "99999999"  # LHEO's "no date" (permanent entry)
# How feeds write a day: LHEO's AAAAMMJJ, AAAA-MM-JJ (with a time after, from a database export),
# or the French JJ/MM/AAAA of a hand-made file.
_DAY_FORMS = (
    re.compile(r"(?P<y>[0-9]{4})-?(?P<m>[0-9]{2})-?(?P<d>[0-9]{2})(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?"),
    re.compile(r"(?P<d>[0-9]{1,2})[/.](?P<m>[0-9]{1,2})[/.](?P<y>[0-9]{4})"),
)
# code-niveau-entree / -sortie: 11-18 are the national levels 1-8 (2019 nomenclature); 0-8 the
# former list (4 = V/CAP … 8 = I). Below national level 3 means no requirement for an entry.
_FORMER_LEVELS = {4: 3, 5: 4, 6: 5, 7: 6, 8: 7}
MODALITIES = {"0": "on_site", "1": "mixed", "2": "distance"}  # modalites-enseignement


@dataclass
class Body:
    """A training body as LHEO describes it."""

    siret: str
    name: str
    activity_number: str | None = None
    address: str = ""
    postal_code: str = ""
    city: str = ""
    insee_code: str | None = None


@dataclass
class LheoSession:
    """One LHEO session with what it inherits from its action and formation."""

    external_id: str
    line: int
    body: Body
    title: str
    rome_codes: list[str]
    rncp_code: str | None
    target_level: int | None
    entry_level: int
    start_date: date | None
    end_date: date | None
    permanent_entry: bool
    places_total: int | None  # None: the feed does not state them (`recrutement` is optional)
    places_left: int | None
    insee_code: str | None
    postal_code: str
    city: str
    address: str
    latitude: float | None = None
    longitude: float | None = None
    modality: str = "on_site"
    hours: int | None = None
    info_session_dates: list[date] = field(default_factory=list)
    accessible: bool = False
    closed: bool = False
    late_entry_allowed: bool = False
    apprenticeship_possible: bool = False
    funding: list[str] = field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None


def level_from_code(code: str | None) -> int | None:
    """National level (3-8) of an LHEO level code; 0 when below level 3 or not given."""
    digits = (code or "").strip()
    if not (digits.isascii() and digits.isdigit()):  # « ² » is a digit to isdigit(), not to int()
        return None
    n = int(digits)
    if 11 <= n <= 18:
        return n - 10 if n >= 13 else 0
    return _FORMER_LEVELS.get(n, 0)


def level_to_code(level: int) -> str:
    return str(level + 10) if level >= 3 else "1"  # 1: "sans niveau spécifique"


# -- reading ---------------------------------------------------------------------------------


def read(data: bytes, max_bytes: int) -> list[LheoSession]:
    root = parse_untrusted(data, max_bytes)
    name = etree.QName(root)
    if name.localname != "lheo" or not (name.namespace is None or "lheo" in name.namespace.lower()):
        raise XmlRefused(f"Élément racine inattendu <{name.localname}> : un fichier LHEO commence par <lheo>.")
    if name.namespace != NS:
        _as_lheo_2_3(root, name.namespace)
    sessions = []
    for formation in root.iterfind(f"{Q}offres/{Q}formation"):
        for action in formation.iterfind(f"{Q}action"):
            for element in action.iterfind(f"{Q}session"):
                sessions.append(_session(formation, action, element))
    return sessions


def _as_lheo_2_3(root: etree._Element, namespace: str | None) -> None:
    """An earlier version's file (LHEO 2.2 is `http://www.lheo.org/2.2`) or one without a namespace,
    read with 2.3's names: the elements Passerelle reads are the same in each."""
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).namespace == namespace:
            el.tag = f"{Q}{etree.QName(el).localname}"


@lru_cache(maxsize=256)
def _clark(path: str) -> str:
    """ "l:a/l:b" as "{ns}a/{ns}b": lxml then skips parsing prefixes at every call."""
    return path.replace("l:", Q)


def _text(el: etree._Element | None, path: str, default: str = "") -> str:
    if el is None:
        return default
    found = el.findtext(_clark(path))
    return found.strip() if found else default


def _date(raw: str, el: etree._Element, what: str) -> date | None:
    if not raw or raw.replace("-", "") in (UNKNOWN_START, UNKNOWN_END):
        return None
    try:
        day = next(m for m in (form.fullmatch(raw) for form in _DAY_FORMS) if m)
        return date(int(day["y"]), int(day["m"]), int(day["d"]))
    except (StopIteration, ValueError):
        raise XmlRefused(
            f"Ligne {el.sourceline}, <{what}> : date invalide « {raw[:30]} » (AAAAMMJJ attendu)."
        ) from None


def _extras(*elements: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in elements:
        for extra in el.iterfind(f"{Q}extras[@info='{EXTRAS}']/{Q}extra"):
            out[extra.get("info", "")] = (extra.text or "").strip()
    return out


def _int(raw: str, el: etree._Element, what: str) -> int | None:
    if not raw:
        return None
    try:
        if not raw.isascii():  # int() would read other scripts' digits
            raise ValueError(raw)
        return int(raw)
    except ValueError:
        raise XmlRefused(f"Ligne {el.sourceline}, <{what}> : nombre attendu, « {raw[:30]} » reçu.") from None


def _hours(raw: str, el: etree._Element) -> int | None:
    """Hours of training, whole as LHEO writes them, or with a decimal part (« 437,5 »): rounded."""
    value = _decimal(raw, el, "nombre-heures-total")
    return None if value is None else round(value)


def _decimal(raw: str, el: etree._Element | None, what: str) -> float | None:
    """A number as written, with a decimal point or comma, in digits 0 to 9; out of range is the
    session's to refuse."""
    if not raw or el is None:
        return None
    try:
        value = float(raw.replace(",", ".")) if raw.isascii() else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise XmlRefused(f"Ligne {el.sourceline}, <{what}> : nombre décimal attendu, « {raw[:30]} » reçu.")
    return value


def _body(formation: etree._Element, action: etree._Element) -> Body:
    trainer = action.find(f"{Q}organisme-formateur")
    responsible = formation.find(f"{Q}organisme-formation-responsable")
    siret, name = _text(trainer, "l:SIRET-formateur/l:SIRET"), _text(trainer, "l:raison-sociale-formateur")
    if not siret:  # no trainer named apart, or without its SIRET: the body responsible trains
        siret, name = _text(responsible, "l:SIRET-organisme-formation/l:SIRET"), _text(responsible, "l:raison-sociale")
    if not siret:
        raise XmlRefused(f"Ligne {action.sourceline}, <action> : SIRET de l'organisme formateur manquant.")
    address = (
        responsible.find(_clark("l:coordonnees-organisme/l:coordonnees/l:adresse")) if responsible is not None else None
    )
    same = responsible is not None and _text(responsible, "l:SIRET-organisme-formation/l:SIRET") == siret
    return Body(
        siret=siret,
        name=name or siret,
        activity_number=(_text(responsible, "l:numero-activite") or None) if same else None,
        address=", ".join(line.text.strip() for line in address.iterfind(f"{Q}ligne") if line.text)
        if same and address is not None
        else "",
        postal_code=_text(address, "l:codepostal") if same else "",
        city=_text(address, "l:ville") if same else "",
        insee_code=(_text(address, "l:code-INSEE-commune") or None) if same else None,
    )


def _session(formation: etree._Element, action: etree._Element, element: etree._Element) -> LheoSession:
    ids = [el.get("numero") or "" for el in (formation, action, element)]
    if not all(ids):
        raise XmlRefused(
            f"Ligne {element.sourceline}, <session> : attribut numero manquant "
            "(formation, action et session en portent un, stable d'un export à l'autre)."
        )
    extras = _extras(action, element)
    place = action.find(_clark("l:lieu-de-formation/l:coordonnees/l:adresse"))
    registration = element.find(_clark("l:adresse-inscription/l:adresse"))
    where = place if place is not None else registration
    start = _date(_text(element, "l:periode/l:debut"), element, "debut")
    end = _date(_text(element, "l:periode/l:fin"), element, "fin")
    places = _int(_text(element, "l:recrutement/l:nb-places"), element, "nb-places")
    left = _int(extras.get("places-restantes", ""), element, "extra")
    geo = where.find(f"{Q}geolocalisation") if where is not None else None
    return LheoSession(
        external_id="/".join(ids),
        line=element.sourceline or 0,
        body=_body(formation, action),
        title=_text(formation, "l:intitule-formation"),
        rome_codes=[  # « f1703 », « F 1703 » as F1703
            "".join(c.text.split()).upper() for c in formation.iterfind(f"{Q}domaine-formation/{Q}code-ROME") if c.text
        ],
        rncp_code=_text(formation, "l:certification/l:code-RNCP") or None,
        target_level=level_from_code(_text(formation, "l:code-niveau-sortie")) or None,  # none certified
        entry_level=(level_from_code(_text(formation, "l:code-niveau-entree")) or 0)
        if _text(action, "l:niveau-entree-obligatoire") == "1"
        else 0,
        start_date=start,
        end_date=end,
        permanent_entry=_text(action, "l:modalites-entrees-sorties") == "1",
        places_total=left if places is None else places,
        places_left=places if left is None else left,
        insee_code=_text(where, "l:code-INSEE-commune") or None,
        postal_code=_text(where, "l:codepostal"),
        city=_text(where, "l:ville"),
        address=", ".join(line.text.strip() for line in where.iterfind(f"{Q}ligne") if line.text)
        if where is not None
        else "",
        latitude=_decimal(_text(geo, "l:latitude"), geo, "latitude"),
        longitude=_decimal(_text(geo, "l:longitude"), geo, "longitude"),
        modality=MODALITIES.get(_text(action, "l:modalites-enseignement"), "on_site"),
        hours=_hours(_text(action, "l:nombre-heures-total"), action),
        info_session_dates=[
            d
            for d in (_date(_text(i, "l:date"), i, "date-information") for i in action.iterfind(f"{Q}date-information"))
            if d
        ],
        accessible=bool(_text(action, "l:acces-handicapes")),
        closed=_text(element, "l:etat-recrutement") in ("2", "3"),  # closed, suspended
        late_entry_allowed=extras.get("entree-en-cours") == "1",
        apprenticeship_possible=extras.get("apprentissage") == "1",
        funding=[f for f in extras.get("financements", "").split() if f],
        min_age=_int(extras.get("age-min", ""), action, "extra"),
        max_age=_int(extras.get("age-max", ""), action, "extra"),
    )


# -- writing ---------------------------------------------------------------------------------


def _el(tag: str, *children: "etree._Element | None", text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(f"{Q}{tag}", {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    el.extend(c for c in children if c is not None)
    return el


def _lines(text: str) -> list[etree._Element]:
    """An address as LHEO lines (1 to 4, 50 characters each)."""
    parts = [p.strip()[:50] for p in text.split(",") if p.strip()][:4]
    return [_el("ligne", text=p) for p in (parts or ["Adresse non renseignée"])]


def _address(
    lines: str, postal_code: str, city: str, insee: str | None, lat: float | None = None, lon: float | None = None
) -> etree._Element:
    geo = (
        _el("geolocalisation", _el("latitude", text=f"{lat:.6f}"), _el("longitude", text=f"{lon:.6f}"))
        if lat is not None and lon is not None
        else None
    )
    return _el(
        "adresse",
        *_lines(lines),
        _el("codepostal", text=(postal_code or "00000")[:5]),
        _el("ville", text=(city or "Non renseignée")[:50]),
        _el("code-INSEE-commune", text=insee) if insee else None,
        geo,
    )


def _day(d: date | None, unknown: str) -> str:
    return d.strftime("%Y%m%d") if d else unknown


def _extras_el(values: dict[str, str]) -> etree._Element | None:
    kept = {k: v for k, v in values.items() if v not in ("", None)}
    return _el("extras", *[_el("extra", text=v, info=k) for k, v in kept.items()], info=EXTRAS) if kept else None


def _formation(s: LheoSession) -> etree._Element:
    b = s.body
    action = _el(
        "action",
        _el("rythme-formation", text="Non renseigné"),
        _el("code-public-vise", text="80056"),  # FORMACODE "jeune 16-25 ans"
        _el("niveau-entree-obligatoire", text="1" if s.entry_level else "0"),
        _el("modalites-alternance", text="Apprentissage possible" if s.apprenticeship_possible else "Non renseigné"),
        _el("modalites-enseignement", text={v: k for k, v in MODALITIES.items()}[s.modality]),
        _el("conditions-specifiques", text="Non renseigné"),
        _el("prise-en-charge-frais-possible", text="1" if s.funding else "0"),
        _el(
            "lieu-de-formation",
            _el("coordonnees", _address(s.address, s.postal_code, s.city, s.insee_code, s.latitude, s.longitude)),
        ),
        _el("modalites-entrees-sorties", text="1" if s.permanent_entry else "0"),
        _el(
            "session",
            _el(
                "periode",
                _el("debut", text=_day(s.start_date, UNKNOWN_START)),
                _el("fin", text=_day(s.end_date, UNKNOWN_END)),
            ),
            _el(
                "adresse-inscription",
                _address(
                    b.address or s.address,
                    b.postal_code or s.postal_code,
                    b.city or s.city,
                    b.insee_code or s.insee_code,
                ),
            ),
            _el("etat-recrutement", text="2" if s.closed else "1"),
            _el("recrutement", _el("modalite-recrutement", text="0"), _el("nb-places", text=str(s.places_total)))
            if s.places_total is not None
            else None,
            _extras_el({"places-restantes": "" if s.places_left is None else str(s.places_left)}),
            numero=s.external_id.split("/")[2],
        ),
        *[_el("date-information", _el("date", text=_day(d, UNKNOWN_START))) for d in s.info_session_dates[:3]],
        _el("acces-handicapes", text="Locaux accessibles") if s.accessible else None,
        _el("nombre-heures-total", text=str(s.hours)) if s.hours is not None else None,
        _el(
            "organisme-formateur",
            _el("SIRET-formateur", _el("SIRET", text=b.siret)),
            _el("raison-sociale-formateur", text=b.name[:250]),
        ),
        _extras_el(
            {
                "entree-en-cours": "1" if s.late_entry_allowed else "",
                "apprentissage": "1" if s.apprenticeship_possible else "",
                "financements": " ".join(s.funding),
                "age-min": str(s.min_age or ""),
                "age-max": str(s.max_age or ""),
            }
        ),
        numero=s.external_id.split("/")[1],
    )
    return _el(
        "formation",
        _el("domaine-formation", *[_el("code-ROME", text=c) for c in s.rome_codes[:5]]),
        _el("intitule-formation", text=s.title[:255]),
        _el("objectif-formation", text=s.title),
        _el("resultats-attendus", text="Non renseigné"),
        _el("contenu-formation", text="Non renseigné"),
        _el("certifiante", text="1" if s.rncp_code else "0"),
        _el("contact-formation", _el("coordonnees")),
        _el("parcours-de-formation", text="1"),
        _el("code-niveau-entree", text=level_to_code(s.entry_level)),
        _el("certification", _el("code-RNCP", text=s.rncp_code)) if s.rncp_code else None,
        _el("code-niveau-sortie", text=level_to_code(s.target_level or 0)),
        action,
        _el(
            "organisme-formation-responsable",
            _el("numero-activite", text=b.activity_number or "00000000000"),
            _el("SIRET-organisme-formation", _el("SIRET", text=b.siret)),
            _el("nom-organisme", text=b.name[:250]),
            _el("raison-sociale", text=b.name[:250]),
            _el("coordonnees-organisme", _el("coordonnees", _address(b.address, b.postal_code, b.city, b.insee_code))),
            _el("contact-organisme", _el("coordonnees")),
        ),
        numero=s.external_id.split("/")[0],
    )


def write(sessions: list[LheoSession]) -> bytes:
    root = etree.Element(f"{Q}lheo", nsmap={None: NS})
    root.append(_el("offres", *[_formation(s) for s in sessions]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
