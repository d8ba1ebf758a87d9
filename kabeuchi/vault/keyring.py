"""Master keys (key-encryption keys) and the wrapping of per-person data keys.

The master keyring comes from configuration: ``"<id>:<base64 32 bytes>,<id>:<...>"``.
The first key wraps new data keys; every listed key can unwrap, so a rotation is: put a
new key first, run ``kabeuchi vault_rotate`` (re-wraps data keys only), then drop the old
key.  Content ciphertext never changes on a master-key rotation.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
NONCE_BYTES = 12


@dataclass(frozen=True)
class MasterKey:
    key_id: str
    aead: AESGCM

    def __repr__(self) -> str:  # never show key material
        return f"MasterKey({self.key_id!r})"


def generate_master_key_line(key_id: str | None = None) -> str:
    """A new master key in the configuration format, e.g. ``m1a2b3:...``."""
    key_id = key_id or "m" + secrets.token_hex(4)
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()}"


def parse_master_keys(text: str) -> list[MasterKey]:
    keys: list[MasterKey] = []
    for item in (part.strip() for part in text.replace("\n", ",").split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not key_id or len(key_id) > 32:
            raise ImproperlyConfigured("Master keys look like '<id>:<base64 of 32 bytes>'.")
        try:
            raw = base64.urlsafe_b64decode(encoded)
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(f"Master key {key_id!r} is not valid base64.") from exc
        if len(raw) != KEY_BYTES:
            raise ImproperlyConfigured(f"Master key {key_id!r} must be {KEY_BYTES} bytes.")
        if any(k.key_id == key_id for k in keys):
            raise ImproperlyConfigured(f"Master key id {key_id!r} appears twice.")
        keys.append(MasterKey(key_id=key_id, aead=AESGCM(raw)))
    if not keys:
        raise ImproperlyConfigured("No master key configured (KABEUCHI_MASTER_KEY or KABEUCHI_MASTER_KEY_FILE).")
    return keys


def ensure_master_key_file(path: Path) -> bool:
    """Create a master key file with 0600 permissions if there is none.  True when created."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(generate_master_key_line() + "\n")
    return True


@lru_cache(maxsize=1)
def master_keys() -> tuple[MasterKey, ...]:
    if settings.MASTER_KEY:
        return tuple(parse_master_keys(settings.MASTER_KEY))
    path = Path(settings.MASTER_KEY_FILE)
    if not path.exists():
        raise ImproperlyConfigured(
            f"The master key file {path} does not exist. `kabeuchi demo` creates one for a local run."
        )
    return tuple(parse_master_keys(path.read_text()))


def primary_master_key() -> MasterKey:
    return master_keys()[0]


def find_master_key(key_id: str) -> MasterKey | None:
    return next((k for k in master_keys() if k.key_id == key_id), None)


def dek_wrap_aad(owner_id: str, dek_id: str) -> bytes:
    return f"kabeuchi/dek/v1|{owner_id}|{dek_id}".encode()


def wrap(owner_id: str, dek_id: str, dek: bytes) -> tuple[str, bytes]:
    master = primary_master_key()
    nonce = os.urandom(NONCE_BYTES)
    return master.key_id, nonce + master.aead.encrypt(nonce, dek, dek_wrap_aad(owner_id, dek_id))


def unwrap(owner_id: str, dek_id: str, kek_id: str, wrapped: bytes) -> bytes:
    master = find_master_key(kek_id)
    if master is None:
        raise LookupError(f"master key {kek_id!r} is not configured")
    return master.aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], dek_wrap_aad(owner_id, dek_id))
