"""Encrypted model fields.  Apps declare them and read and write plain Python values.

    body = EncryptedTextField(owner_field="owner")

The value is sealed with the owner's data key when the row is saved and opened lazily the
first time the attribute is read.  Sealed values cannot be filtered, ordered or indexed, and a
queryset ``update()`` with plaintext is refused: plaintext never reaches the database.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from kabeuchi.vault import services


class Sealed:
    """Ciphertext as loaded from the database, with its plaintext once opened."""

    __slots__ = ("blob", "plain", "opened")

    def __init__(self, blob: bytes):
        self.blob = blob
        self.plain: Any = None
        self.opened = False

    def __repr__(self) -> str:
        return "<Sealed>"


class EncryptedDescriptor(DeferredAttribute):
    """A data descriptor (it has ``__set__``), so every read passes through ``__get__`` and is
    opened here; Django's plain DeferredAttribute would be shadowed by the instance dict."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            if not value.opened:
                field = self.field
                raw = services.open_sealed(owner_id=field.owner_of(instance), purpose=field.purpose, blob=value.blob)
                value.plain = field.decode(raw)
                value.opened = True
            return value.plain
        return value


class _EncryptedField(models.BinaryField):
    descriptor_class = EncryptedDescriptor

    def __init__(self, *args, owner_field: str = "owner", **kwargs):
        self.owner_field = owner_field
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["owner_field"] = self.owner_field
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    @property
    def purpose(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def owner_of(self, instance) -> str:
        owner_id = getattr(instance, f"{self.owner_field}_id")
        if owner_id is None:
            raise ValueError(f"{self.purpose}: a sealed value needs its owner set first")
        return str(owner_id)

    def encode(self, value: Any) -> bytes:
        raise NotImplementedError

    def decode(self, raw: bytes) -> Any:
        raise NotImplementedError

    def from_db_value(self, value, expression, connection):
        return None if value is None else Sealed(bytes(value))

    def to_python(self, value):
        return value

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if value is None:
            return None
        if isinstance(value, Sealed):
            return value.blob
        return services.seal(owner_id=self.owner_of(model_instance), purpose=self.purpose, plaintext=self.encode(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, Sealed):
            value = value.blob
        if value is not None and not isinstance(value, bytes | bytearray | memoryview):
            raise TypeError(f"{self.purpose}: plaintext cannot be written with update(); save the instance")
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj):  # serialisation (dumpdata) only ever sees ciphertext
        raw = obj.__dict__.get(self.attname)
        return "" if raw is None else "<sealed>"

    def get_lookup(self, lookup_name):
        if lookup_name not in {"isnull"}:
            return None
        return super().get_lookup(lookup_name)


class EncryptedTextField(_EncryptedField):
    def encode(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def decode(self, raw: bytes) -> str:
        return raw.decode("utf-8")


def padded_length(length: int, *, bucket: int) -> int:
    """The smallest ``bucket * 2**k`` that holds ``length`` bytes.

    Sealing hides the bytes, not their number: a value padded to these sizes tells a reader of
    the database only which power-of-two bucket it falls in (at most twice the space)."""
    size = bucket
    while size < length:
        size *= 2
    return size


class EncryptedJSONField(_EncryptedField):
    """A sealed JSON value.  With ``pad_to`` the plaintext is padded with spaces (JSON ignores
    them) to ``padded_length(..., bucket=pad_to)`` before sealing, so the size of the
    ciphertext says as little as possible about what is inside (which theme a conversation
    has, how many turns it holds)."""

    def __init__(self, *args, pad_to: int = 0, **kwargs):
        self.pad_to = pad_to
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.pad_to:
            kwargs["pad_to"] = self.pad_to
        return name, path, args, kwargs

    def encode(self, value: Any) -> bytes:
        raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if self.pad_to:
            raw = raw.ljust(padded_length(len(raw), bucket=self.pad_to), b" ")
        return raw

    def decode(self, raw: bytes) -> Any:
        return json.loads(raw)
