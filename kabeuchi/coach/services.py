"""Every write about conversations, and the making of a reply.

``reply_events`` is the heart: it checks the person's words for signs that human help is
needed, asks the engine for a reply (streamed), falls back to the guide if a model server
fails and that is configured, and only when a reply is complete records the exchange — in the
database for a saved conversation, or in the returned state for a "do not save" one.  A
failed reply records nothing, so the person's message is still theirs to send again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.coach import safety_second_opinion as second_opinion
from kabeuchi.coach import support as support_module
from kabeuchi.coach.access import access_conversation
from kabeuchi.coach.engine_config import current_engine, guide_engine
from kabeuchi.coach.engines.base import ConversationState, EngineUnavailable, Summary, Turn
from kabeuchi.coach.models import Conversation
from kabeuchi.coach.redaction import StreamRestorer, redact_conversation, redaction_of_reply, restore_state
from kabeuchi.coach.state import state_from_json, state_to_json
from kabeuchi.coach.themes import THEMES, UnknownTheme, get_theme
from kabeuchi.vault.actor import acting_as, person, system_job

logger = logging.getLogger(__name__)


def reason_message(reason: str) -> str:
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


def _title_for(state: ConversationState, language: str) -> str:
    return get_theme(state.theme).title_for(language)


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
    with transaction.atomic():
        conversation = Conversation.objects.create(
            owner=user,
            theme=state.theme,
            retention_days=retention_days,
            expires_at=timezone.now() + datetime.timedelta(days=retention_days),
            title=_title_for(state, language),
            state=state_to_json(state),
        )
    return state, conversation


def conversation_state(*, conversation: Conversation) -> ConversationState:
    return state_from_json(conversation.state)


def conversation_retention_set(*, user, conversation_id, retention_days: int) -> Conversation:
    retention_allowed(user=user, days=retention_days)
    with transaction.atomic():
        conversation = access_conversation(user=user, conversation_id=conversation_id)
        conversation.retention_days = retention_days
        conversation.expires_at = timezone.now() + datetime.timedelta(days=retention_days)
        conversation.save(update_fields=["retention_days", "expires_at", "updated_at"])
    return conversation


def conversation_delete(*, user, conversation_id) -> None:
    access_conversation(user=user, conversation_id=conversation_id).delete()


def _record_saved(*, user, conversation_id, state: ConversationState) -> None:
    with transaction.atomic():
        conversation = access_conversation(user=user, conversation_id=conversation_id)
        conversation.state = state_to_json(state)
        conversation.expires_at = timezone.now() + datetime.timedelta(days=conversation.retention_days)
        conversation.save(update_fields=["state", "expires_at", "updated_at"])


@dataclass(frozen=True)
class Event:
    kind: str  # "support", "notice", "chunk", "error", "done"
    data: dict


def _policy(user):
    from kabeuchi.org.selectors import default_policy, policy_for_user

    return policy_for_user(user=user) if user is not None else default_policy()


async def _model_stream(engine, state, message, language, redaction):
    """The engine's reply chunks; with redaction, the engine sees placeholders and the person
    sees their own words."""
    if redaction is None:
        async for chunk in engine.astream_reply(state, message, language=language):
            yield chunk
        return
    restorer = StreamRestorer(redaction)
    async for chunk in engine.astream_reply(state, message, language=language):
        ready = restorer.feed(chunk)
        if ready:
            yield ready
    rest = restorer.flush()
    if rest:
        yield rest


async def reply_events(
    *, user, message: str, language: str, state: ConversationState, conversation_id=None, engine=None, policy=None
) -> AsyncIterator[Event]:
    """Stream the reply to ``message`` as events.  ``message`` must already be clean.
    ``policy``: the person's organisation policy, if the caller loaded it already.

    Nothing here logs, counts or sends what the person wrote, or that help was shown.
    """
    if policy is None:
        policy = await sync_to_async(_policy)(user)
    engine = engine or current_engine()
    # Local check first; a configured model can add a kind, never remove one (fails safe).
    help_ = await second_opinion.support_for(engine, message, consultation_desk=policy.consultation_desk, eap=policy.eap)
    if help_ is not None:
        notes = []
        if "harassment" in help_.kinds:
            notes.append(str(support_module.HARASSMENT_NOTE))
        if "health" in help_.kinds:
            notes.append(str(support_module.HEALTH_NOTE))
        yield Event("support", {**help_.as_json(), "notes": notes})

    if help_ is not None and help_.crisis:
        # The guided flow stops: a fixed, reviewed reply, and the people who can help.
        reply = str(support_module.CRISIS_REPLY)
        yield Event("chunk", {"text": reply})
        new_state = state.adding(
            Turn("person", message), Turn("partner", reply, step=state.step, move="support")
        )
    else:
        parts: list[str] = []
        redaction = None
        sent_state, sent_message = state, message
        if engine.is_model and policy.redacts_pii:
            sent_state, sent_message, redaction = redact_conversation(state, message)
        try:
            async for chunk in _model_stream(engine, sent_state, sent_message, language, redaction):
                parts.append(chunk)
                yield Event("chunk", {"text": chunk})
        except EngineUnavailable as failure:
            logger.warning(
                "engine %s unavailable: %s", engine.name, failure.reason
            )  # reason only, never text
            if not (engine.is_model and settings.KABEUCHI_AI_FALLBACK_TO_GUIDE):
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
            engine = guide_engine()
            parts = []
            yield Event(
                "notice",
                {
                    "text": _("The AI service is not answering, so the built-in guide continues for now."),
                    "discard": True,
                },
            )
            async for chunk in engine.astream_reply(state, message, language=language):
                parts.append(chunk)
                yield Event("chunk", {"text": chunk})
        reply = "".join(parts)
        if redaction is not None and engine.is_model:
            # The engine may call the model again while recording (folding older turns): it
            # gets the redacted conversation too, and the kept state is restored.
            new_state = restore_state(
                await engine.arecord(sent_state, sent_message, redaction_of_reply(redaction, reply), language=language),
                redaction,
            )
        else:
            new_state = await engine.arecord(state, message, reply, language=language)

    if conversation_id is not None:
        actor = person(user.pk, label=user.display_name or user.email)

        def save() -> None:
            with acting_as(actor):
                _record_saved(user=user, conversation_id=conversation_id, state=new_state)

        await sync_to_async(save)()
        yield Event("done", {"conversation": str(conversation_id)})
    else:
        yield Event("done", {"state": state_to_json(new_state)})


def summary_make(*, state: ConversationState, language: str) -> Summary:
    try:
        return current_engine().summarise(state, language=language)
    except EngineUnavailable:
        return guide_engine().summarise(state, language=language)


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
        conversation.save(update_fields=["kept_summary", "updated_at"])
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
        conversation.kept_summary = None
        conversation.save(update_fields=["kept_summary", "updated_at"])


def conversations_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete every conversation past its retention.  Reads no content (nothing is opened)."""
    with system_job("retention purge"):
        deleted, _ = Conversation.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
