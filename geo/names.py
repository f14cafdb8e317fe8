"""Folding of French place names so that `Béthune`, `BETHUNE` and `bethune` meet."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-'’_.,/]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(name: str) -> str:
    """Lower-case, accent-free, single-spaced, with `St`/`Ste` expanded."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    words = [w for w in _SEPARATORS.split(plain) if w]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)
