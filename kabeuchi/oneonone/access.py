"""Reads of 1on1 agendas and shares.  "Missing", "not yours", "revoked" and "expired" all give
the same 404.

``access_share`` is the one policy for who may read a share: the named recipient, signed in,
while the share is live.  It opens the sealed snapshot inside ``vault.actor.reading_a_share``,
so the read the owner granted leaves no trace (no access record, no receipt of any kind), and
it returns plain frozen data, never the model: nothing else of the owner's can be reached
through it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kabeuchi.oneonone.models import Agenda, Category, Share, Style
from kabeuchi.vault.actor import reading_a_share

SHARE_PURPOSE = "oneonone.share.content"
SHARE_ADDRESS_SALT = "kabeuchi.oneonone.share.recipient"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def address_hash(email: str) -> str:
    """A keyed hash of an e-mail address, for shares to an address: the table holds no address
    and no account, and without the server's secret the hash cannot be matched to a list of
    addresses.  Shares last at most 30 days, so rotating the secret only ends them early."""
    return salted_hmac(SHARE_ADDRESS_SALT, (email or "").strip().lower(), algorithm="sha256").hexdigest()


def access_agenda(*, user, agenda_id) -> Agenda:
    agenda = Agenda.objects.filter(pk=agenda_id, owner=user).first() if user.is_authenticated else None
    if agenda is None:
        raise Http404
    return agenda


def agenda_list(*, user) -> list[Agenda]:
    return list(Agenda.objects.filter(owner=user).order_by("-created_at", "-seq"))


def access_own_share(*, user, agenda_id, share_id) -> Share:
    share = (
        Share.objects.filter(pk=share_id, agenda_id=agenda_id, owner=user).first() if user.is_authenticated else None
    )
    if share is None:
        raise Http404
    return share


def share_list(*, user, agenda_id=None) -> list[Share]:
    """The owner's shares (live and expired), for "what I shared, with whom, until when"."""
    rows = Share.objects.filter(owner=user).select_related("recipient").order_by("-created_at", "-seq")
    if agenda_id is not None:
        rows = rows.filter(agenda_id=agenda_id)
    return list(rows)


@dataclass(frozen=True)
class SharedItem:
    kind: str  # "since", "topic", "support", "first_words"
    text: str
    category: str = ""
    style: str = ""

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else ""

    @property
    def style_label(self) -> str:
        return str(Style(self.style).label) if self.style in Style.values else ""


@dataclass(frozen=True)
class SharedAgenda:
    """What a recipient sees: the snapshot, who shared it, and until when.  Nothing else."""

    share_id: str
    shared_by: str
    expires_at: object
    meeting_on: str | None
    items: tuple[SharedItem, ...]


def _live_shares_for(user):
    """Live shares for ``user``: named as the manager, or sent to their address.  Only while they
    are in the owner's organisation: someone who has left it (or was never in it) reads nothing."""
    from kabeuchi.accounts.models import Membership

    organisation_id = Membership.objects.filter(user=user).values_list("organisation_id", flat=True).first()
    if organisation_id is None:
        return Share.objects.none()
    return Share.objects.filter(
        Q(recipient=user) | Q(recipient__isnull=True, recipient_hash=address_hash(user.email)),
        expires_at__gt=timezone.now(),
        owner__membership__organisation_id=organisation_id,
    ).select_related("owner")


def access_share(*, user, token: str | None = None, share_id=None) -> SharedAgenda:
    """Open a share for ``user`` by its link token (or, from the recipient's own list, its id).

    404 unless ``user`` is signed in, is the recipient, is still in the owner's organisation,
    and the share exists (revoking deletes it) and has not expired.  Writes nothing.
    """
    if not user.is_authenticated or (token is None) == (share_id is None):
        raise Http404
    rows = _live_shares_for(user)
    share = rows.filter(token_hash=token_hash(token)).first() if token is not None else rows.filter(pk=share_id).first()
    if share is None:
        raise Http404
    with reading_a_share(recipient_id=user.pk, owner_id=share.owner_id, purpose=SHARE_PURPOSE):
        content = share.content
    return SharedAgenda(
        share_id=str(share.pk),
        shared_by=str(share.owner),
        expires_at=share.expires_at,
        meeting_on=content.get("meeting_on"),
        items=tuple(
            SharedItem(
                kind=str(i.get("kind", "")),
                text=str(i.get("text", "")),
                category=str(i.get("category", "")),
                style=str(i.get("style", "")),
            )
            for i in content.get("items", [])
        ),
    )


@dataclass(frozen=True)
class SharedEntry:
    share_id: str
    shared_by: str
    expires_at: object


def shared_with_me_list(*, user) -> list[SharedEntry]:
    """Shares sent to ``user`` that are live now: who shared, until when.  No activity times,
    no content (it is opened only on the share's own page)."""
    if not user.is_authenticated:
        return []
    return [
        SharedEntry(share_id=str(s.pk), shared_by=str(s.owner), expires_at=s.expires_at)
        for s in _live_shares_for(user).order_by("expires_at")
    ]
