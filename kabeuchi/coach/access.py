"""Reads of conversations.  "Missing" and "not yours" give the same 404."""

from django.http import Http404
from django.utils import timezone

from kabeuchi.coach.models import Conversation


def access_conversation(*, user, conversation_id) -> Conversation:
    conversation = (
        Conversation.objects.filter(pk=conversation_id, owner=user, expires_at__gt=timezone.now()).first()
        if user.is_authenticated
        else None
    )
    if conversation is None:
        raise Http404
    return conversation


def conversation_list(*, user) -> list[Conversation]:
    """The owner's saved conversations, the one written last first.  The time of the last write
    is sealed (``Conversation.meta``), so the order is made here, after opening, not by SQL."""
    rows = list(Conversation.objects.filter(owner=user, expires_at__gt=timezone.now()))
    return sorted(rows, key=lambda c: c.written_at, reverse=True)
