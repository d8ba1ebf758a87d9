"""A configured model as a second opinion on safety: it can add a kind of help, never remove one.

``jatext.safety.detect`` (rules plus a small classifier) always runs first and decides on its own.
When a model engine is configured, the model is also asked, on the *redacted* message (names and
contact details replaced, as for replies), whether the message shows crisis, harassment or health
trouble.  Its answer is combined by union:

* it can only add kinds: a kind the local check found is never taken away;
* it fails safe: a timeout, an error or an unreadable answer adds nothing and hides nothing, and
  the local result stands (the always-visible help link on every page stays too);
* it is skipped when the local check already found a crisis (nothing more to add that matters)
  and when no model is configured (the guide engine).

It costs one short completion before the reply starts, bounded by ``TIMEOUT_SECONDS``, so it is
switched on by the setting ``KABEUCHI_SAFETY_SECOND_OPINION = True`` (off when absent): one more
model request per turn changes time-to-first-token and request counts, which the lean-stack
tests and bench measure.  Nothing is logged, counted or stored: the answer only shapes the help
shown to the person.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import replace

from django.conf import settings

from jatext.pii import redact
from kabeuchi.coach import support as support_module

KINDS = ("crisis", "harassment", "health")
TIMEOUT_SECONDS = 4.0
_MAX_CHARS = 2000
_JSON = re.compile(r"\{.*?\}", re.DOTALL)

# What leaves the system: the person's latest message only, redacted, cut to _MAX_CHARS (or fewer,
# to fit the model's context).
PROMPT = (
    "You check one message written to a career-reflection assistant by an employee in Japan "
    "(Japanese or English). Say which kinds of human help it calls for.\n"
    "crisis: wanting to die or disappear, self-harm, a suicide attempt (also in the past tense), "
    "goodbyes or plans, feeling like a burden, wishing not to wake up.\n"
    "harassment: being abused, threatened, excluded, touched, pushed to quit, or treated badly for "
    "pregnancy, childcare or leave, at work.\n"
    "health: trouble sleeping or eating, physical or mental symptoms, exhaustion that does not pass.\n"
    "Everyday exaggeration (死ぬほど忙しい, 締め切りに殺される, games, films) is none.\n"
    'Answer with JSON only, for example {"kinds": ["crisis"]} or {"kinds": []}.'
)


def _parse(answer: str) -> set[str]:
    match = _JSON.search(answer or "")
    if not match:
        return set()
    try:
        data = json.loads(match.group())
    except ValueError:
        return set()
    kinds = data.get("kinds") if isinstance(data, dict) else None
    if not isinstance(kinds, list):
        return set()
    return {kind for kind in kinds if isinstance(kind, str) and kind in KINDS}


def _max_chars(engine) -> int:
    """``_MAX_CHARS``, or fewer so that the request fits the model's context (estimated high:
    two tokens per Japanese character, kabeuchi.coach.context)."""
    from kabeuchi.coach import context

    config = getattr(engine, "config", None)
    tokens = getattr(config, "context_tokens", None)
    if not isinstance(tokens, int):
        return _MAX_CHARS
    room = tokens - 30 - context.estimate_messages([{"role": "system", "content": PROMPT}, {"role": "user", "content": ""}])
    return max(0, min(_MAX_CHARS, room // context.NON_ASCII_TOKENS))


def enabled() -> bool:
    return bool(getattr(settings, "KABEUCHI_SAFETY_SECOND_OPINION", False))


async def model_kinds(engine, message: str) -> set[str]:
    """Kinds the model sees in the redacted ``message``; an empty set on any failure."""
    complete = getattr(engine, "acomplete", None)
    if not enabled() or not getattr(engine, "is_model", False) or complete is None or not message.strip():
        return set()
    try:
        redacted = redact(message[: _max_chars(engine)]).text
        messages = [{"role": "system", "content": PROMPT}, {"role": "user", "content": redacted}]
        answer = await asyncio.wait_for(complete(messages, max_tokens=30), timeout=TIMEOUT_SECONDS)
    except Exception:  # fail safe: the local result stands, help is never hidden by an error
        return set()
    return _parse(answer)


async def support_for(engine, message: str, *, consultation_desk: str = "", eap: str = ""):
    """``support.support_for`` plus the kinds a configured model adds (never fewer)."""
    local = support_module.support_for(message, consultation_desk=consultation_desk, eap=eap)
    if local is not None and local.stops_the_flow:
        return local
    added = await model_kinds(engine, message)
    if not added - set(local.kinds if local else ()):
        return local
    kinds = tuple(kind for kind in KINDS if kind in added or (local is not None and kind in local.kinds))
    combined = support_module.support_of_kinds(kinds, consultation_desk=consultation_desk, eap=eap)
    # a kind the classifier alone found stays tentative unless the model sees it too
    tentative = tuple(kind for kind in (local.tentative if local else ()) if kind not in added)
    return replace(combined, tentative=tentative)
