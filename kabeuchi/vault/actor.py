"""Who is reading right now.  The vault compares this with the owner of every value it opens.

Requests set the signed-in person (``ActorMiddleware``); background jobs wrap their work in
``system_job("...")``; anything else (a shell, a script) is the operator console.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    kind: str  # "person", "system", "console" or "share"
    user_id: str | None = None
    label: str = ""
    # For kind "share" only: whose content was shared, and which sealed field holds the share.
    shared_by: str | None = None
    shared_purpose: str = ""


CONSOLE = Actor(kind="console", label="console")
_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("kabeuchi_actor", default=CONSOLE)


def current_actor() -> Actor:
    return _current.get()


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def person(user_id, label: str = "") -> Actor:
    return Actor(kind="person", user_id=str(user_id), label=label)


def system_job(name: str):
    """Context manager for the system's own jobs: their reads are listed by this name."""
    return acting_as(Actor(kind="system", label=name))


def reading_a_share(*, recipient_id, owner_id, purpose: str):
    """Context manager for a recipient opening content its owner chose to share with them.

    Opening ``purpose`` (one sealed field, e.g. ``oneonone.share.content``) of ``owner_id``'s
    inside this context is *not* written to the owner's access log: the owner granted exactly
    this read, and a log entry would be a read receipt ("your manager opened it on Tuesday"),
    which the not-surveillance rule forbids.  Any other value opened inside the context is
    recorded as a read by another account, as usual.  Only the share's access function
    (``kabeuchi.oneonone.access.access_share``) uses this, after checking recipient, expiry and
    revocation.
    """
    return acting_as(
        Actor(kind="share", user_id=str(recipient_id), label="", shared_by=str(owner_id), shared_purpose=purpose)
    )


def set_for_rest_of_request(actor: Actor) -> None:
    """Used by API token authentication, which happens after the middleware has set the actor;
    the middleware's reset at the end of the request restores the previous value."""
    _current.set(actor)
