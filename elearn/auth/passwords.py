"""Hashing and judging passwords.

Argon2id through argon2-cffi, at the parameters OWASP's Password Storage Cheat Sheet gives as its
first choice (19 MiB of memory, 2 iterations, 1 lane). Hashes from before (Werkzeug's scrypt)
still verify and are replaced at the next successful login.

Guessable passwords are refused with zxcvbn, an offline estimator built on lists of common and
leaked passwords, names and keyboard patterns; the person's own name and address count as
guessable too.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash
from zxcvbn import zxcvbn

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# zxcvbn's score: 3 is "safely unguessable", its authors' advice for accounts worth protecting.
MIN_SCORE = 3
# zxcvbn looks at this much (its own limit); the rest of a long password only adds strength.
_ESTIMATED_LENGTH = 72


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(stored_hash: str, password: str) -> bool:
    if not stored_hash.startswith("$argon2"):
        return check_password_hash(stored_hash, password)
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_upgrade(stored_hash: str) -> bool:
    return not stored_hash.startswith("$argon2") or _HASHER.check_needs_rehash(stored_hash)


def weakness(password: str, name: str, email: str) -> str | None:
    """Why the password is too easy to guess, in Swedish for the form; None when it is not."""
    own = [part for part in re.split(r"[\s.@_+-]+", f"{name} {email}".lower()) if len(part) >= 3]
    lowered = password.lower()
    if any(part in lowered for part in own):
        return str(_l("Lösenordet får inte innehålla ditt namn eller din e-postadress."))
    if zxcvbn(password[:_ESTIMATED_LENGTH], user_inputs=own)["score"] < MIN_SCORE:
        return str(
            _l(
                "Lösenordet är för lätt att gissa: det liknar vanliga eller läckta lösenord. "
                "Prova några ord som inte hör ihop, gärna en hel mening."
            )
        )
    return None
