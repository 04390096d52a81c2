"""Sealing personal data: random ciphertext, rotation by key order, keyed look-up hashes."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from tesuan.crypto import is_sealed, keyed_hash, reseal, seal, unseal

NUMBER = "14040319750315123X"


def test_a_sealed_value_hides_the_number_and_opens_again():
    sealed = seal(NUMBER)
    assert is_sealed(sealed)
    assert NUMBER not in sealed and "1404031975" not in sealed
    assert unseal(sealed) == NUMBER


def test_equal_numbers_seal_differently():
    assert seal(NUMBER) != seal(NUMBER)


def test_empty_and_already_sealed_values_are_left_alone():
    sealed = seal(NUMBER)
    assert seal("") == ""
    assert seal(sealed) == sealed


def test_a_value_stored_before_encryption_reads_as_it_is():
    assert unseal(NUMBER) == NUMBER


def test_rotation_keeps_old_values_readable_and_reseals_with_the_new_key(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    sealed_with_old = seal(NUMBER)
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert unseal(sealed_with_old) == NUMBER
    resealed = reseal(sealed_with_old)
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert unseal(resealed) == NUMBER
    with pytest.raises(ImproperlyConfigured, match="rotate_personal_data"):
        unseal(sealed_with_old)


def test_a_malformed_key_is_a_configuration_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet"):
        seal(NUMBER)


def test_the_look_up_hash_depends_on_the_key(settings):
    first = keyed_hash(NUMBER)
    assert first == keyed_hash(NUMBER) and len(first) == 64
    assert NUMBER not in first
    settings.PERSONAL_DATA_HASH_KEY = "another-key-of-at-least-32-characters!!"
    assert keyed_hash(NUMBER) != first
    assert keyed_hash("") == ""
