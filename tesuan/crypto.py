"""Field-level encryption of personal data, and the keyed hash that finds it again.

A sealed value is ``enc:`` followed by a Fernet token (AES-128-CBC with HMAC-SHA256): the
ciphertext is random per write, so equal numbers do not look equal in the database. Look-ups and
the one-person-one-declaration rule use ``keyed_hash`` instead, an HMAC-SHA256 whose key lives
only in the environment: without it the hash cannot be reversed by trying every ID number.

``FIELD_ENCRYPTION_KEYS`` lists Fernet keys newest first: the first seals, every one unseals, so a
key is rotated by putting a new one in front and running ``manage.py rotate_personal_data``.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SEALED_PREFIX = "enc:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 bytes, URL-safe base64)."
        ) from error


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def seal(value: str) -> str:
    """``value`` encrypted with the newest key; "" and already sealed values stay as they are."""
    if not value or is_sealed(value):
        return value
    return SEALED_PREFIX + _current().encrypt(value.encode("utf-8")).decode("ascii")


def unseal(value: str) -> str:
    """The plain value. A value written before encryption was introduced is returned as is."""
    if not is_sealed(value):
        return value
    try:
        return _current().decrypt(value[len(SEALED_PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A sealed value does not open with any key of FIELD_ENCRYPTION_KEYS: "
            "was a key removed before rotate_personal_data ran?"
        ) from error


def reseal(value: str) -> str:
    """``value`` sealed with the newest key, whichever key (or none) sealed it before."""
    if not value:
        return value
    if not is_sealed(value):
        return seal(value)
    token = value[len(SEALED_PREFIX) :].encode("ascii")
    return SEALED_PREFIX + _current().rotate(token).decode("ascii")


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised value under ``PERSONAL_DATA_HASH_KEY``, hex; "" for ""."""
    if not value:
        return ""
    key = settings.PERSONAL_DATA_HASH_KEY.encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def new_fernet_key() -> str:
    """A fresh key for ``FIELD_ENCRYPTION_KEYS``."""
    return Fernet.generate_key().decode("ascii")
