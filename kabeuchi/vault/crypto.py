"""Sealing and opening private values with a person's data key.

Ciphertext layout (all binary)::

    version (1 byte, 0x01) | data key id (16 bytes) | nonce (12 bytes) | AES-256-GCM ciphertext+tag

The associated data binds the value to its owner and to the field it belongs to, so a value
copied into another person's row, or into another field, does not open.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kabeuchi.vault import keyring

VERSION = 1
HEADER = 1 + 16 + keyring.NONCE_BYTES
_CACHE_SECONDS = 30.0
_CACHE_MAX = 2048


class VaultError(Exception):
    """A value could not be opened: its key is gone (deleted) or it is not what it claims."""


@dataclass(frozen=True)
class _Key:
    dek_id: uuid.UUID
    owner_id: str
    aead: AESGCM
    expires: float


class _KeyCache:
    """Unwrapped data keys, kept briefly in this process only (never on disk, never shared)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[uuid.UUID, _Key] = {}
        self._by_owner: dict[str, _Key] = {}

    def get_by_id(self, dek_id: uuid.UUID) -> _Key | None:
        key = self._by_id.get(dek_id)
        return key if key and key.expires > time.monotonic() else None

    def get_by_owner(self, owner_id: str) -> _Key | None:
        key = self._by_owner.get(owner_id)
        return key if key and key.expires > time.monotonic() else None

    def put(self, key: _Key) -> None:
        with self._lock:
            if len(self._by_id) >= _CACHE_MAX:
                self._by_id.clear()
                self._by_owner.clear()
            self._by_id[key.dek_id] = key
            self._by_owner[key.owner_id] = key

    def forget_owner(self, owner_id: str) -> None:
        with self._lock:
            key = self._by_owner.pop(owner_id, None)
            if key:
                self._by_id.pop(key.dek_id, None)

    def clear(self) -> None:
        with self._lock:
            self._by_id.clear()
            self._by_owner.clear()


cache = _KeyCache()


def aad(owner_id: str, purpose: str) -> bytes:
    return f"kabeuchi/v{VERSION}|{owner_id}|{purpose}".encode()


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def make_key(dek_id: uuid.UUID, owner_id: str, raw: bytes) -> _Key:
    return _Key(dek_id=dek_id, owner_id=owner_id, aead=AESGCM(raw), expires=time.monotonic() + _CACHE_SECONDS)


def seal_with(key: _Key, purpose: str, plaintext: bytes) -> bytes:
    nonce = os.urandom(keyring.NONCE_BYTES)
    body = key.aead.encrypt(nonce, plaintext, aad(key.owner_id, purpose))
    return bytes([VERSION]) + key.dek_id.bytes + nonce + body


def parse_header(blob: bytes) -> uuid.UUID:
    if len(blob) < HEADER + 16 or blob[0] != VERSION:
        raise VaultError("not a sealed value of a known version")
    return uuid.UUID(bytes=bytes(blob[1:17]))


def open_with(key: _Key, purpose: str, blob: bytes) -> bytes:
    nonce = bytes(blob[17:HEADER])
    try:
        return key.aead.decrypt(nonce, bytes(blob[HEADER:]), aad(key.owner_id, purpose))
    except InvalidTag as exc:
        raise VaultError("the value does not belong to this owner and field, or was altered") from exc


def unwrap_key(owner_id: str, dek_id: uuid.UUID, kek_id: str, wrapped: bytes) -> bytes:
    try:
        return keyring.unwrap(owner_id, str(dek_id), kek_id, wrapped)
    except (InvalidTag, LookupError) as exc:
        raise VaultError("the data key cannot be unwrapped with the configured master keys") from exc


# Values sealed under a key derived from a secret the caller holds (a session cookie), not from
# a person's data key: nobody, the server included, opens them without that secret.
#
#     version (1 byte, 0x51) | nonce (12 bytes) | AES-256-GCM ciphertext+tag
SECRET_VERSION = 0x51
_SECRET_HEADER = 1 + keyring.NONCE_BYTES


def _secret_aead(secret: bytes, purpose: str) -> AESGCM:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=keyring.KEY_BYTES,
        salt=b"kabeuchi/secret/v1",
        info=purpose.encode(),
    )
    return AESGCM(hkdf.derive(secret))


def seal_with_secret(secret: bytes, purpose: str, plaintext: bytes) -> bytes:
    nonce = os.urandom(keyring.NONCE_BYTES)
    body = _secret_aead(secret, purpose).encrypt(nonce, plaintext, f"kabeuchi/secret/v1|{purpose}".encode())
    return bytes([SECRET_VERSION]) + nonce + body


def open_with_secret(secret: bytes, purpose: str, blob: bytes) -> bytes:
    if len(blob) < _SECRET_HEADER + 16 or blob[0] != SECRET_VERSION:
        raise VaultError("not a value sealed with a secret, of a known version")
    nonce = bytes(blob[1:_SECRET_HEADER])
    try:
        return _secret_aead(secret, purpose).decrypt(
            nonce, bytes(blob[_SECRET_HEADER:]), f"kabeuchi/secret/v1|{purpose}".encode()
        )
    except InvalidTag as exc:
        raise VaultError("the value was sealed with another secret or for another purpose, or was altered") from exc
