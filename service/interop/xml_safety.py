"""Parsing XML from outside without its dangers: no DTD, no entities, no network, a size cap."""

from lxml import etree

from service.http.problems import DomainError


class XmlRefused(DomainError):
    status, title = 422, "Fichier XML refusé"


def parse_untrusted(data: bytes, max_bytes: int) -> etree._Element:
    """The document's root; refuses DTDs (hence entity bombs and external entities) outright."""
    if len(data) > max_bytes:
        raise XmlRefused(f"Fichier trop volumineux : {len(data):,} octets (au plus {max_bytes:,}).".replace(",", " "))
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else "?"
        raise XmlRefused(f"XML mal formé, ligne {line} : {exc.msg}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        raise XmlRefused("Les déclarations DOCTYPE / ENTITY ne sont pas acceptées.")
    return root
