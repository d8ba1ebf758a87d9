"""The vault's public face: seal and open values for an owner, shred a person's key, rotate.

Other apps never call these directly for model data: they declare ``EncryptedTextField`` or
``EncryptedJSONField`` and read attributes as usual.  These functions are for the fields, the
export, and the operations commands.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, router, transaction
from django.db.models import F
from django.utils import timezone

from kabeuchi.vault import crypto, keyring
from kabeuchi.vault.actor import current_actor, person
from kabeuchi.vault.crypto import VaultError
from kabeuchi.vault.models import AccessRecord, DataKey

__all__ = [
    "VaultError",
    "seal",
    "open_sealed",
    "seal_with_secret",
    "open_with_secret",
    "seal_setting",
    "open_setting",
    "data_key_destroy",
    "master_key_rotate",
    "access_record_list",
]


def _key_for_owner(owner_id: str, *, create: bool) -> crypto._Key | None:
    cached = crypto.cache.get_by_owner(owner_id)
    if cached:
        return cached
    row = DataKey.objects.filter(owner_id=owner_id).first()
    if row is None:
        if not create:
            return None
        dek_id = uuid.uuid4()
        raw = crypto.new_data_key()
        kek_id, wrapped = keyring.wrap(owner_id, str(dek_id), raw)
        try:
            with transaction.atomic(using=router.db_for_write(DataKey)):
                DataKey.objects.create(id=dek_id, owner_id=owner_id, kek_id=kek_id, wrapped=wrapped)
        except IntegrityError:  # another request created it first
            row = DataKey.objects.get(owner_id=owner_id)
        else:
            key = crypto.make_key(dek_id, owner_id, raw)
            crypto.cache.put(key)
            return key
    raw = crypto.unwrap_key(owner_id, row.id, row.kek_id, bytes(row.wrapped))
    key = crypto.make_key(row.id, owner_id, raw)
    crypto.cache.put(key)
    return key


def seal(*, owner_id, purpose: str, plaintext: bytes) -> bytes:
    """Encrypt ``plaintext`` for ``owner_id``; ``purpose`` names the field (``app.model.field``)."""
    key = _key_for_owner(str(owner_id), create=True)
    assert key is not None
    return crypto.seal_with(key, purpose, plaintext)


def open_sealed(*, owner_id, purpose: str, blob: bytes) -> bytes:
    """Decrypt a sealed value.  Raises ``VaultError`` when the key is gone or the value is foreign.

    Every open by someone other than the owner is written to the owner's access log.
    """
    owner_id = str(owner_id)
    dek_id = crypto.parse_header(blob)
    key = crypto.cache.get_by_id(dek_id) or _key_for_owner(owner_id, create=False)
    if key is None or key.dek_id != dek_id or key.owner_id != owner_id:
        raise VaultError("no data key for this value: it was deleted, or the value belongs to someone else")
    plaintext = crypto.open_with(key, purpose, blob)
    _record_access(owner_id, purpose)
    return plaintext


def seal_with_secret(*, secret: bytes, purpose: str, plaintext: bytes) -> bytes:
    """Encrypt ``plaintext`` under a key derived (HKDF-SHA256) from ``secret``, which the caller
    holds and the server does not keep, e.g. a session cookie. No data key, no master key, no
    access record: without the secret the value opens for nobody, the operator included."""
    return crypto.seal_with_secret(secret, purpose, plaintext)


def open_with_secret(*, secret: bytes, purpose: str, blob: bytes) -> bytes:
    """Decrypt a value from ``seal_with_secret``. Raises ``VaultError`` for another secret,
    another purpose, or an altered value."""
    return crypto.open_with_secret(secret, purpose, blob)


def seal_setting(*, owner_id, purpose: str, plaintext: bytes) -> bytes:
    """Encrypt a secret setting of an organisation (an SSO client secret) with the
    organisation's own data key, wrapped by the master key like a person's."""
    return seal(owner_id=owner_id, purpose=purpose, plaintext=plaintext)


def open_setting(*, owner_id, purpose: str, blob: bytes) -> bytes:
    """Decrypt a value from ``seal_setting``.  No access record: the value is the organisation's
    configuration, read by the system at each sign-in, and a count of those reads per day would
    be a usage figure (PRODUCT rule 2), not a privacy log."""
    owner_id = str(owner_id)
    dek_id = crypto.parse_header(blob)
    key = crypto.cache.get_by_id(dek_id) or _key_for_owner(owner_id, create=False)
    if key is None or key.dek_id != dek_id or key.owner_id != owner_id:
        raise VaultError("no data key for this value")
    return crypto.open_with(key, purpose, blob)


def _record_access(owner_id: str, purpose: str) -> None:
    actor = current_actor()
    if actor.kind == "person" and actor.user_id == owner_id:
        return
    if actor.kind == "share":
        if actor.shared_by == owner_id and actor.shared_purpose == purpose:
            return  # a read the owner granted by sharing: no read receipt (actor.reading_a_share)
        actor = person(actor.user_id, label="")  # anything else is an ordinary read by another account
    record, _ = AccessRecord.objects.get_or_create(
        owner_id=owner_id,
        day=timezone.localdate(),
        actor_kind=actor.kind,
        actor_label=actor.label[:200],
        purpose=purpose.rsplit(".", 1)[0][:100],
    )
    AccessRecord.objects.filter(pk=record.pk).update(count=F("count") + 1)


def data_key_destroy(*, owner_id) -> bool:
    """Crypto-shredding: destroy the person's data key.  Everything sealed with it is unreadable
    from now on, in this database and in any copy of it.  Irreversible by design."""
    owner_id = str(owner_id)
    crypto.cache.forget_owner(owner_id)
    deleted, _ = DataKey.objects.filter(owner_id=owner_id).delete()
    crypto.cache.forget_owner(owner_id)
    return bool(deleted)


def master_key_rotate() -> int:
    """Re-wrap every data key with the first configured master key.  Content is untouched."""
    primary = keyring.primary_master_key()
    count = 0
    for row in DataKey.objects.exclude(kek_id=primary.key_id).iterator():
        raw = crypto.unwrap_key(str(row.owner_id), row.id, row.kek_id, bytes(row.wrapped))
        kek_id, wrapped = keyring.wrap(str(row.owner_id), str(row.id), raw)
        DataKey.objects.filter(pk=row.pk, kek_id=row.kek_id).update(kek_id=kek_id, wrapped=wrapped)
        count += 1
    crypto.cache.clear()
    return count


def access_record_list(*, owner_id, since: datetime.date | None = None):
    rows = AccessRecord.objects.filter(owner_id=owner_id)
    if since:
        rows = rows.filter(day__gte=since)
    return list(rows)


def access_records_purge(*, older_than_days: int = 365) -> int:
    cutoff = timezone.localdate() - datetime.timedelta(days=older_than_days)
    deleted, _ = AccessRecord.objects.filter(day__lt=cutoff).delete()
    return deleted
