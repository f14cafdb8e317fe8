"""Passwords (argon2) and opaque bearer tokens (stored as SHA-256 digests)."""

import hashlib
import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
TOKEN_BYTES = 32


MIN_LENGTH = 12
MIN_DISTINCT = 5
SUFFIX_CHARACTERS = "0123456789!?@#*.-_ "  # "aaaaaaaaaaaa" and "abababababab" are no passwords
_COMMON = Path(__file__).parent / "data" / "common_passwords.txt"


class WeakPassword(ValueError):
    """Why a password is refused, in French, for the form or the command line."""


@cache
def _common() -> frozenset[str]:
    lines = _COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def check_password(password: str, email: str) -> None:
    """At least twelve characters, not a common password, not the email (or its name part)."""
    folded = password.strip().lower()
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères.")
    stem = folded.rstrip(SUFFIX_CHARACTERS)  # "Azerty123456" is "azerty" with a count
    if len(set(folded)) < MIN_DISTINCT or folded in _common() or stem in _common():
        raise WeakPassword("Ce mot de passe est trop courant : choisissez-en un autre.")
    address = email.strip().lower()
    if folded in (address, address.split("@")[0]) or address.split("@")[0] in folded:
        raise WeakPassword("Le mot de passe ne doit pas reprendre l'adresse électronique.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def dummy_hash() -> str:
    """What an unknown address's password is checked against: the same work as a real check."""
    return _hasher.hash(secrets.token_urlsafe(TOKEN_BYTES))


def email_digest(email: str) -> str:
    """Lockouts are kept per address without storing the address itself."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """Tokens are random and long, so a fast digest suffices; the database never holds one."""
    return hashlib.sha256(token.encode()).hexdigest()
