"""Every write about conversations, and the making of a reply.

``reply_events`` is the heart: it checks the person's words for signs that human help is
needed, asks the engine for a reply (streamed), falls back to the guide if a model server
fails and that is configured, and only when a reply is complete records the exchange — in the
database for a saved conversation, or in the returned state for a "do not save" one.  A
failed reply records nothing, so the person's message is still theirs to send again.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import random
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.coach import helplines
from kabeuchi.coach import safety_second_opinion as second_opinion
from kabeuchi.coach import support as support_module
from kabeuchi.coach.access import access_conversation
from kabeuchi.coach.engine_config import current_engine, guide_engine
from kabeuchi.coach.engines.base import ConversationState, EngineUnavailable, Summary, Turn
from kabeuchi.coach.gateway import ModelGateway, amodel_gateway, model_gateway
from kabeuchi.coach.models import Conversation, new_version
from kabeuchi.coach.state import state_from_json, state_to_json
from kabeuchi.coach.themes import THEMES, UnknownTheme
from kabeuchi.core.timestamps import day_end
from kabeuchi.vault.actor import acting_as, person, system_job

logger = logging.getLogger(__name__)


def reason_message(reason: str) -> str:
    if reason == EngineUnavailable.TOO_LONG:
        # Sending it again cannot help: say so, and what can.
        return (
            _("This message is too long for the AI model used here.")
            + " "
            + _("Your message is kept. Please shorten it, or send it in parts.")
        )
    first = {
        EngineUnavailable.TIMEOUT: _("The AI took too long to answer."),
        EngineUnavailable.UNREACHABLE: _("The AI service cannot be reached right now."),
        EngineUnavailable.RATE_LIMITED: _("The AI service is busy right now."),
        EngineUnavailable.SERVER_ERROR: _("The AI service had a problem."),
        EngineUnavailable.BAD_RESPONSE: _("The AI service sent an answer that could not be used."),
        EngineUnavailable.REJECTED: _(
            "The AI service refused the request; the operator needs to check its settings."
        ),
    }.get(reason, _("The AI service had a problem."))
    return first + " " + _("Your message is kept. Please try sending it again.")


def language_of(code: str | None) -> str:
    return "en" if code == "en" else "ja"


def retention_allowed(*, user, days: int) -> None:
    from kabeuchi.accounts.services import retention_choices

    if days not in retention_choices(user=user):
        raise ValidationError(_("Please choose one of the offered periods."), code="retention")


def message_clean(message: str) -> str:
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Please write something before sending."), code="empty")
    if len(message) > settings.KABEUCHI_MAX_TEXT_CHARS:
        raise ValidationError(
            _("A message can be at most %(max)d characters (now %(count)d).")
            % {"max": settings.KABEUCHI_MAX_TEXT_CHARS, "count": len(message)},
            code="too_long",
        )
    return message


# An idempotency key is made by the client for one message when the person presses "send" and
# sent again with that message's retries (static/kabeuchi/talk.js: a random UUID; the API: the
# ``Idempotency-Key`` header or the ``idempotency_key`` field).  What is recorded, with the
# person's turn inside the sealed conversation state, is only a digest of it: a key that
# carries a time (a UUIDv1 or v7 made by an API client) leaves no time in the data.
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{8,128}")  # 8-128 visible ASCII characters (a UUID is 36)


def idempotency_digest(raw: str | None) -> str:
    """The digest recorded for the client's idempotency key ``raw`` ('' for none).

    Accepts the key bare or as an HTTP structured-field string (in double quotes)."""
    if raw is None:
        return ""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    if not IDEMPOTENCY_KEY.fullmatch(raw):
        raise ValidationError(
            _("The idempotency key must be 8 to 128 visible ASCII characters, such as a UUID."),
            code="idempotency_key",
        )
    return hashlib.sha256(b"kabeuchi/turn-key/v1|" + raw.encode("ascii")).hexdigest()[:32]


def idempotency_key_of(*, header: str | None, field: str | None) -> str:
    """The digest of the key given in the ``Idempotency-Key`` header or a body field (or both,
    if they agree)."""
    from_header, from_field = idempotency_digest(header), idempotency_digest(field)
    if from_header and from_field and from_header != from_field:
        raise ValidationError(
            _("The idempotency key in the header and in the body differ."), code="idempotency_key"
        )
    return from_header or from_field


@dataclass(frozen=True)
class PriorExchange:
    """The exchange already recorded for an idempotency key."""

    message: str
    reply: str | None  # None: the person's turn has no reply after it (not written by Kabeuchi)


def prior_exchange(state: ConversationState, key: str) -> PriorExchange | None:
    """The exchange recorded in ``state`` for the key digest ``key``, if any."""
    if not key:
        return None
    for i, turn in enumerate(state.turns):
        if turn.role == "person" and turn.key == key:
            after = state.turns[i + 1] if i + 1 < len(state.turns) else None
            return PriorExchange(turn.text, after.text if after is not None and after.role == "partner" else None)
    return None


def _with_key(base: ConversationState, state: ConversationState, key: str) -> ConversationState:
    """``state`` with ``key`` on the person's turn of the exchange added to ``base``."""
    i = len(base.turns)
    if not key or i >= len(state.turns) or state.turns[i].role != "person":
        return state
    turns = list(state.turns)
    turns[i] = replace(turns[i], key=key)
    return replace(state, turns=tuple(turns))


def conversation_start(
    *, user, theme: str, retention_days: int, language: str
) -> tuple[ConversationState, Conversation | None]:
    """Start a conversation.  With ``retention_days == 0`` nothing is written anywhere.

    Only listed themes start here; an unlisted one (feedback) has its own entry point that
    neither saves nor counts (kabeuchi/org/feedback_talk.py).
    """
    if theme and theme not in THEMES:
        raise UnknownTheme(f"No listed theme called {theme!r}.")
    engine = current_engine()
    state = engine.start(theme, language=language)
    from kabeuchi.org.usage import usage_record  # an id-free monthly count; see kabeuchi/org/usage.py

    usage_record(user=user, theme=state.theme)
    if retention_days == 0:
        return state, None
    retention_allowed(user=user, days=retention_days)
    conversation = Conversation.objects.create(
        owner=user,
        meta=_meta(theme=state.theme, retention_days=retention_days),
        expires_at=_expiry(retention_days),
        state=state_to_json(state),
        kept_summary={},
    )
    return state, conversation


def _expiry(retention_days: int) -> datetime.datetime:
    """The end of the day ``retention_days`` after today: no time of day is stored."""
    return day_end(timezone.now() + datetime.timedelta(days=retention_days))


def _meta(*, theme: str, retention_days: int) -> dict:
    """What a saved conversation's row keeps sealed about it (coach.models.Conversation.meta):
    written now."""
    return {"theme": theme, "retention_days": retention_days, "written": timezone.now().isoformat()}


def _sealed(conversation: Conversation, field: str, value: dict) -> bytes:
    """``value`` sealed for ``conversation.<field>``, for a queryset ``update()`` (which refuses
    plaintext)."""
    setattr(conversation, field, value)
    return Conversation._meta.get_field(field).pre_save(conversation, add=False)


def conversation_state(*, conversation: Conversation) -> ConversationState:
    return state_from_json(conversation.state)


def conversation_retention_set(*, user, conversation_id, retention_days: int) -> Conversation:
    retention_allowed(user=user, days=retention_days)
    conversation = access_conversation(user=user, conversation_id=conversation_id)
    for attempt in range(RECORD_ATTEMPTS + 1):
        meta = _meta(theme=conversation.theme, retention_days=retention_days)
        expires_at = _expiry(retention_days)
        # Only these columns, never ``state``; the new version makes a reply being recorded at
        # this moment re-read the row, so it moves ``expires_at`` by the new period.  If messages
        # kept arriving on every attempt, the last one writes the person's choice anyway (never an
        # error for it): ``state`` is not touched, so no turn can be lost; at worst the sealed time
        # of the last write is a moment older, and the writer racing it re-reads the row.
        swap = {"version": conversation.version} if attempt < RECORD_ATTEMPTS else {}
        written = Conversation.objects.filter(pk=conversation.pk, **swap).update(
            meta=_sealed(conversation, "meta", meta), expires_at=expires_at, version=new_version()
        )
        if written:
            conversation.expires_at = expires_at
            return conversation
        conversation = access_conversation(user=user, conversation_id=conversation_id)
    raise ConversationConflict  # not reached: the last attempt writes, or the row is gone (404 above)


def conversation_delete(*, user, conversation_id) -> None:
    access_conversation(user=user, conversation_id=conversation_id).delete()


class ConversationConflict(Exception):
    """The exchange could not be recorded because the conversation kept changing under it."""


RECORD_ATTEMPTS = 8


def _record_saved(
    *, user, conversation_id, base: ConversationState, state: ConversationState, key: str = ""
) -> PriorExchange | None:
    """Record one exchange: ``state`` is ``base`` (what the reply was made from) with this
    exchange's turns appended.  Returns None once recorded, or, when an exchange with the same
    idempotency ``key`` was recorded meanwhile (a retry that overtook, or was overtaken by, the
    request it repeats), that exchange, and records nothing.

    A compare-and-swap on ``Conversation.version``, never a blind rewrite: if nobody wrote
    since ``base`` was read, ``state`` is stored as the engine made it (with its rolling
    summary and guided step); if another exchange was recorded meanwhile (a second tab, a
    double click, a retry), this exchange's turns are appended to the latest state, so both
    writers' turns are kept, each exchange in one piece, in the order they were recorded.
    Raises ``ConversationConflict`` if the row changed on every attempt, ``Http404`` if the
    conversation was deleted or expired meanwhile; then nothing was recorded.
    """
    # By position, not by comparing texts: the earlier turns of ``state`` went through the
    # engine (and redaction and restoring) and need not be byte-identical to ``base``.
    added = state.turns[len(base.turns) :]
    for attempt in range(RECORD_ATTEMPTS):
        conversation = access_conversation(user=user, conversation_id=conversation_id)
        version = conversation.version
        latest = state_from_json(conversation.state)
        prior = prior_exchange(latest, key)
        if prior is not None:
            return prior  # read inside the same compare-and-swap: exactly one of the two is kept
        merged = state if latest.turns == base.turns else latest.adding(*added)
        meta = _meta(theme=conversation.theme, retention_days=conversation.retention_days)
        written = Conversation.objects.filter(pk=conversation.pk, version=version).update(
            state=_sealed(conversation, "state", state_to_json(merged)),
            meta=_sealed(conversation, "meta", meta),
            version=new_version(),
            expires_at=_expiry(conversation.retention_days),
        )
        if written:
            return None
        time.sleep(random.uniform(0, 0.005) * (attempt + 1))  # noqa: S311 (jitter, not a secret)
    raise ConversationConflict


@dataclass(frozen=True)
class Event:
    kind: str  # "support", "notice", "chunk", "error", "done"
    data: dict


def _policy(user):
    from kabeuchi.org.selectors import default_policy, policy_for_user

    return policy_for_user(user=user) if user is not None else default_policy()


def _key_reused() -> Event:
    return Event(
        "error",
        {
            "reason": "key_reused",
            "message": _("This idempotency key was already used for a different message. Please send it with a new key."),
            "retryable": False,
            "discard": True,
        },
    )


async def _help_events(engine, message: str, policy, state: ConversationState | None = None):
    """The ``support`` event for ``message`` (if help should be shown) and the help itself."""
    # Local check first; a configured model can add a kind, never remove one (fails safe).
    help_ = await second_opinion.support_for(engine, message, consultation_desk=policy.consultation_desk, eap=policy.eap)
    if help_ is None and helplines.asks_for_contacts(message):
        # 「窓口の電話番号だけもう一回出して」: the help asked for is shown again, for what this talk
        # was about, and never stops the conversation (the guide says it is below)
        help_ = support_module.asked_for(
            message, state.turns if state is not None else (),
            consultation_desk=policy.consultation_desk, eap=policy.eap,
        )
        # asked for: no note about what was said, and a plain heading (talk.js)
        events = [Event("support", {**help_.as_json(), "notes": [], "asked": True})]
        return help_, events
    events = []
    if help_ is not None:
        notes = []
        if "harassment" in help_.kinds:
            notes.append(str(support_module.HARASSMENT_NOTE))
        if "health" in help_.kinds:
            notes.append(str(support_module.HEALTH_NOTE))
        events.append(Event("support", {**help_.as_json(), "notes": notes}))
    return help_, events


async def reply_events(
    *,
    user,
    message: str,
    language: str,
    state: ConversationState,
    conversation_id=None,
    engine=None,
    policy=None,
    key: str = "",
) -> AsyncIterator[Event]:
    """Stream the reply to ``message`` as events.  ``message`` must already be clean.
    ``policy``: the person's organisation policy, if the caller loaded it already.
    ``key``: the digest of the client's idempotency key for this message (``idempotency_digest``),
    or ''.  If ``state`` already holds an exchange with that key, its recorded reply is sent
    again (help too, as for any message) and nothing is asked of the engine or recorded; if
    one is recorded while this reply is being made, this one is dropped and ``done`` carries
    the recorded reply (``reply``) for the client to show instead.

    Nothing here logs, counts or sends what the person wrote, or that help was shown.
    """
    if policy is None:
        policy = await sync_to_async(_policy)(user)
    engine = engine or current_engine()
    prior = prior_exchange(state, key)
    if prior is not None and prior.message != message:
        yield _key_reused()
        return
    help_, help_events = await _help_events(engine, message, policy, state)
    for event in help_events:
        yield event

    if prior is not None:
        # A retry of a message already recorded (the first request's "done" never arrived):
        # the same reply again, nothing new stored.
        if prior.reply:
            yield Event("chunk", {"text": prior.reply})
        done = {"conversation": str(conversation_id)} if conversation_id is not None else {"state": state_to_json(state)}
        yield Event("done", {**done, "replayed": True})
        return

    if help_ is not None and help_.stops_the_flow:
        # The guided flow stops: a fixed, reviewed reply, and the people who can help.
        reply = str(support_module.CRISIS_REPLY)
        yield Event("chunk", {"text": reply})
        new_state = state.adding(
            Turn("person", message), Turn("partner", reply, step=state.step, move="support")
        )
    else:
        parts: list[str] = []
        # Every model call goes through the gateway, which redacts as the policy says.
        gateway = await amodel_gateway(user=user, policy=policy, engine=engine)
        try:
            async for chunk in gateway.astream_reply(state, message, language=language):
                parts.append(chunk)
                yield Event("chunk", {"text": chunk})
        except EngineUnavailable as failure:
            logger.warning(
                "engine %s unavailable: %s", engine.name, failure.reason
            )  # reason only, never text
            # A message too long for the model is the person's to shorten: the guide taking
            # over ("the AI is not answering") would hide why.
            too_long = failure.reason == EngineUnavailable.TOO_LONG
            if too_long or not (engine.is_model and settings.KABEUCHI_AI_FALLBACK_TO_GUIDE):
                yield Event(
                    "error",
                    {
                        "reason": failure.reason,
                        "message": reason_message(failure.reason),
                        "retryable": failure.retryable,
                        "discard": True,
                    },
                )
                return
            gateway = ModelGateway(guide_engine(), redacts=False)
            parts = []
            yield Event(
                "notice",
                {
                    "text": _("The AI service is not answering, so the built-in guide continues for now."),
                    "discard": True,
                },
            )
            async for chunk in gateway.astream_reply(state, message, language=language):
                parts.append(chunk)
                yield Event("chunk", {"text": chunk})
        reply = "".join(parts)
        # Recording may call the model again (folding older turns): through the gateway too.
        new_state = await gateway.arecord(state, message, reply, language=language)
    new_state = _with_key(state, new_state, key)

    if conversation_id is not None:
        actor = person(user.pk, label=user.display_name or user.email)

        def save() -> PriorExchange | None:
            with acting_as(actor):
                return _record_saved(user=user, conversation_id=conversation_id, base=state, state=new_state, key=key)

        try:
            prior = await sync_to_async(save)()
        except (ConversationConflict, DatabaseError) as failure:
            # "done" is the acknowledgement: without it the page keeps the message in the box.
            logger.warning("exchange not recorded: %s", type(failure).__name__)  # never text
            yield Event(
                "error",
                {
                    "reason": "not_recorded",
                    "message": _(
                        "Your message could not be saved just now, so the reply above was not kept."
                    )
                    + " "
                    + _("Your message is kept. Please try sending it again."),
                    "retryable": True,
                    "discard": True,
                },
            )
            return
        if prior is not None:
            # The same message (same key) was recorded by another request meanwhile: that one
            # is kept, and the client shows its reply instead of the one just streamed.
            if prior.message != message:
                yield _key_reused()
                return
            yield Event("done", {"conversation": str(conversation_id), "replayed": True, "reply": prior.reply or ""})
            return
        yield Event("done", {"conversation": str(conversation_id)})
    else:
        yield Event("done", {"state": state_to_json(new_state)})


def summary_make(*, state: ConversationState, language: str, user=None) -> Summary:
    """What the person noticed and small next steps.  Through the gateway, so the
    organisation's redaction applies to summaries as to replies."""
    try:
        return model_gateway(user=user).summarise(state, language=language)
    except EngineUnavailable:
        return ModelGateway(guide_engine(), redacts=False).summarise(state, language=language)


def _clean_lines(lines: list[str]) -> list[str]:
    cleaned = [line.strip() for line in lines if line and line.strip()]
    if sum(len(x) for x in cleaned) > settings.KABEUCHI_MAX_TEXT_CHARS:
        raise ValidationError(_("The summary is too long. Please shorten it a little."), code="too_long")
    return cleaned[:50]


def summary_keep(*, user, conversation_id, noticed: list[str], next_steps: list[str]) -> Conversation:
    """Keep the (edited) summary with a saved conversation."""
    data = {
        "noticed": _clean_lines(noticed),
        "next_steps": _clean_lines(next_steps),
        "kept_on": timezone.localdate().isoformat(),
    }
    with transaction.atomic():
        conversation = access_conversation(user=user, conversation_id=conversation_id)
        conversation.kept_summary = data
        conversation.save(update_fields=["kept_summary"])
    return conversation


def summary_keep_as_note(*, user, noticed: list[str], next_steps: list[str], language: str):
    """For a conversation that is not saved: the person chose to keep only the summary, as a note."""
    from kabeuchi.notebook.services import note_create

    noticed, next_steps = _clean_lines(noticed), _clean_lines(next_steps)
    NOTICED_HEADING, STEPS_HEADING = _("What I noticed"), _("Small next steps")  # noqa: N806
    lines = [
        f"## {NOTICED_HEADING}",
        *[f"- {x}" for x in noticed],
        "",
        f"## {STEPS_HEADING}",
        *[f"- {x}" for x in next_steps],
    ]
    title = _("Notes from a conversation, %(date)s") % {"date": timezone.localdate().strftime("%Y-%m-%d")}
    return note_create(user=user, title=title, body="\n".join(lines))


def summary_discard(*, user, conversation_id) -> None:
    with transaction.atomic():
        conversation = access_conversation(user=user, conversation_id=conversation_id)
        conversation.kept_summary = {}  # sealed and padded like a kept one: the row does not say which
        conversation.save(update_fields=["kept_summary"])


def conversations_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete every conversation past its retention.  Reads no content (nothing is opened)."""
    with system_job("retention purge"):
        deleted, _ = Conversation.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
