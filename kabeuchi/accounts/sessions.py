"""Sessions in the database that do not say whose they are, or when anyone signed in.

``SESSION_ENGINE = "kabeuchi.accounts.sessions"``. Django's database backend, in the same
``django_session`` table, with three changes (docs/privacy.md P8, "Sessions"):

- ``session_key`` holds a keyed hash (HMAC-SHA256 with a key derived from ``SECRET_KEY``,
  40 hex digits) of the cookie value, never the value itself: a database reader can neither
  take over a session nor join the table to anything;
- ``session_data`` is sealed by the vault (AES-256-GCM) under a key derived (HKDF) from the
  cookie value, which the server does not keep: without that person's cookie no row says whose
  it is. The precise expiry is inside, and is checked on every load;
- ``expire_date`` is coarse: 00:00 (Asia/Tokyo) at the end of the day after the day the row
  was written (more days for a longer session), so it says the day of the write and nothing
  about the time. The hourly purge (``coach.jobs.run_purge_once``) deletes rows past it.

Everything else is Django's: the session is written only when it changes
(``SESSION_SAVE_EVERY_REQUEST`` stays off: a refreshed expiry would be a "last active" time),
sign-out deletes the row, a password change signs out the other sessions through the auth hash
kept inside the sealed data, and nothing touches Redis, so a Redis outage signs nobody out.
A row that does not open (altered, or sealed under another cookie) or whose precise expiry has
passed loads as an empty session, which is signed out, and is deleted. A database that cannot be
reached still raises, so an outage does not sign anyone out either (kabeuchi/core/outage.py).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import logging
import math

from asgiref.sync import sync_to_async
from django.contrib.sessions.backends import db
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kabeuchi.core.timestamps import day_end
from kabeuchi.vault import services as vault

logger = logging.getLogger(__name__)

PURPOSE = "accounts.session"
_ROW_KEY_SALT = "kabeuchi.accounts.sessions.row-key"
_ROW_KEY_LENGTH = 40  # the column's length; 160 bits of HMAC-SHA256


def row_key(session_key: str) -> str:
    """The row's primary key for a cookie value: a keyed hash, so the value itself is never stored."""
    return salted_hmac(_ROW_KEY_SALT, session_key, algorithm="sha256").hexdigest()[:_ROW_KEY_LENGTH]


def coarse_expiry(*, now: datetime.datetime, expiry: datetime.datetime) -> datetime.datetime:
    """00:00 after enough whole days from the start of ``now``'s day to cover ``expiry``: it
    depends only on the day of the write and the session's length, never on the time of day."""
    days = max(1, math.ceil((expiry - now).total_seconds() / 86400))
    return day_end(now + datetime.timedelta(days=days))


class SessionStore(db.SessionStore):
    def _seal(self, data: dict, expiry: datetime.datetime) -> str:
        payload = self.serializer().dumps({"expires": expiry.timestamp(), "data": data})
        blob = vault.seal_with_secret(secret=self.session_key.encode(), purpose=PURPOSE, plaintext=payload)
        return base64.b64encode(blob).decode("ascii")

    def _open(self, session_data: str) -> dict | None:
        """The session's data, or None when the row does not open or its precise expiry passed."""
        try:
            blob = base64.b64decode(session_data.encode("ascii"), validate=True)
            payload = self.serializer().loads(
                vault.open_with_secret(secret=self.session_key.encode(), purpose=PURPOSE, blob=blob)
            )
            expires, data = float(payload["expires"]), payload["data"]
        except (vault.VaultError, binascii.Error, ValueError, TypeError, KeyError, UnicodeError):
            # Not a 500: the person is signed out. The log says only that it happened.
            logger.warning("A session row did not open; it is treated as signed out and deleted.")
            return None
        if not isinstance(data, dict) or expires <= timezone.now().timestamp():
            return None
        return data

    # Django's database backend with the row key hashed and the data sealed.

    def load(self):
        row = self._get_session_from_db()  # by row_key, see below; clears _session_key if none
        if row is None:
            return {}
        data = self._open(row.session_data)
        if data is None:
            self.model.objects.filter(session_key=row.session_key).delete()
            self._session_key = None
            return {}
        return data

    def _get_session_from_db(self):
        if not self.session_key:
            return None
        row = self.model.objects.filter(session_key=row_key(self.session_key), expire_date__gt=timezone.now()).first()
        if row is None:
            self._session_key = None
        return row

    async def aload(self):
        return await sync_to_async(self.load)()

    def exists(self, session_key):
        return self.model.objects.filter(session_key=row_key(session_key)).exists()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    def create_model_instance(self, data):
        now = timezone.now()
        expiry = self.get_expiry_date(modification=now)
        return self.model(
            session_key=row_key(self._get_or_create_session_key()),
            session_data=self._seal(data, expiry),
            expire_date=coarse_expiry(now=now, expiry=expiry),
        )

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create=must_create)

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=row_key(session_key)).delete()

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)
